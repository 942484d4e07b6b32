"""Speaker attribution measured on labelled sentences (``evals/attribution.jsonl``).

A label names a sentence by its article and place, never by its text (third-party news is not
copied into the repository)::

    {"file": "x.md", "corpus": "seeds" | "realtimeqa", "index": 12, "sha": "<12 hex>",
     "speaker": "Zhu Min" | null, "kind": "quote", "split": "tune" | "check"}

``index`` is the sentence's place in ``split_sentences(load_document(file).text)``; ``sha`` is the
first 12 hex digits of the sentence's SHA-256, so a changed splitter or article is an error, not a
silent mismatch. ``speaker`` null means the article's own voice. ``kind`` says what the sentence
tests (quote, reported, pronoun, carried, nested, none). A prediction is right when the speaker
names are equal after case, apostrophes and a leading determiner are set aside.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant import PROJECT_ROOT, EvalError, SourceError
from assistant.attribution import DETERMINERS, AttributedSentence, attribute_document
from assistant.evals.dataset import MAX_ARTICLE_BYTES, SPLITS, label_sources_dir
from assistant.loaders import load_document
from assistant.text import normalise

LABELS = PROJECT_ROOT / "evals" / "attribution.jsonl"
KINDS = ("quote", "reported", "pronoun", "carried", "nested", "none")


@dataclass(frozen=True)
class Label:
    file: str
    corpus: str
    index: int
    sha: str
    speaker: str | None
    kind: str
    split: str


@dataclass(frozen=True)
class Outcome:
    label: Label
    predicted: str | None
    sentence: str

    @property
    def correct(self) -> bool:
        return normalise_name(self.predicted) == normalise_name(self.label.speaker)


def normalise_name(name: str | None) -> str:
    """A speaker name as :func:`~assistant.text.matching.normalise` has it, less a leading determiner."""
    if not name:
        return ""
    words = normalise(name).split()
    while words and words[0] in DETERMINERS:
        words = words[1:]
    return " ".join(words)


def corpus_dirs() -> dict[str, Path]:
    """Where each corpus's articles are: the seeds in ``sources/``, real news in the shared folder."""
    return {"seeds": PROJECT_ROOT / "sources", "realtimeqa": label_sources_dir()}


def load_labels(path: Path = LABELS) -> list[Label]:
    """The labels of ``path``, each checked; errors name the line and what to change."""
    labels = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{where}: not valid JSON ({exc.msg})") from exc
        ok = (
            isinstance(obj, dict) and isinstance(obj.get("file"), str) and obj.get("corpus") in corpus_dirs()
            and isinstance(obj.get("index"), int) and isinstance(obj.get("sha"), str)
            and (obj.get("speaker") is None or isinstance(obj.get("speaker"), str))
            and obj.get("kind") in KINDS and obj.get("split") in SPLITS
        )  # fmt: skip
        if not ok:
            raise EvalError(f"{where}: a label needs file, corpus ({', '.join(corpus_dirs())}), index, sha, "
                            f"speaker (text or null), kind ({', '.join(KINDS)}) and split "
                            f"({', '.join(SPLITS)})")  # fmt: skip
        labels.append(Label(obj["file"], obj["corpus"], obj["index"], obj["sha"], obj["speaker"],
                            obj["kind"], obj["split"]))  # fmt: skip
    if not labels:
        raise EvalError(f"{path}: no labels")
    return labels


def evaluate(labels: Sequence[Label], dirs: Mapping[str, Path] | None = None) -> list[Outcome]:
    """Attribute each labelled article once and compare its labelled sentences."""
    dirs = dict(dirs or corpus_dirs())
    documents: dict[tuple[str, str], list[AttributedSentence]] = {}
    out = []
    for label in labels:
        key = (label.corpus, label.file)
        if key not in documents:
            path = dirs[label.corpus] / label.file
            try:
                documents[key] = attribute_document(load_document(path, MAX_ARTICLE_BYTES))
            except SourceError as exc:
                raise EvalError(f"attribution label article {path}: {exc.reason} (set "
                                "ASSISTANT_LABEL_SOURCES for the real-news folder)") from exc  # fmt: skip
        sentences = documents[key]
        if not 0 <= label.index < len(sentences):
            raise EvalError(f"{label.file}: sentence {label.index} does not exist "
                            f"({len(sentences)} sentences)")  # fmt: skip
        item = sentences[label.index]
        if hashlib.sha256(item.span.text.encode()).hexdigest()[:12] != label.sha:
            raise EvalError(f"{label.file}: sentence {label.index} is not the labelled one (its sha "
                            "differs): the article or the sentence splitter changed; relabel it")  # fmt: skip
        out.append(Outcome(label, item.attribution.quoted, item.span.text))
    return out


def accuracy(outcomes: Sequence[Outcome]) -> dict[str, dict[str, float | int | None]]:
    """Per split ("all", "tune", "check"): sentences, accuracy overall and per kind."""
    groups = {"all": list(outcomes), **{s: [o for o in outcomes if o.label.split == s] for s in SPLITS}}
    report: dict[str, dict[str, float | int | None]] = {}
    for name, rows in groups.items():
        entry: dict[str, float | int | None] = {"sentences": len(rows), "accuracy": _share(rows)}
        for kind in KINDS:
            entry[f"accuracy.{kind}"] = _share([o for o in rows if o.label.kind == kind])
        report[name] = entry
    return report


def _share(rows: Sequence[Outcome]) -> float | None:
    return round(sum(o.correct for o in rows) / len(rows), 4) if rows else None
