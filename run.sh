#!/usr/bin/env bash
# The run command: install into .venv, index sources/ and serve the chat UI on http://127.0.0.1:7860.
# Arguments go to 'assistant serve', e.g. ./run.sh --port 8080 (see .venv/bin/assistant serve --help).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install.sh
export GRADIO_ANALYTICS_ENABLED=False ANONYMIZED_TELEMETRY=False
exec .venv/bin/assistant serve "$@"
