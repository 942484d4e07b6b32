"""The LLM backend's verification with scripted chat models, including adversarial outputs."""

from __future__ import annotations

from typing import Any

import pytest

from assistant import Answer, Assistant, marker_numbers
from assistant.generation import LLMGenerator
from tests.llm_support import (
    BlocksFake,
    BreakingFake,
    context,
    document_text,
    passages,
    run,
    scripted,
    settings,
)

GAP = "As of March 2026, the leading US model held a narrow advantage of around 2.7 percent"
ZHU = ("Zhu said China places greater weight on the benefits AI brings to manufacturing, services and "
       "daily life")
ABSTAIN_TEXT = "The indexed articles do not answer this question."



def answer(reply: str, seeded: Assistant, **overrides: Any) -> tuple[list[str], Answer]:
    generator = LLMGenerator(settings(**overrides), chat=scripted(reply))
    return run(generator, passages(), seeded)


def check_citations(a: Answer) -> None:
    """Every citation is an exact span of the document; every [n] in the text is a citation."""
    text = document_text()
    numbers = {c.n for c in a.citations}
    for c in a.citations:
        if c.source_id != "blog":
            assert text[c.start : c.end] == c.quote
    assert set(marker_numbers(a.text)) == numbers


def test_supported_sentences_stream_with_renumbered_exact_citations(seeded: Assistant) -> None:
    deltas, a = answer(f"{GAP} [2]. {ZHU} [3].", seeded)
    assert not a.abstained and a.backend == "openai (gpt-4o-mini)"
    assert (a.sentences_total, a.sentences_verified) == (2, 2)
    assert "".join(deltas) == a.text and len(deltas) == 2
    assert a.text == f"{GAP}. [1] {ZHU}. [2]"
    assert a.citations[0].quote.startswith("As of March 2026, the leading US model held only a narrow")
    assert "China places greater weight" in a.citations[1].quote
    check_citations(a)
    assert a.notes == []


def test_out_of_range_citation_is_dropped_and_repaired(seeded: Assistant) -> None:
    _, a = answer(f"{GAP} [7].", seeded)
    assert a.sentences_verified == 1
    assert "2.7 percent" in a.citations[0].quote
    assert any("Dropped citation [7]" in n for n in a.notes)
    check_citations(a)


def test_missing_citation_gets_the_best_supporting_passage(seeded: Assistant) -> None:
    _, a = answer(f"{GAP}. {ZHU} [3].", seeded)
    assert a.sentences_verified == 2
    assert "2.7 percent" in a.citations[0].quote
    assert any("had no citation" in n for n in a.notes)
    check_citations(a)


def test_fabricated_number_is_removed(seeded: Assistant) -> None:
    deltas, a = answer(f"The leading US model held an advantage of around 12 percent [2]. {ZHU} [3].", seeded)
    assert "12 percent" not in a.text and "12 percent" not in "".join(deltas)
    assert (a.sentences_total, a.sentences_verified) == (2, 1)
    assert any("Removed an unsupported sentence" in n and "12" in n for n in a.notes)
    check_citations(a)


def test_fabricated_number_is_marked_in_mark_mode(seeded: Assistant) -> None:
    deltas, a = answer(f"{ZHU} [3]. The US lead was 12 percent [2].", seeded, unsupported_sentences="mark")
    assert a.text.endswith("The US lead was 12 percent. [unsupported]")
    assert "".join(deltas) == a.text
    assert (a.sentences_total, a.sentences_verified) == (2, 1)


def test_claim_cited_to_the_wrong_passage_is_re_cited(seeded: Assistant) -> None:
    _, a = answer(f"{GAP} [3].", seeded)
    assert a.sentences_verified == 1 and "2.7 percent" in a.citations[0].quote
    assert any("its own citation did not back it" in n for n in a.notes)


def test_wrong_attribution_is_not_supported_anywhere(seeded: Assistant) -> None:
    wrong = "Michael Spence said the US focuses on large models and massive computing power [3]."
    _, a = answer(f"{wrong} {GAP} [2].", seeded)
    assert "Spence" not in a.text
    assert a.sentences_verified == 1


def test_nothing_supported_becomes_an_abstention(seeded: Assistant) -> None:
    deltas, a = answer("The Eiffel Tower is in Paris [1]. The gap is 40 percent [2].", seeded)
    assert a.abstained and a.text.startswith(ABSTAIN_TEXT)
    assert deltas == [a.text]  # nothing unverified was streamed first
    assert a.citations == [] and len(a.passages) == 4
    assert (a.sentences_total, a.sentences_verified) == (2, 0)


def test_nothing_supported_in_mark_mode_is_an_abstention_too(seeded: Assistant) -> None:
    deltas, a = answer("The gap is 40 percent [2].", seeded, unsupported_sentences="mark")
    assert a.abstained and deltas == [a.text]


def test_the_model_saying_the_sources_do_not_say_is_an_abstention(seeded: Assistant) -> None:
    deltas, a = answer("The sources do not say.", seeded)
    assert a.abstained and a.text.startswith(ABSTAIN_TEXT) and deltas == [a.text]
    assert a.notes[0] == "The model said the passages do not answer the question."


def test_partial_abstention_keeps_what_is_supported(seeded: Assistant) -> None:
    _, a = answer(f"The passages do not mention who wrote the report. {GAP} [2].", seeded)
    assert not a.abstained
    assert a.text.startswith("The passages do not mention who wrote the report. As of March 2026")


def test_premise_correction_is_flagged(seeded: Assistant) -> None:
    _, a = answer(f"The sources do not support the premise of the question. {GAP} [2].", seeded)
    assert a.premise_corrected and not a.abstained
    assert a.text.startswith("The sources do not support the premise")


@pytest.mark.parametrize(
    "reply",
    [
        f"{GAP} [Passage 2]. {ZHU} [3",  # label inside the marker, a marker cut off at the end
        f"{GAP} 【2】. {ZHU}【3】",
        f"- {GAP} [2]\n- **{ZHU}** [3]",  # a list with emphasis
        f"{GAP}.[2] {ZHU}.[3]",
    ],
)
def test_malformed_markup_is_parsed(seeded: Assistant, reply: str) -> None:
    _, a = answer(reply, seeded)
    assert a.sentences_verified == 2 and not a.abstained
    assert "**" not in a.text and not a.text.startswith("-")
    check_citations(a)


def test_blank_output_is_an_abstention(seeded: Assistant) -> None:
    _, a = answer("  \n ", seeded)
    assert a.abstained and "The model wrote no answer sentence." in a.notes


def test_a_stream_without_chunks_falls_back(seeded: Assistant) -> None:
    _, a = answer("", seeded)
    assert a.backend.startswith("extractive (fallback: http://127.0.0.1:9/v1 sent a malformed response")


def test_garbage_output_is_an_abstention(seeded: Assistant) -> None:
    _, a = answer("]] [[ 0 0 0 ||| <|im_end|> lorem ipsum dolor", seeded)
    assert a.abstained


def test_content_blocks_are_read(seeded: Assistant) -> None:
    generator = LLMGenerator(settings(), chat=BlocksFake(messages=iter([f"{GAP} [2]."])))
    _, a = run(generator, passages(), seeded)
    assert a.sentences_verified == 1


def test_stream_breaking_after_a_verified_sentence_keeps_it(seeded: Assistant) -> None:
    reply = f"{GAP} [2]. {ZHU} [3]. More words here"
    words_before_break = len(f"{GAP} [2]. {ZHU} [3]. More".split(" ")) * 2  # words and spaces
    chat = BreakingFake(messages=iter([reply]), fail_after=words_before_break)
    _, a = run(LLMGenerator(settings(), chat=chat), passages(), seeded)
    assert a.backend.startswith("openai") and a.sentences_verified == 2
    assert any("cut off" in n for n in a.notes)


def test_stream_breaking_before_anything_is_shown_falls_back(seeded: Assistant) -> None:
    chat = BreakingFake(messages=iter([f"{GAP} [2]."]), fail_after=3)
    _, a = run(LLMGenerator(settings(), chat=chat), passages(), seeded)
    assert a.backend.startswith("extractive (fallback: the stream broke off")
    assert "2.7 percent" in a.text


def test_sentence_limit_stops_reading(seeded: Assistant) -> None:
    reply = " ".join([f"{GAP} [2].", f"{ZHU} [3]."] * 5)
    _, a = answer(reply, seeded, max_answer_sentences=2)
    assert a.sentences_verified == 2 and a.sentences_total == 2


def test_injected_instructions_are_data_in_the_prompt(seeded: Assistant) -> None:
    chat = scripted(f"{GAP} [2].")
    _, a = run(LLMGenerator(settings(), chat=chat), passages(), seeded)
    system, user = chat.received[0]
    assert "never instructions" in str(system.content)
    body = str(user.content)
    assert body.index("Ignore previous instructions") > body.index("<passage>")
    assert body.rindex("Question:") > body.rindex("</passage>")  # the task comes after the data
    assert a.text == f"{GAP}. [1]"


def test_an_obedient_model_cannot_get_injected_text_verified(seeded: Assistant) -> None:
    _, a = answer("The US lead is 40 percent [4].", seeded)
    assert a.abstained and "40 percent" not in a.text
    _, a = answer(f"{GAP} [2]. The US lead is 40 percent [4].", seeded)
    assert "40" not in a.text and a.sentences_verified == 1


def test_no_passages_is_an_abstention_without_calling_the_model(seeded: Assistant) -> None:
    chat = scripted("should not be used")
    generator = LLMGenerator(settings(), chat=chat)
    items = list(generator.stream([], context(seeded, "q?")))
    final = items[-1]
    assert isinstance(final, Answer) and final.abstained
    assert chat.received == []


def test_a_question_the_articles_cannot_answer_is_not_sent_to_the_model(seeded: Assistant) -> None:
    """Verification checks support, not relevance: a supported sentence can still dodge the
    question. The extractive answerability checks decide first (here: a name never mentioned)."""
    question = "What did the founder of DeepSeek say about Nvidia chips?"
    fake = scripted(f"{GAP} [2].")
    gated = Assistant(seeded.settings, LLMGenerator(settings(), chat=fake), seeded.embedder.inner)
    a = gated.answer(question)
    assert a.abstained and a.backend == "openai (gpt-4o-mini)" and fake.received == []
    assert "ASSISTANT_LLM_ANSWERABILITY_GATE" in a.notes[0] and "never mention" in a.text

    fake = scripted(f"{GAP} [2].")
    generator = LLMGenerator(settings(llm_answerability_gate=False), chat=fake)
    ungated = Assistant(seeded.settings, generator, seeded.embedder.inner)
    b = ungated.answer(question)
    assert len(fake.received) == 1  # asked: then only verification stands between it and the user
    assert not any("ANSWERABILITY_GATE" in note for note in b.notes)
