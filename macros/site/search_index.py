"""Search entries of document pages, cut from HTML we generated ourselves: no general HTML parser.

Material's search plugin parses every page with `html.parser`, which took a third of the build
of a 2,000-document base. Document pages have a known shape (cartouche, then the body), so a few
regular expressions give the same entries: one for the page, one per heading with an id.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from material.plugins.search.plugin import SearchIndex

from macros.site.search_shards import BLOCK, SearchShards

SEARCH_INDEX = "search/search_index.json"  # in the site folder, as Material writes it
DOCS_START = '"docs":['  # where the entries begin in the index as `generate_search_index` writes it
BODY_MARKER = '<div class="qd-body">'
BODY_END = "<!--qd-body-end-->"  # the record after the text (cartouche, history) is not searched
_HEADING = re.compile(r'<h([1-6])[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
# Permalinks, tags and white space, in one pass: each run of them becomes one space.
_NOT_TEXT = re.compile(r'(?:<a class="headerlink"[^>]*>.*?</a>|<[^>]*>|\s)+', re.DOTALL)


def _plain(html: str) -> str:
    return _NOT_TEXT.sub(" ", html).strip()


def document_sections(page_title: str, body_html: str) -> list[tuple[str | None, str, str]]:
    """(anchor or None, title, text) for the part before the first heading and each heading's part."""
    sections = []
    position, anchor, title = 0, None, page_title
    for match in _HEADING.finditer(body_html):
        sections.append((anchor, title, _plain(body_html[position : match.start()])))
        anchor, title, position = match.group(2), _plain(match.group(3)), match.end()
    sections.append((anchor, title, _plain(body_html[position:])))
    return [s for s in sections if s[1] or s[2]]


class DocumentAwareSearchIndex(SearchIndex):
    """Material's index, with the fast path for our document pages, whose entries are kept already
    written as JSON: as dictionaries of strings, 10,000 documents' entries held a hundred MB until the
    index was written. `entries` mixes Material's dictionaries and our (page, JSON) pairs, in page order.

    For `build`, the JSON of our entries waits in a temporary file rather than in memory, and with
    `target` set the index is written to disk piece by piece (`finish` puts it in place after the
    theme wrote its own empty one): the build never holds the whole index, nor its UTF-8 bytes."""

    kept_for_next_build = True  # `serve --dirty` merges the next build's entries into these
    reused: dict[str, list[str]] = {}  # a cached build: the entries of the pages not written again, as JSON
    page_order: list[str] = []  # and the order of all pages, where the reused entries take their place
    target: Path | None = None  # the site's index file, written here rather than returned as one string
    _spool = None  # `build`: our entries' JSON, one after the other; an entry holds (offset, length)
    _shards_writer = None  # `build`: the process writing the browser's index while this one writes the JSON

    def add_entry_from_context(self, page):
        if not page.meta.get("qualite_document"):
            return super().add_entry_from_context(page)
        sections = getattr(page, "search_sections", None)
        if sections is None:
            body = page.content.partition(BODY_MARKER)[2].partition(BODY_END)[0]
            sections = document_sections(page.meta["title"], body)
        for anchor, title, text in sections:
            location = page.url + (f"#{anchor}" if anchor else "")
            self.entries.append((page.url, self._held(_encoded({"location": location, "title": title, "text": text}))))
        page.search_sections = []  # in the index now

    def _held(self, text: str) -> str | tuple[int, int]:
        """The entry's JSON, or where it is in the spool when it need not stay in memory."""
        if self.kept_for_next_build:
            return text
        if self._spool is None:
            self._spool = tempfile.TemporaryFile()
        data = text.encode("utf-8")
        offset = self._spool.tell()
        self._spool.write(data)
        return (offset, len(data))

    def generate_search_index(self, prev):
        """Material's JSON, written from both kinds of entries. Under `serve --dirty`, the entries of
        every rebuilt page replace theirs, not only the first one's."""
        if prev is not None:
            rebuilt = {_page_of(entry) for entry in self.entries}
            self.entries = [entry for entry in prev.entries if _page_of(entry) not in rebuilt] + self.entries
        if self.reused:
            self.entries = self._with_reused_entries()
        if self.target is None:
            text = b"".join(self._pieces()).decode("utf-8")
        else:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            if self._spool is not None:
                self._spool.flush()  # read back by offset, here and in the forked writer
            if self.kept_for_next_build:
                _served_writer_in_background(self._write_shards)
            else:
                self._shards_writer = self._shards_in_two_halves()
            with open(_partial(self.target), "wb") as out:
                out.writelines(self._pieces())
            if self._shards_writer is None and not self.kept_for_next_build:
                self._write_shards()
            text = ""  # the theme writes this, `finish` then puts the whole index in its place
        if self._shards_writer is None:
            self._release()
        return text

    def _release(self) -> None:
        """Written out: the entries are not held while the theme writes the index (they are small,
        spooled, while a forked writer may still need them)."""
        if not self.kept_for_next_build:
            self.entries, self.reused = [], {}
            if self._spool is not None:
                self._spool.close()
                self._spool = None

    def _write_shards(self) -> None:
        """The browser's index (`search_shards`), from the same entries, in this process."""
        shards = SearchShards(self.config["separator"], self.target.parent)
        try:
            for entry in self.entries:
                shards.add(self._entry(entry))
            shards.write(self._settings())
        finally:
            shards.discard()

    def _entry(self, entry) -> dict:
        if not isinstance(entry, tuple):
            return entry
        return json.loads(entry[1] if isinstance(entry[1], str) else self._spooled(entry[1]).decode("utf-8"))

    def _shards_in_two_halves(self) -> _Halves | None:
        """The browser's index cut by two forked processes, half of the entries each, while this one
        writes the JSON index; `finish` joins the halves. None where processes cannot fork."""
        count = len(self.entries)
        middle = (count // 2) // BLOCK * BLOCK
        if not hasattr(os, "fork"):
            return None
        shards = SearchShards(self.config["separator"], self.target.parent)
        private = Path(tempfile.mkdtemp(prefix="qualite-recherche-"))
        writers = []
        for number, (start, stop) in enumerate([(0, middle), (middle, count)]):
            path = private / f"{number}.pickle"
            writers.append(_forked(lambda start=start, stop=stop, path=path: self._half(shards, start, stop, path)))
        return _Halves(shards, private, writers)

    def _half(self, shards: SearchShards, start: int, stop: int, path: Path) -> None:
        part = SearchShards(self.config["separator"], self.target.parent, shards.scratch, start)
        for entry in self.entries[start:stop]:
            part.add(self._entry(entry))
        part.part(path)

    def _spooled(self, where: tuple[int, int]) -> bytes:
        """An entry's JSON from the spool, without moving its shared offset (a forked writer reads it too)."""
        offset, length = where
        if not hasattr(os, "pread"):  # Windows, which forks no writer either
            self._spool.seek(offset)
            return self._spool.read(length)
        return os.pread(self._spool.fileno(), length, offset)

    def _settings(self) -> dict:
        return {key: self.config[key] for key in ["lang", "separator", "pipeline", "fields"]}

    def _pieces(self):
        """The index as UTF-8 pieces, in order."""
        yield f'{{"config":{_encoded(self._settings())},{DOCS_START}'.encode()
        for number, entry in enumerate(self.entries):
            if number:
                yield b","
            if not isinstance(entry, tuple):
                yield _encoded(entry).encode("utf-8")
            elif isinstance(entry[1], str):
                yield entry[1].encode("utf-8")
            else:
                yield self._spooled(entry[1])
        yield b"]}"

    def finish(self) -> None:
        """The index written by `generate_search_index` in place of the one the theme wrote, once
        the browser's index is written too."""
        writer, self._shards_writer = self._shards_writer, None
        if writer is not None:
            if not writer.join(self._settings()):  # a child failed (memory?): written here
                self._write_shards()
            self._release()
        partial = _partial(self.target) if self.target is not None else None
        if partial is None or not partial.is_file():
            return
        try:
            os.replace(partial, self.target)
        except OSError:  # Windows: the file still open elsewhere (a browser under serve, an antivirus)
            shutil.copyfile(partial, self.target)
            partial.unlink(missing_ok=True)

    def _with_reused_entries(self) -> list:
        """This build's entries and the reused ones, in the order a complete build writes them."""
        current: dict[str, list] = {}
        for entry in self.entries:
            current.setdefault(_page_of(entry), []).append(entry)
        merged = []
        for url in self.page_order:
            if url in current:
                merged += current.pop(url)
            else:
                merged += [(url, text) for text in self.reused.get(url, ())]
        for rest in current.values():
            merged += rest
        return merged


_SERVED_WRITER: list = []  # `serve`: the process writing the last rebuild's browser index, if any


def _served_writer_in_background(function) -> None:
    """Under `serve`, the browser's index is written while the page reloads (the search follows a
    second later): the last rebuild's writer is waited for first, so that the newest one lands last."""
    wait_for_served_writer()
    writer = _forked(function)
    if writer is None:
        function()
    else:
        _SERVED_WRITER.append(writer)


def wait_for_served_writer() -> None:
    while _SERVED_WRITER:
        _SERVED_WRITER.pop().wait()


class _Forked:
    """A function run in a child process (forked: it sees this one's memory as it was)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def wait(self) -> bool:
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return False
        return os.waitstatus_to_exitcode(status) == 0


class _Halves:
    """The two processes cutting the browser's index, and where they leave their halves."""

    def __init__(self, shards: SearchShards, private: Path, writers: list) -> None:
        self.shards, self.private, self.writers = shards, private, writers

    def join(self, settings: dict) -> bool:
        """Both halves in one index, written in place; False if a half is missing."""
        try:
            done = [writer is not None and writer.wait() for writer in self.writers]
            if not all(done):
                return False
            for number in range(len(self.writers)):
                self.shards.absorb(self.private / f"{number}.pickle")
            self.shards.write(settings)
            return True
        finally:
            self.shards.discard()
            shutil.rmtree(self.private, ignore_errors=True)


def _forked(function) -> _Forked | None:
    """`function` run in a forked child while this process goes on; None where processes cannot fork."""
    if not hasattr(os, "fork"):
        return None
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the child: never returns into MkDocs
        code = 1
        try:
            function()
            code = 0
        finally:
            os._exit(code)
    return _Forked(pid)


def _partial(target: Path) -> Path:
    return target.with_name(target.name + ".part")


def _encoded(value) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)  # as Material writes its index


def _page_of(entry) -> str:
    return entry[0] if isinstance(entry, tuple) else entry["location"].partition("#")[0]
