"""Give freed heap back to the operating system after an index write (glibc only; else a no-op).

Chroma's native code frees what an add or a delete allocated, but glibc's malloc keeps the freed
pages in its per-thread arenas, so a server that keeps uploading and removing grows its RSS by tens
of kB per write without holding any more objects (measured in benchmarks/README.md, soak).
``malloc_trim(0)`` returns those pages; it costs a few milliseconds.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from typing import Any


@functools.cache  # one libc per process
def _malloc_trim() -> Any | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    trim = getattr(libc, "malloc_trim", None)  # glibc has it; musl and macOS do not
    if trim is not None:
        trim.argtypes = [ctypes.c_size_t]
        trim.restype = ctypes.c_int
    return trim


def release_freed_memory() -> bool:
    """Return freed heap pages to the OS; False where the C library cannot (nothing is done)."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
