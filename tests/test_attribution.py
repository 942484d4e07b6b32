"""Speaker attribution rules on sentences written for these tests, the ``via`` front matter, and
the labelled evaluation (``evals/attribution.jsonl``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import EvalError, SourceError
from assistant.attribution import attribute_text
from assistant.evals import accuracy, evaluate, load_labels, normalise_name
from assistant.loaders import load_document

ARTICLE = "\n".join([
    "Harbour Fees Rise Again",
    "The port authority raised its fees for the third time this year.",
    "“We had no choice,” said Mara Quell, the authority's deputy director of finance, in a statement.",
    "“Costs have doubled. Nobody wanted this.”",
    "She added that the rise would be reviewed in spring.",
    "According to Transport Minister Oskar Brandt, the fees remain the lowest on the coast.",
    "Brandt said shippers had been told in advance.",
    "Economist Lena Varga noted that such rises rarely last.",
    "“Ports compete,” she said. “They cannot keep this up.”",
    "A spokesperson for the Shipping Council told the paper it would appeal.",
    "“He told us ‘the fees will fall,’ but they never did,” Varga said.",
    "The authority did not say when the fees would fall.",
])  # fmt: skip


def _speakers(text: str, **kw: str) -> list[tuple[str | None, str | None, str]]:
    return [(a.attribution.quoted, a.attribution.role, a.span.text) for a in attribute_text(text, **kw)]


def test_each_kind_of_attribution_finds_its_speaker_and_role() -> None:
    got = _speakers(ARTICLE, outlet="Coast Herald")
    by_start = {text.split()[0] + " " + text.split()[1]: (who, role) for who, role, text in got}
    assert got[0][0] is None and got[1][0] is None  # headline and own voice
    assert by_start["“We had"] == ("Mara Quell", "authority's deputy director of finance")
    # The quotation runs on into the next sentence.
    assert by_start["“Costs have"] == ("Mara Quell", "authority's deputy director of finance")
    assert by_start["Nobody wanted"][0] == "Mara Quell"
    assert by_start["She added"][0] == "Mara Quell"  # pronoun: the last person named
    assert by_start["According to"] == ("Oskar Brandt", "Transport Minister")
    # A surname stands for the full name given before, and the role stays with it.
    assert by_start["Brandt said"] == ("Oskar Brandt", "Transport Minister")
    assert by_start["Economist Lena"] == ("Lena Varga", "Economist")
    assert by_start["“Ports compete,”"][0] == "Lena Varga"
    assert by_start["“They cannot"][0] == "Lena Varga"
    assert by_start["A spokesperson"] == ("Shipping Council", "spokesperson")
    assert by_start["“He told"][0] == "Lena Varga"  # a nested quote does not decide the speaker
    assert by_start["The authority"][0] is None  # "did not say": no one speaks


def test_the_own_voice_is_the_outlet_and_via_comes_with_quoted_speakers() -> None:
    text = "The fair opened on Monday.\nThe minister said the fair would grow."
    own, quoted = attribute_text(text, outlet="Coast Herald", via="quoted by Port Daily")
    voice = own.attribution
    assert (voice.speaker, voice.kind, voice.via) == ("Coast Herald", "outlet", None)
    assert own.attribution.quoted is None
    assert quoted.attribution.speaker == "minister" and quoted.attribution.via == "quoted by Port Daily"


def test_a_relayed_article_speaks_for_its_cited_outlet() -> None:
    text = "The article states that ports will merge.\nPorts are busy."
    first, second = attribute_text(text, outlet="Relay News", cited="Harbour Weekly")
    assert first.attribution.quoted == "Harbour Weekly"
    assert second.attribution.quoted is None and second.attribution.speaker == "Relay News"


def test_front_matter_via_is_read_and_checked(tmp_path: Path) -> None:
    good = tmp_path / "a.md"
    good.write_text("---\ntitle: A\nvia: quoted by   Port Daily\n---\nBody text.\n", encoding="utf-8")
    assert load_document(good, 10**6).extra["via"] == "quoted by Port Daily"
    bad = tmp_path / "b.md"
    bad.write_text("---\ntitle: B\nvia: [one, two]\n---\nBody text.\n", encoding="utf-8")
    with pytest.raises(SourceError, match="'via' must be one line of text"):
        load_document(bad, 10**6)


def test_the_seeds_carry_their_provenance_chain() -> None:
    from assistant import PROJECT_ROOT

    vias = {load_document(p, 10**7).extra.get("via") for p in (PROJECT_ROOT / "sources").glob("*.md")}
    assert vias == {"quoted by China Daily", "summarised from a Foreign Policy commentary"}


def test_labels_name_sentences_by_place_and_hash_and_a_changed_sentence_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "x.md").write_text("---\ntitle: X\noutlet: Coast Herald\n---\n" + ARTICLE, encoding="utf-8")
    import hashlib

    from assistant.text import split_sentences

    spans = split_sentences(load_document(folder / "x.md", 10**6).text)
    picked = [(1, None, "none", "tune"), (2, "Mara Quell", "quote", "tune"),
              (4, "Mara Quell", "pronoun", "check"), (6, "Oskar Brandt", "reported", "check")]
    rows = [{"file": "x.md", "corpus": "seeds", "index": i, "speaker": who, "kind": kind, "split": split,
             "sha": hashlib.sha256(spans[i].text.encode()).hexdigest()[:12]}
            for i, who, kind, split in picked]
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report = accuracy(evaluate(load_labels(labels), {"seeds": folder}))
    assert report["tune"]["accuracy"] == 1.0 and report["check"]["accuracy"] == 1.0
    assert report["check"]["accuracy.pronoun"] == 1.0 and report["tune"]["accuracy.pronoun"] is None
    rows[0]["sha"] = "000000000000"
    labels.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(EvalError, match="sentence 1 is not the labelled one"):
        evaluate(load_labels(labels), {"seeds": folder})
    labels.write_text('{"file": "x.md"}\n', encoding="utf-8")
    with pytest.raises(EvalError, match="labels.jsonl:1: a label needs"):
        load_labels(labels)


def test_names_are_compared_without_case_apostrophes_or_determiners() -> None:
    assert normalise_name("The Harbour’s Board") == normalise_name("harbour's board")
    assert normalise_name(None) == ""


def test_the_repository_labels_cover_what_the_issue_asks() -> None:
    labels = load_labels()
    kinds = {label.kind for label in labels}
    assert len(labels) >= 150 and {"pronoun", "nested", "none", "carried"} <= kinds
    assert {label.split for label in labels} == {"tune", "check"}
    # Articles are never split across tune and check.
    tune = {lb.file for lb in labels if lb.split == "tune"}
    assert not tune & {lb.file for lb in labels if lb.split == "check"}


SECOND = "\n".join([
    "Dana Okafor has run the ferry line for twenty years.",
    "“Nobody rides in winter,” the 61-year-old from Port Ellis, Maine, said.",
    "The line lost money again, said Okafor.",
    "Tideway Holdings, the firm that owns the docks, said it would not renew the lease.",
    "Meanwhile, the Coastal Transit Agency has warned that service could end.",
    "“We are out of options,” the agency said.",
    "Varnholt Logistics, a rival operator, responded with a lower bid.",
    "The council approved the plan but Mayor Ines Calloway said the vote was close.",
    "Riders were angry, she said, and many wrote letters.",
    "Councillor Piet Arendsz, however, says the line will survive.",
    "He described the lease as “a formality.”",
    "But then again, “nothing is certain. Ask anyone on the pier.”",
    "What do the riders say?",
    "“We will keep sailing,” Ellis Brune said. “Every day.”",
    "Brune, the deck chief, told the Herald the crew had not been paid.",
])  # fmt: skip


def test_descriptions_surnames_groups_and_quotations_without_a_frame() -> None:
    got = {text: who for who, _, text in _speakers(SECOND, outlet="Herald")}
    lines = SECOND.split("\n")
    assert got[lines[1]] == "Dana Okafor"  # "the 61-year-old from Town, State, said": named before
    assert got[lines[2]] == "Dana Okafor"  # inverted after a comma-ended clause
    assert got[lines[3]] == "Tideway Holdings"
    assert got[lines[5]] == "Coastal Transit Agency"  # "the agency said": the organisation named last
    assert got[lines[6]] is None  # "responded with" is not speech
    assert got[lines[7]] == "Ines Calloway"  # "… but Mayor Name said"
    assert got[lines[8]] == "Ines Calloway"  # "…, she said": not a name in what she said
    assert got[lines[9]] == "Piet Arendsz"  # "Name, however, says"
    assert got[lines[10]] == "Piet Arendsz"  # "described X as “…”" quotes him
    # A quotation with only connectives around it, and the sentence it runs on into.
    assert got["But then again, “nothing is certain."] == got["Ask anyone on the pier.”"] == "Piet Arendsz"
    assert got[lines[12]] is None  # the outlet's own question
    assert got[lines[14]] == "Ellis Brune"  # "told the Herald": the outlet is not the speaker


def test_surnames_before_their_full_name_and_one_word_speakers() -> None:
    text = "\n".join([
        "“Prices will rise,” said Halloran.",
        "Kestrel said it would cut jobs.",
        "“We had no choice,” he said.",
        "Mira Halloran runs the largest bakery in town.",
    ])  # fmt: skip
    got = [who for who, _, _ in _speakers(text, outlet="Herald")]
    # A surname the article completes later is that person; a one-word name it never completes is a
    # firm or a country, so "he" stands for the person.
    assert got[:3] == ["Mira Halloran", "Kestrel", "Mira Halloran"]


def test_accents_typed_either_way_are_one_name() -> None:
    composed, decomposed = "Søren Björk", "Søren Bjo\u0308rk"
    text = f"{decomposed}, a historian, spoke first.\n“It was late,” Bjo\u0308rk said."
    assert [who for who, _, _ in _speakers(text)][1] == composed


def test_name_suffixes_and_groups_of_people() -> None:
    text = "\n".join([
        "“We won,” said Ada Brook Jr.",
        "Brook supporters at the county hall said they were glad.",
        "Flora Voss spoke next, complimenting her rivals and saying “we all care.”",
    ])  # fmt: skip
    got = [who for who, _, _ in _speakers(text, outlet="Herald")]
    assert got == ["Ada Brook Jr.", "Brook supporters", "Flora Voss"]


def test_a_bare_surname_is_the_family_member_the_article_names_most() -> None:
    text = "\n".join([
        "Governor Ruth Almond opened the bridge on Monday.",
        "Critics of Ruth Almond say the bridge cost too much.",
        "“It was worth it,” said Timo Almond, her nephew.",
        "“We built it on time,” Almond said.",
        "Prime Minister Karim Nadir Al-Hassan visited the site.",
        "“We agree,” Hassan said.",
    ])  # fmt: skip
    got = [who for who, _, _ in _speakers(text, outlet="Herald")]
    assert got[2:] == ["Timo Almond", "Ruth Almond", None, "Karim Nadir Al-Hassan"]


def test_more_speech_verbs_and_job_titles() -> None:
    text = "\n".join([
        "Port Supervisor Anja Borel, a Republican, opposes the levy.",
        "“The state must pay,” she said.",
        "Mayor Lou Ferris spoke later.",
        "“This is not the end,” he continued, “and we will build.”",
        "“Walk this way,” volunteers shouted as the buses arrived.",
        "Ferris rebutted that the levy was fair.",
    ])  # fmt: skip
    got = [who for who, _, _ in _speakers(text, outlet="Herald")]
    assert got[1] == "Anja Borel"  # "Supervisor" is a title: she is the person named last
    assert got[3:6] == ["Lou Ferris", "volunteers", "Lou Ferris"]


def test_possessives_days_opening_verbs_and_topics() -> None:
    text = "\n".join([
        "Councillor Edda Rook said the vote was fair.",
        "Rook's remarks came as the vote began.",
        "Replied Mayor Ivo Tarn: “You are late.”",
        "But Monday Ola Strand, the deputy director of the port office, said the plan would hold.",
        "But the Institute's Veda Moss said the report was sound.",
        "As for Tarn on Friday, he did not address the vote.",
        "“We will see,” he said.",
        "Nell Ashby, 19 from Port Ellis, waited at the station.",
        "“I am worried,” she said.",
        "Tarn leaned into that response, arguing that the plan failed.",
        "Rates fell, Harbour Times previously reported.",
    ])  # fmt: skip
    got = [who for who, _, _ in _speakers(text, outlet="harbourtimes.com")]
    assert got[1:5] == [None, "Ivo Tarn", "Ola Strand", "Veda Moss"]
    assert got[6] == "Ivo Tarn"  # "As for Name, he …" names the one "he said" stands for
    assert got[8:] == ["Nell Ashby", "Ivo Tarn", None]  # "Name, 19 from Place," introduces a person


def test_a_subject_with_a_place_by_doing_and_a_question_then_its_asker() -> None:
    text = "\n".join([
        "Ivo Tarn in his closing statement called the plan “a failure.”",
        "Mayor Lou Ferris closed the meeting by insisting that the budget would hold.",
        "“Where is the bus?” asked Rhea Quint, a 28-year-old from Port Ellis, as she searched her bag.",
    ])  # fmt: skip
    got = [(who, text) for who, _, text in _speakers(text, outlet="Herald")]
    assert got[0][0] == "Ivo Tarn" and got[1][0] == "Lou Ferris"
    assert got[2] == ("Rhea Quint", "“Where is the bus?”")  # the question is the asker's


def test_appositions_kin_seeming_and_fronted_clauses() -> None:
    text = "\n".join([
        "Mayor Ivo Tarn opened the hearing.",
        "The region's water watchdog, the Coastal Water Authority, has repeatedly said the levels are safe.",
        "His sister-in-law, Mira Voss, testified she hid the keys.",
        "But in remarks quoted by the Harbour Gazette, Tarn appeared to suggest that the port would close.",
        "“Get ready,” Lena Ferro, the city's first female councillor warned.",
        "When Judge Ada Quist at the Harbour Court asked if anyone objected, Tarn raised his hand.",
        "“Noted,” the judge said.",
        "Jana Holm, president of Sun & Sea Shipping Collective, said the fleet would grow.",
        "E. Mara Quell's lawyer spoke first.",
        "“It was a long day,” Quell said.",
        "The jurors will stay unnamed, even to Tarn and Quell, the judge said.",
    ])  # fmt: skip
    got = [who for who, _, _ in _speakers(text, outlet="Herald")]
    assert got[1:5] == ["Coastal Water Authority", "Mira Voss", "Ivo Tarn", "Lena Ferro"]
    assert got[5:8] == [None, "Ada Quist", "Jana Holm"]  # "When Name asked …, X did": background
    assert got[9:] == ["E. Mara Quell", "Ada Quist"]  # "…, the judge said": not a name in what was said


def test_a_heading_after_a_quotation_does_not_claim_it() -> None:
    text = "“We will see,” said Ivo Tarn.\n“They are ready.”\nReady for anything, officials say"
    assert [who for who, _, _ in _speakers(text, outlet="Herald")][:2] == ["Ivo Tarn", "Ivo Tarn"]


def test_progressive_verbs_places_sources_parties_and_a_left_out_verb() -> None:
    text = "\n".join([
        "A storm hit the coast on Monday, the Coastal Weather Service is reporting.",
        "Fees doubled, according to the Center for Port Studies at the University of Ellis.",
        "Traffic fell, according to data from analytics firm Harbour Metrics.",
        "“The levy is fair,” Harbour Republican Ivo Tarn said.",
        "“We cannot wait,” Sen. Lena Ferro, R-Ellis.",
    ])  # fmt: skip
    got = [(who, role) for who, role, _ in _speakers(text, outlet="Herald")]
    sources = ["Coastal Weather Service", "Center for Port Studies", "Harbour Metrics"]
    assert [who for who, _ in got[:3]] == sources
    assert got[3] == ("Ivo Tarn", "Harbour Republican")
    assert got[4][0] == "Lena Ferro"


def test_ranks_surnames_like_titles_reflexives_passives_and_phrases() -> None:
    text = "\n".join([
        "Rear Admiral Tomas Vell, the navy spokesman, said the drills would end.",
        "Rep. Ada Dean, D-Ellis, signed the letter.",
        "“We can wait,” Dean told the Herald.",
        "Mayor Lou Ferris spoke later.",
        "And the mayor has himself said the plan is final.",
        "Gov. Ruth Almond on Wednesday accused the agency of failing to act.",
        "Ferris was accused of lying.",
        "During the morning meeting, Almond called for calm and said that talks should go on.",
        "She also pledged to “keep talking” and said “we will meet again.”",
    ])  # fmt: skip
    got = [who for who, _, _ in _speakers(text, outlet="Herald")]
    assert got[0] == "Tomas Vell" and got[2] == "Ada Dean"  # "Dean" ending a name is a surname
    assert got[4:] == ["Lou Ferris", "Ruth Almond", None, "Ruth Almond", "Ruth Almond"]


def test_plural_documents_owners_and_a_name_with_its_organisation() -> None:
    text = "\n".join([
        "Fees will rise again, studies suggest.",
        "Pears top the list, according to the Harbour Growers Union’s 2022 Guide to Fruit.",
        "“We cannot match every strain,” said Dr. Ines Varo with the Coastal Health Institute.",
    ])  # fmt: skip
    got = [who for who, _, _ in _speakers(text, outlet="Herald")]
    assert got == ["studies", "Harbour Growers Union", "Ines Varo"]


def test_cnn_style_titles_heads_of_organisations_and_described_names() -> None:
    text = "\n".join([
        "“The levy is unfair,” said veteran Rep. Ola Strand of Ellis, a member of the port panel.",
        "The head of the Harbour Anti-Fraud Agency (HAFA) Tomas Vell says the port was “hijacked.”",
        "Fees rose in May.",
        "In Vell’s statement obtained by the Herald, the harbour anti-fraud chief also called for calm, "
        "stating that the port was safe.",
        "Coastal figure skater Rhea Quint also backed the port, saying “we stay.”",
        "One Harbour councillor, Rep. Piet Arendsz of Ellis, accused the board of lying.",
        "Ferris's Harbour Works Department has defended the plan and said it would hold.",
        "Senior Republicans want a vote.",
        "Republicans say the plan is too costly.",
        "“It is too early.”",
        "said moderate Rep. Ines Varo of Ellis, who sits on the panel.",
    ])  # fmt: skip
    got = [who for who, _, _ in _speakers(text, outlet="Herald")]
    assert got[:2] == ["Ola Strand", "Tomas Vell"]
    assert got[3:6] == ["Tomas Vell", "Rhea Quint", "Piet Arendsz"]
    assert got[6] == "Harbour Works Department" and got[8] == "Republicans"
    assert got[9:] == ["Ines Varo", "Ines Varo"]  # a sentence opening with "said Name" claims the quotation


def test_findings_organisation_statements_nouns_after_prepositions_and_fronted_phrases() -> None:
    text = "\n".join([
        "Researchers found “clear gains” for all three groups.",
        "Scientists discovered in 1986 that the tide affected the levels.",
        "After ten years, researchers looked at records for reports of illness.",
        "“All the results are negative,” the Harbour Council statement said.",
        "Children should not drink it, according to the Coastal Academy of Medicine.",
        "Mayor Lou Ferris spoke on Monday.",
        "In an interview with Harbour TV in 2019, the city's mayor Ferris defended the plan, saying it held.",
    ])  # fmt: skip
    got = [who for who, _, _ in _speakers(text, outlet="Herald")]
    assert [normalise_name(who) for who in got[:3]] == ["researchers", "scientists", ""]  # "for reports"
    assert got[3:] == ["Harbour Council", "Coastal Academy of Medicine", None, "Lou Ferris"]


def test_a_chain_of_he_keeps_its_person_and_a_firm_based_somewhere() -> None:
    text = "\n".join([
        "Mayor Lou Ferris won the vote on Monday.",
        "He joked about the count, though he did not name Councillor Ines Varo.",
        "He did thank the volunteers.",
        "“This is only the first step,” he said.",
        "Delays are common, said Ola Strand of Harbour Tours based in Ellis.",
        "“Nothing is certain,” she said.",
    ])  # fmt: skip
    got = [who for who, _, _ in _speakers(text, outlet="Herald")]
    assert got[3:] == ["Lou Ferris", "Ola Strand", "Ola Strand"]


def test_report_sources_outlet_desks_and_a_company_long_after_it_spoke() -> None:
    filler = " ".join(f"Ships came on day {n}." for n in range(1, 10))
    text = "\n".join([
        "One recent report from Harbour Watch said fees rose.",
        "Herald Business reported the cases to the port.",
        "Kestrel said it would reply.",
        filler,
        "After a review, the company said it took action.",
    ])  # fmt: skip
    got = [who for who, _, _ in _speakers(text, outlet="herald.com")]
    assert got[:3] == ["Harbour Watch", None, "Kestrel"]  # the outlet's own desk is its voice
    assert got[-1] == "Kestrel"


def test_a_sentence_that_says_what_does_not_claim_the_quotation_before_it() -> None:
    text = "\n".join([
        "Ivo Tarn, the mayor, opened the port on Monday.",
        "The port is safe, according to a spokesperson for the mayor.",
        "Councillor Ines Varo disagreed.",
        "She added that the council would vote in June.",
        "“We will see.”",
        "Tarn said the vote would not matter.",
        "“I'll say it once.”",
        "Tarn told reporters in the hall.",
    ])  # fmt: skip
    got = [who for who, _, _ in _speakers(text, outlet="Herald")]
    assert got[1] == "Ivo Tarn"  # "a spokesperson for the mayor": the mayor named before
    assert got[4:] == ["Ines Varo", "Ivo Tarn", "Ivo Tarn", "Ivo Tarn"]


def test_a_statement_from_a_described_organisation_speaks_for_it() -> None:
    text = "\n".join([
        "The Harbour Council met on Monday.",
        "A statement from the council read: “The vote stands.”",
        "“We will not change it,” it added.",
        "Poll shows a lead for the port",
    ])  # fmt: skip
    got = [who for who, _, _ in _speakers(text, outlet="Herald")]
    assert got == [None, "Harbour Council", "Harbour Council", None]  # a heading is the outlet's


def test_an_organisation_in_apposition_and_a_ministry_spokesperson() -> None:
    text = "\n".join([
        "The company behind the port, Kestrel Shipping Ltd, said fees would rise.",
        "The Harbour Ministry issued new rules.",
        "“It is safe,” a ministry spokesperson said.",
    ])  # fmt: skip
    got = [(who, role) for who, role, _ in _speakers(text, outlet="Herald")]
    assert got[0] == ("Kestrel Shipping Ltd", "company behind the port")
    assert got[2][0] == "Harbour Ministry"  # "a ministry spokesperson": the ministry named before
