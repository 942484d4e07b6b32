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

from assistant.assistant import Assistant
from assistant.errors import StoreError
from assistant.settings import Settings

from .conftest import SOURCES

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
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [*_chroma_cmd(), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("chroma run did not start within 60 s")
    yield port, proc
    proc.terminate()
    proc.wait(timeout=20)


def _settings(tmp_path: Path, port: int, collection: str) -> Settings:
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    return Settings(data_dir=tmp_path / "data", sources_dir=sources, chroma_host="127.0.0.1",
                    chroma_port=port, collection=collection)  # fmt: skip


Server = tuple[int, "subprocess.Popen[bytes]"]


def test_sync_and_ask_against_server(chroma_server: Server, tmp_path: Path) -> None:
    port, _ = chroma_server
    settings = _settings(tmp_path, port, "server_test")
    a = Assistant(settings)
    assert len(a.sync().added) == 2
    assert len(a.sync().unchanged) == 2  # idempotent against the server too
    assert not (settings.data_dir / "chroma").exists()  # nothing embedded locally
    answer = a.answer("Where did the Chain Expo open?")
    assert "Beijing" in answer.text and answer.citations

    other = Assistant(settings)  # a second client sees the same index
    assert {r.source_id for r in other.list_sources()} == {r.source_id for r in a.list_sources()}


def test_server_that_goes_away_gives_a_clear_error(tmp_path: Path) -> None:
    port = _free_port()  # nothing listens here
    settings = _settings(tmp_path, port, "gone")
    started = time.time()
    with pytest.raises(StoreError, match="ASSISTANT_CHROMA_HOST"):
        Assistant(settings).sync()
    assert time.time() - started < 30
