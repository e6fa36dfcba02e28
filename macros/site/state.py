"""The site data of the build in progress, shared by the plugin (which computes it) and the macros."""

from __future__ import annotations

from macros.site.site_data import SiteData

_current: SiteData | None = None


def publish(data: SiteData) -> None:
    global _current
    _current = data


def current() -> SiteData:
    if _current is None:
        raise RuntimeError("le plugin `qualite` doit figurer dans `plugins:` de mkdocs.yml, avant `macros`")
    return _current
