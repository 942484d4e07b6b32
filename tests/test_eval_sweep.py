"""``assistant eval sweep``: hand-set constants tried on tune questions, the real assistant over the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import Assistant, EvalError, Settings
from assistant.evals import (
    Knob,
    SweepSet,
    best,
    current_value,
    load_questions,
    parse_knob,
    run_sweep,
    sweep_table,
)
from tests.conftest import RunCli

SHARE = "generation.extractive.FACET_SHARE"  # a module constant the answer path reads at call time
QUESTIONS = [
    {"id": "s-when", "kind": "fact", "split": "tune", "expect": [["21st"]],
     "q": "When did Foreign Policy run its commentary on the US and China taking different AI paths?"},
    {"id": "s-unans", "kind": "unanswerable", "split": "tune",
     "q": "What does the EU's AI Act say about frontier models?"},
    # A check question must never be asked: its expected phrase is one no answer can hold.
    {"id": "s-check", "kind": "fact", "split": "check", "expect": [["zzqx never written"]],
     "q": "What did the commentary say about chips?"},
]  # fmt: skip


@pytest.fixture(scope="module")
def questions_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sweep") / "q.jsonl"
    path.write_text("".join(json.dumps(q) + "\n" for q in QUESTIONS), encoding="utf-8")
    return path


def test_sweep_scores_each_value_on_tune_and_restores_it(seeded: Assistant, questions_file: Path) -> None:
    questions = load_questions([questions_file])
    before_share, before_top = current_value(SHARE, seeded.settings), seeded.settings.top_k
    knobs = [Knob("top_k", (1, before_top)), Knob("generation.extractive.FACET_SHARE", (before_share,))]
    points = run_sweep([SweepSet("seeds", seeded, questions)], knobs)
    assert [p.values for p in points] == [(1, before_share), (before_top, before_share)]
    assert all(p.by_set["seeds"].questions == 2 for p in points)  # the check question is never asked
    shipped = next(p for p in points if p.in_use)
    assert shipped.values == (before_top, before_share) and shipped.by_set["seeds"].correct == 2
    assert best(points).score == max(p.score for p in points) == 1.0
    assert current_value(SHARE, seeded.settings) == before_share and seeded.settings.top_k == before_top
    table = sweep_table(knobs, points)
    assert "| top_k | generation.extractive.FACET_SHARE | seeds | mean |" in table and "in use" in table


def test_a_module_constant_is_set_for_the_run(seeded: Assistant, questions_file: Path) -> None:
    """A facet share above 1 with the type check's three near candidates: no candidate reaches it,
    so the typed "when" question is declined, and the value in use answers it."""
    questions = [q for q in load_questions([questions_file]) if q.id == "s-when"]
    knob = Knob(SHARE, (current_value(SHARE, seeded.settings), 1.5))
    points = run_sweep([SweepSet("seeds", seeded, questions)], [knob])
    assert [(p.by_set["seeds"].correct, p.declined_answerable) for p in points] == [(1, 0), (0, 1)]
    assert best(points).in_use


def test_bad_knobs_are_refused_before_anything_runs(seeded: Assistant) -> None:
    with pytest.raises(EvalError, match="no such setting"):
        parse_knob("no_such_field=1,2", seeded.settings)
    with pytest.raises(EvalError, match="has no constant"):
        parse_knob("generation.extractive.NOT_A_CONSTANT=1", seeded.settings)
    with pytest.raises(EvalError, match="no module"):
        parse_knob("generation.nowhere.X=1", seeded.settings)
    with pytest.raises(EvalError, match="is not a int"):
        parse_knob("top_k=six", seeded.settings)
    with pytest.raises(EvalError, match="NAME=VALUE"):
        parse_knob("top_k=", seeded.settings)
    assert parse_knob("recent_weight=0, 0.5", seeded.settings).values == (0.0, 0.5)
    assert current_value("top_k", seeded.settings) == seeded.settings.top_k


def test_cli_prints_the_table_and_the_choice(settings: Settings, run_cli: RunCli, questions_file: Path,
                                             tmp_path: Path) -> None:  # fmt: skip
    """Each set indexed in its own folder under the data dir, as ``eval fit`` does; a second set over
    the same articles asked as withheld (its question's answering article left out: declined)."""
    md = tmp_path / "sweep.md"
    seeds = f"seeds={questions_file}:{settings.sources_dir}"
    out = run_cli(settings, "eval", "sweep", "--set", seeds, "--withheld", seeds.replace("seeds=", "held="),
                  "--try", "top_k=6,1", "--out", str(md), "--no-progress")  # fmt: skip
    assert out.exit_code == 0, out.stderr
    assert "Chosen: top_k=6" in out.stdout and md.read_text().startswith("| top_k | seeds | held | mean |")
    assert any(p.name.startswith("fit-seeds-") for p in settings.data_dir.iterdir())
    bad = run_cli(settings, "eval", "sweep", "--set", seeds, "--try", "nope=1")
    assert bad.exit_code != 0 and "no such setting" in bad.stderr
