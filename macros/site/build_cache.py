"""The build cache: a second build writes again only the document pages whose inputs changed.

It lives in `.cache/qualite/` beside mkdocs.yml, one small JSON manifest per site folder; deleting
it is always safe (the next build is then complete). A document page's key hashes what its HTML is
made of: the tool's own files and its libraries' versions, the site's settings and navigation (the
frame every page shares), the body as sent to Markdown with the references it names, and the head
and record of the page as composed for this build (so a changed referential, setting, finding or
linked document changes the key of exactly the pages that show it). A page whose key is unchanged
and whose file is still in the site is not written again; its search entries are read back from
the site's previous index. Files of the previous build that this one no longer makes are removed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path

FOLDER = Path(".cache") / "qualite"
FORMAT = 1
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_INDEX_BYTES = 512 * 1024 * 1024  # the previous search index read back (33 MB at 10,000 long documents)
LIBRARIES = ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "markdown", "pymdown-extensions", "nh3", "pyyaml")
_PACKAGE = Path(__file__).resolve().parent.parent


def digest(*parts: str | bytes) -> str:
    """One hex digest of several texts, none of which can be mistaken for the end of another."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "little"))
        hashed.update(data)
    return hashed.hexdigest()


@lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """The tool's own files (code, theme, scripts, pages) and the versions of the libraries it drives."""
    parts = []
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            parts += [path.relative_to(_PACKAGE).as_posix(), path.read_bytes()]
    for name in LIBRARIES:
        try:
            parts += [name, metadata.version(name)]
        except metadata.PackageNotFoundError:
            parts += [name, "-"]
    return digest(*parts)


def settings_fingerprint(
    config, edition: str, nav_sources: Iterable[tuple[str, bytes]], scratch: str | None = None
) -> str:
    """What every page's frame is made of: the MkDocs settings as the plugins left them, the edition,
    the navigation's pages (their titles come from their text) and the tool. `scratch`: this build's
    own temporary folder, whose name changes every time (what is in it comes from the tool)."""
    settings = {
        key: config.get(key)
        for key in (
            "site_name", "site_description", "site_author", "site_url", "repo_url", "repo_name", "edit_uri",
            "copyright", "extra", "extra_css", "extra_javascript", "markdown_extensions", "mdx_configs",
            "use_directory_urls", "nav", "docs_dir",
        )
    }  # fmt: skip
    theme = {key: config.theme.get(key) for key in config.theme}
    dirs = sorted(d for d in config.theme.dirs if not (scratch and d.startswith(scratch)))
    text = json.dumps([settings, theme, dirs], sort_keys=True, default=str, ensure_ascii=False)
    sources = [part for src_uri, data in nav_sources for part in (src_uri, data)]
    return digest(tool_fingerprint(), edition, text, *sources)


class BuildCache:
    """The manifest of the last build into one site folder: each document page's key, and the files made."""

    def __init__(self, project_root: Path, site_dir: Path, edition: str) -> None:
        self.site_dir = site_dir.resolve()
        name = digest(str(self.site_dir), edition)[:16]
        self.path = project_root / FOLDER / f"construction-{name}.json"
        self.settings: str | None = None
        self.pages: dict[str, str] = {}
        self.made: list[str] = []
        self.sources: dict[str, list] = {}  # a copied file's source as it was: [size, modification time]

    def read(self) -> bool:
        """The previous manifest of this folder, if it is there and readable; `settings` says what
        it was made with (a page is only kept when the settings are the same)."""
        try:
            if self.path.is_symlink() or self.path.stat().st_size > MAX_MANIFEST_BYTES:
                return False
            manifest = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            return False
        pages, made, settings = manifest.get("pages"), manifest.get("fichiers"), manifest.get("reglages")
        if not isinstance(pages, dict) or not isinstance(made, list) or not isinstance(settings, str):
            return False
        self.settings = settings
        self.pages = {k: v for k, v in pages.items() if isinstance(k, str) and isinstance(v, str)}
        self.made = [uri for uri in made if isinstance(uri, str)]
        sources = manifest.get("sources")
        self.sources = sources if isinstance(sources, dict) else {}
        return True

    def unchanged(self, src_uri: str, dest_uri: str, key: str) -> bool:
        return self.pages.get(src_uri) == key and (self.site_dir / dest_uri).is_file()

    def copy_needed(self, dest_uri: str, source: str | None) -> bool:
        """A copied file (attachment, image, theme asset) is copied again unless its source is the
        same size and date as when it was last copied and the copy is still there: an older version
        put back (an archive unpacked, a backup restored) is copied too, unlike MkDocs' own test."""
        if source is None:
            return True
        try:
            stat = os.stat(source)
        except OSError:
            return True
        return (
            self.sources.get(dest_uri) != [stat.st_size, stat.st_mtime_ns] or not (self.site_dir / dest_uri).is_file()
        )

    def save(self, settings: str, pages: dict[str, str], made: list[str], sources: dict[str, list]) -> None:
        """Written beside the last one then renamed: an interrupted build leaves the old manifest or none."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        scratch = self.path.with_suffix(".tmp")
        manifest = {
            "format": FORMAT, "reglages": settings, "pages": pages, "fichiers": sorted(made), "sources": sources,
        }  # fmt: skip
        scratch.write_text(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(scratch, self.path)

    def forget(self) -> None:
        """A build that failed leaves no manifest: the next one starts from a clean folder."""
        try:
            self.path.unlink()
        except OSError:
            pass

    def remove_stale(self, made_now: set[str]) -> int:
        """Files the previous build made and this one does not (a deleted document, attachment, post)."""
        removed = 0
        for uri in self.made:
            if uri in made_now:
                continue
            target = self.site_dir / uri
            try:
                inside = target.resolve(strict=False).is_relative_to(self.site_dir)
                if inside and target.is_file() and not target.is_symlink():
                    target.unlink()
                    removed += 1
            except (OSError, ValueError):
                continue
        return removed


def source_stats(files) -> dict[str, list]:
    """The sources of the copied files of a build, as `copy_needed` compares them next time."""
    stats = {}
    for file in files:
        if not file.is_documentation_page() and file.abs_src_path is not None:
            try:
                stat = os.stat(file.abs_src_path)
            except OSError:
                continue
            stats[file.dest_uri] = [stat.st_size, stat.st_mtime_ns]
    return stats


def title_part(data: bytes) -> bytes:
    """What a generated page gives the navigation: its header and its first `# ` heading, not the
    figures below it (a register's page changes with every document, its title does not)."""
    text = data[:65536]
    heading = text.find(b"\n# ")
    if text.startswith(b"# "):
        heading = 0
    if heading < 0:
        return text
    end = text.find(b"\n", heading + 1)
    return text if end < 0 else text[:end]


def previous_search_entries(site_dir: Path, pages: set[str]) -> dict[str, list[str]]:
    """The entries of `pages` (their addresses) in the site's last search index, as JSON texts."""
    path = site_dir / "search" / "search_index.json"
    try:
        if path.is_symlink() or path.stat().st_size > MAX_INDEX_BYTES:
            return {}
        docs = json.loads(path.read_text(encoding="utf-8")).get("docs", [])
    except (OSError, ValueError, AttributeError):
        return {}
    entries: dict[str, list[str]] = {}
    for entry in docs:
        if isinstance(entry, dict) and isinstance(entry.get("location"), str):
            page = entry["location"].partition("#")[0]
            if page in pages:
                entries.setdefault(page, []).append(json.dumps(entry, separators=(",", ":"), default=str))
    return entries
