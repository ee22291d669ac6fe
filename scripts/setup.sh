#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine with Python 3.11: a few
# Debian packages, and a virtualenv in .venv with the package and its test tools.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*"; }

# Debian packages, by the command each provides: the browser that renders, records and
# tests; ffprobe to check videos; pdftotext to read PDFs back.
missing=""
for pair in chromium:chromium ffprobe:ffmpeg pdftotext:poppler-utils npm:npm; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
if [ -n "$missing" ]; then
  say "Installing Debian packages:$missing"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  say "Creating .venv with $("$PYTHON" --version)"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  say "Installing the package, its test tools and ProperDocs (the other site engine) into .venv"
  # pip's own chatter goes to a log; it is shown only when the install fails.
  if ! { .venv/bin/python -m pip install --upgrade pip && .venv/bin/python -m pip install -e '.[test,properdocs]'; } \
      >.venv/install.log 2>&1; then
    cat .venv/install.log >&2
    exit 1
  fi
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# axe-core (MPL-2.0), the accessibility checker the browser tests inject into each page:
# installed from npm into .test-tools (ignored by git), pinned so results do not drift.
AXE_VERSION=4.11.1
if [ ! -f ".test-tools/node_modules/axe-core/axe.min.js" ] || \
   ! grep -q "\"version\": \"$AXE_VERSION\"" .test-tools/node_modules/axe-core/package.json 2>/dev/null; then
  if command -v npm >/dev/null 2>&1; then
    say "Installing axe-core $AXE_VERSION into .test-tools"
    npm install --prefix .test-tools --no-audit --no-fund --silent "axe-core@$AXE_VERSION" >/dev/null
  else
    say "npm not found: the accessibility tests need it (apt-get install npm)"
  fi
fi

# ESLint, the JavaScript linter of scripts/test.sh: pinned in scripts/eslint/package-lock.json and
# installed with `npm ci` into scripts/eslint/node_modules (ignored by git).
lint_stamp=scripts/eslint/node_modules/.installed-$(sha256sum scripts/eslint/package-lock.json | cut -c1-16)
if [ ! -f "$lint_stamp" ]; then
  if command -v npm >/dev/null 2>&1; then
    say "Installing ESLint into scripts/eslint/node_modules"
    if npm ci --prefix scripts/eslint --no-audit --no-fund --silent >/dev/null 2>&1; then
      touch "$lint_stamp"
    else
      say "npm ci failed (offline?): the JavaScript linter is skipped until it installs"
    fi
  else
    say "npm not found: the JavaScript linter is skipped (apt-get install npm)"
  fi
fi
