"""The package as users get it: the public face, and a wheel that works outside the checkout."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import assistant
from assistant import PACKAGED_PROMPTS, PROJECT_ROOT

ARTICLE = """---
title: Harbour ferry adds a night crossing
outlet: Coast Courier
date: 2026-03-02
---
The harbour ferry company will run a night crossing from April, its director said on Monday.
The new service leaves the north pier at 23:40 and takes 35 minutes.
Tickets cost four euros, the same as a day crossing.
"""


@pytest.mark.subprocess
def test_every_public_name_resolves_and_import_stays_light() -> None:
    for name in assistant.__all__:
        assert getattr(assistant, name) is not None, name
    assert "eval_group" not in assistant.__all__ and set(dir(assistant)) >= set(assistant.__all__)
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        assistant.nothing_here  # noqa: B018
    heavy = ("chromadb", "gradio", "onnxruntime", "langchain_core")
    probe = ("import sys, assistant, assistant.cli; from assistant import Settings, InputError; "
             f"print(sorted(m for m in {heavy!r} if m in sys.modules))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}, check=True)  # fmt: skip
    assert out.stdout.strip() == "[]"


def test_prompts_come_from_the_checkout_here() -> None:
    from assistant import Settings

    assert Settings().prompts_dir == PROJECT_ROOT / "prompts"
    assert not PACKAGED_PROMPTS.exists()  # only a wheel has the packaged copy


def _venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


NO_HATCHLING = "building the wheel offline needs hatchling (pip install -e '.[dev]')"


@pytest.mark.subprocess
@pytest.mark.skipif(importlib.util.find_spec("hatchling") is None, reason=NO_HATCHLING)
def test_wheel_installed_outside_the_checkout_answers_with_a_citation(tmp_path: Path) -> None:
    """Build the wheel, install it (no dependencies) into a fresh venv that borrows this
    environment's site-packages for them, and ask from a folder that is not the checkout.
    """
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-build-isolation", "--no-deps",
                    str(PROJECT_ROOT), "-w", str(dist)], check=True, timeout=300)  # fmt: skip
    wheel = next(dist.glob("news_assistant-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = _venv_python(venv)
    own = subprocess.run([str(python), "-c", "import site; print(site.getsitepackages()[0])"],
                         capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, timeout=300)  # fmt: skip
    # the dependencies come from this environment, after the venv's own site-packages
    # (its .pth files are not run there: this environment's editable install is not seen)
    borrowed = [p for p in sys.path if p.endswith("site-packages")]
    (Path(own) / "dependencies.pth").write_text("\n".join(borrowed) + "\n", encoding="utf-8")
    work = tmp_path / "elsewhere"
    (work / "news").mkdir(parents=True)
    (work / "news" / "ferry.md").write_text(ARTICLE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "PYTHON"))}
    env.update(ASSISTANT_DATA_DIR=str(work / "data"), ASSISTANT_SOURCES_DIR=str(work / "news"))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(venv / "bin" / "assistant"), *args], cwd=work, env=env,
                              capture_output=True, text=True, timeout=300)  # fmt: skip

    probe = "import assistant; print(assistant.__file__); print(assistant.Settings().prompts_dir)"
    where = subprocess.run([str(python), "-c", probe], cwd=work, env=env, capture_output=True, text=True)
    assert where.stdout.split() == [f"{own}/assistant/__init__.py", f"{own}/assistant/_prompts"], where.stderr
    synced = run("sources", "sync")
    assert synced.returncode == 0 and "1 added" in synced.stdout, synced.stderr
    out = run("ask", "--json", "When does the night ferry leave the north pier?")
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert "23:40" in answer["answer"] and not answer["abstained"]
    assert answer["citations"][0]["source_id"] == "ferry" and "[1]" in answer["answer"]
    missing = run("ask", "What did the ferry director say about a bridge to the moon?")
    assert missing.returncode == 0, missing.stderr
