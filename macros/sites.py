"""Which sites a document counts for: its `site:` (one or a list), « Tous sites », or none written.

The label is given per site (a prefecture and its sub-prefectures): the referential page's coverage
per site and each site's auditor's file count only the documents of that site or of all sites.
"""

from __future__ import annotations

from macros.headers import folded, means_all_sites
from macros.model import Document


def document_sites(document: Document) -> tuple[str, ...]:
    """The sites written in the header, as written (`site: Arles` or `site: [Arles, Istres]`)."""
    value = document.fields.get("site")
    items = value if isinstance(value, list) else [value]
    return tuple(str(item).strip() for item in items if isinstance(item, str) and item.strip())


def counts_for_site(document: Document, site: str) -> bool:
    """A document of `site`, of all sites, or that names no site (then it is the whole organisation's)."""
    sites = document_sites(document)
    return not sites or any(means_all_sites(s) or folded(s) == folded(site) for s in sites)
