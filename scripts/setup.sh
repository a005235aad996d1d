#!/usr/bin/env bash
# Set up docgen on a fresh Debian/Ubuntu machine: system packages (LibreOffice,
# the TW-Kai font, poppler, pandoc for the benchmark) when run as root, then a
# virtual environment in .venv with docgen and its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui)
# the UNO bridge lets one LibreOffice serve a whole batch (else one start per file)
[ -f /usr/lib/python3/dist-packages/uno.py ] || need_apt+=(python3-uno)
fc-list 2>/dev/null | grep -q "TW-Kai" || need_apt+=(fonts-cns11643-kai)
# Ming/Hei faces for 新細明體/微軟正黑體, so a wrong font looks wrong in a PDF
fc-list 2>/dev/null | grep -q "Noto Serif CJK" || need_apt+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v pandoc >/dev/null 2>&1 || need_apt+=(pandoc)
command -v fc-match >/dev/null 2>&1 || need_apt+=(fontconfig)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "Missing system packages (PDF/ODT output needs them): ${need_apt[*]}"
    echo "  sudo apt-get install -y ${need_apt[*]}"
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'
echo "docgen is ready: .venv/bin/docgen"
