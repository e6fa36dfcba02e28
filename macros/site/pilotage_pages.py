"""Every generated page of the pilotage section, by source URI: one place that composes the views."""

from __future__ import annotations

from macros.site.bilan_views import bilan_index, bilan_page, bilan_src_uri, bilan_years
from macros.site.complaints_views import SRC_URI as COMPLAINTS_SRC_URI
from macros.site.complaints_views import bilan_complaints_html, complaint_years, complaints_page
from macros.site.indicator_views import bilan_indicators_html, indicator_pages, indicator_years
from macros.site.mail_views import mail_page
from macros.site.site_data import SiteData
from macros.site.steering_views import actions_page, audits_page, surveys_page
from macros.site.urls import ACTIONS, AUDITS, BILAN_INDEX, MAIL, SURVEYS


def pilotage_pages(data: SiteData) -> dict[str, str]:
    steering, complaints, today = data.run.steering, data.run.complaints, data.run.today
    pages = {
        ACTIONS: actions_page(data, steering, today),
        AUDITS: audits_page(data, steering),
        SURVEYS: surveys_page(data, steering),
        COMPLAINTS_SRC_URI: complaints_page(data, complaints),
        MAIL: mail_page(data, data.run.mail_tracking),
    }
    pages.update(indicator_pages(data))
    years = bilan_years(data, complaint_years(complaints) | indicator_years(data.run.indicators))
    pages[BILAN_INDEX] = bilan_index(data, years)
    for year in years:
        complaints_html = bilan_complaints_html(complaints, year, today)
        indicators_html = bilan_indicators_html(data, year, bilan_src_uri(year))
        pages[bilan_src_uri(year)] = bilan_page(data, year, indicators_html, complaints_html)
    return pages
