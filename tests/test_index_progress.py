"""Indexing progress: per chunk embedded, with the total known up front, on a real Chroma sync."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Settings
from tests.conftest import NewAssistant


def test_sync_reports_progress_per_chunk(settings: Settings, capsys: pytest.CaptureFixture[str],
                                         new_assistant: NewAssistant) -> None:  # fmt: skip
    small_waves = settings.model_copy(update={"index_batch_chunks": 5})  # several embedding calls
    assistant = new_assistant(small_waves)
    calls: list[tuple[int, int, str]] = []
    report = assistant.indexer.sync(progress=True, on_progress=lambda *a: calls.append(a))

    assert len(calls) >= 2  # one per wave of >= 5 chunks
    done = [d for d, _, _ in calls]
    assert done == sorted(set(done)) and done[0] > 0  # strictly increasing
    assert {t for _, t, _ in calls} == {report.chunks_indexed}  # the total is known from the start
    assert done[-1] == report.chunks_indexed > 10
    files = {Path(f).name for _, _, f in calls}
    assert files <= {p.name for p in small_waves.sources_dir.glob("*.md")} and len(files) == 2
    assert "Embedding" in capsys.readouterr().err  # the bar names the phase, counting chunks

    calls.clear()
    assistant.indexer.sync(on_progress=lambda *a: calls.append(a))
    assert calls == []  # nothing to embed, nothing to report


def test_add_files_reports_progress(settings: Settings, tmp_path: Path, new_assistant: NewAssistant) -> None:
    assistant = new_assistant(settings)
    new = tmp_path / "extra-report.md"
    new.write_text("---\ntitle: Harbour report\n---\n" + "The harbour reopened after the storm. " * 80)
    calls: list[tuple[int, int, str]] = []
    report = assistant.indexer.add_files([new], on_progress=lambda *a: calls.append(a))
    assert report.added and calls[-1][:2] == (report.chunks_indexed, report.chunks_indexed)
    assert Path(calls[-1][2]).name == "extra-report.md"
