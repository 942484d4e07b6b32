"""Answering "as of" a day: the eval passes each question's date, and the CLI, API service and UI
pass theirs; later articles are not used. Seed articles: ZH dated 2026-05-25, the other 2026-06.
"""

from __future__ import annotations

import json

import pytest

from assistant import Assistant, check_as_of
from assistant.evals import Question, collect
from assistant.ui import Handlers, UIService
from tests.conftest import RunCli

ZH = "zh-china-daily-us-china-ai-cooperation"
QUESTION = "What do experts say about AI governance?"


def test_eval_answers_each_question_as_of_its_date(seeded: Assistant) -> None:
    questions = [
        Question("early", "fact", QUESTION, expect=(("governance",),), date="2026-01-01"),
        Question("mid", "fact", QUESTION, expect=(("governance",),), date="2026-05-30"),
        Question("any", "fact", QUESTION, expect=(("governance",),)),
    ]
    early, mid, anyday = collect(seeded, questions, progress=False)
    assert early.answer.abstained and "No indexed article matches" in early.answer.text
    assert {p.source_id for p in mid.answer.passages} == {ZH}
    assert len({p.source_id for p in anyday.answer.passages}) == 2


def test_cli_ask_as_of(seeded: Assistant, run_cli: RunCli) -> None:
    out = run_cli(seeded.settings, "ask", "--json", "--as-of", "2026-05-30", QUESTION)
    assert out.exit_code == 0, out.stderr
    assert {p["source_id"] for p in json.loads(out.stdout)["passages"]} == {ZH}
    out = run_cli(seeded.settings, "ask", "--as-of", "2026-01-01", QUESTION)
    assert out.exit_code == 0 and "No indexed article matches" in out.stdout
    out = run_cli(seeded.settings, "ask", "--as-of", "May 2026", QUESTION)
    assert out.exit_code == 2 and "is not a day: use YYYY-MM-DD" in out.stderr


def test_service_and_ui_pass_as_of(seeded: Assistant) -> None:
    service = UIService(seeded)
    final = service.stream(QUESTION, as_of="2026-05-30").answer()
    assert {p.source_id for p in final.passages} == {ZH}
    assert check_as_of(" 2026-05-30 ") == "2026-05-30" and check_as_of(None) == ""
    for bad in ("2026-05", "30/05/2026"):
        with pytest.raises(ValueError, match="As of date .* is not a day"):
            service.stream(QUESTION, as_of=bad)
    note = Handlers.filters_note(None, None, "", "", 6, "2026-05-30")
    assert "as of 2026-05-30" in note
