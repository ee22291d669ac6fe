#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine with Python 3.11:
# Debian's Chromium (tests, and later PDFs and videos), and a virtualenv in .venv with
# the package and its test tools. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*"; }

if ! command -v chromium >/dev/null 2>&1; then
  say "Installing Debian's chromium"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  say "Creating .venv with $("$PYTHON" --version)"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  say "Installing the package and its test tools into .venv"
  # pip's own chatter goes to a log; it is shown only when the install fails.
  if ! { .venv/bin/python -m pip install --upgrade pip && .venv/bin/python -m pip install -e '.[test]'; } \
      >.venv/install.log 2>&1; then
    cat .venv/install.log >&2
    exit 1
  fi
  rm -f .venv/.installed-*
  touch "$stamp"
fi
