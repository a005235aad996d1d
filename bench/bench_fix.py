"""Benchmark `docgen fix` against `docgen check` of the same form-sized DOCX.

Builds a 專案摘要表 typed the way Word saves it with Word's own defaults (新細明體 through
the theme, 12 pt, single spacing: font-family, font-size and line-spacing all fire),
then times, interleaved (check, fix, check, fix, …):

* whole processes: `docgen check F.docx` and `docgen fix F.docx -o OUT.docx`, the command
  a user runs (the environment's `docgen` script);
* in one process: `check_path(F)` and `fix_file(F)`.

Prints the medians (wall and CPU) and fix/check ratios (target ≤ 1.5). On a busy machine
the CPU ratio is the steadier one.

    .venv/bin/python bench/bench_fix.py [runs]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from timing import timed_together_cpu  # noqa: E402

_SCRIPT = Path(sys.executable).parent / "docgen"
DOCGEN = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "docgen"]


def main() -> int:
    from handmade import summary_docx  # noqa: E402  (the tests' hand-made Word files)

    from docgen.check import CheckOptions, check_path
    from docgen.config import Config
    from docgen.fix import fix_file

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    work = Path(tempfile.mkdtemp(prefix="docgen-bench-fix-"))
    src = summary_docx(work / "word_defaults.docx", direct=False)
    out = work / "out.docx"

    (check_s, check_c), (fix_s, fix_c) = timed_together_cpu([[*DOCGEN, "check", str(src)],
                                                              [*DOCGEN, "fix", str(src), "-o", str(out)]], runs)
    print(f"process  docgen check: {check_s * 1000:7.0f} ms   docgen fix: {fix_s * 1000:7.0f} ms   "
          f"fix/check = {fix_s / check_s:.2f}   (wall)")
    print(f"process  docgen check: {check_c * 1000:7.0f} ms   docgen fix: {fix_c * 1000:7.0f} ms   "
          f"fix/check = {fix_c / check_c:.2f}   (CPU)")

    a, b, ac, bc = [], [], [], []
    opts = CheckOptions()
    check_path(str(src), opts), fix_file(src, output=out, options=opts, config=Config())  # warm
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        check_path(str(src), opts)
        a.append(time.perf_counter() - t)
        ac.append(time.process_time() - c)
        t, c = time.perf_counter(), time.process_time()
        outcome = fix_file(src, output=out, options=opts, config=Config())
        b.append(time.perf_counter() - t)
        bc.append(time.process_time() - c)
    for label, x, y in (("wall", a, b), ("CPU", ac, bc)):
        ca, fb = statistics.median(x), statistics.median(y)
        print(f"in-proc  check_path:   {ca * 1000:7.1f} ms   fix_file:   {fb * 1000:7.1f} ms   "
              f"fix/check = {fb / ca:.2f}   ({label}; {len(outcome.changes)} repairs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
