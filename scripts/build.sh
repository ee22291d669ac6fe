#!/usr/bin/env bash
# Builds the whole portal from procedures/ into site/ (arguments go to `thutuc build`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Two walkthroughs are recorded at a time (a 2-core machine); `--jobs 1` after it overrides.
exec .venv/bin/thutuc build --jobs 2 "$@"
