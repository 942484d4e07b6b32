"""Candidate answer sentences from retrieved passages, scored against the question."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.text.instructions import flag_instructions
from assistant.text.matching import normalise
from assistant.text.sentences import Span
from assistant.text.terms import COUNTRY_TERMS, content_terms, names, numbers, stem
from assistant.types import Passage

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_MONTH_ABBREVIATIONS = "jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
_DURATION = re.compile(
    r"\b([\w.,-]+?)[\s-]+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries)\b", re.I
)
_DATE = re.compile(
    rf"\b(?:1[89]\d\d|20\d\d)s?\b|\b(?:{_MONTHS})\b|\bon the \d+(?:st|nd|rd|th)\b|"
    rf"\b(?:{_MONTH_ABBREVIATIONS})\.?\s+\d{{1,2}}\b|"  # "Feb. 19", the news wires' style
    r"\b(?:since|ago|yesterday|today|tomorrow|tonight|early|late)\b|"
    # a period named from now: "this week", "next month", "last weekend"
    r"\b(?:this|next|last|coming) (?:year|month|week|weekend|decade|century)\b|"
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    # a season as a time ("until the autumn", "by next spring"; not "a hot spring", "the fall in prices")
    r"\b(?:this|last|next|until|by|since|in|early|late)(?: the)? (?:spring|summer|autumn|winter|fall)\b"
    r"(?! (?:in|of)\b)|"
    r"\b(?:\w+ )?(?:years?|months?|weeks?|days?|decades?) (?:later|earlier|before|after)\b|"
    r"\bthe (?:following|next|previous) (?:year|month|week|day)\b|"
    # a time of day: "23:40", "11 p.m.", "7pm", "noon"
    r"\b\d{1,2}:\d{2}\b|\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\b(?:noon|midnight)\b",
    re.I,
)
_PERSONISH = re.compile(
    r"\b(?:economists?|experts?|officials?|laureates?|directors?|president|ministers?|administration|"
    r"secretary|professors?|analysts?|researchers?|chief|spokes(?:person|man|woman)|he|she|engineers?|"
    r"advis[eo]rs?|graduates?|scientists?|leaders?|workers?|students?|teachers?|educators?|"
    r"diplomats?|executives?|founders?|governments?|companies|firms|lawmakers?|regulators?|"
    r"people|citizens|residents|users|voters|team|teams|governor|manager|coach|mayor|chair(?:man|woman)?|"
    r"ceo|captain|striker|defender|player|judge|senator|governor|commissioner|ambassador|general|"
    r"spokesman|founder|editor|reporter|author|head|deputy|member)\b",
    re.I,
)
# A role word that says who someone is (for "Who is X?"); pronouns do not say it.
_ROLE = re.compile(_PERSONISH.pattern.replace("|he|she|", "|"), re.I)
_MONEY = re.compile(
    r"[$€£¥]\s*\d|\b\d[\d,.]*\s*(?:million|billion|trillion|bn|m)\b|"
    r"\b(?:dollars?|yuan|renminbi|euros?|pounds?|yen|usd|rmb)\b",
    re.I,
)
# A result in points or votes: "3-1", "780-72", "52 to 47".
_TALLY = re.compile(r"\b\d+\s*(?:-|–|to)\s*\d+\b")
# A share given as a fraction: "half", "a third", "two-fifths", "one in five", "3 out of 10".
_FRACTION = re.compile(
    r"\b(?:half|thirds?|quarters?|fifths?|tenths?)\b|"
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) (?:in|out of) "
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b",
    re.I,
)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_ENDS_SENTENCE = re.compile(r"[.!?][\"'”’)\]]*$")
# Words that set a sentence against the one before it (it says what differs, not from what).
_CONTRAST_MARKERS = "in contrast|by contrast|meanwhile|on the other hand"
_CONTRAST_OPENERS = "|".join(m[0].upper() + m[1:] for m in _CONTRAST_MARKERS.split("|"))
_CONTRASTS = rf"(?:{_CONTRAST_OPENERS})\b|[^,.;:]{{1,40}}, (?:{_CONTRAST_MARKERS}),"
_CONTRASTING = re.compile(_CONTRASTS)
_LEADING_REFERENCE = re.compile(
    r"^(?:[“\"]|He |She |They |It |Its |His |Her |Their |This |These |That |Those |Such |Both |"
    r"The (?:project|plan|deal|move|company|group|agency|bill|law|report|study|decision|program|"
    r"programme|measure|proposal|event|attack|case)\b|(?:\w+ )?(?:years?|months?|weeks?|days?) later\b|"
    # a contrast with what the sentence before said: "In contrast, ...", "X, by contrast, ..."
    rf"{_CONTRASTS})"
)


# Two sentences sharing more than this share of their terms say the same thing: one is enough.
SAME_SENTENCE_OVERLAP = 0.6


def same_terms(a: set[str], b: set[str]) -> bool:
    """Do two sentences' terms overlap so much (Jaccard) that they say the same thing?"""
    return bool(a and b) and len(a & b) / len(a | b) > SAME_SENTENCE_OVERLAP


@dataclass
class Sentence:
    """One sentence of a retrieved passage, with where it is and how well it matches."""

    text: str
    start: int
    end: int
    passage: Passage
    position: int  # index of the sentence within its passage
    terms: set[str] = field(default_factory=set)
    heading: set[str] = field(default_factory=set)  # terms of the subhead above it, if any
    coverage: float = 0.0
    similarity: float = 0.0
    score: float = 0.0
    # The question the article asks right before it ("But did you know X ...? While X ..."): it
    # sets the sentence up, and may name what the sentence then only refers to. Not a candidate
    # itself (a question answers nothing); it comes along when it names what the sentence does not.
    setup: Sentence | None = None

    @classmethod
    def of(cls, span: Span, passage: Passage, position: int) -> Sentence:
        """The sentence ``span`` of ``passage``, the ``position``-th of its spans."""
        return cls(span.text, span.start, span.end, passage, position, set(content_terms(span.text)))

    @property
    def key(self) -> tuple[str, int]:
        return (self.passage.source_id, self.start)

    def satisfies(self, answer_type: str, asked: frozenset[str] = frozenset(), detail: str = "") -> bool:
        """Could this sentence (as worded) answer a question of this type?

        ``asked`` are the question's own name terms: a name the question already gives is not
        an answer to "who" or "where". ``detail`` narrows number questions ("money", "percent", "count:x").
        """
        if answer_type == "date":
            return bool(_DATE.search(self.text))
        if answer_type == "number":
            return self._has_quantity(detail)
        new_names = [
            n for n in names(self.text[1:])
            if not set(content_terms(n)) <= asked | COUNTRY_TERMS
        ]  # fmt: skip
        if answer_type == "person":
            return bool(_PERSONISH.search(self.text)) or any(len(n.split()) >= 2 for n in new_names)
        if answer_type == "identity":  # "Who is X?": a sentence naming X with a role
            return asked <= self.terms and bool(_ROLE.search(self.text))
        if answer_type in {"place", "entity"}:
            return bool(new_names)
        return True

    def _has_quantity(self, detail: str) -> bool:
        if not figures(self.text):
            return False
        if detail == "money":
            return bool(_MONEY.search(self.text))
        if detail in {"percent", "share"}:  # "what percentage": "40%", "40 percent", "40 per cent"
            percent = any(n.endswith("%") for n in numbers(self.text, words=False))
            return percent or (detail == "share" and bool(_FRACTION.search(self.text)))
        if detail == "tally":  # "the final score", "the vote": "3-1", "780-72", "52 to 47"
            return bool(_TALLY.search(self.text))
        if detail == "duration":  # "how long did it take": a figure of some unit of time
            return any(numbers(m.group(1)) for m in _DURATION.finditer(self.text))
        if detail.startswith("count:"):  # "how many countries": a number right before "countries"
            nouns = set(detail.split(":", 1)[1].split(","))
            words = re.findall(r"[\w’'.,%-]+", self.text)
            for i, word in enumerate(words):
                if stem(word.strip(".,").lower()) in nouns:
                    before = " ".join(words[max(0, i - 3) : i])
                    if figures(before):
                        return True
            return False
        return True

    def contrasts(self) -> bool:
        """Is it set against the sentence before ("In contrast, ...", "B, by contrast, ...")?"""
        return bool(_CONTRASTING.match(self.text))

    def needs_context(self) -> bool:
        """Does it lean on the sentence before it (a pronoun subject, a bare quote)?"""
        return bool(_LEADING_REFERENCE.match(self.text))


def candidate_sentences(passages: list[Passage]) -> list[Sentence]:
    """Every distinct sentence of the passages, with offsets into its source."""
    seen: set[tuple[str, int]] = set()
    out: list[Sentence] = []
    for passage in passages:
        heading: set[str] = set()
        asked: Sentence | None = None  # the article's question just before
        for position, (span, addressed) in enumerate(flag_instructions(passage.text, passage.start)):
            key = (passage.source_id, span.start)
            if _is_heading(span.text, passage):  # says what follows is about; not an answer
                heading = set(content_terms(span.text))
                asked = None
                if _SETUP_QUESTION.match(span.text) and not addressed and not _is_title(span.text, passage):
                    asked = Sentence.of(span, passage, position)
                continue
            setup, asked = asked, None
            if key in seen or len(span.text) < 12 or addressed or is_promo(span.text):
                continue
            seen.add(key)
            sentence = Sentence.of(span, passage, position)
            sentence.heading = heading
            sentence.setup = setup
            out.append(sentence)
    return out


# A news page's links and promotions, which tell the reader what to do and state nothing: "Read
# what she said here.", "Click here to ...", "Sign up for our newsletter.", "Watch: ...",
# "Follow Jane Doe on X.". Not candidates, like subheads.
_PROMO = re.compile(
    r"^(?:read|click|tap|see|watch|listen|check|find|learn|get)\b.*\bhere\W*$|"  # a link's text
    r"^(?:click|tap) here\b|^(?:sign up|subscribe)\b|"
    r"^(?:watch|listen|read more|more|related|see also|also read|learn more|check out)\s*:|"
    r"^follow\b.*\bon (?:x|twitter|facebook|instagram|threads|tiktok|bluesky|linkedin)\b|"
    r"\b(?:sign(?:ing)? up|subscribe)\b.*\b(?:newsletters?|inbox)\b",
    re.I,
)


def is_promo(text: str) -> bool:
    """Is this sentence a link or promotion of the news page rather than a statement?"""
    return bool(_PROMO.search(text.strip()))


# A question in the article's own voice (not quoted words, not its title) of sentence length: a
# set-up for the sentence right after it.
_SETUP_QUESTION = re.compile(r"^(?![\"“‘'])[^\"“”\n]{12,}\?$")


def _is_title(text: str, passage: Passage) -> bool:
    return normalise(text) == normalise(passage.title)


# A labelled datum: a short label, a colon, then a value holding a figure ("Price: $30 a month",
# "Final score: 3-1", "Forecaster A: Team 30, Team 24"). News lists predictions, scores and prices
# this way without a full stop; it states something, unlike a subhead ("What to know: the rules").
_LABELLED_DATUM = re.compile(r"^(?P<label>[^:\n]{1,40}):\s+(?P<value>[^\n]+)$")
LABEL_WORDS_MAX = 5


def _is_labelled_datum(text: str) -> bool:
    match = _LABELLED_DATUM.match(text.strip())
    return (
        match is not None
        and len(match.group("label").split()) <= LABEL_WORDS_MAX
        and bool(figures(match.group("value"), words=False))
    )


def _is_heading(text: str, passage: Passage) -> bool:
    """Subheads, captions and the repeated title: no full stop (unless a labelled datum), a
    question, or the title itself.
    """
    return (
        (not _ENDS_SENTENCE.search(text) and not _is_labelled_datum(text))
        or text.endswith("?")
        or _is_title(text, passage)
    )


def figures(text: str, words: bool = True) -> set[str]:
    """The numbers of ``text`` that are not years (as :func:`numbers` gives them)."""
    return {n for n in numbers(text, words=words) if not _YEAR.match(n)}
