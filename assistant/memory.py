"""Keep a long-running process's native heap small (glibc only; elsewhere both calls do nothing).

Chroma's native code frees what an add or a delete allocated, but glibc's malloc keeps the freed
pages in its per-thread arenas (up to 8 per core), so a server that keeps uploading and removing
grows its RSS by tens of kB per write without holding any more objects (measured in
benchmarks/README.md, "Where the memory goes"). ``malloc_trim(0)`` after a write returns those
pages (a few milliseconds); fewer arenas (``mallopt(M_ARENA_MAX)``, set before the server's threads
start) leave fewer places for freed pages to stay.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from typing import Any

M_ARENA_MAX = -8  # glibc's mallopt parameter for the most arenas (malloc.h)


@functools.cache  # one libc per process
def _libc() -> Any | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


@functools.cache
def _malloc_trim() -> Any | None:
    trim = getattr(_libc(), "malloc_trim", None)  # glibc has it; musl and macOS do not
    if trim is not None:
        trim.argtypes = [ctypes.c_size_t]
        trim.restype = ctypes.c_int
    return trim


def limit_arenas(arenas: int) -> bool:
    """Let glibc's malloc create at most ``arenas`` heaps from now on (threads then share them); 0
    leaves glibc's default. False where the C library cannot (nothing is done). Arenas already made
    stay, so call it before the threads of a long-running process start.
    """
    mallopt = getattr(_libc(), "mallopt", None)
    if arenas <= 0 or mallopt is None or _malloc_trim() is None:  # mallopt's numbering is glibc's
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_ARENA_MAX, arenas))


def release_freed_memory() -> bool:
    """Return freed heap pages to the OS; False where the C library cannot (nothing is done)."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
