"""Speakers across the index: each cited sentence's speaker, everyone quoted, what a person said.

The attributions of a document are computed from its stored chunks (their offsets put each chunk
back where it was in the article) and kept per document version, so an unchanged article is read
and attributed once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

from assistant.attribution import OUTLET, AttributedSentence, attribute_text, cited_outlet, via_of
from assistant.store import ChromaStore, SourceRecord
from assistant.text.terms import fold_accents
from assistant.types import Answer, Citation, Passage

MAX_CACHED_DOCUMENTS = 4096  # attributed documents kept in memory (a few kB each)


@dataclass(frozen=True)
class SpokenSentence:
    """A sentence attributed to a speaker, with where it is (a passage reference)."""

    speaker: str
    role: str | None
    via: str | None
    source_id: str
    title: str
    outlet: str
    date: str
    text: str
    start: int
    end: int
    chunk_id: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Speaker:
    """Someone quoted in the corpus: their role, how often, in which articles, and what they said."""

    name: str
    role: str | None
    sentences: list[SpokenSentence] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.sentences)

    @property
    def articles(self) -> list[str]:
        return list(dict.fromkeys(s.source_id for s in self.sentences))

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "count": self.count, "articles": self.articles,
                "sentences": [s.to_dict() for s in self.sentences]}  # fmt: skip


@dataclass(frozen=True)
class _Attributed:
    sentences: list[AttributedSentence]
    chunks: list[tuple[int, int, str]]  # (start, end, chunk id) in document order


def name_matches(query: str, name: str) -> bool:
    """Every word of ``query`` is a word of ``name`` (any case, with or without accents): "zhu" and
    "Zhu Min" match "Zhu Min", "Galvez" matches "Xóchitl Gálvez".
    """
    words = fold_accents(name.casefold()).split()
    wanted = fold_accents(query.casefold()).split()
    return bool(wanted) and all(w in words for w in wanted)


class SpeakerIndex:
    """Attributions of the indexed documents, read from the store and cached by document version."""

    def __init__(self, store: ChromaStore) -> None:
        self._store = store
        self._cache: dict[tuple[str, str], _Attributed] = {}
        self._lock = Lock()

    def _documents(self, records: Iterable[SourceRecord]) -> dict[str, _Attributed]:
        records = list(records)
        with self._lock:
            have = {r.source_id: self._cache[(r.source_id, r.version)]
                    for r in records if (r.source_id, r.version) in self._cache}  # fmt: skip
        missing = {r.source_id: r for r in records if r.source_id not in have}
        if missing:
            pieces: dict[str, list[tuple[int, str, str]]] = {s: [] for s in missing}
            for chunk_id, text, meta in self._store.chunks_of(sorted(missing)):
                record = missing.get(str(meta.get("source_id")))
                if record is not None and meta.get("version") == record.version:
                    pieces[record.source_id].append((int(meta["start"]), text, chunk_id))
            fresh = {s: _attribute(missing[s], pieces[s]) for s in missing}
            with self._lock:
                while len(self._cache) + len(fresh) > MAX_CACHED_DOCUMENTS and self._cache:
                    self._cache.pop(next(iter(self._cache)))
                self._cache.update({(s, missing[s].version): a for s, a in fresh.items()})
            have.update(fresh)
        return have

    def prepare(self, records: Mapping[str, SourceRecord]) -> None:
        """Attribute the documents of ``records`` not cached yet (what a first listing would)."""
        self._documents(records.values())

    def attach(self, answer: Answer, records: Mapping[str, SourceRecord]) -> Answer:
        """Fill each citation's ``speaker``, ``speaker_role`` and ``via`` (in place; returns it)."""
        cited = [records[c.source_id] for c in answer.citations if c.source_id in records]
        documents = self._documents({r.source_id: r for r in cited}.values())
        for c in answer.citations:
            doc = documents.get(c.source_id)
            if doc is not None:
                _fill(c, doc.sentences)
        return answer

    def voices(self, passages: Iterable[Passage], records: Mapping[str, SourceRecord]
               ) -> dict[tuple[str, int], tuple[str, str]]:  # fmt: skip
        """Who speaks each sentence of the passages' articles (attributed over the whole article), by
        (source id, start): the speaker other than the outlet, or "", and their role, or "".
        """
        wanted = {p.source_id: records[p.source_id] for p in passages if p.source_id in records}
        out: dict[tuple[str, int], tuple[str, str]] = {}
        for source_id, doc in self._documents(wanted.values()).items():
            for item in doc.sentences:
                a = item.attribution
                out[(source_id, item.span.start)] = (a.quoted or "", a.role or "")
        return out

    def spoken(self, records: Mapping[str, SourceRecord]) -> list[SpokenSentence]:
        """Every sentence of the corpus that someone other than the outlet speaks, in article order."""
        out: list[SpokenSentence] = []
        documents = self._documents(records.values())
        for source_id, doc in sorted(documents.items()):
            record = records[source_id]
            for item in doc.sentences:
                a = item.attribution
                if a.quoted is None:
                    continue
                chunk = next((cid for s, e, cid in doc.chunks if s <= item.span.start < e), "")
                out.append(SpokenSentence(a.quoted, a.role, a.via, source_id, record.title, record.outlet,
                                          record.date, item.span.text, item.span.start, item.span.end,
                                          chunk))  # fmt: skip
        return out

    def speakers(self, records: Mapping[str, SourceRecord], name: str = "") -> list[Speaker]:
        """Everyone quoted (those matching ``name`` when given), most often quoted first."""
        return group_speakers(s for s in self.spoken(records) if not name or name_matches(name, s.speaker))

    def sentences_by(self, speaker: str, records: Mapping[str, SourceRecord],
                     source_ids: Iterable[str] | None = None) -> list[SpokenSentence]:  # fmt: skip
        """The sentences attributed to ``speaker`` (a full name or some of its words), optionally
        only in ``source_ids``: what a person said, not where they are only mentioned.
        """
        allowed = set(source_ids) if source_ids is not None else None
        chosen = {k: r for k, r in records.items() if allowed is None or k in allowed}
        return [s for s in self.spoken(chosen) if name_matches(speaker, s.speaker)]


def group_speakers(sentences: Iterable[SpokenSentence]) -> list[Speaker]:
    """Sentences grouped by speaker; a speaker's role is the one the articles give most often. Those
    named (a capitalised name: "Zhu Min", "the FAA") come first, most quoted first; then those the
    articles leave unnamed ("report", "officials"), however often they speak.
    """
    by_name: dict[str, list[SpokenSentence]] = {}
    for s in sentences:
        by_name.setdefault(s.speaker, []).append(s)
    out = []
    for name, spoken in by_name.items():
        roles = Counter(s.role for s in spoken if s.role)
        out.append(Speaker(name, roles.most_common(1)[0][0] if roles else None, spoken))
    return sorted(out, key=lambda sp: (sp.name.islower(), -sp.count, sp.name.casefold()))


def _attribute(record: SourceRecord, pieces: list[tuple[int, str, str]]) -> _Attributed:
    """The document text rebuilt from its chunks (gaps between them were line breaks), attributed."""
    text = ""
    chunks = []
    for start, chunk_text, chunk_id in sorted(pieces):
        if start > len(text):
            text += "\n" * (start - len(text))
        text = text[:start] + chunk_text
        chunks.append((start, start + len(chunk_text), chunk_id))
    sentences = attribute_text(text, record.outlet, cited_outlet(record.extra), via_of(record.extra))
    return _Attributed(sentences, chunks)


def _fill(c: Citation, sentences: list[AttributedSentence]) -> None:
    """The speaker of the first quoted sentence the citation covers, else of its first sentence."""
    covered = [s.attribution for s in sentences if s.span.start < c.end and s.span.end > c.start]
    if not covered:
        return
    a = next((x for x in covered if x.kind != OUTLET), covered[0])
    c.speaker, c.speaker_role, c.via = a.speaker, a.role, a.via
