"""Answer generators: they turn a question and retrieved passages into a cited Answer.

The face exports what the pipeline's consumers need: the generators, the question analysis, the
answerability decision and the answer model it is fitted with (``assistant eval fit``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.lazy import lazy_exports

if TYPE_CHECKING:
    from assistant.generation.answer_model import (
        GATE_FEATURES,
        MODEL_FILE,
        AnswerModel,
        Logistic,
        fit_logistic,
        from_dict,
        gate_row,
        load_model,
    )
    from assistant.generation.base import GenerationContext, Generator
    from assistant.generation.chat import make_chat_model
    from assistant.generation.comparison import sides_of
    from assistant.generation.evidence import Sentence, candidate_sentences
    from assistant.generation.extractive import (
        ANSWER_BUDGET_CHARS,
        FACT_SENTENCES,
        STALE_DAYS,
        Decision,
        ExtractiveGenerator,
        decide,
        follow_on,
        recent_lead,
        split_parts,
        stale_date,
    )
    from assistant.generation.factory import make_generator
    from assistant.generation.features import CARRIED_WEIGHT, FEATURES, asked_kind
    from assistant.generation.llm import LLMGenerator
    from assistant.generation.llm_prompt import clean_condensed, format_passages
    from assistant.generation.question import analyse, follow_up_profile, side_queries
    from assistant.generation.retry import Backoff, Breaker
    from assistant.generation.sentence_stream import SentenceBuffer

if not TYPE_CHECKING:  # type checkers read the imports above
    __all__, __getattr__, __dir__ = lazy_exports(__name__, {
        ".answer_model": [
            "AnswerModel", "GATE_FEATURES", "Logistic", "MODEL_FILE", "fit_logistic", "from_dict",
            "gate_row", "load_model",
        ],
        ".base": ["GenerationContext", "Generator"],
        ".chat": ["make_chat_model"],
        ".comparison": ["sides_of"],
        ".evidence": ["Sentence", "candidate_sentences"],
        ".extractive": [
            "ANSWER_BUDGET_CHARS", "Decision", "ExtractiveGenerator", "FACT_SENTENCES", "STALE_DAYS",
            "decide", "follow_on", "recent_lead", "split_parts", "stale_date",
        ],
        ".factory": ["make_generator"],
        ".features": ["CARRIED_WEIGHT", "FEATURES", "asked_kind"],
        ".llm": ["LLMGenerator"],
        ".llm_prompt": ["clean_condensed", "format_passages"],
        ".question": ["analyse", "follow_up_profile", "side_queries"],
        ".retry": ["Backoff", "Breaker"],
        ".sentence_stream": ["SentenceBuffer"],
    })
