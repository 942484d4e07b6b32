"""Entities of a conversation, for resolving follow-up questions without an LLM.

Capitalised names are found in user and assistant turns and given a rough kind: ``person`` (a
title before it, a speech verb after it, or two or three plain capitalised words), ``thing``
(organisations, places, works, acronyms) or ``year``. The word lists are general English and
news usage (titles, the head nouns of organisation and place names, calendar words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.markers import without_markers
from assistant.text.terms import COUNTRY_TERMS, content_terms

PERSON, THING, YEAR = "person", "thing", "year"

# Titles that come before a person's name ("CEO George Kurtz", "Sheriff Jim Fryhoff").
TITLES = frozenset(
    """president vice prime minister senator sen. rep. representative gov. governor mayor sheriff
    judge justice justices chief dr. mr. mrs. ms. prof. professor ceo cfo coo director secretary
    surgeon general chairman chairwoman chair king queen prince princess pope lt. col. gen. capt.
    sgt. coach rev. deputy ambassador commissioner attorney speaker chancellor""".split()
)
# Head and modifier words of organisation, place and event names: a span with one is no person.
NON_PERSON_WORDS = frozenset(
    """department ministry court house council committee agency office bureau service services
    administration company corporation corp. inc. group bank airlines airways airport university
    college school institute center centre association union party network program programme plan
    act bill fund fair expo festival tour road street avenue initiative project summit forum fire
    storm hurricane river lake mountain mountains valley county city state states republic kingdom
    island islands sea ocean games cup league prize award awards times news post policy daily
    pictures studios records media systems technologies labs foundation commission parliament
    congress senate assembly patrol guard army navy force police exchange market index station
    hospital church park square bridge tower hall stadium arena club team authority board society
    coalition alliance movement organization organisation treaty agreement accord law code day week
    war crisis show series north south east west northern southern eastern western central
    southeast southwest northeast northwest latin new old great united national international
    global federal royal digital world""".split()
)
CALENDAR_WORDS = frozenset(
    """january february march april may june july august september october november december jan
    feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday
    sunday today tonight yesterday tomorrow""".split()
)
# A name right before one of these verbs is a speaker ("Zhu said", "Spence noted").
SPEECH_VERBS = frozenset(
    "said says told tells noted notes added adds argued argues wrote writes explained warned "
    "stated asked emphasized emphasised pointed".split()
)
# Sentence-initial words that are never names, beyond the stopwords.
_FUNCTION = frozenset(
    """the a an what which who whom whose when where why how is are was were do does did can could
    should would will in on at and but or if as it its this that these those they he she there by
    for from to of with not any some all more most so then also both each i my we our you your
    has have had besides ideally however meanwhile although while despite yes no""".split()
)

_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_WORD = re.compile(r"[A-Za-z0-9][\w’'.&-]*")
_CONNECTORS = frozenset({"of", "for", "de", "the"})
_POSSESSIVE = re.compile(r"(?:’s|'s)$")


@dataclass(frozen=True)
class Entity:
    """A name (or year) mentioned in a turn, with its guessed kind and where it was said."""

    text: str
    kind: str
    turn: int  # index of the turn in the history
    role: str  # "user" or "assistant"


def clean(text: str) -> str:
    """A turn's text without citation markers ("[1]") or quote marks."""
    return re.sub(r"[“”\"‘]|(?<!\w)'|'(?!\w)", " ", without_markers(text))


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or bool(re.fullmatch(r"\d+", word))


def _bare(word: str) -> str:
    """The word without a possessive or trailing punctuation ("U.S." keeps its dots)."""
    word = re.sub(r"(?:’s|'s|[,;:!?])+$", "", word)
    return word if word.count(".") > 1 else word.rstrip(".")


def _spans(sentence: str) -> list[tuple[list[str], str, str]]:
    """Runs of capitalised words (joined by "of"/"for"/"the", or "and" between two single words),
    broken at punctuation and after a possessive, with the word before and the word after.
    """
    matches = list(_WORD.finditer(sentence))
    words = [m.group(0) for m in matches]

    def joined(a: int, b: int) -> bool:  # nothing but spaces between words a and b
        return not sentence[matches[a].end() : matches[b].start()].strip() and not _POSSESSIVE.search(
            words[a]
        )

    out: list[tuple[list[str], str, str]] = []
    i = 0
    while i < len(words):
        if not words[i][:1].isupper():
            i += 1
            continue
        j = i + 1
        while j < len(words) and joined(j - 1, j):
            if _capitalised(words[j]):
                j += 1
            elif (
                j + 1 < len(words)
                and joined(j, j + 1)
                and words[j + 1][:1].isupper()
                and (
                    words[j].lower() in _CONNECTORS
                    or (words[j].lower() == "and" and j - i == 1 and i > 0 and not _country(words[i]))
                )
                and not _country(words[j + 1])
            ):
                j += 2
            else:
                break
        out.append(
            (words[i:j], words[i - 1].lower() if i else "", words[j].lower() if j < len(words) else "")
        )
        i = j
    return out


def _country(word: str) -> bool:
    return bool(set(content_terms(word)) & COUNTRY_TERMS)


def _kind(words: list[str], before: str, after: str) -> str:
    lowered = [_bare(w).lower() for w in words]
    if any(_country(w) for w in words) or any(w in NON_PERSON_WORDS for w in lowered):
        return THING
    if any(w.isupper() and len(w) > 1 for w in map(_bare, words)) or any(
        ch.isdigit() for ch in "".join(words)
    ):
        return THING
    if before == "the" or any(w in {"of", "for", "and"} for w in lowered):
        return THING
    if _is_title(before) or _bare(after) in SPEECH_VERBS or 2 <= len(words) <= 3:
        return PERSON
    return THING


def _is_title(word: str) -> bool:
    """A title before a name, spelled out or abbreviated ("Governor", "Gov.", "Sen")."""
    low = word.lower().rstrip(",;:")
    return low in TITLES or low.rstrip(".") in TITLES or f"{low.rstrip('.')}." in TITLES


def _sentences(text: str) -> list[str]:
    """The text cut at sentence ends and dashes; not after an abbreviated title ("Sen. Ana Ruiz")."""
    out: list[str] = []
    for piece in re.split(r"(?<=[.?!])\s+|\s*[—–:]\s+|\n+", text):
        last = out[-1].split()[-1:] if out else []
        if last and last[0].endswith(".") and _is_title(last[0]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def _split_title(words: list[str]) -> tuple[list[str], list[str]]:
    """("Crowdstrike CEO George Kurtz") -> (["Crowdstrike"], ["George", "Kurtz"])."""
    titled = [k for k, w in enumerate(words) if _is_title(w)]
    if not titled or titled[-1] == len(words) - 1:
        return words, []
    last = titled[-1]
    first = titled[0]
    while first > 0 and _is_title(words[first - 1]):
        first -= 1
    return words[:first], words[last + 1 :]


def entities(turns: list[dict[str, str]]) -> list[Entity]:
    """Every name and year of the turns, in the order said."""
    found: list[Entity] = []
    everything = "\n".join(clean(t.get("content", "")) for t in turns)
    for index, turn in enumerate(turns):
        role, text = turn.get("role", ""), clean(turn.get("content", ""))
        for sentence in _sentences(text):
            for words, before, after in _spans(sentence):
                found.extend(_from_span(words, before, after, sentence, everything, index, role))
            found.extend(Entity(y, YEAR, index, role) for y in _YEAR.findall(sentence))
    return _brands_are_things(found)


def _brands_are_things(found: list[Entity]) -> list[Entity]:
    """A brand is no person: "Coca-Cola Spiced" is a thing when "Coca-Cola" is named alone, as a first name
    rarely is (the surname is).
    """
    alone = {e.text for e in found if e.kind == THING and " " not in e.text}
    return [
        Entity(e.text, THING, e.turn, e.role) if e.kind == PERSON and e.text.split()[0] in alone else e
        for e in found
    ]


def _from_span(
    words: list[str], before: str, after: str, sentence: str, text: str, index: int, role: str
) -> list[Entity]:
    rest, person = _split_title(words)
    out = []
    if person:
        out.append(Entity(" ".join(_bare(w) for w in person), PERSON, index, role))
        after = ""
    if rest:
        while rest and _bare(rest[0]).lower() in _FUNCTION | CALENDAR_WORDS:
            rest = rest[1:]
        while rest and (_bare(rest[-1]).lower() in _CONNECTORS or _bare(rest[-1]).lower() in CALENDAR_WORDS):
            rest = rest[:-1]
        rest = [w for w in rest if not _YEAR.fullmatch(_bare(w))]
        if all(_bare(w).isdigit() for w in rest):
            rest = []
        if rest and not _initial_common_word(rest, sentence, text):
            kind = THING if person else _kind(rest, before, after)
            out.append(Entity(" ".join(_bare(w) for w in rest), kind, index, role))
    return out


def _initial_common_word(words: list[str], sentence: str, text: str) -> bool:
    """A lone capitalised word that opens the sentence and is never capitalised mid-sentence."""
    word = _bare(words[0])
    if len(words) > 1 or not sentence.lstrip().startswith(words[0]) or word.isupper():
        return False
    if set(content_terms(word)) & COUNTRY_TERMS:
        return False
    for match in re.finditer(rf"\b{re.escape(word)}\b", text):
        before = text[: match.start()].rstrip()
        if before and not before.endswith((".", "?", "!", ":", "—", "–")) and not before.endswith("\n"):
            return False
    return True
