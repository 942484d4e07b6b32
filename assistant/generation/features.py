"""The answer model's features: what each candidate sentence offers a question, as a few numbers.

Every feature is general (no topic words): how close the sentence is to the question in meaning and
in words, whether it holds something of the asked answer type that the question does not already
contain, whether that thing recurs across the retrieved articles, whether it agrees with the
question's years, and where and when the article stands. ``FEATURES`` names the columns; the
weights that combine them are fitted (``assistant eval fit``) and stored in ``answer_model.json``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date

import numpy as np

from assistant.text.bm25 import bm25_scores
from assistant.text.terms import content_terms, names, numbers, without_frame
from assistant.types import Chunk, Document, Passage

from .evidence import Sentence, candidate_sentences
from .question import UNTYPED, QuestionProfile

FEATURES = (
    "similarity",  # cosine of question and sentence (MiniLM)
    "title_similarity",  # cosine of question and the article's title
    "bm25",  # sentence-level BM25 with corpus IDF, scaled to the best candidate
    "coverage",  # IDF-weighted share of the question's terms in the sentence
    "context_coverage",  # ... in the sentence, its title, subhead and the sentence it leans on
    "type_match",  # the question asks for a type (who/when/how many/where/which) and it is here
    "type_miss",  # ... and it is not
    "focus_miss",  # "which university ...": the asked noun is neither here nor in the context
    "new_names",  # names and figures the question does not already give (log count)
    "kind_similarity",  # "which airline ...": how close its best name is to the asked kind of thing
    "shared_answer",  # the share of retrieved articles that repeat one of those names/figures
    "answer_mass",  # how strongly the question-matching sentences agree on one of those items
    "headline_answer",  # the share of retrieved articles whose headline names one of those items
    "year_match",  # a year the question asks about is in the sentence or its article's date
    "year_conflict",  # the sentence is about another year than the one asked
    "passage_prior",  # the passage's retrieval score, scaled to the best passage
    "passage_similarity",  # cosine of question and the whole passage (the sentence's surroundings)
    "window_coverage",  # IDF-weighted coverage of the sentence with its neighbours
    "lead",  # near the top of its article (news puts the answer first)
    "recency",  # the article is from the days before the question's as-of date
    "length",  # sentence length, capped
    "needs_context",  # it leans on the sentence before (a pronoun subject, a bare quote)
)

# Feature transforms (fixed shapes, not fitted: the fitted weights scale them).
LEAD_SCALE_CHARS = 1500  # "lead" halves every ~1,000 characters into the article
RECENCY_SCALE_DAYS = 7.0  # a news question asked on a day is mostly about that week
LENGTH_CAP_CHARS = 400
# Shares across the retrieved articles count this many more articles that do not agree: one
# article's headline naming an item is weak evidence, five of six is strong (additive smoothing).
UNSEEN_ARTICLES = 2
# A follow-up's words carried from earlier turns weigh this share of the user's own in coverage and
# BM25: "And what did volunteers do?" asks about volunteers, not the flood asked about before.
# `eval sweep` on the tune follow-ups (seeds, real news): 1 / 0.5 / 0.25 / 0 answered 47 / 47 / 47 / 47
# of 59 seed and 22 / 23 / 23 / 22 of 30 real-news questions (evals/README, session 16).
CARRIED_WEIGHT = 0.5
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
UNKNOWN = float("nan")  # a feature that cannot be measured for a sentence (see AnswerModel)

Embed = Callable[[list[str]], list[list[float]]]


def featurise(
    sentences: list[Sentence],
    profile: QuestionProfile,
    idf: Callable[[str], float],
    embed: Embed,
    as_of: str = "",
    satisfies: Callable[[Sentence], bool] | None = None,
    context_terms: Callable[[Sentence], set[str]] | None = None,
) -> np.ndarray:
    """One row of ``FEATURES`` per sentence (also sets each sentence's ``similarity``/``coverage``)."""
    n = len(sentences)
    out = np.zeros((n, len(FEATURES)), dtype=np.float32)
    if not n:
        return out
    col = {name: i for i, name in enumerate(FEATURES)}
    question = without_frame(profile.text)
    titles = list(dict.fromkeys(s.passage.title for s in sentences))
    vectors = np.asarray(embed([question, *[_embedded_text(s) for s in sentences], *titles]),
                         dtype=np.float32)  # fmt: skip
    sims = vectors[1 : n + 1] @ vectors[0]
    title_sims = dict(zip(titles, (vectors[n + 1 :] @ vectors[0]).tolist()))

    terms = list(dict.fromkeys(profile.terms))
    weights = {t: idf(t) * (CARRIED_WEIGHT if t in profile.carried else 1.0) for t in terms}
    total = sum(weights.values()) or 1.0
    bm25 = _bm25(sentences, weights)
    # Passages built without retrieval scores (none known) rate alike instead of all at zero.
    top_passage = max(s.passage.score for s in sentences)
    known_dense = [s.passage.dense_score for s in sentences if s.passage.dense_score is not None]
    unknown_dense = float(np.mean(known_dense)) if known_dense else None
    asked = set(terms) | profile.name_terms
    asked_numbers = set(profile.numbers)
    asked_years = set(_YEAR.findall(profile.text))
    novel = [_novel(s, asked, asked_numbers, profile.answer_type) for s in sentences]
    shared = _shared(sentences, novel)
    relevance = [0.0] * n
    kind = kind_similarity(sentences, profile.text, embed)
    window = _neighbour_terms(sentences)
    as_of_day = day_of(as_of)
    typed = profile.answer_type not in UNTYPED
    headlined = _headlined(sentences, novel)

    for i, s in enumerate(sentences):
        row = out[i]
        context = context_terms(s) if context_terms else set()
        row[col["similarity"]] = s.similarity = float(sims[i])
        row[col["title_similarity"]] = title_sims[s.passage.title]
        row[col["bm25"]] = bm25[i]
        own = sum(w for t, w in weights.items() if t in s.terms)
        near = sum(w for t, w in weights.items() if t in context and t not in s.terms)
        row[col["coverage"]] = s.coverage = own / total
        row[col["context_coverage"]] = (own + near) / total
        if typed:
            ok = satisfies(s) if satisfies else True
            row[col["type_match" if ok else "type_miss"]] = 1.0
        if profile.focus and not set(profile.focus) & (s.terms | context):
            row[col["focus_miss"]] = 1.0
        row[col["new_names"]] = math.log1p(len(novel[i]))
        row[col["shared_answer"]] = shared[i]
        row[col["headline_answer"]] = headlined[i]
        row[col["kind_similarity"]] = kind[i]
        relevance[i] = row[col["context_coverage"]] + max(float(sims[i]), 0.0)
        if asked_years:
            years = set(_YEAR.findall(s.text))
            if (years | {s.passage.date[:4]}) & asked_years:
                row[col["year_match"]] = 1.0
            elif years - asked_years:
                row[col["year_conflict"]] = 1.0
        row[col["passage_prior"]] = s.passage.score / top_passage if top_passage > 0 else 1.0
        dense = s.passage.dense_score
        if dense is None:  # found by keywords only: its words match, its meaning is unmeasured
            dense = unknown_dense if unknown_dense is not None else float(sims[i])
        row[col["passage_similarity"]] = dense
        around = window[i] | s.terms
        row[col["window_coverage"]] = sum(w for t, w in weights.items() if t in around) / total
        row[col["lead"]] = math.exp(-s.start / LEAD_SCALE_CHARS)
        day = day_of(s.passage.date)
        if as_of_day and day:
            age = (as_of_day - day).days
            row[col["recency"]] = math.exp(-max(age, 0) / RECENCY_SCALE_DAYS)
        else:  # no as-of date or no article date: unknown, which the model weighs as average
            row[col["recency"]] = UNKNOWN
        row[col["length"]] = min(len(s.text), LENGTH_CAP_CHARS) / LENGTH_CAP_CHARS
        row[col["needs_context"]] = 1.0 if s.needs_context() else 0.0
    out[:, col["answer_mass"]] = _mass(novel, relevance)
    return out


def _mass(novel: list[set[str]], relevance: list[float]) -> list[float]:
    """Each item's summed relevance over the sentences that hold it; a sentence gets its best
    item's share of the best item's mass (answers recur in the sentences about the question).
    """
    mass: dict[str, float] = {}
    for items, weight in zip(novel, relevance):
        for item in items:
            mass[item] = mass.get(item, 0.0) + weight
    top = max(mass.values(), default=0.0) or 1.0
    return [max((mass[item] for item in items), default=0.0) / top for items in novel]


_KIND_WORDS = r"((?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]*)"
_ASKED_KIND = (  # "the name of the X" first: in "What is the name of ..." the X follows
    re.compile(rf"\b(?:name|type|kind|sort) of (?:the |a |an )?{_KIND_WORDS}", re.I),
    re.compile(rf"\b(?:which|what)\s+{_KIND_WORDS}", re.I),
)
_NOT_KIND = frozenset(
    """is was are were do does did has have had will would can could should may might be been the
    a an of in on at to for by from with this that these those it its they he she kind type sort
    way""".split()
)


def asked_kind(question: str) -> str:
    """The kind of thing a which/what question asks for ("which social media platform" ->
    "social media platform"), or "" when it names none.
    """
    match = _ASKED_KIND[0].search(question) or _ASKED_KIND[1].search(question)
    if not match:
        return ""
    words: list[str] = []
    for word in match.group(1).split():
        verb_form = bool(words) and len(word) > 4 and word.lower().endswith(("ed", "ing"))
        if word.lower() in _NOT_KIND or verb_form:  # "which airline grounded ...": the kind ends
            break
        words.append(word)
    return " ".join(words)


def kind_similarity(sentences: list[Sentence], question: str, embed: Embed) -> list[float]:
    """Per sentence, the best cosine between the asked kind and a name it holds."""
    kind = asked_kind(question)
    originals = [_name_spans(s) for s in sentences]
    spans = sorted({span for group in originals for span in group})
    if not kind or not spans:
        return [0.0] * len(sentences)
    vectors = np.asarray(embed([kind, *spans]), dtype=np.float32)
    sims = dict(zip(spans, (vectors[1:] @ vectors[0]).tolist()))
    return [max((sims[span] for span in group), default=0.0) for group in originals]


def indexed_texts(doc: Document, chunk: Chunk) -> list[str]:
    """What :func:`featurise` embeds for a passage of this chunk besides the question: the title,
    each candidate sentence without its frame, and the names they hold. The indexer embeds them
    into the persistent cache with the chunk (``Settings.embed_sentences_at_index``), so an answer
    embeds its question and finds the rest there.
    """
    passage = Passage(chunk.chunk_id, doc.source_id, chunk.text, chunk.start, chunk.end, doc.title,
                      doc.outlet, doc.date)  # fmt: skip
    sentences = candidate_sentences([passage])
    spans = sorted({span for s in sentences for span in _name_spans(s)})
    return [doc.title, *(_embedded_text(s) for s in sentences), *spans]


def _embedded_text(sentence: Sentence) -> str:
    """The text of a sentence that its similarity to the question is measured on."""
    return without_frame(sentence.text)


def _name_spans(sentence: Sentence) -> set[str]:
    return {n for n in names(sentence.text[1:]) if len(n) > 2}


def _neighbour_terms(sentences: list[Sentence]) -> list[set[str]]:
    """The terms of the sentences right before and after each one in its passage."""
    out: list[set[str]] = [set() for _ in sentences]
    index = {id(s): i for i, s in enumerate(sentences)}
    by_passage: dict[str, list[Sentence]] = {}
    for s in sentences:
        by_passage.setdefault(s.passage.chunk_id, []).append(s)
    for group in by_passage.values():
        group.sort(key=lambda s: s.start)
        for a, b in zip(group, group[1:]):
            out[index[id(a)]] |= b.terms
            out[index[id(b)]] |= a.terms
    return out


def _bm25(sentences: list[Sentence], weights: dict[str, float]) -> np.ndarray:
    """Sentence-level BM25 of the question's terms, scaled so the best candidate is 1."""
    scores = bm25_scores(weights, [content_terms(s.text) for s in sentences])
    top = float(scores.max())
    return scores / top if top > 0 else scores


def _novel(
    sentence: Sentence, asked: set[str], asked_numbers: set[str], answer_type: str
) -> set[str]:
    """What the sentence could answer with that the question does not already give: figures for
    "how many"/"when", names otherwise (both for open questions).
    """
    found: set[str] = set()
    if answer_type not in {"number", "date"}:
        for name in names(sentence.text[1:]):  # the first word is capitalised anyway
            key = frozenset(content_terms(name)) - asked
            if key:
                found.add(" ".join(sorted(key)))
    if answer_type in {"number", "date", "open", "reason"}:
        found |= {n for n in numbers(sentence.text, words=False) if n not in asked_numbers}
    return found


def _headlined(sentences: list[Sentence], novel: list[set[str]]) -> list[float]:
    """For each sentence, the largest share of retrieved articles whose headline holds one of its
    novel items (a headline names what its story is about, so the answer to "which X" recurs there).
    """
    headlines = {s.passage.source_id: set(content_terms(s.passage.title)) for s in sentences}
    share: dict[str, float] = {}
    for items in novel:
        for item in items:
            if item not in share:
                terms = set(item.split())
                share[item] = sum(terms <= h for h in headlines.values()) / (len(headlines) + UNSEEN_ARTICLES)
    return [max((share[item] for item in items), default=0.0) for items in novel]


def _shared(sentences: list[Sentence], novel: list[set[str]]) -> list[float]:
    """For each sentence, the largest share of retrieved articles that mention one of its novel items."""
    sources = {s.passage.source_id for s in sentences}
    holders: dict[str, set[str]] = {}
    for s, items in zip(sentences, novel):
        for item in items:
            holders.setdefault(item, set()).add(s.passage.source_id)
    denominator = max(len(sources) - 1, 1)
    return [
        max(((len(holders[item]) - 1) / denominator for item in items), default=0.0)
        for items in novel
    ]


def day_of(value: str) -> date | None:
    """The day an ISO date string ("2024-05-17", "2024-05-17T09:00") names; None if it names none."""
    try:
        return date.fromisoformat(value[:10]) if len(value) >= 10 else None
    except ValueError:
        return None
