"""Choose hand-set constants on tune questions: ``assistant eval sweep``.

The answer model's weights and decision points are fitted by ``eval fit``; the other constants
(a setting such as ``recent_weight``, or a module constant such as
``generation.extractive.RECENT_SHARE``) are chosen here. Every combination of the given values is
set in turn, every ``tune`` question of every set is answered and scored for correctness (within
its budget), and the combination with the best mean share over the sets wins (each set has the same
say, as in ``eval fit``); among equals, the one in use. ``check`` questions are never asked.

A module constant is set on the module that defines it, so code that reads it from there at call
time sees the new value (a copy made by ``from module import NAME`` does not).
"""

from __future__ import annotations

import importlib
import itertools
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from assistant import Assistant, EvalError, Settings
from assistant.evals.dataset import Question
from assistant.evals.runner import collect
from assistant.evals.scoring import correctness_of

PACKAGE = "assistant"


@dataclass(frozen=True)
class Knob:
    """One constant and the values to try for it."""

    name: str  # a Settings field, or a dotted module path under the package and a constant's name
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Tally:
    """What one combination of values scored on one set's tune questions."""

    correct: int
    questions: int
    declined_answerable: int  # answerable questions declined

    @property
    def share(self) -> float:
        return self.correct / self.questions if self.questions else 0.0


@dataclass(frozen=True)
class Point:
    """One combination of values and what it scored on each set."""

    values: tuple[Any, ...]
    by_set: dict[str, Tally]
    in_use: bool

    @property
    def score(self) -> float:
        """The mean share correct over the sets."""
        return sum(t.share for t in self.by_set.values()) / len(self.by_set)

    @property
    def declined_answerable(self) -> int:
        return sum(t.declined_answerable for t in self.by_set.values())


@dataclass(frozen=True)
class SweepSet:
    """A question set ready to sweep: its name, the assistant over its sources, its tune questions."""

    name: str
    assistant: Assistant
    questions: list[Question]


def _module_and_attr(name: str) -> tuple[ModuleType, str]:
    path, _, attr = name.rpartition(".")
    try:
        module = importlib.import_module(f"{PACKAGE}.{path}")
    except ImportError as exc:
        raise EvalError(f"--try {name}: no module {PACKAGE}.{path}") from exc
    if not hasattr(module, attr):
        raise EvalError(f"--try {name}: {PACKAGE}.{path} has no constant {attr}")
    return module, attr


def current_value(name: str, settings: Settings) -> Any:
    """The value ``name`` has now (a setting's, or a module constant's)."""
    if "." not in name:
        if name not in type(settings).model_fields:
            raise EvalError(f"--try {name}: no such setting (a module constant is written module.NAME)")
        return getattr(settings, name)
    module, attr = _module_and_attr(name)
    return getattr(module, attr)


def _typed(text: str, like: Any, name: str) -> Any:
    """``text`` as a value of the type of ``like`` (the constant's value now)."""
    try:
        if isinstance(like, bool):
            if text.lower() not in {"true", "false", "1", "0"}:
                raise ValueError(text)
            return text.lower() in {"true", "1"}
        if isinstance(like, int):
            return int(text)
        if isinstance(like, float):
            return float(text)
    except ValueError as exc:
        raise EvalError(f"--try {name}: {text!r} is not a {type(like).__name__}") from exc
    return text


def parse_knob(spec: str, settings: Settings) -> Knob:
    """``NAME=V1,V2,…`` as a :class:`Knob`, its values of the constant's own type."""
    name, _, values = spec.partition("=")
    name = name.strip()
    texts = [v.strip() for v in values.split(",") if v.strip()]
    if not name or not texts:
        raise EvalError(f"--try {spec!r}: write NAME=VALUE,VALUE,… (e.g. recent_weight=0,0.5,1)")
    like = current_value(name, settings)
    return Knob(name, tuple(_typed(t, like, name) for t in texts))


@contextmanager
def values_set(assistant: Assistant, names: Sequence[str], values: Sequence[Any]) -> Iterator[None]:
    """Every ``names[i]`` set to ``values[i]`` inside the block, and back afterwards."""
    before = [current_value(n, assistant.settings) for n in names]
    try:
        for name, value in zip(names, values):
            _assign(assistant, name, value)
        yield
    finally:
        for name, value in zip(names, before):
            _assign(assistant, name, value)


def _assign(assistant: Assistant, name: str, value: Any) -> None:
    if "." in name:
        module, attr = _module_and_attr(name)
        setattr(module, attr, value)
    else:
        setattr(assistant.settings, name, value)


def tally(
    assistant: Assistant, questions: Sequence[Question], budget: Mapping[str, int] | None = None,
    progress: bool = False,
) -> Tally:  # fmt: skip
    """Correct answers and answerable questions declined over ``questions``, with the values in use."""
    correct = declined = 0
    for run in collect(assistant, questions, progress=progress, desc="sweep"):
        if run.error:
            continue
        correct += correctness_of(run, budget).correct
        declined += run.answer.abstained and run.question.kind != "unanswerable"
    return Tally(correct, len(questions), declined)


def sweep(sets: Sequence[SweepSet], knobs: Sequence[Knob], budget: Mapping[str, int] | None = None,
          progress: bool = False) -> list[Point]:  # fmt: skip
    """Every combination of the knobs' values scored on the tune questions of every set."""
    sets = [SweepSet(s.name, s.assistant, [q for q in s.questions if q.split == "tune"]) for s in sets]
    if not any(s.questions for s in sets):
        raise EvalError("no tune question to sweep on (check questions are never used here)")
    sets = [s for s in sets if s.questions]
    names = [k.name for k in knobs]
    now = tuple(current_value(n, sets[0].assistant.settings) for n in names)
    points = []
    for values in itertools.product(*(k.values for k in knobs)):
        by_set = {}
        for s in sets:
            with values_set(s.assistant, names, values):
                by_set[s.name] = tally(s.assistant, s.questions, budget, progress)
        points.append(Point(values, by_set, values == now))
    return points


def best(points: Sequence[Point]) -> Point:
    """The best mean share; among equals the values in use, then the fewest answerable declined."""
    return max(points, key=lambda p: (round(p.score, 9), p.in_use, -p.declined_answerable))


def sweep_table(knobs: Sequence[Knob], points: Sequence[Point]) -> str:
    """The sweep as a Markdown table (a column per set, then their mean), the chosen row in bold."""
    chosen = best(points)
    sets = list(points[0].by_set)
    head = [k.name for k in knobs] + sets + ["mean", "answerable declined", "notes"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for p in points:
        cells = [str(v) for v in p.values]
        cells += [f"{t.correct}/{t.questions}" for t in p.by_set.values()]
        cells += [f"{p.score:.3f}", str(p.declined_answerable)]
        cells.append(" · ".join(m for m, on in (("in use", p.in_use), ("chosen", p is chosen)) if on))
        if p is chosen:
            cells = [f"**{c}**" if c else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
