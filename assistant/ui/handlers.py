"""The functions the UI's events call. Each is thin: validate, call :class:`UIService`, render."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.errors import AssistantError
from assistant.types import Answer
from assistant.ui import render
from assistant.ui.service import UIService, make_filters
from assistant.ui.session import ChatSession

# Outputs of a chat event: chatbot, evidence panel, export code box, download button, question box, state.
ChatOutputs = tuple[Any, Any, Any, Any, Any, ChatSession]


def _messages(session: ChatSession) -> list[dict[str, str]]:
    return [dict(m) for m in session.messages]  # a copy: Gradio diffs successive streamed values


_exports: tempfile.TemporaryDirectory[str] | None = None  # removed when the server exits


def _export_file(markdown: str, turn: int) -> str:
    """Write the export where Gradio can serve it (it copies the file into its own cache)."""
    global _exports
    if _exports is None:
        _exports = tempfile.TemporaryDirectory(prefix="news-assistant-exports-")
    path = Path(tempfile.mkdtemp(dir=_exports.name)) / f"answer-{turn}.md"
    path.write_text(markdown, encoding="utf-8")
    return str(path)


class Handlers:
    """Event handlers bound to one :class:`UIService` (shared) and per-session state (passed in)."""

    def __init__(self, service: UIService) -> None:
        self.service = service

    # --- chat ------------------------------------------------------------------------------

    def chat(self, question: str, session: ChatSession, k: float, outlets: list[str] | None,
             sources: list[str] | None, date_from: str, date_to: str,
             as_of: str = "") -> Iterator[ChatOutputs]:  # fmt: skip
        """Stream an answer into the chat; on completion fill the evidence panel and the export."""
        try:
            filters = make_filters(outlets, sources, date_from, date_to)
            stream = self.service.stream(question, session.history(), filters, int(k), as_of)
        except ValueError as exc:  # a warning, not gr.Error: that would cover the chat with error badges
            gr.Warning(str(exc))
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), session
            return
        session.start(question.strip())
        yield _messages(session), gr.skip(), gr.skip(), gr.skip(), "", session
        text = ""
        try:
            for item in stream:
                if isinstance(item, Answer):
                    turn = session.finish(item)
                    markdown = render.export_markdown(item)
                    download = gr.DownloadButton(value=_export_file(markdown, turn), visible=True)
                    yield _messages(session), render.evidence_html(session.answers), markdown, download, \
                        gr.skip(), session  # fmt: skip
                else:
                    text += item
                    session.update(text)
                    yield _messages(session), gr.skip(), gr.skip(), gr.skip(), gr.skip(), session
        except AssistantError as exc:
            session.fail(str(exc))
            yield _messages(session), gr.skip(), gr.skip(), gr.skip(), gr.skip(), session

    def starter(self, evt: gr.SelectData, session: ChatSession, k: float, outlets: list[str] | None,
                sources: list[str] | None, date_from: str, date_to: str,
                as_of: str = "") -> Iterator[ChatOutputs]:  # fmt: skip
        """Ask the starter question that was clicked in the empty chat."""
        value = evt.value
        question = str(value.get("text", "") if isinstance(value, dict) else value)
        yield from self.chat(question, session, k, outlets, sources, date_from, date_to, as_of)

    def reset(self) -> tuple[Any, ...]:
        """A new chat: empty messages, evidence and export; fresh per-session state."""
        return [], render.EVIDENCE_EMPTY, "", gr.DownloadButton(value=None, visible=False), ChatSession()

    # --- sources ---------------------------------------------------------------------------

    def index_uploads(self, files: Sequence[str] | None,
               progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008  (Gradio's idiom)
        """Index uploaded files with a per-file progress bar; report what happened."""
        paths = [Path(f) for f in files or []]

        def step(done: float, total: int, name: str) -> None:
            share = done / total if total else 1.0  # a fraction: files done plus the current one's chunks
            progress(share, desc=f"Indexing {name}" if done < total else "Done", unit="files")

        report = self.service.add_files(paths, step)
        return render.upload_status(report), self.table(), None

    def remove(self, source_id: str | None) -> tuple[Any, ...]:
        try:
            record = self.service.remove(source_id or "")
        except (ValueError, AssistantError) as exc:  # said on the status line; the table stays
            return f"**Not removed:** {render.md_escape(str(exc))}", self.table()
        return f"Removed `{record.source_id}` ({render.md_escape(record.title)}).", self.table()

    def table(self) -> list[list[str | int]]:
        return render.source_rows(self.service.list_sources())

    def choices(self) -> tuple[Any, ...]:
        """Refresh everything derived from the index: remove/filter choices and starter questions."""
        records = self.service.list_sources()
        ids = [(f"{r.title} ({r.source_id})", r.source_id) for r in records]
        starters = render.starter_questions(records, self.service.settings.starter_questions)
        return (
            gr.Dropdown(choices=ids, value=None),
            gr.Dropdown(choices=self.service.outlets()),
            gr.Dropdown(choices=ids),
            gr.Chatbot(examples=[{"text": q} for q in starters] or None),
        )

    def backend(self) -> tuple[str, str]:
        return self.service.backend()

    @staticmethod
    def filters_note(outlets: list[str] | None, sources: list[str] | None, date_from: str,
                     date_to: str, k: float, as_of: str = "") -> str:  # fmt: skip
        """One line under the chat saying what the next question searches."""
        parts = []
        if outlets:
            parts.append("outlets " + ", ".join(outlets))
        if sources:
            parts.append(f"{len(sources)} chosen source(s)")
        if (date_from or "").strip() or (date_to or "").strip():
            parts.append(f"dates {date_from.strip() or '…'} to {date_to.strip() or '…'}")
        if (as_of or "").strip():
            parts.append(f"as of {as_of.strip()}")
        where = "; ".join(parts) if parts else "all sources"
        return f"Searching {where}; {int(k)} passages per question (change in Settings)."
