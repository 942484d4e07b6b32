"""Who speaks in each sentence of an article: a quoted person, a group, a document, or the outlet.

Rules of news grammar, applied sentence by sentence in document order (word lists in
:mod:`assistant.attribution_rules`):

- a speech verb with its subject, before it or after it: ``"…," Zhu said``; ``said Name, role``;
  ``X noted that …``; ``X told Y``; ``according to X``; ``X published a report, saying …``;
- a pronoun subject (``he said``) stands for the most recent person named before it; a surname
  (``Zhu said``) for the full name given earlier;
- a sentence inside a quotation takes the speaker of that quotation, or of the sentence before
  it when the quotation opens right after an attributed sentence;
- the role comes from a title before the name (``Finance Minister Name``) or an apposition
  (``Name, the former deputy director of X,``), and stays with the name for the whole article;
- anything else is the article's own voice: the outlet.

Quoted words are masked before the frame around them is read, so a nested quote never decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant import attribution_rules as R
from assistant.text.sentences import Span, split_sentences
from assistant.types import Document

OUTLET = "outlet"  # the kind of an attribution to the article's own voice
_QUOTE = "\x00"  # stands for a masked quotation inside a frame
_SPLIT_CLAUSE = re.compile(rf"[,;:—–()\[\]{_QUOTE}]|\b(?:{'|'.join(R.SUBORDINATORS)})\b")
_WORD = re.compile(r"[a-z][a-z-]*")  # speech verbs are lower case in prose ("States" is a name)
_ACCORDING = re.compile(r"\baccording to\s+([^,;:\x00]+?)\s*(?:[,;:]|\.?\s*$)", re.I)
_PUBLISH = re.compile(
    rf"\s*(.+?)\s+(?:{'|'.join(sorted(R.PUBLISH_VERBS))})\s+(?:a|an|its|the|their)\s+(?:[\w-]+\s+)?"
    rf"(?:{'|'.join(sorted(R.DOCUMENT_NOUNS))})\b"
)
_RELATIVE = ("who", "which", "whose")
_FROM_SOURCE = re.compile(
    rf"(?:an?|the|their|its)\s+(?:[\w-]+\s+){{0,2}}(?:{'|'.join(sorted(R.DOCUMENT_NOUNS))}|e-?mail|excerpt)"
    rf"\s+(?:from|by)\s+(.+)$"
)
_AGE_OR_PARTY = re.compile(r"\d+|[A-Z]-[A-Z][\w.-]*")  # "Name, 38," / "Name, R-Iowa,"
_CONNECTORS = frozenset("of for and de da del van von der al bin la le the at on in".split())


@dataclass(frozen=True)
class Attribution:
    """Who a sentence speaks for. ``kind`` is how that was found; ``"outlet"`` is the article's voice."""

    speaker: str | None
    role: str | None = None
    via: str | None = None
    kind: str = OUTLET

    @property
    def quoted(self) -> str | None:
        """The speaker when someone other than the outlet speaks, else None."""
        return None if self.kind == OUTLET else self.speaker


@dataclass(frozen=True)
class AttributedSentence:
    span: Span
    attribution: Attribution


@dataclass(frozen=True)
class _Found:
    name: str
    role: str | None
    kind: str  # "person" | "group" | "document" | "pronoun" | "definite" ("the doctor")
    at: int = 0  # where in the frame the subject stands (pronouns take names before it)


def attribute_document(doc: Document) -> list[AttributedSentence]:
    """Every sentence of ``doc`` with its speaker (front matter ``via`` and ``cites.outlet`` used)."""
    return attribute_text(doc.text, doc.outlet, cited_outlet(doc.extra), via_of(doc.extra))


def via_of(extra: dict[str, object]) -> str | None:
    """The provenance chain from front matter ``via`` (checked by the loaders), or None."""
    value = extra.get("via")
    return value if isinstance(value, str) and value.strip() else None


def cited_outlet(extra: dict[str, object]) -> str:
    """The outlet a document says it relays (front matter ``cites: {outlet: ...}``), or ""."""
    cites = extra.get("cites")
    first = cites[0] if isinstance(cites, list) and cites else cites
    return str(first.get("outlet") or "") if isinstance(first, dict) else ""


def attribute_text(text: str, outlet: str = "", cited: str = "",
                   via: str | None = None) -> list[AttributedSentence]:  # fmt: skip
    """Every sentence of ``text`` with its :class:`Attribution` (see the module docstring)."""
    spans = split_sentences(text)
    frames = _frames(spans, text)
    voice = Attribution(outlet or None)
    context = _Context(cited, outlet)
    found: list[Attribution | None] = []
    for i, (frame, _, _) in enumerate(frames):
        context.remember(frame, i)
        raw = _find(frame)
        found.append(context.resolve(raw, i, via) if raw else None)
    for i, (frame, starts_inside, _) in enumerate(frames):
        if found[i] is None and (starts_inside or _pure_quote(frame)):
            found[i] = _carried(i, frames, found, spans, text)
    roles = context.roles
    out = []
    for span, a in zip(spans, found):
        if a is None:
            a = voice
        elif a.role is None and a.speaker in roles:
            a = replace(a, role=roles[a.speaker])
        out.append(AttributedSentence(span, a))
    return out


# --- quotations --------------------------------------------------------------------------------


def _frames(spans: list[Span], text: str) -> list[tuple[str, bool, bool]]:
    """Each sentence with its quotations masked, whether it starts and ends inside a quotation."""
    out: list[tuple[str, bool, bool]] = []
    inside = False
    for k, span in enumerate(spans):
        new_paragraph = k == 0 or "\n" in text[spans[k - 1].end : span.start]
        body = span.text
        if new_paragraph and inside:  # a quotation runs on only if the paragraph reopens it
            inside = body[:1] in "“\""
            body = body[1:] if inside else body
        starts = inside
        chars = [f" {_QUOTE} "] if inside else []
        for ch in body:
            if ch == "“" or (ch == '"' and not inside):
                if not inside:
                    chars.append(f" {_QUOTE} ")
                inside = True
            elif ch == "”" or ch == '"':
                inside = False
            elif not inside:
                chars.append(ch)
        out.append(("".join(chars), starts, inside))
    return out


def _pure_quote(frame: str) -> bool:
    return _QUOTE in frame and not re.search(r"[A-Za-z]", frame.replace(_QUOTE, ""))


def _carried(i: int, frames: list[tuple[str, bool, bool]], found: list[Attribution | None],
             spans: list[Span], text: str) -> Attribution | None:  # fmt: skip
    """The speaker of the quotation sentence ``i`` is in: a sentence of the same run, or the
    attributed sentence just before the run.
    """
    first = i
    while first > 0 and frames[first][1]:
        first -= 1
    last = i
    while last + 1 < len(frames) and frames[last + 1][1]:
        last += 1
    for j in [*range(i + 1, last + 1), *range(i - 1, first - 1, -1)]:
        if found[j] is not None:
            return replace(found[j], kind="carried")  # type: ignore[arg-type]
    before = first - 1
    previous = found[before] if before >= 0 else None
    return replace(previous, kind="carried") if previous is not None else None


# --- the frame around the quotations -----------------------------------------------------------


def _find(frame: str) -> _Found | None:
    """The speaker a sentence's frame names, before resolving pronouns and surnames."""
    publish = _PUBLISH.match(frame)
    if publish:
        subject = _subject(publish.group(1), publish.start(1))
        if subject:
            return subject
    for verb in _WORD.finditer(frame):  # "Name said …, according to Agency": Name speaks, relayed
        word = verb.group()
        if word not in R.SPEECH_VERBS and word not in R.DOCUMENT_VERBS:
            continue
        subject = _before(frame[: verb.start()], participle=word.endswith("ing"))
        if subject is None and not _clause(frame[: verb.start()]):
            subject = _after(frame[verb.end() :], verb.end())
        if subject and (word in R.SPEECH_VERBS or subject.kind == "document"):
            return subject
    according = _ACCORDING.search(frame)
    if according:
        np = according.group(1)
        source = _FROM_SOURCE.match(np)  # "according to a statement from Name": Name speaks
        subject = _subject(source.group(1), according.start(1)) if source else None
        return subject or _subject(np, according.start(1))
    return None


def _trim(pre: str) -> str:
    """``pre`` without trailing auxiliaries and adverbs ("Name has also", "experts increasingly")."""
    words = pre.split()
    while words and (words[-1].lower() in R.AUXILIARIES or words[-1].lower().endswith("ly")):
        words.pop()
    return " ".join(words)


def _clause(pre: str) -> str:
    """The last clause of ``pre`` (trimmed), without leading openers ("However, he")."""
    clause = _SPLIT_CLAUSE.split(_trim(pre))[-1].split()
    while clause and clause[0].lower() in R.CLAUSE_OPENERS:
        clause.pop(0)
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
        _is_role(part) or _AGE_OR_PARTY.fullmatch(part)
        or first.lower() in (*_RELATIVE, "of", "from", "in", "at", "formerly")
        or first.endswith("ing") and first.islower() or part == _QUOTE
    )  # fmt: skip


def _leading_subject(clause: list[str], at: int) -> _Found | None:
    """The subject at the start of a clause ("Name asked questions and said"; "Name hit back, saying")."""
    while clause and clause[0].lower() in R.CLAUSE_OPENERS:
        clause = clause[1:]
    for n in range(1, min(len(clause), 5)):
        subject = _subject(" ".join(clause[:n]), at)
        if subject and subject.kind in ("pronoun", "person", "definite"):
            return subject
    return None


def _before(pre: str, participle: bool = False) -> _Found | None:
    """The subject just before a speech verb; appositions, ages, origins and relative clauses set
    off by commas between them ("Name, 38, the former director of X, said") are set aside, the
    first role-like one kept as the role. A participle ("…, saying") takes the sentence's subject.
    """
    trimmed = _trim(pre)
    at = len(trimmed) - len(_clause(pre))
    if trimmed.endswith(_QUOTE) and "," in trimmed:  # "Name, speaking on “Show,” said": the comma sits inside
        trimmed += ","
    if not trimmed.endswith(","):
        clause = _clause(pre).split()
        if clause[-1:] in (["and"], ["but"]):
            return _leading_subject(clause, at)
        return _subject(" ".join(clause), at)
    parts = trimmed[:-1].split(",")
    found: _Found | None = None
    for j in range(len(parts) - 1, 0, -1):
        head, inner = ",".join(parts[:j]), [p.strip() for p in parts[j:]]
        relative = next((k for k, p in enumerate(inner) if p.split()[:1] and p.split()[0] in _RELATIVE), None)
        if not all(_parenthetical(p) or relative is not None and k > relative for k, p in enumerate(inner)):
            continue  # the parts after "who ..." belong to that clause ("who is from City, State,")
        if _AGE_OR_PARTY.fullmatch(_clause(head)):
            continue
        subject = _subject(_clause(head), len(head) - len(_clause(head)))
        if subject:
            role = next((_role(p) for p in inner if _is_role(p)), None)
            found = replace(subject, role=subject.role or role)
            if subject.kind == "person":
                return found
    if found:
        return found
    if len(parts) >= 2:  # "The Chief, Name, said"
        head = ",".join(parts[:-1])
        named, title = _subject(parts[-1].strip(), len(head) + 1), _clause(head)
        if named and named.kind == "person" and _has_title(title):
            return replace(named, role=named.role or _role(title))
    if participle:
        return _leading_subject(_SPLIT_CLAUSE.split(trimmed)[0].split(), 0)
    return None


def _after(post: str, at: int) -> _Found | None:
    """The subject after an inverted speech verb (``…," said Name, role, in a statement.``)."""
    post = re.sub(rf"^(\s*(?:{'|'.join(R.HONORIFICS)}))\.", r"\1", post)  # "said Dr. Name"
    head = re.split(r"[,;:\x00]|\.(?:\s|$)", post, maxsplit=1)[0]
    head = re.split(r"\s(?:in|on|at|during|from|after|before|when|while|last|via|through|to)\s",
                    f" {head} ", maxsplit=1)[0]  # fmt: skip
    subject = _subject(head.strip(), at)
    if subject is None:
        return None
    rest = post.strip()[len(head.strip()) :]
    role = re.match(r"\s*,\s*([^.;\x00]+?)\s*(?:,\s*(?:in|on|at|during|via)\b|[.;]|$)", rest)
    if role and _is_role(role.group(1)) and subject.kind == "person":
        return replace(subject, role=subject.role or _role(role.group(1)))
    return subject


def _bare(word: str) -> str:
    return word.strip(".,;:’'\"()").lower()


def _is_title(word: str) -> bool:
    bare = _bare(word)
    return bare in R.TITLE_WORDS or len(bare) > 5 and bare.endswith(R.TITLE_SUFFIXES)


def _has_title(words: str) -> bool:
    return any(_bare(w) in R.TITLE_WORDS for w in words.split())


def _is_role(text: str) -> bool:
    words = text.split()
    if not words or len(text) > R.MAX_ROLE_CHARS:
        return False
    return words[0].lower() in ("a", "an", "the", "former", "then") or _has_title(text)


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
    """A personal name without what follows it ("Name of Place" -> "Name")."""
    for k, w in enumerate(words):
        if w in ("of", "from") and k >= 2 and _kind(words[:k]) == "person":
            return words[:k]
    return words


def _subject(np: str, at: int = 0) -> _Found | None:
    """A noun phrase as a speaker: a pronoun, a (titled) name, a group, a document, or a definite
    description ("the doctor") to resolve; else None.
    """
    words = np.strip(" ,.").split()
    if not words or len(words) > R.MAX_SPEAKER_WORDS:
        return None
    if any(w.lower() in R.NUMBER_WORDS for w in words[:1]):
        return None  # "Eight states ...": a count, not a speaker
    if len(words) == 1 and words[0].lower() in R.PRONOUNS:
        return _Found(words[0].lower(), None, "pronoun", at)
    if 2 <= len(words) <= 4 and words[0].lower() == "the" and all(w.islower() for w in words[1:]) and (
        words[-1] in R.TITLE_WORDS or words[-1] in R.INSTITUTION_NOUNS
    ):  # "the doctor", "the agency", "the foreign minister": someone named before
        return _Found(words[-1], None, "definite", at)
    body = words
    while body and body[0].lower() in R.DETERMINERS:
        body = body[1:]
    if not body:
        return None
    definite = len(body) < len(words)  # "The Name Republic": a proper name after "the" is not a person
    head = _bare(body[0])
    if head in R.GROUP_WORDS | R.DOCUMENT_NOUNS and len(body) > 1 and (
        body[1].lower() in ("with", "in", "for", "from", "at", "close") or re.search(r"(?:ed|ing)$", body[1])
    ):  # "a source involved in the talks", "officials familiar with the matter"
        return _Found(head, None, "document" if head in R.DOCUMENT_NOUNS else "group", at)
    titled = [k for k, w in enumerate(body) if _bare(w) in R.TITLE_WORDS
              or k < len(body) - 2 and w[:1].isupper() and _is_title(w)]  # fmt: skip
    if titled:
        k = titled[-1]
        rest = body[k + 1 :]
        if rest and rest[0].lower() in ("for", "of", "at", "from"):  # "a spokesperson for the X"
            org = [w for n, w in enumerate(rest[1:]) if n or w.lower() not in R.DETERMINERS]
            for cut in range(1, len(org) - 1):  # "Secretary of State Name": a title of an office
                if org[0] == rest[1] and _name_run(org[cut:]) and _kind(org[cut:]) == "person":
                    return _Found(" ".join(org[cut:]), " ".join([*body[: k + 2], *org[:cut]]), "person", at)
            if _name_run(org):
                return _Found(" ".join(org), " ".join(body[: k + 1]), "group", at)
            return None
        if _name_run(rest):
            name = _person(rest)
            return _Found(" ".join(name), " ".join(body[: k + 1]), _kind(name), at)
    if _name_run(body):
        name = _person(body)
        return _Found(" ".join(name), None, "group" if definite else _kind(name), at)
    if len(body) > 1 and _bare(body[-1]) in R.TITLE_WORDS and _name_run(body[:-1]):
        return _Found(" ".join(body[:-1]), body[-1], "group", at)  # "the Company spokesperson"
    named = next((k for k in range(1, len(body))
                  if _name_run(body[k:]) and all(w.islower() for w in body[:k])), None)  # fmt: skip
    if definite and named is not None:  # "the data app Name": a described name
        return _Found(" ".join(body[named:]), " ".join(body[:named]), _kind(body[named:]), at)
    last = _bare(body[-1])
    if last in R.DOCUMENT_NOUNS and all(w.lower() not in R.SPEECH_VERBS for w in body):
        return _Found(last, None, "document", at)
    if last in R.GROUP_WORDS and all(_capitalised(w) or w.islower() and len(body) <= 3 for w in body):
        return _Found(" ".join(body), None, "group", at)
    return None


def _kind(name: list[str]) -> str:
    """"person" for a plain personal name (2–4 capitalised words, no acronym or institution word)."""
    bare = [_bare(w) for w in name]
    if any(w in R.ORGANISATION_WORDS or w in R.GROUP_WORDS for w in bare):
        return "group"
    if any(w.isupper() and len(w) > 1 for w in name) or any(w in _CONNECTORS for w in name):
        return "group"
    return "person" if len(name) <= 4 else "group"


# --- names across the article -------------------------------------------------------------------

_NAME_WORD = r"[A-Z][a-z]*[A-Z]?[a-z’'-]+"  # Smith, McBride, DeSantis, O'Neil
_MENTION = re.compile(rf"(?:{_NAME_WORD}\.?\s+){{0,4}}[A-Z][a-z]*[A-Z]?[a-z-]+(?:[’'][a-z-]+)?")
# An organisation's name, connectors allowed ("University of Arizona").
_ORGANISATION = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:(?:of|for|and|the|on)\s+)*[A-Z][\w’'-]*)*")


class _Context:
    """What earlier sentences named: full names, the people and groups in order (with their place
    and whether they spoke), and the roles the article gives them.
    """

    def __init__(self, cited: str, outlet: str) -> None:
        self.cited = cited
        self.outlet = outlet.lower()
        self.outlets = {o.lower() for o in (cited, outlet) if o}
        self.names: list[str] = []  # personal names given in full (two words or more), in order
        self.known: set[str] = set()  # those that spoke or came with a title or role
        # (sentence, spoke, place in its frame, name): who a pronoun may stand for
        self.people: list[tuple[int, bool, int, str]] = []
        self.groups: list[tuple[int, bool, int, str]] = []
        self.roles: dict[str, str] = {}
        self.organisations: list[str] = []  # organisations named, in order ("University of X")

    def full_name(self, word: str) -> str | None:
        """The most recent full name ending in ``word`` ("Gold" -> "Jonathan Gold"), or having it
        as any word when that person spoke or was introduced ("Zhu" -> "Zhu Min").
        """
        return next((n for n in reversed(self.names)
                     if n.split()[-1] == word or n in self.known and word in n.split()), None)  # fmt: skip

    @staticmethod
    def _recent(pool: list[tuple[int, bool, int, str]], i: int, at: int) -> str | None:
        """The latest sentence's speaker, else its first (subject) mention, before ``(i, at)``."""
        before = [e for e in pool if (e[0], e[2]) < (i, at) and i - e[0] <= R.PRONOUN_LOOKBACK]
        if not before:
            return None
        latest = [e for e in before if e[0] == before[-1][0] or e[0] == max(x[0] for x in before)]
        return min(latest, key=lambda e: (not e[1], e[2]))[3]

    def resolve(self, raw: _Found, i: int, via: str | None) -> Attribution | None:
        if raw.kind == "pronoun":
            person = R.PRONOUNS[raw.name] == "person"
            name = self._recent(self.people if person else self.groups, i, raw.at)
            found = Attribution(name, None, via, "pronoun") if name else None
        elif raw.kind == "definite":  # "the doctor said": the last person; "the agency": the last group
            person = raw.name in R.TITLE_WORDS and raw.name not in R.INSTITUTION_NOUNS
            titled = [n for _, _, _, n in self.people if raw.name in self.roles.get(n, "").lower().split()]
            named = titled if person else [o for o in self.organisations if raw.name in o.lower().split()]
            pool = self.people if person else self.groups
            name = named[-1] if named else self._recent(pool, i, raw.at)
            found = Attribution(name or raw.name, None, via, "pronoun" if name else "reported")
        else:
            name, kind = raw.name, raw.kind
            if kind == "document":
                name = self.cited or name
            elif name.lower() == self.outlet:
                return None  # "ZH reported, citing ...": the outlet's own voice
            elif name.lower() in self.outlets:
                kind = "group"
            elif len(name.split()) == 1 and self.full_name(name):
                name, kind = self.full_name(name) or name, "person"
            if raw.role and name not in self.roles:
                self.roles[name] = raw.role
            found = Attribution(name, raw.role, via, "reported" if kind != "document" else "document")
            if kind == "person":
                self.names.append(name)
                self.known.add(name)
        if found and found.speaker and found.kind != "document":
            resolved = raw.kind in ("pronoun", "definite")
            person = raw.kind == "person" or resolved and found.speaker in self.names
            (self.people if person else self.groups).append((i, True, raw.at, found.speaker))
        return found

    def remember(self, frame: str, i: int) -> None:
        """Note the personal names a sentence's frame mentions (for surnames and pronouns)."""
        for org in _ORGANISATION.finditer(frame):
            words = org.group().split()
            while words and words[0].lower() in R.DETERMINERS | R.OBJECT_MARKERS | R.CLAUSE_OPENERS:
                words.pop(0)
            if any(_bare(w) in R.ORGANISATION_WORDS for w in words):
                self.organisations.append(" ".join(words))
        for run in _MENTION.finditer(frame):
            words = run.group().split()
            words[-1] = re.sub(r"[’']s$", "", words[-1])  # "Name's report"
            lead = frame[: run.start()].split()[-1:]
            while words and words[0].lower() in R.DETERMINERS | R.OBJECT_MARKERS | R.CLAUSE_OPENERS:
                lead = [words.pop(0)]  # "Both Name", "In Place", "The Ship Name"
            titled = [k for k, w in enumerate(words) if _bare(w) in R.TITLE_WORDS]
            preceding = frame[: run.start()].rstrip()
            has_title = bool(titled) or bool(lead and _bare(lead[0]) in R.TITLE_WORDS) or (
                preceding.endswith(",") and _has_title(_SPLIT_CLAUSE.split(preceding[:-1])[-1])
            )  # "the executive director of X, Name,"
            words = words[titled[-1] + 1 :] if titled else words  # "Board Chairman Name" -> "Name"
            if not words or _kind(words) != "person":
                continue
            after = frame[run.end() :].split()[:1]
            if after and after[0].islower() and _bare(after[0]).rstrip("s") in R.TITLE_WORDS | R.GROUP_WORDS:
                continue  # a name used as an adjective: "Native American leaders"
            if lead and (lead[0].lower() in R.DETERMINERS or lead[0][:1].isdigit()):
                continue  # not a person ("the Name Ship", "8 Name Drive")
            name = " ".join(words) if len(words) > 1 else self.full_name(words[0])
            if name is None or name.lower() in self.outlets:
                continue
            role = re.match(r",\s*(?:the|a|an)\s+([^,]{3,160}),", frame[run.end() :])
            if role and _has_title(role.group(1)):
                self.roles.setdefault(name, role.group(1).strip())
            if len(words) > 1:
                self.names.append(name)
                if has_title or role:  # introduced as a person
                    self.known.add(name)
            if name in self.known and not (lead and lead[0].lower() in R.OBJECT_MARKERS):
                self.people.append((i, False, run.start(), name))  # not "the death of Name"
