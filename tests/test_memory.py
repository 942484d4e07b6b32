"""Index writes hand the heap they freed back to the OS: upload/remove cycles keep RSS flat."""

from __future__ import annotations

import gc
import platform
import tracemalloc
from pathlib import Path

import pytest

from assistant import Settings
from assistant.memory import release_freed_memory
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


@pytest.mark.skipif(not GLIBC, reason="malloc_trim is glibc's")
def test_release_freed_memory_trims_on_glibc() -> None:
    assert release_freed_memory() is True


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
