#!/usr/bin/env bash
# Runs the linters and every test, end-to-end browser tests included (arguments go to pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/ruff check .
# The browser scripts that ship with the site, the portal and the videos.
eslint=scripts/eslint/node_modules/.bin/eslint
if [ -x "$eslint" ] && command -v node >/dev/null 2>&1; then
  "$eslint" --config scripts/eslint/eslint.config.mjs \
    sandbox/js docs/assets/javascripts/*.js docs/assets/slides/*.js generators/video/overlay.js
else
  echo "==> ESLint skipped: npm/node not installed (apt-get install npm, then scripts/setup.sh)"
fi
exec .venv/bin/pytest "$@"
