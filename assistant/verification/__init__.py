"""Is each sentence of an answer supported by the passages it cites? (Used by answers and evals.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.lazy import lazy_exports

if TYPE_CHECKING:
    from assistant.verification.citations import CitationBook, Quote, best_quote
    from assistant.verification.claims import split_claims
    from assistant.verification.injection import without_instructions
    from assistant.verification.judge import ORDINALS, Embed, SupportJudge, Verdict
    from assistant.verification.meta import is_abstention, is_premise_flag

if not TYPE_CHECKING:  # type checkers read the imports above
    __all__, __getattr__, __dir__ = lazy_exports(__name__, {
        ".citations": ["CitationBook", "Quote", "best_quote"],
        ".claims": ["split_claims"],
        ".injection": ["without_instructions"],
        ".judge": ["Embed", "ORDINALS", "SupportJudge", "Verdict"],
        ".meta": ["is_abstention", "is_premise_flag"],
    })
