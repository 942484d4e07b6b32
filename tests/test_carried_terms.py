"""A follow-up's words carried from earlier turns say what it is about, not what it asks: the
sentence with the words typed in this turn answers it (`QuestionProfile.carried`, `CARRIED_WEIGHT`
in assistant/generation/features.py; an article written for the test)."""

from __future__ import annotations

import pytest

from assistant import Assistant, Passage
from assistant import condense_question as condense
from assistant.generation import (
    CARRIED_WEIGHT,
    ExtractiveGenerator,
    GenerationContext,
    candidate_sentences,
    follow_up_profile,
)
from assistant.text import content_terms

FLOOD = (
    "The harbour town of Westmere was flooded by a storm on Monday, and its coast road was closed "
    "to traffic. Volunteers from nearby villages filled sandbags through the night. Repairs to the "
    "sea wall will take about six months, the council said."
)
FIRST = "Which town was flooded by the storm on Monday?"
HISTORY = [{"role": "user", "content": FIRST},
           {"role": "assistant", "content": "Westmere was flooded by a storm on Monday [1]."}]  # fmt: skip
FOLLOW_UP = "And what did volunteers do?"


def test_the_terms_carried_into_a_follow_up_are_the_earlier_turns_words_not_its_own() -> None:
    standalone = condense(FOLLOW_UP, HISTORY)
    assert standalone != FOLLOW_UP, standalone  # the condenser carried the topic along
    profile = follow_up_profile(FOLLOW_UP, standalone)
    assert set(content_terms("town flooded storm")) <= profile.carried, profile.carried
    assert not set(content_terms("volunteers")) & profile.carried  # typed in this turn
    assert not profile.name_terms & profile.carried  # names say who or what "it" is
    assert not follow_up_profile(FIRST, FIRST).carried  # a first question carries nothing


def test_the_sentence_with_the_follow_ups_own_words_gains_on_the_one_with_the_carried_ones(
    seeded: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    passage = Passage("f-0", "flood", FLOOD, 0, len(FLOOD), "Storm floods Westmere", "Coast News",
                      "2024-05-02", score=1.0, rank=1)  # fmt: skip
    settings = seeded.settings
    generator = ExtractiveGenerator(settings.prompts_dir, settings.max_answer_sentences)
    standalone = condense(FOLLOW_UP, HISTORY)
    # One hand-written passage: every term is taken to be in the index, with the same weight.
    context = GenerationContext(question=FOLLOW_UP, standalone=standalone, history=HISTORY,
                                follow_up=True, embed=seeded.embedder.embed,
                                idf=lambda term: 1.0, document_frequency=lambda term: 1)  # fmt: skip
    profile = follow_up_profile(FOLLOW_UP, standalone)

    def lead_over_volunteers() -> float:
        """How much the model prefers the sentence the last answer quoted to the volunteers one."""
        quoted, volunteers, _ = candidate_sentences([passage])
        generator.score([quoted, volunteers], profile, context)
        return quoted.score - volunteers.score

    assert 0 < CARRIED_WEIGHT < 1
    weighted = lead_over_volunteers()
    monkeypatch.setattr(
        "assistant.generation.features.CARRIED_WEIGHT", 1.0
    )  # the carried words counting in full
    assert weighted < lead_over_volunteers()
