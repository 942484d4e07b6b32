"""Unanswerable questions made from answerable ones asked over a corpus that lacks their answers."""

from __future__ import annotations

from pathlib import Path

from assistant import Filters
from assistant.evals import (
    NEGATIVE_SUFFIX,
    WITHHELD_SUFFIX,
    Article,
    Question,
    as_unanswerable,
    as_withheld,
    filters_for,
    question_set,
)


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


def test_withheld_leaves_out_every_article_that_holds_an_answer(tmp_path: Path) -> None:
    texts = {
        "a": ("Harbour reopens", "The harbour of Port Ellis reopened after the storm on Monday."),
        "b": ("Storm damage", "Ellis port workers counted the damage to the piers."),  # every word, reordered
        "c": ("Storm damage", "Workers counted the damage to the piers of a harbour."),
    }
    articles = []
    for name, (title, text) in texts.items():
        _article(tmp_path, f"{name}.md", title, text)
        article = Article.read(name, tmp_path / f"{name}.md")
        assert article is not None
        articles.append(article)
    q = Question("q1", "fact", "Which port reopened?", expect=(("Port Ellis",),), split="tune",
                 date="2024-03-01", origin="x/questions.jsonl:4")  # fmt: skip
    (asked,) = as_withheld([q], articles)
    assert asked.withheld == ("a", "b")
    assert filters_for(asked, ["a", "b", "c"]) == Filters(sources=("c",))
    assert filters_for(q, ["a", "b", "c"]) is None  # a question withholding nothing is asked over all
    assert asked.id == "q1" + WITHHELD_SUFFIX and asked.kind == "unanswerable" and not asked.expect
    assert asked.date == "2024-03-01" and asked.split == "tune"  # the same week, as of its day
    assert question_set(asked.origin) == "questions" + WITHHELD_SUFFIX


def test_withheld_skips_questions_with_nothing_left_or_no_answer(tmp_path: Path) -> None:
    _article(tmp_path, "a.md", "Harbour reopens", "The harbour of Port Ellis reopened.")
    article = Article.read("a", tmp_path / "a.md")
    assert article is not None
    answered = Question("q1", "fact", "Which port reopened?", expect=(("Port Ellis",),), split="tune")
    unanswerable = Question("q2", "unanswerable", "Which river flooded?", split="tune")
    assert as_withheld([answered, unanswerable], [article]) == []
    assert Article.read("gone", tmp_path / "missing.md") is None
