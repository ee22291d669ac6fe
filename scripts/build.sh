#!/usr/bin/env bash
# Builds the whole portal from procedures/ into site/ (arguments go to `thutuc build`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/thutuc build "$@"
