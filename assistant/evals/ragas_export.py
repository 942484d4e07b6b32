"""Export a run in the column layout ragas scores: question, answer, contexts, ground_truth.

ragas itself does not import with this project's pins (see the README), so we write its layout and
let users score the file with ragas in an environment of its own.

* ``question``: the question as asked (follow-ups as asked; their history is in ``report.json``);
* ``answer``: the answer text with its [n] markers;
* ``contexts``: the retrieved passages' texts, in rank order (a list; JSON-encoded in the CSV);
* ``ground_truth``: the question set's support strings (verbatim source sentences that answer it),
  or its expected phrases when it has none; for unanswerable questions, the statement that the
  articles do not answer it.

ragas >= 0.2 calls these ``user_input``, ``response``, ``retrieved_contexts`` and ``reference``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

COLUMNS = ("question", "answer", "contexts", "ground_truth")
NOT_ANSWERED = "The articles do not answer this question."


def ground_truth(record: Mapping[str, Any]) -> str:
    if record["kind"] == "unanswerable":
        return NOT_ANSWERED
    support = [*record.get("support", []), *record.get("support_all", [])]
    if support:
        return " ".join(
            s.rstrip() if s.rstrip().endswith((".", "?", "!")) else s.rstrip() + "." for s in support
        )
    return "; ".join(group[0] for group in record.get("expect", []))


def ragas_rows(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "question": r["q"],
            "answer": r["answer"],
            "contexts": [p["text"] for p in r["passages"]],
            "ground_truth": ground_truth(r),
        }
        for r in records
    ]


def write_ragas(records: Sequence[Mapping[str, Any]], out_dir: Path) -> tuple[Path, Path]:
    """Write ``ragas.jsonl`` and ``ragas.csv`` into ``out_dir``; return their paths."""
    rows = ragas_rows(records)
    jsonl = Path(out_dir) / "ragas.jsonl"
    with jsonl.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    path_csv = Path(out_dir) / "ragas.csv"
    with path_csv.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "contexts": json.dumps(row["contexts"], ensure_ascii=False)})
    return jsonl, path_csv
