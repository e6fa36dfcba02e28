"""Every generated page of the pilotage section, by source URI: one place that composes the views."""

from __future__ import annotations

from macros.site.bilan_views import bilan_index, bilan_page, bilan_src_uri, bilan_years
from macros.site.site_data import SiteData
from macros.site.steering_views import actions_page, audits_page, surveys_page


def pilotage_pages(data: SiteData) -> dict[str, str]:
    steering, today = data.run.steering, data.run.today
    pages = {
        "pilotage/actions.md": actions_page(data, steering, today),
        "pilotage/audits.md": audits_page(data, steering),
        "pilotage/enquetes.md": surveys_page(data, steering),
    }
    years = bilan_years(data, set())
    pages["bilan/index.md"] = bilan_index(data, years)
    for year in years:
        pages[bilan_src_uri(year)] = bilan_page(data, year, "<p>Aucun indicateur.</p>", "<p>Aucune donnée.</p>")
    return pages
