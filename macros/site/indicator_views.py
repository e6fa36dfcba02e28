"""Pages of the monthly indicators: an overview for the COPIL, one page per indicator, the yearly review's part.

Read-only views of `macros.indicators`: a month that misses its target is marked in text (not only in
colour), a month without a value is shown as missing, never as zero.
"""

from __future__ import annotations

from urllib.parse import quote

from macros.dates import format_date
from macros.french import plural
from macros.indicators import (
    MINIMUM,
    Indicator,
    Indicators,
    Month,
    meets_target,
    month_label,
    site_year,
    target_text,
    value_text,
)
from macros.model import Document
from macros.site.html import escape, markdown_escape, message_html, severity_badge, table
from macros.site.site_data import SiteData
from macros.site.svg_chart import MISSED, Chart, line_chart
from macros.site.urls import INDICATORS_INDEX, MAIL, attachment_uri, page_href
from macros.site.urls import indicator_src_uri as page_of_indicator

INDEX_SRC_URI = INDICATORS_INDEX
GAP_ROW = ' class="qd-gap"'  # the class of steering_views' rows under a threshold
MISSING_CELL = '<td class="qd-missing"><span aria-hidden="true">—</span><span class="qd-sr">manquant</span></td>'
MISSED_BADGE = f'<span class="qd-badge qd-warning">{MISSED}</span>'


def indicator_src_uri(indicator: Indicator) -> str:
    return page_of_indicator(indicator.reference)


def indicators_of(data: SiteData) -> Indicators:
    return data.run.indicators


def indicator_pages(data: SiteData) -> dict[str, str]:
    """The overview and one page per indicator, by source URI."""
    indicators = indicators_of(data)
    pages = {INDEX_SRC_URI: overview_page(data, indicators)}
    for indicator in indicators.items:
        pages[indicator_src_uri(indicator)] = indicator_page(data, indicator)
    return pages


def _link(from_src_uri: str, indicator: Indicator, text: str | None = None) -> str:
    href = page_href(from_src_uri, indicator_src_uri(indicator))
    return f'<a href="{escape(href)}">{escape(text or indicator.reference)}</a>'


def _result_badge(met: bool) -> str:
    if met:
        return '<span class="qd-badge qd-ok">atteint</span>'
    return '<span class="qd-badge qd-error">non atteint</span>'


def overview_page(data: SiteData, indicators: Indicators) -> str:
    rows, missed = [], 0
    for indicator in indicators.items:
        sites = [s for s in indicator.series if indicator.series[s]]
        head = (
            f"<td>{_link(INDEX_SRC_URI, indicator)}<br>{escape(indicator.libelle)}</td>"
            f"<td>{escape(indicator.unite)}</td><td>{escape(target_text(indicator))}</td>"
        )
        if not sites:
            rows.append(f'<tr>{head}<td colspan="4">aucune valeur dans le fichier</td></tr>')
            continue
        for site in sites:
            month, value = indicator.latest(site)
            met = meets_target(indicator, value)
            missed += not met
            rows.append(
                f"<tr{'' if met else GAP_ROW}>{head}<td>{escape(site)}</td><td>{month_label(month)}</td>"
                f"<td>{escape(value_text(indicator, value))}</td><td>{_result_badge(met)}</td></tr>"
            )
    overview = (
        table(
            ("Indicateur", "Unité", "Cible", "Site", "Dernier mois", "Dernière valeur", "Résultat"),
            rows,
            css_class="qd-indicators",
            caption="Dernière valeur de chaque indicateur par site",
        )
        if rows
        else "<p>Aucun indicateur : ajoutez un bloc <code>indicateur:</code> à une fiche indicateur (voir README).</p>"
    )
    return "\n".join(
        [
            "# Indicateurs",
            "",
            f'<p class="qd-summary">{plural(len(indicators.items), "indicateur suivi", "indicateurs suivis")} au '
            f"{format_date(data.run.today)} : dernière valeur connue de chaque site comparée à sa cible, "
            f"<strong>{plural(missed, 'non atteinte', 'non atteintes')}</strong>. Le détail mois par mois est sur "
            "la page de chaque "
            "indicateur.</p>",
            "",
            overview,
            "",
        ]
    )


def indicator_page(data: SiteData, indicator: Indicator) -> str:
    src_uri = indicator_src_uri(indicator)
    months = indicator.months
    title = f"{markdown_escape(indicator.reference)} — {markdown_escape(indicator.libelle)}"
    out = [f"# {title}", "", _definition(data, indicator, src_uri), "", "## Évolution mensuelle {#evolution}", ""]
    if not months:
        empty = (
            "Aucun envoi dans le tableau de suivi pour ce calcul."
            if indicator.calcul
            else "Aucune valeur dans le fichier."
        )
        out += [f"<p>{empty}</p>", ""]
    else:
        out += [
            '<figure class="qd-chart"><div class="qd-chart-scroll" role="region" tabindex="0" '
            f'aria-label="Graphique de {escape(indicator.reference)}">{_chart(indicator, months)}</div></figure>',
            "",
        ]
        out += ["## Valeurs mensuelles {#valeurs}", "", _values_table(indicator, months), ""]
    set_aside = data.findings_by_path.get(indicator.csv_path, [])
    if set_aside:
        items = "".join(
            f"<li>{severity_badge(f.severity)} <code>{escape(f.code)}</code> {message_html(f.message)}"
            + (f" <small>(ligne {f.line})</small>" if f.line else "")
            + "</li>"
            for f in set_aside
        )
        out += [
            "## Valeurs écartées {#valeurs-ecartees}",
            "",
            f'<section class="qd-findings" aria-label="Valeurs écartées du fichier"><ul>{items}</ul></section>',
            "",
        ]
    return "\n".join(out)


def _definition(data: SiteData, indicator: Indicator, src_uri: str) -> str:
    document = indicator.document
    fiche = page_href(src_uri, data.pages.src_uri(document))
    direction = (
        "la valeur doit atteindre la cible" if indicator.sens == MINIMUM else "la valeur ne doit pas dépasser la cible"
    )
    csv_cell = f"<code>{escape(indicator.csv_path)}</code>"
    if indicator.calcul:
        href = page_href(src_uri, MAIL)
        csv_cell = f'calculées à partir du <a href="{escape(href)}">suivi des courriers et courriels</a>'
    elif indicator.csv_path in data.attachment_set:
        href = page_href(src_uri, attachment_uri(quote(indicator.csv_path)))
        csv_cell = f'<a href="{escape(href)}">{csv_cell}</a>'
    rows = [
        ("Libellé", escape(indicator.libelle)),
        ("Unité", escape(indicator.unite)),
        ("Cible", f"{escape(target_text(indicator))} ({direction})"),
        ("Formule", escape(indicator.formule)),
        ("Source", escape(indicator.source)),
        ("Fiche indicateur", f'<a href="{escape(fiche)}">{escape(document.display_name)}</a>'),
        ("Valeurs mensuelles", csv_cell),
    ]
    body = "".join(f'<tr><th scope="row">{label}</th><td>{value or "—"}</td></tr>' for label, value in rows)
    return (
        '<div class="qd-table-wrap" role="region" tabindex="0" aria-label="Définition de l\'indicateur">'
        '<table class="qd-cartouche qd-indicator-definition"><caption>Définition de l\'indicateur</caption>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _chart(indicator: Indicator, months: list[Month]) -> str:
    sites = list(indicator.series)
    series = {site: [indicator.series[site].get(m) for m in months] for site in sites}
    values = [v for line in series.values() for v in line if v is not None]
    missed = sum(1 for v in values if not meets_target(indicator, v))
    missing = sum(1 for line in series.values() for v in line if v is None)
    label = (
        f"Graphique : {indicator.libelle}, valeurs mensuelles de {month_label(months[0])} à "
        f"{month_label(months[-1])}, {plural(len(sites), 'série')}, cible {target_text(indicator)} ; "
        f"{plural(missed, 'valeur')} sous la cible, {plural(missing, 'valeur manquante', 'valeurs manquantes')}. "
        "Les valeurs figurent dans le tableau qui suit."
    )
    chart = Chart(
        label=label,
        x_labels=[f"{m:02d}/{y}" for y, m in months],
        series=series,
        target=indicator.cible,
        target_label=f"cible {target_text(indicator)}",
        unit=indicator.unite,
        misses=lambda value: not meets_target(indicator, value),
        value_text=lambda value: value_text(indicator, value),
        bounds=(0.0, 100.0) if indicator.is_percent else (0.0, None),
    )
    return line_chart(chart)


def _values_table(indicator: Indicator, months: list[Month]) -> str:
    sites = list(indicator.series)
    rows = []
    missed_total = missing_total = 0
    for month in months:
        cells = []
        for site in sites:
            value = indicator.series[site].get(month)
            if value is None:
                missing_total += 1
                cells.append(MISSING_CELL)
                continue
            met = meets_target(indicator, value)
            missed_total += not met
            text = escape(value_text(indicator, value))
            # Only the cell that misses the target is marked, not the month's whole row.
            cells.append(f"<td>{text}</td>" if met else f'<td class="qd-gap">{text} {MISSED_BADGE}</td>')
        rows.append(f'<tr><th scope="row">{month_label(month)}</th>{"".join(cells)}</tr>')
    summary = (
        f'<p class="qd-summary">{len(months)} mois, {plural(missed_total, "valeur")} où la cible '
        f"{escape(target_text(indicator))} n'est pas atteinte, "
        f"{plural(missing_total, 'valeur manquante', 'valeurs manquantes')}.</p>"
    )
    return summary + table(
        ("Mois", *sites),
        rows,
        css_class="qd-indicator-values",
        caption=f"Valeurs mensuelles — cible {target_text(indicator)}",
    )


def indicator_link(data: SiteData, document: Document) -> str:
    """On a fiche indicateur's page: the way to its values and chart."""
    link = values_link(data, document, data.pages.src_uri(document), "Valeurs mensuelles et graphique de l'indicateur")
    return f'<p class="qd-indicator-link">{link}</p>' if link else ""


def values_link(data: SiteData, document: Document, from_src_uri: str, text: str) -> str:
    """A link from any page to the values page of the indicator `document` defines, or "" if none."""
    indicator = next((i for i in indicators_of(data).items if i.document.path == document.path), None)
    return _link(from_src_uri, indicator, text) if indicator else ""


def indicator_years(indicators: Indicators | None) -> set[int]:
    return indicators.years if indicators else set()


def bilan_indicators_html(data: SiteData, year: int, from_src_uri: str) -> str:
    """The yearly review's indicator section: per indicator and site, the year's values against the target."""
    rows = []
    for indicator in indicators_of(data).items:
        for site in indicator.series:
            summary = site_year(indicator, site, year)
            if not summary.months:
                continue
            average, last = summary.average, summary.last
            if average is None:
                average_cell, result, row_class = "—", "aucune valeur", ""
            else:
                met = meets_target(indicator, average)
                average_cell = escape(value_text(indicator, round(average, 1)))
                result, row_class = _result_badge(met), "" if met else GAP_ROW
            last_cell = f"{escape(value_text(indicator, last[1]))} ({month_label(last[0])})" if last else "—"
            rows.append(
                f"<tr{row_class}><td>{_link(from_src_uri, indicator)}<br>{escape(indicator.libelle)}</td>"
                f"<td>{escape(site)}</td><td>{escape(target_text(indicator))}</td><td>{average_cell}</td>"
                f"<td>{last_cell}</td><td>{summary.missed}</td><td>{summary.missing}</td><td>{result}</td></tr>"
            )
    if not rows:
        return "<p>Aucune valeur d'indicateur cette année.</p>"
    columns = ("Indicateur", "Site", "Cible", "Moyenne des mois", "Dernière valeur", "Mois cible non atteinte")
    columns += ("Mois manquants", "Résultat (moyenne)")
    return table(columns, rows, css_class="qd-indicators", caption=f"Indicateurs de l'année {year}")
