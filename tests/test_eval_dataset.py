"""Question sets and labelled pairs: the real files load, broken ones fail naming file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.errors import EvalError
from assistant.evals.dataset import KINDS, load_labelled_pairs, load_questions
from assistant.settings import PROJECT_ROOT

GOOD = {"id": "q1", "kind": "fact", "q": "Where?", "expect": [["Beijing"]]}


def _write(tmp_path: Path, *rows: object, name: str = "q.jsonl") -> Path:
    path = tmp_path / name
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8"
    )
    return path


def test_the_dev_set_loads_and_covers_every_kind() -> None:
    questions = load_questions([PROJECT_ROOT / "evals" / "dev.jsonl"])
    assert len(questions) >= 60
    assert {q.kind for q in questions} == set(KINDS)
    assert any(q.history for q in questions)
    assert questions[0].origin.endswith("dev.jsonl:1")


def test_the_labelled_pairs_load() -> None:
    pairs = load_labelled_pairs(PROJECT_ROOT / "evals" / "judge_labels.jsonl")
    assert len(pairs) >= 50 and {p.supported for p in pairs} == {True, False}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("{not json", r"q.jsonl:2: not valid JSON"),
        ("[1, 2]", r"q.jsonl:2: each line must be a JSON object"),
        ({"id": "q2", "kind": "fact", "expect": [["x"]]}, r"q.jsonl:2: missing or empty field\(s\) q"),
        ({**GOOD, "id": "q2", "kind": "trivia"}, r"q.jsonl:2: kind 'trivia' is not one of"),
        (
            {**GOOD, "id": "q2", "expect": ["Beijing"]},
            r"q.jsonl:2: 'expect' groups are lists of alternatives",
        ),
        ({**GOOD, "id": "q2", "expect": [[]]}, r"q.jsonl:2: an 'expect' group is empty"),
        ({**GOOD, "id": "q2", "expect": []}, r"q.jsonl:2: a fact question needs at least one 'expect' group"),
        ({**GOOD, "id": "q2", "support": "one"}, r"q.jsonl:2: 'support' must be a list"),
        ({**GOOD, "id": "q2", "expected": [["x"]]}, r"q.jsonl:2: unknown field\(s\) expected"),
        ({**GOOD, "id": "q2", "history": [{"role": "bot", "content": "x"}]}, r"q.jsonl:2: 'history' must be"),
        (
            {"id": "q2", "kind": "unanswerable", "q": "?", "support": ["x"]},
            r"q.jsonl:2: an unanswerable question",
        ),
        ({**GOOD}, r"q.jsonl:2: duplicate id 'q1' \(first at .*q.jsonl:1\)"),
    ],
)
def test_invalid_questions_name_file_and_line(tmp_path: Path, row: object, message: str) -> None:
    path = _write(tmp_path, GOOD, row)
    with pytest.raises(EvalError, match=message):
        load_questions([path])


def test_duplicate_ids_across_files_and_missing_files(tmp_path: Path) -> None:
    a = _write(tmp_path, GOOD, name="a.jsonl")
    b = _write(tmp_path, {**GOOD, "q": "Again?"}, name="b.jsonl")
    with pytest.raises(EvalError, match=r"b.jsonl:1: duplicate id 'q1' \(first at .*a.jsonl:1\)"):
        load_questions([a, b])
    with pytest.raises(EvalError, match="nope.jsonl: file not found"):
        load_questions([tmp_path / "nope.jsonl"])
    with pytest.raises(EvalError, match="no questions"):
        load_questions([_write(tmp_path, name="empty.jsonl")])


def test_questions_keep_history_and_blank_lines_are_skipped(tmp_path: Path) -> None:
    follow = {
        "id": "f",
        "kind": "fact",
        "q": "And then?",
        "expect": [["x"]],
        "history": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}],
    }
    questions = load_questions([_write(tmp_path, GOOD, "", follow)])
    assert [q.id for q in questions] == ["q1", "f"]
    assert questions[1].history[1] == {"role": "assistant", "content": "Hello"}
    assert questions[1].origin.endswith("q.jsonl:3")


def test_invalid_labelled_pairs(tmp_path: Path) -> None:
    row = {"id": "j", "sentence": "s", "passage": "p", "supported": "yes", "category": "c"}
    with pytest.raises(EvalError, match=r"q.jsonl:1: 'supported' must be true or false"):
        load_labelled_pairs(_write(tmp_path, row))
    with pytest.raises(EvalError, match=r"q.jsonl:1: missing or empty field 'passage'"):
        load_labelled_pairs(_write(tmp_path, {**row, "supported": True, "passage": ""}))
