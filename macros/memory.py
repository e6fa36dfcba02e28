"""Memory the build no longer uses, handed back to the system.

After the pages are written their contents are garbage, but the C allocator keeps the freed pages
for the process: the next large allocation (the search index as one JSON string, then its copy as a
script) comes on top of them. `malloc_trim` gives them back; where there is no glibc, nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc


def released_memory(collect: bool = True) -> None:
    """`collect`: first free what only cycles hold (a full collection costs a tenth of a second on a
    large base; after a write of plain data there is nothing of the kind)."""
    if collect:
        gc.collect()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, musl without it, Windows)
        pass
