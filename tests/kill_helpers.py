"""Kill -9 a process at a chosen point of its index write, then read the index back.

The point is observable progress: the number of chunk rows Chroma has stored, read from its SQLite
file read-only by this (separate) process. ``python -m tests.kill_helpers`` prints the state of an
index as JSON in a fresh process (so no Chroma client cache of ours is reused), optionally after a
follow-up sync; :func:`problems` compares such states with a clean index of the same folder.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import closing
from pathlib import Path
from typing import Any

POLL_S = 0.005  # a wave of chunk rows lands in one upsert; 5 ms polls see each of them
KNOWN_QUESTION = "Where did the Chain Expo open?"  # answered by a seed article (sources/)
KNOWN_ANSWER = "Beijing"

_CHUNK_ROWS_SQL = (
    "SELECT count(*) FROM embeddings e JOIN segments s ON e.segment_id = s.id "
    "JOIN collections c ON s.collection = c.id WHERE c.name = ? AND s.scope = 'METADATA'"
)


def cli_env(**settings: str) -> dict[str, str]:
    """The environment for an ``assistant`` subprocess: no telemetry, ``ASSISTANT_*`` overrides."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update({"GRADIO_ANALYTICS_ENABLED": "False", "ANONYMIZED_TELEMETRY": "False",
                "PYTHONUNBUFFERED": "1"})  # fmt: skip
    env.update({f"ASSISTANT_{k.upper()}": v for k, v in settings.items()})
    return env


def assistant_cmd(data_dir: Path, sources_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "assistant", "--data-dir", str(data_dir),
            "--sources-dir", str(sources_dir), *args]  # fmt: skip


def chunk_rows(data_dir: Path, collection: str = "news") -> int:
    """Chunk rows stored so far (0 before the collection exists or while the file is locked)."""
    path = data_dir / "chroma" / "chroma.sqlite3"
    if not path.exists():
        return 0
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.5)) as db:
            return int(db.execute(_CHUNK_ROWS_SQL, (collection,)).fetchone()[0])
    except sqlite3.Error:
        return 0


def kill_at_rows(proc: subprocess.Popen[bytes], data_dir: Path, rows: int, timeout: float) -> int | None:
    """SIGKILL ``proc`` as soon as the chunk table holds ``rows`` rows; the rows seen then, or
    None if the process ended first.
    """
    deadline = time.monotonic() + timeout
    while proc.poll() is None:
        seen = chunk_rows(data_dir)
        if seen >= rows:
            proc.kill()
            proc.wait()
            return seen
        if time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            raise TimeoutError(f"{proc.args!r} did not reach {rows} chunk rows in {timeout} s")
        time.sleep(POLL_S)
    return None


class Serve:
    """A real ``assistant serve`` on a free loopback port, over the given folders."""

    def __init__(self, data_dir: Path, sources_dir: Path, log: Path, **settings: str) -> None:
        from tests.ui_server import free_port

        self.url = f"http://127.0.0.1:{free_port()}/"
        self.log = log
        cmd = assistant_cmd(data_dir, sources_dir, "serve", "--port", self.url.rsplit(":", 1)[1].strip("/"))
        env = {**cli_env(**settings), "GRADIO_TEMP_DIR": str(log.parent / "gradio-tmp")}
        with log.open("ab") as out:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)

    def wait_ready(self) -> Serve:
        from tests.ui_server import _wait_ready

        _wait_ready(self.url, self.proc, self.log)
        return self

    def upload(self, paths: list[Path]) -> dict[str, Any]:
        """Index ``paths`` through the ``/upload`` API, as any client would."""
        from gradio_client import Client, handle_file

        client = Client(self.url, verbose=False)
        return client.predict([handle_file(str(p)) for p in paths], api_name="/upload")  # type: ignore[no-any-return]

    def upload_in_background(self, paths: list[Path]) -> threading.Thread:
        """Start an upload that a kill may cut short (its error is expected and dropped)."""

        def run() -> None:
            try:
                self.upload(paths)
            except Exception:  # noqa: S110 - the server is killed under it on purpose
                pass

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def snapshot(a: Any, question: str) -> dict[str, Any]:
    """The index as a user (records), the store (rows) and a query (dense hits, answer) see it."""
    records = {r.source_id: {**r.__dict__, "path": Path(r.path).name} for r in a.list_sources()}
    for r in records.values():
        del r["indexed_at"]
    rows = Counter((str(m["source_id"]), str(m["version"])) for _, _, m in a.store.iter_chunks())
    versions = {sid: r["version"] for sid, r in records.items()}
    active_ids = {cid for cid, _, m in a.store.iter_chunks()
                  if versions.get(str(m["source_id"])) == m["version"]}  # fmt: skip
    total = a.store.chunk_count()
    vector = a.embedder.embed_query(question)
    dense = {h[0] for h in a.store.query(vector, total, None)} if total else set()
    # A search for every row is approximate (HNSW); ask again among the ones it did not return.
    unseen = sorted(active_ids - dense)
    dense |= {h[0] for h in a.store.query(vector, len(unseen), None, ids=unseen)} if unseen else set()
    answer = a.answer(question)
    return {
        "records": records,
        "active_rows": {sid: rows.get((sid, v), 0) for sid, v in versions.items()},
        "orphan_rows": sum(n for (sid, v), n in rows.items() if versions.get(sid) != v),
        "orphan_sources": sorted({sid for sid, v in rows if versions.get(sid) != v}),
        "chunk_count": total,
        "dense_missing": len(active_ids - dense),  # active chunks the vector index cannot return
        "dense_missing_first_search": len(unseen),
        "answer": {"text": answer.text, "sources": sorted({c.source_id for c in answer.citations})},
    }  # fmt: skip


def states(data_dir: Path, sources_dir: Path, question: str = KNOWN_QUESTION, sync: bool = False,
           embedder: Any = None) -> dict[str, Any]:  # fmt: skip
    """``{"before": snapshot}``, and with ``sync`` the follow-up sync and ``"after"`` it. Called in
    a process that has not opened ``data_dir`` before (a test's own fresh copy), it reads what is on
    disk, as :func:`read_state` does in a new process.
    """
    from assistant import Assistant, Settings

    a = Assistant(Settings(data_dir=data_dir, sources_dir=sources_dir), embedder=embedder)
    out: dict[str, Any] = {"before": snapshot(a, question)}
    if sync:
        started = time.perf_counter()
        report = a.sync()
        out["sync"] = {"s": round(time.perf_counter() - started, 2), "summary": report.summary(),
                       "errors": [str(e) for e in report.errors]}  # fmt: skip
        out["after"] = snapshot(a, question)
    return out


def read_state(data_dir: Path, sources_dir: Path, question: str = KNOWN_QUESTION, sync: bool = False,
               env: dict[str, str] | None = None) -> dict[str, Any]:  # fmt: skip
    """:func:`states` in a fresh process."""
    cmd = [sys.executable, "-m", "tests.kill_helpers", "--data-dir", str(data_dir),
           "--sources-dir", str(sources_dir), "--question", question, *(["--sync"] if sync else [])]
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(cmd, capture_output=True, text=True, env=env or cli_env(), cwd=root, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"reading the index failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def problems(state: dict[str, Any], clean: dict[str, Any], complete: bool) -> list[str]:
    """What differs from a clean index of the same folder. A killed write (``complete`` False) may
    hold a subset of the documents and invisible leftover rows; each listed document must still be
    whole and the known question answered from its seed article. After a follow-up sync
    (``complete``) the index must equal the clean one.
    """
    found = []
    records, want = state["records"], clean["records"]
    for sid, record in records.items():
        if record != want.get(sid):
            found.append(f"record {sid} differs from a clean index: {record} vs {want.get(sid)}")
        if state["active_rows"][sid] != record["chunks"]:
            found.append(f"{sid} lists {record['chunks']} chunks but {state['active_rows'][sid]} are stored")
    if state["dense_missing"]:
        found.append(f"{state['dense_missing']} active chunks are missing from the vector index")
    if complete:
        if set(records) != set(want):
            missing, extra = sorted(set(want) - set(records)), sorted(set(records) - set(want))
            found.append(f"documents missing {missing}, extra {extra}")
        if state["orphan_rows"]:
            found.append(f"{state['orphan_rows']} orphan chunk rows (no record or an old version)")
        if state["chunk_count"] != clean["chunk_count"]:
            found.append(f"{state['chunk_count']} chunks stored, a clean index has {clean['chunk_count']}")
        if state["answer"] != clean["answer"]:
            found.append(f"the known question is answered {state['answer']} instead of {clean['answer']}")
    elif KNOWN_ANSWER not in state["answer"]["text"]:
        found.append(f"the known question lost its answer: {state['answer']}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description="Print an index's state as one JSON line.")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--sources-dir", type=Path, required=True)
    parser.add_argument("--question", default=KNOWN_QUESTION)
    parser.add_argument("--sync", action="store_true", help="run a follow-up sync first")
    args = parser.parse_args()
    state = states(args.data_dir, args.sources_dir, args.question, args.sync)
    sys.stdout.write(json.dumps(state, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
