"""Comparison answers on the seed articles: one section per side, each sentence cited; the
question analysis that finds the sides; the side-by-side table; person questions."""

from __future__ import annotations

import json
import re

import pytest

from assistant import Answer, Assistant, Citation, Passage, Section
from assistant.generation import analyse, candidate_sentences, sides_of
from assistant.ui import chat_markdown, comparison_table

from .conftest import source_text

ZH = "zh-china-daily-us-china-ai-cooperation"
SPIKE = "spike-news-us-china-ai-convergence-or-competition"


@pytest.mark.parametrize(
    ("question", "sides", "documents", "by_source", "aspect"),
    [
        ("How do the US and China differ on governance?", ["US", "China"], set(), False, "governance"),
        ("Compare Biden and Trump on immigration", ["Biden", "Trump"], set(), False, "immigration"),
        ("How do Apple and Microsoft compare on prices?", ["Apple", "Microsoft"], set(), False, "prices"),
        ("Compare how the Foreign Policy commentary and the China Daily report describe it.",
         ["Foreign Policy", "China Daily"], {"Foreign Policy", "China Daily"}, False, ""),
        ("What do the two articles say about adoption?", [], set(), True, "adoption"),
        ("What does Zhu Min say about adoption?", [], set(), False, ""),
        ("How did Acme and Bolt compare in the latest survey?", ["Acme", "Bolt"], set(), False,
         "latest survey"),
        ("Compare Acme and Bolt at the weekend market.", ["Acme", "Bolt"], set(), False, "weekend market"),
    ],
)  # fmt: skip
def test_the_question_names_its_sides(
    question: str, sides: list[str], documents: set[str], by_source: bool, aspect: str
) -> None:
    p = analyse(question)
    assert (p.sides, p.source_sides, p.by_source, p.aspect) == (sides, documents, by_source, aspect)


def test_the_speaker_a_question_asks_about() -> None:
    assert analyse("What does Zhu Min say about adoption?").speaker == "Zhu Min"
    assert analyse("According to Michael Spence, who has caught up?").speaker == "Michael Spence"
    assert analyse("What does the report say about China?").speaker == ""
    each = analyse("What did Acme and Bolt each say about prices?")  # each side's words, not one speaker's
    assert (each.sides, each.speaker) == (["Acme", "Bolt"], "")



@pytest.mark.parametrize(
    ("question", "sides", "says"),
    [
        ("How do Maria Lopez and Tom Berg explain the delay?", ["Maria Lopez", "Tom Berg"], True),
        ("How did Acme and Bolt react to the ruling?", ["Acme", "Bolt"], True),
        ("How would Acme Corp and Bolt describe the deal?", ["Acme Corp", "Bolt"], True),
        # Not two named subjects of a view verb: no sides.
        ("How does Maria Lopez explain the delay?", [], False),
        ("How did Acme and Bolt perform last quarter?", [], False),
        ("Why do Acme and Bolt explain nothing?", [], False),
    ],
)  # fmt: skip
def test_two_named_subjects_of_a_view_verb_are_sides(question: str, sides: list[str], says: bool) -> None:
    p = analyse(question)
    assert (p.sides, p.says, p.comparative) == (sides, says, bool(sides))


def _sections_cited(a: Assistant, answer: Answer) -> None:
    by_n = {c.n: c for c in answer.citations}
    for section in answer.sections:
        assert section.sentences and len(section.sentences) == len(section.citations)
        for sentence, n in zip(section.sentences, section.citations):
            c = by_n[n]
            assert sentence in c.quote and source_text(a, c.source_id)[c.start : c.end] == c.quote
            assert f"{sentence} [{n}]" in answer.text


def test_two_named_sides_get_a_section_each(seeded: Assistant) -> None:
    answer = seeded.answer("How do the US and China differ on AI governance?")
    assert [s.label for s in answer.sections] == ["US", "China"]
    _sections_cited(seeded, answer)
    lines = answer.text.split("\n")
    assert lines[0].startswith("US") and lines[1].startswith("China")
    us = " ".join(answer.sections[0].sentences)
    assert "external governance" in us
    assert {a for s in answer.sections for a in s.aspects} <= {"", "AI governance"}
    data = json.loads(json.dumps(answer.to_dict()))
    assert data["sections"][0]["label"] == "US" and data["sections"][1]["citations"]


def test_the_two_articles_get_a_section_each(seeded: Assistant) -> None:
    # Worded fully enough to pass the answerability gate ("... about adoption?" alone is declined:
    # no sentence comes close enough in meaning to one word), which is not what this tests.
    answer = seeded.answer("What do the two articles say about AI adoption?")
    assert {s.label for s in answer.sections} == {"ZH", "Spike News"}
    _sections_cited(seeded, answer)
    by_n = {c.n: c for c in answer.citations}
    for section in answer.sections:  # every sentence of a section comes from that section's source
        assert len({by_n[n].outlet for n in section.citations}) == 1


def test_a_named_document_is_its_source(seeded: Assistant) -> None:
    question = "Compare how the Foreign Policy commentary and the China Daily report characterise China's AI?"
    answer = seeded.answer(question)
    by_n = {c.n: c for c in answer.citations}
    sources = {s.label: {by_n[n].source_id for n in s.citations} for s in answer.sections}
    assert sources == {"Foreign Policy": {SPIKE}, "China Daily": {ZH}}


def test_a_fact_question_has_no_sections(seeded: Assistant) -> None:
    answer = seeded.answer("How large was the US model's lead in March 2026?")
    assert answer.sections == [] and answer.to_dict()["sections"] == []


def test_a_person_question_is_answered_with_their_own_words(seeded: Assistant) -> None:
    answer = seeded.answer("What does Michael Spence say about China?")
    assert answer.citations
    first = answer.citations[0]
    assert first.speaker == "Michael Spence", (first.speaker, first.quote)


def test_the_comparison_table_puts_sides_in_columns_and_aspects_in_rows() -> None:
    cites = [Citation(n, "s", "T", "O", "2024-01-01", "q", 0, 1) for n in (1, 2, 3)]
    answer = Answer("q", "A: x [1]\nB: y [2] z [3]", cites, False, [], "extractive", sections=[
        Section("A & co", ["x <b>"], [1], ["price"]),
        Section("B", ["y", "z"], [2, 3], ["price", ""]),
    ])  # fmt: skip
    html = comparison_table(answer, 4)
    assert re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', html) == ["Aspect", "A &amp; co", "B"]
    rows = re.findall(r"<tr><th scope=\"row\">([^<]*)</th>(.*?)</tr>", html)
    assert [r[0] for r in rows] == ["price", ""]
    assert "x &lt;b&gt;" in rows[0][1] and 'href="#ev-4-2"' in rows[0][1]
    assert rows[1][1].startswith("<td></td><td>z")
    assert chat_markdown(answer, 4).count("<table") == 1


def _passage(source_id: str, text: str, outlet: str, title: str = "Shops in town") -> Passage:
    return Passage(f"{source_id}:0", source_id, text, 0, len(text), title, outlet, "2024-01-01")


def _sides(question: str, passages: list[Passage], scores: tuple[float, ...],
           own: dict[str, dict[int, float]] | None = None) -> dict[str, list[str]]:  # fmt: skip
    """Each side's sentences for ``question``, the candidates rated ``scores`` in order (and, for a
    side in ``own``, rated by it: candidate index -> that side's rating)."""
    sentences = candidate_sentences(passages)
    for s, score in zip(sentences, scores, strict=True):
        s.score = score
    ranked = sorted(sentences, key=lambda s: -s.score)
    side_scores = {side: {sentences[i].key: r for i, r in rated.items()}
                   for side, rated in (own or {}).items()}  # fmt: skip
    return {side.label: [x.text for x in side.sentences]
            for side in sides_of(analyse(question), ranked, {}, 900, 0.35, lambda t: 1.0,
                                 side_scores=side_scores)}  # fmt: skip


def test_a_sentence_on_the_asked_aspect_leads_its_side() -> None:
    text = ("Acme opened two new shops in the city. Acme cut its prices to five dollars. "
            "Bolt hired a baker from Paris. Bolt raised its prices to nine dollars.")
    scores = (0.9, 0.5, 0.8, 0.45)
    sides = _sides("How do Acme and Bolt differ on prices?", [_passage("a", text, "Daily")], scores)
    # The general sentences are rated higher; those on prices lead their sides all the same.
    assert sides["Acme"][0] == "Acme cut its prices to five dollars."
    assert sides["Bolt"][0] == "Bolt raised its prices to nine dollars."
    # Without an aspect the model's order stands.
    plain = _sides("How do Acme and Bolt differ?", [_passage("a", text, "Daily")], scores)
    assert plain["Acme"][0].startswith("Acme opened") and plain["Bolt"][0].startswith("Bolt hired")


def test_an_article_titled_with_the_aspect_is_on_it_in_every_sentence() -> None:
    about = _passage("a", "Acme opened two new shops in the city.", "Daily", title="Bread prices in town")
    other = _passage("b", "Acme bakes its bread before dawn. Bolt raised its prices to nine dollars.", "Wire")
    sides = _sides("How do Acme and Bolt differ on prices?", [about, other], (0.5, 0.9, 0.6))
    assert sides["Acme"][0] == "Acme opened two new shops in the city."  # its headline is about prices


def test_a_document_side_is_its_source_in_every_passage() -> None:
    first = "The Acme Review ran an essay on bread last week. It says bakers work long hours."
    later = "Prices will rise next year, the essay says. Flour costs more."
    essay = [Passage(f"w:{i}", "w", text, at, at + len(text), "Bread in town", "Wire", "2024-01-01")
             for i, (text, at) in enumerate([(first, 0), (later, 500)])]  # fmt: skip
    report = _passage("b", "Bolt Daily says prices fell. Bolt Daily sells bread too.", "Bolt Daily")
    question = "How do the Acme Review essay and the Bolt Daily report differ on prices?"
    sides = _sides(question, [*essay, report], (0.3, 0.2, 0.6, 0.1, 0.9, 0.2))
    # The essay's later passage does not name it, and is its source's all the same.
    assert sides["Acme Review"][0] == "Prices will rise next year, the essay says."
    assert sides["Bolt Daily"][0] == "Bolt Daily says prices fell."


def test_a_person_named_in_full_is_then_named_by_surname() -> None:
    text = ("Ann Holt and Ben Vale ran for mayor. Holt won 60 percent of the vote. "
            "Vale won 30 percent of the vote.")
    question = "Compare Ann Holt and Ben Vale on the vote."
    sides = _sides(question, [_passage("a", text, "Daily")], (0.9, 0.5, 0.4))
    assert sides["Ann Holt"][0] == "Holt won 60 percent of the vote."
    assert sides["Ben Vale"][0] == "Vale won 30 percent of the vote."
    # A last word the article also writes in lowercase is a noun, not a surname.
    text = ("Acme Guard sells alarms. Guard dogs cost more than a guard on foot. "
            "Acme Guard charges ten dollars. Bolt Watch charges nine dollars.")
    question = "Compare Acme Guard and Bolt Watch on prices."
    sides = _sides(question, [_passage("a", text, "Daily")], (0.9, 0.8, 0.4, 0.5))
    assert "Guard dogs cost more than a guard on foot." not in sides["Acme Guard"]


def test_a_name_with_a_separate_accent_mark_is_the_same_side() -> None:
    decomposed = "Ga\u0301lvez won 28 percent of the vote."  # the accent as a combining mark
    text = f"Lopez won 60 percent of the vote. {decomposed}"
    sides = _sides("Compare Lopez and Galvez on the vote.", [_passage("a", text, "Daily")], (0.9, 0.5))
    assert sides["Galvez"] == [decomposed]


def test_sides_take_their_own_sentences_and_name_the_shared_aspect() -> None:
    text = ("Acme cut its prices to five dollars last week. Bolt, in contrast, raised its prices to nine "
            "dollars. Both Acme and Bolt sell bread. Acme also opened two new shops in the city.")
    sentences = candidate_sentences([_passage("a", text, "Daily")])
    for s, score in zip(sentences, (0.9, 0.3, 0.8, 0.5)):
        s.score = score
    ranked = sorted(sentences, key=lambda s: -s.score)
    profile = analyse("How do Acme and Bolt differ on prices?")
    sides = sides_of(profile, ranked, {}, 900, 0.35, lambda t: 1.0)
    assert [s.label for s in sides] == ["Acme", "Bolt"]
    acme, bolt = ([x.text for x in s.sentences] for s in sides)
    assert acme[0].startswith("Acme cut") and "Both Acme and Bolt sell bread." not in acme + bolt[:1]
    assert bolt[0].startswith("Bolt, in contrast")  # the sentence next to the other side's leads
    assert sides[0].aspects[0] == sides[1].aspects[0] == "prices"


def test_a_side_does_not_take_a_copy_of_another_sides_sentence() -> None:
    shared = "A court let Acme cut the fence that Bolt built along the river on Monday."
    first = candidate_sentences([_passage("a", f"{shared} Bolt said the fence works.", "Daily")])
    copy = candidate_sentences([_passage("b", f"{shared} Acme said it will cut it soon.", "Wire")])
    for s, score in zip([*first, *copy], (0.9, 0.2, 0.8, 0.3)):
        s.score = score
    ranked = sorted([*first, *copy], key=lambda s: -s.score)
    profile = analyse("How do Bolt and Acme differ on the fence?")
    sides = sides_of(profile, ranked, {}, 900, 0.35, lambda t: 1.0)
    texts = {side.label: [x.text for x in side.sentences] for side in sides}
    assert texts["Bolt"][0] == shared and shared not in texts["Acme"]  # the syndicated copy is Bolt's
    assert texts["Acme"][0].startswith("Acme said")


def test_every_side_cited_counts_sides_in_cited_sentences_only() -> None:
    from assistant.evals.metrics import SidesInput, sides_cited

    text = "US on rules: The US favours external rules. [1] China embeds it. | China: Both sides differ [2]."
    expect = [["external"], ["embeds"]]
    # "embeds" is in a sentence no marker follows: that side is not cited.
    assert sides_cited(SidesInput("cmp-01", "multi", text, False, expect)) is False
    assert sides_cited(SidesInput("cmp-01", "multi", text, False, [["external"], ["differ"]])) is True
    assert sides_cited(SidesInput("cmp-01", "multi", text, True, [["external"], ["differ"]])) is False
    # Not a comparison: no value, so the rate is over comparison questions only.
    assert sides_cited(SidesInput("fact-07", "multi", text, False, [["external"], ["differ"]])) is None
    assert sides_cited(SidesInput("rtqa-cmp-02", "fact", text, False, [["external"]])) is None


def test_every_side_cited_is_a_split_metric() -> None:
    from assistant.evals import breakdown, flat_keys

    def record(qid: str, split: str, cited: bool | None) -> dict[str, object]:
        return {"id": qid, "kind": "multi", "set": "cmp", "split": split, "correct": bool(cited),
                "abstained": False, "retrieval": None, "sides_cited": cited}  # fmt: skip

    rows = [record("cmp-1", "tune", True), record("cmp-2", "tune", False), record("cmp-3", "check", True),
            record("multi-4", "check", None)]  # fmt: skip
    keys = flat_keys(breakdown(rows))
    assert keys["sides_cited@tune"] == 0.5 and keys["sides_cited@check"] == 1.0


@pytest.mark.parametrize(
    ("question", "says", "measured"),
    [
        ("Compare what Acme and Bolt said about prices.", True, False),
        ("How do Acme and Bolt each describe the deal?", True, False),
        ("How do Acme and Bolt differ on the deal?", False, False),
        ("How did Acme and Bolt compare in the latest survey?", False, True),
        ("How did Acme and Bolt differ in their speeches?", False, False),  # in kind, not measure
        ("How do Acme and Bolt compare on monthly price?", False, True),
        ("How much do Acme and Bolt charge, compared?", False, True),
        ("What does Ann Holt say about prices?", False, False),  # one speaker, no sides
    ],
)  # fmt: skip
def test_the_question_says_whether_it_asks_words_or_figures(question: str, says: bool,
                                                            measured: bool) -> None:  # fmt: skip
    p = analyse(question)
    assert (p.says, p.measured) == (says, measured)


def test_asked_what_the_sides_said_a_sides_quoted_words_lead_it() -> None:
    text = ("Acme cut its bread prices on Monday. Bolt complained that rival prices were unfair. "
            "\u201cOur bread will stay cheap,\u201d Bolt said.")
    scores = (0.9, 0.8, 0.2)
    said = _sides("Compare what Acme and Bolt said about prices.", [_passage("a", text, "Daily")], scores)
    assert said["Bolt"][0] == "\u201cOur bread will stay cheap,\u201d Bolt said."
    # Asked how they differ, what the model rates higher (also the side's, reported) leads.
    differ = _sides("How do Acme and Bolt differ on prices?", [_passage("a", text, "Daily")], scores)
    assert differ["Bolt"][0].startswith("Bolt complained")


def test_asked_to_measure_the_sides_a_sentence_with_a_figure_leads_its_side() -> None:
    text = ("Acme led the bread survey in March. Acme won 60% in the bread survey. "
            "Bolt trailed far behind in the survey. Bolt got 30% in the bread survey.")
    scores = (0.9, 0.6, 0.8, 0.5)
    survey = [_passage("a", text, "Daily")]
    measured = _sides("How did Acme and Bolt compare in the bread survey?", survey, scores)
    assert measured["Acme"][0] == "Acme won 60% in the bread survey."
    assert measured["Bolt"][0] == "Bolt got 30% in the bread survey."
    # Asked how they differ on it, nothing asks for a figure: the model's order stands.
    plain = _sides("How do Acme and Bolt differ on the bread survey?", survey, scores)
    assert plain["Acme"][0].startswith("Acme led") and plain["Bolt"][0].startswith("Bolt trailed")


def test_asked_to_measure_the_sides_a_sides_own_words_do_not_outrank_its_figure() -> None:
    text = ("Lopez won 60% of the vote. \u201cWe will be back,\u201d Galvez said at her last rally. "
            "Galvez got 28% of the vote.")
    sides = _sides("How did Lopez and Galvez compare in the vote?", [_passage("a", text, "Daily")],
                   (0.9, 0.6, 0.25))  # fmt: skip
    assert sides["Galvez"][0] == "Galvez got 28% of the vote."


def test_a_sides_own_rating_orders_its_sentences() -> None:
    text = ("Acme sells bread in the city. Acme charges five dollars a loaf. "
            "Bolt sells bread by the river. Bolt charges nine dollars a loaf.")
    passages, scores = [_passage("a", text, "Daily")], (0.9, 0.5, 0.8, 0.4)

    def leads(own: dict[str, dict[int, float]] | None) -> dict[str, str]:
        return {label: texts[0] for label, texts in _sides("How do Acme and Bolt differ?", passages, scores,
                                                          own).items()}  # fmt: skip

    # Rated for the whole question, the general sentences lead; Bolt's own rating of the candidates
    # (what is asked of Bolt) puts its price first. The question's best sentence still leads Acme.
    assert leads(None) == {"Acme": "Acme sells bread in the city.", "Bolt": "Bolt sells bread by the river."}
    own = {"Acme": {0: 0.2, 1: 0.7}, "Bolt": {2: 0.1, 3: 0.6}}
    assert leads(own) == {"Acme": "Acme sells bread in the city.",
                          "Bolt": "Bolt charges nine dollars a loaf."}  # fmt: skip


def test_an_organisation_speaks_through_the_officer_the_article_names_by_its_short_name() -> None:
    text = ("Acme Foods opened a bread plant in May. \u201cWe are proud of our bakers,\u201d Acme CEO "
            "Ann Holt said. Bolt Mills said flour prices would rise. Acme said the plant cost $5 million.")
    sides = _sides("What did Acme Foods and Bolt Mills each say about the plant?",
                   [_passage("a", text, "Daily")], (0.9, 0.5, 0.8, 0.2))  # fmt: skip
    # "Acme CEO Ann Holt" speaks for Acme Foods: asked what the sides say, her quoted words lead.
    assert sides["Acme Foods"][0].startswith("\u201cWe are proud of our bakers")
    # A word the article also writes in lowercase is not a short name ("a golden loaf ... Golden CEO").
    text = ("Golden Mills opened a bread plant in May. Its golden loaves sell well. \u201cWe are proud of "
            "our bakers,\u201d Golden CEO Ann Holt said. Bolt Foods said flour prices would rise.")
    sides = _sides("What did Golden Mills and Bolt Foods each say about the plant?",
                   [_passage("a", text, "Daily")], (0.9, 0.3, 0.5, 0.8))  # fmt: skip
    assert not any(s.startswith("\u201cWe are proud") for s in sides["Golden Mills"])


def test_each_party_rates_the_candidates_for_its_own_part_of_the_question(seeded: Assistant) -> None:
    from assistant.generation import ExtractiveGenerator, GenerationContext

    text = ("Acme and Bolt both sell bread in the old town. Acme cut its bread prices to five dollars. "
            "Bolt raised its bread prices to nine dollars.")
    passage = Passage("p-0", "bread", text, 0, len(text), "Bread in town", "Daily", "2024-05-02",
                      score=1.0, rank=1)  # fmt: skip
    question = "How do Acme and Bolt differ on bread prices?"
    generator = ExtractiveGenerator(seeded.settings.prompts_dir, seeded.settings.max_answer_sentences)
    context = GenerationContext(question=question, standalone=question, embed=seeded.embedder.embed,
                                idf=lambda term: 1.0, document_frequency=lambda term: 1)  # fmt: skip
    both, acme, bolt = candidate_sentences([passage])
    rated = generator._side_scores([both, acme, bolt], analyse(question), context)
    assert set(rated) == {"Acme", "Bolt"}
    # Each side's own query ("Acme bread prices") prefers the sentence about that side.
    assert rated["Acme"][acme.key] > rated["Acme"][bolt.key]
    assert rated["Bolt"][bolt.key] > rated["Bolt"][acme.key]
    # A side named as a document is found by its source, not rated by a query of its own.
    document = analyse("How do the Daily report and the Wire essay differ on bread prices?")
    assert not set(generator._side_scores([both, acme, bolt], document, context)) & set(document.source_sides)


def test_a_contrasting_sentence_leads_its_side_when_the_best_sentence_left_names_both() -> None:
    text = ("Acme and Bolt both sell bread in the old town. Acme sells rye loaves. "
            "Acme bakes its loaves at night. Bolt, in contrast, bakes its loaves at dawn.")
    sides = _sides("How do Acme and Bolt differ?", [_passage("a", text, "Daily")], (0.9, 0.55, 0.6, 0.05))
    # Acme takes its own two; the question's best sentence, naming both, is left to Bolt, yet the
    # sentence that sets Bolt against Acme's, right after it, leads Bolt, however low it is rated.
    assert set(sides["Acme"]) == {"Acme sells rye loaves.", "Acme bakes its loaves at night."}
    assert sides["Bolt"][0] == "Bolt, in contrast, bakes its loaves at dawn."
