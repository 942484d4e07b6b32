"""Questions asked on threads while another thread adds and removes sources: no errors, and every
answer reads one consistent snapshot of the index (its passages are all of one snapshot's versions).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from assistant import Answer, Assistant, IndexSnapshot

ASKERS = 4
WRITES = 8  # add or remove cycles of the writer
QUESTIONS = [
    "When did the lighthouse on Kettle Island reopen?",
    "Who paid for the lighthouse restoration?",
    "What did the articles say about AI cooperation?",
    "How much did the restoration cost?",
]


def _article(i: int) -> str:
    """A short made-up article whose text (and so version) changes with ``i``."""
    return (f"---\ntitle: Kettle Island lighthouse reopens ({i})\noutlet: Harbour Gazette\n"
            f"date: 2026-07-0{1 + i % 9}\n---\nThe lighthouse on Kettle Island reopened on {10 + i} "
            f"June 2026 after a restoration.\n\nThe restoration cost {i + 2}.5 million crowns and was "
            "paid for by the Kettle Island Preservation Trust.\n")  # fmt: skip


def _consistent(answer: Answer, snapshots: list[IndexSnapshot]) -> bool:
    """Some snapshot holds every passage's source at the passage's version (ids are source:version:n)."""
    used = {(p.source_id, p.chunk_id.split(":")[-2]) for p in answer.passages}
    return any(all(s in snap.records and snap.records[s].version == v for s, v in used)
               for snap in snapshots)  # fmt: skip


def test_asks_during_adds_and_removes_see_one_snapshot(assistant: Assistant, tmp_path: Path) -> None:
    assistant.sync()
    snapshots = [assistant.snapshot()]
    answers: list[Answer] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def ask(n: int) -> None:
        i = n
        while not done.is_set():
            try:
                answers.append(assistant.answer(QUESTIONS[i % len(QUESTIONS)]))
            except BaseException as exc:  # noqa: BLE001 - the test counts every failure
                errors.append(exc)
            i += 1

    def write() -> None:
        try:
            for i in range(WRITES):
                path = tmp_path / "incoming" / "kettle-island-lighthouse.md"
                path.parent.mkdir(exist_ok=True)
                path.write_text(_article(i), encoding="utf-8")
                report = assistant.add_sources([path])
                assert report.added or report.updated, report.summary()
                snapshots.append(assistant.snapshot())
                if i % 2:
                    assistant.remove_source("kettle-island-lighthouse")
                    snapshots.append(assistant.snapshot())
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            done.set()

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(ASKERS)]
    started = time.monotonic()
    for t in threads:
        t.start()
    write()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "an ask hung"
    assert not errors, [f"{type(e).__name__}: {e}" for e in errors[:5]]
    assert len(answers) >= ASKERS * 2, f"only {len(answers)} answers in {time.monotonic() - started:.0f}s"
    assert len(snapshots) == 1 + WRITES + WRITES // 2
    inconsistent = [a.question for a in answers if not _consistent(a, snapshots)]
    assert not inconsistent, inconsistent[:3]
    lighthouse = [a for a in answers if any(c.source_id == "kettle-island-lighthouse" for c in a.citations)]
    assert lighthouse, "no ask saw the added source: the test did not overlap the writes"
