"""Turn a follow-up question into a standalone one, without an LLM, from the history's entities.

* "And what about China?" / "And in 2023?" swap the entity (or year) of the same kind in the
  previous question: "What does the US focus on?" becomes "What does China focus on?".
* "What did he say next?" puts the last person named (user or assistant turn) in place of he/she,
  and adds the previous question's topic words in parentheses.
* "When was it added?", "Who said that?", "What can they request?" keep the question and add the
  previous question's topic words and a few names from the answer, in parentheses; so do the
  other ways English points back: a bare "one" ("when did they pass one?") and a definite
  description that names nothing ("when was the law passed?").

Only names and topic words are added, never the answer's sentences: they would drown retrieval.
"""

from __future__ import annotations

import re

from assistant.followup_entities import CALENDAR_WORDS, PERSON, THING, YEAR, Entity, clean, entities
from assistant.text.terms import COUNTRY_TERMS, QUESTION_WORDS, STOPWORDS, content_terms

# Most topic words taken from the previous question, and most names taken from the answer.
TOPIC_MAX_WORDS = 10
ANSWER_MAX_NAMES = 2
# A question opening with "and"/"why"/"really" leans on the history when it has this few content
# words; "And who voted for it?" leans, "And which judges voted with the state?" asks anew.
FOLLOW_UP_MAX_TERMS = 1

_FOLLOW_UP = re.compile(
    r"^\s*(?:and|but|also|so|what about|how about|and what about|and how about|what of|"
    r"same for|why|how so|really)\b",
    re.I,
)
_PERSON_PRONOUN = re.compile(r"\b(?:he|she|him|his|her|hers)\b", re.I)
_PERSONAL_THING = re.compile(r"\b(?:it|its|itself|they|them|their|theirs)\b", re.I)
_DEMONSTRATIVE = re.compile(
    r"\b(?:the same|the other)\b|\bthere\s*[?.!]?\s*$|"
    r"\b(?:that|this|those|these)\s*(?:[?.!,]|$|happen|mean|is|was|be|work|cost|take)|"
    r"\b(?:is|was|were|did|does|do|about|after|before|since|like|than)\s+(?:that|this|those|these)\b"
    r"(?!\s+[a-z]+(?:s|ion|ment|ance|ence)\b)",
    re.I,
)
# "one"/"ones" standing for a noun of the history ("pass one?", "the cheaper ones"), not "one of".
_PRO_ONE = re.compile(r"\b(?:one|ones)\s*[?.!]?\s*$", re.I)
_DEFINITE = re.compile(r"\b[Tt]he\s+(?=[a-z])")
_PREPOSITIONS = frozenset("of in on at for from by with between about over against".split())
_PLURAL_PRONOUN = re.compile(r"\b(?:they|them|their|theirs)\b", re.I)
_SWAP = re.compile(
    r"^\s*(?:(?:and|but|so)\s+)?(?:what|how)\s+about\s+(.+?)\s*\??\s*$|"
    r"^\s*(?:and|but|or|also|same for)\s+((?:(?:in|on|at|for|since|during|before|after|by|from|"
    r"until|as of)\s+)?[^\s?]+(?:\s+[^\s?]+){0,3}?)\s*\??\s*$",
    re.I,
)
_HAS_VERB_OR_WH = re.compile(
    r"\b(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|has|have|had|"
    r"can|could|will|would|should|say|said)\b",
    re.I,
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATE_PHRASE = re.compile(
    rf"(?:\b(?:in|on|since|during|before|after|by|from|until|through|as of)\s+)?"
    rf"(?:(?:early|late|mid)[- ]?)?(?:{_MONTH}\s+)?(?:\d{{1,2}},?\s+)?\b(?:1[89]|20)\d\d\b",
    re.I,
)
_LEADING_PREPOSITION = re.compile(r"^(?:in|on|at|for|since|during|before|after|by|from|until|as of)\s+", re.I)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_AUXILIARIES = frozenset(
    "is are was were be been do does did has have had can could will would should may might must".split()
)


def is_follow_up(question: str) -> bool:
    """Does the question lean on earlier turns (a pronoun, "what about X", "and in 2023?")?

    A singular pronoun after a name of the question itself ("does China say its ...") leans on
    that name; "they"/"them" rarely do.
    """
    if _swap_target(question) or _DEMONSTRATIVE.search(question) or _PLURAL_PRONOUN.search(question):
        return True
    if _PRO_ONE.search(question) or _unanchored_definite(question):
        return True
    for pronoun in (_PERSON_PRONOUN, _PERSONAL_THING):
        match = pronoun.search(question)
        if match and not _named_before(question, match.start()):
            return True
    return bool(_FOLLOW_UP.match(question) and len(content_terms(question)) <= FOLLOW_UP_MAX_TERMS)


def _named_before(question: str, end: int) -> bool:
    """Is a name said in the question before position ``end``?"""
    return any(e.kind != YEAR for e in entities([{"role": "user", "content": question[:end]}]))


def _leans_on_things(question: str) -> bool:
    return bool(
        _DEMONSTRATIVE.search(question) or _PERSONAL_THING.search(question) or _PRO_ONE.search(question)
        or _unanchored_definite(question)
    )  # fmt: skip


def _unanchored_definite(question: str) -> bool:
    """Does a definite description name nothing, so it points back ("What was the final vote?",
    "When did Congress pass the law?"), unlike "the capital of France" or "the vote in 2024"?
    """
    for match in _DEFINITE.finditer(question):
        words = re.findall(r"[\w’'-]+|[^\w\s]", question[match.end() :])
        run = 0
        while run < len(words) and words[run][:1].islower():
            run += 1
        anchored = run < len(words) and (words[run][:1].isupper() or words[run][:1].isdigit())
        if not (anchored and words[run - 1].lower() in _PREPOSITIONS | {"the"}):
            return True
    return False


def condense(question: str, history: list[dict[str, str]]) -> str:
    """A standalone version of ``question`` given the chat ``history`` (role/content turns)."""
    turns = [t for t in history if t.get("role") in ("user", "assistant") and t.get("content")]
    users = [i for i, t in enumerate(turns) if t["role"] == "user"]
    if not users or not is_follow_up(question):
        return question
    # The previous question may itself have been a follow-up: resolve it first.
    previous = condense(clean(turns[users[-1]]["content"]).strip(), turns[: users[-1]])
    target = _swap_target(question)
    if target:
        return _swapped(previous, target)
    found = entities(turns)
    text, resolved = _resolve_person(question.strip(), found)
    # A person is named in many articles: the previous question's topic keeps retrieval on this one.
    answer = [] if resolved and not _leans_on_things(text) else [e for e in found if e.turn > users[-1]]
    kinds = (
        {PERSON, THING}
        if _PLURAL_PRONOUN.search(text) or not resolved and _PERSON_PRONOUN.search(text)
        else {THING}
    )
    context = _context(previous, [e for e in answer if e.kind in kinds], text)
    return f"{text.rstrip('?').strip()} ({context})?" if context else text


def _swap_target(question: str) -> str:
    """The swapped-in part: "And what about China?" -> "China", "And in 2023?" -> "in 2023", else ""."""
    match = _SWAP.match(question)
    if not match:
        return ""
    target = (match.group(1) or match.group(2) or "").strip()
    if match.group(2) and _HAS_VERB_OR_WH.search(target):
        return ""  # "and why?" or "and who said it?" ask something new
    return target


def _swapped(previous: str, target: str) -> str:
    """``previous`` with its entity (or date) of the same kind as ``target`` replaced by it."""
    body = previous.rstrip("?").strip()
    if _YEAR.search(target):
        date = list(_DATE_PHRASE.finditer(body))
        if date:
            last = date[-1]
            if _LEADING_PREPOSITION.match(target):
                return f"{body[: last.start()]}{target}{body[last.end() :]}?"
            year = list(_YEAR.finditer(body))[-1]
            return f"{body[: year.start()]}{_YEAR.search(target).group(0)}{body[year.end() :]}?"  # type: ignore[union-attr]
        return f"{body} {target}?"
    replacement = _LEADING_PREPOSITION.sub("", target)
    replaced = _replace_entity(body, replacement)
    if replaced != body:
        return f"{replaced}?"
    return f"{body} — {target}?"


def _is_country(text: str) -> bool:
    return bool(set(content_terms(text)) & COUNTRY_TERMS)


def _replace_entity(previous: str, replacement: str) -> str:
    """Swap the entity in ``previous`` that is of the same kind as ``replacement``."""
    named = [e for e in entities([{"role": "user", "content": previous}]) if e.kind != YEAR]
    if _is_country(replacement):
        candidates = [e for e in named if _is_country(e.text)]
    else:
        new = entities([{"role": "user", "content": f"x {replacement}"}])
        kind = new[0].kind if new else THING
        candidates = [e for e in named if e.kind == kind and not _is_country(e.text)]
        if not replacement[:1].isupper():
            candidates = []
    for entity in reversed(candidates):
        at = previous.rfind(entity.text)
        if at >= 0:
            start = at
            if previous[:at].lower().endswith("the ") and " " not in replacement:
                start = at - len("the ")  # "the US" -> "China", not "the China"
            return f"{previous[:start]}{replacement}{previous[at + len(entity.text) :]}"
    return previous


def _resolve_person(question: str, found: list[Entity]) -> tuple[str, bool]:
    """Put the last person named in place of the first he/she/him/his/her."""
    match = _PERSON_PRONOUN.search(question)
    if not match or _named_before(question, match.start()):  # "Did Lena say she ...": hers
        return question, False
    pronoun = match.group(0).lower()
    name = _last_person(found, subject=pronoun in {"he", "she"})
    if not name:
        return question, False
    following = question[match.end() :].lstrip()
    possessive = pronoun in {"his", "hers"} or (
        pronoun == "her"
        and bool(re.match(r"[a-z]", following))
        and not re.match(r"(?:to|about|with|for|at|in|on|of|by)\b", following)
    )
    return f"{question[: match.start()]}{name}{'’s' if possessive else ''}{question[match.end() :]}", True


def _last_person(found: list[Entity], subject: bool = False) -> str:
    """The last person named, in its longest form ("Zhu" -> "Zhu Min"); failing that, the last
    single capitalised name of a user turn that is no country, acronym or date.

    A subject pronoun takes the first person of the latest turn naming one, as English prefers the
    subject ("Ana beat Lee 6-2." "Who did she face next?": Ana).
    """
    named = [e for e in found if e.kind == PERSON]
    if named:
        latest = [e.text for e in named if e.turn == named[-1].turn]
        people = [e.text for e in named]
        last = latest[0] if subject else latest[-1]
        longer = [p for p in people if p != last and set(last.split()) < set(p.split())]
        return longer[-1] if longer else last
    weak = [
        e.text
        for e in found
        if e.role == "user" and e.kind == THING and " " not in e.text and not e.text.isupper()
        and not _is_country(e.text) and e.text.lower() not in CALENDAR_WORDS
    ]  # fmt: skip
    return weak[-1] if weak else ""


def _context(previous: str, answer: list[Entity], question: str) -> str:
    """The previous question's topic words and a few answer names that the question lacks."""
    have = set(content_terms(question))
    words = []
    for raw in re.findall(r"[A-Za-z0-9][\w’'.&-]*", previous):
        word = re.sub(r"(?:’s|'s|[.,;:!?])+$", "", raw) if raw.count(".") < 2 else raw
        low = word.lower()
        function = low in STOPWORDS or low in QUESTION_WORDS or low in _AUXILIARIES
        if function and not (word.isupper() and len(word) > 1):  # "WHO" is a name, "who" is not
            continue
        terms = set(content_terms(word)) or {low}
        if terms <= have:
            continue
        words.append(word)
        have |= terms
        if len(words) == TOPIC_MAX_WORDS:
            break
    topic = " ".join(words).lower()
    names: list[str] = []
    for entity in answer:
        terms = set(content_terms(entity.text))
        if entity.text.lower() in topic or entity.text in names:
            continue
        if terms and not terms <= have and len(names) < ANSWER_MAX_NAMES:
            names.append(entity.text)
            have |= terms
    return "; ".join(part for part in (" ".join(words), ", ".join(names)) if part)
