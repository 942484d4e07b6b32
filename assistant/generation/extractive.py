"""The default, offline generator: it answers only with verbatim source sentences, each cited.

It decides first whether the passages answer the question at all (names and asked-for things the
articles never mention, the expected answer type, a figure or person the question assumes but the
articles contradict), then picks sentences that cover the question's facets, across sources when
the question compares.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from assistant.followup_entities import clean
from assistant.prompts import load_prompt
from assistant.text.terms import (
    COUNTRY_TERMS,
    QUESTION_WORDS,
    STOPWORDS,
    bare_number,
    content_terms,
    names,
    numbers,
)
from assistant.types import Answer, Citation, Passage, Section

from .answer_model import AnswerModel, gate_row, load_model
from .base import GenerationContext
from .comparison import Side, SideScores, sides_of, speakers, spoken_by
from .evidence import SAME_SENTENCE_OVERLAP, Sentence, candidate_sentences, same_terms
from .features import asked_kind, day_of, featurise
from .question import UNTYPED, QuestionProfile, analyse, follow_up_profile, side_queries

# How long an answer may grow (characters of quoted text): a fact is one or two sentences; a
# multi-part or comparison question gets one per facet.
ANSWER_BUDGET_CHARS = 450
MULTI_BUDGET_CHARS = 900
# A fact answer is the best sentence and at most one runner-up (concise: a third one pads).
FACT_SENTENCES = 2
# A sentence for another facet or source must reach this share of the best one's probability.
# `eval sweep` on the tune sets (seeds, real news, its comparisons and follow-ups): 0.25 / 0.35 / 0.5
# gave a mean share correct of 0.676 / 0.686 / 0.681.
FACET_SHARE = 0.35
# How many of the best sentences may hold the asked type (a date for "when", ...) before abstaining.
# `eval sweep` on the same tune sets: 2 / 3 / 5 answer the same (2 declines one more answerable one).
TYPE_CANDIDATES = 3
# A question about the days before it is asked ("this week", "on Monday", "recently") is about the
# news of those days: when its best sentence comes from an article older than STALE_DAYS before the
# as-of date, the best sentence of an article from those days (``Settings.recent_days``) leads
# instead, if the model rates it at least RECENT_SHARE of the best (an old article on the same kind
# of event reads alike; the week's article says what happened this time). Chosen by `eval sweep` on
# the real-news tune sets: RECENT_SHARE 0.3 / 0.5 / 0.7 and STALE_DAYS 14 / 30 gave 55 / 55 / 54 of
# 108 real-news questions, comparisons and follow-ups the same (README, "The answer model").
# When every article an answer quotes is that old, the answer carries a note saying so, with the
# newest one's date (`stale_date`; declining instead was measured and not kept: evals/README).
STALE_DAYS = 30
RECENT_SHARE = 0.5


@dataclass
class Decision:
    kind: str  # "answer" | "abstain" | "correct"
    chosen: list[Sentence] = field(default_factory=list)
    reason: str = ""
    claim: str = ""
    confidence: float | None = None  # the gate's probability that the articles answer
    sides: list[Side] = field(default_factory=list)  # a comparison's sections (chosen = all of them)


class ExtractiveGenerator:
    """Composes answers from cited source sentences; never writes a word of its own."""

    name = "extractive"

    def __init__(
        self, prompts_dir: Path, max_sentences: int = 4, model: AnswerModel | None = None,
        passages: int | None = None,
    ) -> None:  # fmt: skip
        self._prompts_dir = prompts_dir
        self._max = max_sentences
        self._model = model or load_model()
        self._passages = passages

    @property
    def model(self) -> AnswerModel:
        return self._model

    @property
    def depth(self) -> int:
        """How many retrieved passages it chooses from (``passages``, else the model's fitted depth;
        0: those shown).
        """
        return self._passages if self._passages is not None else self._model.passages

    def stream(self, passages: list[Passage], context: GenerationContext,
               decision: Decision | None = None) -> Iterator[str | Answer]:  # fmt: skip
        """The answer a line at a time (the deltas join to its text), then the answer; ``decision``
        is this question's :meth:`decide` when the pipeline has already made it.
        """
        decision = decision or self.decide(passages, context)
        answer = compose(decision, context, passages, self._prompts_dir, self.name)
        lines = answer.text.split("\n")
        for i, line in enumerate(lines):
            yield line + ("\n" if i < len(lines) - 1 else "")
        yield answer

    def decide(self, passages: list[Passage], context: GenerationContext) -> Decision:
        """Whether the passages answer the question, and with which sentences."""
        sentences = candidate_sentences(passages)
        profile = context.profile or follow_up_profile(context.question, context.standalone)
        # A comparison is answered side by side as a whole, not part by part.
        compares = bool(profile.sides or profile.by_source)
        parts = [] if context.follow_up or compares else split_parts(context.standalone)
        if len(parts) < 2:
            self.score(sentences, profile, context)
            rated = self._side_scores(sentences, profile, context) if profile.sides else {}
            return decide(profile, sentences, context, self._max, self._model, side_scores=rated)
        return self._decide_parts(parts, sentences, context)

    def score(
        self, sentences: list[Sentence], profile: QuestionProfile, ctx: GenerationContext
    ) -> np.ndarray:
        """Each sentence's ``score``: the model's probability that it answers; returns the features."""
        x = featurise(
            sentences, profile, ctx.idf, ctx.embed, ctx.as_of,
            satisfies=lambda s: _satisfies(s, profile, sentences),
            context_terms=lambda s: context_terms(s, sentences),
        )  # fmt: skip
        for sentence, p in zip(sentences, self._model.probabilities(x) if len(x) else []):
            sentence.score = float(p)
        return x

    def _side_scores(self, sentences: list[Sentence], profile: QuestionProfile,
                     ctx: GenerationContext) -> SideScores:  # fmt: skip
        """Each named party's own rating of the candidates: the model's probability that a sentence
        answers the side's part of the question (its name and what is asked of it).
        """
        out = {}
        for side, query in side_queries(profile).items():
            if side in profile.source_sides:
                continue
            mine = [dataclasses.replace(s) for s in sentences]
            self.score(mine, analyse(query), ctx)
            out[side] = {s.key: s.score for s in mine}
        return out

    def abstention(self, decision: Decision, passages: list[Passage], context: GenerationContext,
                   backend: str) -> Answer:  # fmt: skip
        """The abstention answer for an ``abstain`` decision, labelled with ``backend``."""
        return compose(decision, context, passages, self._prompts_dir, backend)

    def _decide_parts(self, parts: list[str], sentences: list[Sentence], ctx: GenerationContext) -> Decision:
        """Answer each part of a multi-part question from its own best evidence, then merge."""
        share = max(1, self._max // len(parts))
        budget = MULTI_BUDGET_CHARS // len(parts)
        decisions = []
        for part in parts:
            mine = [dataclasses.replace(s) for s in sentences]
            profile = analyse(part)
            self.score(mine, profile, ctx)
            decisions.append((decide(profile, mine, ctx, share, self._model, budget), mine))
        answered = [(d, mine) for d, mine in decisions if d.kind != "abstain"]
        if not answered:
            return decisions[0][0]
        chosen: list[Sentence] = []
        for d, scored in answered:
            new = [s for s in d.chosen if s.key not in {c.key for c in chosen}]
            if not new:  # its best sentence answered an earlier part: take its best other one
                taken = {c.key for c in chosen}
                new = [s for s in sorted(scored, key=lambda s: -s.score) if s.key not in taken][:1]
            chosen += new
        corrected = [d for d, _ in answered if d.kind == "correct"]
        kind = "correct" if corrected else "answer"
        confidence = min(d.confidence or 0.0 for d, _ in answered)
        claim = corrected[0].claim if corrected else ""
        return Decision(kind, _ordered(chosen), claim=claim, confidence=confidence)


_PART_SPLIT = re.compile(
    r"\?\s+(?=\S)|[,;:]\s*(?:and\s+)?(?=(?:what|how|who|whom|where|when|why|which|is|are|does|do)\b)|"
    r"\s+and\s+(?=(?:what|how|who|whom|where|when|why|which)\b)",
    re.I,
)


_WORD = re.compile(r"[\w’'-]+")
_FUNCTION_WORDS = STOPWORDS | QUESTION_WORDS


# Words a sub-question starts with: a wh-word or request verb (QUESTION_WORDS), or an auxiliary.
_AUXILIARIES = frozenset(
    "is are was were am do does did can could will would shall should may might must has have had".split()
)


def _pieces(question: str) -> list[str]:
    """The question cut where a new sub-question starts. A cut at a comma needs a question before
    it: "In 2024, how many ...", "According to the report, what ..." and "Apart from X, what ..."
    open with a frame that belongs to the question after it.
    """
    pieces: list[str] = []
    start = segment = 0
    for cut in [*_PART_SPLIT.finditer(question), None]:
        end = cut.start() if cut else len(question)
        words = [w.lower() for w in _WORD.findall(question[segment:end])]
        words = words[1:] if words[:1] in (["and"], ["but"], ["so"]) else words
        asks = bool(words) and words[0] in QUESTION_WORDS | _AUXILIARIES
        if cut is not None and not asks and not cut.group(0).startswith("?"):
            segment = cut.end()  # a frame: it stays with the piece that follows
            continue
        pieces.append(question[start:end].strip(" ,;:?"))
        start = segment = cut.end() if cut else end
    return pieces


def split_parts(question: str) -> list[str]:
    """The sub-questions of "Who leads it, and what would partners get?" (one part if none)."""
    pieces = [p for p in _pieces(question) if len(content_terms(p)) >= 1]
    if len(pieces) < 2:
        return [question]
    topic = " ".join(w for w in _WORD.findall(pieces[0]) if w.isupper() or w.lower() not in _FUNCTION_WORDS)
    out = [pieces[0] + "?"]
    for piece in pieces[1:]:
        # A later part ("what is the verdict on it?") inherits the first part's subject.
        out.append(f"{piece}? ({topic})" if len(content_terms(piece)) < 4 else piece + "?")
    return out


def decide(
    profile: QuestionProfile, sentences: list[Sentence], ctx: GenerationContext, limit: int,
    model: AnswerModel, budget: int = 0, side_scores: SideScores | None = None,
) -> Decision:  # fmt: skip
    """Answer, abstain, or correct the question's premise (sentences carry the model's scores;
    ``side_scores`` a comparison's rating of them per named side).
    """
    confidence = answerable(sentences, model)
    decision = _decide(profile, sentences, ctx, limit, model, budget, confidence, side_scores or {})
    decision.confidence = confidence
    return decision


def answerable(sentences: list[Sentence], model: AnswerModel) -> float:
    """The gate's probability that these scored candidates answer the question (0 without any)."""
    if not sentences:
        return 0.0
    return model.answerable(gate_row([s.score for s in sentences], [s.similarity for s in sentences]))


def _decide(
    profile: QuestionProfile, sentences: list[Sentence], ctx: GenerationContext, limit: int,
    model: AnswerModel, budget: int, confidence: float,
    side_scores: SideScores,
) -> Decision:  # fmt: skip
    if not sentences:
        return Decision("abstain")
    ranked = sorted(sentences, key=lambda s: -s.score)
    asked = frozenset(profile.terms) | frozenset(profile.name_terms)  # what the question itself names
    best = ranked[0]

    # Names the index never mentions: only those the user typed in this turn (a condensed
    # follow-up also carries words of earlier turns, which are not claims of this question).
    own_names = analyse(ctx.question).name_terms if ctx.follow_up else set()
    typed_names = own_names if ctx.follow_up else profile.name_terms
    unknown_names = sorted(t for t in typed_names if ctx.document_frequency(t) == 0)
    # So is the asked noun ("which university"), and what a comparison is on when none of its
    # words is ("differ on space tourism"; "on how X spreads it" names X).
    unknown_focus = [t for t in profile.focus if ctx.document_frequency(t) == 0]
    compared_on = list(dict.fromkeys(content_terms(profile.aspect))) if profile.comparative else []
    if compared_on and all(ctx.document_frequency(t) == 0 for t in compared_on):
        unknown_focus += [t for t in compared_on if t not in unknown_focus]
    if unknown_focus:
        return Decision("abstain", reason=f" (they never mention {_words(profile, unknown_focus)})")

    # A figure in a wh-question is detail to find the event by; only a question that asserts it
    # (or asks for a figure) can have a wrong number to correct.
    checks_figures = profile.presupposes or profile.yes_no or profile.answer_type == "number"
    premise = _number_premise(profile, ranked, sentences) if checks_figures else None
    renumbered = None if checks_figures else _renumbered_premise(profile, ranked)
    if renumbered is not None:  # "the 14th plan" asked, only "the 15th plan" written: a wrong premise
        number, renumbering = renumbered
        corrected = _with_context([renumbering], sentences, asked=asked)
        return Decision("correct", corrected, claim=_words(profile, [number]))
    if premise is not None:
        number, evidence = premise
        if evidence is not None and (profile.presupposes or profile.answer_type == "number"):
            return Decision("correct", _with_context([evidence], sentences, asked=asked), claim=number)
        return Decision("abstain", reason=f" (they give no figure of {number} here)")

    if unknown_names:
        evidence = _name_premise(profile, ranked, set(unknown_names))
        if evidence is not None and (profile.answer_type == "reason" or profile.yes_no):
            words = _words(profile, unknown_names)
            return Decision("correct", _with_context([evidence], sentences, asked=asked), claim=words)
        return Decision("abstain", reason=f" (they never mention {_words(profile, unknown_names)})")

    if ctx.follow_up:  # a follow-up asks for something new: not a sentence the last answer holds
        said = _previous_answer(ctx)
        fresh = [s for s in ranked if not s.terms <= said]
        if fresh:
            ranked, best = fresh, fresh[0]
    emphasis = own_names  # a follow-up's own names ("and China?") must be what the answer is about
    if emphasis:
        about = [s for s in ranked if emphasis <= s.terms | _before_terms(s, sentences)]
        replaced = _replaced_names(ctx)  # "and what about China?" after a question about the US
        about = [s for s in about if not replaced & s.terms or _sets_apart(s, emphasis)] or about
        if replaced:  # "A does X. B, in contrast, does Y": after an answer quoting the first, "And B?"
            said_last = _previous_answer(ctx)
            turned = [s for s in about if s.contrasts() and _follows_answer(s, sentences, said_last)]
            about = [*turned, *(s for s in about if s not in turned)]
        if about:
            ranked, best = about, about[0]
    if profile.presupposes and profile.answer_type != "person":  # a premise check, before the model's
        claim = max(ranked[:10], key=lambda s: (s.coverage, s.similarity))  # the sentence it quotes
        wrong = _misattributed(profile, claim, sentences)
        if wrong:
            named = [s for s in _window(claim, sentences) if _names_person(s)]
            corrected = _with_context([*named[-1:], claim], sentences, asked=asked)
            return Decision("correct", corrected, claim=wrong)
    if profile.answer_type not in UNTYPED:
        # Answer-type presence: "when" needs a date, "how many" a figure, "who" a person, "which"
        # a name, in one of the sentences the model rates nearly as high as the best.
        near = [s for s in ranked[:TYPE_CANDIDATES] if s.score >= FACET_SHARE * best.score]
        typed = [s for s in near if _satisfies(s, profile, sentences)]
        if not typed:
            return Decision("abstain", reason=_type_reason(profile.answer_type))
        if typed[0] is not best:
            ranked = [typed[0], *[s for s in ranked if s is not typed[0]]]
            best = typed[0]
    if confidence < model.abstain_below and not _holds_aspect(compared_on, ranked):
        return Decision("abstain")  # the gate, on all candidates before any emphasis
    if profile.speaker:  # "What does X say about ...": X's own words, not sentences naming X
        spoken = spoken_by(profile.speaker, ranked, ctx.voices)
        if spoken:
            ranked, best = spoken + [s for s in ranked if s not in spoken], spoken[0]
    if not (profile.comparative or profile.across_sources or profile.sides or profile.by_source):
        recent = recent_lead(profile, ranked, sentences, ctx.as_of, ctx.recent_days)
        if recent is not None:  # "this week": the week's article, not an older one on the same kind of event
            ranked, best = [recent, *(s for s in ranked if s is not recent)], recent
    lead = best

    wide = profile.comparative or profile.across_sources
    budget = budget or (MULTI_BUDGET_CHARS if wide else ANSWER_BUDGET_CHARS)
    if profile.sides or profile.by_source:
        lean = {s.key: _before_terms(s, sentences) for s in ranked}
        sides = sides_of(profile, ranked, lean, budget, FACET_SHARE, ctx.idf, ctx.voices, side_scores)
        if sides:
            each = budget // len(sides)
            used = {s.key for side in sides for s in side.sentences}
            for side in sides:  # each side's sentences with any they lean on (not another side's)
                aspect = {s.key: a for s, a in zip(side.sentences, side.aspects)}
                mine = {s.key for s in side.sentences}
                extra = [s for s in _with_context(side.sentences, sentences, each, asked)
                         if s.key in mine or s.key not in used]  # fmt: skip
                used |= {s.key for s in extra}
                side.sentences = extra
                side.aspects = [aspect.get(s.key, "") for s in extra]
            return Decision("answer", [s for side in sides for s in side.sentences], sides=sides)
    chosen = _select(profile, ranked, lead, limit, model, sentences, budget)
    antecedent = _antecedent(profile, lead, sentences)  # what the lead names only by reference
    fits = antecedent is not None and len(lead.text) + len(antecedent.text) <= budget
    if antecedent is not None and fits and antecedent not in chosen:
        most = max(len(chosen), FACT_SENTENCES)  # a runner-up gives way to the name the lead stands for
        chosen = [lead, antecedent, *chosen[1:]]
        while len(chosen) > most or sum(len(s.text) for s in chosen) > budget:
            chosen.pop()
    if profile.answer_type == "person" and not lead.satisfies("person", frozenset(profile.name_terms)):
        # "Who said X?" answered by the quote: the sentence naming its speaker comes along.
        asked = frozenset(profile.name_terms)
        window = list(reversed(_window(lead, sentences)))
        who = speakers([lead], ctx.voices).get(lead.key, "")  # the quote's attributed speaker, named where?
        named = [s for s in window if who and who.split()[-1] in s.text]
        named += [s for s in window if _names_person(s) and s.satisfies("person", asked)]
        speaker = next(iter(named), None) or next((s for s in window if s.satisfies("person", asked)), None)
        if speaker is not None and speaker not in chosen:
            chosen.append(speaker)
    return Decision("answer", _with_context(chosen, sentences, budget, asked))


def _antecedent(profile: QuestionProfile, lead: Sentence, sentences: list[Sentence]) -> Sentence | None:
    """The earlier sentence that names what the lead refers to, when the lead names it only by
    reference, as news does after a first mention: by what it is ("The comedian will return ..."
    for "Which comedian ...?"), or, for "who", by the surname ("Boodram is one of ..." after "Avi
    Boodram ..."). None when the lead names it itself or no candidate before it does.
    """
    before = _window(lead, sentences)[:-1]
    if not before:
        return None
    head = asked_kind(profile.text).split()[-1:]
    if head and re.match(rf"(?:The|This|That)\s+(?:[a-z-]+\s+)?{re.escape(head[0])}\b", lead.text):
        return before[-1]
    first = names(lead.text)[:1]
    if profile.answer_type != "person" or not first or " " in first[0] or not lead.text.startswith(first[0]):
        return None
    surname = first[0]
    full = (s for s in before if any(len(n.split()) >= 2 and n.split()[-1] == surname for n in names(s.text)))
    return next(full, None)


def _age_days(sentence: Sentence, as_of: date) -> int | None:
    """How many days before ``as_of`` the sentence's article is dated (None: undated)."""
    day = day_of(sentence.passage.date)
    return None if day is None else (as_of - day).days


def recent_lead(
    profile: QuestionProfile, ranked: list[Sentence], sentences: list[Sentence], as_of: str, days: int
) -> Sentence | None:
    """For a question about the days before it is asked, whose best sentence (``ranked[0]``) comes
    from an article older than ``STALE_DAYS``: the best sentence of an article from the
    ``days`` before the as-of date that the model rates at least ``RECENT_SHARE`` of it
    (and that holds the asked type, if one is asked). None when there is no such sentence, no as-of
    date, or the question does not place itself in those days.
    """
    if not profile.recent or not ranked:
        return None
    day = day_of(as_of)
    if day is None:
        return None
    best = ranked[0]
    age = _age_days(best, day)
    if age is None or age <= STALE_DAYS:
        return None
    typed = profile.answer_type not in UNTYPED
    for sentence in ranked[1:]:
        if sentence.score < RECENT_SHARE * best.score:
            continue
        fresh = _age_days(sentence, day)
        if fresh is None or not 0 <= fresh <= days:
            continue
        if not typed or _satisfies(sentence, profile, sentences):
            return sentence
    return None


def stale_date(profile: QuestionProfile, dates: Sequence[str], as_of: str) -> str | None:
    """The newest of the cited articles' ``dates`` when the question places itself in the days
    before ``as_of`` ("this week", "on Monday") and every one of them is over ``STALE_DAYS`` older:
    the answer quotes news of another time on the same kind of event. None otherwise (also when an
    article is undated, or nothing is cited).
    """
    day = day_of(as_of)
    days = [day_of(d) for d in dates]
    if not profile.recent or day is None or not days or None in days:
        return None
    newest = max(d for d in days if d is not None)
    return newest.isoformat() if (day - newest).days > STALE_DAYS else None


def stale_note(as_of: str, dated: str) -> str:
    """What an answer says when ``stale_date`` found its articles older than the days asked about."""
    return (f"This answer quotes no article from the days before {as_of} that the question asks "
            f"about: the newest one it quotes is dated {dated}.")  # fmt: skip


def _holds_aspect(compared_on: list[str], ranked: list[Sentence]) -> bool:
    """Does a candidate hold every word of what a comparison is on ("What do the two articles say
    about adoption?")? Then the articles answer it, however short the question; the gate was fitted
    on fact questions, whose words say more.
    """
    return bool(compared_on) and any(set(compared_on) <= s.terms for s in ranked)


# A contrast within a sentence: "A does X, while B does Y" says what B does too.
_SETS_APART = re.compile(
    r"(?:,|—|–)\s*(?:while|whereas|but)\s+|\b(?:in contrast|by contrast|meanwhile)\b", re.I
)


def _sets_apart(sentence: Sentence, names_: set[str]) -> bool:
    """Does the sentence set ``names_`` against something else, naming them after a contrast
    ("The US builds X, while China builds Y" for "And what about China?")?
    """
    cut = _SETS_APART.search(sentence.text)
    return cut is not None and names_ <= set(content_terms(sentence.text[cut.start() :]))


def _follows_answer(sentence: Sentence, sentences: list[Sentence], answered: set[str]) -> bool:
    """Is the sentence right before this one (mostly) what the last answer said?"""
    window = _window(sentence, sentences, size=1)
    before = window[0].terms if len(window) > 1 else set()
    return bool(before) and len(before & answered) >= SAME_SENTENCE_OVERLAP * len(before)


def _replaced_names(ctx: GenerationContext) -> set[str]:
    """Name terms of the previous question that the follow-up's standalone form dropped."""
    previous = [t["content"] for t in ctx.history if t.get("role") == "user"]
    if not previous:
        return set()
    return analyse(previous[-1]).name_terms - analyse(ctx.standalone).name_terms


def _previous_answer(ctx: GenerationContext) -> set[str]:
    """The terms of the last assistant turn (none before the first answer)."""
    previous = [t["content"] for t in ctx.history if t.get("role") == "assistant" and t.get("content")]
    return set(content_terms(clean(previous[-1]))) if previous else set()


def _before_terms(sentence: Sentence, sentences: list[Sentence]) -> set[str]:
    """The terms of the sentence before, when this one leans on it."""
    if not sentence.needs_context():
        return set()
    window = _window(sentence, sentences, size=1)
    return window[0].terms if len(window) > 1 else set()


def context_terms(sentence: Sentence, sentences: list[Sentence]) -> set[str]:
    """Terms that say what a sentence is about without being in it: its article's title, the
    subhead above it, and the sentence before when it leans on that one.
    """
    return set(content_terms(sentence.passage.title)) | sentence.heading | _before_terms(sentence, sentences)


def _words(profile: QuestionProfile, stems: list[str]) -> str:
    """The question's own words behind some stemmed terms, quoted."""
    words = [w for w in re.findall(r"[\w’'.-]+", profile.text) if set(content_terms(w)) & set(stems)]
    return ", ".join(f"“{w.strip('.')}”" for w in dict.fromkeys(words)) or "that"


def _type_reason(answer_type: str) -> str:
    return {
        "date": " (they give no date for it)",
        "number": " (they give no figure for it)",
        "person": " (they do not say who)",
        "place": " (they do not say where)",
        "entity": " (they do not name it)",
    }.get(answer_type, "")


def _kind(number: str) -> str:
    if number.endswith("%"):
        return "percent"
    value = bare_number(number)
    if re.fullmatch(r"(1[89]|20)\d\d", value):
        return "year"
    return "count"


def _satisfies(sentence: Sentence, profile: QuestionProfile, sentences: list[Sentence]) -> bool:
    """Type check on the sentence, or for "who" on the sentences just before it (attribution)."""
    asked = frozenset(profile.name_terms)
    if profile.answer_type == "person":
        return any(s.satisfies("person", asked) for s in _window(sentence, sentences))
    return sentence.satisfies(profile.answer_type, asked, profile.detail)


def _name_premise(profile: QuestionProfile, ranked: list[Sentence], unknown: set[str]) -> Sentence | None:
    """For "Why was X held in Shanghai?": evidence that matches everything but the unknown name."""
    others = [t for t in profile.terms if t not in unknown]
    if len(others) < 2:
        return None
    for sentence in ranked[:5]:
        overlap = sum(1 for t in others if t in sentence.terms) / len(others)
        if overlap >= 0.5 and sentence.similarity >= 0.45:
            return sentence
    return None


# A number and the word it counts or orders: "14th Five-Year Plan", "3 stations", "the 2023 season".
_NUMBERED = re.compile(r"\b(\d+)(?:st|nd|rd|th)?[\s-]+([^\W\d_][\w-]*)")


# The share of the question's other terms the evidence of a renumbered premise must hold.
RENUMBERED_OVERLAP = 0.5


def _renumbered_premise(profile: QuestionProfile, ranked: list[Sentence]) -> tuple[str, Sentence] | None:
    """A number the question gives a thing ("What does the 14th plan say?") that no candidate
    has, with a close candidate giving the same thing another number ("its 15th plan"): then the
    number is the question's premise, and wrong. The number and that evidence, or None.
    """
    present = set().union(*(numbers(s.text, words=False) for s in ranked)) if ranked else set()
    present |= {s.passage.date[:4] for s in ranked if s.passage.date}  # "this year's" in a 2024 article
    asked = [(m.group(1), m.group(2).lower()) for m in _NUMBERED.finditer(profile.text)]
    for number, word in asked:
        if number in present:
            continue
        others = [t for t in profile.terms if t not in content_terms(f"{number} {word}")]
        for sentence in ranked[:5]:
            written = {(m.group(1), m.group(2).lower()) for m in _NUMBERED.finditer(sentence.text)}
            if not any(w == word and n != number for n, w in written):
                continue
            if sum(t in sentence.terms for t in others) >= RENUMBERED_OVERLAP * max(len(others), 1):
                return number, sentence
    return None


def _number_premise(
    profile: QuestionProfile, ranked: list[Sentence], sentences: list[Sentence]
) -> tuple[str, Sentence | None] | None:
    """A figure the question states that no candidate sentence has (a year counts as had when an
    article is dated in it), and the closest evidence carrying a figure of the same kind (if any),
    read with the sentence it leans on ("Two years later, ..." takes its year from the sentence
    before).
    """
    present = set().union(*(numbers(s.text) for s in ranked)) if ranked else set()
    present |= {s.passage.date[:4] for s in ranked if s.passage.date}  # "this year" in a 2024 article
    present_bare = {bare_number(n) for n in present}
    for number in sorted(profile.numbers):
        if number in present or (not number.endswith("%") and bare_number(number) in present_bare):
            continue
        kind = _kind(number)
        others = [t for t in profile.terms if t not in content_terms(number)]
        for sentence in ranked[:8]:
            read = " ".join(s.text for s in _window(sentence, sentences, size=1)) \
                if sentence.needs_context() else sentence.text  # fmt: skip
            if any(_kind(n) == kind for n in numbers(read, words=False)):
                overlap = sum(1 for t in others if t in sentence.terms) / max(len(others), 1)
                if overlap >= 0.3:
                    return number, sentence
        return number, None
    return None


def _misattributed(profile: QuestionProfile, lead: Sentence, sentences: list[Sentence]) -> str:
    """A person the question credits with a claim when the evidence credits someone else."""
    asked = [n for n in profile.names if len(n.split()) >= 2 and not _is_place(n)]
    if not asked:
        return ""
    window = " ".join(s.text for s in _window(lead, sentences))
    window_terms = set(content_terms(window))
    for name in asked:
        if set(content_terms(name)) & window_terms:
            return ""
    others = [n for n in names(window) if len(n.split()) >= 2 and not _is_place(n)]
    return asked[0] if others else ""


def _names_person(sentence: Sentence) -> bool:
    return any(len(n.split()) >= 2 and not _is_place(n) for n in names(sentence.text))


def _is_place(name: str) -> bool:
    return bool(set(content_terms(name)) & COUNTRY_TERMS)


def _window(sentence: Sentence, sentences: list[Sentence], size: int = 3) -> list[Sentence]:
    """The sentence and up to ``size`` before it in the same source (who said it is often there)."""
    same = [s for s in sentences if s.passage.source_id == sentence.passage.source_id]
    same.sort(key=lambda s: s.start)
    i = same.index(sentence)
    return [s for s in same[max(0, i - size) : i + 1] if sentence.start - s.end < 1500]


def _select(
    profile: QuestionProfile, ranked: list[Sentence], lead: Sentence, limit: int, model: AnswerModel,
    sentences: list[Sentence], budget: int,
) -> list[Sentence]:  # fmt: skip
    """The best sentence, then only what adds: for a comparison or "both articles" question the
    best sentence of each other source; for a fact, the runner-up when the model rates it at least
    the fitted share of the best (the same rule the fit replays). Within ``budget`` characters.
    """
    chosen = [lead]
    used = len(lead.text)

    def add(candidate: Sentence) -> None:
        nonlocal used
        if len(chosen) >= limit or used + len(candidate.text) > budget:
            return
        if candidate in chosen or any(_similar(candidate, c) for c in chosen):
            return
        chosen.append(candidate)
        used += len(candidate.text)

    if profile.comparative or profile.across_sources:
        for source in dict.fromkeys(s.passage.source_id for s in ranked):
            if source != lead.passage.source_id:
                best = next(s for s in ranked if s.passage.source_id == source)
                if best.score >= FACET_SHARE * lead.score:
                    add(best)
        for s in ranked[1:]:  # then the next best from any source, while the budget allows
            if s.score >= FACET_SHARE * lead.score:
                add(s)
        return chosen
    rest = [s for s in ranked if s is not lead]
    picked = follow_on(
        lead.score, len(lead.text), lead.terms, [(s.score, len(s.text), s.terms) for s in rest],
        model.second_share, min(FACT_SENTENCES, limit), budget,
    )  # fmt: skip
    return [lead, *(rest[i] for i in picked)]


def follow_on(
    lead_score: float, lead_chars: int, lead_terms: set[str],
    ranked: Sequence[tuple[float, int, set[str]]], share: float, most: int, budget: int,
) -> list[int]:  # fmt: skip
    """Which of the ``ranked`` runner-ups (score, characters, terms) join a fact answer: each
    one, best first, that reaches ``share`` of the lead's score, fits the ``budget`` with those
    already taken and repeats none of them, until the answer has ``most`` sentences. The fit
    replays this same rule.
    """
    taken: list[int] = []
    used, seen = lead_chars, [lead_terms]
    for i, (score, chars, terms) in enumerate(ranked):
        if len(taken) + 1 >= most:
            break
        if score < share * lead_score or used + chars > budget:
            continue
        if any(same_terms(terms, other) for other in seen):
            continue
        taken.append(i)
        used += chars
        seen.append(terms)
    return taken


def _similar(a: Sentence, b: Sentence) -> bool:
    return same_terms(a.terms, b.terms)


_CONTRAST = re.compile(r"^(?:However|But|Yet|Still|Nevertheless|Instead)\b")


def _with_context(chosen: list[Sentence], sentences: list[Sentence], budget: int = 0,
                  asked: frozenset[str] = frozenset()) -> list[Sentence]:  # fmt: skip
    """Add the sentence before any chosen one that leans on it (its antecedent, or the speaker of
    a quote), the article's question that sets one up when it names what neither that sentence nor
    the question (``asked``: its terms) names ("But did you know Ann Lee ...?" before "While Lee
    ..."), and a "However, ..." right after one (it qualifies it), while the answer stays within
    ``budget`` characters (0: no limit); order by source and position.
    """
    out = list(chosen)
    used = sum(len(s.text) for s in out)

    def take(extra: Sentence) -> None:
        nonlocal used
        if extra not in out and (not budget or used + len(extra.text) <= budget):
            out.append(extra)
            used += len(extra.text)

    for sentence in chosen:
        if sentence.setup is not None and _names_more(sentence.setup, sentence.terms | asked):
            take(sentence.setup)  # "But did you know Ann Lee ...? While Lee ...": it names her
        if sentence.needs_context():
            window = _window(sentence, sentences, size=1)
            if len(window) > 1:
                take(window[0])
        following = _next(sentence, sentences)
        if following is not None and _CONTRAST.match(following.text):
            take(following)
    return _ordered(out, chosen)


def _names_more(setup: Sentence, known: set[str] | frozenset[str]) -> bool:
    """Does the set-up name something (a name's term) that is not in ``known``?"""
    return any(set(content_terms(n)) - known for n in names(setup.text[1:]))


def _next(sentence: Sentence, sentences: list[Sentence]) -> Sentence | None:
    after = [s for s in sentences if s.passage.source_id == sentence.passage.source_id
             and s.start > sentence.end and s.start - sentence.end < 3]  # fmt: skip
    return min(after, key=lambda s: s.start) if after else None


def _ordered(out: list[Sentence], priority: list[Sentence] | None = None) -> list[Sentence]:
    """Sources in order of their most relevant sentence; within a source, in text order."""
    first = priority or out
    order = {c.passage.source_id: i for i, c in reversed(list(enumerate(first)))}
    return sorted(out, key=lambda s: (order.get(s.passage.source_id, 99), s.start))


def compose(
    decision: Decision, ctx: GenerationContext, passages: list[Passage], prompts_dir: Path,
    backend: str,
) -> Answer:  # fmt: skip
    """Turn a decision into the Answer: text with [n] after each sentence, and its citations."""
    if decision.kind == "abstain":
        text = load_prompt(prompts_dir, "abstain").render(reason=decision.reason)
        return Answer(ctx.question, text, [], True, passages, backend, standalone_question=ctx.standalone,
                      confidence=decision.confidence)  # fmt: skip
    citations: list[Citation] = []
    sections: list[Section] = []
    lines: list[str] = []
    for side in decision.sides or [Side("", decision.chosen)]:
        cited = _cite(side.sentences, citations)
        line = " ".join(f"{s.text} [{n}]" for s, n in cited)
        if side.label:
            aspects = [a for a in dict.fromkeys(side.aspects) if a]
            lines.append(f"{side.label}{' on ' + aspects[0] if len(aspects) == 1 else ''}: {line}")
            sections.append(Section(side.label, [s.text for s, _ in cited], [n for _, n in cited],
                                    side.aspects or [""] * len(cited)))  # fmt: skip
        else:
            lines.append(line)
    body = ("\n" if sections else " ").join(lines)
    text = body
    if decision.kind == "correct":
        lead_in = load_prompt(prompts_dir, "premise").render(claim=decision.claim)
        text = f"{lead_in}\n{body}"
    return Answer(
        question=ctx.question, text=text, citations=citations, abstained=False, passages=passages,
        backend=backend, standalone_question=ctx.standalone,
        premise_corrected=decision.kind == "correct",
        sentences_total=len(decision.chosen), sentences_verified=len(decision.chosen),
        confidence=decision.confidence, sections=sections,
    )  # fmt: skip


def _cite(chosen: list[Sentence], citations: list[Citation]) -> list[tuple[Sentence, int]]:
    """Number the runs of ``chosen`` (appending their citations); each sentence with its [n]."""
    out = []
    for group in _contiguous(chosen):
        first, last = group[0], group[-1]
        p = first.passage
        n = len(citations) + 1
        quote = p.text[first.start - p.start : last.end - p.start]
        citations.append(Citation(n, p.source_id, p.title, p.outlet, p.date, quote,
                                  first.start, last.end, p.chunk_id))  # fmt: skip
        out += [(s, n) for s in group]
    return out


def _contiguous(chosen: list[Sentence]) -> list[list[Sentence]]:
    """Runs of sentences that follow each other directly in one passage share a citation."""
    groups: list[list[Sentence]] = []
    for s in chosen:
        prev = groups[-1][-1] if groups else None
        if prev is not None and prev.passage.chunk_id == s.passage.chunk_id:
            gap = s.passage.text[prev.end - s.passage.start : s.start - s.passage.start]
            if not gap.strip():
                groups[-1].append(s)
                continue
        groups.append([s])
    return groups
