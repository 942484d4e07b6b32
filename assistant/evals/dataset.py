"""Question sets and labelled judge pairs: JSON lines, validated line by line.

A question (the schema of ``evals/dev.jsonl``)::

    {"id": "fact-01", "kind": "fact", "q": "...", "expect": [["21st", "twenty-first"]],
     "expect_not": ["..."], "support": ["..."], "support_all": ["..."], "history": [...]}

``expect`` is a list of groups of alternatives: every group must match (any alternative in it).
``support``: at least one of these strings should be in a retrieved passage; ``support_all``: all of
them should. ``history`` (optional) is the earlier turns, ``{"role", "content"}`` dicts.

A labelled pair (``evals/judge_labels*.jsonl``) holds its passage either as text (``passage``) or,
when the passage is third-party text the repository must not copy, as a reference into an article
of a corpus folder: ``passage_ref: {"file": "x.md", "start": i, "end": j}``, character offsets into
the article's text as ``assistant.loaders.load_document`` reads it.

Every error names the file and the line, and says what to change.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant import PROJECT_ROOT, EvalError, Settings, SourceError, load_document

KINDS = ("fact", "multi", "unanswerable", "false_premise")
_REQUIRED = ("id", "kind", "q")
_KNOWN = {
    "id", "kind", "q", "expect", "expect_not", "support", "support_all", "history", "notes",
    "split", "date", "choices",
}  # fmt: skip
SPLITS = ("tune", "check")

# Where ``passage_ref`` articles are read from (the shared dev corpus next to the checkout),
# unless this environment variable names another folder.
LABEL_SOURCES_ENV = "ASSISTANT_LABEL_SOURCES"
DEFAULT_LABEL_SOURCES = PROJECT_ROOT.parent / "shared" / "data" / "realtimeqa-2024" / "full" / "sources"
MAX_ARTICLE_BYTES = int(Settings.model_fields["max_file_mb"].default * 1_000_000)


# The judge's labelled pairs, in report order; the news file's passages are ``passage_ref``s.
LABEL_FILES = ("judge_labels.jsonl", "judge_labels_news.jsonl", "judge_holdout.jsonl")
_REF_LABEL_FILES = frozenset({"judge_labels_news.jsonl"})


def label_sources_dir() -> Path:
    """The folder ``passage_ref`` files are resolved against."""
    return Path(os.environ.get(LABEL_SOURCES_ENV) or DEFAULT_LABEL_SOURCES)


def default_label_files(evals: Path) -> list[Path]:
    """The label files of ``evals`` that exist; those of references only if their corpus does."""
    corpus = label_sources_dir().is_dir()
    return [
        evals / name
        for name in LABEL_FILES
        if (evals / name).is_file() and (corpus or name not in _REF_LABEL_FILES)
    ]


@dataclass(frozen=True)
class Question:
    """One eval question and what a right answer must (and must not) contain."""

    id: str
    kind: str
    q: str
    expect: tuple[tuple[str, ...], ...] = ()
    expect_not: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    support_all: tuple[str, ...] = ()
    history: tuple[dict[str, str], ...] = field(default=())
    split: str = ""  # "tune" (fit and study) or "check" (report only); "" when the set has none
    date: str = ""  # the day the question was asked (ISO); the eval answers "as of" it
    origin: str = ""  # "file:line", for messages
    # Ids of the articles the question is asked without (``negatives.withheld``); () for all of them.
    withheld: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "q": self.q,
            "expect": [list(g) for g in self.expect],
            "expect_not": list(self.expect_not),
            "support": list(self.support),
            "support_all": list(self.support_all),
            "history": [dict(t) for t in self.history],
            "split": self.split,
            "date": self.date,
            **({"withheld": list(self.withheld)} if self.withheld else {}),
        }


@dataclass(frozen=True)
class LabelledPair:
    """A sentence, a passage, and whether the passage supports the sentence (a human's label)."""

    id: str
    sentence: str
    passage: str
    supported: bool
    category: str
    source: str = ""


def _read_jsonl(path: Path) -> Iterable[tuple[str, dict[str, Any]]]:
    path = Path(path)
    if not path.is_file():
        raise EvalError(f"{path}: file not found (give a JSON-lines question file)")
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path}:{number}"
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from exc
        if not isinstance(obj, dict):
            raise EvalError(f"{where}: each line must be a JSON object, got {type(obj).__name__}")
        yield where, obj


def _strings(value: Any, where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise EvalError(f"{where}: {name!r} must be a list of non-empty strings, got {value!r}")
    return tuple(value)


def _groups(value: Any, where: str) -> tuple[tuple[str, ...], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise EvalError(f"{where}: 'expect' must be a list of groups (lists of alternatives), got {value!r}")
    out = []
    for group in value:
        if isinstance(group, str):
            raise EvalError(
                f"{where}: 'expect' groups are lists of alternatives: write [{group!r}], not {group!r}"
            )
        alternatives = _strings(group, where, "expect group")
        if not alternatives:
            raise EvalError(f"{where}: an 'expect' group is empty; remove it or give an alternative")
        out.append(alternatives)
    return tuple(out)


def _history(value: Any, where: str) -> tuple[dict[str, str], ...]:
    if value is None:
        return ()
    ok = isinstance(value, list) and all(
        isinstance(t, dict) and t.get("role") in ("user", "assistant") and isinstance(t.get("content"), str)
        for t in value
    )
    if not ok:
        raise EvalError(
            f'{where}: \'history\' must be a list of {{"role": "user"|"assistant", "content": "..."}} turns'
        )
    return tuple({"role": t["role"], "content": t["content"]} for t in value)


def _split(value: Any, where: str) -> str:
    if value is None:
        return ""
    if value not in SPLITS:
        raise EvalError(f"{where}: 'split' must be one of {', '.join(SPLITS)}, got {value!r}")
    return str(value)


def _date(value: Any, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise EvalError(f"{where}: 'date' must be an ISO day (YYYY-MM-DD), got {value!r}")
    return value


def parse_question(obj: dict[str, Any], where: str) -> Question:
    """Validate one question object; ``where`` ("file:line") prefixes every error."""
    missing = [k for k in _REQUIRED if not isinstance(obj.get(k), str) or not obj[k].strip()]
    if missing:
        raise EvalError(f"{where}: missing or empty field(s) {', '.join(missing)}")
    unknown = sorted(set(obj) - _KNOWN)
    if unknown:
        raise EvalError(
            f"{where}: unknown field(s) {', '.join(unknown)} (known: {', '.join(sorted(_KNOWN))})"
        )
    kind = obj["kind"]
    if kind not in KINDS:
        raise EvalError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    q = Question(
        id=obj["id"],
        kind=kind,
        q=obj["q"],
        expect=_groups(obj.get("expect"), where),
        expect_not=_strings(obj.get("expect_not"), where, "expect_not"),
        support=_strings(obj.get("support"), where, "support"),
        support_all=_strings(obj.get("support_all"), where, "support_all"),
        history=_history(obj.get("history"), where),
        split=_split(obj.get("split"), where),
        date=_date(obj.get("date"), where),
        origin=where,
    )
    if kind == "unanswerable" and (q.expect or q.support or q.support_all):
        raise EvalError(f"{where}: an unanswerable question cannot have expect/support strings")
    if kind != "unanswerable" and not q.expect:
        what = "the correction" if kind == "false_premise" else "what a right answer contains"
        raise EvalError(f"{where}: a {kind} question needs at least one 'expect' group ({what})")
    return q


def load_questions(paths: Sequence[Path]) -> list[Question]:
    """All questions of the given files, in order; ids must be unique across them."""
    questions: list[Question] = []
    seen: dict[str, str] = {}
    for path in paths:
        for where, obj in _read_jsonl(path):
            q = parse_question(obj, where)
            if q.id in seen:
                raise EvalError(f"{where}: duplicate id {q.id!r} (first at {seen[q.id]})")
            seen[q.id] = where
            questions.append(q)
    if not questions:
        raise EvalError(f"no questions in {', '.join(str(p) for p in paths)}")
    return questions


class _Articles:
    """Article texts of a corpus folder, read once each, for resolving ``passage_ref``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._texts: dict[str, str] = {}

    def passage(self, ref: Any, where: str) -> str:
        ok = (
            isinstance(ref, dict)
            and set(ref) == {"file", "start", "end"}
            and isinstance(ref["file"], str)
            and Path(ref["file"]).name == ref["file"]
            and all(isinstance(ref[k], int) and not isinstance(ref[k], bool) for k in ("start", "end"))
            and 0 <= ref["start"] < ref["end"]
        )
        if not ok:
            raise EvalError(
                f'{where}: \'passage_ref\' must be {{"file": "<name>.md", "start": i, "end": j}} '
                f"with 0 <= start < end, got {ref!r}"
            )
        text = self._text(ref["file"], where)
        if ref["end"] > len(text):
            raise EvalError(
                f"{where}: passage_ref end {ref['end']} is past the end of {self.folder / ref['file']} "
                f"({len(text)} characters)"
            )
        return text[ref["start"] : ref["end"]]

    def _text(self, name: str, where: str) -> str:
        if name not in self._texts:
            if not self.folder.is_dir():
                raise EvalError(
                    f"{where}: passage_ref articles are read from {self.folder}, which is not a folder "
                    f"(set {LABEL_SOURCES_ENV} to the folder holding {name})"
                )
            try:
                self._texts[name] = load_document(self.folder / name, MAX_ARTICLE_BYTES).text
            except SourceError as exc:
                raise EvalError(f"{where}: passage_ref article {self.folder / name}: {exc.reason}") from exc
        return self._texts[name]


def load_labelled_pairs(path: Path, sources: Path | None = None) -> list[LabelledPair]:
    """Sentence/passage pairs with a ``supported`` label (``evals/judge_labels.jsonl`` schema).

    ``passage_ref`` passages are read from ``sources`` (default: :func:`label_sources_dir`).
    """
    articles = _Articles(Path(sources) if sources is not None else label_sources_dir())
    pairs = []
    for where, obj in _read_jsonl(path):
        for key in ("id", "sentence", "category"):
            if not isinstance(obj.get(key), str) or not obj[key].strip():
                raise EvalError(f"{where}: missing or empty field {key!r}")
        if not isinstance(obj.get("supported"), bool):
            raise EvalError(f"{where}: 'supported' must be true or false, got {obj.get('supported')!r}")
        if ("passage" in obj) == ("passage_ref" in obj):
            raise EvalError(f"{where}: give exactly one of 'passage' (the text) or 'passage_ref'")
        if "passage_ref" in obj:
            passage = articles.passage(obj["passage_ref"], where)
        elif isinstance(obj["passage"], str) and obj["passage"].strip():
            passage = obj["passage"]
        else:
            raise EvalError(f"{where}: missing or empty field 'passage'")
        pairs.append(
            LabelledPair(
                obj["id"],
                obj["sentence"],
                passage,
                obj["supported"],
                obj["category"],
                str(obj.get("source", "")),
            )
        )
    if not pairs:
        raise EvalError(f"{path}: no labelled pairs")
    return pairs
