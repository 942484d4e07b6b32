"""Unanswerable questions made from answerable ones asked over a corpus that lacks their answers."""

from __future__ import annotations

from pathlib import Path

from assistant.evals import NEGATIVE_SUFFIX, Question, as_unanswerable, question_set


def _article(folder: Path, name: str, title: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(f'---\ntitle: "{title}"\noutlet: "x.com"\n---\n{text}\n', encoding="utf-8")


def test_only_questions_whose_answers_the_corpus_lacks_become_unanswerable(tmp_path: Path) -> None:
    corpus = tmp_path / "sources"
    _article(corpus, "a.md", "Harbour reopens", "The harbour of Port Ellis reopened after the storm.")
    asked = [
        Question("q1", "fact", "Which port reopened?", expect=(("Port Ellis",),), split="tune",
                 date="2024-03-01", origin="x/questions.jsonl:1"),
        Question("q2", "fact", "Which river flooded?", expect=(("Vell River", "the Vell"),), split="check",
                 date="2024-03-01", origin="x/questions.jsonl:2"),
        Question("q3", "fact", "Who won?", expect=(("harbour OF port",),), split="tune"),  # case folded
    ]  # fmt: skip
    negatives = as_unanswerable(asked, corpus)
    assert [q.id for q in negatives] == ["q2" + NEGATIVE_SUFFIX]
    (q,) = negatives
    assert q.kind == "unanswerable" and not q.expect and q.split == "check"
    assert q.date == ""  # asked without a date: no article is filtered away
    assert question_set(q.origin) == "questions" + NEGATIVE_SUFFIX  # its own set in the report
