"""The answer path, one named stage after another; :meth:`Pipeline.run` is the whole of it.

1. **condense**: a follow-up becomes a standalone question (the LLM backend's condenser, else rules).
2. **analyse**: the standalone question is analysed once; an outlet it names narrows the filters.
3. **retrieve**: hybrid (dense + BM25) passages from this question's snapshot of the index; for a
   comparison, each side's passages too (a document side's from its source; a party's own words
   and mentions in the articles the question found).
4. **decide**: the answerability gate (the extractive backend's decision; the LLM backend shares it).
5. **generate**: the backend writes; text deltas stream out. The LLM backend's judge checks each
   sentence here, before it is shown (its events come with the text). The LLM backend is not asked
   when the gate abstains, and when it is unavailable the extractive backend answers, labelled.
6. **verify**: every citation's quote is checked verbatim against its source's text at its offsets.
7. **cite**: each citation gets who speaks in the quoted sentence (:mod:`assistant.speakers`).

Each stage is a method that does its work and no timing; :meth:`Pipeline.run` times each one into
``Answer.timings_ms`` (plus ``total``).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.condense import condense
from assistant.embedding.cache import CachedEmbedder
from assistant.generation.base import (
    Condenser,
    Deep,
    FallsBack,
    Gated,
    GenerationContext,
    Generator,
    Unavailable,
)
from assistant.generation.extractive import ExtractiveGenerator, stale_date, stale_note
from assistant.generation.question import QuestionProfile, follow_up_profile, side_queries
from assistant.inputs import Request
from assistant.retrieval import (
    Filters,
    HybridRetriever,
    IndexSnapshot,
    Retrieved,
    as_of_filters,
    joined,
    recent_filters,
)
from assistant.settings import Settings
from assistant.source_mentions import outlets_named_in, sources_named_in, without_outlets
from assistant.speakers import SpeakerIndex
from assistant.store import ChromaStore, SourceRecord
from assistant.stream import SentenceEvent, StreamItem
from assistant.text.terms import content_terms
from assistant.types import Answer, Citation, Passage

if TYPE_CHECKING:
    from assistant.generation.extractive import Decision

STAGES = ("condense", "analyse", "retrieve", "decide", "generate", "verify", "cite")
# An outlet named in the question is stripped from the query unless too little would be left.
MIN_TERMS_WITHOUT_OUTLET = 3
NOT_ASKED = ("Not sent to the model: the answerability checks found that the passages do not answer it "
             "(ASSISTANT_LLM_ANSWERABILITY_GATE).")  # fmt: skip


@dataclass
class Analysis:
    """The question as retrieval and the generator see it."""

    standalone: str
    follow_up: bool  # the condensed question differs from the one asked
    filters: Filters | None
    profile: QuestionProfile


@dataclass
class Clock:
    """Milliseconds per stage, recorded by :meth:`Pipeline.run` around each stage call."""

    started: float = field(default_factory=time.perf_counter)
    ms: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.ms[name] = (time.perf_counter() - start) * 1000

    def total(self) -> dict[str, float]:
        return {**self.ms, "total": (time.perf_counter() - self.started) * 1000}


class Pipeline:
    """The stages, over the components they read (built by :class:`~assistant.Assistant`)."""

    def __init__(self, settings: Settings, generator: Generator, store: ChromaStore, embedder: CachedEmbedder,
                 speakers: SpeakerIndex, snapshot: Callable[[], IndexSnapshot]) -> None:  # fmt: skip
        self.settings = settings
        self.generator = generator
        self.store = store
        self.embedder = embedder
        self.speakers = speakers
        self._snapshot = snapshot
        self._extractive = generator if isinstance(generator, ExtractiveGenerator) else None

    @property
    def extractive(self) -> ExtractiveGenerator:
        """The extractive backend: the answerability gate, and the answer when another backend fails."""
        if self._extractive is None:
            s = self.settings
            self._extractive = ExtractiveGenerator(s.prompts_dir, s.max_answer_sentences)
        return self._extractive

    def run(self, request: Request, clock: Clock) -> Iterator[StreamItem]:
        """Text deltas and verification events as they come, then the final :class:`Answer`."""
        with clock.stage("condense"):
            standalone = self.condense(request)
        snapshot = self._snapshot()  # this question reads only this state of the index
        with clock.stage("analyse"):
            analysis = self.analyse(request, standalone, snapshot.records)
        with clock.stage("retrieve"):
            depth = self.generator.depth if isinstance(self.generator, Deep) else 0
            retrieved = self.retrieve(request, analysis, snapshot, depth)
        if not retrieved.passages:
            answer = self.nothing_to_search(request.question, analysis.standalone, snapshot.records)
            yield answer.text
        else:
            context = self.context(request, analysis, retrieved, snapshot)
            with clock.stage("decide"):
                decision = self.decide(retrieved.passages, context)
            events: list[SentenceEvent] = []
            with clock.stage("generate"):
                for item in self.generate(retrieved.passages, context, decision):
                    if isinstance(item, Answer):
                        answer = shown(item, retrieved.unshown)
                        continue
                    if isinstance(item, SentenceEvent):
                        events.append(item)
                    yield item
            dated = stale_date(analysis.profile, [c.date for c in answer.citations], request.as_of)
            if dated is not None:  # "this week" answered from an old article: say so
                answer.old_news = dated
                answer.notes.insert(0, stale_note(request.as_of, dated))
            with clock.stage("verify"):
                yield from self.verify(answer, judged=bool(events))
            with clock.stage("cite"):
                self.cite(answer, snapshot.records)
        answer.timings_ms.update(clock.total())
        yield answer

    # --- the stages -----------------------------------------------------------------------------

    def condense(self, request: Request) -> str:
        """The standalone question for retrieval (never shown): the backend's own condenser if it
        has one (the LLM backend does), else the rule-based one.
        """
        if isinstance(self.generator, Condenser):
            return self.generator.condense(request.question, request.history)
        return condense(request.question, request.history)

    def analyse(self, request: Request, standalone: str, records: Mapping[str, SourceRecord]) -> Analysis:
        """The question's profile, and the filters: an outlet it names ("according to the China Daily
        report") means look in that source, for the content asked; ``as_of`` drops later articles.
        """
        follow_up = standalone != request.question
        filters: Filters | None = request.filters if request.filters.active else None
        outlets = outlets_named_in(standalone, records)
        named = list(outlets)
        if named and len(named) < len(records) and filters is None:  # naming every source narrows nothing
            filters = Filters(sources=tuple(named))
            stripped = without_outlets(standalone, records)
            if len(content_terms(stripped)) >= MIN_TERMS_WITHOUT_OUTLET:  # unless the outlet is what is asked
                standalone = stripped
        if request.as_of:
            filters = as_of_filters(filters, request.as_of)
        profile = follow_up_profile(request.question, standalone)
        # "How do <outlet> and <outlet> differ on X?": a side named as an outlet is that outlet's articles.
        profile.source_sides |= {side for side in profile.sides if sources_named_in(side, records)}
        profile.name_terms -= {t for outlet in outlets.values() for t in content_terms(outlet)}  # not content
        return Analysis(standalone, follow_up, filters, profile)

    def retrieve(self, request: Request, analysis: Analysis, snapshot: IndexSnapshot,
                 depth: int = 0) -> Retrieved:  # fmt: skip
        """The top passages (in turn from each source when the question spans sources), down to
        ``depth`` when the generator chooses among more than are shown (those beyond the shown ones
        are ``unshown``); for a comparison, each side's own after them, so that every side has
        candidates: its query over the index, then, for a party, its part of the articles the question
        found.
        """
        s = self.settings
        retriever = HybridRetriever(self.store, snapshot.bm25, snapshot.records, self.embedder.embed_query,
                                    s.candidates, s.rrf_k)  # fmt: skip

        def ranked(query: str, k: int, filters: Filters | None, spread: bool = False) -> Retrieved:
            recent = recent_filters(filters, request.as_of, s.recent_days) if request.as_of else None
            return retriever.retrieve(query, k, filters, spread=spread, recent=recent,
                                      recent_weight=s.recent_weight)  # fmt: skip

        k = request.k or s.top_k
        retrieved = ranked(analysis.standalone, max(k, depth), analysis.filters,
                           analysis.profile.across_sources)  # fmt: skip
        retrieved.unshown = frozenset(p.chunk_id for p in retrieved.passages[k:])
        queries = side_queries(analysis.profile) if s.comparison_side_k else {}
        where = {side: _side_filters(side, analysis, snapshot.records) for side in queries}
        for side, query in queries.items():
            if (filters := where[side]) is not None:
                retrieved = joined(retrieved, ranked(query, s.comparison_side_k, filters).passages)
        found = tuple(dict.fromkeys(p.source_id for p in retrieved.passages))
        for side, query in queries.items():  # a party: its part of the articles found for any side
            if (filters := where[side]) is not None and side not in analysis.profile.source_sides:
                have = {p.chunk_id for p in retrieved.passages}
                among = ranked(query, s.candidates, dataclasses.replace(filters, sources=found)).passages
                within = [p for p in among if p.chunk_id not in have]
                retrieved = joined(retrieved, self.side_passages(side, within, snapshot.records))
        return retrieved

    def side_passages(self, side: str, ranked: list[Passage],
                      records: Mapping[str, SourceRecord]) -> list[Passage]:  # fmt: skip
        """Of ``ranked`` (passages of the articles found, not yet retrieved, best for the side's query
        first), those in which the side speaks, then those that name it, ``comparison_side_k`` at most:
        a party's own words and part often come further down the article than the question's words.
        """
        sources = list(dict.fromkeys(p.source_id for p in ranked))
        spoken = {x.chunk_id for x in self.speakers.sentences_by(side, records, sources)}
        named = set(content_terms(side))
        speaks = [p for p in ranked if p.chunk_id in spoken]
        names = [p for p in ranked if p.chunk_id not in spoken and named <= set(content_terms(p.text))]
        return [*speaks, *names][: self.settings.comparison_side_k]

    def context(self, request: Request, analysis: Analysis, retrieved: Retrieved,
                snapshot: IndexSnapshot) -> GenerationContext:  # fmt: skip
        """What the generator gets besides the passages."""
        return GenerationContext(
            question=request.question, standalone=analysis.standalone, history=request.history,
            follow_up=analysis.follow_up, query_vector=retrieved.query_vector,
            idf=snapshot.bm25.idf, document_frequency=snapshot.bm25.document_frequency,
            embed=self.embedder.embed, as_of=request.as_of, recent_days=self.settings.recent_days,
            profile=analysis.profile,
            voices=lambda passages: self.speakers.voices(passages, snapshot.records),
        )  # fmt: skip

    def decide(self, passages: list[Passage], context: GenerationContext) -> Decision | None:
        """The answerability gate: the backend's own, or the extractive one for a backend that shares it
        (None: no gate, or it is switched off).
        """
        if isinstance(self.generator, Gated):
            return self.generator.decide(passages, context)
        if isinstance(self.generator, FallsBack) and self.generator.shares_gate:
            return self.extractive.decide(passages, context)
        return None

    def generate(self, passages: list[Passage], context: GenerationContext,
                 decision: Decision | None) -> Iterator[StreamItem]:  # fmt: skip
        """The backend's answer. One that falls back (the LLM backend) is not asked when the gate
        abstains, and is replaced by the extractive answer, labelled, when it is unavailable.
        """
        generator = self.generator
        if isinstance(generator, Gated):
            yield from generator.stream(passages, context, decision)
            return
        if not isinstance(generator, FallsBack):
            yield from generator.stream(passages, context)
            return
        if decision is not None and decision.kind == "abstain":  # verification checks support, not answering
            answer = self.extractive.abstention(decision, passages, context, generator.label)
            answer.notes.insert(0, NOT_ASKED)
            yield answer.text
            yield answer
            return
        try:
            yield from generator.stream(passages, context)
        except Unavailable as exc:
            yield from self.fall_back(passages, context, decision, exc.reason)

    def fall_back(self, passages: list[Passage], context: GenerationContext, decision: Decision | None,
                  reason: str) -> Iterator[StreamItem]:  # fmt: skip
        """The extractive answer, labelled with why the backend was not used."""
        for item in self.extractive.stream(passages, context, decision):
            if isinstance(item, Answer):
                item.backend = f"extractive (fallback: {reason})"
                item.notes.insert(0, f"The language model was not used ({reason}); "
                                     "this is the extractive answer.")  # fmt: skip
            yield item

    def verify(self, answer: Answer, judged: bool) -> Iterator[SentenceEvent]:
        """Each citation's quote must be its source's text at its offsets. Quoted sentences the
        generator did not judge (the extractive backend's) are reported verified by this check.
        """
        passages = {p.chunk_id: p for p in answer.passages}
        for c in answer.citations:
            where = f"chars {c.start}-{c.end} of {c.source_id}"
            if not _verbatim(c, passages.get(c.chunk_id)):
                event = SentenceEvent("marked", c.quote, f"its quote is not the text at {where}")
                answer.notes.append(event.note())
                yield event
            elif not judged:
                yield SentenceEvent("verified", c.quote, f"verbatim at {where}", f"[{c.n}]")

    def cite(self, answer: Answer, records: Mapping[str, SourceRecord]) -> None:
        """Who speaks in each quoted sentence."""
        self.speakers.attach(answer, records)

    def nothing_to_search(self, question: str, standalone: str,
                          records: Mapping[str, SourceRecord]) -> Answer:  # fmt: skip
        """An abstention that says why no passage was found: an empty index, or filters that
        exclude every article. The generator is not asked (there is nothing to cite).
        """
        if not records:
            text = "No articles are indexed yet, so there is nothing to answer from."
            note = (f"Put .txt/.md/.html/.pdf/.docx files in {self.settings.sources_dir} and run "
                    "'assistant sources sync', or upload them in the Sources tab.")  # fmt: skip
        else:
            text = "No indexed article matches the filters, so there is nothing to answer from."
            note = "Widen or clear the source, outlet and date filters."
        return Answer(question=question, text=text, citations=[], abstained=True, passages=[],
                      backend=self.generator.name, standalone_question=standalone, notes=[note])  # fmt: skip


def _side_filters(side: str, analysis: Analysis, records: Mapping[str, SourceRecord]) -> Filters | None:
    """Where a comparison side's own passages are looked for: the question's filters, narrowed for a
    side named as a document to the sources it names (None: it names none of those allowed).
    """
    filters = analysis.filters or Filters()
    if side not in analysis.profile.source_sides:
        return filters
    named = [n for n in sources_named_in(side, records) if not filters.sources or n in filters.sources]
    return dataclasses.replace(filters, sources=tuple(named)) if named else None


def shown(answer: Answer, unshown: frozenset[str]) -> Answer:
    """The answer with the passages it shows: not those retrieved only to choose from, unless cited."""
    cited = {c.chunk_id for c in answer.citations}
    answer.passages = [p for p in answer.passages if p.chunk_id not in unshown or p.chunk_id in cited]
    return answer


def _verbatim(citation: Citation, passage: Passage | None) -> bool:
    """The quote is the passage's text at the citation's offsets (a quote without its passage
    cannot be checked here, and is not counted against it).
    """
    if passage is None or not passage.start <= citation.start <= citation.end <= passage.end:
        return passage is None
    return passage.text[citation.start - passage.start : citation.end - passage.start] == citation.quote
