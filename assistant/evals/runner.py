"""Run a question set through the assistant (models loaded once) and collect what it said.

Scoring is separate (``scoring.py``), so the same answers can be scored by another judge.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from assistant import Answer, Assistant, AssistantError, load_document
from assistant.evals.dataset import Question
from assistant.evals.negatives import filters_for


@dataclass
class Run:
    """One question and the assistant's answer to it (or the error it raised)."""

    question: Question
    answer: Answer
    error: str = ""


def collect(assistant: Assistant, questions: Sequence[Question], progress: bool = True,
            desc: str = "eval") -> list[Run]:  # fmt: skip
    """Ask every question in order, with its history, as of its date, over the articles it is asked
    over (all but those it withholds); an error is recorded, not raised.
    """
    runs = []
    source_ids = [r.source_id for r in assistant.list_sources()] if any(q.withheld for q in questions) else []
    for q in tqdm(questions, desc=desc, unit="q", disable=not progress, dynamic_ncols=True):
        started = time.perf_counter()
        try:
            answer = assistant.answer(q.q, history=[dict(t) for t in q.history],
                                      filters=filters_for(q, source_ids), as_of=q.date)  # fmt: skip
            runs.append(Run(q, answer))
        except AssistantError as exc:
            elapsed = (time.perf_counter() - started) * 1000
            failed = Answer(
                q.q,
                "",
                [],
                False,
                [],
                assistant.settings.backend,
                timings_ms={"total": elapsed},
                notes=[f"error: {exc}"],
            )
            runs.append(Run(q, failed, str(exc)))
    return runs


def load_documents(assistant: Assistant) -> dict[str, str]:
    """Source id -> the document text citation offsets point into (read from the source files)."""
    limit = int(assistant.settings.max_file_mb * 1e6)
    return {
        source_id: load_document(Path(record.path), limit).text
        for source_id, record in sorted(assistant.store.sources().items())
    }
