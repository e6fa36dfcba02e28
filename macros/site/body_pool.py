"""Document bodies converted on every core, ahead of the page loop of MkDocs.

Converting Markdown is most of a build, and MkDocs renders pages one at a time in one process.
The plugin hands every body to worker processes forked from the build (they inherit the converter
and the references to link), each worker returns the finished HTML of the body, its table of
contents and its search entries, and each page picks up its own when MkDocs reaches it. The main
process converts a batch itself rather than wait for it idle. Small batches (tests, an edit under
`serve --dirty`) are converted in the main process, when asked for.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from macros.site.body import demoted_headings, french_spaces, linked_references, sanitize
from macros.site.build_cache import digest
from macros.site.html import escape
from macros.site.search_index import document_sections
from macros.site.urls import page_href

# Below this many bodies, forking workers costs more than it saves.
PARALLEL_THRESHOLD = 400
BATCH = 40
AHEAD = 3  # batches sent ahead per worker: enough to keep them busy, not the whole base's HTML in memory


@dataclass(frozen=True)
class BodyJob:
    """What a body needs to become HTML: its Markdown, or the HTML shown instead of a body Markdown cannot take."""

    src_uri: str
    markdown: str
    title: str  # escaped, as the page shows it: the search entry of the part before the first heading
    reference: str | None
    plain_html: str | None = None


@dataclass(frozen=True)
class ConvertedBody:
    html: str
    toc_tokens: list
    sections: list  # (anchor or None, title, text): the search entries of the body
    key: str = ""  # what the HTML was made from (`body_key`), for the build cache


# Anything that may become a reference once Markdown is converted (`_PROC-BAAS-001_`, `PROC\-BAAS\-001`).
_MAYBE_REFERENCE = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+")


def body_key(job: BodyJob, reference_pages: dict) -> str:
    """The body's part of a page's cache key: its Markdown and the pages of the references it may
    name (found in the Markdown loosely: more than the HTML will link, never fewer)."""
    text = job.markdown if job.plain_html is None else job.plain_html
    named = sorted(set(_MAYBE_REFERENCE.findall(text.replace("\\", "")))) if reference_pages else []
    linked = "\n".join(f"{reference}\t{reference_pages.get(reference, '')}" for reference in named)
    return digest(
        job.src_uri, job.title, job.reference or "", "plain" if job.plain_html is not None else "md", text, linked
    )


class _Work:
    """The batch being converted: set before the workers fork, so that they read it from their memory
    and write each body's Markdown themselves (the build never holds every body's Markdown at once)."""

    converter = None
    reference_pages: dict = {}
    job_of: Callable[[int], BodyJob] | None = None


def converted_body(converter, reference_pages: dict, job: BodyJob) -> ConvertedBody:
    """One body: Markdown to HTML, cleaned, headings demoted, French spaces, references linked."""
    key = body_key(job, reference_pages)
    if job.plain_html is not None:
        return ConvertedBody(job.plain_html, [], document_sections(job.title, job.plain_html), key)
    try:
        html, toc_tokens = converter.convert(job.markdown)
    except RecursionError:  # nesting the bounds of `body_problem` did not foresee: plain text, no abort
        html, toc_tokens = f'<pre class="qd-plain">{escape(job.markdown)}</pre>', []
    html = linked_references(
        french_spaces(demoted_headings(sanitize(html))),
        reference_pages,
        job.reference,
        lambda target: page_href(job.src_uri, target),
    )
    return ConvertedBody(html, toc_tokens, document_sections(job.title, html), key)


def _convert_range(start: int, end: int) -> list[ConvertedBody]:
    return [converted_body(_Work.converter, _Work.reference_pages, _Work.job_of(i)) for i in range(start, end)]


class BodyConversions:
    """The bodies of one build, converted in worker processes (or here), found by page source URI.

    `job_of(i)` makes the job of the i-th page of `src_uris`, in a worker or here."""

    def __init__(self, converter, reference_pages: dict, src_uris: list[str], job_of: Callable[[int], BodyJob]) -> None:
        self._converter, self._references, self._job_of = converter, reference_pages, job_of
        self._index = {src_uri: index for index, src_uri in enumerate(src_uris)}
        self._done: dict[int, list[ConvertedBody]] = {}
        self._futures: dict[int, Future] = {}
        self._taken: set[int] = set()  # the batches a page has asked for
        self._pool = None
        self._count, self._next = len(src_uris), 0  # the next batch to send
        workers = min(os.cpu_count() or 1, 8)
        if self._count >= PARALLEL_THRESHOLD and workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            _Work.converter, _Work.reference_pages, _Work.job_of = converter, reference_pages, job_of
            try:
                self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
                for _ in range(workers * AHEAD):
                    self._send_next()
            except (OSError, RuntimeError):  # no process pool on this system: converted here, when asked
                self.close()
            finally:
                _Work.job_of = None  # the workers hold their copy

    def _send_next(self) -> None:
        """One more batch to the workers, as the pages take theirs: a window, not the whole base."""
        if self._pool is not None and self._next < self._count:
            start, self._next = self._next, self._next + BATCH
            self._futures[start] = self._pool.submit(_convert_range, start, min(start + BATCH, self._count))

    def get(self, src_uri: str) -> ConvertedBody:
        """The converted body of a page, asked for once: its result is then let go."""
        index = self._index.pop(src_uri)
        start = index - index % BATCH
        if start not in self._done and start not in self._taken:
            self._taken.add(start)
            self._send_next()
            future = self._futures.pop(start, None)
            if future is not None and not future.cancel():
                try:
                    self._done[start] = future.result()
                except BrokenProcessPool:  # a worker died (memory?): this batch is converted here
                    pass
        batch = self._done.get(start)
        if batch is None:  # not sent to a worker, or taken back before one started it
            return converted_body(self._converter, self._references, self._job_of(index))
        result = batch[index - start]
        batch[index - start] = None  # each page asks once: the HTML is not kept twice
        return result

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self._futures.clear()
