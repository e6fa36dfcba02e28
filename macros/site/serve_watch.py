"""`make serve` sees a saved document at once, through the system's file events.

MkDocs watches by polling every half second (a quarter of a second lost on average before each
rebuild, and every file of the base looked at twice a second). The system's own notifications
(inotify, FSEvents, ReadDirectoryChangesW) are added beside it; MkDocs' polling stays, so that a
folder the system cannot watch (a network share, a limit on watches reached) is still seen.
"""

from __future__ import annotations

import logging
import os

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

log = logging.getLogger("mkdocs.plugins.qualite")


class _RebuildOnChange(FileSystemEventHandler):
    """`only`: for a watched file, the events of that file only (not of its folder's other files)."""

    def __init__(self, server, only: str | None = None) -> None:
        self._server, self._only = server, only

    def on_any_event(self, event) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        if self._only and self._only not in (event.src_path, getattr(event, "dest_path", None)):
            return
        condition = self._server._rebuild_cond  # what MkDocs' own watch callback sets (mkdocs 1.6)
        with condition:
            self._server._want_rebuild = True
            condition.notify_all()


def watch_with_system_events(server, paths: list[str]) -> object | None:
    """An observer of `paths` that asks `server` (MkDocs' LiveReloadServer) to rebuild; None when
    the system gives none (polling alone then)."""
    if not hasattr(server, "_rebuild_cond"):
        return None
    observer = Observer()
    try:
        for path in dict.fromkeys(os.path.abspath(p) for p in paths):
            if os.path.isdir(path):
                observer.schedule(_RebuildOnChange(server), path, recursive=True)
            elif os.path.isfile(path):
                observer.schedule(_RebuildOnChange(server, only=path), os.path.dirname(path), recursive=False)
        observer.daemon = True
        observer.start()
    except (OSError, RuntimeError) as error:  # no notifications here: MkDocs' polling does the work
        log.debug("surveillance par le système impossible (%s) : scrutation seule", error)
        return None
    return observer
