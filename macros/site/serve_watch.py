"""`make serve` sees a saved document at once, through the system's file events, and rebuilds once.

MkDocs watches by polling every half second (a quarter of a second lost on average before each
rebuild, and every file of the base looked at twice a second). When the system's own notifications
(inotify, FSEvents, ReadDirectoryChangesW) work, they take over MkDocs' watches; a polling observer
of our own stays beside them, for the changes notifications miss (a network share edited from
another machine), and ignores the files the notifications already reported, so that one save
makes one rebuild, not two.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("mkdocs.plugins.qualite")
POLLING_SECONDS = 1.0
ALREADY_SEEN_SECONDS = 5.0  # a file the notifications reported this recently: polling's report is the same


class _Changes:
    """The files the notifications reported, and when: polling only reports the others."""

    def __init__(self) -> None:
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def noticed(self, paths: list[str]) -> None:
        now = time.monotonic()
        with self._lock:
            self._seen.update(dict.fromkeys(paths, now))

    def already_seen(self, paths: list[str]) -> bool:
        now = time.monotonic()
        with self._lock:
            return all(now - self._seen.get(path, -ALREADY_SEEN_SECONDS * 2) < ALREADY_SEEN_SECONDS for path in paths)


class _RebuildOnChange(FileSystemEventHandler):
    """`only`: for a watched file, the events of that file only (not of its folder's other files);
    `polling`: the fallback observer's handler, silent about what the notifications reported."""

    def __init__(self, server, changes: _Changes, only: str | None = None, polling: bool = False) -> None:
        self._server, self._changes, self._only, self._polling = server, changes, only, polling

    def on_any_event(self, event) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        paths = [p for p in (event.src_path, getattr(event, "dest_path", None)) if p]
        if self._only and self._only not in paths:
            return
        if self._polling and self._changes.already_seen(paths):
            return
        if not self._polling:
            self._changes.noticed(paths)
        condition = self._server._rebuild_cond  # what MkDocs' own watch callback sets (mkdocs 1.6)
        with condition:
            self._server._want_rebuild = True
            condition.notify_all()


def _observe(observer, server, changes: _Changes, paths: list[str], polling: bool):
    for path in paths:
        if os.path.isdir(path):
            observer.schedule(_RebuildOnChange(server, changes, polling=polling), path, recursive=True)
        elif os.path.isfile(path):
            handler = _RebuildOnChange(server, changes, only=path, polling=polling)
            observer.schedule(handler, os.path.dirname(path), recursive=False)
    observer.daemon = True
    observer.start()
    return observer


def watch_with_system_events(server, config) -> list:
    """Observers of what `mkdocs serve` watches (docs/, mkdocs.yml, `config.watch`) that ask `server`
    (MkDocs' LiveReloadServer) to rebuild, in place of its own polling; none when the system gives
    no notifications (MkDocs' polling then works alone, as without this module)."""
    if not all(hasattr(server, name) for name in ("_rebuild_cond", "_watched_paths", "unwatch")):
        return []
    watched = [config.docs_dir, *([config.config_file_path] if config.config_file_path else []), *config.watch]
    paths = list(dict.fromkeys(os.path.abspath(p) for p in watched))
    changes = _Changes()
    try:
        notified = _observe(Observer(), server, changes, paths, polling=False)
    except (OSError, RuntimeError) as error:  # no notifications here: MkDocs' polling does the work
        log.debug("surveillance par le système impossible (%s) : scrutation seule", error)
        return []
    try:
        polled = _observe(PollingObserver(timeout=POLLING_SECONDS), server, changes, paths, polling=True)
    except (OSError, RuntimeError):
        notified.stop()
        return []
    for path, count in list(server._watched_paths.items()):  # MkDocs' own polling of docs/, mkdocs.yml
        for _ in range(count):
            server.unwatch(path)
    config.watch.clear()  # what `mkdocs serve` would watch next: watched already
    return [notified, polled]
