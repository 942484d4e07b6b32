"""Soak: concurrent chat sessions through the HTTP API while another client uploads and removes.

Starts ``assistant serve`` on a free loopback port over a temp copy of the seed sources; ``--sessions``
clients (gradio_client, one each) ask questions with their growing history for ``--seconds`` while a
writer uploads a made-up article, asks nothing, removes it, and again. Prints requests, errors,
p50/p95 latency and the server's RSS before and after; writes the figures as JSON.

    .venv/bin/python -m benchmarks.soak                       # 20 sessions, 300 s
    .venv/bin/python -m benchmarks.soak --sessions 5 --seconds 60 --out /tmp/soak.json
    .venv/bin/python -m benchmarks.soak --no-writes --seconds 150     # asks only
    .venv/bin/python -m benchmarks.soak --sessions 0 --seconds 150    # uploads/removes only
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

from assistant.evals.metrics import percentile
from tests.ui_server import Server, running_server

QUESTIONS = [
    "Where did the Chain Expo open?",
    "And what did it set up?",
    "What do experts say about AI governance?",
    "What does the EU AI Act require?",
    "How much did the Kettle Island lighthouse restoration cost?",
    "Who paid for it?",
]
TURNS_PER_CHAT = 6  # then the session starts a new chat (its history is dropped)
RSS_SAMPLE_S = 10.0  # how often the server's memory is sampled during the run
# The environment that decides how the server's heap behaves; recorded with the figures.
MEMORY_ENV = ("LD_PRELOAD", "MALLOC_ARENA_MAX", "MALLOC_CONF", "ASSISTANT_MALLOC_ARENAS",
              "ASSISTANT_TRIM_MEMORY_AFTER_WRITES")  # fmt: skip


def _article(i: int) -> str:
    return (f"---\ntitle: Kettle Island lighthouse reopens ({i})\noutlet: Harbour Gazette\n"
            f"date: 2026-07-01\n---\nThe lighthouse on Kettle Island reopened on 30 June 2026 after a "
            f"restoration of {i % 5 + 1} years.\n\nThe restoration cost {i % 9 + 2}.2 million crowns and "
            "was paid for by the Kettle Island Preservation Trust.\n")  # fmt: skip


def memory_env() -> dict[str, str]:
    return {k: os.environ[k] for k in MEMORY_ENV if k in os.environ}


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def soak(sessions: int, seconds: float, writes_on: bool = True) -> dict[str, Any]:
    """Run the soak; ``sessions`` 0 is writes only, ``writes_on`` False is sessions only."""
    root = Path(tempfile.mkdtemp(prefix="soak-"))
    with running_server(root) as server:
        result = _run(server, sessions, seconds, writes_on)
    traceback_lines = server.log.read_text(errors="replace").count("Traceback")
    if traceback_lines:  # keep the log to read them
        print(f"server log with tracebacks: {server.log}")  # noqa: T201
    else:
        shutil.rmtree(root, ignore_errors=True)
    return {**result, "server_tracebacks": traceback_lines}


def _run(server: Server, sessions: int, seconds: float, writes_on: bool) -> dict[str, Any]:
    """The sessions and the writer against a running server; the figures of the run."""
    from gradio_client import Client, handle_file

    url, root = server.url, server.root
    latencies: list[float] = []
    errors: list[str] = []
    writes = {"uploads": 0, "removes": 0, "write_errors": 0}
    lock = threading.Lock()
    warm = Client(url, verbose=False)
    warm.predict(QUESTIONS[0], api_name="/ask")
    rss_before = _rss_mb(server.pid)
    stop = time.monotonic() + seconds

    def chat(n: int) -> None:
        client = Client(url, verbose=False)
        history: list[dict[str, str]] = []
        i = n
        while time.monotonic() < stop:
            question = QUESTIONS[i % len(QUESTIONS)]
            t = time.perf_counter()
            try:
                result = client.predict(question, history=history, api_name="/ask")
                ok = result.get("done") is True and isinstance(result.get("answer"), str)
                if not ok:
                    raise RuntimeError(f"not a final answer: {str(result)[:200]}")
                with lock:
                    latencies.append(time.perf_counter() - t)
                history += [{"role": "user", "content": question},
                            {"role": "assistant", "content": result["answer"]}]  # fmt: skip
            except Exception as exc:  # noqa: BLE001 - counted and reported
                with lock:
                    errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")
            if len(history) >= 2 * TURNS_PER_CHAT:
                history = []
            i += 1

    def write() -> None:
        client = Client(url, verbose=False)
        folder = root / "incoming"
        folder.mkdir()
        i = 0
        while time.monotonic() < stop:
            path = folder / "kettle-island-lighthouse.md"
            path.write_text(_article(i), encoding="utf-8")
            try:
                report = client.predict([handle_file(str(path))], api_name="/upload")
                if report["errors"]:
                    raise RuntimeError(str(report["errors"]))
                writes["uploads"] += 1
                time.sleep(1.0)
                client.predict("kettle-island-lighthouse", api_name="/remove_source")
                writes["removes"] += 1
            except Exception as exc:  # noqa: BLE001
                writes["write_errors"] += 1
                errors.append(f"write: {type(exc).__name__}: {str(exc)[:200]}")
            i += 1

    samples: list[tuple[float, float]] = []  # (seconds since start, server RSS MB)

    def sample() -> None:
        begun = time.monotonic()
        while time.monotonic() < stop:
            samples.append((round(time.monotonic() - begun, 1), round(_rss_mb(server.pid), 1)))
            time.sleep(RSS_SAMPLE_S)

    threads = [threading.Thread(target=chat, args=(n,)) for n in range(sessions)]
    threads += [threading.Thread(target=write)] if writes_on else []
    threads += [threading.Thread(target=sample)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    rss_after = _rss_mb(server.pid)
    return {
        "date": date.today().isoformat(),
        "command": " ".join(["python -m benchmarks.soak", *sys.argv[1:]]),
        "sessions": sessions, "writes": writes_on, "seconds": round(elapsed, 1),
        "asks": len(latencies) + len(errors) - writes["write_errors"],
        "asks_ok": len(latencies), "errors": len(errors), "error_samples": errors[:5], **writes,
        "latency_p50_s": round(percentile(latencies, 50), 3) if latencies else None,
        "latency_p95_s": round(percentile(latencies, 95), 3) if latencies else None,
        "rss_before_mb": round(rss_before, 1),
        "rss_after_mb": round(rss_after, 1), "rss_growth_halves_mb": _halves(samples),
        "rss_mb_per_min_thirds": _thirds(samples), "rss_samples": samples,
        "load_average": os.getloadavg(), "cpus": os.cpu_count(),
        "env": memory_env(),
    }  # fmt: skip


def _halves(samples: list[tuple[float, float]]) -> list[float]:
    """RSS growth over the first and the second half of the run (flat: the second is ~0)."""
    if len(samples) < 3:
        return []
    first, middle, last = samples[0][1], samples[len(samples) // 2][1], samples[-1][1]
    return [round(middle - first, 1), round(last - middle, 1)]


def _thirds(samples: list[tuple[float, float]]) -> list[float]:
    """RSS growth in MB per minute over the first and the last third of the run (flat: ~0)."""
    third = len(samples) // 3
    if third < 1:
        return []

    def rate(part: list[tuple[float, float]]) -> float:
        return round((part[-1][1] - part[0][1]) * 60 / max(1e-9, part[-1][0] - part[0][0]), 2)

    return [rate(samples[: third + 1]), rate(samples[-third - 1 :])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help="Concurrent chat sessions.")
    parser.add_argument("--seconds", type=float, default=300.0, help="How long the sessions ask.")
    parser.add_argument("--no-writes", action="store_true",
                        help="Sessions only: no client uploads and removes.")  # fmt: skip
    parser.add_argument("--out", type=Path, default=None, help="Results JSON (default benchmarks/results/).")
    args = parser.parse_args()
    if not 0 <= args.sessions <= 100 or not 1 <= args.seconds <= 3600:
        parser.error("--sessions must be 0..100 (0: writes only) and --seconds 1..3600")
    if args.sessions == 0 and args.no_writes:
        parser.error("--sessions 0 with --no-writes would run nothing")
    result = soak(args.sessions, args.seconds, writes_on=not args.no_writes)
    out = args.out or Path(__file__).parent / "results" / f"soak-{result['date']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    for key in ("sessions", "seconds", "asks", "errors", "uploads", "removes", "server_tracebacks",
                "latency_p50_s", "latency_p95_s", "rss_before_mb", "rss_after_mb",
                "rss_growth_halves_mb", "rss_mb_per_min_thirds", "load_average"):  # fmt: skip
        print(f"{key:18} {result[key]}")  # noqa: T201 - a benchmark's report
    if result["error_samples"]:
        print("errors:", *result["error_samples"], sep="\n  ")  # noqa: T201
    print(f"wrote {out}")  # noqa: T201


if __name__ == "__main__":
    main()
