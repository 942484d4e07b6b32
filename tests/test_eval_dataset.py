"""Question sets and labelled pairs: the real files load, broken ones fail naming file and line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant import PROJECT_ROOT, EvalError
from assistant.evals import (
    KINDS,
    LABEL_SOURCES_ENV,
    default_label_files,
    label_sources_dir,
    load_labelled_pairs,
    load_questions,
)

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


ARTICLE = """---
title: Harbour ferry timetable changes
outlet: Example Gazette
date: 2024-03-01
---
The harbour ferry will run every 20 minutes from Monday.

Night crossings stop at 11 p.m. instead of midnight, the operator said.
"""
PAIR = {
    "id": "r1",
    "sentence": "Ferries leave every 20 minutes.",
    "supported": True,
    "category": "paraphrase",
}


def _article(folder: Path) -> str:
    """Write the article into ``folder``; return its text as the loader reads it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ferry.md").write_text(ARTICLE, encoding="utf-8")
    return ARTICLE.split("---\n", 2)[2].strip("\n")


def test_passage_refs_resolve_against_the_corpus_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = _article(tmp_path / "corpus")
    start = body.index("Night crossings")
    ref = {"file": "ferry.md", "start": start, "end": body.index("said.") + len("said.")}
    labels = _write(tmp_path, {**PAIR, "passage_ref": ref}, {**PAIR, "id": "r2", "passage": "Plain text."})
    pairs = load_labelled_pairs(labels, tmp_path / "corpus")
    assert pairs[0].passage == "Night crossings stop at 11 p.m. instead of midnight, the operator said."
    assert pairs[1].passage == "Plain text."
    monkeypatch.setenv(LABEL_SOURCES_ENV, str(tmp_path / "corpus"))
    assert label_sources_dir() == tmp_path / "corpus"
    assert [p.passage for p in load_labelled_pairs(labels)] == [p.passage for p in pairs]


def test_passage_refs_fail_saying_where_they_looked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = {"file": "ferry.md", "start": 0, "end": 10}
    labels = _write(tmp_path, {**PAIR, "passage_ref": ref})
    missing = tmp_path / "no-such-corpus"
    monkeypatch.setenv(LABEL_SOURCES_ENV, str(missing))
    with pytest.raises(
        EvalError,
        match=rf"q.jsonl:1: passage_ref articles are read from {re.escape(str(missing))}.*not a folder",
    ):
        load_labelled_pairs(labels)
    (tmp_path / "empty").mkdir()
    with pytest.raises(EvalError, match=r"q.jsonl:1: passage_ref article .*empty/ferry.md: file not found"):
        load_labelled_pairs(labels, tmp_path / "empty")
    _article(tmp_path / "corpus")
    far = _write(tmp_path, {**PAIR, "passage_ref": {**ref, "end": 10_000}}, name="far.jsonl")
    with pytest.raises(EvalError, match=r"far.jsonl:1: passage_ref end 10000 is past the end of"):
        load_labelled_pairs(far, tmp_path / "corpus")
    both = _write(tmp_path, {**PAIR, "passage_ref": ref, "passage": "x"}, name="both.jsonl")
    with pytest.raises(EvalError, match=r"both.jsonl:1: give exactly one of 'passage'"):
        load_labelled_pairs(both, tmp_path / "corpus")
    bad = _write(tmp_path, {**PAIR, "passage_ref": {**ref, "start": 10}}, name="bad.jsonl")
    with pytest.raises(EvalError, match=r"bad.jsonl:1: 'passage_ref' must be"):
        load_labelled_pairs(bad, tmp_path / "corpus")


def test_the_news_labels_are_used_only_when_their_corpus_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LABEL_SOURCES_ENV, str(tmp_path / "absent"))
    names = [p.name for p in default_label_files(PROJECT_ROOT / "evals")]
    assert "judge_labels_news.jsonl" not in names and "judge_labels.jsonl" in names
    (tmp_path / "absent").mkdir()
    assert "judge_labels_news.jsonl" in [p.name for p in default_label_files(PROJECT_ROOT / "evals")]


@pytest.mark.skipif(not label_sources_dir().is_dir(), reason="the shared news corpus is not on this machine")
def test_the_news_labels_resolve_in_the_shared_corpus() -> None:
    pairs = load_labelled_pairs(PROJECT_ROOT / "evals" / "judge_labels_news.jsonl")
    assert len(pairs) == 60 and all(p.passage.strip() for p in pairs)
    assert {p.supported for p in pairs} == {True, False}
