#!/usr/bin/env bash
# Run every benchmark: bash bench/run.sh   (after scripts/setup.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
[ -x "$PY" ] || PY=python3
"$PY" bench/bench_check.py "$@"
"$PY" bench/bench_pdf.py
"$PY" bench/bench_count.py
"$PY" bench/bench_pdf_read.py
"$PY" bench/bench_norms.py
"$PY" bench/bench_fix.py
"$PY" bench/bench_visual.py
"$PY" bench/bench_serve.py
