"""The header search as agents type: without accents, in the plural, or a whole reference, at once.

Material's search worker is replaced by the tool's (`ressources/recherche.js`, same messages), which
reads the index the build cut into small scripts (`search_shards`) instead of rebuilding lunr in the
browser from the whole index on every page. The theme's page script is pointed at a small file of
settings instead of the whole index (`search/search_index.json` stays, as Material writes it, for
tools and the next build). lunr, its language scripts and word splitters, and the source maps are
not published: nothing uses them any more. A reference stays one word (`PROC-BAAS-001` counts that
document, not every page holding `PROC` or `BAAS`), through a separator that cuts at a hyphen only
when no digit follows in the word; the typographic apostrophe separates words as the straight one.
"""

from __future__ import annotations

import re

from mkdocs.structure.files import File, Files

from macros.resources import shipped
from macros.site.search_shards import CONFIG_JSON, CONFIG_SCRIPT

PIPELINE = ["stopWordFilter"]
# A hyphen separates words unless a digit follows in the same hyphenated word (references, dates).
SEPARATOR = r"[\s,;:!?()\[\]\"'«»/’]+|-(?![A-Za-z0-9_-]*\d)"
OLD_SEPARATOR = r"[\s,;:!?()\[\]\"'«»/]+|-(?![A-Za-z0-9_-]*\d)"  # before the typographic apostrophe
LUNR_FOLDER = "assets/javascripts/lunr/"
_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")
_BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js")
# What the theme's page script loads, from file:// and over HTTP: the settings, not the whole index.
INDEX_ADDRESSES = {'"search/search_index.json"': f'"{CONFIG_JSON}"', '"search/search_index.js"': f'"{CONFIG_SCRIPT}"'}


def configure_search(search_plugin) -> None:
    """Pipeline and separator of the header search, unless the project's mkdocs.yml sets its own."""
    config = search_plugin.config
    if not config.pipeline:
        config.pipeline = list(PIPELINE)
    if not config.separator or config.separator in (r"[\s\-]+", OLD_SEPARATOR):
        config.separator = SEPARATOR


def search_files(files: Files, config) -> None:
    """The tool's search worker in place of Material's, the page script pointed at the settings
    file, and neither lunr nor a source map published."""
    for file in list(files):
        uri = file.src_uri
        if (uri.startswith("assets/") and uri.endswith(".map")) or uri.startswith(LUNR_FOLDER):
            files.remove(file)
        elif _WORKER.fullmatch(uri):
            files.remove(file)
            worker = shipped("recherche.js").read_text(encoding="utf-8")
            files.append(File.generated(config, uri, content=worker))
        elif _BUNDLE.fullmatch(uri):
            text = file.content_string
            for old, new in INDEX_ADDRESSES.items():
                text = text.replace(old, new)
            files.remove(file)
            files.append(File.generated(config, uri, content=text))
