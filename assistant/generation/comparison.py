"""Comparison answers: the evidence for each side a question compares, and who speaks in a sentence.

A side is a party the question names ("the US", "Apple", "Zhu Min"), a document it names ("the
China Daily report"), or, for "the two articles", each retrieved source. A party's sentences are
those that name it (or lean on a sentence that does) or that it speaks; a document's are its
source's. Each side gets its best sentence and, when the model rates it near that one, a second;
an aspect that the sides' sentences share with the question is named.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.attribution import attribute_text
from assistant.speakers import name_matches
from assistant.text.terms import content_terms
from assistant.types import Passage

from .evidence import Sentence, figures, same_terms
from .question import QuestionProfile

# Sections in a source-by-source answer when the question does not say how many ("each article").
MAX_SECTIONS = 3
# Sentences per side: the best one and, when the model rates it near that one, a runner-up.
SIDE_SENTENCES = 2
_COUNT_WORDS = {"two": 2, "both": 2, "three": 3}
# Words by which news sets one side against another in the next sentence.
_CONTRAST = re.compile(
    r"\b(?:in contrast|by contrast|meanwhile|on the other hand|however|instead|unlike|whereas|while|but"
    r"|rather|conversely)\b", re.I
)
# A sentence that names another side too speaks less for this one: its score counts this much.
SHARED_WEIGHT = 0.5
# A side's own words (it speaks, or someone the article places in it does) say its position best:
# their score counts this much, even when they name the other side ("X said Y refused"); not when the
# question measures the sides: then the figure is the answer, not what the side says.
SPOKEN_WEIGHT = 2.0
# What the question compares the sides on ("... on prices"): a side's sentence that holds all of that
# aspect (in its words, the sentence it leans on, or its article's title) counts this much more
# than a general sentence about the side; one holding part of it, that share of it (by rarity).
ASPECT_WEIGHT = 1.0
# A comparison that measures the sides ("how much", "compare in the latest poll"): a side's sentence
# that gives a figure of the asked kind counts this much more than one without. Chosen on the tune
# real-news comparisons (eval runs of 0 / 0.5 / 1 / 2: every side cited 0.75 each; sides with an
# expected phrase cited 31 / 32 / 32 / 32 of 40): the middle of the plateau.
FIGURE_WEIGHT = 1.0
# A quotation mark: the sentence gives someone's own words.
_QUOTE_MARK = re.compile(r"[“”\"]")
# Sentence key -> who speaks it and the role the article gives them.
Voices = dict[tuple[str, int], tuple[str, str]]
# Side label -> sentence key -> the answer model's rating of that sentence for the side's own query.
SideScores = dict[str, dict[tuple[str, int], float]]


@dataclass
class Side:
    """One column of a comparison: its label, its chosen sentences and the aspect of each ("")."""

    label: str
    sentences: list[Sentence] = field(default_factory=list)
    aspects: list[str] = field(default_factory=list)


# Who speaks each sentence of some passages, read over their whole articles (``GenerationContext.voices``).
WholeVoices = Callable[[list[Passage]], Voices]


def speakers(sentences: list[Sentence], whole: WholeVoices | None = None) -> dict[tuple[str, int], str]:
    """Who speaks in each candidate sentence (someone other than the outlet), by sentence key."""
    return {key: who for key, (who, _) in voices_of(sentences, whole).items()}


def voices_of(sentences: list[Sentence], whole: WholeVoices | None = None) -> Voices:
    """Who speaks in each candidate sentence and the role the article gives them ("" if none).

    Where ``whole`` attributes a sentence over its whole article (a pronoun or surname whose person
    an earlier chunk names), that attribution is used; a passage holding a sentence it does not
    cover is attributed on its own, for those sentences.
    """
    passages = list({id(s.passage): s.passage for s in sentences}.values())
    found = whole(passages) if whole is not None else {}
    covered = {s.key for s in sentences} & found.keys()
    out: Voices = {key: found[key] for key in covered if found[key][0]}
    for passage in {id(s.passage): s.passage for s in sentences if s.key not in covered}.values():
        for item in attribute_text(passage.text, passage.outlet):
            key = (passage.source_id, passage.start + item.span.start)
            if item.attribution.quoted and key not in covered:
                out[key] = (item.attribution.quoted, item.attribution.role or "")
    return out


def _speaks_for(side: str, voice: tuple[str, str] | None) -> bool:
    """Whether the speaker is the side, or someone the article places in it ("chair of the X campaign")."""
    if voice is None:
        return False
    who, role = voice
    return name_matches(side, who) or bool(role) and name_matches(side, role)


def spoken_by(person: str, ranked: list[Sentence], whole: WholeVoices | None = None) -> list[Sentence]:
    """The sentences (in ``ranked`` order) that ``person`` speaks, not those that only name them."""
    who = speakers(ranked, whole)
    return [s for s in ranked if name_matches(person, who.get(s.key, ""))]


def sides_of(profile: QuestionProfile, ranked: list[Sentence], lean: dict[tuple[str, int], set[str]],
             budget: int, share: float, idf: Callable[[str], float],
             whole: WholeVoices | None = None,
             side_scores: SideScores | None = None) -> list[Side]:  # fmt: skip
    """The sections of a comparison answer (fewer than two: not answerable side by side).

    ``ranked`` are the candidates best first (the first leads its side), ``lean`` the terms of the
    sentence each leans on, ``budget`` the characters all sides share, ``share`` the runner-up's
    least share of the best, ``idf`` how rare a term is (an aspect is named by the rarest word),
    ``whole`` who speaks each sentence over its whole article (see :func:`voices_of`),
    ``side_scores`` each named side's own rating of the candidates (see :func:`_rating`).
    """
    voices: Voices = {} if profile.by_source else voices_of(ranked, whole)
    # Per side, per source: the terms of the word that names it alone there, first and last.
    first = {side: _short_name(side, ranked, 0) for side in profile.sides}
    last = {side: _short_name(side, ranked, -1) for side in profile.sides}
    spoken = {} if profile.by_source else {side: _spoken_for(side, ranked, voices, (first[side], last[side]))
                                           for side in profile.sides}  # fmt: skip
    rate = _rating(side_scores or {})
    on = _on_aspect(profile, ranked, lean, idf)
    if profile.by_source:
        groups = [(label, _by_aspect(profile, group, on)) for label, group in _source_groups(profile, ranked)]
    else:
        groups = _party_groups(profile, ranked, lean, spoken, last, on, rate)
    groups = [(label, members) for label, members in groups if members]
    if len(groups) < 2:
        return []
    lead = ranked[0]  # the question's best sentence leads the side it speaks for, if only for one
    homes = [i for i, (_, members) in enumerate(groups) if lead in members]
    home = homes[0] if len(homes) == 1 or profile.by_source else None
    held = _asked(profile, lead, on)
    if home is not None and any(_asked(profile, m, on) > held and m.score >= share * lead.score
                                for m in groups[home][1]):  # fmt: skip
        home = None  # a sentence holding more of what is asked, rated near it, leads instead
    if home is not None and profile.says and not profile.by_source:
        label, members = groups[home]
        if not _quotes(lead, spoken[label]) and _quotes(members[0], spoken[label]):
            home = None  # asked what the sides say, the side's own quoted words lead it
    if home is not None:
        label, members = groups[home]
        groups[home] = (label, [lead, *(m for m in members if m is not lead)])
    homed = groups[home][0] if home is not None else None  # the side the lead was given to
    each = budget // len(groups) - max(len(label) for label, _ in groups) - 2
    taken: set[tuple[str, int]] = set()
    out: list[Side] = []
    for label, members in groups:
        side = Side(label)
        used = 0
        # Another side's sentences are not this one's, nor are their copies (a syndicated article).
        earlier = [c for other in out for c in other.sentences]
        members = [m for m in members if m.key not in taken and not _same(m, earlier)]
        if members and label != homed:
            members = _contrast_first(members, _neighbours(taken, ranked), profile, label)
        own = spoken.get(label, set())
        for s in members:
            if len(side.sentences) >= SIDE_SENTENCES or used + len(s.text) > each:
                continue
            # The side's own words right after its first sentence go on with it ("X said …. “…,” he said").
            goes_on = bool(side.sentences) and _next(side.sentences[0], s) and s.key in own
            if side.sentences and (rate(label, s) < share * rate(label, side.sentences[0]) and not goes_on
                                   or _same(s, side.sentences)):  # fmt: skip
                continue
            side.sentences.append(s)
            taken.add(s.key)
            used += len(s.text)
        if side.sentences:
            out.append(side)
    if len(out) < 2:
        return []
    _name_aspects(profile, out, idf)
    return out


def _rating(side_scores: SideScores) -> Callable[[str, Sentence], float]:
    """A sentence's score for a side: the side's own rating of it where it has one (the answer
    model's probability that it answers the side's part of the question), else its score for the
    whole question.
    """

    def rate(side: str, s: Sentence) -> float:
        own = side_scores.get(side, {}).get(s.key)
        return s.score if own is None else own

    return rate


def _spoken_for(side: str, ranked: list[Sentence], voices: Voices,
                shorts: tuple[dict[str, set[str]], ...]) -> set[tuple[str, int]]:  # fmt: skip
    """The sentences ``side`` speaks: said by it or by someone the article places in it, by its full
    name or by one word ``shorts`` says the article shortens it to ("Alaska CEO Ben Minicucci"
    speaks for Alaska Airlines, "a Biden campaign spokesperson" for Joe Biden; see
    :func:`_short_name`).
    """
    out = set()
    for s in ranked:
        voice = voices.get(s.key)
        if voice is None:
            continue
        role = set(content_terms(voice[1])) if voice[1] else set()
        if _speaks_for(side, voice) or any(
            s.passage.source_id in short and short[s.passage.source_id] <= role for short in shorts
        ):
            out.add(s.key)
    return out


def _quotes(s: Sentence, spoken: set[tuple[str, int]]) -> bool:
    """Whether ``s`` gives a side's own words in quotation marks (``spoken``: the sentences it speaks)."""
    return bool(_QUOTE_MARK.search(s.text)) and s.key in spoken


def _next(first: Sentence, s: Sentence) -> bool:
    """Whether ``s`` is the sentence right after ``first`` in the same source."""
    return s.passage.source_id == first.passage.source_id and 0 <= s.start - first.end < 3


def _neighbours(taken: set[tuple[str, int]], ranked: list[Sentence]) -> set[tuple[str, int]]:
    """Keys of the sentences right before or after a taken one in its source."""
    by_source: dict[str, list[Sentence]] = {}
    for s in ranked:
        by_source.setdefault(s.passage.source_id, []).append(s)
    out: set[tuple[str, int]] = set()
    for same in by_source.values():
        same.sort(key=lambda s: s.start)
        for a, b in zip(same, same[1:]):
            if b.start - a.end < 3 and (a.key in taken) != (b.key in taken):
                out.add(b.key if a.key in taken else a.key)
    return out


def _contrast_first(members: list[Sentence], near: set[tuple[str, int]], profile: QuestionProfile,
                    side: str) -> list[Sentence]:  # fmt: skip
    """News sets one side against another in the next sentence ("X does A. Y, in contrast, ..."):
    a sentence next to another side's, naming this side alone and saying it contrasts ("in
    contrast", "meanwhile", "on the other hand"), leads this side, however the model rates it: its
    topic is in the sentence before it ("China, in contrast, tends to embed ..." holds none of the
    question's words), and what it answers is how the sides differ.
    """
    if not members or side not in profile.sides:
        return members
    others = set().union(*(set(content_terms(o)) for o in profile.sides if o != side))
    paired = [m for m in members if m.key in near and not others & m.terms and _CONTRAST.search(m.text)]
    return paired[:1] + [m for m in members if m not in paired[:1]]


def _same(s: Sentence, others: list[Sentence]) -> bool:
    return any(same_terms(s.terms, o.terms) for o in others)


def _source_groups(profile: QuestionProfile, ranked: list[Sentence]) -> list[tuple[str, list[Sentence]]]:
    """One group per source, sources in order of their best sentence."""
    count = next((n for w, n in _COUNT_WORDS.items() if re.search(rf"\b{w}\b", profile.text, re.I)),
                 MAX_SECTIONS)  # fmt: skip
    by_source: dict[str, list[Sentence]] = {}
    for s in ranked:
        by_source.setdefault(s.passage.source_id, []).append(s)
    chosen = list(by_source.values())[:count]
    outlets = [members[0].passage.outlet for members in chosen]
    return [
        (outlet if outlet and outlets.count(outlet) == 1 else members[0].passage.title, members)
        for outlet, members in zip(outlets, chosen)
    ]


def _on_aspect(profile: QuestionProfile, ranked: list[Sentence], lean: dict[tuple[str, int], set[str]],
               idf: Callable[[str], float]) -> dict[tuple[str, int], float]:  # fmt: skip
    """How much of the question's aspect ("on monthly prices") each sentence holds, 0-1 by rarity:
    a word of it counts when the sentence, the one it leans on, or its article's title has it (news
    does not repeat in every sentence what its headline says the article is about).
    """
    side_terms = set().union(*(set(content_terms(s)) for s in profile.sides)) if profile.sides else set()
    asked = {t: idf(t) for t in content_terms(profile.aspect) if t not in side_terms}
    total = sum(asked.values())
    if not total:
        return {}
    titles: dict[str, set[str]] = {}
    out = {}
    for s in ranked:
        title = titles.setdefault(s.passage.source_id, set(content_terms(s.passage.title)))
        held = s.terms | lean.get(s.key, set()) | title
        out[s.key] = sum(w for t, w in asked.items() if t in held) / total
    return out


def _short_name(side: str, ranked: list[Sentence], at: int = -1) -> dict[str, set[str]]:
    """Where news names a side by one word alone after its full name, its last for a person ("Jared
    Goff ... Goff said"), its first for an organisation ("Alaska Airlines ... Alaska CEO"): per
    source that names it in full, the terms of word ``at``, when the source never writes that word in
    lowercase (a name, not a noun: "Homeland Security ... security").
    """
    words = side.split()
    if len(words) < 2 or not words[at].istitle() or not content_terms(words[at]):  # not "TV", "II"
        return {}
    full, last = set(content_terms(side)), set(content_terms(words[at]))
    lower = re.compile(rf"\b{re.escape(words[at].lower())}\b")
    texts: dict[str, dict[str, str]] = {}
    for s in ranked:
        texts.setdefault(s.passage.source_id, {})[s.passage.chunk_id] = s.passage.text
    return {sid: last for sid, by_id in texts.items()
            if any(full <= set(content_terms(t)) for t in by_id.values())
            and not any(lower.search(t) for t in by_id.values())}  # fmt: skip


def _asked(profile: QuestionProfile, s: Sentence, on: dict[tuple[str, int], float]) -> float:
    """How much more than its score a side's sentence counts for holding what the question asks:
    the aspect (``on``: how much of it), and a figure when the question measures the sides.
    """
    figure = profile.measured and _gives_figure(s, profile)
    return (1 + ASPECT_WEIGHT * on.get(s.key, 0.0)) * (1 + FIGURE_WEIGHT * figure)


def _gives_figure(s: Sentence, profile: QuestionProfile) -> bool:
    """A figure in digits (not a year: "second place" or "in 2020" measures nothing) of the asked kind."""
    return bool(figures(s.text, words=False)) and s.satisfies("number", detail=profile.detail)


def _by_aspect(profile: QuestionProfile, members: list[Sentence],
               on: dict[tuple[str, int], float]) -> list[Sentence]:  # fmt: skip
    """A document side's sentences, those holding what is asked first (see :func:`_asked`)."""
    return sorted(members, key=lambda s: -s.score * _asked(profile, s, on))


def _party_groups(profile: QuestionProfile, ranked: list[Sentence], lean: dict[tuple[str, int], set[str]],
                  spoken: dict[str, set[tuple[str, int]]], short_names: dict[str, dict[str, set[str]]],
                  on: dict[tuple[str, int], float],
                  rate: Callable[[str, Sentence], float]
                  ) -> list[tuple[str, list[Sentence]]]:  # fmt: skip
    """For each named side, its sentences, best first (those naming another side count less, those
    it speaks more, those on the asked aspect more); ``spoken`` is the sentences each side speaks
    (see :func:`_spoken_for`), ``short_names`` the surname each source names it by (see
    :func:`_short_name`), ``on`` how much of the aspect each holds.
    """
    terms = {side: set(content_terms(side)) for side in profile.sides}
    out = []
    for side in profile.sides:
        source = _source_named(side, ranked) if side in profile.source_sides else None
        if source is not None:
            out.append((side, _by_aspect(profile, [s for s in ranked if s.passage.source_id == source], on)))
            continue
        others = set().union(*(t for k, t in terms.items() if k != side)) - terms[side]

        def about(s: Sentence) -> set[str]:
            return s.terms | lean.get(s.key, set())

        short = short_names[side]
        members = [s for s in ranked if terms[side] <= about(s) or s.key in spoken[side]
                   or s.passage.source_id in short and short[s.passage.source_id] <= about(s)]  # fmt: skip
        # What a side says is its own even when it names the other ("X said Y refused").
        weight = {s.key: SPOKEN_WEIGHT if s.key in spoken[side] and not profile.measured
                  else 1.0 if not others & about(s) else SHARED_WEIGHT
                  for s in members}  # fmt: skip
        # Asked what the sides say, a side's quoted words come first: they are what it said.
        quoted = {s.key for s in members if profile.says and _quotes(s, spoken[side])}
        out.append((side, sorted(members, key=lambda s: (s.key not in quoted, -rate(side, s) * weight[s.key]
                                 * _asked(profile, s, on)))))  # fmt: skip
    return out


def _source_named(side: str, ranked: list[Sentence]) -> str | None:
    """The source a document side names: by outlet or title, else the one whose passages name it most."""
    passages: dict[str, dict[str, Passage]] = {}
    for s in ranked:
        passages.setdefault(s.passage.source_id, {})[s.passage.chunk_id] = s.passage
    for source_id, by_id in passages.items():
        p = next(iter(by_id.values()))
        if name_matches(side, p.outlet) or side.casefold() in p.title.casefold():
            return source_id
    counts = {sid: sum(p.text.count(side) for p in by_id.values()) for sid, by_id in passages.items()}
    best = max(counts, key=lambda k: counts[k], default=None)
    return best if best is not None and counts[best] else None


def _name_aspects(profile: QuestionProfile, sides: list[Side], idf: Callable[[str], float]) -> None:
    """Name what the sides differ on, when the question gives it ("... on governance"): sentences
    of two or more sides that share the rarest word of that phrase (not one of every cited title)
    carry the phrase, the others "".
    """
    for side in sides:
        side.aspects = [""] * len(side.sentences)
    if not profile.aspect:
        return
    side_terms = set().union(*(set(content_terms(s)) for s in profile.sides)) if profile.sides else set()
    asked_text = profile.aspect
    # A word in every cited article's title is what they are all about, not an aspect of it.
    titles = [
        set(content_terms(p.title))
        for p in {s.passage.source_id: s.passage for side in sides for s in side.sentences}.values()
    ]
    topic = set.intersection(*titles) if titles else set()
    asked = [t for t in dict.fromkeys(content_terms(asked_text)) if t not in side_terms | topic]
    for term in sorted(asked, key=lambda t: -idf(t)):
        holders = [(side, i) for side in sides for i, s in enumerate(side.sentences) if term in s.terms]
        if len({id(side) for side, _ in holders}) >= 2:
            for side, i in holders:
                side.aspects[i] = profile.aspect
            return
