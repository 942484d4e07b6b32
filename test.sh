#!/usr/bin/env bash
# The test command: installs everything the tests need, then lint, types and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install.sh --dev
export GRADIO_ANALYTICS_ENABLED=False ANONYMIZED_TELEMETRY=False
.venv/bin/ruff check assistant tests benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
