"""What a built site would run that came from content, found with an HTML parser, not a substring.

A page is unsafe when it holds a `<script>` element, an `on*` attribute or a `javascript:`,
`vbscript:` or `data:text/html` URL that the theme did not put there; the search index and the
Atom feed are read the same way, since the theme's search shows titles and texts as HTML.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "srcset"}
_DANGEROUS_URL = re.compile(r"^\s*(?:javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)
_DANGEROUS_ELEMENTS = {"script", "iframe", "object", "embed", "base", "meta", "frame"}
# Elements of the theme's own frame: a `<meta>` of the page head, the theme's scripts.
_THEME_META = {"charset", "name", "http-equiv", "property"}


class _Scanner(HTMLParser):
    def __init__(self, where: str, marker: str) -> None:
        super().__init__(convert_charrefs=True)
        self.where, self.marker, self.problems = where, marker, []
        self._in_script = False

    def _check_attributes(self, tag: str, attrs) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{self.where}: attribut {name} sur <{tag}>")
            if name in URL_ATTRIBUTES and value and _DANGEROUS_URL.match(value):
                self.problems.append(f"{self.where}: URL dangereuse {value[:40]!r} sur <{tag}>")

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        self._check_attributes(tag, attrs)
        if attributes.get("id") == "__config" and tag != "script":
            self.problems.append(f"{self.where}: <{tag} id=__config> venu du contenu")
        if tag == "script":
            self._in_script = "data" if attributes.get("type") == "application/json" else True
            if self.marker in (attributes.get("src") or ""):
                self.problems.append(f"{self.where}: <script src> venu du contenu")
        elif tag == "meta" and not (set(attributes) & _THEME_META):
            self.problems.append(f"{self.where}: <meta> venu du contenu")
        elif tag in _DANGEROUS_ELEMENTS - {"script", "meta"}:
            self.problems.append(f"{self.where}: élément <{tag}>")
        if tag in {"svg", "math", "img"} and self.marker in " ".join(v or "" for v in attributes.values()):
            if any(n.startswith("on") for n in attributes):
                self.problems.append(f"{self.where}: <{tag}> actif")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script == "data":  # never run; it must stay data: JSON that cannot close the element
            if not inert_data(data):
                self.problems.append(f"{self.where}: données de script qui ne sont pas du JSON inerte : {data[:60]!r}")
        elif self._in_script and self.marker in data:
            self.problems.append(f"{self.where}: <script> venu du contenu : {data.strip()[:60]!r}")


def inert_data(text: str) -> bool:
    """A `<script type="application/json">`'s text: valid JSON with no `<` that could end the element."""
    try:
        json.loads(text)
    except ValueError:
        return False
    return "<" not in text


def unsafe_html(html: str, where: str, marker: str) -> list[str]:
    scanner = _Scanner(where, marker)
    scanner.feed(html)
    scanner.close()
    return scanner.problems


def unsafe_in_site(site: Path, marker: str) -> list[str]:
    """Every problem in the site's pages, search index and Atom feeds."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        problems += unsafe_html(page.read_text(encoding="utf-8", errors="replace"), str(page.relative_to(site)), marker)
    index = site / "search" / "search_index.json"
    if index.exists():
        for entry in json.loads(index.read_text(encoding="utf-8"))["docs"]:
            for key in ("title", "text"):
                problems += unsafe_html(entry.get(key) or "", f"search_index.json {entry['location']} {key}", marker)
    for feed in sorted(site.rglob("*.xml")):
        try:
            root = ElementTree.fromstring(feed.read_bytes())
        except ElementTree.ParseError as error:
            problems.append(f"{feed.relative_to(site)}: XML mal formé ({error})")
            continue
        for element in root.iter():
            if element.tag.endswith("}content") and element.get("type") == "html":
                problems += unsafe_html(element.text or "", str(feed.relative_to(site)), marker)
    return problems
