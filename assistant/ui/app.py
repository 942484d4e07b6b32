"""The Gradio Blocks: a sidebar of saved chats, an Ask tab (chat + evidence panel), a Sources tab
and a Settings tab.

``build_app`` only lays out components and wires events to :class:`Handlers`; the API endpoints
come from :mod:`assistant.ui.api`. Nothing runs at import time beyond importing Gradio.
"""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr

from assistant import SUPPORTED_SUFFIXES, Assistant
from assistant.ui import api, render, speakers_tab
from assistant.ui.conversations import ConversationStore, browser_secret
from assistant.ui.handlers import TOP_K_RANGE, Handlers
from assistant.ui.service import UIService
from assistant.ui.session import ChatSession

INTRO = (
    "## News Assistant\n"
    "Answers come only from the indexed news articles, and every sentence cites the passage it comes "
    "from. Click a **[n]** to see the quoted words in their paragraph."
)
INDEX_WRITES = "index-writes"  # uploads and removals run one at a time
BROWSER_KEY = "news-assistant-browser"  # localStorage: this browser's random id (owner of its chats)
OPEN_CHAT_KEY = "news-assistant-open-chat"  # localStorage: the chat to reopen after a reload
SETTINGS_KEY = "news-assistant-settings"  # localStorage: the Settings tab's answer settings
THEMES = ["System", "Light", "Dark"]  # the colour scheme switch (kept in localStorage by ui.js)


def _sidebar() -> SimpleNamespace:
    """The saved chats: new, pick one to reopen it, rename or delete (after a confirm) the open one."""
    ui = SimpleNamespace()
    with gr.Sidebar(label="Chats", open=True, elem_id="chats", width=300):
        ui.new_chat = gr.Button("New chat", variant="primary", size="sm", elem_id="new-chat")
        ui.chat_list = gr.Radio(label="Your chats", choices=[], elem_id="chat-list",
                                info="Saved on the server for this browser (or your login).")  # fmt: skip
        ui.rename_box = gr.Textbox(label="Name of the open chat", max_lines=1, elem_id="rename-box")
        with gr.Row():
            ui.rename = gr.Button("Rename", size="sm", elem_id="rename-btn")
            ui.delete = gr.Button("Delete chat…", size="sm", variant="secondary", elem_id="delete-btn")
        with gr.Row():
            ui.confirm = gr.Button("Confirm delete", size="sm", variant="stop", elem_id="confirm-delete-btn",
                                   visible=False)  # fmt: skip
            ui.cancel = gr.Button("Cancel", size="sm", elem_id="cancel-delete-btn", visible=False)
    return ui


def _ask_tab(starters: list[str]) -> SimpleNamespace:
    """Chat, question box, stop/regenerate, export on the left; the evidence panel on the right.
    ``starters`` are in the page itself, so they show at once (a page load refreshes them).
    """
    ui = SimpleNamespace()
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=380):
            ui.chatbot = gr.Chatbot(
                elem_id="chat", label="Conversation", show_label=False, height=540, buttons=["copy"],
                feedback_options=None, layout="bubble", editable="user",
                examples=[{"text": q} for q in starters] or None,
                placeholder="Ask a question about the news articles.",
            )  # fmt: skip
            with gr.Row():
                ui.question = gr.Textbox(
                    elem_id="question", label="Your question about the news", show_label=False, scale=5,
                    lines=1, max_lines=4, autofocus=True,
                    placeholder="Ask about the articles… (follow-up questions work too)",
                )  # fmt: skip
                ui.ask = gr.Button("Ask", variant="primary", elem_id="ask-btn", scale=1, min_width=80)
                ui.stop = gr.Button("Stop", variant="stop", elem_id="stop-btn", scale=1, min_width=80,
                                    visible=False)  # shown instead of Ask while an answer streams
            with gr.Row():
                ui.note = gr.Markdown(elem_id="filters-note")
                ui.regenerate = gr.Button("Regenerate", size="sm", elem_id="regenerate-btn", scale=0)
            with gr.Accordion("Export this conversation (Markdown)", open=False, elem_id="export"):
                ui.export = gr.Code(language="markdown", interactive=False, show_label=False, lines=8,
                                    wrap_lines=True, show_line_numbers=False,
                                    elem_id="export-md")  # fmt: skip
                ui.download = gr.DownloadButton("Download .md", elem_id="download-md", size="sm",
                                                visible=False)  # fmt: skip
        with gr.Column(scale=2, min_width=320):
            gr.Markdown("### Evidence")
            ui.evidence = gr.HTML(render.EVIDENCE_EMPTY, elem_id="evidence")
    return ui


def _sources_tab(max_file_mb: float) -> SimpleNamespace:
    """The indexed documents (filterable), upload with its live progress, removal with a confirm step."""
    ui = SimpleNamespace()
    ui.progress = gr.HTML(render.UPLOAD_IDLE, elem_id="upload-progress")
    ui.status = gr.Markdown("", elem_id="sources-status")
    ui.query = gr.Textbox("", label="Filter the sources", placeholder="Words of a title, outlet, date or id",
                          max_lines=1, elem_id="sources-filter")  # fmt: skip
    ui.table = gr.HTML(render.sources_table_html([], 0), elem_id="sources-table", label="Indexed documents")
    with gr.Row():
        ui.upload = gr.File(
            label=f"Add documents ({' '.join(SUPPORTED_SUFFIXES)}; up to {max_file_mb:g} MB each)",
            file_count="multiple", file_types=list(SUPPORTED_SUFFIXES), type="filepath", elem_id="upload",
        )  # fmt: skip
        with gr.Column():
            ui.remove_id = gr.Dropdown(label="Remove a source", choices=[], elem_id="remove-id")
            ui.remove = gr.Button("Remove…", variant="secondary", elem_id="remove-btn")
            ui.pending = gr.State("")  # the source the confirm button would remove
            with gr.Row():
                ui.confirm = gr.Button("Confirm remove", variant="stop", elem_id="confirm-remove-btn",
                                       visible=False)  # fmt: skip
                ui.cancel = gr.Button("Cancel", elem_id="cancel-remove-btn", visible=False)
            ui.refresh = gr.Button("Refresh list", elem_id="refresh-btn")
    return ui


def _settings_tab(top_k: int) -> SimpleNamespace:
    """Backend and model (read-only), passages per question, filters, light or dark."""
    ui = SimpleNamespace()
    gr.Markdown("These apply to your next question, and this browser keeps them for the next visit.")
    with gr.Row():
        ui.backend = gr.Textbox(label="Answer backend", interactive=False, elem_id="backend")
        ui.model = gr.Textbox(label="Model", interactive=False, elem_id="model")
    ui.top_k = gr.Slider(*TOP_K_RANGE, value=top_k, step=1, label="Passages retrieved per question",
                         elem_id="top-k")  # fmt: skip
    ui.outlets = gr.Dropdown(label="Only these outlets", multiselect=True, elem_id="f-outlets")
    ui.sources = gr.Dropdown(label="Only these sources", multiselect=True, elem_id="f-sources")
    with gr.Row():
        hint = "YYYY, YYYY-MM or YYYY-MM-DD"
        ui.date_from = gr.Textbox(label="From date", placeholder=hint, elem_id="f-from")
        ui.date_to = gr.Textbox(label="To date", placeholder=hint, elem_id="f-to")
        ui.as_of = gr.Textbox(label="As of date", placeholder="YYYY-MM-DD: answer as on that day",
                              elem_id="f-as-of")  # fmt: skip
    ui.theme = gr.Radio(THEMES, value=THEMES[0], label="Colours", elem_id="theme",
                        info="System follows your device's light or dark setting.")  # fmt: skip
    return ui


def _article_view() -> SimpleNamespace:
    """The whole article a citation quotes, over the page (opened by ui.js from the evidence)."""
    ui = SimpleNamespace()
    ui.request = gr.Textbox(elem_id="article-request", elem_classes=["na-hidden"], show_label=False)
    ui.open = gr.Button("Open article", elem_id="article-open-btn", elem_classes=["na-hidden"])
    with gr.Column(visible=False, elem_id="article-view") as ui.box:
        ui.close = gr.Button("Close the article", size="sm", elem_id="article-close")
        ui.html = gr.HTML("", elem_id="article-html")
    return ui


def build_app(assistant: Assistant) -> gr.Blocks:
    """The whole UI over one shared :class:`Assistant`; chats are per browser session."""
    service = UIService(assistant)
    secret = browser_secret(assistant.settings.data_dir)  # the same key after a restart
    h = Handlers(service, ConversationStore.in_dir(assistant.settings.data_dir), secret)
    starters = render.starter_questions(service.list_sources(), assistant.settings.starter_questions)
    with gr.Blocks(title="News Assistant", delete_cache=(3600, 86400), analytics_enabled=False) as demo:
        session = gr.State(ChatSession())
        browser = gr.BrowserState("", storage_key=BROWSER_KEY, secret=secret)
        current = gr.BrowserState("", storage_key=OPEN_CHAT_KEY, secret=secret)
        prefs = gr.BrowserState({}, storage_key=SETTINGS_KEY, secret=secret)
        side = _sidebar()
        gr.Markdown(INTRO, elem_id="intro")
        with gr.Tabs(elem_id="tabs"):
            with gr.Tab("Ask", id="ask", elem_id="tab-ask"):
                ask = _ask_tab(starters)
            with gr.Tab("Sources", id="sources", elem_id="tab-sources"):
                src = _sources_tab(assistant.settings.max_file_mb)
            with gr.Tab("Speakers", id="speakers", elem_id="tab-speakers") as speakers:
                speakers_tab.build(assistant, speakers)
            with gr.Tab("Settings", id="settings", elem_id="tab-settings"):
                cfg = _settings_tab(assistant.settings.top_k)
        art = _article_view()

        private = {"api_visibility": "private"}
        asked = [session, browser, cfg.top_k, cfg.outlets, cfg.sources, cfg.date_from, cfg.date_to, cfg.as_of]
        view = [ask.chatbot, ask.evidence, ask.export, ask.download, session, current, side.chat_list,
                side.rename_box]  # fmt: skip
        chat_outputs = [*view[:4], ask.question, *view[4:]]
        streaming = {"show_progress": "minimal", **private}
        buttons = [ask.ask, ask.stop]
        ways = [([ask.question.submit, ask.ask.click], h.chat, [ask.question, *asked]),
                ([ask.chatbot.example_select], h.starter, asked),
                ([ask.regenerate.click, ask.chatbot.retry], h.regenerate, asked),
                ([ask.chatbot.edit], h.edit, asked)]  # fmt: skip
        answering = []
        for triggers, fn, inputs in ways:
            gr.on(triggers, h.busy, None, buttons, queue=False, **private)
            answering.append(gr.on(triggers, fn, inputs, chat_outputs, **streaming))
            answering[-1].then(h.idle, None, buttons, queue=False, **private)
        stopped = ask.stop.click(h.stop, [session, browser], [ask.chatbot, *view[4:]], cancels=answering,
                                 **private)  # fmt: skip
        stopped.then(h.idle, None, buttons, queue=False, **private)

        demo.load(h.open_app, [browser, current], [browser, *view], **private)
        side.chat_list.input(h.open_chat, [side.chat_list, browser], view, **private)
        gr.on([side.rename.click, side.rename_box.submit], h.rename, [side.rename_box, session, browser],
              [side.chat_list, session], **private)  # fmt: skip
        deleting = [side.confirm, side.cancel]
        side.delete.click(h.ask_delete, session, deleting, **private)
        gr.on([side.cancel.click, side.chat_list.input, side.new_chat.click], h.cancel_delete, None, deleting,
              queue=False, **private)  # fmt: skip
        side.confirm.click(h.delete, [session, browser], view, **private).then(
            h.cancel_delete, None, deleting, queue=False, **private)  # fmt: skip
        gr.on([side.new_chat.click, ask.chatbot.clear], h.reset, browser, view, **private)

        filter_inputs = [cfg.outlets, cfg.sources, cfg.date_from, cfg.date_to, cfg.top_k, cfg.as_of]
        gr.on([c.change for c in filter_inputs], h.filters_note, filter_inputs, ask.note, **private)
        kept = [cfg.top_k, cfg.outlets, cfg.sources, cfg.date_from, cfg.date_to, cfg.as_of]  # SETTING_NAMES
        # Kept on every change (a restore's too, which saves the same values; nothing changes them before),
        # one save at a time in the order made: a late earlier save never overwrites a later one.
        gr.on([c.change for c in kept], h.save_settings, kept, prefs, concurrency_id=SETTINGS_KEY,
              concurrency_limit=1, show_progress="hidden", **private)  # fmt: skip
        cfg.theme.input(None, cfg.theme, None, js="(t) => { window.newsAssistant.setTheme(t); }")

        choice_outputs = [src.remove_id, cfg.outlets, cfg.sources, ask.chatbot]
        writes = {"concurrency_id": INDEX_WRITES, "concurrency_limit": 1, **private}
        src.upload.upload(h.index_uploads, [src.upload, src.query], [src.progress, src.status, src.table,
                          src.upload], show_progress="hidden", **writes).then(
            h.choices, None, choice_outputs, **private)  # fmt: skip
        confirm_step = [src.pending, src.confirm, src.cancel]
        src.remove.click(h.ask_remove, src.remove_id, [*confirm_step, src.status], **private)
        gr.on([src.cancel.click, src.remove_id.input], h.cancel_remove, None, [*confirm_step, src.status],
              **private)  # fmt: skip
        src.confirm.click(h.remove, [src.pending, src.query], [src.status, src.table, *confirm_step],
                          show_progress_on=[src.status], **writes).then(
            h.choices, None, choice_outputs, **private).then(
            h.evidence, session, [ask.evidence, ask.export, ask.download], **private)  # fmt: skip
        src.query.change(h.table, src.query, src.table, queue=False, **private)
        gr.on([src.refresh.click, demo.load], h.table, src.query, src.table, **private).then(
            h.choices, None, choice_outputs, **private)  # fmt: skip
        demo.load(h.restore_settings, prefs, kept, **private)
        demo.load(None, None, cfg.theme, js="() => [window.newsAssistant.theme()]")
        asked_for = "() => [window.newsAssistant.articleRequest]"  # set by ui.js from the clicked button
        art.open.click(h.article, art.request, [art.box, art.html], js=asked_for, **private).then(
            None, js="() => { window.newsAssistant.showQuote(); }")  # fmt: skip
        art.close.click(h.close_article, None, art.box, queue=False, **private)
        demo.load(h.backend, None, [cfg.backend, cfg.model], **private)
        demo.load(h.filters_note, filter_inputs, ask.note, **private)

        api.register(service, INDEX_WRITES)
    return demo
