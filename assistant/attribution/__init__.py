"""Who speaks in each sentence of an article: a quoted person, a group, a document, or the outlet.

Rules of news grammar, applied sentence by sentence in document order (word lists in
:mod:`assistant.attribution.rules`; the frame around quotations
in :mod:`.subjects`, names across the article in :mod:`.names`):

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
import unicodedata
from dataclasses import replace

from assistant.text.sentences import Span, split_sentences
from assistant.types import Document

from . import rules as R
from .base import OUTLET, AttributedSentence, Attribution
from .names import LOWER, UPPER, Names
from .rules import DETERMINERS
from .subjects import QUOTE, find_speaker, named_subject

_DOUBLED_OPEN = re.compile(r"‘‘|``")
_DOUBLED_CLOSE = re.compile(r"’’|''")
_NICKNAME = re.compile(rf"([{UPPER}][{LOWER}]+) [“\"][{UPPER}][{LOWER}.’'-]*[”\"] (?=[{UPPER}])")

__all__ = ["DETERMINERS", "OUTLET", "AttributedSentence", "Attribution", "attribute_document",
           "attribute_text", "cited_outlet", "via_of"]


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
    context = Names(cited, outlet)
    context.survey([frame for frame, _, _ in frames])
    found: list[Attribution | None] = []
    for i, (frame, _, _) in enumerate(frames):
        context.remember(frame, i)
        raw = find_speaker(frame)
        resolved = context.resolve(raw, i, via) if raw else None
        if raw and resolved is None and raw.kind == "pronoun" and R.PRONOUNS[raw.name] == "group":
            subject = named_subject(frame)  # "Country will not …, it said": no group before it
            resolved = Attribution(subject.name, None, via, "pronoun") if subject else None
        found.append(resolved)
        if raw is None:
            context.carry_subject(frame, i)  # "He joked …": the person stays the one "he said" means
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
        if a.speaker:  # the full name, in one spelling however its accents were typed
            a = replace(a, speaker=unicodedata.normalize("NFC", context.completed(a.speaker)))
        out.append(AttributedSentence(span, a))
    return out


# --- quotations --------------------------------------------------------------------------------


def _frames(spans: list[Span], text: str) -> list[tuple[str, bool, bool]]:
    """Each sentence with its quotations masked, whether it starts and ends inside a quotation."""
    out: list[tuple[str, bool, bool]] = []
    inside = False
    for k, span in enumerate(spans):
        new_paragraph = k == 0 or "\n" in text[spans[k - 1].end : span.start]
        body = _DOUBLED_CLOSE.sub("”", _DOUBLED_OPEN.sub("“", span.text))  # ‘‘…’’ typed for “…”
        body = _NICKNAME.sub(r"\1 ", body)  # Name “Nick” Surname: the nickname is no quotation
        if new_paragraph and inside:  # a quotation runs on only if the paragraph reopens it
            inside = body[:1] in "“\""
            body = body[1:] if inside else body
        starts = inside
        chars = [f" {QUOTE} "] if inside else []
        for ch in body:
            if ch == "“" or (ch == '"' and not inside):
                if not inside:
                    chars.append(f" {QUOTE} ")
                inside = True
            elif ch == "”" or ch == '"':
                inside = False
            elif not inside:
                chars.append(ch)
        out.append(("".join(chars), starts, inside))
    return out


def _pure_quote(frame: str) -> bool:
    """A quotation with nothing around it but connectives ("But then again, “…”")."""
    words = re.findall(r"[A-Za-z]+", frame.replace(QUOTE, " "))
    return QUOTE in frame and all(w.lower() in R.CLAUSE_OPENERS | R.AUXILIARIES for w in words)


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
    after = last + 1  # "“…” ¶ Name said.", "“…?” ¶ asked Name, …": the sentence saying who spoke
    words = frames[after][0].replace(QUOTE, " ").split() if after < len(frames) else []
    closing = [after] if _only_says_who(words) else []
    for j in [*range(i + 1, last + 1), *range(i - 1, first - 1, -1), *closing]:
        if found[j] is not None:
            return replace(found[j], kind="carried")  # type: ignore[arg-type]
    # A quotation is always someone's words: the speaker quoted last before it, if near.
    for j in range(first - 1, max(first - 1 - R.QUOTE_LOOKBACK, -1), -1):
        earlier = found[j]
        if earlier is not None:
            return replace(earlier, kind="carried")
    return None


def _only_says_who(words: list[str]) -> bool:
    """Whether a sentence only says who spoke ("Name said.", "said Name, role, in a statement."),
    not what ("Name said the vote would fail."), nor is a heading (no final period).
    """
    if not words or not words[-1].endswith("."):
        return False
    if words[0] in R.SPEECH_VERBS:
        return True
    verb = next((k for k, w in enumerate(words) if w.strip(".,") in R.SPEECH_VERBS), None)
    trailer = words[verb + 1 :] if verb is not None else []
    if verb is not None and words[verb].startswith(("told", "tell")):  # "told (the) reporters in …"
        trailer = trailer[2 if trailer[:1] and trailer[0].lower() in R.DETERMINERS else 1 :]
    return verb is not None and len(words) <= R.MAX_SPEAKER_WORDS and (
        len(trailer) <= 1 or trailer[0] in R.PREPOSITIONS or trailer[0].endswith(",")
    )


# --- the frame around the quotations -----------------------------------------------------------
