"""Text embedders. Chroma is always handed one of these explicitly (never its own default,
which downloads a model at run time).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from assistant.lazy import lazy_exports

if TYPE_CHECKING:
    from assistant.embedding.cache import CachedEmbedder
    from assistant.embedding.onnx_minilm import TOKENIZER_FILE, OnnxMiniLM
    from assistant.settings import Settings


class Embedder(Protocol):
    """Turns texts into unit-length vectors."""

    @property
    def model_id(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed(self, texts: list[str]) -> list[list[float]]: ...


def make_embedder(settings: Settings) -> Embedder:
    """The embedder the settings ask for (the packaged MiniLM by default)."""
    if settings.embedding_backend == "openai":
        from .openai_embedder import OpenAIEmbedder

        return OpenAIEmbedder(settings)
    from .onnx_minilm import OnnxMiniLM

    return OnnxMiniLM(batch_size=settings.embedding_batch_size)


_OWN = ["Embedder", "make_embedder"]
if not TYPE_CHECKING:  # type checkers read the imports above; the ONNX model loads on first use
    _LAZY, __getattr__, __dir__ = lazy_exports(__name__, {".cache": ["CachedEmbedder"],
                                                          ".onnx_minilm": ["OnnxMiniLM", "TOKENIZER_FILE"]})
    __all__ = sorted([*_OWN, *_LAZY])
