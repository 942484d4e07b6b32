"""The CLI as other tools use it: JSON out, messages on stderr, exit codes.

``ask --json`` runs as a real subprocess; the rest run in this process (``run_cli``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import Assistant
from tests.conftest import RunCli


@pytest.mark.subprocess
def test_ask_json(seeded: Assistant) -> None:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(seeded.settings.data_dir),
           "ASSISTANT_SOURCES_DIR": str(seeded.settings.sources_dir)}  # fmt: skip
    cmd = [sys.executable, "-m", "assistant", "ask", "--json", "Where did the Chain Expo open?"]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    obj = json.loads(out.stdout)
    assert set(obj) >= {"question", "answer", "abstained", "citations", "passages", "backend", "timings_ms"}
    assert obj["backend"] == "extractive" and "Beijing" in obj["answer"]
    c = obj["citations"][0]
    assert set(c) == {"n", "source_id", "title", "outlet", "date", "quote", "start", "end",
                      "speaker", "speaker_role", "via"}


def test_ask_json_stdin_batch(seeded: Assistant, run_cli: RunCli) -> None:
    out = run_cli(seeded.settings, "ask", "--json", "-", input="Who is Zhu Min?\n\nWhat is the EU AI Act?\n")
    assert out.exit_code == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [o["question"] for o in lines] == ["Who is Zhu Min?", "What is the EU AI Act?"]
    assert lines[1]["abstained"] is True


def test_ask_prints_sources(seeded: Assistant, run_cli: RunCli) -> None:
    out = run_cli(seeded.settings, "ask", "What did Zhu Min say about AI risks?")
    assert out.exit_code == 0 and "Sources" in out.stdout and "[1] ZH" in out.stdout


def test_sources_commands_and_errors(seeded: Assistant, run_cli: RunCli, tmp_path: Path) -> None:
    listed = json.loads(run_cli(seeded.settings, "sources", "list", "--json").stdout)
    assert len(listed) == 2
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    out = run_cli(seeded.settings, "sources", "add", str(bad))
    assert out.exit_code == 1 and "bad.txt: the file is empty" in out.stderr
    out = run_cli(seeded.settings, "sources", "remove", "no-such-id")
    assert out.exit_code == 1 and "No indexed source" in out.stderr
