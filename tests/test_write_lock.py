"""Index writes of two processes sharing a data dir never interleave (``assistant.write_lock``).

Real processes: ``assistant sources add`` / ``sources sync`` subprocesses against a lock held by this
process or by each other. A waiting writer says so; a writer that waits too long fails naming the
lock file and changes nothing; concurrent writers all land, each document once and whole.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from assistant import Assistant, Settings, hold_write_lock, lock_path
from assistant.embedding import Embedder

from .kill_helpers import assistant_cmd, cli_env
from .ui_server import SOURCES

pytestmark = pytest.mark.subprocess
WAIT_MSG = "Waiting for another index write"


def _article(folder: Path, name: str, paragraphs: int) -> Path:
    path = folder / f"{name}.md"
    body = "\n\n".join(f"The {name} council met on day {n} and voted {n % 7} to {n % 5} on item {n}."
                       for n in range(paragraphs))  # fmt: skip
    path.write_text(f"---\ntitle: {name}\noutlet: Test Wire\ndate: 2026-07-01\n---\n{body}\n")
    return path


@pytest.fixture
def folders(tmp_path: Path, cli_seed_index: tuple[Path, Path]) -> tuple[Path, Path, Path]:
    """(a copy of the seed index, its sources folder, a folder of files to add)."""
    data, sources, incoming = tmp_path / "data", tmp_path / "sources", tmp_path / "incoming"
    shutil.copytree(cli_seed_index[0], data)
    shutil.copytree(cli_seed_index[1], sources)
    incoming.mkdir()
    return data, sources, incoming


def _start(data: Path, sources: Path, *args: str, **settings: str) -> subprocess.Popen[str]:
    return subprocess.Popen(assistant_cmd(data, sources, *args), env=cli_env(**settings), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


def _wait_for_text(proc: subprocess.Popen[str], text: str, timeout: float) -> str:
    """Read the process's stderr until ``text`` appears (it must, before ``timeout``)."""
    assert proc.stderr is not None
    seen = ""
    deadline = time.monotonic() + timeout
    while text not in seen:
        assert time.monotonic() < deadline, f"no {text!r} in {timeout} s; stderr so far: {seen[-2000:]}"
        line = proc.stderr.readline()
        assert line or proc.poll() is None, f"exited {proc.returncode} first; stderr: {seen[-2000:]}"
        seen += line
    return seen


def _index(data: Path, sources: Path, embedder: Embedder) -> tuple[dict[str, int], Counter[str]]:
    """Each record's chunk count, and the chunk rows stored per source (read in a fresh client)."""
    a = Assistant(Settings(data_dir=data, sources_dir=sources), embedder=embedder)
    records = {r.source_id: r.chunks for r in a.list_sources()}
    rows = Counter(str(m["source_id"]) for _, _, m in a.store.iter_chunks())
    return records, rows


def test_a_writer_waits_for_the_lock_says_so_and_then_lands(folders: tuple[Path, Path, Path],
                                                            embedder: Embedder) -> None:  # fmt: skip
    data, sources, incoming = folders
    path = _article(incoming, "harbour-vote", 5)
    with hold_write_lock(data, 5.0):  # this process is the other writer
        proc = _start(data, sources, "sources", "add", str(path))
        said = _wait_for_text(proc, WAIT_MSG, 120)
        assert str(lock_path(data)) in said
        time.sleep(1.0)
        assert proc.poll() is None, "the add went ahead while another process held the lock"
        assert not (sources / path.name).exists()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err[-2000:]
    assert "1 added" in out
    records, rows = _index(data, sources, embedder)
    assert records["harbour-vote"] == rows["harbour-vote"] > 0


def test_a_writer_that_waits_too_long_fails_naming_the_lock_and_changes_nothing(
    folders: tuple[Path, Path, Path], embedder: Embedder
) -> None:
    data, sources, incoming = folders
    before = _index(data, sources, embedder)
    path = _article(incoming, "harbour-vote", 5)
    with hold_write_lock(data, 5.0):
        cmd = assistant_cmd(data, sources, "sources", "add", str(path))
        env = cli_env(write_lock_wait_s="1")
        done = subprocess.run(cmd, text=True, env=env, capture_output=True, timeout=120)
    assert done.returncode != 0
    assert str(lock_path(data)) in done.stderr and "ASSISTANT_WRITE_LOCK_WAIT_S" in done.stderr
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert not (sources / path.name).exists()
    assert sorted(p.name for p in sources.iterdir()) == sorted(p.name for p in SOURCES.iterdir())
    assert _index(data, sources, embedder) == before


def test_concurrent_adds_and_a_sync_all_land_once(
    folders: tuple[Path, Path, Path], embedder: Embedder
) -> None:
    """Two adds and a sync, all started while this process holds the lock, go at once when it is
    released: each waits its turn, and every document lands whole, once. (Unserialized, a sync's
    clean-up of chunk rows without a record can delete those of an add in flight.)"""
    data, sources, incoming = folders
    first, second = _article(incoming, "harbour-vote", 60), _article(incoming, "river-vote", 60)
    with hold_write_lock(data, 5.0):
        procs = [_start(data, sources, "sources", "add", str(first), index_batch_chunks="2"),
                 _start(data, sources, "sources", "add", str(second), index_batch_chunks="2"),
                 _start(data, sources, "sources", "sync")]  # fmt: skip
        said = [_wait_for_text(p, WAIT_MSG, 120) for p in procs]
    outputs = [p.communicate(timeout=300) for p in procs]
    for p, early, (_, err) in zip(procs, said, outputs):
        assert p.returncode == 0, (early + err)[-2000:]
        assert "Traceback" not in early + err
    assert "1 added" in outputs[0][0] and "1 added" in outputs[1][0]
    assert sum("Got the index write lock" in early + err for early, (_, err) in zip(said, outputs)) == 3
    records, rows = _index(data, sources, embedder)
    assert {"harbour-vote", "river-vote"} <= set(records)
    assert records == dict(rows), "a record's chunk count differs from the rows stored"
    assert [p.name for p in sources.iterdir() if p.name.startswith(".")] == []


_UPLOAD = """
import json, sys
from pathlib import Path
from assistant import Assistant, Settings
from assistant.ui import UIService
data, sources, upload = (Path(a) for a in sys.argv[1:4])
report = UIService(Assistant(Settings(data_dir=data, sources_dir=sources))).add_files([upload])
print(json.dumps({"added": report.added, "updated": report.updated,
                  "errors": [e.reason for e in report.errors]}))
"""


def test_two_uploads_of_different_documents_under_one_name_both_keep_a_name(
    folders: tuple[Path, Path, Path], embedder: Embedder,
) -> None:
    """Two processes upload different files both named ``same.md`` while the lock is held, so both
    are past their start when it is released: the name is chosen under the lock, so the second
    sees the first's file and takes ``same-2.md`` (chosen before it, both took ``same.md`` and the
    second replaced the first)."""
    data, sources, incoming = folders
    uploads = []
    for n, town in enumerate(("harbour", "river")):
        folder = incoming / str(n)
        folder.mkdir()
        uploads.append(_article(folder, town, 5).rename(folder / "same.md"))
    with hold_write_lock(data, 5.0):
        procs = [subprocess.Popen([sys.executable, "-c", _UPLOAD, str(data), str(sources), str(u)],
                                  env=cli_env(), text=True, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE) for u in uploads]  # fmt: skip
        said = [_wait_for_text(p, WAIT_MSG, 120) for p in procs]
    outputs = [p.communicate(timeout=300) for p in procs]
    for p, early, (_, err) in zip(procs, said, outputs):
        assert p.returncode == 0, (early + err)[-2000:]
    reports = [json.loads(out) for out, _ in outputs]
    assert sorted(id for r in reports for id in r["added"]) == ["same", "same-2"], reports
    assert all(not r["updated"] and not r["errors"] for r in reports), reports
    kept = {p.read_bytes() for p in (sources / "same.md", sources / "same-2.md")}
    assert kept == {u.read_bytes() for u in uploads}
    records, rows = _index(data, sources, embedder)
    assert records["same"] == rows["same"] > 0 and records["same-2"] == rows["same-2"] > 0
