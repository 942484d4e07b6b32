"""A deterministic support judge: does a passage (or several) back a sentence?

No NLI model ships offline, so the judge combines checks that each catch one way a claim goes
wrong, and a similarity test for the rest:

* verbatim: the sentence (quotes and markers aside) is in the passage -> supported;
* figures: every number in the sentence must be in the passage;
* names: every name in the sentence must be in the passage;
* negation and certainty: a "not"/"never" or an "all"/"definitely" the aligned passage sentence
  does not have (or a hedge like "could" the sentence dropped) -> unsupported;
* roles: a country credited with what the passage says of another country -> unsupported;
* speaker: "X said ..." when the passage gives those words to someone else -> unsupported;
* otherwise key-term coverage and embedding similarity against the best-aligned passage window.

The same inputs always give the same verdict.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.text.sentences import split_sentences
from assistant.text.terms import COUNTRY_TERMS, bare_number, content_terms, names, numbers, tokens

from .claims import strip_markers

Embed = Callable[[list[str]], list[list[float]]]

NEGATORS = {"not", "no", "never", "n't", "neither", "nor", "none", "nothing", "cannot"}
ABSOLUTES = {"definitely", "certainly", "all", "always", "every", "undoubtedly", "agree", "agreed",
             "proven", "forced", "guaranteed", "inevitably", "entirely", "completely", "only"}  # fmt: skip
HEDGES = {"could", "may", "might", "some", "suggest", "suggests", "argue", "argues", "likely",
          "possible", "possibly", "perhaps", "increasingly", "seemed", "seems"}  # fmt: skip
# Thresholds, set on the labelled pairs in evals/judge_labels.jsonl (see evals/README.md).
SIM_STRONG = 0.75
SIM_MIN = 0.55
COVERAGE_MIN = 0.5


@dataclass
class Verdict:
    """The judge's answer for one sentence."""

    supported: bool
    score: float
    reasons: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    text = text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip().strip('"').strip().lower()


_NOT_NEGATION = re.compile(r"\bnot only\b|\bor not\b|\bwhether or not\b|\bno longer\b", re.I)
_IMPLICIT_NEGATION = re.compile(
    r"\brather than\b|\binstead of\b|\bbut rather\b|\bno longer\b", re.I
)


def _words(text: str) -> set[str]:
    """Word set for negation/certainty checks ("not only", "or not" are not negations)."""
    implicit = bool(_IMPLICIT_NEGATION.search(text))
    text = _NOT_NEGATION.sub(" ", text)
    out = set(tokens(text))
    if re.search(r"n't\b|n’t\b", text):
        out.add("n't")
    if implicit:
        out.add("not")
    if out & NEGATORS:
        out.add("not")
    return out


class SupportJudge:
    """Judges sentences against passages with lexical checks plus embedding similarity."""

    name = "deterministic"

    def __init__(self, embed: Embed) -> None:
        self._embed = embed

    def judge(self, sentence: str, passages: Sequence[str]) -> Verdict:
        sentence = strip_markers(sentence)
        passages = [p for p in passages if p and p.strip()]
        if not passages:
            return Verdict(False, 0.0, ["no passage cited"])
        joined = "\n".join(passages)
        claim = _norm(sentence).rstrip(".!?")
        if len(claim) > 20 and claim in _norm(joined):
            return Verdict(True, 1.0, ["verbatim"])

        reasons = []
        missing_numbers = self._missing_numbers(sentence, joined)
        if missing_numbers:
            reasons.append("figures not in the passage: " + ", ".join(sorted(missing_numbers)))
        missing_names = self._missing_names(sentence, joined)
        if missing_names:
            reasons.append("names not in the passage: " + ", ".join(missing_names))

        window, similarity = self._align(sentence, passages)
        aligned = _lexical_align(sentence, passages)
        claim_words, window_words = _words(sentence), _words(aligned)
        if not _same_polarity(sentence, claim_words, [aligned, window, *passages]):
            reasons.append("negation differs from the passage")
        absolutes = claim_words & ABSOLUTES - {"only"}
        if (absolutes and not window_words & ABSOLUTES) or (
            "only" in claim_words and "only" not in window_words and "both" in window_words
        ):
            reasons.append("claims more certainty than the passage")
        if window_words & {"could", "may", "might"} and not claim_words & HEDGES:
            reasons.append("drops the passage's hedge")
        swapped = _swapped_roles(sentence, window)
        if swapped:
            reasons.append(f"credits {swapped} with what the passage says of another")
        subject = _subject(sentence, joined)
        if subject and not self._has_actor(subject, sentence, passages):
            reasons.append(f"the passage does not attribute this to {subject}")

        terms = set(content_terms(sentence))
        covered = len(terms & set(content_terms(window))) / max(len(terms), 1)
        score = 0.6 * similarity + 0.4 * covered
        if reasons:
            return Verdict(False, score, reasons)
        if similarity >= SIM_STRONG or (similarity >= SIM_MIN and covered >= COVERAGE_MIN):
            return Verdict(True, score, [f"similarity {similarity:.2f}, coverage {covered:.2f}"])
        return Verdict(False, score, [f"too far from the passage (similarity {similarity:.2f}, "
                                      f"coverage {covered:.2f})"])  # fmt: skip

    @staticmethod
    def _missing_numbers(sentence: str, passage: str) -> set[str]:
        have = numbers(passage)
        have_bare = {bare_number(n) for n in have}
        missing = {
            n for n in numbers(sentence, words=False)
            if n not in have and bare_number(n) not in have_bare
        }  # fmt: skip
        for word in re.findall(r"\b([A-Za-z]+) [A-Z]", sentence):
            word = word.lower()
            if word in _ORDINALS and word not in passage.lower() and _ORDINALS[word] not in have:
                missing.add(word)  # "The fifth China ... Fair" where the passage says "Fourth"
        return missing

    @staticmethod
    def _missing_names(sentence: str, passage: str) -> list[str]:
        have = set(content_terms(passage))
        capitalised = set(content_terms(" ".join(names(passage))))
        initials = _initials(passage)
        missing = sorted((set(content_terms(sentence)) & COUNTRY_TERMS) - have)
        for name in _entity_names(sentence):
            parts = [p for p in re.split(r"[-–]", name) if p]
            terms = set(content_terms(" ".join(parts)))
            if not terms or terms <= {"ai"}:
                continue
            if name.isupper() and name.strip(".").lower() in initials:
                continue  # an acronym of words in the passage (AGI, HAI)
            if not terms & have:
                missing.append(name)
            elif len(name.split()) > 1 and terms - capitalised - {"ai"}:
                missing.append(name)  # "State Department" is not "Department of Commerce"
        return missing

    def _has_actor(self, subject: str, sentence: str, passages: Sequence[str]) -> bool:
        """Is ``subject`` named in the passage sentence the claim aligns with, or just before it?"""
        terms = set(content_terms(subject))
        for passage in passages:
            spans = [s.text for s in split_sentences(passage)]
            if not spans:
                continue
            vectors = np.asarray(self._embed([sentence, *spans]), dtype=np.float32)
            best = int(np.argmax(vectors[1:] @ vectors[0]))
            nearby = " ".join(spans[max(0, best - 1) : best + 1])
            if terms & set(content_terms(nearby)):
                return True
        return False

    def _align(self, sentence: str, passages: Sequence[str], pairs: bool = True) -> tuple[str, float]:
        """The passage window (one or two consecutive sentences) most similar to the sentence."""
        windows: list[str] = []
        for passage in passages:
            spans = [s.text for s in split_sentences(passage)]
            windows.extend(spans)
            if pairs:
                windows.extend(f"{a} {b}" for a, b in zip(spans, spans[1:]))
        if not windows:
            return "", 0.0
        vectors = np.asarray(self._embed([sentence, *windows]), dtype=np.float32)
        sims = vectors[1:] @ vectors[0]
        best = int(np.argmax(sims))
        return windows[best], float(sims[best])


_ORDINALS = {"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6",
             "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10"}  # fmt: skip
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"}  # fmt: skip


def _same_polarity(sentence: str, claim_words: set[str], candidates: list[str]) -> bool:
    """Negated or not like the passage sentences it draws on: a negated claim needs a negated
    sentence sharing its terms; a plain claim needs its best-matching sentence to be plain.
    """
    terms = set(content_terms(sentence))
    negated = "not" in claim_words
    overlapping = []
    for text in candidates[2:]:
        for span in split_sentences(text):
            shared = len(terms & set(content_terms(span.text))) / max(len(terms), 1)
            if shared >= 0.4:
                overlapping.append(span.text)
    if negated:
        return any("not" in _words(t) for t in [candidates[0], *overlapping])
    return "not" not in _words(candidates[0]) or "not" not in _words(candidates[1])


def _lexical_align(sentence: str, passages: Sequence[str]) -> str:
    """The passage sentence sharing the most content terms with the claim (for polarity checks)."""
    terms = set(content_terms(sentence))
    best, best_overlap = "", -1
    for passage in passages:
        for span in split_sentences(passage):
            overlap = len(terms & set(content_terms(span.text)))
            if overlap > best_overlap:
                best, best_overlap = span.text, overlap
    return best


def _entity_names(text: str) -> list[str]:
    """Names in the text, without dates, countries and a capitalised first word."""
    body = text[1:] if text[:1].isupper() else text
    out = []
    for name in names(body):
        if name[:1].islower():  # the tail of the capitalised first word
            continue
        words = [w for w in name.split() if w.lower().strip(".") not in _MONTHS and not w.isdigit()]
        if not words:
            continue
        name = " ".join(words)
        if set(content_terms(name)) <= COUNTRY_TERMS | {"ai"}:
            continue
        out.append(name)
    return out


def _initials(text: str) -> str:
    words = re.findall(r"[A-Za-z][\w’']*(?:-[A-Za-z][\w’']*)?", text)
    whole = "".join(w[0] for w in words).lower()
    split = "".join(p[0] for w in words for p in w.split("-")).lower()
    return whole + " " + split


def _subject(sentence: str, passage: str) -> str:
    """The named actor a claim is about: the first person/organisation name in it.

    A capitalised first word counts only if the passage does not use it as an ordinary word.
    """
    first = re.match(r"[A-Z][\w’']*", sentence)
    if first and re.search(rf"\b{re.escape(first.group(0).lower())}\b", passage):
        sentence = sentence[first.end() :]
    for name in names(sentence):
        words = [w for w in name.split() if w.lower().strip(".") not in _MONTHS and not w.isdigit()]
        name = " ".join(words)
        if not name or set(content_terms(name)) <= COUNTRY_TERMS | {"ai"}:
            continue
        return name
    return ""


def _swapped_roles(sentence: str, window: str) -> str:
    """A country in the sentence paired with what the window pairs with a different country."""
    claim = _country_predicates(sentence)
    passage = _country_predicates(window)
    if not passage:
        return ""
    for country, predicate in claim.items():
        if not predicate or (len(passage) < 2 and country in passage):
            continue
        own = len(predicate & passage.get(country, set()))
        for other, other_predicate in passage.items():
            if other != country and len(predicate & other_predicate) > own + 1:
                return country.upper() if len(country) <= 3 else country.title()
    return ""


def _country_predicates(text: str) -> dict[str, set[str]]:
    """For each country mentioned, the content terms that follow it up to the next country."""
    out: dict[str, set[str]] = {}
    group: list[str] = []  # "China and the US ..." share what follows
    open_group = False
    for term in content_terms(text):
        if term in COUNTRY_TERMS:
            group = [*group, term] if open_group else [term]
            open_group = True
            out.setdefault(term, set())
        elif group:
            open_group = False
            for country in group:
                out[country].add(term)
    return out
