"""Which indexed sources a question names ("according to the China Daily report")."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any


def _outlets(record: Any) -> list[str]:
    """The outlet and any outlet the source says it cites (front matter ``cites: {outlet: ...}``)."""
    found = [record.outlet] if record.outlet else []
    cites = record.extra.get("cites") if isinstance(record.extra, dict) else None
    for item in cites if isinstance(cites, list) else [cites]:
        if isinstance(item, dict) and item.get("outlet"):
            found.append(str(item["outlet"]))
    return found


def outlets_named_in(question: str, records: Mapping[str, Any]) -> dict[str, str]:
    """The outlet (or cited outlet) the question names, by the id of the source it belongs to."""
    named = {}
    for source_id, record in records.items():
        for outlet in _outlets(record):
            if re.search(rf"(?<![\w-]){re.escape(outlet)}(?![\w-])", question, flags=re.I):
                named[source_id] = outlet
                break
    return named


def sources_named_in(question: str, records: Mapping[str, Any]) -> list[str]:
    """Source ids whose outlet (or cited outlet) the question names."""
    return list(outlets_named_in(question, records))


def without_outlets(question: str, records: Mapping[str, Any]) -> str:
    """The question with outlet names removed: they pick a source, they are not its content."""
    for record in records.values():
        for outlet in _outlets(record):
            question = re.sub(rf"(?<![\w-]){re.escape(outlet)}(?![\w-])", " ", question, flags=re.I)
    return re.sub(r"\s+", " ", question).strip()
