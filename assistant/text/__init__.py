"""Plain-text utilities shared by chunking, answering and verification."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.lazy import lazy_exports

if TYPE_CHECKING:
    from assistant.text.bm25 import bm25_scores
    from assistant.text.instructions import flag_instructions, is_instruction
    from assistant.text.markers import CITATION_MARKER, marker_numbers, normalise_markers, strip_markers
    from assistant.text.matching import contains, normalise
    from assistant.text.sentences import Span, split_sentences
    from assistant.text.terms import content_terms, names, numbers, tokens

if not TYPE_CHECKING:  # type checkers read the imports above
    __all__, __getattr__, __dir__ = lazy_exports(__name__, {
        ".bm25": ["bm25_scores"],
        ".instructions": ["flag_instructions", "is_instruction"],
        ".markers": ["CITATION_MARKER", "marker_numbers", "normalise_markers", "strip_markers"],
        ".matching": ["contains", "normalise"],
        ".sentences": ["Span", "split_sentences"],
        ".terms": ["content_terms", "names", "numbers", "tokens"],
    })
