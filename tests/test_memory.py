"""Index writes hand the heap they freed back to the OS: upload/remove cycles keep RSS flat."""

from __future__ import annotations

import gc
import platform
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from assistant import Settings, limit_arenas, release_freed_memory
from tests.conftest import NewAssistant

GLIBC = platform.libc_ver()[0] == "glibc"
VARIANTS = 3  # distinct versions of the article: after the first few, no new text is embedded
WARM_CYCLES = 10  # the first writes fill caches and arenas that then stay
CYCLES = 40
# Measured: 186 kB (the current snapshot and bounded caches); keeping every old BM25 snapshot
# alive instead holds 6,803 kB.
MAX_HELD_KB = 500


def _article(i: int) -> str:
    return (f"---\ntitle: Harbour bridge reopens ({i})\noutlet: Test Gazette\ndate: 2026-07-01\n---\n"
            f"The harbour bridge reopened after {i % VARIANTS + 1} years of repairs costing 2.2 "
            "million crowns, paid for by the city.\n")  # fmt: skip


THREADS = 8  # each new thread that allocates gets an arena of its own, up to glibc's limit

# Starts THREADS threads that allocate at once (a barrier keeps them all alive), then prints the
# number of heaps (arenas) glibc's malloc_info reports; argv[1] is limit_arenas's argument.
_COUNT_ARENAS = f"""
import ctypes, ctypes.util, sys, tempfile, threading
from assistant.memory import limit_arenas
limit_arenas(int(sys.argv[1]))
barrier = threading.Barrier({THREADS} + 1)
def work():
    kept = [bytearray(4000) for _ in range(200)]
    barrier.wait(); barrier.wait()
threads = [threading.Thread(target=work) for _ in range({THREADS})]
for t in threads: t.start()
barrier.wait()
libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.fopen.restype = ctypes.c_void_p
libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
libc.fclose.argtypes = [ctypes.c_void_p]
with tempfile.NamedTemporaryFile("r") as out:
    f = libc.fopen(out.name.encode(), b"w"); libc.malloc_info(0, f); libc.fclose(f)
    print(out.read().count("<heap nr="))
barrier.wait()
for t in threads: t.join()
"""


def _arenas(limit: int) -> int:
    done = subprocess.run([sys.executable, "-c", _COUNT_ARENAS, str(limit)], capture_output=True,
                          text=True, timeout=60, check=True)  # fmt: skip
    return int(done.stdout)


@pytest.mark.skipif(not GLIBC, reason="malloc_trim is glibc's")
def test_release_freed_memory_trims_on_glibc() -> None:
    assert release_freed_memory() is True


@pytest.mark.skipif(not GLIBC, reason="mallopt's arena limit is glibc's")
def test_limit_arenas_makes_threads_share_the_heaps() -> None:
    """With the limit, 8 allocating threads share 2 arenas; without it each has its own."""
    assert _arenas(0) > THREADS
    assert _arenas(2) == 2
    assert limit_arenas(0) is False  # 0 is glibc's default: nothing is set


def test_upload_remove_cycles_hold_no_more_python_objects(settings: Settings, tmp_path: Path,
                                                          new_assistant: NewAssistant) -> None:  # fmt: skip
    """Old snapshots, BM25 copies and cached texts are released: the traced heap stays flat."""
    assistant = new_assistant(settings)
    assistant.sync()
    path = tmp_path / "incoming" / "harbour-bridge.md"
    path.parent.mkdir()

    def cycle(i: int) -> None:
        path.write_text(_article(i), encoding="utf-8")
        assistant.add_sources([path])
        assistant.remove_source("harbour-bridge")

    for i in range(WARM_CYCLES):
        cycle(i)
    gc.collect()
    tracemalloc.start()
    try:
        for i in range(WARM_CYCLES, WARM_CYCLES + CYCLES):
            cycle(i)
        gc.collect()
        held_kb = tracemalloc.get_traced_memory()[0] / 1024
    finally:
        tracemalloc.stop()
    assert held_kb < MAX_HELD_KB, f"{held_kb:.0f} kB more Python heap after {CYCLES} cycles"
