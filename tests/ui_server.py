"""Start the real ``assistant serve`` in a subprocess over a temp copy of the seed sources."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from assistant import PROJECT_ROOT

SOURCES = PROJECT_ROOT / "sources"
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "ui"


@dataclass
class Server:
    url: str
    root: Path
    log: Path
    pid: int

    @property
    def sources_dir(self) -> Path:
        return self.root / "sources"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"assistant serve exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise TimeoutError(f"assistant serve did not answer on {url} in {timeout}s:\n{log.read_text()}")


@contextmanager
def running_server(root: Path, env: dict[str, str] | None = None, port: int = 0) -> Iterator[Server]:
    """``python -m assistant serve`` (which syncs sources/ first) on a free loopback port, or on
    ``port`` (a restart over the same ``root`` keeps the data and the browser's origin)."""
    shutil.copytree(SOURCES, root / "sources", dirs_exist_ok=True)
    port = port or free_port()
    log = root / "server.log"
    environment = {
        **os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "ANONYMIZED_TELEMETRY": "False",
        "GRADIO_TEMP_DIR": str(root / "gradio-tmp"), "PYTHONUNBUFFERED": "1", **(env or {}),
    }  # fmt: skip
    cmd = [sys.executable, "-m", "assistant", "--data-dir", str(root / "data"),
           "--sources-dir", str(root / "sources"), "serve", "--port", str(port)]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=environment, cwd=root)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_ready(url, proc, log)
        yield Server(url, root, log, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
