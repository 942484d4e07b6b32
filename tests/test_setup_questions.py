"""A question the article asks its reader right before a sentence ("But did you know X ...? While X
..."), sets that sentence up: it is no candidate answer itself, but it comes along when the sentence
is chosen and the question names something that neither the sentence nor the user's question names
(articles written for the test)."""

from __future__ import annotations

from assistant import Assistant, Passage
from assistant.generation import Decision, ExtractiveGenerator, GenerationContext, candidate_sentences

SET_UP = (
    "Mayor Dana Whitcombe is better known for her garden parties.\n\n"
    "But did you know the former mayor Ilse Brandvold once ran a rowing regatta in Eastmere?\n\n"
    "While Brandvold never rowed herself, she did sponsor the regatta on the river for three summers "
    "until the town council cut its funding."
)
# A subhead that asks what the question asks, naming nothing new: it does not come along.
HEADED = (
    "Who will pay for the Eastmere bridge?\n\n"
    "The council agreed on Tuesday that the county will pay for the new Eastmere bridge over the river."
)


def _passage(text: str) -> Passage:
    return Passage("a-0", "a", text, 0, len(text), "Town news", "Coast News", "2031-05-02", score=1.0, rank=1)


def _decide(seeded: Assistant, text: str, question: str) -> Decision:
    generator = ExtractiveGenerator(seeded.settings.prompts_dir, seeded.settings.max_answer_sentences)
    context = GenerationContext(question=question, standalone=question, embed=seeded.embedder.embed,
                                idf=lambda term: 1.0, document_frequency=lambda term: 1)  # fmt: skip
    return generator.decide([_passage(text)], context)


def test_the_articles_question_before_a_sentence_is_its_set_up_not_a_candidate() -> None:
    sentences = candidate_sentences([_passage(SET_UP)])
    texts = [s.text for s in sentences]
    assert not any(t.endswith("?") for t in texts), texts
    (answer,) = [s for s in sentences if s.text.startswith("While Brandvold")]
    assert answer.setup is not None and answer.setup.text.startswith("But did you know")
    assert all(s.setup is None for s in sentences if s is not answer)


def test_quoted_words_and_the_repeated_title_are_no_set_up() -> None:
    text = "“Why would anyone row in winter?” Brandvold said of the regatta. The regatta ran in summer."
    assert all(s.setup is None for s in candidate_sentences([_passage(text)]))
    titled = "Who Rows in Eastmere?\n\nThe Eastmere regatta drew 40 crews from Lornhaven on Sunday."
    passage = Passage("t-0", "t", titled, 0, len(titled), "Who Rows in Eastmere?", "Coast News", "2031-05-02")
    assert all(s.setup is None for s in candidate_sentences([passage]))


def test_the_set_up_comes_along_when_it_names_what_the_sentence_only_refers_to(seeded: Assistant) -> None:
    decision = _decide(seeded, SET_UP, "Which former mayor sponsored a rowing regatta on the river?")
    texts = [s.text for s in decision.chosen]
    assert decision.kind == "answer" and any(t.startswith("While Brandvold") for t in texts), texts
    named = next(i for i, t in enumerate(texts) if "Ilse Brandvold" in t)
    assert named < next(i for i, t in enumerate(texts) if t.startswith("While Brandvold"))


def test_a_set_up_naming_nothing_new_stays_out(seeded: Assistant) -> None:
    decision = _decide(seeded, HEADED, "What did the council agree about paying for the Eastmere bridge?")
    texts = [s.text for s in decision.chosen]
    assert decision.kind == "answer" and texts == [HEADED.split("\n\n")[1]], texts
