"""The functions the UI's events call. Each is thin: validate, call :class:`UIService`, render."""

from __future__ import annotations

import json
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import gradio as gr

from assistant import AssistantError, SourceRecord, SyncReport
from assistant.ui import render
from assistant.ui.conversations import ConversationStore, browser_owner_id, make_title
from assistant.ui.service import UIService, UploadProgress, make_filters
from assistant.ui.session import ChatSession

UPLOAD_TICK = 0.5  # seconds between two refreshes of an upload's progress box
TOP_K_RANGE = (1, 20)  # the "passages per question" slider's bounds
# The answer settings kept in this browser (gr.BrowserState), in the order the events pass them.
SETTING_NAMES = ("top_k", "outlets", "sources", "date_from", "date_to", "as_of")

# A conversation's view: chatbot, evidence, export box, download, session, open id, chat list, its name.
# A chat event's outputs are the same with the question box after the download.


def _messages(session: ChatSession) -> list[dict[str, str]]:
    return [dict(m) for m in session.messages]  # a copy: Gradio diffs successive streamed values


_exports: tempfile.TemporaryDirectory[str] | None = None  # removed when the server exits


def _export_file(markdown: str) -> str:
    """Write the export where Gradio can serve it (it copies the file into its own cache)."""
    global _exports
    if _exports is None:
        _exports = tempfile.TemporaryDirectory(prefix="news-assistant-exports-")
    path = Path(tempfile.mkdtemp(dir=_exports.name)) / "conversation.md"
    path.write_text(markdown, encoding="utf-8")
    return str(path)


def _streamed(session: ChatSession) -> tuple[Any, ...]:
    """A chat event's outputs while an answer streams: the messages and the state, nothing else."""
    return (_messages(session), *(gr.skip(),) * 4, session, *(gr.skip(),) * 3)


def _unchanged(session: ChatSession) -> tuple[Any, ...]:
    return (*(gr.skip(),) * 5, session, *(gr.skip(),) * 3)


def chat_choices(store: ConversationStore, owner: str) -> list[tuple[str, str]]:
    """The sidebar's entries: title and date of each saved chat, newest first."""
    if not owner:
        return []
    return [(f"{s.title} · {time.strftime('%Y-%m-%d %H:%M', time.localtime(s.updated))}", s.id)
            for s in store.list(owner)]  # fmt: skip


class Handlers:
    """Event handlers over the shared service and conversation store, and per-session state."""

    def __init__(self, service: UIService, store: ConversationStore, secret: str) -> None:
        self.service = service
        self.store = store
        self.secret = secret
        self.upload_tick = UPLOAD_TICK

    def owner(self, request: gr.Request | None, browser_id: str | None) -> str:
        """Whose chats these are: the login when there is one, else this browser's id (made from the
        page session when the browser has none yet).
        """
        user = getattr(request, "username", None) if request is not None else None
        if user:
            return f"user:{user}"
        if browser_id and browser_id.startswith("browser:"):  # never a login's name sent by a page
            return browser_id
        session_hash = getattr(request, "session_hash", None) if request is not None else None
        return browser_owner_id(self.secret, session_hash) if session_hash else ""

    # --- the open conversation -------------------------------------------------------------

    def _save(self, session: ChatSession, owner: str) -> None:
        if owner and session.turns:
            session.conversation_id = self.store.save(owner, session.conversation_id, session.turns)
            session.title = session.title or make_title(session.turns[0].question)

    def _list(self, owner: str, selected: str) -> Any:
        return gr.Radio(choices=chat_choices(self.store, owner), value=selected or None)

    def view(self, session: ChatSession, owner: str) -> tuple[Any, ...]:
        """Everything a conversation shows: chat, evidence, export, download; the state; the list; name."""
        evidence, markdown, download = self.evidence(session)
        listing = self._list(owner, session.conversation_id)
        return (_messages(session), evidence, markdown, download, session, session.conversation_id, listing,
                session.title)  # fmt: skip

    def open_app(self, browser_id: str, current: str, request: gr.Request) -> tuple[Any, ...]:
        """On page load: make this browser an id if it has none, and reopen the chat it had open."""
        owner = self.owner(request, browser_id)
        if not browser_id and owner.startswith("browser:"):
            browser_id = owner  # stored in this browser's localStorage from now on
        session = ChatSession()
        if current:
            try:
                session = ChatSession.restore(self.store.load(owner, current))
            except KeyError:  # deleted meanwhile, or another login's: start a new chat
                pass
        return (browser_id, *self.view(session, owner))

    def open_chat(self, conversation_id: str | None, browser_id: str, request: gr.Request) -> tuple[Any, ...]:
        """Restore a saved chat picked in the sidebar, with its evidence."""
        owner = self.owner(request, browser_id)
        try:
            session = ChatSession.restore(self.store.load(owner, conversation_id or ""))
        except KeyError as exc:
            gr.Warning(str(exc.args[0]))
            session = ChatSession()
        return self.view(session, owner)

    def rename(self, title: str, session: ChatSession, browser_id: str,
               request: gr.Request) -> tuple[Any, ...]:  # fmt: skip
        owner = self.owner(request, browser_id)
        if not session.conversation_id:
            gr.Warning("Ask a question first: a chat is saved, and can be renamed, once it has one.")
            return gr.skip(), session
        try:
            session.title = self.store.rename(owner, session.conversation_id, title)
        except (ValueError, KeyError) as exc:
            gr.Warning(str(exc.args[0]))
            return gr.skip(), session
        return self._list(owner, session.conversation_id), session

    def ask_delete(self, session: ChatSession) -> tuple[Any, Any]:
        """The first click on "Delete chat": show the confirm step naming the chat (nothing goes yet).
        Outputs: the confirm and cancel buttons.
        """
        if not session.conversation_id:
            gr.Warning("This chat is not saved yet: there is nothing to delete.")
            return self._confirm_hidden()
        label = f"Confirm delete “{session.title or 'this chat'}”"
        return gr.Button(value=label, visible=True), gr.Button(visible=True)

    def cancel_delete(self) -> tuple[Any, Any]:
        """Hide the confirm step (cancelled, or another chat was opened)."""
        return self._confirm_hidden()

    def delete(self, session: ChatSession, browser_id: str, request: gr.Request) -> tuple[Any, ...]:
        """The confirmed deletion of the open chat; a new one starts."""
        owner = self.owner(request, browser_id)
        if session.conversation_id:
            try:
                self.store.delete(owner, session.conversation_id)
            except KeyError as exc:
                gr.Warning(str(exc.args[0]))
        return self.view(ChatSession(), owner)

    def reset(self, browser_id: str, request: gr.Request) -> tuple[Any, ...]:
        """A new chat: empty messages, evidence and export; the old one stays in the list."""
        return self.view(ChatSession(), self.owner(request, browser_id))

    @staticmethod
    def busy() -> tuple[Any, Any]:
        """While an answer streams: Stop instead of Ask."""
        return gr.Button(visible=False), gr.Button(visible=True)

    @staticmethod
    def idle() -> tuple[Any, Any]:
        return gr.Button(visible=True), gr.Button(visible=False)

    # --- asking ----------------------------------------------------------------------------

    def chat(self, question: str, session: ChatSession, browser_id: str, k: float, outlets: list[str] | None,
             sources: list[str] | None, date_from: str, date_to: str, as_of: str = "",
             request: gr.Request | None = None) -> Iterator[tuple[Any, ...]]:  # fmt: skip
        """Stream an answer into the chat; on completion fill the evidence panel and the export; save."""
        owner = self.owner(request, browser_id)
        try:
            filters = make_filters(outlets, sources, date_from, date_to)
            stream = self.service.stream(question, session.history(), filters, int(k), as_of)
        except ValueError as exc:  # a warning, not gr.Error: that would cover the chat with error badges
            gr.Warning(str(exc))
            yield _unchanged(session)
            return
        session.start(question.strip())
        self._save(session, owner)
        chat, _, _, _, state, current, listing, title = self.view(session, owner)
        yield chat, gr.skip(), gr.skip(), gr.skip(), "", state, current, listing, title
        text = ""
        try:
            for delta in stream:
                if session.update(text := text + delta):
                    yield _streamed(session)
            if session.finish(stream.answer()):
                self._save(session, owner)
                chat, evidence, export, download, *rest = self.view(session, owner)
                yield chat, evidence, export, download, gr.skip(), *rest
        except AssistantError as exc:
            session.fail(str(exc))
            self._save(session, owner)
            yield _streamed(session)

    def starter(self, evt: gr.SelectData, session: ChatSession, browser_id: str, k: float,
                outlets: list[str] | None, sources: list[str] | None, date_from: str, date_to: str,
                as_of: str = "", request: gr.Request | None = None) -> Iterator[tuple[Any, ...]]:  # fmt: skip
        """Ask the starter question that was clicked in the empty chat."""
        value = evt.value
        question = str(value.get("text", "") if isinstance(value, dict) else value)
        yield from self.chat(question, session, browser_id, k, outlets, sources, date_from, date_to, as_of,
                             request)  # fmt: skip

    def regenerate(self, session: ChatSession, browser_id: str, k: float, outlets: list[str] | None,
                   sources: list[str] | None, date_from: str, date_to: str, as_of: str = "",
                   request: gr.Request | None = None) -> Iterator[tuple[Any, ...]]:  # fmt: skip
        """Ask the last question again (with the settings as they are now), replacing its answer."""
        if not session.turns:
            gr.Warning("There is no question to ask again yet.")
            yield _unchanged(session)
            return
        question = session.cut(len(session.turns) - 1)
        yield from self.chat(question, session, browser_id, k, outlets, sources, date_from, date_to, as_of,
                             request)  # fmt: skip

    def edit(self, evt: gr.EditData, session: ChatSession, browser_id: str, k: float,
             outlets: list[str] | None, sources: list[str] | None, date_from: str, date_to: str,
             as_of: str = "", request: gr.Request | None = None) -> Iterator[tuple[Any, ...]]:  # fmt: skip
        """An edited question is asked anew; the turns after it are dropped (they followed the old one)."""
        index = evt.index if isinstance(evt.index, int) else evt.index[0]
        value = evt.value
        question = str(value.get("text", "") if isinstance(value, dict) else value)
        try:
            session.cut(index // 2)  # the chat shows two messages per turn
        except ValueError as exc:
            gr.Warning(str(exc))
            yield _streamed(session)
            return
        yield from self.chat(question, session, browser_id, k, outlets, sources, date_from, date_to, as_of,
                             request)  # fmt: skip

    def stop(self, session: ChatSession, browser_id: str, request: gr.Request) -> tuple[Any, ...]:
        """After the stream is cancelled: keep what it showed, marked as stopped, and save that.

        The cancelled event's own outputs may not all have reached the browser: they are sent again.
        """
        owner = self.owner(request, browser_id)
        if session.stop():
            self._save(session, owner)
        chat, *_, state, current, listing, title = self.view(session, owner)
        return chat, state, current, listing, title

    # --- sources ---------------------------------------------------------------------------

    def index_uploads(self, files: Sequence[str] | None, query: str | None = "") -> Iterator[tuple[Any, ...]]:
        """Index uploaded files in a worker thread; meanwhile show its progress (file, chunks, time
        left) every ``upload_tick`` seconds and refresh the table as each file is committed.
        Outputs: progress box, status, table, the upload box (cleared at the end).
        """
        paths = [Path(f) for f in files or []]
        latest: list[UploadProgress] = []
        outcome: list[SyncReport | BaseException] = []

        def keep(state: UploadProgress) -> None:
            latest[:] = [replace(state)]  # a copy: the worker goes on changing its own

        def work() -> None:
            try:
                outcome.append(self.service.add_files(paths, keep))
            except BaseException as exc:  # noqa: BLE001  (re-raised in the handler below)
                outcome.append(exc)

        worker = threading.Thread(target=work, name="ui-upload", daemon=True)
        worker.start()
        committed = 0
        first = UploadProgress(len(paths), file=paths[0].name if paths else "")
        yield render.upload_progress(first), "", gr.skip(), gr.skip()
        while worker.is_alive():
            worker.join(self.upload_tick)
            if latest and worker.is_alive():
                state = latest[-1]
                table = gr.skip()
                if state.files_done > committed:  # a file is in: show it in the table already
                    committed, table = state.files_done, self.table(query)
                yield render.upload_progress(state), gr.skip(), table, gr.skip()
        result = outcome[0] if outcome else AssistantError("the upload stopped without a report")
        if isinstance(result, BaseException):
            raise result
        final = latest[-1] if latest else UploadProgress(len(paths), finished=True)
        yield render.upload_progress(final), render.upload_status(result), self.table(query), None

    def ask_remove(self, source_id: str | None) -> tuple[Any, ...]:
        """The first click: name what would go and show the confirm step (nothing is removed yet).
        Outputs: the pending id, the confirm and cancel buttons, the status line.
        """
        record = next((r for r in self.service.list_sources() if r.source_id == (source_id or "")), None)
        if record is None:
            return "", *self._confirm_hidden(), "**Not removed:** choose a source to remove."
        confirm = gr.Button(value=f"Confirm remove “{record.title}”", visible=True)
        note = (f"Remove `{record.source_id}` ({render.md_escape(record.title)}, "
                f"{record.chunks} chunks)? Answers that cite it will say “source removed”.")  # fmt: skip
        return record.source_id, confirm, gr.Button(visible=True), note

    @staticmethod
    def _confirm_hidden() -> tuple[Any, Any]:
        return gr.Button(visible=False), gr.Button(visible=False)

    def cancel_remove(self) -> tuple[Any, ...]:
        """Drop a pending removal (cancelled, or another source was chosen); clears the status line."""
        return "", *self._confirm_hidden(), ""

    def remove(self, source_id: str | None, query: str | None = "") -> tuple[Any, ...]:
        """The confirmed removal. Outputs: status, table, the pending id, confirm and cancel buttons."""
        hidden = ("", *self._confirm_hidden())
        try:
            record = self.service.remove(source_id or "")
        except (ValueError, AssistantError) as exc:  # said on the status line; the table stays
            return f"**Not removed:** {render.md_escape(str(exc))}", self.table(query), *hidden
        done = f"Removed `{record.source_id}` ({render.md_escape(record.title)})."
        return done, self.table(query), *hidden

    def evidence(self, session: ChatSession) -> tuple[str, str, Any]:
        """The open chat's evidence panel, export and download, citations of removed sources marked
        and inferred dates said (again after a removal).
        """
        answers = session.answers
        sources = self._sources()
        markdown = render.conversation_markdown(session.title, answers, sources) if answers else ""
        download = gr.DownloadButton(value=_export_file(markdown) if answers else None, visible=bool(answers))
        return render.evidence_html(answers, sources=sources), markdown, download

    def _sources(self) -> dict[str, SourceRecord]:
        return {r.source_id: r for r in self.service.list_sources()}

    def table(self, query: str | None = "") -> str:
        """The Sources table (HTML), only the rows matching ``query`` when one is typed."""
        records = self.service.list_sources()
        return render.sources_table_html(render.source_rows(records, query or ""), len(records))

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
        date_from, date_to, as_of = (date_from or "").strip(), (date_to or "").strip(), (as_of or "").strip()
        parts = []
        if outlets:
            parts.append("outlets " + ", ".join(outlets))
        if sources:
            parts.append(f"{len(sources)} chosen source(s)")
        if date_from or date_to:  # a box being restored may send None for a moment
            parts.append(f"dates {date_from or '…'} to {date_to or '…'}")
        if as_of:
            parts.append(f"as of {as_of}")
        where = "; ".join(parts) if parts else "all sources"
        return f"Searching {where}; {int(k)} passages per question (change in Settings)."

    # --- settings kept in this browser -----------------------------------------------------

    @staticmethod
    def save_settings(k: float, outlets: list[str] | None, sources: list[str] | None, date_from: str,
                      date_to: str, as_of: str) -> dict[str, Any]:  # fmt: skip
        """What the Settings tab holds, as this browser keeps it (see ``SETTING_NAMES``)."""
        values = (int(k), list(outlets or []), list(sources or []), date_from or "", date_to or "",
                  as_of or "")  # fmt: skip
        return dict(zip(SETTING_NAMES, values, strict=True))

    def restore_settings(self, saved: Any) -> tuple[Any, ...]:
        """The Settings tab as this browser left it. A value that no longer fits (an outlet or source
        not indexed any more, a number out of range, another version's shape) is left at its default.
        """
        saved = saved if isinstance(saved, dict) else {}
        low, high = TOP_K_RANGE
        k = saved.get("top_k")
        top_k = k if isinstance(k, int) and low <= k <= high else self.service.settings.top_k
        records = self.service.list_sources()
        outlets = self.service.outlets()
        ids = [(f"{r.title} ({r.source_id})", r.source_id) for r in records]

        def kept(name: str, allowed: set[str]) -> list[str]:
            value = saved.get(name)
            return [v for v in value if v in allowed] if isinstance(value, list) else []

        def text(name: str) -> str:
            value = saved.get(name)
            return value if isinstance(value, str) else ""

        return (
            top_k,
            gr.Dropdown(choices=outlets, value=kept("outlets", set(outlets)), multiselect=True),
            gr.Dropdown(choices=ids, value=kept("sources", {r.source_id for r in records}), multiselect=True),
            text("date_from"), text("date_to"), text("as_of"),
        )  # fmt: skip

    # --- the whole article -----------------------------------------------------------------

    def article(self, request_json: str) -> tuple[Any, str]:
        """Open the article a citation quotes, the quote marked. ``request_json`` is what ui.js sends:
        {"source", "start", "end", "quote"}. Outputs: the article view (shown) and its HTML.
        """
        try:
            wanted = json.loads(request_json or "")
            source_id, quote = str(wanted["source"]), str(wanted.get("quote", ""))
            start, end = int(wanted["start"]), int(wanted["end"])
        except (ValueError, TypeError, KeyError) as exc:
            gr.Warning(f"Cannot open the article: the request {str(request_json)[:80]!r} is not a citation "
                       f"({type(exc).__name__}).")  # fmt: skip
            return gr.skip(), gr.skip()
        try:
            record, text = self.service.article(source_id)
        except ValueError as exc:
            gr.Warning(str(exc))
            return gr.skip(), gr.skip()
        html = render.article_html(record, text, render.quote_in_text(text, start, end, quote))
        return gr.Column(visible=True), html

    @staticmethod
    def close_article() -> Any:
        return gr.Column(visible=False)
