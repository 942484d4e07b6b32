"""The same code against a real Chroma server (`chroma run`) on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import Filters, Settings, StoreError

from .conftest import SOURCES, NewAssistant

pytestmark = pytest.mark.server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _chroma_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("chroma")
    return [str(exe)] if exe.exists() else ["chroma"]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    port = _free_port()
    proc = _start_chroma(tmp_path_factory.mktemp("chroma-server"), port)
    yield port, proc
    proc.terminate()
    proc.wait(timeout=20)


def _settings(tmp_path: Path, port: int, collection: str) -> Settings:
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    return Settings(data_dir=tmp_path / "data", sources_dir=sources, chroma_host="127.0.0.1",
                    chroma_port=port, collection=collection)  # fmt: skip


Server = tuple[int, "subprocess.Popen[bytes]"]


def test_sync_and_ask_against_server(
    chroma_server: Server, tmp_path: Path, new_assistant: NewAssistant
) -> None:
    port, _ = chroma_server
    settings = _settings(tmp_path, port, "server_test")
    a = new_assistant(settings)
    assert len(a.sync().added) == 2
    assert len(a.sync().unchanged) == 2  # idempotent against the server too
    assert not (settings.data_dir / "chroma").exists()  # nothing embedded locally
    answer = a.answer("Where did the Chain Expo open?")
    assert "Beijing" in answer.text and answer.citations
    only = "spike-news-us-china-ai-convergence-or-competition"
    filtered = a.answer("What is the US position on AI?", filters=Filters(sources=(only,)))
    assert filtered.citations and {c.source_id for c in filtered.citations} == {only}
    bm25 = a.snapshot().bm25  # a filtered query names its chunks by id; the server must take them
    allowed = [i for i, m in zip(bm25.ids, bm25.metas) if m["source_id"] == only][:3]
    hits = a.store.query(a.embedder.embed_query("AI"), 10, None, ids=allowed)
    assert sorted(h[0] for h in hits) == sorted(allowed)

    other = new_assistant(settings)  # a second client sees the same index
    assert {r.source_id for r in other.list_sources()} == {r.source_id for r in a.list_sources()}


def test_server_that_goes_away_gives_a_clear_error(tmp_path: Path, new_assistant: NewAssistant) -> None:
    port = _free_port()  # nothing listens here
    settings = _settings(tmp_path, port, "gone")
    started = time.time()
    with pytest.raises(StoreError, match="ASSISTANT_CHROMA_HOST"):
        new_assistant(settings).sync()
    assert time.time() - started < 30


def _start_chroma(path: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [*_chroma_cmd(), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    pytest.fail("chroma run did not start within 60 s")


def test_server_killed_mid_sync_loses_nothing(tmp_path: Path, new_assistant: NewAssistant) -> None:
    port, path = _free_port(), tmp_path / "chroma-server"
    settings = _settings(tmp_path, port, "killed").model_copy(update={"index_batch_chunks": 1})
    for i in range(6):
        (settings.sources_dir / f"note{i}.md").write_text(
            f"---\ntitle: Note {i}\noutlet: Wire\ndate: 2025-01-0{i + 1}\n---\n\n"
            f"Depot {i} in Harbourtown stored {100 + i} crates of tea.\n")  # fmt: skip
    proc = _start_chroma(path, port)
    try:
        a = new_assistant(settings)
        store = a.store
        real_put = store.put_sources
        commits: list[int] = []

        def put_then_die(items):  # type: ignore[no-untyped-def]
            real_put(items)
            commits.append(len(items))
            if len(commits) == 3:  # three documents committed, five to go: the server dies
                proc.kill()
                proc.wait(timeout=20)

        store.put_sources = put_then_die  # type: ignore[method-assign]
        started = time.time()
        with pytest.raises(StoreError, match="ASSISTANT_CHROMA_HOST") as caught:
            a.sync()
        assert time.time() - started < 60 and str(port) in str(caught.value)

        proc = _start_chroma(path, port)  # back on the same data path
        again = new_assistant(settings)
        report = again.sync()
        assert len(report.unchanged) == 3 and len(report.added) == 5
        records = again.store.sources()
        assert len(records) == 8
        ids = [cid for cid, _, _ in again.store.iter_chunks()]
        assert len(ids) == len(set(ids))  # no duplicates
        active = {cid for cid, _, m in again.store.iter_chunks()
                  if records[str(m["source_id"])].version == m["version"]}  # fmt: skip
        assert sum(r.chunks for r in records.values()) == len(active)
        bm25 = again.snapshot().bm25
        assert set(bm25.ids) == active
        assert "104" in again.answer("How many crates of tea did depot 4 store?").text
    finally:
        proc.kill()
        proc.wait(timeout=20)
