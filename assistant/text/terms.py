"""Words, numbers and names: the lexical features that retrieval, answering and checks share."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Bump when tokenisation changes: cached term indexes made with another version are rebuilt.
TERMS_VERSION = 5

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could did do does doing don't down
    during each few for from further had has have having he her here hers herself him himself his
    how i if in into is isn't it it's its itself just let's me more most my myself no nor not of
    off on once only or other ought our ours ourselves out over own same she should so some such
    than that that's the their theirs them themselves then there there's these they this those
    through to too under until up very was we were what what's when where which while who whom
    why will with would you your yours yourself yourselves s t says say said according article
    articles report reported reports source sources tell told does did according us us's ones one
    whether within toward towards upon via per amid among piece pieces commentary story stories
    coverage outlet outlets write writes wrote written""".split()
)
# Words that ask rather than carry content.
QUESTION_WORDS = frozenset(
    """what which who whom whose when where why how many much describe describes described explain
    summarise summarize summary list name give show tell compare contrast characterise characterize
    characterises characterizes portray portrays depict depicts mention mentions mentioned
    discuss discusses think thinks""".split()
)

# Country names, their abbreviations and demonyms map to one canonical term, so "U.S." and
# "United States" match. Capitals are not aliases (Washington is also a state and a name), and the
# pronoun "us" is not the country: only the capitalised "US" is (see ``tokens``).
_ALIASES = {
    "u.s.": "usa", "u.s": "usa", "usa": "usa", "america": "usa", "american": "usa",
    "americans": "usa", "united states": "usa",
    "china": "china", "chinese": "china", "prc": "china",
    "uk": "britain", "u.k.": "britain", "britain": "britain", "british": "britain",
    "united kingdom": "britain", "eu": "eu", "european union": "eu", "european": "europe",
    "europe": "europe", "japan": "japan", "japanese": "japan", "india": "india",
    "indian": "india", "russia": "russia", "russian": "russia",
}  # fmt: skip
COUNTRY_TERMS = frozenset(_ALIASES.values())
_MULTIWORD = sorted((k for k in _ALIASES if " " in k), key=len, reverse=True)
# Letters of any alphabet ("Gálvez", "Zürich", "Łódź"), not only A-Z; accents are folded in ``tokens``.
_LETTER = r"[^\W\d_]"
# Every cased letter is in Unicode's planes 0 and 1 (2-3 are ideographs, 14 tags, 15-16 private
# use): scanning those alone gives the same set in a tenth of the import time (7 ms, not 97).
_CASED_PLANES_END = 0x20000
_UPPER = "".join(c for c in map(chr, range(_CASED_PLANES_END)) if c.isupper() and c.isalpha())
_TOKEN = re.compile(rf"{_LETTER}\.(?:{_LETTER}\.)+|\d+(?:[.,]\d+)*%?|{_LETTER}(?:{_LETTER}|['’])*")
_CAPITAL_US = re.compile(r"\bUS\b")  # the country; the lowercase pronoun stays a stopword
_NUMBER = re.compile(
    r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*(%|percent|per cent|percentage points?)?"
    r"(?:st|nd|rd|th)?(?![\w])"
)
_UNITS = """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty""".split()
_ORDINALS = """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
    thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth""".split()
_WORD_NUMBERS = {w: str(i) for words in (_UNITS, _ORDINALS) for i, w in enumerate(words, 1)}


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A light suffix stripper: enough to match plural/verb forms, cheap and deterministic."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3:
        return w
    for suffix, repl in (
        ("ational", "ate"), ("ization", "ize"), ("isation", "ize"), ("ations", "ate"),
        ("ation", "ate"), ("ements", "e"), ("ement", "e"), ("ments", ""), ("ment", ""),
        ("ities", "ity"), ("ies", "y"), ("ising", "ize"), ("izing", "ize"), ("ing", ""),
        ("ised", "ize"), ("ized", "ize"), ("ises", "ize"), ("izes", "ize"), ("ise", "ize"),
        ("edly", ""), ("ed", ""), ("ly", ""), ("es", "e"), ("s", ""),
    ):  # fmt: skip
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: len(w) - len(suffix)] + repl
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def _canonical_phrases(text: str) -> str:
    lowered = _CAPITAL_US.sub("USA", text).lower().replace("’", "'")
    for phrase in _MULTIWORD:
        lowered = lowered.replace(phrase, _ALIASES[phrase].replace(" ", "_"))
    return lowered


def fold_accents(word: str) -> str:
    """"gálvez" -> "galvez": a name typed without its accents matches the one printed with them."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Lowercased word tokens with aliases canonicalised and accents folded (no stopword removal,
    no stemming).
    """
    out = []
    if not text.isascii():  # "Ga\u0301lvez" (accent as a separate mark) is one word, "Gálvez"
        text = unicodedata.normalize("NFC", text)
    for raw in _TOKEN.findall(_canonical_phrases(text)):
        t = fold_accents(raw.lower()).strip("'-")
        if t.endswith("'s"):
            t = t[:-2]
        if not t:
            continue
        out.append(_ALIASES.get(t, t))
    return out


def content_terms(text: str) -> list[str]:
    """Stemmed content words: no stopwords, no question words. Order kept, duplicates kept."""
    return [
        stem(t)
        for t in tokens(text)
        if t not in STOPWORDS and t not in QUESTION_WORDS and (len(t) > 1 or t.isdigit())
    ]


def numbers(text: str, words: bool = True) -> set[str]:
    """Numbers mentioned in the text, normalised ("2.7 percent" -> "2.7%", "1,000" -> "1000").

    With ``words``, number words count too ("two" -> "2", "fourth" -> "4").
    """
    found = set()
    for value, unit in _NUMBER.findall(text):
        v = value.replace(",", "")
        if unit and ("%" in unit or "percent" in unit or "per cent" in unit):
            found.add(v + "%")
        else:
            found.add(v)
    for first, second in re.findall(r"\b((?:19|20)\d\d)\s*[–-]\s*(\d\d)\b", text):
        found.add(first[:2] + second)  # "2026–30" also means 2030
    for word in re.findall(r"[A-Za-z]+", text.lower()) if words else []:
        if word in _WORD_NUMBERS:
            found.add(_WORD_NUMBERS[word])
    return found


def bare_number(value: str) -> str:
    return value.rstrip("%")


_CAPITALISED = rf"[{_UPPER}](?:{_LETTER}|[’'.-])*"
_NAME = re.compile(
    rf"(?:{_CAPITALISED}|[{_UPPER}]\.)(?:\s+(?:of\s+|the\s+|de\s+|and\s+)?(?:{_CAPITALISED}|\d+))*"
)
_NOT_NAMES = {
    "the", "a", "an", "what", "which", "who", "whom", "whose", "when", "where", "why", "how",
    "is", "are", "was", "were", "do", "does", "did", "can", "could", "should", "would", "will",
    "in", "on", "at", "and", "but", "or", "if", "as", "it", "this", "that", "these", "those",
    "according", "summarise", "summarize", "describe", "explain", "list", "give", "tell",
    "compare", "has", "have", "had", "so", "then", "also", "both", "each", "i", "my",
    "we", "they", "he", "she", "there", "by", "for", "from", "to", "of", "with", "not", "any",
    "some", "all", "more", "most", "ok", "okay", "please", "now", "ever", "yes", "no",
}  # fmt: skip


def names(text: str) -> list[str]:
    """Capitalised name-like spans ("Michael Spence", "Department of Commerce", "U.S.").

    A capitalised first word of a sentence counts only when it is not a common function word.
    """
    found = []
    for match in _NAME.finditer(text):
        words = match.group(0).split()
        while words and words[0].lower().strip(".") in _NOT_NAMES:
            words = words[1:]
        while words and words[-1].lower() in {"of", "the", "and", "de"}:
            words = words[:-1]
        if words:
            found.append(" ".join(words))
    return found


def name_terms(text: str) -> set[str]:
    """Stemmed content terms that come from names in the text (entities to check against sources)."""
    out: set[str] = set()
    for name in names(text):
        out.update(content_terms(name))
    return out


_FRAME = re.compile(
    r"^(?:(?:the|this|that) (?:article|commentary|report|piece|author|story|analysis|study)"
    r"(?:'s author)? (?:states|says|said|argues|argued|suggests|notes|adds|claims|reports|warns)"
    r"(?: that)?|according to (?:the )?(?:article|commentary|report|piece)),?\s+",
    re.I,
)
_QUESTION_FRAME = re.compile(
    r"\b(?:(?:do|does|did) (?:the|both|each|these) (?:two )?(?:articles?|pieces?|reports?|sources?|"
    r"commentary) (?:say|suggest|describe|characteri[sz]e|portray|see|think)|"
    r"(?:according to|in|per) (?:the|both|each) (?:two )?(?:articles?|pieces?|reports?|sources?|"
    r"commentary)|(?:the|both|each|two) (?:articles?|pieces?|reports?|sources?) "
    r"(?:say|describe|characteri[sz]e|portray))\b",
    re.I,
)


def without_frame(text: str) -> str:
    """Drop a reporting frame ("The article states that ...", "do the articles say") so that
    similarity compares what is said, not who reports it.
    """
    return _QUESTION_FRAME.sub(" ", _FRAME.sub("", text)).strip()
