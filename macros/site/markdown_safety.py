"""A Python-Markdown extension that keeps every page's element tree harmless before the table of contents is made.

The theme writes the table of contents, the skip link and the navigation from the Markdown's own
tree, not from the cleaned HTML: an `attr_list` such as `{: id='x" onfocus="…"'}` in a heading, or a
`[lien](javascript:…)` in a value written into a generated page's heading, would reach the page
live. This extension runs on every converter of the site (document pages, pages of `docs/`, the
blog's posts, excerpts and category pages), after `attr_list` and before `toc`: identifiers are
reduced to plain characters (never the theme's own `__config`), event handlers and styles are
dropped, and links that would run code lose their address.
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

# What a link that would run code points to instead; the sanitizer drops it from document pages.
NEUTRAL_URL = "#lien-neutralise"
ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_UNSAFE_ID = re.compile(r"[^\w.-]+")
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "poster", "background", "srcset"})
_DROPPED = frozenset({"style", "srcdoc", "autofocus", "tabindex", "accesskey", "form"})
_RUNNABLE_URL = re.compile(r"^[\s\x00-\x1f]*(?:j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t|vbscript|data)\s*:", re.I)


def safe_id(value: str) -> str:
    """An identifier made only of letters, digits, `-`, `_` and `.`, never starting with `_` (the
    theme's own identifiers, `__config` among them, all do)."""
    return _UNSAFE_ID.sub("-", value).lstrip("_-.")


def runnable_url(value: str) -> bool:
    return bool(_RUNNABLE_URL.match(value))


class _HarmlessTree(Treeprocessor):
    def run(self, root):
        for element in root.iter():
            for name in list(element.attrib):
                lowered = name.lower()
                value = element.attrib[name]
                if lowered.startswith("on") or lowered in _DROPPED:
                    del element.attrib[name]
                elif lowered == "id":
                    cleaned = safe_id(value)
                    if cleaned:
                        element.set("id", cleaned)
                    else:
                        del element.attrib[name]
                elif lowered in _URL_ATTRIBUTES and runnable_url(value):
                    element.set(name, NEUTRAL_URL)  # MkDocs' own link pass expects an address
        return None


class MarkdownSafety(Extension):
    """`markdown_extensions` entry added by the `qualite` plugin to every converter of the site."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        # CommonMark lets any ASCII punctuation be escaped (`\<texte\>`); Python-Markdown only a few.
        md.ESCAPED_CHARS = list(dict.fromkeys([*md.ESCAPED_CHARS, *ASCII_PUNCTUATION]))
        # attr_list runs at priority 8, toc at 5: in between, the tree toc reads is already harmless.
        md.treeprocessors.register(_HarmlessTree(md), "qualite_safety", 6)


def makeExtension(**kwargs) -> MarkdownSafety:  # noqa: N802 (the name Python-Markdown looks for)
    return MarkdownSafety(**kwargs)
