"""Tune/check side by side per question file, gates on split keys, the abstention curve, ours vs a
baseline: on hand-made runs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import Answer, Citation, EvalError, Passage
from assistant.evals import Question, Run, build_report, load_thresholds, missed, split_key, write_run
from assistant.evals.metrics import CurveCase, score_abstention_curve
from assistant.evals.report import split_table, versus_table
from tests.eval_helpers import KeywordJudge

DOC = "Intro. ALPHA rose in Beijing. BETA fell."
NOT_ANSWERED = "The articles do not answer this question."


def _answer(text: str, abstained: bool = False, confidence: float | None = None,
            backend: str = "ours") -> Answer:  # fmt: skip
    passage = Passage("c1", "s", DOC, 0, len(DOC), "Title", "Outlet", "2026-01-01", score=0.5)
    cite = Citation(1, "s", "T", "O", "2026-01-01", "ALPHA rose in Beijing.", 7, 29, "c1")
    cites = [] if abstained else [cite]
    return Answer("q", text, cites, abstained, [passage], backend, {"total": 5.0}, confidence=confidence)


def _q(qid: str, kind: str, split: str, origin: str) -> Question:
    expect = () if kind == "unanswerable" else (("Beijing",),)
    support = () if kind == "unanswerable" else ("ALPHA rose",)
    return Question(qid, kind, "Where did ALPHA rise?", expect=expect, support=support, split=split,
                    origin=origin)  # fmt: skip


RIGHT = "ALPHA rose in Beijing. [1]"
WRONG = "BETA fell. [1]"


def _runs(confidence: bool = True) -> list[Run]:
    """Set a: tune 2/2 right, check 1/2 right; set b: one check unanswerable, abstained."""
    c = (lambda v: v) if confidence else (lambda v: None)
    return [
        Run(_q("a1", "fact", "tune", "a.jsonl:1"), _answer(RIGHT, confidence=c(0.9))),
        Run(_q("a2", "fact", "tune", "a.jsonl:2"), _answer(RIGHT, confidence=c(0.8))),
        Run(_q("a3", "fact", "check", "a.jsonl:3"), _answer(RIGHT, confidence=c(0.7))),
        Run(_q("a4", "fact", "check", "a.jsonl:4"), _answer(WRONG, confidence=c(0.2))),
        Run(_q("b1", "unanswerable", "check", "b.jsonl:1"), _answer(NOT_ANSWERED, True, c(0.1))),
        Run(_q("b2", "unanswerable", "check", "b.jsonl:2"), _answer(WRONG, confidence=c(0.3))),
    ]


def _naive_runs() -> list[Run]:
    answers = {qid: WRONG if qid in ("a1", "a3") else RIGHT for qid in ("a1", "a2", "a3", "a4", "b1", "b2")}
    return [Run(r.question, _answer(answers[r.question.id], backend="naive")) for r in _runs()]


def test_tune_and_check_side_by_side_per_file() -> None:
    r = build_report(_runs(), KeywordJudge(), {"s": DOC}, k=6)
    s = r["summary"]
    assert s["correctness"] == pytest.approx(4 / 6)  # the overall keys are unchanged
    assert s["correctness@tune"] == 1.0 and s["correctness@check"] == pytest.approx(2 / 4)
    assert s["correctness.fact@check"] == 0.5 and s["correctness.unanswerable@tune"] is None
    assert s["correctness@a"] == 0.75 and s["correctness@b/check"] == 0.5 and s["correctness@b/tune"] is None
    assert s["abstention.recall@check"] == 0.5 and s["abstention.recall@a"] is None  # nothing to abstain on
    assert s["retrieval.recall@k@check"] == 1.0
    groups = r["splits"]
    assert list(groups) == ["all", "a", "b"]
    assert groups["all"]["tune"]["questions"] == 2 and groups["all"]["check"]["questions"] == 4
    assert groups["all"]["gap"]["correctness"] == pytest.approx(0.5)
    header, rows = split_table(groups)
    assert header[-1] == "tune − check"
    assert ["all files", "correctness", "0.667", "1.000", "0.500", "+0.500"] in rows
    json.dumps(r, allow_nan=False)


def test_split_keys_without_splits_or_several_files() -> None:
    runs = [Run(Question(r.question.id, r.question.kind, r.question.q, expect=r.question.expect), r.answer)
            for r in _runs()]  # fmt: skip
    r = build_report(runs, KeywordJudge(), {"s": DOC}, k=6)
    grouped = {k: v for k, v in r["summary"].items() if split_key(k)[1]}
    assert grouped and all(split_key(k)[1] in ("tune", "check") for k in grouped)  # no per-file keys
    assert set(grouped.values()) == {None}  # no question has a split: n/a, so a gate on them skips
    assert list(r["splits"]) == ["all"] and "tune" not in r["splits"]["all"]
    assert split_key("retrieval.recall@k") == ("retrieval.recall@k", "")
    assert split_key("retrieval.recall@k@dev/check") == ("retrieval.recall@k", "dev/check")


def test_thresholds_gate_on_split_keys(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text('[min]\n"correctness@tune" = 0.9\n"correctness@check" = 0.6\n', encoding="utf-8")
    r = build_report(_runs(), KeywordJudge(), {"s": DOC}, k=6, thresholds=load_thresholds(path))
    assert [t["metric"] for t in missed(r)] == ["correctness@check"]
    path.write_text('[min]\n"correctness@chek" = 0.6\n', encoding="utf-8")
    with pytest.raises(EvalError, match="unknown metric.*correctness@chek"):
        build_report(_runs(), KeywordJudge(), {"s": DOC}, k=6, thresholds=load_thresholds(path))


def test_abstention_curve_over_confidence() -> None:
    cases = [CurveCase("fact", False, 0.9), CurveCase("fact", False, 0.4),
             CurveCase("unanswerable", True, 0.1), CurveCase("unanswerable", False, 0.5),
             CurveCase("unanswerable", True, None)]  # fmt: skip
    curve = score_abstention_curve(cases)
    assert curve is not None
    by_t = {p.threshold: p for p in curve.points}
    # Lowest threshold: only the unscored abstention is declined (it keeps its decision).
    assert (by_t[0.1].precision, by_t[0.1].recall, by_t[0.1].abstentions) == (1.0, pytest.approx(1 / 3), 1)
    assert by_t[0.4].recall == pytest.approx(2 / 3) and by_t[0.4].precision == 1.0
    assert by_t[0.5].precision == pytest.approx(2 / 3)  # 0.4 (a fact) is now declined too
    top = curve.points[-1]
    assert top.recall == 1.0 and top.abstentions == 5 and top.precision == pytest.approx(3 / 5)
    assert (curve.operating_precision, curve.operating_recall) == (1.0, pytest.approx(2 / 3))
    unscored = [CurveCase("fact", False, None), CurveCase("unanswerable", True, None)]
    assert score_abstention_curve(unscored) is None
    assert score_abstention_curve([CurveCase("fact", False, 0.5)]) is None  # nothing to abstain on


def test_report_plots_the_check_curve_and_skips_it_without_confidence(tmp_path: Path) -> None:
    r = build_report(_runs(), KeywordJudge(), {"s": DOC}, k=6)
    assert set(r["abstention_curve"]) == {"all", "check"}  # tune has no unanswerable question
    check = r["abstention_curve"]["check"]
    assert check["questions"] == 4 and check["operating_recall"] == 0.5
    write_run(r, tmp_path / "with")
    html = (tmp_path / "with" / "report.html").read_text()
    assert 'alt="abstention curve"' in html
    assert "Abstention curve (check, 4 questions" in (tmp_path / "with" / "report.md").read_text()
    plain = build_report(_runs(confidence=False), KeywordJudge(), {"s": DOC}, k=6)
    assert plain["abstention_curve"] == {}
    write_run(plain, tmp_path / "without")
    assert 'alt="abstention curve"' not in (tmp_path / "without" / "report.html").read_text()


def test_ours_against_a_same_run_baseline(tmp_path: Path) -> None:
    r = build_report(_runs(), KeywordJudge(), {"s": DOC}, k=6, baseline_runs=_naive_runs())
    b = r["baseline"]
    assert b["method"] == "naive"  # the backend name of the baseline's answers
    assert b["summary"]["correctness@check"] == pytest.approx(1 / 4)  # only a4: it answers b1 and b2
    rows = {row["metric"]: row for row in b["versus"]}
    check = rows["correctness@check"]
    assert check["ours"] == 0.5 and check["delta"] == pytest.approx(0.25) and check["ratio"] == 2.0
    assert rows["correctness@tune"]["delta"] == pytest.approx(0.5)
    assert "faithfulness" not in rows and "latency.p50_ms" not in rows
    assert [q["id"] for q in b["questions"]] == ["a1", "a2", "a3", "a4", "b1", "b2"]
    header, table = versus_table(b)
    assert header[2:] == ["ours", "naive", "Δ", "×"]
    assert table[0][:2] == ["all", "correctness"] and ["check", "correctness", "0.500", "0.250", "+0.250",
                                                        "2.00×"] in table  # fmt: skip
    write_run(r, tmp_path)
    assert "Ours vs the naive baseline" in (tmp_path / "report.md").read_text()
    assert build_report(_runs(), KeywordJudge(), {"s": DOC}, k=6)["baseline"] is None
