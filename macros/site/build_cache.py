"""The build cache: a second build writes again only the pages whose inputs changed.

It lives in `.cache/qualite/` beside mkdocs.yml, one small JSON manifest per site folder; deleting
it is always safe (the next build is then complete). A document page's key hashes what its HTML is
made of: the tool's own files and its libraries' versions, the site's settings and navigation (the
frame every page shares), the body as sent to Markdown with the references it names, and the head
and record of the page as composed for this build (so a changed referential, setting, finding or
linked document changes the key of exactly the pages that show it); a page made from the records,
its text. A page whose key is unchanged and whose file is as the last build left it is not written
again; its search entries are read back from the site's previous index. What a complete build
would not leave in the folder is removed.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from macros.own_files import CACHE_FOLDER, open_own_file, own_folder
from macros.site.search_index import DOCS_START, SEARCH_INDEX
from macros.tool_version import digest, tool_fingerprint

FORMAT = 1
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_INDEX_BYTES = 512 * 1024 * 1024  # the previous search index read back (92 MB at 10,000 long documents)
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def settings_fingerprint(
    config, edition: str, nav_sources: Iterable[tuple[str, bytes]], scratch: str | None = None
) -> str:
    """What every page's frame is made of: the MkDocs settings as the plugins left them (theme and
    plugins' own settings included), the edition, the navigation's pages (their titles come from
    their text), the project's own templates and hooks, and the tool. `scratch`: this build's own
    temporary folder, whose name changes every time (what is in it comes from the tool)."""
    settings = {
        key: config.get(key)
        for key in (
            "site_name", "site_description", "site_author", "site_url", "repo_url", "repo_name", "edit_uri",
            "copyright", "extra", "extra_css", "extra_javascript", "extra_templates", "markdown_extensions",
            "mdx_configs", "use_directory_urls", "nav", "docs_dir", "hooks", "exclude_docs", "not_in_nav",
            "draft_docs", "validation",
        )
    }  # fmt: skip
    theme = {key: config.theme.get(key) for key in config.theme}
    plugins = [(name, dict(plugin.config)) for name, plugin in config.plugins.items()]
    text = json.dumps([settings, theme, sorted(config.theme.dirs), plugins], sort_keys=True, default=str)
    text = _ADDRESS.sub("", text)  # a function in the settings (a slugify) is written with its memory address
    if scratch:
        text = text.replace(json.dumps(scratch)[1:-1], "<scratch>")
    sources = [part for src_uri, data in nav_sources for part in (src_uri, data)]
    return digest(tool_fingerprint(), edition, text, *_project_code(config), *sources)


def _project_code(config) -> list[str | bytes]:
    """The project's own templates (`custom_dir`) and hook scripts: they shape pages too."""
    parts: list[str | bytes] = []
    folders = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
    files = [Path(hook) for hook in (config.get("hooks") or [])]
    for folder in folders:
        files += sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    for path in files:
        try:
            parts += [str(path), path.read_bytes()]
        except OSError:
            parts += [str(path), "-"]
    return parts


def _stat(path: Path) -> list[int] | None:
    """Size, modification and change times: a file put back with its old date has a new change time."""
    try:
        stat = path.lstat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


def _inside(site_dir: Path, uri: str) -> Path | None:
    """`uri` in the site folder, never through a symbolic link nor out of it (a manifest is only data)."""
    if not uri or "\0" in uri or Path(uri).is_absolute():
        return None
    target = site_dir
    for part in Path(uri).parts:
        if part in ("..", ".", ""):
            return None
        if target != site_dir and target.is_symlink():
            return None
        target = target / part
    return target


def _listing(site_dir: Path) -> tuple[dict[str, list[int]], list[Path]]:
    """Every file of the site folder with its `_stat`, and apart the symbolic links, to files or
    folders: a complete build leaves none, and a build writing into a linked folder would write
    outside the site."""
    files, links = {}, []
    for folder, folders, names in os.walk(site_dir):
        for name in [*folders, *names]:
            path = Path(folder) / name
            if path.is_symlink():
                links.append(path)
            elif name in names:
                files[path.relative_to(site_dir).as_posix()] = _stat(path)
    return files, links


class BuildCache:
    """The manifest of the last build into one site folder: each page's key, the files the build made
    (`made`, MkDocs' files) and every file it left in the folder (`outputs`), with their sizes and
    dates, and the sources of the files it copied."""

    def __init__(self, project_root: Path, site_dir: Path) -> None:
        self.site_dir = site_dir.resolve()
        self.folder = project_root / CACHE_FOLDER
        self.path = self.folder / f"construction-{digest(str(self.site_dir))[:16]}.json"
        self.settings: str | None = None
        self.pages: dict[str, str] = {}
        self.made: list[str] = []
        self.outputs: dict[str, list] = {}
        self.sources: dict[str, list] = {}
        self.titles: dict[str, str] = {}  # the navigation's pages: a page not read again keeps its title

    def read(self) -> bool:
        """The previous manifest of this folder, if it is there and readable, then taken away: until
        this build ends well and writes its own, the folder is not known (an interrupted build
        leaves none, and the next one starts from an empty folder)."""
        manifest_file = open_own_file(self.path) if self._usable() else None
        if manifest_file is None:
            return False
        try:
            with manifest_file:
                if os.fstat(manifest_file.fileno()).st_size > MAX_MANIFEST_BYTES:
                    return False
                manifest = json.loads(manifest_file.read().decode("utf-8"))
            self.path.unlink()
        except Exception:  # noqa: BLE001 — whatever is wrong with it, the build starts afresh
            return False
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            return False
        settings = manifest.get("reglages")
        pages, made = manifest.get("pages"), manifest.get("fichiers")
        outputs, sources = manifest.get("sorties"), manifest.get("sources")
        if not all(isinstance(v, dict) for v in (pages, outputs, sources)) or not isinstance(made, list):
            return False
        if not isinstance(settings, str):
            return False
        self.settings = settings
        self.pages = {k: v for k, v in pages.items() if isinstance(k, str) and isinstance(v, str)}
        self.made = [uri for uri in made if isinstance(uri, str)]
        self.outputs, self.sources = outputs, sources
        titles = manifest.get("titres")
        if isinstance(titles, dict):
            self.titles = {k: v for k, v in titles.items() if isinstance(k, str) and isinstance(v, str)}
        return True

    def _usable(self) -> bool:
        """No symbolic link on the way to the manifest: it is never read or written elsewhere."""
        return not any(p.is_symlink() for p in (self.folder.parent, self.folder, self.path))

    def unchanged(self, src_uri: str, dest_uri: str, key: str) -> bool:
        """A page of the same key whose file is the one the last build left (not edited, not cut)."""
        if self.pages.get(src_uri) != key:
            return False
        return self.intact(dest_uri)

    def intact(self, uri: str) -> bool:
        """A file of the folder as the last build left it."""
        target = _inside(self.site_dir, uri)
        if target is None or target.is_symlink():
            return False
        stat = _stat(target)
        return stat is not None and self.outputs.get(uri) == stat

    def copy_needed(self, dest_uri: str, source: str | None) -> bool:
        """A copied file (attachment, image, theme asset) is copied again unless its source and its
        copy are as they were: an older version put back (an archive unpacked, a backup restored)
        has a new change time, and is copied too, unlike by MkDocs' own test."""
        if source is None:
            return True
        stat = _stat(Path(source))
        return stat is None or self.sources.get(dest_uri) != stat or not self.intact(dest_uri)

    def tidy(self, made_now: set[str]) -> int:
        """What a complete build would not leave: the files of the last build this one does not make
        (a deleted document, attachment, post), the files put there since by anyone else, and the
        folders left empty."""
        removed = 0
        present, links = _listing(self.site_dir)
        doomed = [uri for uri in self.made if uri not in made_now]
        doomed += [uri for uri in present if uri not in self.outputs]
        for uri in dict.fromkeys(doomed):
            target = _inside(self.site_dir, uri)
            try:
                if target is not None and (target.is_symlink() or target.is_file()):
                    target.unlink()
                    removed += 1
            except OSError:
                continue
        for link in links:
            try:
                link.unlink()  # the link only, never what it points to
                removed += 1
            except OSError:
                continue
        for folder, _, _ in sorted(os.walk(self.site_dir), key=lambda entry: -len(entry[0])):
            path = Path(folder)
            try:
                if path != self.site_dir and not path.is_symlink() and not any(path.iterdir()):
                    path.rmdir()
            except OSError:
                continue
        return removed

    def save(
        self, settings: str, pages: dict[str, str], made: list[str], sources: dict[str, list], titles: dict
    ) -> bool:
        """Written beside the last one then renamed: an interrupted build leaves none. False when the
        project folder cannot hold it (read-only, `.cache` not a folder): the build is not failed."""
        manifest = {
            "format": FORMAT,
            "reglages": settings,
            "pages": pages,
            "fichiers": sorted(made),
            "sorties": _listing(self.site_dir)[0],
            "sources": sources,
            "titres": titles,
        }
        if not self._usable() or not own_folder(self.folder):  # never through a link, nor into another's folder
            return False
        try:
            handle, scratch = tempfile.mkstemp(dir=self.folder, prefix=".construction-", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(manifest, out, ensure_ascii=False, separators=(",", ":"))
            os.replace(scratch, self.path)
        except OSError:
            return False
        return True

    def forget(self) -> None:
        """A build that failed leaves no manifest: the next one starts from a clean folder."""
        try:
            if self._usable():
                self.path.unlink()
        except OSError:
            pass


def source_stats(files) -> dict[str, list]:
    """The sources of the copied files of a build, as `copy_needed` compares them next time."""
    stats = {}
    for file in files:
        if not file.is_documentation_page() and file.abs_src_path is not None:
            stat = _stat(Path(file.abs_src_path))
            if stat is not None:
                stats[file.dest_uri] = stat
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


def previous_search_entries(site_dir: Path, pages: set[str]) -> dict[str, list[str]] | None:
    """The entries of `pages` (their addresses) in the site's last search index, as the JSON texts it
    holds (cut out, not decoded and encoded again); None when that index is missing or unreadable
    (every page is then written again)."""
    index = open_own_file(site_dir / SEARCH_INDEX)
    if index is None:
        return None
    try:
        with index:
            if os.fstat(index.fileno()).st_size > MAX_INDEX_BYTES:
                return None
            text = index.read().decode("utf-8")
        return _entries_of(text, pages)
    except Exception:  # noqa: BLE001 — damaged in any way: not used
        return None


def _entries_of(text: str, pages: set[str]) -> dict[str, list[str]] | None:
    start = text.find(DOCS_START)
    if start < 0:
        return None
    decoder, position = json.JSONDecoder(), start + len(DOCS_START)
    entries: dict[str, list[str]] = {}
    while text[position] != "]":
        entry, end = decoder.raw_decode(text, position)
        if not isinstance(entry, dict) or not isinstance(entry.get("location"), str):
            return None
        page = entry["location"].partition("#")[0]
        if page in pages:
            entries.setdefault(page, []).append(text[position:end])
        position = end + 1 if text[end] == "," else end
    return entries if text[position:].strip() == "]}" else None
