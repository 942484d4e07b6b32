"""The Gradio chat UI: a thin adapter over :class:`assistant.Assistant`.

``render`` and ``session`` are plain Python (no Gradio import); ``app`` builds the Blocks,
``api`` registers the named API endpoints, ``server`` launches it and ``cli`` is ``assistant serve``.
The face exports the command and the units the tests drive; Gradio loads only with ``app``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.lazy import lazy_exports

if TYPE_CHECKING:
    from assistant.ui.cli import serve
    from assistant.ui.conversations import (
        ConversationStore,
        Turn,
        browser_owner_id,
        browser_secret,
        make_title,
    )
    from assistant.ui.handlers import SETTING_NAMES, Handlers
    from assistant.ui.render import (
        MATCH_STRONG_DENSE,
        MATCH_STRONG_RANK,
        MATCH_WEAK_DENSE,
        answer_markdown,
        chat_markdown,
        comparison_table,
        conversation_markdown,
        evidence_html,
        export_markdown,
        highlighted_paragraphs,
        match_words,
        md_escape,
        source_rows,
        speaker_line,
        starter_questions,
        upload_progress,
        upload_status,
    )
    from assistant.ui.server import auth_pair, launch_options
    from assistant.ui.service import UIService, UploadProgress
    from assistant.ui.session import STOPPED, ChatSession
    from assistant.ui.speakers_tab import MAX_SENTENCES_LISTED, MAX_SPEAKERS_SHOWN, speakers_html

if not TYPE_CHECKING:  # type checkers read the imports above
    __all__, __getattr__, __dir__ = lazy_exports(__name__, {
        ".cli": ["serve"],
        ".conversations": [
            "ConversationStore", "Turn", "browser_owner_id", "browser_secret", "make_title",
        ],
        ".handlers": ["Handlers", "SETTING_NAMES"],
        ".render": [
            "MATCH_STRONG_DENSE", "MATCH_STRONG_RANK", "MATCH_WEAK_DENSE", "answer_markdown",
            "chat_markdown", "comparison_table", "conversation_markdown", "evidence_html", "export_markdown",
            "highlighted_paragraphs", "match_words", "md_escape", "source_rows", "speaker_line",
            "starter_questions", "upload_progress", "upload_status",
        ],
        ".server": ["auth_pair", "launch_options"],
        ".service": ["UIService", "UploadProgress"],
        ".session": ["ChatSession", "STOPPED"],
        ".speakers_tab": ["MAX_SENTENCES_LISTED", "MAX_SPEAKERS_SHOWN", "speakers_html"],
    })
