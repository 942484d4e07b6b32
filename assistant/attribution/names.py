"""What earlier sentences of an article named: full names (for surnames), the people and groups
in order (for pronouns and "the doctor said"), organisations, and the roles the article gives.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import rules as R
from .base import Attribution
from .subjects import (
    AGE,
    PARTICLES,
    QUOTE,
    SPLIT_CLAUSE,
    Found,
    bare,
    has_title,
    kind_of,
    party_title,
    titles,
)

UPPER = "A-ZÀ-ÖØ-Þ"  # capital letters of Latin scripts (Björk, Élodie)
LOWER = "a-zß-öø-ÿā-ž\u0300-\u036f"  # with combining accents ("Björk" typed as o + ¨)
# Smith, McBride, DeSantis, O'Neil, Al-Name, Jean-Name
_NAME_CORE = rf"[{UPPER}](?:[’'][{UPPER}])?[{LOWER}]*[{UPPER}]?[{LOWER}]+(?:-[{UPPER}{LOWER}][{LOWER}]+)*"
_NAME_WORD = rf"{_NAME_CORE}[{LOWER}’'-]*"
_MENTION = re.compile(
    rf"(?:(?:[{UPPER}]\.)+\s+)?(?:{_NAME_WORD}\.?\s+(?:[{UPPER}]\.\s+)?){{0,6}}{_NAME_CORE}-?"
    rf"(?:[’'][{LOWER}-]+)?(?:\s+(?:{'|'.join(R.NAME_SUFFIXES)})\b\.?)?"
)  # "E. Name Surname", "J.D. Surname", "Name E. Surname", "Name Surname III"
# An organisation's name, connectors allowed ("University of Arizona").
_APPOSITION = re.compile(r",\s*(?:(?:the|a|an)\s+)?((?:[^\s,;]+\s+){0,5}[^\s,;]+)")
_OPENERS = "|".join(w.title() for w in sorted(R.CLAUSE_OPENERS))
_SUBJECT_PRONOUN = re.compile(rf"\W*(?:(?:{_OPENERS}),?\s+)?(He|She)\b")  # "But he did …"
_SUBJECT_TITLE = re.compile(rf"\W*(?:(?:{_OPENERS}),?\s+)?[Tt]he\s+([a-z]+)\s+(?!said|says|told)[a-z]")
_AGED_OR_WHO = re.compile(r",\s*(?:\d{1,3}(?:,|\s+(?:from|of)\s)|who(?:se)?\s)")  # "Name, 19 from Place,"
_POSSESSIVE_END = re.compile(r"[’']s$")  # "Name's"
_SUBORDINATORS = frozenset(R.SUBORDINATORS)  # "When Name asked": the clause opener is no name
_NOT_NAME_OPENERS = R.DETERMINERS | R.OBJECT_MARKERS | R.CLAUSE_OPENERS  # "The", "In", "But"
# ... and "On Friday Name said": the day is no part of the name
_NOT_PERSON_OPENERS = _NOT_NAME_OPENERS | _SUBORDINATORS | R.TIME_WORDS
_ORGANISATION = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:(?:of|for|and|the|on)\s+)*[A-Z][\w’'-]*)*")


class Names:
    """What earlier sentences named: full names, the people and groups in order (with their place
    and whether they spoke), and the roles the article gives them.
    """

    def __init__(self, cited: str, outlet: str) -> None:
        self.cited = cited
        self.outlet = outlet_key(outlet)
        self.outlets = {outlet_key(o) for o in (cited, outlet) if o}
        self.names: list[str] = []  # personal names given in full (two words or more), in order
        self.given: dict[str, set[int]] = {}  # the sentences that give each of them in full
        self.known: set[str] = set()  # those that spoke or came with a title or role
        self.spoke: set[str] = set()  # those that spoke: a surname stands for them first
        # (sentence, spoke, place in its frame, name): who a pronoun may stand for
        self.people: list[tuple[int, bool, int, str]] = []
        self.groups: list[tuple[int, bool, int, str]] = []
        self.roles: dict[str, str] = {}
        self.surnames: set[str] = set()  # last words of the article's full personal names
        self.subjects: list[tuple[int, str]] = []  # full names that open a sentence, with its place
        self.organisations: list[tuple[int, int, str]] = []  # (sentence, place, name): "University of X"
        self.gender: dict[str, str] = {}  # the pronoun ("he", "she") a person's title or the article used

    def full_name(self, word: str) -> str | None:
        """The most recent full name ending in ``word`` ("Gold" -> "Jonathan Gold"), or having it
        as any word when that person spoke or was introduced ("Zhu" -> "Zhu Min"); someone who
        already spoke comes before someone only named ("Biden said" after two Bidens).
        """
        word = _apostrophes(word)
        matches = [n for n in reversed(self.names) if word in _surnames(n)
                   or n in self.known and word in _apostrophes(n).split()]  # fmt: skip
        matches = [n for n in matches if len(n.split()) > 1] or matches  # "Name Surname", not "Surname"
        if not matches:
            return None
        # The one the article names most (its main figure; "Chief Name Surname" counts for "Name
        # Surname"), then one who spoke, then the latest.
        def given(name: str) -> int:
            return len(set().union(*(k for n, k in self.given.items() if f" {n}".endswith(f" {name}"))))

        return max(dict.fromkeys(matches), key=lambda n: (given(n), n in self.spoke))

    def _recent(self, pool: list[tuple[int, bool, int, str]], i: int, at: int,
                pronoun: str = "") -> str | None:  # fmt: skip
        """The latest sentence's speaker, else its first (subject) mention, before ``(i, at)``; for
        "he" or "she", not someone the article calls the other.
        """
        before = [e for e in pool if (e[0], e[2]) < (i, at) and i - e[0] <= R.PRONOUN_LOOKBACK
                  and (not pronoun or self.gender.get(e[3], pronoun) == pronoun)]  # fmt: skip
        if not before:
            return None
        latest = [e for e in before if e[0] == before[-1][0] or e[0] == max(x[0] for x in before)]
        return min(latest, key=lambda e: (not e[1], e[2]))[3]

    def carry_subject(self, frame: str, i: int) -> None:
        """A sentence whose subject is "he" or "she" keeps the person it stands for in view, so a
        chain of them ("He joked … He did … “…,” he said") stays with one person.
        """
        opening = _SUBJECT_PRONOUN.match(frame)
        if opening:
            pronoun = opening.group(1).lower()
            name = self._recent(self.people, i, 0, pronoun)
            if name:
                self.gender.setdefault(name, pronoun)
                self.people.append((i, False, opening.start(1), name))
            return
        title = _SUBJECT_TITLE.match(frame)  # "The governor has faced …": the governor named before
        word = title.group(1) if title else ""
        person = word in R.TITLE_WORDS and word not in R.INSTITUTION_NOUNS  # "the governor", not "the board"
        titled = [n for _, _, _, n in self.people if person and word in _role_words(self.roles.get(n, ""))]
        if titled:
            self.people.append((i, False, title.start(1), titled[-1]))  # type: ignore[union-attr]

    def resolve(self, raw: Found, i: int, via: str | None) -> Attribution | None:
        if raw.kind == "pronoun":
            person = R.PRONOUNS[raw.name] == "person"
            name = self._recent(self.people if person else self.groups, i, raw.at, raw.name if person else "")
            if name and person:
                self.gender.setdefault(name, raw.name)
            found = Attribution(name, None, via, "pronoun") if name else None
        elif raw.kind == "definite":  # "the doctor said": the last person; "the agency": the last group
            person = bool(AGE.fullmatch(raw.name)) or (
                raw.name in R.TITLE_WORDS and raw.name not in R.INSTITUTION_NOUNS
            )
            titled = [n for _, _, _, n in sorted([*self.people, *self.groups])
                      if raw.name in _role_words(self.roles.get(n, ""))]  # fmt: skip
            organisations = [o for _, _, o in self.organisations if raw.name in o.lower().split()]
            named = titled if person else organisations
            # "the agency said": the organisation named last, or the group that spoke last
            mentioned = [(k, False, at, o) for k, at, o in self.organisations]
            pool = self.people if person else sorted([*self.groups, *mentioned])
            name = named[-1] if named else self._recent(pool, i, raw.at)
            if name is None and not person:  # "the company said" long after it last spoke
                name = next((g for k, spoke, _, g in reversed(self.groups) if spoke and k < i), None)
            if name is None and person:  # "the 76-year-old said" after "Name has seen …"
                name = next((n for k, n in reversed(self.subjects) if 0 < i - k <= R.PRONOUN_LOOKBACK), None)
            found = Attribution(name or raw.name, None, via, "pronoun" if name else "reported")
        else:
            name, kind = raw.name, raw.kind
            if kind == "document":
                name = self.cited or name
            elif self.outlet and self.outlet in _outlet_keys(name):
                return None  # "ZH reported, citing ...": the outlet's own voice
            elif self.outlets & _outlet_keys(name):
                kind = "group"
            elif kind == "group" and name.islower() and len(name.split()) == 1:  # "the airmen said"
                name = next((g for _, _, _, g in reversed(self.groups) if g.endswith(f" {name}")), name)
            elif kind == "person" and name.split()[0].lower() in PARTICLES:  # "Van Surname" opening
                lower = f" {name[:1].lower()}{name[1:]}"  # a sentence: "Name van Surname" given before
                name = next((n for n in reversed(self.names) if n.endswith(lower)), name)
            elif kind == "person" and len(name.split()) > 1:  # "Surname Surname" of "Name Surname Surname"
                longer = [n for n in self.names if n in self.known and n.endswith(f" {name}")]
                name = next((n for n in reversed(longer) if len(n.split()) == len(name.split()) + 1
                             and not has_title(n)), name)  # fmt: skip
            elif len(name.split()) == 1:  # a surname (the full name may come later), else a country or firm
                full = self.full_name(name)
                kind = "person" if full or _apostrophes(name) in self.surnames else "group"
                name = full or name
            if raw.role and name not in self.roles:
                self.roles[name] = raw.role
            found = Attribution(name, raw.role, via, "reported" if kind != "document" else "document")
            if kind == "person":
                self.names.append(name)
                self.known.add(name)
                self.spoke.add(name)
        if found and found.speaker and found.kind != "document":
            resolved = raw.kind in ("pronoun", "definite")
            person = found.speaker in self.spoke or resolved and found.speaker in self.names or (
                _apostrophes(found.speaker) in self.surnames
            )
            (self.people if person else self.groups).append((i, True, raw.at, found.speaker))
        return found

    def survey(self, frames: list[str]) -> None:
        """Note the last word of every two-word-or-longer personal name the article gives, so that
        a surname that speaks before its full name is given is taken for a person.
        """
        for frame in frames:
            for run in _MENTION.finditer(frame):
                words = run.group().split()
                if len(words) > 1 and kind_of(words) == "person":
                    self.surnames |= _surnames(_POSSESSIVE_END.sub("", words[-1]))

    def completed(self, speaker: str) -> str:
        """``speaker`` with the full name the whole article gives: "Burns" or "Burns of Firm" named
        before "Name Burns" is introduced; other speakers unchanged.
        """
        first = re.split(r"\s+(?:of|from)\s+", speaker, maxsplit=1)[0]
        if len(first.split()) != 1 or not first[:1].isupper():
            return speaker
        word = _apostrophes(first)
        full = next((n for n in reversed(self.names) if word in _surnames(n)), None)
        return full or speaker

    def remember(self, frame: str, i: int) -> None:
        """Note the personal names a sentence's frame mentions (for surnames and pronouns)."""
        for org in _ORGANISATION.finditer(frame):
            words = org.group().split()
            while words and words[0].lower() in _NOT_NAME_OPENERS:
                words.pop(0)
            if any(bare(w) in R.ORGANISATION_WORDS for w in words):
                self.organisations.append((i, org.start(), " ".join(words)))
        for run in _MENTION.finditer(frame):
            words = run.group().split()
            owner = next((k for k, w in enumerate(words) if _POSSESSIVE_END.search(w)), len(words) - 1)
            after = words[owner + 1 :]  # "Place's Name Surname": a person, by where they are from
            affiliated = 2 <= len(after) <= 4 and kind_of(after) == "person"
            words = after if affiliated else words[: owner + 1]  # "Judge Name's Town courtroom": the owner
            possessive = bool(_POSSESSIVE_END.search(words[-1]))
            words[-1] = _POSSESSIVE_END.sub("", words[-1])  # "Name's report"
            lead = frame[: run.start()].split()[-1:]
            while words and words[0].lower() in _NOT_PERSON_OPENERS or (
                run.start() == 0 and len(words) > 1 and words[0].endswith("ing")
            ):  # "Both Name", "In Place", "The Ship Name", "Joining Name for …"
                lead = [words.pop(0)]
            titled = [k for k, w in enumerate(words) if titles(words, k) or party_title(words, k)]
            preceding = frame[: run.start()].rstrip()
            introduced = bool(titled) or bool(lead and bare(lead[0]) in R.TITLE_WORDS) or (
                preceding.endswith(",") and has_title(SPLIT_CLAUSE.split(preceding[:-1])[-1])
            ) or bool(_AGED_OR_WHO.match(frame[run.end() :])) or _introducing(
                frame[run.end() :]
            )  # "director of X, Name,"; "Name, 39,"; "Name, who …"; "Name, a 70-year-old resident"
            title = " ".join(words[: titled[-1] + 1]) if titled else ""
            words = words[titled[-1] + 1 :] if titled else words  # "Board Chairman Name" -> "Name"
            if not words or kind_of(words) != "person":
                continue
            after = frame[run.end() :].split()[:1]
            adjective = after and after[0].islower() and not possessive  # "Name's lawyer" is a person's
            if adjective and bare(after[0]).rstrip("s") in R.TITLE_WORDS | R.GROUP_WORDS:
                continue  # a name used as an adjective: "Native American leaders"
            if lead and (lead[0].lower() in R.NOUN_DETERMINERS or lead[0][:1].isdigit()):
                continue  # not a person ("the Name Ship", "8 Name Drive"; "that Name" opens a clause)
            name = " ".join(words) if len(words) > 1 else self.full_name(words[0])
            if name is None or self.outlets & _outlet_keys(name):
                continue
            role = re.match(r",\s*(?:the|a|an)\s+([^,]{3,160}),", frame[run.end() :])
            if role and has_title(role.group(1)):
                self.roles.setdefault(name, role.group(1).strip())
            elif title and len(words) > 1:
                self.roles.setdefault(name, title)  # "Judge Name": the judge
            honorific = run.group().split()[0]  # "Mr. Name", "Ms. Name"
            gendered = _gender(" ".join([honorific if honorific.endswith(".") else "", title,
                                         role.group(1) if role else ""]))  # fmt: skip
            if gendered and len(words) > 1:
                self.gender.setdefault(name, gendered)  # "Spokeswoman Name", "Mr. Name"
            if len(words) > 1:
                self.names.append(name)
                self.given.setdefault(name, set()).add(i)
                if introduced or role:  # introduced as a person
                    self.known.add(name)
            elif introduced:  # "Surname, who …," of a full name given before
                self.known.add(name)
            if run.start() == 0 and len(words) > 1 and re.match(r"\s+[a-z]", frame[run.end() :]):
                self.subjects.append((i, name))  # "Name has seen …": who "the 76-year-old" may be
            topic = bool(re.search(r"\bas for\s*$", frame[: run.start()], re.I)) or (  # "As for Name, he …"
                lead == ["For"] and not re.search(r"\w", frame[: run.start()])
                and frame[run.end() :][:1] == ","
            )  # "For Name, a retiree, the vote …"
            governed = lead and lead[0].lower() in R.OBJECT_MARKERS and not topic and not possessive
            heading = not re.search(rf"[.!?:{QUOTE}]\W*$", frame)  # a heading or link, not the story's prose
            if name in self.known and not governed and not heading:  # "In Name's statement, the chief …"
                self.people.append((i, False, run.start(), name))  # not "the death of Name"


def _introducing(after: str) -> bool:
    """Whether an apposition after a name says who the person is ("Name, a 70-year-old resident";
    "Name, Visit City professor of X"), closed by a comma or not.
    """
    apposition = _APPOSITION.match(after)
    words = apposition.group(1) if apposition else ""
    return bool(words) and (has_title(words) or bool(AGE.search(words)))


def _role_words(role: str) -> set[str]:
    """The words of a role, abbreviated titles written out ("Delaware Gov." -> {"delaware", "governor"})."""
    words = {bare(w) for w in role.split()}
    return words | {R.TITLE_ABBREVIATIONS[w] for w in words if w in R.TITLE_ABBREVIATIONS}


def _gender(words: str) -> str | None:
    """The pronoun a gendered word among ``words`` calls for ("spokeswoman" -> "she"), or None."""
    plain = {bare(w) for w in words.split()}
    found = [pronoun for pronoun, marks in R.GENDERED_WORDS.items() if plain & marks]
    return found[0] if len(found) == 1 else None


def outlet_key(name: str) -> str:
    """An outlet's name as its web address spells it ("USA TODAY", "usatoday.com" -> "usatoday")."""
    name = re.sub(r"^(?:https?://)?(?:www\.)?", "", name.strip().lower())
    name = re.sub(r"\.(?:com|org|net|co|news)(?:\.[a-z]{2})?$|\.[a-z]{2}$", "", name)
    return re.sub(r"[^\w]", "", name)


def _outlet_keys(name: str) -> set[str]:
    """The outlet keys ``name`` may stand for: its own and those of its first words ("CNN Business"
    and "USA TODAY Network" are the outlets' own desks).
    """
    words = name.split()
    return {outlet_key(" ".join(words[:k])) for k in range(1, len(words) + 1)}


@lru_cache(maxsize=65536)
def _surnames(name: str) -> frozenset[str]:
    """The words a surname of ``name`` may be written as: its last word, and that word less a short
    particle ("Al-Name", "El-Name" -> "Name").
    """
    words = name.split()
    if len(words) > 2 and words[-1].rstrip(".") in R.NAME_SUFFIXES:
        words = words[:-1]  # "Name Surname Jr." is "Surname"
    last = _apostrophes(words[-1])
    particle, _, rest = last.partition("-")
    return frozenset({last, rest} if rest and len(particle) <= R.MAX_PARTICLE_CHARS else {last})


def _apostrophes(text: str) -> str:
    """``text`` with one apostrophe ("O’Connell" and "O'Connell" are one name)."""
    return text.replace("’", "'")
