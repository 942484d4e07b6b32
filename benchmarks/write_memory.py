"""RSS per upload-and-remove cycle in one process: the soak's writes without a server or clients.

    python -m benchmarks.write_memory [--cycles 300] [--ask] [--out FILE]

An :class:`Assistant` over a temp copy of the seed sources takes the soak's made-up article through
the upload path (``UIService.add_files``), then removes it, ``--cycles`` times (``--ask``: one
question after each upload too). Prints the process's RSS growth per cycle over the first and the
last third of the cycles after a warm-up (flat: the last third is ~0). Allocator settings come from
the environment it is started with (``LD_PRELOAD``, ``MALLOC_ARENA_MAX``,
``ASSISTANT_TRIM_MEMORY_AFTER_WRITES``, ``ASSISTANT_MALLOC_ARENAS``, applied as ``serve`` does), and
are printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from assistant import Assistant, Settings, limit_arenas
from assistant.ui import UIService
from benchmarks.soak import QUESTIONS, _article, _rss_mb, memory_env
from tests.ui_server import SOURCES

WARM_CYCLES = 20  # the first writes fill caches and arenas that then stay
SAMPLE_EVERY = 10  # cycles between RSS samples


def run(cycles: int, ask: bool) -> dict[str, Any]:
    """The cycles in this process; RSS samples and the growth per cycle by thirds."""
    root = Path(tempfile.mkdtemp(prefix="write-memory-"))
    try:
        shutil.copytree(SOURCES, root / "sources")
        settings = Settings(data_dir=root / "data", sources_dir=root / "sources")
        limit_arenas(settings.malloc_arenas)  # as ``assistant serve`` does
        assistant = Assistant(settings)
        assistant.sync()
        service = UIService(assistant)
        path = root / "incoming" / "kettle-island-lighthouse.md"
        path.parent.mkdir()
        samples: list[tuple[int, float]] = []
        started = time.monotonic()
        for i in range(WARM_CYCLES + cycles):
            if i >= WARM_CYCLES and (i - WARM_CYCLES) % SAMPLE_EVERY == 0:
                samples.append((i - WARM_CYCLES, round(_rss_mb(os.getpid()), 2)))
            path.write_text(_article(i), encoding="utf-8")
            report = service.add_files([path])
            if report.errors:
                raise RuntimeError(f"cycle {i}: {report.errors}")
            if ask:
                assistant.answer(QUESTIONS[i % len(QUESTIONS)])
            service.remove("kettle-island-lighthouse")
        samples.append((cycles, round(_rss_mb(os.getpid()), 2)))
        seconds = time.monotonic() - started
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return {
        "date": date.today().isoformat(),
        "command": " ".join(["python -m benchmarks.write_memory", *sys.argv[1:]]),
        "env": memory_env(),
        "cycles": cycles, "ask": ask, "seconds": round(seconds, 1),
        "rss_first_mb": samples[0][1], "rss_last_mb": samples[-1][1],
        "kb_per_cycle_thirds": _thirds(samples), "rss_samples": samples,
        "load_average": os.getloadavg(),
    }  # fmt: skip


def _thirds(samples: list[tuple[int, float]]) -> list[float]:
    """kB of RSS per cycle over the first and the last third of the samples."""
    third = max(1, len(samples) // 3)
    first, last = samples[: third + 1], samples[-third - 1 :]

    def rate(part: list[tuple[int, float]]) -> float:
        return round((part[-1][1] - part[0][1]) * 1024 / max(1, part[-1][0] - part[0][0]), 1)

    return [rate(first), rate(last)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cycles", type=int, default=300, help="Upload-and-remove cycles measured.")
    parser.add_argument("--ask", action="store_true", help="Ask one question after each upload.")
    parser.add_argument("--out", type=Path, default=None, help="Also write the figures as JSON here.")
    args = parser.parse_args()
    if not 3 * SAMPLE_EVERY <= args.cycles <= 10_000:
        parser.error(f"--cycles must be {3 * SAMPLE_EVERY}..10000")
    result = run(args.cycles, args.ask)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n")
    shown = {k: v for k, v in result.items() if k != "rss_samples"}
    print(json.dumps(shown))  # noqa: T201 - a benchmark's report


if __name__ == "__main__":
    main()
