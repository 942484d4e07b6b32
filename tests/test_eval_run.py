"""The eval end to end: the real assistant over the seed articles, a tiny question file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from assistant import Assistant
from assistant.evals import load_questions, run_suite
from assistant.verification import SupportJudge
from tests.conftest import RunCli

TINY = [
    {
        "id": "t-fact",
        "kind": "fact",
        "q": "When did Foreign Policy run its commentary on the US and China taking different AI paths?",
        "expect": [["21st"]],
        "support": ["published a commentary on the 21st"],
    },
    {"id": "t-unans", "kind": "unanswerable", "q": "What does the EU's AI Act say about frontier models?"},
    {
        "id": "t-fp",
        "kind": "false_premise",
        "q": "Why did Zhu Min say the US lead over China in AI models is 12 percent?",
        "expect": [["2.7 percent", "2.7%"]],
        "support": ["a narrow advantage of around 2.7 percent"],
    },
    {
        "id": "t-follow",
        "kind": "fact",
        "q": "Who would run it?",
        "expect": [["White House"]],
        "support": ["led by the White House"],
        "history": [
            {
                "role": "user",
                "content": "What does the Foreign Policy commentary propose the US set up to spread AI "
                "abroad?",
            },
            {"role": "assistant", "content": "A Responsible AI Global Empowerment Network."},
        ],
    },
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("q") / "tiny.jsonl"
    path.write_text("".join(json.dumps(q) + "\n" for q in TINY), encoding="utf-8")
    return path


def _scores(report: dict[str, Any]) -> tuple[Any, ...]:
    """Everything a run measures except timing."""
    summary = {k: v for k, v in report["summary"].items() if not k.startswith("latency.")}
    per_question = [{k: v for k, v in q.items() if k != "latency_ms"} for q in report["questions"]]
    by_kind = {
        k: {m: v for m, v in row.items() if not m.startswith("latency.")}
        for k, row in report["by_kind"].items()
    }
    return summary, per_question, by_kind, report["judge_check"]


def test_same_inputs_same_scores(seeded: Assistant, tiny: Path) -> None:
    questions = load_questions([tiny])
    judge = SupportJudge(seeded.embedder.embed)
    first = run_suite(seeded, questions, judge, progress=False)
    second = run_suite(seeded, questions, SupportJudge(seeded.embedder.embed), progress=False)
    assert _scores(first) == _scores(second)
    records = {q["id"]: q for q in first["questions"]}
    assert len(records) == 4 and records["t-follow"]["history"]
    # The EU AI Act is not in the articles: a correct abstention is correct (1.0), not NaN or 0,
    # and it is left out of faithfulness rather than scored.
    unans = records["t-unans"]
    assert unans["abstained"] and unans["correct"] and unans["faithfulness"] is None
    assert first["summary"]["correctness.unanswerable"] == 1.0
    assert first["counts"]["faithfulness_excluded_abstained"] >= 1
    # Quotes from the extractive backend are verbatim at their offsets.
    assert first["summary"]["quote_fidelity"] == 1.0
    fact = records["t-fact"]
    assert fact["correct"] and fact["retrieval"]["found"] == 1 and fact["claims"]
    json.dumps(first, allow_nan=False)


@pytest.fixture
def eval_cli(seeded: Assistant, run_cli: RunCli) -> Callable[..., Result]:
    """``assistant eval ARGS`` over the seeded index, in this process (the last test here runs one in
    a real subprocess)."""

    def run(*args: str) -> Result:
        return run_cli(seeded.settings, "eval", *args)

    return run


def test_cli_run_writes_reports_and_gates_on_thresholds(eval_cli: Callable[..., Result], tiny: Path,
                                                        tmp_path: Path) -> None:  # fmt: skip
    strict = tmp_path / "strict.toml"
    strict.write_text('[min]\ncorrectness = 1.01\n"retrieval.mrr" = 0.0\n[max]\n"latency.p95_ms" = 1e9\n')
    out = eval_cli(
        "run",
        "--questions",
        str(tiny),
        "--out",
        str(tmp_path / "a"),
        "--thresholds",
        str(strict),
        "--no-progress",
    )
    assert out.exit_code == 1, out.stderr
    assert "1 threshold(s) missed" in out.stderr and "correctness =" in out.stderr
    assert "retrieval.mrr" not in out.stderr
    for name in ("report.json", "report.md", "report.html", "ragas.jsonl", "ragas.csv"):
        assert (tmp_path / "a" / name).is_file()
    report = json.loads((tmp_path / "a" / "report.json").read_text())
    assert report["meta"]["judge"] == "deterministic" and report["meta"]["questions"] == 4
    assert [j["file"] for j in report["judge_check"]][:1] == ["judge_labels.jsonl"]

    lenient = tmp_path / "lenient.toml"
    lenient.write_text("[min]\ncorrectness = 0.0\n")
    out = eval_cli(
        "run",
        "--questions",
        str(tiny),
        "--out",
        str(tmp_path / "b"),
        "--thresholds",
        str(lenient),
        "--labels",
        str(tmp_path / "a" / "none.jsonl"),
    )
    assert out.exit_code == 1 and "none.jsonl: file not found" in out.stderr  # a bad input is an error
    out = eval_cli(
        "run",
        "--questions",
        str(tiny),
        "--out",
        str(tmp_path / "b"),
        "--thresholds",
        str(lenient),
        "--no-progress",
    )
    assert out.exit_code == 0, out.stderr
    assert "Correct answers" in out.stdout and "judge on judge_labels.jsonl" in out.stdout

    out = eval_cli(
        "compare",
        str(tmp_path / "a"),
        str(tmp_path / "b" / "report.json"),
        "--md",
        str(tmp_path / "cmp.md"),
    )
    assert out.exit_code == 0, out.stderr
    assert "0 fixed, 0 broken" in out.stdout and (tmp_path / "cmp.md").is_file()


def test_cli_errors_are_messages(eval_cli: Callable[..., Result], tiny: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "kind": "fact", "q": "?"}\n')
    out = eval_cli("run", "--questions", str(bad), "--no-thresholds")
    assert (
        out.exit_code == 1 and "bad.jsonl:1: a fact question needs at least one 'expect' group" in out.stderr
    )
    out = eval_cli("run", "--questions", str(tiny), "--judge", "llm", "--no-thresholds")
    assert out.exit_code == 1 and "needs an LLM endpoint" in out.stderr
    assert "Traceback" not in out.stderr
    out = eval_cli("run", "--unanswerable-withheld", str(tmp_path / "missing.jsonl"), "--no-thresholds")
    assert out.exit_code == 1 and "missing.jsonl: file not found" in out.stderr


@pytest.mark.subprocess
def test_the_eval_cli_in_its_own_process_names_a_missing_file(seeded: Assistant, tmp_path: Path) -> None:
    """``assistant eval`` as a shell runs it: a wrong question file is a message and status 1, before
    any indexing (test.sh runs whole evals this way)."""
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(seeded.settings.data_dir),
           "ASSISTANT_SOURCES_DIR": str(seeded.settings.sources_dir)}  # fmt: skip
    missing = tmp_path / "missing.jsonl"
    out = subprocess.run([sys.executable, "-m", "assistant", "eval", "run", "--questions", str(missing),
                          "--no-thresholds", "--no-progress"],
                         env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert out.returncode == 1 and "missing.jsonl: file not found" in out.stderr, out.stderr
    assert "Traceback" not in out.stderr
