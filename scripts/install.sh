#!/usr/bin/env bash
# Install the assistant into ./.venv (idempotent). With --dev also the test tools and, when run as
# root on Debian/Ubuntu, the Chromium browser the UI tests drive.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
  .venv/bin/pip install --quiet --upgrade pip
fi
extras=""
if [ "${1:-}" = "--dev" ]; then extras="[dev]"; fi
# The dev extra builds llama-cpp-python (llama.cpp) from source. Build it for any x86-64 CPU with AVX2:
# a native build on a CPU with AMX (Xeon Sapphire Rapids and later) repacks the weights for AMX, and
# there the server crashed (segmentation fault) on the first prompt longer than one token.
export CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON}"
.venv/bin/pip install --quiet -e ".${extras}"
# A wheel built natively before (pip caches it) still holds the AMX kernels: drop it, rebuild once.
if .venv/bin/python -c "import llama_cpp, sys; sys.exit(b'AMX' not in llama_cpp.llama_print_system_info())" \
    2>/dev/null; then
  echo "Rebuilding llama-cpp-python without AMX kernels (about 8 minutes)..."
  .venv/bin/pip cache remove llama_cpp_python >/dev/null 2>&1 || true
  .venv/bin/pip install --quiet --force-reinstall --no-deps "llama-cpp-python==0.3.36"
fi
if [ "${1:-}" = "--dev" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Chromium for the browser tests (apt)..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "warning: could not install chromium; browser tests will be skipped" >&2
  else
    echo "note: install Chromium (e.g. 'apt-get install chromium') to run the browser tests" >&2
  fi
fi
