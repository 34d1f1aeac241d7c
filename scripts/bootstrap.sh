#!/usr/bin/env bash
# Prepares a fresh machine for Huanjie: finds a Python >= 3.12, makes sure uv is there, and syncs the
# virtual environment from uv.lock. Prints the uv command to use on its last line (the Makefile reads it).
# Everything it installs stays inside the repository (var/tools), so nothing on the machine is changed.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'bootstrap: %s\n' "$*" >&2; }

python_ok() {
  # A Python is usable if it runs and is >= 3.12.
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
  local wanted candidates=() p
  wanted=$(cat .python-version 2>/dev/null || echo 3.13)
  # pyenv's versions, whether or not pyenv is on PATH: a non-interactive shell (make, CI, cron) often
  # lacks the `pyenv init` of an interactive one, though the versions are installed.
  local root
  if command -v pyenv >/dev/null 2>&1; then root=$(pyenv root); else root=${PYENV_ROOT:-$HOME/.pyenv}; fi
  if [ -d "$root/versions" ]; then
    # Prefer the version .python-version names, then any other >= 3.12, newest first.
    for p in "$root/versions/$wanted"*/bin/python3 $(ls -d "$root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do
      candidates+=("$p")
    done
  fi
  for p in python3.14 python3.13 python3.12 python3; do
    command -v "$p" >/dev/null 2>&1 && candidates+=("$(command -v "$p")")
  done
  for p in "${candidates[@]}"; do
    if [ -x "$p" ] && python_ok "$p"; then echo "$p"; return 0; fi
  done
  return 1
}

find_uv() {
  local p
  for p in "${UV:-}" var/tools/bin/uv "$HOME/.local/bin/uv" "$(command -v uv 2>/dev/null || true)"; do
    # pyenv shims exist for every version but only work for one: run it to be sure.
    if [ -n "$p" ] && [ -x "$p" ] && "$p" --version >/dev/null 2>&1; then echo "$p"; return 0; fi
  done
  return 1
}

PY=$(find_python) || {
  log "no Python >= 3.12 found (looked in pyenv's versions under ${PYENV_ROOT:-$HOME/.pyenv} and python3.14/3.13/3.12/python3 on PATH)."
  log "install one, e.g. 'pyenv install 3.13' or 'apt-get install python3.13', and run again."
  exit 1
}
log "using Python $("$PY" -c 'import platform; print(platform.python_version())') at $PY"

if ! UVBIN=$(find_uv); then
  log "uv not found: installing it into var/tools with pip"
  mkdir -p var
  "$PY" -m venv var/tools || { log "'$PY -m venv' failed: install the venv module (Debian: python3-venv)"; exit 1; }
  var/tools/bin/pip install --quiet --disable-pip-version-check uv || {
    log "could not install uv from the package index; install uv by hand (pip install uv) and run again"; exit 1; }
  UVBIN=var/tools/bin/uv
fi

export UV_PYTHON="$PY" UV_PYTHON_DOWNLOADS=never
# The system's certificate store, as pip and curl use it: an office network that inspects TLS installs its
# authority there, and uv's own bundle would refuse the package index behind it.
export UV_NATIVE_TLS="${UV_NATIVE_TLS:-true}"
# Byte-compiled once at install: some machines set PYTHONDONTWRITEBYTECODE, and then every process would
# compile matplotlib and WeasyPrint from source again (seconds per report).
"$UVBIN" sync --frozen --quiet --compile-bytecode 2>/dev/null || "$UVBIN" sync --quiet --compile-bytecode
# An absolute path: the Makefile's `messages` runs it from huanjie/, where var/tools/bin/uv is not.
case "$UVBIN" in /*) ;; *) UVBIN="$PWD/$UVBIN" ;; esac
echo "$UVBIN"
