"""Resident memory of a process that has the Assistant loaded and has answered questions.

Reads ``{"settings": {...}, "questions": [...]}`` on stdin, prints one JSON line. ``assistant serve``
is this plus Gradio; Gradio's own footprint is not included.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def _status(field: str) -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def main() -> None:
    from assistant.assistant import Assistant
    from assistant.settings import Settings

    payload = json.loads(sys.stdin.read())
    a = Assistant(Settings(**payload["settings"]))
    loaded = a._index()
    for q in payload["questions"]:
        a.answer(q)
    print(json.dumps({"rss_mb": _status("VmRSS"), "peak_mb": _status("VmHWM"),
                      "bm25_rows": len(loaded[0]), "questions": len(payload["questions"])}))


if __name__ == "__main__":
    main()
