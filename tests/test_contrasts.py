"""Contrasts in news: a sentence set against the one before leans on it, and a follow-up about
the other party can be answered by a sentence that sets the two apart (general rules, text written
for the test)."""

from __future__ import annotations

import pytest

from assistant import Passage
from assistant.generation.evidence import Sentence

PASSAGE = Passage("p-0", "ports", "x", 0, 1, "Ports", "Harbour Times", "2024-05-02", score=1.0, rank=1)


@pytest.mark.parametrize(
    "text",
    [
        "The northern port, in contrast, ships mostly grain.",
        "In contrast, the southern port ships cars.",
        "By contrast, rail freight fell.",
        "Meanwhile, the ferry company raised its fares.",
        "Mayor Okafor, on the other hand, wants a second bridge.",
    ],
)
def test_a_sentence_set_against_the_one_before_leans_on_it(text: str) -> None:
    assert Sentence(text, 0, len(text), PASSAGE, 0).needs_context()


@pytest.mark.parametrize(
    "text",
    [
        "The port ships grain in contrast to its rival.",
        "Prices rose, meanwhile the index fell.",
        "Northern ports ship grain.",
    ],
)
def test_a_contrast_inside_the_sentence_does_not_lean_on_the_one_before(text: str) -> None:
    assert not Sentence(text, 0, len(text), PASSAGE, 0).needs_context()
