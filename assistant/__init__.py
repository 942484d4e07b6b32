"""A cited-answer assistant for a news corpus.

This is the public face. The layers import one way:

- Code outside a subpackage imports only that subpackage's face (its ``__init__``: the names in its
  ``__all__``), never one of its modules.
- The consumers (``assistant.ui``, ``assistant.evals``, ``assistant.cli``, ``tests/``, ``benchmarks/``)
  import the core through this face; where one needs an internal unit (the eval's fit needs the
  answer model's features, a test of the judge tests the judge) it imports it from that
  subpackage's face (``from assistant.verification import SupportJudge``). Inside its own package a
  consumer imports what it likes. ``tests/test_faces.py`` checks the consumers' imports (AST); the
  core's own modules do not all follow the first rule yet.

Here: the library (:class:`Assistant`, its settings, answer types, errors, inputs, sources, the
LangChain adapters) and the building blocks the pipeline is made of (chunking, BM25, retrieval,
condensing follow-ups, the write lock) for tests, benchmarks and your own chains.

Every face is cheap: each name's module is imported on first use (:pep:`562`,
:func:`assistant.lazy.lazy_exports`), so ``from assistant import Assistant`` loads nothing heavy
(Chroma, the embedding model, Gradio). A face never exports a name its package uses for a module
(that module's first import would bind over it): here ``condense.condense`` is ``condense_question``
and ``write_lock.write_lock`` is ``hold_write_lock``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.lazy import lazy_exports

if TYPE_CHECKING:
    from assistant.assistant import Assistant, History
    from assistant.bm25_index import BM25Index
    from assistant.chunking import chunk_document
    from assistant.cli_errors import file_errors, friendly_errors
    from assistant.condense import ANSWER_MAX_NAMES, TOPIC_MAX_WORDS, is_follow_up
    from assistant.condense import condense as condense_question
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
    from assistant.followup_entities import PERSON, THING, YEAR, entities
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
    from assistant.memory import limit_arenas, release_freed_memory
    from assistant.pipeline import STAGES, Pipeline
    from assistant.prompts import all_prompts, load_prompt, parse_prompt
    from assistant.retrieval import Filters, HybridRetriever, IndexSnapshot, Retrieved, joined, recent_filters
    from assistant.settings import PACKAGED_PROMPTS, PROJECT_ROOT, Settings
    from assistant.speakers import Speaker, SpokenSentence, group_speakers
    from assistant.store import INDEX_FORMAT, SourceRecord
    from assistant.stream import AnswerStream, SentenceEvent
    from assistant.text.markers import CITATION_MARKER, marker_numbers, strip_markers
    from assistant.types import Answer, Chunk, Citation, Document, Passage, Section
    from assistant.write_lock import lock_path
    from assistant.write_lock import write_lock as hold_write_lock

if not TYPE_CHECKING:  # type checkers read the imports above
    __all__, __getattr__, __dir__ = lazy_exports(__name__, {
        # the library
        ".assistant": ["Assistant", "History"],
        ".settings": ["PACKAGED_PROMPTS", "PROJECT_ROOT", "Settings"],
        ".types": ["Answer", "Chunk", "Citation", "Document", "Passage", "Section"],
        ".errors": [
            "AssistantError", "BackendError", "ConfigError", "EvalError", "InputError", "LocalModelError",
            "SourceError", "SourceNotFound", "StoreError",
        ],
        ".inputs": ["check_as_of", "check_date", "check_request", "make_filters"],
        ".stream": ["AnswerStream", "SentenceEvent"],
        ".speakers": ["Speaker", "SpokenSentence", "group_speakers"],
        ".indexer": ["Progress", "SyncReport"],
        ".store": ["INDEX_FORMAT", "SourceRecord"],
        ".loaders": ["SUPPORTED_SUFFIXES", "Limits", "load_document", "name_refusal", "source_id_for"],
        ".embedding": ["Embedder", "make_embedder"],
        ".prompts": ["all_prompts", "load_prompt", "parse_prompt"],
        ".text.markers": ["CITATION_MARKER", "marker_numbers", "strip_markers"],
        ".interop": ["AssistantRetriever", "AssistantRunnable"],
        ".cli_errors": ["file_errors", "friendly_errors"],
        ".memory": ["limit_arenas", "release_freed_memory"],
        # the building blocks
        ".pipeline": ["STAGES", "Pipeline"],
        ".chunking": ["chunk_document"],
        ".bm25_index": ["BM25Index"],
        ".retrieval": [
            "Filters", "HybridRetriever", "IndexSnapshot", "Retrieved", "joined", "recent_filters",
        ],
        ".condense": ["ANSWER_MAX_NAMES", "TOPIC_MAX_WORDS", "condense as condense_question", "is_follow_up"],
        ".followup_entities": ["PERSON", "THING", "YEAR", "entities"],
        ".write_lock": ["lock_path", "write_lock as hold_write_lock"],
    })
