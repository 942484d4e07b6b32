"""Reports, thresholds, compare, the ragas export and the judge check, on hand-made runs."""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path
from typing import Any

import pytest

from assistant import Answer, Citation, EvalError, Passage
from assistant.evals import (
    COLUMNS,
    NOT_ANSWERED,
    LabelledPair,
    Question,
    Run,
    build_report,
    check_judge,
    check_thresholds,
    compare_reports,
    format_markdown,
    format_table,
    load_report,
    load_thresholds,
    missed,
    write_ragas,
    write_run,
)
from tests.eval_helpers import KeywordJudge

DOC = "Intro. ALPHA rose in Beijing. BETA fell."


def _answer(text: str, abstained: bool = False, cite: bool = True, ms: float = 10.0) -> Answer:
    passage = Passage("c1", "s", DOC, 0, len(DOC), "Title", "Outlet", "2026-01-01", score=0.5)
    citations = [Citation(1, "s", "Title", "Outlet", "2026-01-01", "ALPHA rose in Beijing.", 7, 29, "c1")]
    return Answer("q", text, citations if cite else [], abstained, [passage], "extractive", {"total": ms})


def _runs() -> list[Run]:
    return [
        Run(
            Question("f1", "fact", "Where did ALPHA rise?", expect=(("Beijing",),), support=("ALPHA rose",)),
            _answer("ALPHA rose in Beijing. [1]", ms=10),
        ),
        Run(
            Question("f2", "fact", "What did BETA do?", expect=(("fell",),), support=("BETA fell",)),
            _answer("GAMMA rose. [1]", ms=20),
        ),
        Run(
            Question("u1", "unanswerable", "Who is the author?"),
            _answer("The articles do not answer this question.", abstained=True, cite=False, ms=30),
        ),
        Run(
            Question("p1", "false_premise", "Why did ALPHA rise in Shanghai?", expect=(("Beijing",),)),
            _answer("ALPHA rose in Beijing. [1]", ms=40),
        ),
    ]


def _report(**kwargs: Any) -> dict[str, Any]:
    return build_report(_runs(), KeywordJudge(), {"s": DOC}, k=6, **kwargs)


def test_build_report_scores_hand_made_runs() -> None:
    r = _report()
    s = r["summary"]
    assert s["correctness"] == 0.75 and s["correctness.fact"] == 0.5 and s["correctness.unanswerable"] == 1.0
    assert s["faithfulness"] == pytest.approx(2 / 3)  # f1 and p1 supported, f2 not; u1 abstained: excluded
    assert r["counts"]["faithfulness_excluded_abstained"] == 1
    assert s["citation.recall"] == pytest.approx(2 / 3) and s["citation.precision"] == pytest.approx(2 / 3)
    assert s["quote_fidelity"] == 1.0
    assert s["retrieval.recall@k"] == 1.0 and s["retrieval.mrr"] == 1.0  # p1 has no support strings
    assert r["counts"]["retrieval_scored"] == 2
    assert (s["abstention.precision"], s["abstention.recall"]) == (1.0, 1.0)
    assert (s["false_premise.handled"], s["false_premise.flagged"]) == (1.0, 0.0)
    assert s["latency.p50_ms"] == 25.0 and r["latency"]["extractive"]["n"] == 4
    assert r["by_kind"]["unanswerable"]["faithfulness"] is None
    assert r["by_kind"]["unanswerable"]["correctness"] == 1.0
    assert s["judge.accuracy"] is None and r["meta"]["judge"] == "keyword"
    json.dumps(r, allow_nan=False)  # no NaN anywhere


def test_thresholds_pass_miss_and_skip(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text(
        '[min]\ncorrectness = 0.7\nfaithfulness = 0.9\n"judge.accuracy" = 0.9\n'
        '[max]\n"latency.p95_ms" = 1000\n',
        encoding="utf-8",
    )
    r = _report(thresholds=load_thresholds(path))
    results = {t["metric"]: t for t in r["thresholds"]}
    assert results["correctness"]["passed"] and not results["faithfulness"]["passed"]
    assert results["judge.accuracy"]["skipped"] and results["judge.accuracy"]["passed"]
    assert results["latency.p95_ms"]["passed"]
    assert [t["metric"] for t in missed(r)] == ["faithfulness"]


def test_threshold_files_are_validated(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text("[min]\ncorectness = 0.7\n", encoding="utf-8")
    with pytest.raises(EvalError, match="unknown metric.*corectness"):
        check_thresholds({"correctness": 1.0}, load_thresholds(path))
    path.write_text("[min]\ncorrectness = 'high'\n", encoding="utf-8")
    with pytest.raises(EvalError, match="must be a number"):
        load_thresholds(path)
    path.write_text("[floor]\ncorrectness = 1\n", encoding="utf-8")
    with pytest.raises(EvalError, match="unknown table"):
        load_thresholds(path)
    path.write_text("[min\n", encoding="utf-8")
    with pytest.raises(EvalError, match="not valid TOML"):
        load_thresholds(path)


def test_committed_thresholds_name_real_metrics() -> None:
    from assistant import PROJECT_ROOT

    thresholds = load_thresholds(PROJECT_ROOT / "evals" / "thresholds.toml")
    assert len(thresholds) >= 10
    check_thresholds(_report()["summary"], thresholds)  # raises on an unknown name


def test_write_run_writes_reports_and_ragas_export(tmp_path: Path) -> None:
    paths = write_run(_report(), tmp_path)
    assert sorted(p.name for p in paths) == [
        "ragas.csv",
        "ragas.jsonl",
        "report.html",
        "report.json",
        "report.md",
    ]
    rows = [json.loads(line) for line in (tmp_path / "ragas.jsonl").read_text().splitlines()]
    assert [tuple(r) for r in rows] == [COLUMNS] * 4
    assert rows[0]["contexts"] == [DOC] and rows[0]["ground_truth"] == "ALPHA rose."
    assert rows[2]["ground_truth"] == NOT_ANSWERED and rows[3]["ground_truth"] == "Beijing"
    with (tmp_path / "ragas.csv").open(newline="") as f:
        table = list(csv.DictReader(f))
    assert tuple(table[0]) == COLUMNS and json.loads(table[1]["contexts"]) == [DOC]
    html = (tmp_path / "report.html").read_text()
    assert html.count("data:image/png;base64,") == 4
    assert "<tr class='q fact bad unsupported'>" in html and "GAMMA" in html
    assert "http://" not in html and "https://" not in html  # self-contained
    md = (tmp_path / "report.md").read_text()
    assert "## Incorrect answers (1)" in md and "`f2`" in md
    assert json.loads((tmp_path / "report.json").read_text())["summary"]["correctness"] == 0.75


def test_write_ragas_alone(tmp_path: Path) -> None:
    jsonl, _ = write_ragas(_report()["questions"][:1], tmp_path)
    assert json.loads(jsonl.read_text())["question"] == "Where did ALPHA rise?"


def test_compare_finds_deltas_fixed_and_broken(tmp_path: Path) -> None:
    a = _report()
    b = copy.deepcopy(a)
    b["summary"]["correctness"] = 0.5
    b["summary"]["latency.p95_ms"] = 5.0
    f2 = next(q for q in b["questions"] if q["id"] == "f2")
    f1 = next(q for q in b["questions"] if q["id"] == "f1")
    f2["correct"], f2["correct_reasons"] = True, []
    f1["correct"], f1["correct_reasons"] = False, ["missing: Beijing"]
    b["questions"].append({**f1, "id": "new-1", "correct": True})
    b["questions"] = [q for q in b["questions"] if q["id"] != "u1"]
    c = compare_reports(a, b)
    deltas = {m.metric: m for m in c.metrics}
    assert deltas["correctness"].delta == pytest.approx(-0.25) and deltas["correctness"].verdict == "worse"
    assert deltas["latency.p95_ms"].verdict == "better" and deltas["faithfulness"].verdict == ""
    changes = {q.id: q.change for q in c.questions}
    assert changes == {"f1": "broken", "f2": "fixed", "u1": "removed", "new-1": "new"}
    assert "missing: Beijing" in next(q.detail for q in c.questions if q.id == "f1")
    table = format_table(c)
    assert "1 fixed, 1 broken" in table and "correctness" in table
    assert "| f1 | fact | broken | missing: Beijing |" in format_markdown(c)
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "report.json").write_text(json.dumps(a))
    assert load_report(tmp_path / "run")["summary"] == a["summary"]
    with pytest.raises(EvalError, match="no report.json"):
        load_report(tmp_path)
    (tmp_path / "bad.json").write_text("{}")
    with pytest.raises(EvalError, match="not an eval report"):
        load_report(tmp_path / "bad.json")


def test_judge_check_counts() -> None:
    pairs = [
        LabelledPair("a", "ALPHA.", "ALPHA here", True, "verbatim"),
        LabelledPair("b", "GAMMA.", "ALPHA here", False, "fabricated"),
        LabelledPair("c", "BETA.", "ALPHA here", True, "paraphrase"),  # the keyword judge gets this wrong
        LabelledPair("d", "ALPHA.", "ALPHA here", False, "wrong_passage"),  # and this
    ]
    j = check_judge(KeywordJudge(), pairs, "x.jsonl", held_out=True)
    assert (j.pairs, j.correct, j.accuracy) == (4, 2, 0.5)
    assert j.unsupported_precision == 0.5 and j.unsupported_recall == 0.5
    assert j.by_category["paraphrase"]["accuracy"] == 0.0 and j.by_category["verbatim"]["accuracy"] == 1.0
    assert [m["id"] for m in j.mistakes] == ["c", "d"] and j.held_out
