"""Embeddings from an OpenAI-compatible ``/embeddings`` endpoint (opt-in: needs a key or server)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.errors import ConfigError

if TYPE_CHECKING:
    from assistant.settings import Settings


class OpenAIEmbedder:
    """Calls ``client.embeddings.create`` in batches; vectors come back unit length."""

    def __init__(self, settings: Settings) -> None:
        from openai import OpenAI

        key = settings.resolved_llm_key()
        base_url = settings.resolved_llm_base_url()
        if not key and not base_url:
            raise ConfigError(
                "ASSISTANT_EMBEDDING_BACKEND=openai needs ASSISTANT_LLM_API_KEY (or OPENAI_API_KEY) "
                "or ASSISTANT_LLM_BASE_URL for a local server"
            )
        self._client = OpenAI(api_key=key or "not-needed", base_url=base_url)
        self.model_id = settings.embedding_model
        self._batch = max(1, settings.embedding_batch_size)
        self.dimension = 0

    def embed(self, texts: list[str]) -> list[list[float]]:
        vectors: list[list[float]] = []
        for first in range(0, len(texts), self._batch):
            response = self._client.embeddings.create(
                model=self.model_id, input=texts[first : first + self._batch]
            )
            vectors.extend(item.embedding for item in response.data)
        if vectors:
            self.dimension = len(vectors[0])
        return vectors
