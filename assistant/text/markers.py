"""Citation markers in answer text: the one grammar (``[2]``, ``[1, 3]``), read and written here.

Answers carry one bracket per citation (``[1][3]``, :func:`markers`). Models also write variants
(``[Passage 2]``, ``[1; 3]``, ``[1-3]``, ``【2】``): :func:`normalise_markers` rewrites them in this
grammar first. A streamed answer can end inside a marker; :func:`only_markers` and
:func:`close_marker` deal with that.
"""

from __future__ import annotations

import re

_NUMBERS = r"\d+(?:\s*,\s*\d+)*"
# A marker: its numbers are group 1.
CITATION_MARKER = re.compile(rf"\[({_NUMBERS})\]")
_SPACED = re.compile(rf"\s*{CITATION_MARKER.pattern}")  # with the space before it
_AFTER_STOP = re.compile(rf"([.!?][\"'”’)]*)((?:\s*\[{_NUMBERS}\])+)")  # "... brain. [1]"
_LEADING = re.compile(rf"^(?:\[{_NUMBERS}\]\s*)+")
_PARTIAL_ONLY = re.compile(r"^(?:\[[\d,\s]*\]?\s*)+$")  # markers, the last maybe still arriving
_UNCLOSED = re.compile(rf"(\[\s*{_NUMBERS})\s*,?$")

_LABEL = r"(?:passages?|sources?|documents?|docs?|refs?|references?)?\s*#?\s*"
_VARIANT = re.compile(
    rf"[\[【]\s*{_LABEL}(\d+(?:\s*(?:[,;]|-|–|and)\s*{_LABEL}\d+)*)\s*[\]】]", re.I
)
_RANGE = re.compile(r"(\d+)\s*[-–]\s*(\d+)")


def marker_numbers(text: str) -> list[int]:
    """The numbers of every marker in ``text``, in order (repeats kept)."""
    return [int(n) for group in CITATION_MARKER.findall(text) for n in re.split(r"\s*,\s*", group)]


def without_markers(text: str) -> str:
    """``text`` without its markers and the space before each."""
    return _SPACED.sub("", text)


def strip_markers(text: str) -> str:
    """:func:`without_markers`, stripped."""
    return without_markers(text).strip()


def markers(numbers: list[int]) -> str:
    """``[1][3]``: one bracket per citation (how the UI links them)."""
    return "".join(f"[{n}]" for n in numbers)


def markers_before_stop(text: str) -> str:
    """Markers that follow a sentence's end moved in front of it (``"a. [1]"`` -> ``"a [1]."``), so
    a sentence splitter keeps each with its sentence.
    """
    return _AFTER_STOP.sub(r"\2\1", text)


def leading_markers_end(text: str) -> int:
    """Where the markers ``text`` starts with end (0: it starts with none)."""
    lead = _LEADING.match(text)
    return lead.end() if lead else 0


def only_markers(text: str) -> bool:
    """Is ``text`` nothing but markers, the last possibly unfinished (``"[2"``, ``"[1, "``)?"""
    return bool(_PARTIAL_ONLY.match(text))


def close_marker(text: str) -> str:
    """``text`` with a marker cut off at its end closed (``"... 2015. [2"`` -> ``"... 2015. [2]"``)."""
    return _UNCLOSED.sub(r"\1]", text)


def normalise_markers(text: str) -> str:
    """Rewrite marker variants as ``[n]`` or ``[n, m]`` (ranges expanded, at most 10 numbers)."""

    def fix(match: re.Match[str]) -> str:
        inner = re.sub(r"[^\d,;\-–]+", " ", match.group(1).replace("and", ","))
        inner = _RANGE.sub(lambda m: ",".join(_expand(int(m.group(1)), int(m.group(2)))), inner)
        numbers = [n for n in re.split(r"[\s,;]+", inner) if n.isdigit()]
        return "[" + ", ".join(numbers) + "]" if numbers else match.group(0)

    return _VARIANT.sub(fix, text)


def _expand(a: int, b: int) -> list[str]:
    if a > b or b - a > 9:
        return [str(a), str(b)]
    return [str(n) for n in range(a, b + 1)]
