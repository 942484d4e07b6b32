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
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.text.markers import strip_markers
from assistant.text.matching import normalise
from assistant.text.sentences import split_sentences
from assistant.text.terms import (
    COUNTRY_TERMS,
    bare_number,
    content_terms,
    names,
    numbers,
    stem,
    tokens,
)

from .alignment import Embed, best_window, coverage, sentence_windows, support_score

# --- The judge's rules -------------------------------------------------------------------------
# Every word list here is a fact about English or about how news is written, never about one
# topic, organisation, person or article; tests/test_judge.py checks each on sentences of its own.

# Words that deny a statement.
NEGATORS = frozenset({"not", "no", "never", "n't", "neither", "nor", "none", "nothing", "cannot"})
# Phrases with a negator that do not deny ("not only", "whether or not", "No. 55" is a number).
NON_NEGATIONS = re.compile(r"\bnot only\b|\bor not\b|\bwhether or not\b|\bno longer\b|\bno\.\s*\d", re.I)
# Phrases that deny without a negator ("X rather than Y" says "not Y").
IMPLICIT_NEGATIONS = re.compile(r"\brather than\b|\binstead of\b|\bbut rather\b|\bno longer\b", re.I)
# Certainty: universal quantifiers and adverbs of certainty or totality. A claim with one needs a
# passage sentence with one: "all experts agree" is not backed by "some experts say".
ABSOLUTES = frozenset({"all", "every", "always", "definitely", "definitively", "certainly",
                       "undoubtedly", "unquestionably", "surely", "inevitably", "invariably",
                       "entirely", "completely", "totally", "wholly", "proven", "guaranteed"})  # fmt: skip
# Hedges: modal verbs, adverbs and verbs that make a statement a possibility or an opinion. A
# passage's modal ("could", "may", "might") must survive in the claim as some hedge.
MODAL_HEDGES = frozenset({"could", "may", "might"})
HEDGES = MODAL_HEDGES | {"would", "can", "possibly", "perhaps", "probably", "likely", "possible",
                         "potentially", "reportedly", "allegedly", "apparently", "some", "seem",
                         "seems", "seemed", "appear", "appears", "appeared", "suggest", "suggests",
                         "suggested", "argue", "argues", "argued"}  # fmt: skip
# Ordinal words and their numbers ("fifth" = "5th"), first to ninety-ninth and hundredth.
_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
          "seventeenth", "eighteenth", "nineteenth"]  # fmt: skip
_TENS = {"twenty": "twentieth", "thirty": "thirtieth", "forty": "fortieth", "fifty": "fiftieth",
         "sixty": "sixtieth", "seventy": "seventieth", "eighty": "eightieth",
         "ninety": "ninetieth"}  # fmt: skip
ORDINALS = {w: str(i) for i, w in enumerate(_UNITS + _TEENS, 1)} | {"hundredth": "100"}
for _i, (_ten, _ord) in enumerate(_TENS.items(), 2):
    ORDINALS[_ord] = str(10 * _i)
    ORDINALS.update({f"{_ten}-{u}": str(10 * _i + j) for j, u in enumerate(_UNITS, 1)})
MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                    "september", "october", "november", "december"})  # fmt: skip
# Words of opposite direction: a claim with one where its passage sentence has only the other
# ("fell" against "increased", "permanently" against "temporarily") contradicts it.
OPPOSITES = [
    ({"increase", "increases", "increased", "increasing", "rise", "rises", "rose", "risen", "rising",
      "grow", "grows", "grew", "grown", "growing", "climb", "climbs", "climbed", "gain", "gains",
      "gained", "jump", "jumped", "soar", "soared", "surge", "surged"},
     {"decrease", "decreases", "decreased", "decreasing", "fall", "falls", "fell", "fallen",
      "falling", "drop", "drops", "dropped", "decline", "declines", "declined", "shrink", "shrank",
      "shrunk", "slip", "slipped", "plunge", "plunged", "sink", "sank", "dip", "dipped"}),
    ({"temporary", "temporarily"}, {"permanent", "permanently"}),
    ({"win", "wins", "won", "winning"}, {"lose", "loses", "lost", "losing"}),
    ({"approve", "approves", "approved"}, {"reject", "rejects", "rejected"}),
]  # fmt: skip
# A name matches a passage word it begins (less a final vowel) or that begins it, from this length
# ("Iran" and "Iranian", "Kenya" and "Kenyan", "Congress" and "Congressional"): a name's adjective
# and demonym forms.
NAME_PREFIX_MIN = 4
# Words that join the words of a name and are skipped in its acronym ("Department of Labor" = DOL
# or DL).
ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "de", "&"})
# Thresholds, set on the tuning pairs (evals/judge_labels*.jsonl; see evals/README.md).
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
    """:func:`~assistant.text.matching.normalise`, less quote marks around the whole text (a claim
    that quotes its passage whole is verbatim too).
    """
    return normalise(text).strip('"').strip()


def _words(text: str) -> set[str]:
    """Word set for the negation, certainty and hedge checks.

    "Not only" is no negation, and "May" inside a sentence is the month, not the modal.
    """
    implicit = bool(IMPLICIT_NEGATIONS.search(text))
    text = NON_NEGATIONS.sub(" ", text)
    text = re.sub(r"(?<=\S)(\s+)May\b", r"\1", text)
    out = set(tokens(text))
    if re.search(r"n't\b|n’t\b", text):
        out.add("n't")
    if implicit or out & NEGATORS:
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
        missing_numbers = _missing_numbers(sentence, joined)
        if missing_numbers:
            reasons.append("figures not in the passage: " + ", ".join(sorted(missing_numbers)))
        missing_names = _missing_names(sentence, joined)
        if missing_names:
            reasons.append("names not in the passage: " + ", ".join(missing_names))

        window, similarity = self._align(sentence, passages)
        aligned = _lexical_align(sentence, passages)
        claim_words, window_words = _words(sentence), _words(aligned)
        if not _same_polarity(sentence, claim_words, [aligned, window, *passages]):
            reasons.append("negation differs from the passage")
        if claim_words & ABSOLUTES and not window_words & ABSOLUTES:
            reasons.append("claims more certainty than the passage")
        if window_words & MODAL_HEDGES and not claim_words & HEDGES:
            reasons.append("drops the passage's hedge")
        opposite = _opposite(claim_words, window_words)
        if opposite:
            reasons.append(f"says {opposite[0]!r} where the passage says {opposite[1]!r}")
        swapped = _swapped_roles(sentence, window)
        if swapped:
            reasons.append(f"credits {swapped} with what the passage says of another")
        subject = _subject(sentence, joined)
        if subject and not self._has_actor(subject, sentence, passages):
            reasons.append(f"the passage does not attribute this to {subject}")

        covered = coverage(set(content_terms(sentence)), window)
        score = support_score(similarity, covered)
        if reasons:
            return Verdict(False, score, reasons)
        if similarity >= SIM_STRONG or (similarity >= SIM_MIN and covered >= COVERAGE_MIN):
            return Verdict(True, score, [f"similarity {similarity:.2f}, coverage {covered:.2f}"])
        return Verdict(False, score, [f"too far from the passage (similarity {similarity:.2f}, "
                                      f"coverage {covered:.2f})"])  # fmt: skip

    def _has_actor(self, subject: str, sentence: str, passages: Sequence[str]) -> bool:
        """Is ``subject`` named in the passage sentence the claim aligns with, or just before it?"""
        terms = set(content_terms(subject))
        for passage in passages:
            spans = sentence_windows(passage, pairs=False)
            found = best_window(sentence, spans, self._embed)
            if found is None:
                continue
            best = found[0].first
            nearby = set(content_terms(" ".join(w.text for w in spans[max(0, best - 1) : best + 1])))
            if any(_known(t, nearby) for t in terms):
                return True
        return False

    def _align(self, sentence: str, passages: Sequence[str], pairs: bool = True) -> tuple[str, float]:
        """The passage window (one or two consecutive sentences) most similar to the sentence."""
        windows = [w for passage in passages for w in sentence_windows(passage, pairs=pairs)]
        found = best_window(sentence, windows, self._embed)
        return (found[0].text, found[1]) if found else ("", 0.0)


def _missing_numbers(sentence: str, passage: str) -> set[str]:
    """Figures, ordinals and month names of the sentence that the passage lacks."""
    have = numbers(passage)
    have_bare = {bare_number(n) for n in have}
    missing = {
        n for n in numbers(sentence, words=False) if n not in have and bare_number(n) not in have_bare
    }  # fmt: skip
    passage_words = set(re.findall(r"[a-z]+(?:-[a-z]+)?", passage.lower()))
    ranked = passage_words & ORDINALS.keys() or re.search(r"\b\d+(?:st|nd|rd|th)\b", passage)
    for word in re.findall(r"[a-z]+(?:-[a-z]+)?", sentence.lower()):
        if ranked and word in ORDINALS and word not in passage_words and ORDINALS[word] not in have:
            missing.add(word)  # "the fifth edition" where the passage says "fourth" or "4th"
    for month in re.findall(r"\b([A-Z][a-z]+)\b", sentence[1:]):
        if month.lower() in MONTHS and month.lower() not in passage_words:
            missing.add(month)  # "May 17" where the passage says "April 17"
    return missing


def _known(term: str, have: set[str]) -> bool:
    """``term`` is in ``have``, or it and a word there are one name's forms (NAME_PREFIX_MIN)."""
    return term in have or any(_same_name(term, h) for h in have)


def _same_name(a: str, b: str) -> bool:
    """One begins the other, less a final vowel: "Iran"/"Iranian", "Kenya"/"Kenyan"."""
    short, long = sorted((a, b), key=len)
    if short == long:
        return True
    if len(short) < NAME_PREFIX_MIN:
        return False
    return long.startswith(short) or (short[-1] in "aeiouy" and long.startswith(short[:-1]))


def _missing_names(sentence: str, passage: str) -> list[str]:
    """Names in the sentence the passage does not have.

    A country must be in the passage; a name needs one of its words there; a name of several words
    needs each of its words among the passage's own names ("Department of State" is not backed by
    "Department of Labor"); an acronym is backed by the words it abbreviates.
    """
    have = set(content_terms(passage))
    capitalised = set(content_terms(" ".join(names(passage))))
    missing = sorted((set(content_terms(sentence)) & COUNTRY_TERMS) - have)
    for name in _entity_names(sentence, passage):
        parts = [p for p in re.split(r"[-–]", name) if p]
        terms = set(content_terms(" ".join(parts)))
        if not terms:
            continue
        if name.isupper() and _abbreviates(name, passage):
            continue
        if not any(_known(t, have) for t in terms):
            missing.append(name)
        elif len(name.split()) > 1 and not all(
            _known(t, capitalised) or (w.isupper() and _abbreviates(w, passage))
            for w in name.split()
            for t in content_terms(w)
        ):
            missing.append(name)
    return missing


def _abbreviates(acronym: str, text: str) -> bool:
    """Are the letters of ``acronym`` the initials of consecutive words of ``text``?

    Joining words (ACRONYM_SKIP) may be skipped, and a hyphenated word gives one initial or one
    per part ("World Health Organization" = WHO, "Department of Labor" = DOL or DL).
    """
    letters = re.sub(r"[^a-z]", "", acronym.lower())
    if len(letters) < 2:
        return False
    words = re.findall(r"[A-Za-z][\w’']*(?:-[A-Za-z][\w’']*)*", text)
    options = [[w.lower()[0]] + ([p[0].lower() for p in w.split("-")] if "-" in w else []) for w in words]

    def match(i: int, at: int) -> bool:
        if at == len(letters):
            return True
        if i >= len(words):
            return False
        word = words[i].lower()
        if word in ACRONYM_SKIP and at and match(i + 1, at):
            return True
        if "-" in word:
            initials = "".join(p[0] for p in word.split("-"))
            if letters.startswith(initials, at) and match(i + 1, at + len(initials)):
                return True
        return options[i][0] == letters[at] and match(i + 1, at + 1)

    return any(match(i, 0) for i in range(len(words)) if options[i][0] == letters[0])


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


def _opposite(claim_words: set[str], passage_words: set[str]) -> tuple[str, str] | None:
    """A claim word whose opposite (OPPOSITES) the passage sentence has, without the word's side."""
    for one, other in OPPOSITES:
        for mine, theirs in ((one, other), (other, one)):
            said = claim_words & mine
            if said and passage_words & theirs and not passage_words & mine:
                return sorted(said)[0], sorted(passage_words & theirs)[0]
    return None


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


def _without_common_first_word(sentence: str, passage: str) -> str:
    """The sentence with its first word blanked when it is an ordinary word, not a name.

    It is ordinary when the passage has it (or a word of the same stem) in lower case.
    """
    first = re.match(r"[A-Z][\w’']*", sentence)
    if not first:
        return sentence
    word = first.group(0)
    lower = {stem(w) for w in re.findall(r"\b[a-z][\w’']*", passage)}
    if word.lower() in lower or stem(word.lower()) in lower:
        return " " * first.end() + sentence[first.end() :]
    return sentence


def _name_words(name: str) -> str:
    """A name without month names and bare numbers ("March 2026" is a date, not a name)."""
    return " ".join(w for w in name.split() if w.lower().strip(".") not in MONTHS and not w.isdigit())


def _entity_names(text: str, passage: str) -> list[str]:
    """Names in the text other than dates and countries."""
    out = []
    for name in names(_without_common_first_word(text, passage)):
        name = _name_words(name)
        if name and not set(content_terms(name)) <= COUNTRY_TERMS:
            out.append(name)
    return out


def _subject(sentence: str, passage: str) -> str:
    """The named actor a claim is about: the first person/organisation name in it."""
    names_ = _entity_names(sentence, passage)
    return names_[0] if names_ else ""


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
