#!/usr/bin/env bash
# The test command: installs everything the tests need, then lint, types, the whole test suite, and
# the eval gate (the dev question set on the default backend must meet evals/thresholds.toml).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install.sh --dev
export GRADIO_ANALYTICS_ENABLED=False ANONYMIZED_TELEMETRY=False
.venv/bin/ruff check assistant tests benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
# Eval gate: a fresh data dir, so sources/ is indexed from scratch; the report stays in
# test-artifacts/eval/ (report.html) for a person to look at.
eval_data=$(mktemp -d)
trap 'rm -rf "$eval_data"' EXIT
ASSISTANT_DATA_DIR="$eval_data" .venv/bin/assistant eval run --questions evals/dev.jsonl \
  --out test-artifacts/eval --no-progress
