"""Start llama.cpp's OpenAI-compatible server (``llama-cpp-python[server]``) on loopback.

Used by ``assistant llm serve``, the integration tests and the evaluation scripts.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO

from assistant.errors import ConfigError, LocalModelError

INSTALL = "pip install 'llama-cpp-python[server]==0.3.36'"
N_CTX = 4096  # the answer prompt (6 passages of ~800 characters) and the answer fit


def require_llama_cpp() -> None:
    """A :class:`ConfigError` saying exactly what to install when the server is not importable."""
    needed = ("llama_cpp", "uvicorn", "fastapi", "sse_starlette")
    missing = [m for m in needed if not importlib.util.find_spec(m)]
    if missing:
        raise ConfigError(
            f"llama.cpp's server is not installed (missing {', '.join(missing)}): {INSTALL} "
            "(it builds from source: about 8 minutes on 2 cores), or pip install -e '.[local]'"
        )


def server_command(
    model: Path, alias: str, port: int, threads: int = 2, host: str = "127.0.0.1"
) -> list[str]:
    return [
        sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--model_alias", alias,
        "--host", host, "--port", str(port), "--n_ctx", str(N_CTX), "--n_threads", str(threads),
    ]  # fmt: skip


def start_server(
    model: Path, alias: str, port: int, threads: int = 2, log: IO[bytes] | int | None = subprocess.DEVNULL
) -> subprocess.Popen[bytes]:
    """The server process; its output goes to ``log`` (``None``: this terminal)."""
    require_llama_cpp()
    return subprocess.Popen(server_command(model, alias, port, threads), stdout=log, stderr=subprocess.STDOUT)


def base_url(port: int, host: str = "127.0.0.1") -> str:
    return f"http://{host}:{port}/v1"


def wait_ready(url: str, process: subprocess.Popen[bytes] | None = None, timeout_s: float = 300.0) -> float:
    """Seconds until ``url``/models answers; an error if the process exits or time runs out."""
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        if process is not None and process.poll() is not None:
            raise LocalModelError(f"the llama.cpp server exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/models", timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    raise LocalModelError(f"the llama.cpp server at {url} was not ready after {timeout_s:.0f} s")


def stop(process: subprocess.Popen[bytes], timeout_s: float = 10.0) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
