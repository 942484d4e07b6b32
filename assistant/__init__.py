"""A cited-answer assistant for a news corpus.

This is the public face: the CLI, the UI, the evals and the tests import from ``assistant``.
``from assistant import Assistant`` is cheap: each name's module is imported on first use
(:pep:`562`), so nothing heavy (Chroma, the embedding model, Gradio) loads at import time.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.assistant import Assistant, History
    from assistant.cli_errors import file_errors, friendly_errors
    from assistant.embedding import Embedder, make_embedder
    from assistant.errors import (
        AssistantError,
        BackendError,
        ConfigError,
        EvalError,
        InputError,
        LocalModelError,
        SourceError,
        SourceNotFound,
        StoreError,
    )
    from assistant.indexer import Progress, SyncReport
    from assistant.inputs import check_as_of, check_date, check_request, make_filters
    from assistant.interop import AssistantRetriever, AssistantRunnable
    from assistant.loaders import (
        SUPPORTED_SUFFIXES,
        Limits,
        load_document,
        name_refusal,
        source_id_for,
    )
    from assistant.prompts import all_prompts, load_prompt
    from assistant.retrieval import Filters
    from assistant.settings import Settings
    from assistant.speakers import Speaker
    from assistant.store import SourceRecord
    from assistant.stream import AnswerStream, SentenceEvent
    from assistant.text.markers import CITATION_MARKER, marker_numbers, strip_markers
    from assistant.types import Answer, Chunk, Citation, Document, Passage

# name -> the module that defines it
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(["Assistant", "History"], "assistant.assistant"),
    **dict.fromkeys(["Settings"], "assistant.settings"),
    **dict.fromkeys(["Speaker"], "assistant.speakers"),
    **dict.fromkeys(["Answer", "Chunk", "Citation", "Document", "Passage"], "assistant.types"),
    **dict.fromkeys([
        "AssistantError", "BackendError", "ConfigError", "EvalError", "InputError", "LocalModelError",
        "SourceError", "SourceNotFound", "StoreError",
    ], "assistant.errors"),  # fmt: skip
    **dict.fromkeys(["Filters"], "assistant.retrieval"),
    **dict.fromkeys(["Progress", "SyncReport"], "assistant.indexer"),
    **dict.fromkeys(["SourceRecord"], "assistant.store"),
    **dict.fromkeys(["AnswerStream", "SentenceEvent"], "assistant.stream"),
    **dict.fromkeys(["CITATION_MARKER", "marker_numbers", "strip_markers"], "assistant.text.markers"),
    **dict.fromkeys(["SUPPORTED_SUFFIXES", "Limits", "load_document", "name_refusal", "source_id_for"],
                    "assistant.loaders"),  # fmt: skip
    **dict.fromkeys(["check_as_of", "check_date", "check_request", "make_filters"], "assistant.inputs"),
    **dict.fromkeys(["Embedder", "make_embedder"], "assistant.embedding"),
    **dict.fromkeys(["all_prompts", "load_prompt"], "assistant.prompts"),
    **dict.fromkeys(["file_errors", "friendly_errors"], "assistant.cli_errors"),
    **dict.fromkeys(["AssistantRetriever", "AssistantRunnable"], "assistant.interop"),
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
