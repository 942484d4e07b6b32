"""A ``chroma run`` server on a free loopback port, for ``--chroma-server`` runs."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ChromaServer:
    """Starts ``chroma run --path DIR --host 127.0.0.1 --port P``; stops it on :meth:`stop`."""

    def __init__(self, path: Path, port: int | None = None) -> None:
        self.host = "127.0.0.1"
        self.port = port or free_port()
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        exe = Path(sys.executable).with_name("chroma")
        cmd = [str(exe) if exe.exists() else "chroma", "run", "--path", str(path),
               "--host", self.host, "--port", str(self.port)]  # fmt: skip
        self.log = (path.parent / "chroma-server.log").open("wb")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection((self.host, self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"chroma run did not answer on {self.host}:{self.port} within 60 s")

    def client(self) -> Any:
        import chromadb
        from chromadb.config import Settings

        return chromadb.HttpClient(host=self.host, port=self.port,
                                   settings=Settings(anonymized_telemetry=False))  # fmt: skip

    def drop(self, names: list[str]) -> None:
        client = self.client()
        existing = {c.name if hasattr(c, "name") else str(c) for c in client.list_collections()}
        for name in names:
            if name in existing:
                client.delete_collection(name)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)
        self.log.close()
