"""Who a sentence's frame (its words outside quotations) names as speaker, before pronouns and
surnames are resolved: the subject of a speech verb before or after it, ``according to X``,
``X published a report``, with a title or apposition taken as the role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import rules as R

QUOTE = "\x00"  # stands for a masked quotation inside a frame
SPLIT_CLAUSE = re.compile(rf"[,;:—–()\[\]{QUOTE}]|\b(?:{'|'.join(R.SUBORDINATORS)})\b")
_WORD = re.compile(r"[a-z][a-z-]*")  # speech verbs are lower case in prose ("States" is a name)
_ACCORDING = re.compile(r"\baccording to\s+([^,;:\x00]+?)\s*(?:[,;:]|\.?\s*$)", re.I)
_PUBLISH = re.compile(
    rf"\s*(.+?)\s+(?:{'|'.join(sorted(R.PUBLISH_VERBS))})\s+(?:a|an|its|the|their)\s+(?:[\w-]+\s+)?"
    rf"(?:{'|'.join(sorted(R.DOCUMENT_NOUNS))})\b"
)
_RELATIVE = ("who", "which", "whose")
_BUT = re.compile(r"\bbut\s+(?=\S)")
_FROM_SOURCE = re.compile(
    rf"(?:(?:an?|the|their|its|one)\s+(?:[\w-]+\s+){{0,2}}(?:{'|'.join(sorted(R.DOCUMENT_NOUNS))}|e-?mail|excerpt)|data|figures)"
    rf"\s+(?:from|by)\s+(.+)$"
)
AGE = re.compile(r"\d{1,3}-year-old")  # "the 76-year-old said": a person named before
_AGE_OR_PARTY = re.compile(r"(?:now |aged )?\d+|[A-Z]-[A-Z][\w.-]*")  # "Name, 38," / "Name, R-Iowa,"
_ASIDE = re.compile(  # "Name, however, said"
    r"(?:however|meanwhile|too|though|instead|also|in turn|for (?:its|his|her|their) part)", re.I
)
_ACRONYM = re.compile(r"\s*\([A-Z][A-Za-z]*[A-Z]\)")
_QUOTED_AS = re.compile(r"\s*(.+?)\s+(?:was|were|is|has been)\s+quoted\b.*?\bas\s+saying\b")
_TRAILING_NAME = re.compile(r"^(?:[a-z][\w-]*\s+){1,3}([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,4})$")
_PLACE = re.compile(r"\b(?:from|of|in)\s+(?:[A-Z]\S*\s*)+$")  # "… from City" before ", State,"
_QUALIFIERS = ("with", "in", "for", "from", "at", "close", "familiar")  # "officials familiar with"
_DASHES = re.compile(r"\s[−—–]\s((?:who|which|whose)\b[^−—–]*)\s[−—–]\s")  # "Name − who is … − said"
_COLON_QUOTE = re.compile(rf"^(.+?):\s*{QUOTE}")  # "Name appeared to shut down rumours: “…”"
_OPENING_VERB = re.compile(r"\W*([A-Za-z][a-z]+)\b")  # a sentence that opens with its speech verb
# "Name appeared to suggest", "Name went on to say": the verb that says is the last one
_SEEMING = re.compile(r"\s(?:appear|seem|tr[iy]|went on|go(?:es)? on)(?:s|ed)?\s+to\s*$")
_DATELINE = re.compile(r"^\W*[A-Z][A-Z.,' ]+\s*[−—–-]\s*")  # "CITY — ", "CITY, State −"
_FRONTED_CLAUSE = re.compile(r"\W*(?:When|After|Before|While|Since|Because|If|Although|Once|Until|As)\s")
_FRONTED = re.compile(r"\W*(?:When|After|Before|While|Since|Because|If|Although|Once|Until)\s[^,]*$")
_OF_WHOM = ("for", "of", "at", "from")  # "a spokesperson for X", "director of X"
_WHEN_WHERE = ("in", "at", "during", "on")  # "Name on Monday", "Name in a statement": not the name
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)(?:\s+\w+ly)?\s*$")
_PROGRESSIVE = re.compile(r"\s(?:is|are|was|were)\s*$")
_ORGANISATION_HEADS = "|".join(w.title() for w in sorted(R.ORGANISATION_WORDS))
_NAMED_AFTER_ORG = re.compile(  # a title of an organisation, then the person's name
    rf"^((?:[Tt]he\s+)?\S+\s+(?:of|at|for)\s+.*\b(?:{_ORGANISATION_HEADS}))"
    r"\s+([A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,2})$"
)
_HONORIFIC = re.compile(rf"\b({'|'.join(R.HONORIFICS)})\.(?=\s+[A-Z])")
_OWNER = re.compile(r"(?:the\s+)?([A-Z][^’']*?)[’']s\s")
_AT_PLACE = re.compile(r"\s+at\s+(?=(?:the\s+)?[A-Z])")
_QUOTE_THEN_NAME = re.compile(rf"^\s*{QUOTE}\s*,?\s*([A-Z][^{QUOTE}]*?)\.?\s*$")
_BY_DOING = re.compile(r"\b(?:by|before|after|while|when|without)$")
_POSSESSIVE = re.compile(r"[\w.](?:[’']s|s[’'])$")
_SUFFIXES = ("Jr", "Sr")  # name suffixes written with a period
_NUMERAL_SUFFIXES = frozenset(s for s in R.NAME_SUFFIXES if s not in _SUFFIXES)  # "Name Surname III"
_QUANTIFIERS = ("many", "some", "most", "several", "few")  # "many travellers say"
PARTICLES = frozenset("de da del van von der al bin la le".split())  # parts of a surname ("Name van Surname")
_CONNECTORS = PARTICLES | frozenset("of for and & the at on in".split())


@dataclass(frozen=True)
class Found:
    name: str
    role: str | None
    kind: str  # "person" | "group" | "document" | "pronoun" | "definite" ("the doctor")
    at: int = 0  # where in the frame the subject stands (pronouns take names before it)


def find_speaker(frame: str) -> Found | None:
    """The speaker a sentence's frame names, before resolving pronouns and surnames."""
    publish = _PUBLISH.match(frame)
    if publish:
        subject = _subject(publish.group(1), publish.start(1))
        if subject:
            return subject
    if frame.rstrip().endswith("?"):
        return None  # the outlet's question ("What do the polls say?")
    frame = _ACRONYM.sub(" ", frame)  # "Name of Firm (NOF), the …": the acronym adds nothing
    quoted = _QUOTED_AS.match(frame)  # "Name was quoted in X as saying …"
    if quoted:
        subject = _leading_subject(_clause(quoted.group(1)).split() + ["."], 0)
        if subject:
            return subject
    opening = _OPENING_VERB.match(frame)  # "Replied Name: “…”"
    if opening and opening.group(1).lower() in R.SPEECH_VERBS:
        subject = _after(frame[opening.end() :], opening.end())
        if subject:
            return subject
    verbs = [v for v in _WORD.finditer(frame)
             if v.group() in _FRAME_VERBS and not _possessed(frame[: v.start()], v.group())]  # fmt: skip
    relayed = None
    quoting = [v for v in verbs if v.group() in R.QUOTING_VERBS and QUOTE in frame[v.end() :]]
    speech = [v for v in verbs if v.group() in R.SPEECH_VERBS or v.group() in R.DOCUMENT_VERBS
              or frame[v.end() :].split()[:1] == [R.SPEECH_WITH_PARTICLE.get(v.group())]]  # fmt: skip
    ending = _closing_attribution(frame, speech)  # "…, said Name, also in Paper."
    if ending:
        return ending
    for verb in [*speech, *quoting]:  # "Name said …, according to Agency": Name speaks, relayed
        word, pre, post = verb.group(), frame[: verb.start()], frame[verb.end() :]
        if _FRONTED.match(pre):
            continue  # "When Name asked …, X did Y": the speech is the background of the sentence
        if _PASSIVE.search(pre) and not word.endswith(("s", "ing")):
            continue  # "Name was accused of …", "Name was told": Name does not speak
        if post.split()[:1] == [R.NOT_SPEECH_AFTER.get(word)]:
            continue  # "the research adds to ..."
        progressive = _PROGRESSIVE.search(pre)  # "the Agency is reporting": a finite verb
        pre = pre[: progressive.start()] if progressive and word.endswith("ing") else pre
        closing = len(re.split(r"[.;]", post, maxsplit=1)[0].split()) <= R.MAX_TRAILER_WORDS
        subject = _before(pre, participle=word.endswith("ing") and not progressive, closing=closing)
        auxiliary = pre.split()[-1:] and pre.split()[-1].lower() in R.AUXILIARIES  # "…, has advised X"
        inverted = _trim(pre).endswith((",", QUOTE)) and not (word.startswith(("tell", "told")) or auxiliary)
        if subject is None and (not re.search(r"\w", pre) or inverted):  # "…, told CNN": CNN is no speaker
            subject = _after(post, verb.end())  # "…, said Name"
        if subject and subject.name.split()[0] in R.RELATIVES:
            continue  # "…, which employees explained to him, Name told jurors": the relative clause's
        # "A statement from X read", "researchers found": findings and documents speak for their authors
        documented = word in R.DOCUMENT_VERBS and bool(_FROM_SOURCE.search(_clause(pre).lower()))
        research = subject is not None and bare(subject.name.split()[-1]) in R.RESEARCH_GROUPS or (
            subject is not None and subject.kind == "group" and post.split()[:1] == ["that"]
        )  # "researchers found", "the Tracker found that …": findings speak for those who found them
        if subject and word.endswith("ing") and subject.kind == "group":
            relayed = relayed or subject  # "The University declined, saying …, according to Name"
        elif subject and (word in R.SPEECH_VERBS or word in R.SPEECH_WITH_PARTICLE or verb in quoting
                          or subject.kind == "document"
                          or documented or research):  # fmt: skip
            return subject
    according = _ACCORDING.search(frame)
    if according:
        np = according.group(1)
        source = _FROM_SOURCE.match(np)  # "according to a statement from Name": Name speaks
        subject = _subject(source.group(1), according.start(1)) if source else None
        named = _TRAILING_NAME.search(source.group(1) if source else np)  # "according to analytics firm Name"
        described = _subject(named.group(1), according.start(1)) if named else None
        located = _subject(_AT_PLACE.split(np)[0], according.start(1))  # "the Center at the University"
        owner = _OWNER.match(np)  # "according to the Group's 2022 Guide": the Group
        located = located or (_subject(owner.group(1), according.start(1)) if owner else None)
        named_after = re.match(r",\s*([A-Z][^,;:.\x00]*?)\s*(?:[,;:]|\.?\s*$)", frame[according.end(1) :])
        apposed = _subject(named_after.group(1), according.end(1)) if named_after else None  # "his mother, X"
        apposed = apposed if apposed and apposed.kind == "person" and _is_role(np) else None
        return subject or located or _subject(np, according.start(1)) or described or apposed or relayed
    bare_name = _QUOTE_THEN_NAME.match(frame)  # "“…,” Sen. Name, R-State.": the verb left out
    if bare_name:
        parts = [p.strip() for p in bare_name.group(1).split(",")]
        subject = _subject(re.sub(rf"^({'|'.join(R.HONORIFICS)})\.", r"\1", parts[0]))
        if subject and subject.kind == "person" and all(_parenthetical(p) for p in parts[1:]):
            return subject
    colon = _COLON_QUOTE.match(frame)  # a person's clause, then their words after a colon
    if colon and relayed is None:
        subject = _sentence_subject(colon.group(1))
        return subject if subject and subject.kind == "person" else None
    return relayed


def _closing_attribution(frame: str, speech: list[re.Match[str]]) -> Found | None:
    """The speaker of an attribution that ends the sentence ("… when they announced X, said columnist
    Name, also in Paper."; "…, which staff explained to him, Name told jurors."): the whole sentence
    is what they said.
    """
    last = speech[-1] if speech else None
    if last is None or last.group() not in R.INVERTING_VERBS | {"told", "tells"}:  # not "…, accused X."
        return None
    pre, post = frame[: last.start()], frame[last.end() :]
    clause = SPLIT_CLAUSE.split(pre)[-1]
    named = clause.strip() and pre[: len(pre) - len(clause)].rstrip().endswith(",")  # "…, Name said."
    ends = len(post.split()) <= R.MAX_TRAILER_WORDS and QUOTE not in post and post.rstrip().endswith(".")
    if named and ends:
        subject = _before(pre, closing=True)
        if subject and subject.kind in ("person", "definite", "pronoun"):
            return subject
    if not pre.rstrip().endswith((",", QUOTE)) or len(post.split()) > R.MAX_SPEAKER_WORDS or QUOTE in post:
        return None
    if last.group() not in R.INVERTING_VERBS:
        return None  # "…, told CNN": the one told is no speaker
    subject = _after(post, last.end())
    return subject if subject and subject.kind != "pronoun" else None


# The words find_speaker reads as a frame's verb: any other word is skipped before the (slower) check
# of whether it is a noun.
_FRAME_VERBS = R.QUOTING_VERBS | R.SPEECH_VERBS | R.DOCUMENT_VERBS | frozenset(R.SPEECH_WITH_PARTICLE)
_NOUN_MARKERS = R.POSSESSIVES | R.NOUN_DETERMINERS  # "his claims", "the reports"
_GOVERNING = R.PREPOSITIONS - {"to"}  # "for reports"; not "to suggest"


def _possessed(pre: str, word: str) -> bool:
    """Whether ``word`` after ``pre`` is a noun ("Name's remarks", "his claims", "for reports"; not
    "by saying", "to suggest").
    """
    last = pre.split()[-1:]
    if not last:
        return False
    lower = last[0].lower()  # "With reports from …" opens with a preposition too
    article = lower in _NOUN_MARKERS
    governed = lower in _GOVERNING and not word.endswith("ing")
    adjective = lower.endswith(R.COMPOUND_ADJECTIVE_ENDINGS)  # "GOP-led states", "state-run reports"
    before = pre.split()[-2:-1]  # "the recently announced partner"
    adjective = adjective or lower.endswith("ly") and bool(before) and before[0].lower() in R.DETERMINERS
    return article or governed or adjective or bool(_POSSESSIVE.search(last[0]))


def _trim(pre: str) -> str:
    """``pre`` without trailing auxiliaries and adverbs ("Name has also", "experts increasingly"; not
    the surname "Kelly").
    """
    words = _SEEMING.sub("", pre).split()
    while words and (words[-1].lower() in R.AUXILIARIES or words[-1].islower() and words[-1].endswith("ly")):
        words.pop()
    return " ".join(words)


def _clause(pre: str) -> str:
    """The last clause of ``pre`` (trimmed), without leading openers ("However, he")."""
    clause = _BUT.split(SPLIT_CLAUSE.split(_trim(pre))[-1])[-1].split()  # "X did Y but Name said"
    while clause and clause[0].lower() in R.CLAUSE_OPENERS:
        clause.pop(0)
    relative = len(clause) == 2 and clause[0].lower() in R.RELATIVES
    if relative and (clause[1].lower() in R.PRONOUNS or bare(clause[1]) in R.GROUP_WORDS):
        clause.pop(0)  # "…, which she said", "which organisers say": not "which Place has concluded"
    return " ".join(clause)


def _parenthetical(part: str) -> bool:
    """A comma-set piece between a subject and its verb: a role, an age, an origin, a party and
    state, a relative or participle clause ("Name, 38, a broker, of Town, who ..., said").
    """
    words = part.split()
    if not words:
        return True
    first = words[0]
    return bool(
        _is_role(part) or _AGE_OR_PARTY.fullmatch(part) or _ASIDE.fullmatch(part)
        or first.lower() in (*_RELATIVE, "of", "from", "in", "at", "formerly")
        or first.lower() == "one" and words[1:2] == ["of"]  # "Name, one of the largest groups,"
        or first.endswith(("ing", "ed")) and first.islower() or part == QUOTE  # "X, founded in 1990,"
    )  # fmt: skip


def _leading_subject(clause: list[str], at: int) -> Found | None:
    """The subject at the start of a clause ("Name asked questions and said"; "Name hit back, saying")."""
    while clause and (clause[0].lower() in R.CLAUSE_OPENERS or not re.search(r"\w", clause[0])):
        clause = clause[1:]
    if clause and (clause[0].lower() in R.PREPOSITIONS or _participle_phrase(clause)):
        return None  # "During the meeting", "Speaking at the Fair": a phrase, not the subject
    for n in range(min(len(clause) - 1, 6), 0, -1):  # the longest name ("House Speaker Name")
        if clause[n][:1].isupper() and _POSSESSIVE.search(clause[n]):
            continue  # "Name Jr.'s nephew": not "Name"
        subject = _subject(" ".join(clause[:n]), at)
        if subject and subject.kind in ("pronoun", "person", "definite"):
            return subject
        opens = clause[0][:1].isupper() or clause[0].lower() in R.DETERMINERS
        if subject and subject.kind == "group" and opens:
            return subject  # "Israeli officials …", not "complimenting his opponents"
    return None


def _participle_phrase(words: list[str]) -> bool:
    """Whether ``words`` open with a participle and its preposition ("Speaking at the Fair")."""
    return len(words) > 1 and words[0][:1].isupper() and words[0].endswith("ing") and (
        words[1].lower() in R.PREPOSITIONS
    )


def named_subject(frame: str) -> Found | None:
    """The organisation a sentence opens with, by its proper name ("Country will not …, it said"),
    after a dateline ("CITY — "); else None.
    """
    subject = _sentence_subject(_DATELINE.sub("", frame))
    words = subject.name.split() if subject and subject.kind in ("group", "person") else []
    if subject and subject.kind == "person" and len(words) > 1:
        return None  # "it" is no person ("Country", one word, may be either)
    return subject if words and all(w[:1].isupper() or w in _CONNECTORS for w in words) else None


def _sentence_subject(text: str) -> Found | None:
    """The subject of a sentence's first clause that has one ("However, Name, the …, did X")."""
    at = 0
    for piece in SPLIT_CLAUSE.split(text):
        at = text.find(piece, at)  # where the piece stands: names before it may be who it means
        words = piece.split()
        while words and words[0].lower() in R.CLAUSE_OPENERS:
            words.pop(0)
        subject = _leading_subject([*words, "."], at) if words else None
        phrase = bool(words) and (words[0].lower() in R.PREPOSITIONS or _participle_phrase(words))
        if subject or len(words) > 3 and not phrase:  # not "Last week,", "In Name's statement,"
            return subject
    return None


def _before(pre: str, participle: bool = False, closing: bool = True) -> Found | None:
    """The subject just before a speech verb; appositions, ages, origins and relative clauses set
    off by commas between them ("Name, 38, the former director of X, said") are set aside, the
    first role-like one kept as the role. A participle ("…, saying") takes the sentence's subject.
    ``closing``: the verb ends the sentence ("…, he said."), so what comes before is what was said.
    """
    pre = _DASHES.sub(r", \1, ", pre)  # a dash-set relative clause, as if set off by commas
    trimmed = _trim(pre)
    at = len(trimmed) - len(_clause(pre))
    if trimmed.endswith(QUOTE) and "," in trimmed:  # "Name, speaking on “Show,” said": the comma sits inside
        trimmed += ","
    if participle and _BY_DOING.search(trimmed):  # "Name closed by saying …": the sentence's subject
        return _sentence_subject(trimmed)
    if not trimmed.endswith(","):
        clause = _clause(pre).split()
        if re.search(r"\b(?:and|but)$", trimmed):  # "Name did X and said": the sentence's subject
            return _leading_subject(clause, at) or _sentence_subject(trimmed)
        raw = SPLIT_CLAUSE.split(trimmed)[-1]
        before = trimmed[: len(trimmed) - len(raw)].rstrip()
        fronted = bool(_FRONTED_CLAUSE.match(before)) and QUOTE not in before  # "When Name did X, he said"
        if closing and (raw.strip().lower() in R.PRONOUNS or _definite(raw.split())) and before.endswith(
            (",", QUOTE)
        ) and not fronted:
            at = 0  # "…, he said", "…, the judge said": the names before are what was said
        subject = _subject(" ".join(clause), at)
        if subject is None and before.endswith(",") and _is_role(raw.strip()):
            named = _before(before[:-1])  # "Name, the role said": an apposition left unclosed
            if named and named.kind == "person":
                return replace(named, role=named.role or _role(raw.strip()))
        return subject
    parts = trimmed[:-1].split(",")
    found: Found | None = None
    for j in range(len(parts) - 1, 0, -1):
        head, inner = ",".join(parts[:j]), [p.strip() for p in parts[j:]]
        relative = next((k for k, p in enumerate(inner) if p.split()[:1] and p.split()[0] in _RELATIVE), None)
        preceding = [head, *inner]  # "from City, State,": the state goes with the city
        places = [bool(_PLACE.search(preceding[k])) and _name_run(p.split()) and len(p.split()) <= 3
                  for k, p in enumerate(inner)]  # fmt: skip
        if not all(_parenthetical(p) or relative is not None and k > relative or places[k]
                   for k, p in enumerate(inner)):  # fmt: skip
            continue  # the parts after "who ..." belong to that clause ("who is from City, State,")
        if _AGE_OR_PARTY.fullmatch(_clause(head)) or _clause(head).split()[:1] and (
            _clause(head).split()[0].lower() in R.PREPOSITIONS
        ):
            continue  # "Name, 38,"; "In an interview with X, Name did …": no subject there
        subject = _subject(_clause(head), len(head) - len(_clause(head)))
        if subject:
            role = next((_role(p) for p in inner if _is_role(p)), None)
            found = replace(subject, role=subject.role or role)
            if subject.kind == "person":
                return found
    if found and (found.kind != "group" or len(parts) < 2):
        return found
    if len(parts) >= 2:  # "The Chief, Name, said" (even "One Party congressman, Rep. Name,")
        head = ",".join(parts[:-1])
        named, title = _subject(parts[-1].strip(), len(head) + 1), _clause(head)
        if named and named.kind == "person" and not re.search(r"\w", head):
            return named  # "“…”, lead researcher Name, told X": a comma before the verb
        if named and named.kind == "person" and has_title(title):
            return replace(named, role=named.role or _role(title))
        described = len(parts) == 2 and _is_role(title)  # "The Country's watchdog, the Agency,"
        if named and named.kind == "group" and re.match(r"\s*(?:the\s+)?[A-Z]", parts[-1]) and described:
            return replace(named, role=named.role or _role(title))  # "The Country's watchdog, the Agency,"
    if found:
        return found
    if participle:
        return _sentence_subject(trimmed)
    return None


def _after(post: str, at: int) -> Found | None:
    """The subject after an inverted speech verb (``…," said Name, role, in a statement.``)."""
    post = _HONORIFIC.sub(r"\1", post)  # "said Dr. Name", "said veteran Rep. Name"
    head = re.split(r"[,;:\x00]|(?<!\b[A-Z])\.(?:\s|$)", post, maxsplit=1)[0]  # not "Name E. Surname"
    head = re.split(r"\s(?:in|on|at|during|from|after|before|when|while|last|via|through|to|with|based)\s",
                    f" {head} ", maxsplit=1)[0]  # fmt: skip
    subject = _subject(head.strip(), at)
    if subject is None:
        return None
    rest = post.strip()[len(head.strip()) :]
    role = re.match(r"\s*,\s*([^.;\x00]+?)\s*(?:,\s*(?:in|on|at|during|via)\b|[.;]|$)", rest)
    if role and _is_role(role.group(1)) and subject.kind == "person":
        return replace(subject, role=subject.role or _role(role.group(1)))
    return subject


def bare(word: str) -> str:
    return word.strip(".,;:’'\"()").lower()


def _is_title(word: str) -> bool:
    word = bare(word)
    return word in R.TITLE_WORDS or len(word) > 5 and word.endswith(R.TITLE_SUFFIXES)


def titles(words: list[str], k: int) -> bool:
    """Whether ``words[k]`` is a title: a capitalised title word ending a name is a surname
    ("Name Dean", "Name Judge"), a lower-case one a job ("the Company spokesperson").
    """
    last = k == len(words) - 1 and k > 0 and words[k][:1].isupper() and words[k - 1][:1].isupper()
    return bare(words[k]) in R.TITLE_WORDS and not last


def party_title(words: list[str], k: int) -> bool:
    """Whether ``words[k]`` is a party named before a person ("State Republican Name Surname")."""
    return bare(words[k]) in R.PARTY_WORDS and len(words) - k > 2 and kind_of(words[k + 1 :]) == "person"


def has_title(words: str) -> bool:
    return any(bare(w) in R.TITLE_WORDS for w in words.split())


def _is_role(text: str) -> bool:
    words = text.split()
    if not words or len(text) > R.MAX_ROLE_CHARS:
        return False
    return words[0].lower() in ("a", "an", "the", "former", "then") or has_title(text)


def _role(text: str) -> str:
    words = text.split()
    if words and words[0].lower() in ("a", "an", "the"):
        words = words[1:]
    return " ".join(words).strip(" ,")


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _name_run(words: list[str]) -> bool:
    return bool(words) and words[0][:1].isupper() and _capitalised(words[-1]) and all(
        _capitalised(w) or w.lower() in _CONNECTORS for w in words)  # fmt: skip


def _person(words: list[str]) -> list[str]:
    """A personal name without what follows it ("Name of Place", "Name on Monday" -> "Name")."""
    for k, w in enumerate(words):
        if w in ("of", "from", "for") and k >= 2 or w in _WHEN_WHERE and k >= 1:
            if kind_of(words[:k]) == "person":
                return words[:k]  # "Name of Place", "Name on Monday"
    return words


def _subject(np: str, at: int = 0) -> Found | None:
    """A noun phrase as a speaker: a pronoun, a (titled) name, a group, a document, or a definite
    description ("the doctor") to resolve; else None.
    """
    words = np.strip(" ,.").split()
    if words and words[-1] in _SUFFIXES:
        words[-1] += "."  # "Name Jr." keeps its period
    while words and (not re.search(r"\w", words[0]) or words[0].lower() in R.TIME_WORDS):
        words = words[1:]  # "∎ State media", "― Name", "Monday Name"
    if len(words) > 2 and words[-2] == "on" and words[-1].lower() in R.TIME_WORDS:
        words = words[:-2]  # "the newcomer on Monday": the day is when, not who
    if words and _POSSESSIVE.search(words[-1]):
        return None  # "Name's": what follows is theirs, not them
    owner = 1 if words[:1] and words[0].lower() in R.DETERMINERS else 0
    if len(words) > owner + 1 and _POSSESSIVE.search(words[owner]) and _name_run(words[owner + 1 :]):
        words = words[owner + 1 :]  # "the Group's Name", "Name's Homeland Department": the one named
    based = next((k for k, w in enumerate(words) if w.endswith("-based")), None)
    if based is not None and _name_run(words[based + 1 :]):  # "the City-based Name Center"
        words = words[based + 1 :]
    source = _FROM_SOURCE.match(" ".join(words).lower()) if len(words) > 2 else None
    if source:  # "One recent report from Name", "A statement from the council": they speak
        publisher = _subject(" ".join(words[-len(source.group(1).split()) :]), at)
        if publisher and publisher.kind != "document":
            return publisher
    lead = 1 if len(words) > 2 and words[0].lower() in R.DETERMINERS else 0
    head = bare(words[lead]) if words else ""
    if len(words) > lead + 1 and head in R.DOCUMENT_NOUNS and re.search(r"(?:ed|ing)$", words[lead + 1]):
        return Found(head, None, "document", at)  # "the study published Monday in …", however long
    if len(words) > R.MAX_SPEAKER_WORDS:  # "former X and former Y Director Name": the name after the title
        titled = [k for k, w in enumerate(words) if bare(w) in R.TITLE_WORDS]
        rest = _person(words[titled[-1] + 1 :]) if titled else []  # "… professor Name from the X in Y"
        if 2 <= len(rest) <= 4 and _name_run(rest) and kind_of(rest) == "person":
            return Found(" ".join(rest), None, "person", at)
        return None
    if any(w.lower() in R.NUMBER_WORDS or w.isdigit() for w in words[:1]):
        counted = _subject(" ".join(words[1:]), at) if len(words) > 2 else None  # "four industry sources"
        return counted if counted and counted.kind == "group" and bare(words[-1]) in R.GROUP_WORDS else None
    if len(words) == 1 and words[0].lower() in R.PRONOUNS:
        return Found(words[0].lower(), None, "pronoun", at)
    tail = _NAMED_AFTER_ORG.search(" ".join(words))  # "The head of the Agency Name Surname"
    if tail and kind_of(tail.group(2).split()) == "person":
        return Found(tail.group(2), tail.group(1).strip(), "person", at)
    description = _definite(words)
    if description:  # "the doctor", "the agency", "the 76-year-old from Town": someone named before
        return Found(description, None, "definite", at)
    body = words
    while body and body[0].lower() in R.DETERMINERS:
        body = body[1:]
    if not body or _participle_phrase(body):
        return None  # "Speaking at the Fair" is no one
    definite = len(body) < len(words)  # "The Name Republic": a proper name after "the" is not a person
    for k in range(min(2, len(body) - 1)):  # "a source involved in the talks", "US officials familiar with"
        head = bare(body[k])
        if head in R.GROUP_WORDS | R.DOCUMENT_NOUNS and (k == 0 or _capitalised(body[0])) and (
            body[k + 1].lower() in _QUALIFIERS or re.search(r"(?:ed|ing)$", body[k + 1])
        ):
            phrase = " ".join(bare(w) if w is body[k] else w for w in body[: k + 1])
            return Found(phrase, None, "document" if head in R.DOCUMENT_NOUNS else "group", at)
    head = bare(body[0])
    titled = [k for k, w in enumerate(body) if titles(body, k)
              or 0 < k < len(body) - 2 and _is_title(w) or party_title(body, k)]  # fmt: skip
    if titled:  # the last title, or the one an organisation follows ("a spokesperson for the mayor")
        k = next((t for t in titled if body[t + 1 : t + 2] and body[t + 1].lower() in _OF_WHOM), titled[-1])
        rest = body[k + 1 :]
        if rest and rest[0].lower() in _OF_WHOM:  # "a spokesperson for the X"
            org = [w for n, w in enumerate(rest[1:]) if n or w.lower() not in R.DETERMINERS]
            principal = _definite(rest[1:])
            if principal:  # "a spokesperson for the mayor": the mayor named before
                return Found(principal, None, "definite", at)
            for cut in range(1, len(org) - 1):  # "Secretary of State Name": a title of an office
                office = org[0] == rest[1] and not _CONNECTORS & set(org[:cut])  # not "X & Name"
                if office and _name_run(org[cut:]) and kind_of(org[cut:]) == "person":
                    return Found(" ".join(org[cut:]), " ".join([*body[: k + 2], *org[:cut]]), "person", at)
            if _name_run(org) or len(org) > 1 and _name_run(org[:-1]) and org[-1] in R.INSTITUTION_NOUNS:
                return Found(" ".join(org), " ".join(body[: k + 1]), "group", at)  # "… for the X government"
            return None
        name = _person(rest)  # "professor Name from the University": the name
        if _name_run(name):
            return Found(" ".join(name), " ".join(body[: k + 1]), kind_of(name), at)
    place = next((k for k, w in enumerate(body) if k and w in _WHEN_WHERE), None)
    if place and _name_run(body[:place]) and kind_of(body[:place]) == "person" and not definite:
        return Found(" ".join(body[:place]), None, "person", at)  # "Name in his statement", "Name on Monday"
    if place and _name_run(body[:place]) and (definite or kind_of(body[:place]) == "group") and not (
        _name_run(body)  # "the Center for Human Rights in Place" is one name
    ):
        return Found(" ".join(body[:place]), None, "group", at)  # "the Fire Service in neighbouring Place"
    if _name_run(body):
        name = _person(body)
        return Found(" ".join(name), None, "group" if definite else kind_of(name), at)
    if len(body) == 2 and titles(body, 1) and body[0] in R.INSTITUTION_NOUNS:
        return Found(body[0], None, "definite", at)  # "a ministry spokesperson": the ministry named before
    if len(body) > 1 and titles(body, len(body) - 1) and _name_run(body[:-1]):
        if _POSSESSIVE.search(body[-2]):
            return None  # "Name's lawyer": someone unnamed
        return Found(" ".join(body[:-1]), body[-1], "group", at)  # "the Company spokesperson"
    named = next((k for k in range(1, len(body))
                  if _name_run(body[k:]) and all(w.islower() for w in body[:k])), None)  # fmt: skip
    described_by = {w.lower() for w in body[:named]} if named is not None else set()
    if definite and named is not None and not described_by & (_CONNECTORS | R.PREPOSITIONS | R.RELATIVES):
        # "the data app Name": a described name (not "a majority of those who back Name": a group)
        return Found(" ".join(body[named:]), " ".join(body[:named]), kind_of(body[named:]), at)
    plain = named is not None and named <= 3 and not described_by & (
        _CONNECTORS | R.PREPOSITIONS | R.CLAUSE_OPENERS | R.SPEECH_VERBS
    )
    if named is not None and plain and 2 <= len(body) - named <= 4 and kind_of(body[named:]) == "person":
        return Found(" ".join(body[named:]), " ".join(body[:named]), "person", at)  # "columnist Name Surname"
    described = next((k for k in range(2, len(body) - 1) if body[0][:1].isupper() and _name_run(body[k:])
                      and all(w.islower() and w not in _CONNECTORS for w in body[1:k])), None)  # fmt: skip
    if described and kind_of(_person(body[described:])) == "person" and len(_person(body[described:])) > 1:
        name = _person(body[described:])  # "Country figure skater Name Surname"
        return Found(" ".join(name), " ".join(body[:described]), "person", at)
    last = bare(body[-1])
    singular = f"{last[:-3]}y" if last.endswith("ies") else last[:-1]  # "studies", "polls"
    if last in R.DOCUMENT_NOUNS and len(body) > 1 and _POSSESSIVE.search(body[-2]) and _name_run(body[:-1]):
        author = [*body[:-2], re.sub(r"[’']s?$", "", body[-2])]  # "Name's letter said": Name speaks in it
        return Found(" ".join(author), None, kind_of(author), at)
    if last in R.DOCUMENT_NOUNS and len(body) > 1 and _name_run(body[:-1]) and kind_of(body[:-1]) == "group":
        return Found(" ".join(body[:-1]), None, "group", at)  # "the Agency statement said": the Agency's
    if (last in R.DOCUMENT_NOUNS or singular in R.DOCUMENT_NOUNS) and all(
        w.lower() not in R.SPEECH_VERBS for w in body
    ):  # "the study", "polls"
        return Found(last, None, "document", at)
    plural = last.endswith("s") and last[:-1] in R.TITLE_WORDS  # "doctors", "lawyers"
    if (last in R.GROUP_WORDS or plural) and all(
        _capitalised(w) or w.islower() and len(body) <= 4 for w in body
    ):  # fmt: skip
        return Found(" ".join(body), None, "group", at)
    if words[0].lower() in ("a", "an") and titles(body, len(body) - 1) and all(w.islower() for w in body):
        return Found(" ".join(body), None, "group", at)  # "a reporter asked": someone unnamed
    plural = body[-1].endswith("s") and not body[-1].endswith("ss") and len(body) <= 2
    if words[0].lower() in _QUANTIFIERS and plural and all(w.isalpha() and w.islower() for w in body):
        return Found(" ".join(body), None, "group", at)  # "many travellers say": a group unnamed
    return None


def _definite(words: list[str]) -> str | None:
    """The head of a description that stands for someone named before ("the doctor", "the agency",
    "the 911 dispatcher from Place", "the 76-year-old"), or None.
    """
    cut = next((k for k, w in enumerate(words) if k > 1 and w in ("from", "of", "in", "at", "who")), None)
    words = words[:cut]
    if not 2 <= len(words) <= 4 or words[0].lower() != "the":
        return None
    head = words[-1]
    person = head in R.TITLE_WORDS and head not in R.INSTITUTION_NOUNS  # "the US anti-doping chief"
    if not all(w.islower() or w[:1].isdigit() or person and w != head for w in words[1:]):
        return None
    return head if head in R.TITLE_WORDS or head in R.INSTITUTION_NOUNS or AGE.fullmatch(head) else None


def kind_of(name: list[str]) -> str:
    """"person" for a plain personal name (2–4 capitalised words or initials, no acronym or
    institution word).
    """
    if len(name) > 2 and name[-1] in _NUMERAL_SUFFIXES:
        name = name[:-1]  # "Name Surname III"
    plain = [bare(w) for w in name]
    if any(w in R.ORGANISATION_WORDS or w in R.GROUP_WORDS for w in plain):
        return "group"
    if any(w.isupper() and len(w.rstrip(".")) > 1 for w in name) or any(
        w.lower() in _CONNECTORS - PARTICLES for w in name  # "Bank of X", "The X"; not "Name van Surname"
    ):
        return "group"
    return "person" if len(name) <= 4 else "group"
