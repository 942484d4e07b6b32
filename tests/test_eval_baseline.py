"""The naive baseline: two RRF-ranked passage sentences, cited verbatim; run beside ours in one eval."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant, EvalError
from assistant.evals import SENTENCES, baseline_assistant, load_questions, run_suite
from assistant.text import bm25_scores
from assistant.verification import SupportJudge
from tests.conftest import RunCli, source_text

QUESTIONS = [
    {"id": "b-fact", "kind": "fact", "q": "Where did the Chain Expo open?", "expect": [["Beijing"]],
     "split": "tune"},
    {"id": "b-unans", "kind": "unanswerable", "q": "What does the EU's AI Act say about frontier models?",
     "split": "check"},
    {"id": "b-fact2", "kind": "fact", "q": "Who is Zhu Min?", "expect": [["IMF"]], "split": "check"},
]  # fmt: skip
# Invented pairs to check the judge on: the CLI test is about --baseline, and the default label
# files (the judge's own test, run by tests/test_eval_run.py) embed a few hundred passages.
FERRY = "The night ferry leaves the pier at 23:40."
LABELS = [
    {"id": "l-yes", "sentence": "The ferry leaves at 23:40.", "passage": FERRY, "supported": True,
     "why": "same time", "category": "paraphrase"},
    {"id": "l-no", "sentence": "The ferry leaves at 22:10.", "passage": FERRY, "supported": False,
     "why": "another time", "category": "wrong number"},
]  # fmt: skip


def test_bm25_prefers_the_rarer_matching_term() -> None:
    docs = [["expo", "open"], ["beij", "expo"], ["weather"]]
    scores = bm25_scores({"beij": 2.0, "expo": 0.2}, docs)
    assert int(np.argmax(scores)) == 1 and scores[2] == 0.0


def test_naive_answer_is_two_verbatim_cited_sentences(seeded: Assistant) -> None:
    naive = baseline_assistant(seeded, "naive")
    assert naive.embedder is seeded.embedder and naive.store is seeded.store  # nothing loaded twice
    for question in ("Where did the Chain Expo open?", QUESTIONS[1]["q"]):
        answer = naive.answer(question)
        assert not answer.abstained and answer.backend == "naive"  # it never abstains
        assert len(answer.citations) == SENTENCES and "[1]" in answer.text and "[2]" in answer.text
        for c in answer.citations:
            assert source_text(seeded, c.source_id)[c.start : c.end] == c.quote
            assert c.quote in answer.text
    assert "Beijing" in naive.answer("Where did the Chain Expo open?").text
    with pytest.raises(EvalError, match="unknown baseline"):
        baseline_assistant(seeded, "oracle")


def test_run_suite_reports_ours_against_the_baseline(seeded: Assistant, tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text("".join(json.dumps(q) + "\n" for q in QUESTIONS), encoding="utf-8")
    report = run_suite(seeded, load_questions([path]), SupportJudge(seeded.embedder.embed),
                       baseline=baseline_assistant(seeded, "naive"), progress=False)  # fmt: skip
    b = report["baseline"]
    assert b["method"] == "naive" and len(b["questions"]) == 3
    assert b["summary"]["correctness.unanswerable@check"] == 0.0  # it answered the unanswerable one
    assert report["summary"]["correctness.unanswerable@check"] == 1.0
    rows = {r["metric"]: r for r in b["versus"]}
    assert rows["correctness.unanswerable@check"]["delta"] == 1.0
    assert b["summary"]["quote_fidelity"] == 1.0
    assert report["meta"]["budget"]["fact"] == 450


def test_cli_baseline_option(seeded: Assistant, run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text("".join(json.dumps(q) + "\n" for q in QUESTIONS), encoding="utf-8")
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps(p) + "\n" for p in LABELS), encoding="utf-8")
    out = run_cli(seeded.settings, "eval", "run", "--questions", str(path), "--out", str(tmp_path / "run"),
                  "--labels", str(labels), "--baseline", "naive", "--no-thresholds",
                  "--no-progress")  # fmt: skip
    assert out.exit_code == 0, out.stderr
    assert "Ours vs naive:" in out.stdout and "By split and file:" in out.stdout
    report = json.loads((tmp_path / "run" / "report.json").read_text())
    assert report["baseline"]["method"] == "naive"
    assert [(j["file"], j["pairs"]) for j in report["judge_check"]] == [("labels.jsonl", 2)]
    assert "Ours vs the naive baseline" in (tmp_path / "run" / "report.html").read_text()
