#!/usr/bin/env bash
# Set up docgen on a Debian/Ubuntu machine: the system packages (LibreOffice,
# the TW-Kai font, poppler, pandoc for the benchmark) when run as root, a private
# LibreOffice 25.2 for margin comments (scripts/lo_margin.sh), then a virtual
# environment in .venv with docgen and its test tools.
#
# Idempotent and quiet: each step prints one line; a second run finds
# everything in place, calls neither apt-get nor pip, and takes about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

# --- 1. system packages: only what is really missing -----------------------
# fc-list's output is read whole: `fc-list | grep -q` under pipefail fails when
# grep stops early and fc-list gets SIGPIPE, and a present font looked missing.
fonts=$(fc-list 2>/dev/null || true)
need_apt=()
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui)
# the UNO bridge lets one LibreOffice serve a whole batch (else one start per file)
[ -f /usr/lib/python3/dist-packages/uno.py ] || need_apt+=(python3-uno)
case "$fonts" in *TW-Kai*) ;; *) need_apt+=(fonts-cns11643-kai) ;; esac
# Ming/Hei faces for 新細明體/微軟正黑體, so a wrong font looks wrong in a PDF
case "$fonts" in *"Noto Serif CJK"*) ;; *) need_apt+=(fonts-noto-cjk) ;; esac
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v pandoc >/dev/null 2>&1 || need_apt+=(pandoc)
command -v fc-match >/dev/null 2>&1 || need_apt+=(fontconfig)
# Calc opens the xlsx/ods batch summaries in the tests; chromium (+ its driver) runs the
# HTML report's real-browser test
[ -e /usr/lib/libreoffice/program/libsclo.so ] || command -v localc >/dev/null 2>&1 || need_apt+=(libreoffice-calc-nogui)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)

if [ ${#need_apt[@]} -eq 0 ]; then
  echo "System packages: all present"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "System packages: installing ${need_apt[*]}"
  log=$(mktemp)
  if ! { apt-get update -qq -o DPkg::Lock::Timeout=300 \
         && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
              -o DPkg::Lock::Timeout=300 "${need_apt[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "System packages: apt-get failed (output above)" >&2
    exit 1
  fi
  rm -f "$log"
elif command -v apt-get >/dev/null 2>&1; then
  echo "System packages missing (PDF/ODT output needs them); install them with: sudo apt-get install -y ${need_apt[*]}"
else
  echo "System packages missing: ${need_apt[*]} (install LibreOffice from https://www.libreoffice.org and the fonts with your package manager)"
fi

# --- 1b. a private LibreOffice for PDFs with comments in the margin ---------
# Debian 12's 7.4 cannot print comments beside the page (`check --annotate-pdf`); this
# unpacks bookworm-backports' 25.2 into a cache folder, leaving the system's alone.
# Optional: when it cannot (no network), docgen works without it, minus that PDF.
bash scripts/lo_margin.sh || true

# --- 2. the virtual environment ----------------------------------------------
PY=${PYTHON:-python3}
if [ -x .venv/bin/python ] && .venv/bin/python -c "" 2>/dev/null; then
  echo "Virtual environment: .venv (already there)"
else
  rm -rf .venv
  "$PY" -m venv .venv
  echo "Virtual environment: .venv (created with $("$PY" --version 2>&1))"
fi

# --- 3. docgen (editable) and the test tools ---------------------------------
# A stamp of what the install depends on; pip runs only when it changed or the
# venv's docgen is not this checkout's.
stamp=.venv/.docgen-setup
want=$(cat pyproject.toml setup.py | .venv/bin/python -c "import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())")
here=$(.venv/bin/python -I -c "import docgen, os; print(os.path.dirname(os.path.dirname(os.path.realpath(docgen.__file__))))" 2>/dev/null || true)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ "$here" = "$(pwd -P)" ] \
   && .venv/bin/python -I -c "import pytest, hypothesis" 2>/dev/null; then
  echo "Python packages: up to date"
else
  log=.venv/pip.log
  if ! { .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip \
         && .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "Python packages: pip failed (output above; also in $log)" >&2
    exit 1
  fi
  echo "$want" >"$stamp"
  echo "Python packages: installed docgen (editable) and the test tools (log: $log)"
fi

echo "docgen is ready: .venv/bin/docgen"
