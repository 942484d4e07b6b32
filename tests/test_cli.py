"""The CLI as other tools use it: a real subprocess, JSON out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import Assistant

pytestmark = pytest.mark.subprocess


def _run(seeded: Assistant, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(seeded.settings.data_dir),
           "ASSISTANT_SOURCES_DIR": str(seeded.settings.sources_dir)}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip


def test_ask_json(seeded: Assistant) -> None:
    out = _run(seeded, "ask", "--json", "Where did the Chain Expo open?")
    assert out.returncode == 0, out.stderr
    obj = json.loads(out.stdout)
    assert set(obj) >= {"question", "answer", "abstained", "citations", "passages", "backend", "timings_ms"}
    assert obj["backend"] == "extractive" and "Beijing" in obj["answer"]
    c = obj["citations"][0]
    assert set(c) == {"n", "source_id", "title", "outlet", "date", "quote", "start", "end",
                      "speaker", "speaker_role", "via"}


def test_ask_json_stdin_batch(seeded: Assistant) -> None:
    out = _run(seeded, "ask", "--json", "-", stdin="Who is Zhu Min?\n\nWhat is the EU AI Act?\n")
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [o["question"] for o in lines] == ["Who is Zhu Min?", "What is the EU AI Act?"]
    assert lines[1]["abstained"] is True


def test_ask_prints_sources(seeded: Assistant) -> None:
    out = _run(seeded, "ask", "What did Zhu Min say about AI risks?")
    assert out.returncode == 0 and "Sources" in out.stdout and "[1] ZH" in out.stdout


def test_sources_commands_and_errors(seeded: Assistant, tmp_path: Path) -> None:
    listed = json.loads(_run(seeded, "sources", "list", "--json").stdout)
    assert len(listed) == 2
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    out = _run(seeded, "sources", "add", str(bad))
    assert out.returncode == 1 and "bad.txt: the file is empty" in out.stderr
    out = _run(seeded, "sources", "remove", "no-such-id")
    assert out.returncode == 1 and "No indexed source" in out.stderr
