"""kill -9 during index writes (``sources sync`` and ``serve`` mid-upload), then check the index.

Each kill lands after a chosen number of chunk rows is stored, spread over the write. Right after
it every listed document must be whole and a known question still answered; after a follow-up sync
(or a restarted server and a re-upload) the index must equal a clean index of the same files.
Three kills, at 25 %, 50 % (``serve``) and 80 % of the write; ``benchmarks/kills.py`` runs
many more on real news. The killed writer is a real ``assistant`` process; the index it leaves is
read by this one, which has not opened that copy before (the ``serve`` test reads in new processes).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from assistant.embedding import Embedder
from benchmarks.corpus import generate

from .kill_helpers import (
    Serve,
    assistant_cmd,
    chunk_rows,
    cli_env,
    kill_at_rows,
    problems,
    read_state,
    states,
)
from .ui_server import SOURCES

pytestmark = pytest.mark.subprocess
BATCH = "4"  # chunks per write wave: many commit points in a small corpus


@dataclass
class Setup:
    root: Path
    sources: Path  # seed articles and generated ones
    base: Path  # a data dir holding only the seed articles
    clean: dict[str, Any]  # a clean index of ``sources``
    embedder: Embedder  # the session's: the states are read in this process

    @property
    def base_rows(self) -> int:
        return chunk_rows(self.base)

    def at(self, fraction: float) -> int:
        """The chunk-row count that lies ``fraction`` of the way through the write."""
        return self.base_rows + max(1, round(fraction * (self.clean["chunk_count"] - self.base_rows)))

    def data_dir(self, tmp_path: Path) -> Path:
        """A copy of the seed index. (Not its embedding cache too: a writer that only stores rows
        holds Chroma's file locked nearly all the time, and the kill point is not seen.)"""
        data = tmp_path / "data"
        shutil.copytree(self.base, data)
        return data

    def state(self, data: Path, sources: Path, sync: bool = False) -> dict[str, Any]:
        """The index in ``data`` (opened by this process for the first time) and the follow-up sync."""
        return states(data, sources, sync=sync, embedder=self.embedder)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory, cli_seed_index: tuple[Path, Path],
          embedder: Embedder) -> Setup:  # fmt: skip
    root = tmp_path_factory.mktemp("kills")
    sources = root / "sources"
    generate(sources, 120, "short")  # seed articles plus 15 generated ones
    clean = states(root / "clean", sources, sync=True, embedder=embedder)["after"]
    assert len(clean["records"]) > 10 and "Beijing" in clean["answer"]["text"]
    return Setup(root, sources, cli_seed_index[0], clean, embedder)


def test_sync_killed_mid_write_recovers(setup: Setup, tmp_path: Path) -> None:
    data = setup.data_dir(tmp_path)
    proc = subprocess.Popen(assistant_cmd(data, setup.sources, "sources", "sync"),
                            env=cli_env(index_batch_chunks=BATCH),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    seen = kill_at_rows(proc, data, setup.at(0.25), timeout=300)
    assert seen is not None, "the sync finished before the kill point"
    assert proc.returncode == -9
    state = setup.state(data, setup.sources, sync=True)
    before, after = state["before"], state["after"]
    assert len(before["records"]) < len(setup.clean["records"])  # the kill cut the write short
    assert problems(before, setup.clean, complete=False) == []
    assert state["sync"]["errors"] == [] and "added" in state["sync"]["summary"]
    assert problems(after, setup.clean, complete=True) == []


def test_rows_of_a_killed_document_whose_file_is_then_deleted_are_removed(setup: Setup,
                                                                         tmp_path: Path) -> None:
    """A kill leaves rows of a document that has no record yet; if its file is gone by the next
    sync, nothing else would ever remove them.
    """
    data, sources = setup.data_dir(tmp_path), tmp_path / "sources"
    shutil.copytree(setup.sources, sources)
    proc = subprocess.Popen(assistant_cmd(data, sources, "sources", "sync"),
                            env=cli_env(index_batch_chunks=BATCH),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    assert kill_at_rows(proc, data, setup.at(0.8), timeout=300) is not None  # late in the write
    before = setup.state(data, sources)["before"]
    assert problems(before, setup.clean, complete=False) == []
    unrecorded = [sid for sid in before["orphan_sources"] if sid not in before["records"]]
    if not unrecorded:
        pytest.skip("the kill landed between two documents (no rows without a record)")
    for sid in unrecorded:
        (sources / f"{sid}.md").unlink()
    after = setup.state(data, sources, sync=True)["after"]  # this process's client, no other writer
    assert after["orphan_rows"] == 0 and not set(unrecorded) & set(after["records"])
    assert after["chunk_count"] == sum(r["chunks"] for r in after["records"].values())


@pytest.mark.server
def test_serve_killed_mid_upload_recovers(setup: Setup, tmp_path: Path) -> None:
    data, sources = tmp_path / "data", tmp_path / "sources"
    shutil.copytree(setup.base, data)
    shutil.copytree(SOURCES, sources)
    uploads = sorted(setup.sources.glob("gen-*.md"))
    server = Serve(data, sources, tmp_path / "serve.log", index_batch_chunks=BATCH).wait_ready()
    try:
        server.upload_in_background(uploads)
        seen = kill_at_rows(server.proc, data, setup.at(0.5), timeout=300)
    finally:
        server.stop()
    assert seen is not None, "the upload finished before the kill point"
    before = read_state(data, sources)["before"]
    assert problems(before, setup.clean, complete=False) == []

    server = Serve(data, sources, tmp_path / "serve.log").wait_ready()  # its start-up sync resumes
    try:
        report = server.upload(uploads)
    finally:
        server.stop()
    assert report["errors"] == [] and report["unchanged"]  # what the kill left copied is kept
    assert len(report["added"]) + len(report["unchanged"]) == len(uploads)
    after = read_state(data, sources)["before"]
    assert problems(after, setup.clean, complete=True) == []


def test_copies_of_an_add_killed_mid_write_are_removed_and_never_indexed(setup: Setup,
                                                                         tmp_path: Path) -> None:
    """``sources add`` stages its copies under hidden names; killed mid-write, it leaves them (a
    kill during the copy itself leaves one cut short: each is truncated here to stand for that).
    The next sync deletes them and indexes none of them; what the add committed goes too, since
    its file never took its real name.
    """
    data, sources, incoming = setup.data_dir(tmp_path), tmp_path / "sources", tmp_path / "incoming"
    shutil.copytree(SOURCES, sources)
    incoming.mkdir()
    uploads = [Path(shutil.copy(p, incoming)) for p in sorted(setup.sources.glob("gen-*.md"))]
    proc = subprocess.Popen(assistant_cmd(data, sources, "sources", "add", *map(str, uploads)),
                            env=cli_env(index_batch_chunks=BATCH),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    assert kill_at_rows(proc, data, setup.at(0.5), timeout=300) is not None, "the add finished first"
    staged = sorted(sources.glob(".adding-*"))
    assert len(staged) == len(uploads)
    for copy in staged:
        text = copy.read_bytes()
        copy.write_bytes(text[: len(text) // 2])  # still a readable article, cut mid-body

    state = setup.state(data, sources, sync=True)
    after = state["after"]
    assert list(sources.glob(".adding-*")) == []
    names = {p.name for p in uploads}
    paths = [r["path"] for r in after["records"].values()]
    assert [p for p in paths if p in names or p.startswith(".")] == []
    assert after["orphan_rows"] == 0
    assert after["chunk_count"] == sum(r["chunks"] for r in after["records"].values())
    assert problems(after, setup.clean, complete=False) == []
