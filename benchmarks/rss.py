"""Resident memory of ``assistant serve`` (Gradio included) after it has answered questions.

Starts ``python -m assistant serve --no-sync`` on a free loopback port with the run's settings in
its environment, asks the questions through the ``/ask`` API endpoint (as any client would), then
reads the server process's VmRSS and VmHWM from ``/proc``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from assistant import Settings
from assistant.llm import stop
from benchmarks.server import free_port


def _status(pid: int, field: str) -> float:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _env(settings: Settings, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    for name, value in settings.model_dump(mode="json").items():
        if value is None or isinstance(value, (list, dict)):
            continue
        env[f"ASSISTANT_{name.upper()}"] = str(value).lower() if isinstance(value, bool) else str(value)
    env.update(ASSISTANT_HOST="127.0.0.1", ASSISTANT_PORT=str(port), ASSISTANT_CONFIG="/nonexistent.toml",
               GRADIO_ANALYTICS_ENABLED="False", ANONYMIZED_TELEMETRY="False")  # fmt: skip
    return env


def serve_rss(settings: Settings, questions: list[str], log: Path,
              start_timeout_s: float = 300) -> dict[str, Any]:  # fmt: skip
    """Start ``serve``, answer ``questions`` through its API, return its memory figures in MB."""
    from gradio_client import Client

    port = free_port()
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--no-sync"],
                                env=_env(settings, port), stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        client = None
        deadline = time.monotonic() + start_timeout_s
        while client is None:
            if proc.poll() is not None:
                raise RuntimeError(f"'assistant serve' exited with {proc.returncode}; see {log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"'assistant serve' did not answer within {start_timeout_s}s; see {log}")
            try:
                client = Client(f"http://127.0.0.1:{port}/", verbose=False)
            except Exception:  # not listening yet
                time.sleep(1)
        idle = _status(proc.pid, "VmRSS")
        answered = 0
        for question in questions:
            final = client.predict(question, api_name="/ask")
            answered += bool(final.get("done"))
        return {"rss_mb": _status(proc.pid, "VmRSS"), "peak_mb": _status(proc.pid, "VmHWM"),
                "idle_rss_mb": idle, "questions": len(questions), "answered": answered,
                "process": "assistant serve (Gradio)"}  # fmt: skip
    finally:
        stop(proc, timeout_s=20)
