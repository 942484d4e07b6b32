"""kill -9 ``sources sync`` and ``serve`` mid-upload at points spread over the write; check the index.

    python -m benchmarks.kills --sources ../shared/data/realtimeqa-2024/ci/sources --out /tmp/kills.json

The sources are copied into a temp work folder beside the seed articles (which answer the known
question). A clean index of that folder is the reference; its embedding cache is copied into every
killed run, so a run's time goes to the writes (Chroma rows, records, stale-row removal) that the
kills must land in. Each kill lands when the chunk table holds the next point of an even spread
over the write. Then, in a fresh process: every listed document must be whole and the known
question answered; after the follow-up sync (``serve``: a restart, whose start-up sync resumes,
and a re-upload of the same files) the index must equal the clean one. Prints and writes figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from assistant import PROJECT_ROOT
from assistant.evals.metrics import percentile
from tests.kill_helpers import Serve, assistant_cmd, chunk_rows, cli_env, kill_at_rows, problems, read_state

CACHE = "embedding-cache.sqlite"


def _template(work: Path, base: Path, clean_dir: Path, name: str) -> Path:
    """The seed-only index with the clean run's embedding cache."""
    template = work / name
    shutil.copytree(base, template)
    shutil.copyfile(clean_dir / CACHE, template / CACHE)
    return template


def _points(first: int, last: int, kills: int) -> list[int]:
    """``kills`` chunk-row counts spread evenly over the write from ``first`` to ``last`` rows."""
    return [first + max(1, round((i + 0.5) / kills * (last - first))) for i in range(kills)]


def _verdict(kind: str, target: int, seen: int | None, before: dict[str, Any], after: dict[str, Any],
             clean: dict[str, Any], recover_s: float) -> dict[str, Any]:  # fmt: skip
    found_before = problems(before, clean, complete=False)
    found_after = problems(after, clean, complete=True)
    return {
        "kind": kind, "target_rows": target, "rows_at_kill": seen, "landed": seen is not None,
        "documents_at_kill": len(before["records"]), "invisible_rows_at_kill": before["orphan_rows"],
        "consistent_at_kill": not found_before, "consistent_after_recovery": not found_after,
        "recover_s": round(recover_s, 1), "problems": found_before + found_after,
        "dense_missing_first_search": [before["dense_missing_first_search"],
                                       after["dense_missing_first_search"]],
    }  # fmt: skip


def _clean_up(folder: Path, result: dict[str, Any]) -> None:
    """Remove a run's folder, or keep it (named in the result) when it found a problem."""
    if result["problems"]:
        result["kept"] = str(folder)
    else:
        shutil.rmtree(folder)


def sync_kill(work: Path, template: Path, sources: Path, clean: dict[str, Any], target: int,
              batch: str, n: int) -> dict[str, Any]:  # fmt: skip
    data = work / f"sync-{n}"
    shutil.copytree(template, data)
    proc = subprocess.Popen(assistant_cmd(data, sources, "sources", "sync"),
                            env=cli_env(index_batch_chunks=batch),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    seen = kill_at_rows(proc, data, target, timeout=1800)
    state = read_state(data, sources, sync=True)  # a fresh process: the state, a sync, the state
    result = _verdict("sync", target, seen, state["before"], state["after"], clean, state["sync"]["s"])
    _clean_up(data, result)
    return result


def serve_kill(work: Path, template: Path, uploads: list[Path], clean: dict[str, Any], target: int,
               batch: str, n: int) -> dict[str, Any]:  # fmt: skip
    root = work / f"serve-{n}"
    data, sources = root / "data", root / "sources"
    shutil.copytree(template, data)
    shutil.copytree(PROJECT_ROOT / "sources", sources)
    server = Serve(data, sources, root / "serve.log", index_batch_chunks=batch).wait_ready()
    try:
        server.upload_in_background(uploads)
        seen = kill_at_rows(server.proc, data, target, timeout=1800)
    finally:
        server.stop()
    before = read_state(data, sources)["before"]
    started = time.perf_counter()
    server = Serve(data, sources, root / "serve.log").wait_ready()  # its start-up sync resumes
    try:
        report = server.upload(uploads)
    finally:
        server.stop()
    recover_s = time.perf_counter() - started
    after = read_state(data, sources)["before"]
    result = _verdict("serve", target, seen, before, after, clean, recover_s)
    if report["errors"]:
        result["problems"].append(f"re-upload errors: {report['errors']}")
        result["consistent_after_recovery"] = False
    _clean_up(root, result)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, required=True, help="a folder of articles (read only)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N files (0: all)")
    parser.add_argument("--sync-kills", type=int, default=16)
    parser.add_argument("--serve-kills", type=int, default=6)
    parser.add_argument("--serve-files", type=int, default=40, help="files per killed upload")
    parser.add_argument("--batch", default="128", help="ASSISTANT_INDEX_BATCH_CHUNKS of killed runs")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()

    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="kills-"))
    sources, seed, serve_set = work / "sources", work / "seed", work / "serve-set"
    files = sorted(args.sources.glob("*.md"))[: args.limit or None]
    sources.mkdir()
    for path in files:
        shutil.copyfile(path, sources / path.name)
    shutil.copytree(PROJECT_ROOT / "sources", seed)
    shutil.copytree(seed, sources, dirs_exist_ok=True)
    uploads = files[: args.serve_files]
    shutil.copytree(seed, serve_set)
    for path in uploads:
        shutil.copyfile(path, serve_set / path.name)

    subprocess.run(assistant_cmd(work / "base", seed, "sources", "sync"), env=cli_env(),
                   check=True, capture_output=True)  # fmt: skip
    t0 = time.perf_counter()
    clean = read_state(work / "clean", sources, sync=True)["after"]
    clean_s = time.perf_counter() - t0
    clean_serve = read_state(work / "clean-serve", serve_set, sync=True)["after"]
    sync_template = _template(work, work / "base", work / "clean", "sync-template")
    serve_template = _template(work, work / "base", work / "clean-serve", "serve-template")
    base_rows = chunk_rows(work / "base")

    results = []
    for n, target in enumerate(_points(base_rows, clean["chunk_count"], args.sync_kills)):
        results.append(sync_kill(work, sync_template, sources, clean, target, args.batch, n))
        print(json.dumps(results[-1]), flush=True)
    for n, target in enumerate(_points(base_rows, clean_serve["chunk_count"], args.serve_kills)):
        results.append(serve_kill(work, serve_template, uploads, clean_serve, target, args.batch, n))
        print(json.dumps(results[-1]), flush=True)

    landed = [r for r in results if r["landed"]]
    recover = [r["recover_s"] for r in landed]
    figures = {
        "command": "python -m benchmarks.kills " + " ".join(
            f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items() if k != "out"),
        "documents": len(clean["records"]), "chunks": clean["chunk_count"],
        "clean_sync_s": round(clean_s, 1), "index_batch_chunks": int(args.batch),
        "kills": len(results), "landed_mid_write": len(landed),
        "consistent_at_kill": sum(r["consistent_at_kill"] for r in landed),
        "consistent_after_recovery": sum(r["consistent_after_recovery"] for r in landed),
        "recover_s": {"p50": round(percentile(recover, 50), 1), "max": max(recover)}
        if recover else {},
        "runs": results,
        "total_s": round(time.perf_counter() - started, 1),
        "load_average": os.getloadavg(),
    }  # fmt: skip
    if not any(r["problems"] for r in results):
        shutil.rmtree(work)
    print(json.dumps({k: v for k, v in figures.items() if k != "runs"}, indent=2))
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
