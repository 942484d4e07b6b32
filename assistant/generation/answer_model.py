"""The answer model: a logistic regression over ``FEATURES`` that says how likely a candidate
sentence is to answer the question; a second, over ``GATE_FEATURES``, that says how likely the
articles answer it at all (the answerability gate); and the fitted points where the answer stops
or abstains.

Its numbers are data (``answer_model.json`` beside this file), written by ``assistant eval fit``
from the ``tune`` questions only; nothing in it is set by hand.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import ConfigError

from .features import FEATURES

MODEL_FILE = Path(__file__).with_name("answer_model.json")

# What the gate reads of a question's candidates: how likely the best sentence answers, and how
# close in meaning that sentence and the closest candidate are to the question (when no retrieved
# sentence is near the question, the articles are about something else).
GATE_FEATURES = ("best_probability", "best_similarity", "closest_similarity")


Values = Sequence[float] | np.ndarray


def gate_row(probabilities: Values, similarities: Values) -> np.ndarray:
    """One question's ``GATE_FEATURES`` (1 x 3) from its candidates' probabilities and similarities."""
    p = np.asarray(probabilities, dtype=np.float64)
    sim = np.nan_to_num(np.asarray(similarities, dtype=np.float64))
    best = int(np.argmax(p))
    return np.array([[p[best], sim[best], sim.max()]])


@dataclass(frozen=True)
class Logistic:
    """A standardised logistic regression."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        if x.shape[1] != len(self.weights):
            raise ConfigError(
                f"answer model expects {len(self.weights)} features, got {x.shape[1]}"
            )
        z = _standardise(x, np.asarray(self.mean), np.asarray(self.scale)) @ np.asarray(
            self.weights
        ) + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_dict(self, names: tuple[str, ...]) -> dict[str, Any]:
        return {
            "weights": dict(zip(names, (round(w, 5) for w in self.weights))),
            "bias": round(self.bias, 5),
            "mean": dict(zip(names, (round(m, 5) for m in self.mean))),
            "scale": dict(zip(names, (round(s, 5) for s in self.scale))),
        }


@dataclass(frozen=True)
class AnswerModel(Logistic):
    """The sentence model, the answerability gate and the two decision points fitted with them."""

    # Abstain when the gate's probability (without a gate: the best sentence's) is below this.
    abstain_below: float = 0.0
    # A second sentence joins a fact answer only with at least this share of the best probability.
    second_share: float = 1.0
    # How many retrieved passages its sentences are chosen from (0: those shown, ``top_k``); the
    # ones beyond ``top_k`` are shown only when the answer cites them.
    passages: int = 0
    fitted: dict[str, Any] = field(default_factory=dict)  # what it was fitted on, and how well
    gate: Logistic | None = None  # over GATE_FEATURES

    def answerable(self, row: np.ndarray) -> float:
        """How likely the articles answer the question, from its ``gate_row``."""
        return float(self.gate.probabilities(row)[0]) if self.gate else float(row[0, 0])

    def to_dict(self, names: tuple[str, ...] = FEATURES) -> dict[str, Any]:
        gate = {"features": list(GATE_FEATURES), **self.gate.to_dict(GATE_FEATURES)} if self.gate else None
        return {
            "features": list(names),
            **super().to_dict(names),
            "gate": gate,
            "abstain_below": round(self.abstain_below, 4),
            "second_share": round(self.second_share, 4),
            "passages": self.passages,
            "fitted": self.fitted,
        }

    def save(self, path: Path = MODEL_FILE) -> None:
        path.write_text(json.dumps(self.to_dict(), indent=2) + "\n", encoding="utf-8")


def from_dict(data: dict[str, Any], where: str = "answer model") -> AnswerModel:
    gate = data.get("gate")
    return AnswerModel(
        **_logistic(data, FEATURES, where),
        abstain_below=float(data.get("abstain_below", 0.0)),
        second_share=float(data.get("second_share", 1.0)),
        passages=int(data.get("passages", 0)),
        fitted=dict(data.get("fitted", {})),
        gate=Logistic(**_logistic(gate, GATE_FEATURES, f"{where}'s gate")) if gate else None,
    )


def _logistic(data: dict[str, Any], names: tuple[str, ...], where: str) -> dict[str, Any]:
    missing = [f for f in names if f not in data.get("weights", {})]
    if missing:
        raise ConfigError(
            f"{where} has no weight for {', '.join(missing)}: re-fit with 'assistant eval fit'"
        )
    return {
        "weights": tuple(float(data["weights"][f]) for f in names),
        "bias": float(data["bias"]),
        "mean": tuple(float(data["mean"][f]) for f in names),
        "scale": tuple(float(data["scale"][f]) for f in names),
    }


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> AnswerModel:
    """The fitted model (read once per path)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(
            f"cannot read the answer model {path}: {exc}; re-fit with 'assistant eval fit'"
        ) from exc
    return from_dict(data, str(path))


def _standardise(x: np.ndarray, mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Standardised features; an unknown one (NaN) sits at the mean, so it adds nothing."""
    return np.nan_to_num((x - mean) / scale, nan=0.0)


def fit_logistic(
    x: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray | None = None,
    l2: float = 1.0,
    steps: int = 100,
) -> Logistic:
    """Weighted maximum-likelihood logistic regression with an L2 penalty (Newton steps, NumPy)."""
    w = np.ones(len(y)) if weights is None else weights / weights.mean()
    mean = np.nan_to_num(np.nanmean(x, axis=0))
    scale = np.nan_to_num(np.nanstd(x, axis=0))
    scale[scale < 1e-6] = 1.0
    z = _standardise(x, mean, scale)
    design = np.hstack([z, np.ones((len(z), 1))])
    beta = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not shrunk
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ beta, -30, 30)))
        gradient = design.T @ (w * (p - y)) + penalty * beta
        hessian = (design * (w * p * (1 - p))[:, None]).T @ design + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return Logistic(
        tuple(beta[:-1].tolist()), float(beta[-1]), tuple(mean.tolist()), tuple(scale.tolist())
    )
