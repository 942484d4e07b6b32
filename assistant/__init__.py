"""A cited-answer assistant for a news corpus.

``from assistant import Assistant`` is cheap: heavy pieces load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.assistant import Assistant
    from assistant.settings import Settings
    from assistant.types import Answer, Citation, Passage

__all__ = ["Answer", "Assistant", "Citation", "Passage", "Settings"]


def __getattr__(name: str) -> Any:
    if name == "Assistant":
        from assistant.assistant import Assistant

        return Assistant
    if name == "Settings":
        from assistant.settings import Settings

        return Settings
    if name in {"Answer", "Citation", "Passage"}:
        from assistant import types

        return getattr(types, name)
    raise AttributeError(name)
