"""The named API endpoints (``/ask``, ``/upload``, ``/list_sources``, ``/remove_source``,
``/speakers``).

They return JSON-friendly dicts, call the same :class:`UIService` as the UI, and keep no state
between calls: a client passes its own history. Gradio derives their schema from the type hints,
so this module does not use ``from __future__ import annotations``.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
from gradio import FileData

from assistant import AssistantError
from assistant.ui.service import UIService, make_filters, report_dict, source_dict


def register(service: UIService, writes_id: str) -> None:
    """Add the endpoints to the Blocks being built (call inside ``with gr.Blocks()``)."""

    def ask(question: str, history: list[dict[str, str]] | None = None, top_k: int = 0,
            outlets: list[str] | None = None, sources: list[str] | None = None,
            date_from: str = "", date_to: str = "", as_of: str = "") -> Iterator[dict[str, Any]]:  # fmt: skip
        """Stream an answer: {"done": false, "answer": text so far} items, then the full answer
        ({"done": true, "answer", "citations", "passages", "abstained", ...}). ``history`` is a list
        of {"role", "content"} turns; ``top_k`` 0 means the configured number of passages;
        ``as_of`` (YYYY-MM-DD) answers as on that day (later articles are not used).
        """
        default_k = top_k is None or (type(top_k) in (int, float) and top_k == 0)
        try:
            filters = make_filters(outlets, sources, date_from, date_to)
            stream = service.stream(question, history or [], filters, None if default_k else top_k, as_of)
            text = ""
            for delta in stream:
                text += delta
                yield {"done": False, "answer": text}
            yield {"done": True, **stream.answer().to_dict()}
        except (ValueError, AssistantError) as exc:
            raise gr.Error(str(exc)) from exc

    def upload(files: list[FileData]) -> dict[str, Any]:
        """Index uploaded files; returns {"added", "updated", "unchanged", "errors": [{"file",
        "reason"}], "chunks_indexed", "summary", "sources"}. A bad file is reported, not raised.
        """
        uploads = []
        if not isinstance(files, list):
            raise gr.Error(f"files must be a list of uploaded files, not {type(files).__name__}.")
        for f in files:
            data = f if isinstance(f, dict) else f.model_dump() if isinstance(f, FileData) else {}
            if not isinstance(data.get("path"), str):
                raise gr.Error("files must be uploaded files (handle_file(path) in gradio_client); "
                               f"got {type(f).__name__}.")  # fmt: skip
            uploads.append((Path(data["path"]), data.get("orig_name")))
        report = service.add_uploads(uploads)
        return report_dict(report, len(service.list_sources()))

    def list_sources() -> list[dict[str, Any]]:
        """The indexed documents: [{"source_id", "title", "outlet", "date", "chunks"}]."""
        return [source_dict(r) for r in service.list_sources()]

    def remove_source(source_id: str) -> dict[str, Any]:
        """Remove a document (and its file in the sources folder) by id; returns what was removed."""
        if not isinstance(source_id, str):
            raise gr.Error(f"source_id must be text, not {type(source_id).__name__}.")
        try:
            return source_dict(service.remove(source_id))
        except (ValueError, AssistantError) as exc:
            raise gr.Error(str(exc)) from exc

    def speakers(name: str = "") -> list[dict[str, Any]]:
        """Everyone quoted (or those named ``name``): [{"name", "role", "count", "articles",
        "sentences": [{"speaker", "role", "via", "source_id", "title", "outlet", "date", "text",
        "start", "end", "chunk_id"}]}], most often quoted first.
        """
        if not isinstance(name, str):
            raise gr.Error(f"name must be text, not {type(name).__name__}.")
        a = service.assistant
        return [sp.to_dict() for sp in a.speakers.speakers(dict(a.snapshot().records), name)]

    gr.api(ask, api_name="ask")
    gr.api(speakers, api_name="speakers")
    gr.api(upload, api_name="upload", concurrency_id=writes_id, concurrency_limit=1)
    gr.api(list_sources, api_name="list_sources")
    gr.api(remove_source, api_name="remove_source", concurrency_id=writes_id, concurrency_limit=1)
