"""What a question asks for: its key terms, names, numbers, expected answer type and premises."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.text.terms import COUNTRY_TERMS, QUESTION_WORDS, STOPWORDS, content_terms, names, numbers, stem

# Up to three words that narrow a kind's head noun ("which US Cabinet official", "which island
# nation", "which US college basketball player"): a capitalised word (a proper adjective: "US",
# "European") or a lowercase one that is no function word, so "which did the president ..." has
# no modified "president" (case-sensitive: the pronoun "us" is a function word, "US" is not).
_FUNCTION_WORD = "|".join(re.escape(w) for w in sorted(STOPWORDS | QUESTION_WORDS, key=len, reverse=True))
_MODIFIERS = rf"(?-i:(?:[A-Z][\w.’'-]*|(?!(?:{_FUNCTION_WORD})\b)[a-z][\w’'-]*)\s+){{0,3}}"
# "What was the final score / the vote?": a result in points or votes, written "3-1", "780 to 72"
# (not "the vote on the bill").
_TALLY = r"\bwhat (?:is |was |were )?(?:the )?(?:final )?(?:score|tally|vote)s?\b(?! (?:on|about|for)\b)"
_TYPES: list[tuple[str, re.Pattern[str]]] = [
    ("identity", re.compile(r"^\s*(?:[Aa]nd\s+)?[Ww]ho(?:'s| is| was| are| were)\s+(?:[A-Z]|the [A-Z])")),
    ("date", re.compile(
        r"\bwhen (?:did|does|do|is|was|were|will|has|have|had|should|could|would|can)\b|"
        r"\bwhat (?:year|date|month|day|time)s?\b|\bwhich (?:year|date|month|day)s?\b|"
        r"\bin what years?\b|\bhow long ago\b|\bsince when\b", re.I)),
    ("number", re.compile(
        r"\bhow (?:many|much|large|big|small|wide|narrow|far)\b|\bby how much\b|\bhow long\b|"
        r"\bwhat (?:is |was |are |were )?(?:the )?(?:percent|percentage|share|proportion|number|"
        r"amount|figure|budget|cost|price|size|margin|value|total|sum|rate|gap)\b|"
        rf"{_TALLY}", re.I)),
    ("person", re.compile(
        rf"^\s*(?:and\s+)?(?:who|whom|whose)\b|\bwhich {_MODIFIERS}(?:person|people|official|expert|"
        r"leader|minister|president|author|writer|journalist|analyst|player|actor|actress|singer)\b|"
        r"\bwho (?:said|says|argued|noted|wrote|warned|claimed|is|was)\b", re.I)),
    ("place", re.compile(
        rf"\bwhere\b|\bwhich {_MODIFIERS}(?:country|countries|nations?|city|cities|state|states|province|"
        r"provinces|region|regions|place|places|town|towns|county|counties|continent|continents)\b|"
        r"\bin what (?:country|city|state|region)\b", re.I)),
    ("reason", re.compile(r"^\s*(?:and\s+)?why\b|\bwhat (?:is|was) the reason\b", re.I)),
    ("entity", re.compile(
        r"\bwhich (?:\w+ ){0,2}(?:models?|compan(?:y|ies)|firms?|laws?|acts?|bills?|treat(?:y|ies)|"
        r"organi[sz]ations?|agenc(?:y|ies)|institut(?:e|es|ion|ions)|universit(?:y|ies)|programs?|"
        r"programmes?|initiatives?|part(?:y|ies)|newspapers?|outlets?|magazines?|products?|brands?|"
        r"teams?|banks?|funds?)\b|"
        r"\bwhat (?:is|was|are|were) (?:the )?(?:official )?(?:name|title)s?\b|"
        r"\bwhat (?:is|was) (?:it|he|she|they) called\b", re.I)),
]  # fmt: skip
_YES_NO = re.compile(r"^\s*(?:is|are|was|were|do|does|did|can|could|will|would|has|have|had|should)\b", re.I)
# Reporting verbs in a form that cannot be a noun ("states" can be the noun in "which states"):
# a question that uses them asserts something the answer may have to correct.
_ASSERTING = re.compile(
    r"\b(?:says|said|claims|claimed|stated|argues|argued|reported|noted|warns|warned|insists|"
    r"insisted|given that|considering|isn't it|didn't|doesn't|wasn't)\b|\bright\?",
    re.I,
)
_COMPARE = re.compile(
    r"\b(?:compare|comparison|contrast|differ|differs|difference|differences|versus|vs\.?|both|"
    r"each side|each country|two (?:sides|countries|articles|sources|parties|companies)|"
    r"the articles|the sources|each article|between)\b",
    re.I,
)
# Words that ask for each side in turn. "The biggest difference between X and Y" or "the gap
# between X and Y" asks for one thing, so the bare "difference" and "between" do not.
_SIDED = re.compile(
    r"\b(?:compare|compared|comparison|contrast|differ|differs|differences|versus|vs\.?|each)\b", re.I
)
# A question over several documents: "the two articles", "across the sources", "across outlets";
# a bare "across" is no such question ("storms across the Western US" is a place phrase).
_DOCUMENTS = r"(?:articles|sources|reports|pieces|stories|outlets|publications|papers|media)"
_ACROSS_SOURCES = re.compile(
    r"\b(?:both|two|each|all|the) (?:articles|sources|reports|pieces|stories)\b|"
    rf"\bacross (?:[\w’'-]+\s+){{0,2}}{_DOCUMENTS}\b",  # "across the three outlets"
    re.I,
)
_FOCUS = re.compile(
    r"\b(?:what\s+(?:is|was|are|were)\s+(?:the|a|an)\s+|which\s+)([a-z][a-z\s-]{2,40}?)\s+"
    r"(?:of|for|in|on|that|behind|does|did|do|is|was|are|were|has|have|to|at)\b",
    re.I,
)
# Abstract head nouns that any passage on the topic can address: not required word for word.
# Nouns that name the kind of answer ("which law", "what body") rather than a fact to look up.
_CATEGORY = {
    stem(w)
    for w in """law laws act body bodies organisation organization group person people prize winner
    official officials expert experts country countries city company firm agency institution event
    initiative program programme policy policies measure measures step steps move name title term
    entity party side figure word phrase""".split()
}
_ABSTRACT = {
    stem(w)
    for w in """main key important major central core primary role thing things way ways view views
    position positions stance argument arguments point points idea ideas approach approaches
    difference differences goal goals aim purpose focus concern concerns message takeaway
    significance problem problems issue issues kind type sort part aspect aspects factor factors
    reason reasons advantage advantage strength strengths weakness weaknesses risk risks
    recommendation recommendations solution solutions argument picture summary situation state
    status relationship relation relations trend trends outlook plan plans strategy""".split()
}


def _names_in_question(question: str) -> list[str]:
    """Names in a question; its capitalised first word counts only as part of a longer name."""
    found = names(question)
    first = re.match(r"\s*([A-Z][\w’'-]*)(\s+[A-Z])?", question)
    if first and not first.group(2) and found and found[0] == first.group(1):
        found = found[1:]
    return found


def follow_up_profile(question: str, standalone: str) -> QuestionProfile:
    """Terms from the standalone question; what is asked (type, premises) from the user's own."""
    full = analyse(standalone)
    if standalone == question:
        return full
    own = analyse(question)
    full.answer_type, full.yes_no, full.presupposes = own.answer_type, own.yes_no, own.presupposes
    full.focus, full.numbers = own.focus, own.numbers
    full.comparative, full.across_sources = own.comparative, own.across_sources
    full.detail, full.says, full.measured = own.detail, own.says, own.measured
    full.recent = own.recent or full.recent
    if not full.sides:  # "and what about the US?" keeps the sides of the standalone question
        full.sides, full.source_sides, full.aspect = own.sides, own.source_sides, own.aspect
    full.by_source = full.by_source or own.by_source
    full.carried = set(full.terms) - set(own.terms) - full.name_terms
    return full


# Answer types that ask for no particular kind of thing (the others: a person, a date, a figure ...).
UNTYPED = frozenset({"open", "reason"})


@dataclass
class QuestionProfile:
    """Features of a question that retrieval does not look at but answering must."""

    text: str
    terms: list[str] = field(default_factory=list)
    name_terms: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)
    numbers: set[str] = field(default_factory=set)
    answer_type: str = "open"
    yes_no: bool = False
    presupposes: bool = False
    comparative: bool = False
    across_sources: bool = False
    focus: list[str] = field(default_factory=list)
    detail: str = ""  # for number questions: "money", "count:<stem>" or ""
    # A comparison: the sides as the question names them ("the US", "China"), which of them it
    # names as a document ("the China Daily report"), whether it asks source by source ("the two
    # articles"), and the aspect it compares them on ("on governance").
    sides: list[str] = field(default_factory=list)
    source_sides: set[str] = field(default_factory=set)
    by_source: bool = False
    aspect: str = ""
    speaker: str = ""  # "What does X say about ...": the person whose words are asked for
    says: bool = False  # a comparison that asks what each side says ("Compare what X and Y said")
    # A comparison that measures the sides: "how much" or what they compare in ("in the latest poll").
    measured: bool = False
    # It places what it asks in the days before it is asked ("this week", "on Monday", "recently").
    recent: bool = False
    # A follow-up's terms carried from earlier turns, neither typed in this one nor a name: they say
    # what it is about, not what it asks ("How many seats does it have (… flight took Portland)?").
    carried: set[str] = field(default_factory=set)


_MONEY_Q = re.compile(r"\bhow much (?:money|funding|cash)\b|\b(?:budget|cost|costs|price|funding|"
                      r"spend|spent|invest(?:ed|ment)?|worth|pay|paid|fund(?:ed|s)?)\b", re.I)  # fmt: skip
# "How long did it take / last / has she served": a span of time (not "how long is the bridge").
_DURATION_Q = re.compile(
    r"\bhow long\b.*\b(?:take|took|taken|takes|last|lasted|lasts|been|spend|spent|stay|stayed|wait|"
    r"waited|serve|served|remain|remained|run|ran)\b", re.I
)
_TALLY_Q = re.compile(_TALLY, re.I)
_COUNT_Q = re.compile(r"\bhow many\s+([a-z]+(?:\s+[a-z]+){0,2})", re.I)
# Words that place an event in the days before the question is asked: news asks about "this week",
# "last weekend", "on Monday", "Monday's draft", "recently", "yesterday" (not "this year", which
# spans months, nor a date, which names its own time).
_RECENT_Q = re.compile(
    r"\b(?:this|last|past) (?:week|weekend)\b|\bearlier this (?:week|month)\b|\brecent(?:ly)?\b|"
    r"\b(?:yesterday|today|tonight|last night)\b|"
    r"\b(?:on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:['’]s)?\b",
    re.I,
)


# "What percentage ...": a figure given in percent, not any number; "what share of voters ...":
# one in percent or as a fraction ("a third", "one in five"). Before money ("percentage of the budget").
_PERCENT_Q = re.compile(r"\b(?:percent|percentage|per cent)\b", re.I)
_SHARE_Q = re.compile(r"\b(?:share|proportion) of\b", re.I)


def _number_detail(question: str) -> str:
    if _TALLY_Q.search(question):
        return "tally"
    if _DURATION_Q.search(question):
        return "duration"
    if _PERCENT_Q.search(question):
        return "percent"
    if _SHARE_Q.search(question):
        return "share"
    if _MONEY_Q.search(question):
        return "money"
    count = _COUNT_Q.search(question)
    if count:  # "how many committee members voted": any of the next words may be the counted noun
        return "count:" + ",".join(stem(w) for w in count.group(1).split())
    return ""


# Between two named sides: "X and Y", "X versus Y", "X commentary and the Y" (a few words between).
_SIDE_JOIN = re.compile(
    r"^(?:\s+[a-z][\w’'-]*){0,2}\s+(?:and|or|versus|vs\.?|with|to|against)\s+(?:the\s+)?$"
)
_NAME_JOIN = re.compile(r"\s+(?:and|or|versus|vs\.?)\s+")
# A document noun right after a side's name: the side is that document, not the party it names.
_DOCUMENT_NOUN = re.compile(
    r"^(?:['’]s)?\s+(?:commentary|report|article|piece|story|column|editorial|op-ed|interview|"
    r"analysis|coverage|account|essay|review|blog|post|feature|newsletter)\b",
    re.I,
)
# "each article", "the two articles", "both sources": one section per source.
_BY_SOURCE = re.compile(
    r"\b(?:both|two|three|each|the|these|all)\s+(?:of the\s+)?(?:articles?|sources?|reports?|pieces?|"
    r"stories|story|outlets?|commentar(?:y|ies))\b",
    re.I,
)
_ASPECT = re.compile(
    r"\b(?:on|about|over|regarding|in terms of|when it comes to)\s+(?:the\s+)?([^,;?]+)|"
    # "How did X and Y compare in the latest poll?": what they are measured in or at.
    r"\b(?:compare|compared|differ|differs)\s+(?:in|at)\s+(?:the\s+|their\s+)?([^,;?]+)|"
    r"\b(?:compare|contrast)\s+.+?\s+(?:in|at)\s+(?:the\s+|their\s+)?([^,;?]+)", re.I
)
_SPEAKS = re.compile(
    r"\b(?:does|did|do|has|have|had)\s+({name})\s+(?:\w+\s+)?(?:say|said|think|argue|claim|believe|"
    r"warn|note|suggest|propose|predict|write|tell|describe|see|view|want|call|recommend|mean|expect)\b|"
    r"\baccording to\s+({name})\b|\b({name})['’]s\s+(?:view|views|argument|position|stance|opinion|"
    r"words|remarks|comments|warning|message|point)\b"
)


def _sides(question: str, found: list[str]) -> tuple[list[str], set[str]]:
    """The two (or more) named sides of a comparison, and those named as a document."""
    sides: list[str] = []
    for name in found:  # "US and China" is one capitalised span
        parts = [p for p in _NAME_JOIN.split(name) if p.strip()]
        if len(parts) >= 2:
            sides = parts
            break
    if not sides:
        spans = [(m.start(), m.end(), n) for n in found for m in [re.search(re.escape(n), question)] if m]
        for (_, end, a), (start, _, b) in zip(spans, spans[1:]):
            if _SIDE_JOIN.match(question[end:start]):
                sides = [a, b]
                break
    # "Contrast the US and China": the imperative and the article are not part of the side.
    sides = [_bare(side) for side in sides]
    documents = set()
    for side in sides:
        at = question.find(side)
        if at >= 0 and _DOCUMENT_NOUN.match(question[at + len(side) :]):
            documents.add(side)
    return sides, documents


def _bare(side: str) -> str:
    """A side without leading question words or function words ("Contrast the US" -> "US")."""
    words = side.split()
    while len(words) > 1 and words[0].lower() in QUESTION_WORDS | STOPWORDS:
        words = words[1:]
    return " ".join(words)


def _aspect(question: str, sides: list[str]) -> tuple[str, bool]:
    """What a comparison compares the sides on ("... differ on governance" -> "governance"), and
    whether it is what they are measured in ("compare in the latest poll"; "differ in" says how
    they differ in kind: "differ in their speeches").
    """
    for match in _ASPECT.finditer(question):
        phrase = next(g for g in match.groups() if g is not None).strip(" .")
        if not any(side in phrase for side in sides) and content_terms(phrase):
            return phrase, match.group(1) is None and match.group(0).lower().startswith("compar")
    return "", False


def side_queries(profile: QuestionProfile) -> dict[str, str]:
    """A retrieval query per side of a comparison: a party's name and what the question asks of it
    (the question's content words without the sides and the words that ask to compare); for a side
    named as a document ("the China Daily report") what is asked alone, to look for in that source.
    """
    side_terms = set().union(*(content_terms(side) for side in profile.sides)) if profile.sides else set()
    asked = [
        word for word in (w.strip(_QUERY_PUNCTUATION) for w in profile.text.split())
        if content_terms(word) and not set(content_terms(word)) & side_terms and not _SIDED.fullmatch(word)
    ]  # fmt: skip
    queries = {side: " ".join(asked if side in profile.source_sides else [side, *asked])
               for side in profile.sides}  # fmt: skip
    return {side: query for side, query in queries.items() if query}


_QUERY_PUNCTUATION = "?!.,;:()\"“”‘’'"


# Verbs that ask for a side's own words ("What did X and Y each say", "how do X and Y describe it").
_VIEW_VERBS = (
    r"say|says|said|saying|describe|describes|described|argue|argues|argued|claim|claims|"
    r"claimed|tell|tells|told|respond|responds|responded|react|reacts|reacted|explain|explains|"
    r"explained|view|views|viewed|see|sees|saw|characteri[sz]e|characteri[sz]ed|portray|portrayed|"
    r"assess|assessed|interpret|interpreted|justify|justified"
)
_SAYS = re.compile(rf"\b(?:{_VIEW_VERBS})\b", re.I)
# "How do X and Y explain Z?": two named subjects of a view verb each give their own account, so
# the question asks for each side in turn though it says neither "compare" nor "each".
_PAIRED_VIEW = re.compile(
    rf"^\s*how\s+(?:do|does|did|would|will|could|can)\s+(?P<subject>[^?]+?)\s+(?:{_VIEW_VERBS})\b",
    re.I,
)


def _paired_view(question: str, found: list[str]) -> bool:
    """Whether two named sides joined by "and" are the subject of "how do … <view verb>"."""
    match = _PAIRED_VIEW.match(question)
    if not match:
        return False
    subject = match.group("subject")
    sides, _ = _sides(subject, [n for n in found if n in subject])
    return len(sides) >= 2


def _speaker(question: str, found: list[str]) -> str:
    """The person whose words a question asks for ("What does Zhu Min say about ...?")."""
    for name in found:
        pattern = _SPEAKS.pattern.replace("{name}", re.escape(name))
        if re.search(pattern, question, re.I) and not set(content_terms(name)) & COUNTRY_TERMS:
            return name
    return ""


def analyse(question: str) -> QuestionProfile:
    """Profile a (standalone) question."""
    terms = list(dict.fromkeys(content_terms(question)))
    answer_type = "open"
    for kind, pattern in _TYPES:
        if pattern.search(question):
            answer_type = kind
            break
    yes_no = bool(_YES_NO.match(question)) and answer_type == "open"
    focus: list[str] = []
    match = _FOCUS.search(question)
    if match and answer_type not in {"person"}:
        focus = [
            t for t in content_terms(match.group(1))
            if t not in _ABSTRACT and t not in COUNTRY_TERMS and t not in _CATEGORY
        ]  # fmt: skip
    asked_names = _names_in_question(question)
    paired = _paired_view(question, asked_names)
    comparative = paired or bool(_COMPARE.search(question))
    sided = paired or bool(_SIDED.search(question))
    sides, source_sides = _sides(question, asked_names) if sided else ([], set())
    aspect, measured_in = _aspect(question, sides) if comparative else ("", False)
    return QuestionProfile(
        text=question,
        terms=terms,
        name_terms={t for n in asked_names for t in content_terms(n)},
        names=asked_names,
        numbers=numbers(question, words=False),
        answer_type=answer_type,
        yes_no=yes_no,
        presupposes=answer_type == "reason" or yes_no or bool(_ASSERTING.search(question)),
        comparative=comparative,
        across_sources=bool(_ACROSS_SOURCES.search(question)),
        focus=focus,
        detail=_number_detail(question) if answer_type == "number" else "",
        sides=sides,
        source_sides=source_sides,
        by_source=comparative and not sides and bool(_BY_SOURCE.search(question)),
        aspect=aspect,
        # "What did X and Y each say?" asks each side's words (comparison.py), not one speaker's.
        speaker="" if sides else _speaker(question, asked_names),
        says=bool(sides) and bool(_SAYS.search(question)),
        measured=bool(sides) and (measured_in or answer_type == "number" or bool(_MONEY_Q.search(aspect))),
        recent=bool(_RECENT_Q.search(question)),
    )
