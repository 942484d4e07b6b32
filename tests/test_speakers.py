"""Speakers over a real index (embedded Chroma, the seed articles): citations carry who speaks,
everyone quoted is listed, and ``sentences_by`` gives what a person said, not where they are named."""

from __future__ import annotations

import json

import pytest

from assistant import Assistant, Citation, StoreError
from assistant.ui import speaker_line, speakers_html
from tests.conftest import RunCli

ZH = "zh-china-daily-us-china-ai-cooperation"


def test_citations_of_an_answer_carry_speaker_role_and_via(seeded: Assistant) -> None:
    answer = seeded.answer("What does Zhu Min say the United States focuses on?")
    assert answer.citations
    first = answer.citations[0]
    assert (first.speaker, first.speaker_role, first.via) == (
        "Zhu Min", "former IMF deputy managing director", "quoted by China Daily")  # fmt: skip
    row = answer.to_dict()["citations"][0]
    assert {"speaker", "speaker_role", "via"} <= set(row) and row["speaker"] == "Zhu Min"


def test_an_own_voice_citation_speaks_for_the_outlet_without_via(seeded: Assistant) -> None:
    answer = seeded.answer("Where did the Chain Expo open?")
    assert answer.citations
    c = answer.citations[0]
    assert (c.speaker, c.speaker_role, c.via) == (c.outlet, None, None)


def test_everyone_quoted_with_role_count_and_articles(seeded: Assistant) -> None:
    records = dict(seeded.snapshot().records)
    speakers = {sp.name: sp for sp in seeded.speakers.speakers(records)}
    zhu, spence = speakers["Zhu Min"], speakers["Michael Spence"]
    assert zhu.role == "former IMF deputy managing director" and zhu.articles == [ZH]
    assert spence.role == "Economist and Nobel laureate" and spence.count >= 4
    assert speakers["Foreign Policy"].articles == ["spike-news-us-china-ai-convergence-or-competition"]
    assert "ZH" not in speakers and "Spike News" not in speakers  # the outlets' own voice is not a quote
    # Every listed sentence is where it says it is.
    chunks = {chunk_id: (text, meta) for chunk_id, text, meta in seeded.store.chunks_of([ZH])}
    for s in zhu.sentences:
        text, meta = chunks[s.chunk_id]
        offset = s.start - int(meta["start"])
        assert text[offset : offset + len(s.text)] == s.text


def test_sentences_by_a_person_are_theirs_not_mentions(seeded: Assistant) -> None:
    records = dict(seeded.snapshot().records)
    said = seeded.speakers.sentences_by("zhu", records)
    assert said and {s.speaker for s in said} == {"Zhu Min"}
    assert any(s.text.startswith("“Both approaches are valid,”") for s in said)
    spike = "spike-news-us-china-ai-convergence-or-competition"
    assert not seeded.speakers.sentences_by("Zhu", records, source_ids=[spike])
    mentions_only = [s for s in seeded.speakers.spoken(records) if "Zhu" in s.text and s.speaker != "Zhu Min"]
    assert not mentions_only


def test_speakers_command_lists_and_filters_and_refuses_unknown_names(seeded: Assistant,
                                                                      run_cli: RunCli) -> None:  # fmt: skip
    everyone = run_cli(seeded.settings, "speakers")
    assert everyone.exit_code == 0, everyone.output
    assert "Zhu Min (former IMF deputy managing director):" in everyone.output
    one = run_cli(seeded.settings, "speakers", "Spence", "--json")
    data = json.loads(one.output)
    assert [sp["name"] for sp in data] == ["Michael Spence"] and data[0]["count"] == len(data[0]["sentences"])
    missing = run_cli(seeded.settings, "speakers", "Nobody Atall")
    assert missing.exit_code == 1 and "No one named 'Nobody Atall' is quoted" in missing.output


def test_the_evidence_line_and_the_tab_render_what_they_are_given(seeded: Assistant) -> None:
    c = Citation(1, ZH, "T", "ZH", "2026-05-25", "q", 0, 1, speaker="Zhu Min",
                 speaker_role="former IMF deputy managing director", via="quoted by China Daily")  # fmt: skip
    assert "Zhu Min (former IMF deputy managing director) · quoted by China Daily · ZH" in speaker_line(c)
    assert speaker_line(Citation(1, ZH, "T", "ZH", "", "q", 0, 1)) == ""
    records = dict(seeded.snapshot().records)
    html = speakers_html(seeded.speakers.speakers(records, "Zhu"), records, "Zhu")
    assert "Zhu Min" in html and "Michael Spence" not in html and f"{ZH}, chars" in html
    assert "No one named “Nemo” is quoted" in speakers_html([], records, "Nemo")


def test_a_large_archive_lists_the_most_quoted_and_says_how_to_find_the_rest() -> None:
    from assistant import Speaker, SpokenSentence
    from assistant.ui import MAX_SENTENCES_LISTED, MAX_SPEAKERS_SHOWN

    def speaker(k: int, sentences: int) -> Speaker:
        said = [SpokenSentence(f"Person {k}", None, None, f"doc-{k}-{j}", f"Story {j}", "Gazette",
                               "2024-01-01", f"Sentence {j} of person {k}.", 0, 10, f"doc-{k}-{j}:0")
                for j in range(sentences)]  # fmt: skip
        return Speaker(f"Person {k}", None, said)

    everyone = [speaker(k, 30 if k == 0 else 1) for k in range(MAX_SPEAKERS_SHOWN + 50)]
    html = speakers_html(everyone, {}, "")
    assert f"{MAX_SPEAKERS_SHOWN + 50:,} people and organisations are quoted" in html
    assert f"Person {MAX_SPEAKERS_SHOWN - 1}<" in html and f"Person {MAX_SPEAKERS_SHOWN}<" not in html
    assert html.count("Sentence ") == MAX_SENTENCES_LISTED + MAX_SPEAKERS_SHOWN - 1  # 10 of person 0's 30
    assert f"… {30 - MAX_SENTENCES_LISTED} more (type the name to see more)" in html
    assert "and 20 more" in html  # person 0's 30 articles: 10 titles listed
    found = speakers_html(everyone[:1], {}, "Person 0")
    assert found.count("Sentence ") == 30 and "more (" not in found
    assert "people and organisations" not in found


def test_named_speakers_come_before_unnamed_ones_however_often_those_speak() -> None:
    from assistant import SpokenSentence, group_speakers

    def said(who: str, n: int) -> list[SpokenSentence]:
        return [SpokenSentence(who, None, None, f"d{j}", "Story", "Gazette", "2024-01-01", "Text.", 0, 5,
                               f"d{j}:0") for j in range(n)]  # fmt: skip

    order = [sp.name for sp in group_speakers([*said("report", 9), *said("Ada Byrne", 2), *said("FAA", 3),
                                               *said("officials", 4)])]  # fmt: skip
    assert order == ["FAA", "Ada Byrne", "report", "officials"]


def test_warming_up_attributes_every_article_ahead_of_the_first_listing(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    assistant.sync()
    assistant.warm_speakers()

    def no_reads(*_: object, **__: object) -> None:
        raise AssertionError("the listing read the store: the warm-up left articles unattributed")

    monkeypatch.setattr(assistant.store, "chunks_of", no_reads)
    listed = assistant.speakers.speakers(dict(assistant.snapshot().records))
    assert {"Zhu Min", "Michael Spence"} <= {sp.name for sp in listed}


def test_a_failed_warm_up_is_logged_and_the_listing_still_works(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    assistant.sync()
    real = assistant.store.chunks_of

    def unavailable(*_: object, **__: object) -> None:
        raise StoreError("the store is unavailable")

    monkeypatch.setattr(assistant.store, "chunks_of", unavailable)
    assistant.warm_speakers()
    assert "speakers not attributed ahead" in caplog.text
    monkeypatch.setattr(assistant.store, "chunks_of", real)
    assert assistant.speakers.speakers(dict(assistant.snapshot().records))


def test_a_name_typed_without_its_accents_finds_the_speaker_printed_with_them(assistant: Assistant) -> None:
    article = ("---\ntitle: Town vote\noutlet: Gazette\ndate: 2024-06-03\n---\n"
               "\u201cWe will be back,\u201d Xóchitl Gálvez said on Sunday. Turnout was high.\n")  # fmt: skip
    (assistant.settings.sources_dir / "town-vote.md").write_text(article, encoding="utf-8")
    assistant.sync()
    records = dict(assistant.snapshot().records)
    for typed in ("Galvez", "xochitl galvez", "Gálvez"):
        assert [sp.name for sp in assistant.speakers.speakers(records, typed)] == ["Xóchitl Gálvez"], typed
    assert assistant.speakers.speakers(records, "Galvan") == []
