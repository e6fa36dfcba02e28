"""The site map: every page address of the site is spelled here, and only here.

Document pages take their address from the reference, so that renaming or moving a file keeps its
URL. Addresses are MkDocs source URIs (`registre.md`); `page_href` turns them into relative links.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from macros.model import Base, Document
from macros.personal_data import has_personal_data

DOCUMENTS_DIR = "documents"
ATTACHMENTS_DIR = "fichiers"
HOME = "index.md"
REGISTER = "registre.md"
REGISTER_CSV = "registre.csv"
CONTROL = "controle.md"
REFERENTIALS_INDEX = "referentiels/index.md"
DOSSIER_INDEX = "dossier/index.md"
ACTIONS = "pilotage/actions.md"
AUDITS = "pilotage/audits.md"
SURVEYS = "pilotage/enquetes.md"
COMPLAINTS = "pilotage/reclamations.md"
MAIL = "pilotage/courriers.md"
POSTERS_INDEX = "affiches/index.md"
INDICATORS_INDEX = "indicateurs/index.md"
BILAN_INDEX = "bilan/index.md"
FLASH_INFOS_INDEX = "flash-infos/index.md"
FEED = "flash-infos/feed.xml"


def referential_src_uri(referential_code: str) -> str:
    return f"referentiels/{referential_code.lower()}.md"


def dossier_src_uri(referential_code: str, site: str = "") -> str:
    """`dossier/qep.md`, and one per labelled site: `dossier/qep-sous-prefecture-d-arles.md`."""
    return f"dossier/{referential_code.lower()}{'-' + slugify(site) if site else ''}.md"


def indicator_src_uri(reference: str) -> str:
    return f"indicateurs/{slugify(reference)}.md"


def poster_survey_src_uri(year: int) -> str:
    return f"affiches/enquete-{year}.md"


def bilan_src_uri(year: int) -> str:
    return f"bilan/{year}.md"


def slugify(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "document"


@dataclass(frozen=True)
class PageMap:
    """Base path → source URI of its page in the site (`documents/proc-baas-001.md`)."""

    src_uris: dict

    def src_uri(self, document: Document) -> str:
        return self.src_uris[document.path]

    def url_from(self, from_src_uri: str, document: Document) -> str:
        """Relative link (to the `.md` source, as MkDocs wants) from one page to a document's page."""
        return relative_uri(from_src_uri, self.src_uris[document.path])


def relative_uri(from_src_uri: str, to_src_uri: str) -> str:
    """`posixpath.relpath` between two addresses of the site, without its two `abspath` calls (a
    tenth of a second per thousand document pages); any `.`, `..` or `//` goes the slow way."""
    start = from_src_uri.split("/")[:-1]
    target = to_src_uri.split("/")
    if to_src_uri.startswith("/") or any(part in ("", ".", "..") for part in (*start, *target)):
        return posixpath.relpath(to_src_uri, posixpath.dirname(from_src_uri) or ".")
    common = 0
    while common < len(start) and common < len(target) and start[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:]) or "."


def allocate_pages(base: Base) -> PageMap:
    """Give each document a unique page; its reference decides, the path is the fallback.

    Documents with a reference are served first, in path order, so a duplicated reference keeps
    its address for the first file and suffixes `-2`, `-3` for the others.
    """
    taken: set[str] = set()
    uris: dict[str, str] = {}
    # The version in use takes the reference's address; archived versions of it get `-2`, `-3`.
    referenced = sorted((d for d in base.documents if d.reference and not d.yaml_problem), key=base.is_obsolete)
    others = [d for d in base.documents if not (d.reference and not d.yaml_problem)]
    stems = [slugify(d.reference) for d in referenced]
    stems += ["sans-reference/" + _path_stem(d.path) for d in others]
    for document, stem in zip(referenced + others, stems, strict=True):
        candidate, n = stem, 1
        while candidate in taken:
            n += 1
            candidate = f"{stem}-{n}"
        taken.add(candidate)
        uris[document.path] = f"{DOCUMENTS_DIR}/{candidate}.md"
    return PageMap(uris)


def _path_stem(path: str) -> str:
    """A page address from a file name, neutral when the name holds personal data."""
    return "document-" + neutral_id(path) if has_personal_data(path) else slugify(path.rsplit(".", 1)[0])


def page_href(from_src_uri: str, to_src_uri: str) -> str:
    """Relative `href` for raw HTML between pages; the site is built without directory URLs."""
    return relative_uri(_html_name(from_src_uri), _html_name(to_src_uri))


def page_html(src_uri: str) -> str:
    """The published name of a page (`registre.md` → `registre.html`)."""
    return _html_name(src_uri)


def _html_name(src_uri: str) -> str:
    return src_uri[:-3] + ".html" if src_uri.endswith(".md") else src_uri


@lru_cache(maxsize=65536)
def attachment_uri(base_path: str) -> str:
    """Where a non-Markdown file of the base is published: its path kept, under `fichiers/`, unless the
    path holds personal data (a name, a number), then a neutral name that says nothing of it."""
    if has_personal_data(base_path):
        extension = posixpath.splitext(base_path)[1].lower()
        return f"{ATTACHMENTS_DIR}/piece-{neutral_id(base_path)}{extension}"
    return f"{ATTACHMENTS_DIR}/{base_path}"


def neutral_id(path: str) -> str:
    return hashlib.sha256(path.encode("utf-8")).hexdigest()[:10]
