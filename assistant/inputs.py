"""Checks of what a question comes with (text, history, top_k, dates, filters), in one place.

The library calls these before any work, so the CLI, the UI and the HTTP API all refuse the same
inputs with the same messages: each names the input, the reason and, for a limit, the setting.
Values may come from JSON, so every check starts with the type.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from assistant.errors import InputError
from assistant.retrieval import Filters, end_key
from assistant.settings import Settings
from assistant.store import date_key

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # ASCII digits only


def _kind(value: object) -> str:
    return type(value).__name__


def _limit(what: str, size: int, unit: str, limit: int, setting: str) -> InputError:
    return InputError(f"{what} has {size:,} {unit}; the limit is {limit:,} "
                      f"(setting ASSISTANT_{setting.upper()}).")  # fmt: skip


def check_question(question: object, settings: Settings) -> str:
    """The question, stripped; an error when it is not text, empty, not UTF-8 or too long."""
    if not isinstance(question, str):
        raise InputError(f"The question must be text, not {_kind(question)}.")
    question = question.strip()
    if not question:
        raise InputError("The question is empty: type a question.")
    _check_utf8(question, "The question")
    if len(question) > settings.max_question_chars:
        raise _limit("The question", len(question), "characters", settings.max_question_chars,
                     "max_question_chars")  # fmt: skip
    return question


def _check_utf8(text: str, what: str) -> None:
    """Lone surrogates (an undecodable byte on the command line, or a bad JSON escape)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f"{what} is not valid UTF-8 text (an undecodable byte at character "
                         f"{exc.start + 1}); retype it or set the terminal to UTF-8.") from None  # fmt: skip


def check_history(history: object, settings: Settings) -> list[dict[str, str]]:
    """Role/content turns from a list of {"role", "content"} dicts or (user, assistant) pairs,
    within the history limits.
    """
    if history is None:
        return []
    if isinstance(history, (str, bytes, dict)) or not isinstance(history, Sequence):
        raise InputError("The history must be a list of {\"role\", \"content\"} turns or "
                         f"(user, assistant) pairs, not {_kind(history)}.")  # fmt: skip
    turns: list[dict[str, str]] = []
    for n, item in enumerate(history, 1):
        if isinstance(item, dict):
            role, content = item.get("role", ""), item.get("content", "")
            if not isinstance(role, str) or not isinstance(content, str):
                raise InputError(f"History turn {n}: role and content must be text, not "
                                 f"{_kind(role)} and {_kind(content)}.")  # fmt: skip
            turns.append({"role": role, "content": content})
        elif isinstance(item, (list, tuple)) and len(item) == 2 and \
                all(isinstance(x, str) or x is None for x in item):  # fmt: skip
            turns += [{"role": "user", "content": item[0] or ""},
                      {"role": "assistant", "content": item[1] or ""}]  # fmt: skip
        else:
            raise InputError(f"History turn {n} must be a {{\"role\", \"content\"}} dict or a "
                             f"(user, assistant) pair of texts, not {_kind(item)}.")  # fmt: skip
        if len(turns) > settings.max_history_turns:
            raise _limit("The history", len(history), "items", settings.max_history_turns,
                         "max_history_turns")  # fmt: skip
    total = 0
    for n, turn in enumerate(turns, 1):
        size = len(turn["content"])
        if size > settings.max_history_turn_chars:
            raise _limit(f"History turn {n}", size, "characters", settings.max_history_turn_chars,
                         "max_history_turn_chars")  # fmt: skip
        _check_utf8(turn["content"], f"History turn {n}")
        total += size
    if total > settings.max_history_chars:
        raise _limit("The history", total, "characters", settings.max_history_chars,
                     "max_history_chars")  # fmt: skip
    return turns


def check_top_k(k: object, settings: Settings) -> int | None:
    """How many passages: None for the configured number, else a whole number 1..max_top_k."""
    if k is None:
        return None
    if isinstance(k, float) and k.is_integer():
        k = int(k)
    if isinstance(k, bool) or not isinstance(k, int):
        raise InputError(f"top_k must be a whole number, not {_kind(k)} {k!r:.40}.")
    if not 1 <= k <= settings.max_top_k:
        raise InputError(f"top_k {k} is out of range: use 1 to {settings.max_top_k} "
                         "(setting ASSISTANT_MAX_TOP_K).")  # fmt: skip
    return k


def check_date(value: object, label: str, day: bool = False) -> str:
    """A real calendar date as YYYY, YYYY-MM or YYYY-MM-DD (only the last with ``day``), or ""."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(f"{label} date must be text (YYYY-MM-DD), not {_kind(value)}.")
    value = value.strip()
    if not value:
        return ""
    shape = "YYYY-MM-DD" if day else "YYYY, YYYY-MM or YYYY-MM-DD"
    match = _DATE.fullmatch(value)
    if match is None or (day and match.group(3) is None):
        what = "a day" if day else "a date"
        raise InputError(f"{label} date {value!r:.40} is not {what}: use {shape}.")
    year, month, dd = (int(g) if g else 1 for g in match.groups())
    try:
        date(year, month, dd)
    except ValueError as exc:
        raise InputError(f"{label} date {value!r} is not a date on the calendar ({exc}): "
                         f"use {shape}.") from None  # fmt: skip
    return value


def check_as_of(value: object) -> str:
    """The "as of" day ("" = today)."""
    return check_date(value, "As of", day=True)


def _names(values: object, what: str) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, (str, bytes, dict)) or not isinstance(values, Sequence) or \
            not all(isinstance(v, str) for v in values):  # fmt: skip
        raise InputError(f"{what} must be a list of names (text), not {_kind(values)}.")
    return tuple(v.strip() for v in values if v.strip())


def make_filters(outlets: object = None, sources: object = None, date_from: object = "",
                 date_to: object = "") -> Filters:  # fmt: skip
    """Filters from UI/API/CLI values: lists of names and a date range in calendar order."""
    start, end = check_date(date_from, "From"), check_date(date_to, "To")
    if start and end and date_key(start) > end_key(end):
        raise InputError(f"The date range is reversed: From {start} is after To {end}.")
    return Filters(_names(sources, "Sources"), _names(outlets, "Outlets"), start, end)


def check_filters(filters: object) -> Filters:
    """A :class:`Filters` (or None) checked as :func:`make_filters` checks its parts."""
    if filters is None:
        return Filters()
    if not isinstance(filters, Filters):
        raise InputError(f"filters must be a Filters, not {_kind(filters)}.")
    return make_filters(filters.outlets, filters.sources, filters.date_from, filters.date_to)


@dataclass(frozen=True)
class Request:
    """A question with its checked inputs."""

    question: str
    history: list[dict[str, str]]
    filters: Filters
    k: int | None
    as_of: str


def check_request(settings: Settings, question: object, history: object = None,
                  filters: object = None, k: object = None, as_of: object = "") -> Request:  # fmt: skip
    """Every input of a question checked; the first bad one raises :class:`InputError`."""
    return Request(check_question(question, settings), check_history(history, settings),
                   check_filters(filters), check_top_k(k, settings), check_as_of(as_of))  # fmt: skip
