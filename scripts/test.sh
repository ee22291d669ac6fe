#!/usr/bin/env bash
# Runs the linter and every test, end-to-end browser tests included (arguments go to pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/ruff check .
exec .venv/bin/pytest "$@"
