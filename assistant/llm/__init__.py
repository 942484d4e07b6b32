"""The packaged local LLM: model files and the llama.cpp server that serves them (``assistant llm``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.lazy import lazy_exports

if TYPE_CHECKING:
    from assistant.llm.cli import llm_group
    from assistant.llm.models import QWEN, assemble, package_dir, qwen_parts, qwen_path, smollm2_path
    from assistant.llm.server import base_url, start_server, stop, wait_ready

if not TYPE_CHECKING:  # type checkers read the imports above
    __all__, __getattr__, __dir__ = lazy_exports(__name__, {
        ".cli": ["llm_group"],
        ".models": ["QWEN", "assemble", "package_dir", "qwen_parts", "qwen_path", "smollm2_path"],
        ".server": ["base_url", "start_server", "stop", "wait_ready"],
    })
