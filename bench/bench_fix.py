"""Benchmark `docgen fix` against `docgen check` of the same form-sized DOCX.

Builds a 專案摘要表 typed the way Word saves it with Word's own defaults (新細明體 through
the theme, 12 pt, single spacing: font-family, font-size and line-spacing all fire),
then times, interleaved (check, fix, check, fix, …):

* whole processes: `docgen check F.docx` and `docgen fix F.docx -o OUT.docx`, the command
  a user runs: the wheel built from this tree, installed in a venv (as bench_check.py does);
* in one process: `check_path(F)` and `fix_file(F)`.

Prints the medians (wall and CPU) and fix/check ratios (target ≤ 1.5). On a busy machine
the CPU ratio is the steadier one. A second process row does the same for the form with a
photograph in it (a 4 MB picture fix copies without deflating it again).

    .venv/bin/python bench/bench_fix.py [runs]
"""

from __future__ import annotations

import io
import random
import shutil
import statistics
import sys
import zipfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from timing import installed_docgen, timed_together_cpu  # noqa: E402


def main() -> int:
    from handmade import summary_docx  # noqa: E402  (the tests' hand-made Word files)

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    work = Path(tempfile.mkdtemp(prefix="docgen-bench-fix-"))
    try:
        src = summary_docx(work / "word_defaults.docx", direct=False)
        docgen = [str(installed_docgen(work) / "docgen")]
        _measure(docgen, src, work / "out.docx", runs, with_photo(src, work / "with_photo.docx"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def with_photo(src: Path, dst: Path) -> Path:
    """The form with its picture replaced by a photograph-sized one (noise: PNG cannot shrink it)."""
    from PIL import Image
    noise = random.Random(0).randbytes(1200 * 1100 * 3)
    png = io.BytesIO()
    Image.frombytes("RGB", (1200, 1100), noise).save(png, "PNG")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, png.getvalue() if info.filename.endswith(".png") else zin.read(info))
    return dst


def _process_row(docgen: list[str], src: Path, out: Path, runs: int, label: str) -> None:
    (check_s, check_c), (fix_s, fix_c) = timed_together_cpu([[*docgen, "check", str(src)],
                                                              [*docgen, "fix", str(src), "-o", str(out)]], runs)
    print(f"{label}  docgen check: {check_s * 1000:7.0f} ms   docgen fix: {fix_s * 1000:7.0f} ms   "
          f"fix/check = {fix_s / check_s:.2f}   (wall)")
    print(f"{label}  docgen check: {check_c * 1000:7.0f} ms   docgen fix: {fix_c * 1000:7.0f} ms   "
          f"fix/check = {fix_c / check_c:.2f}   (CPU)")


def _measure(docgen: list[str], src: Path, out: Path, runs: int, photo: Path) -> None:
    from docgen.check import CheckOptions, check_path
    from docgen.config import Config
    from docgen.fix import fix_file

    _process_row(docgen, src, out, runs, "process")

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
    _process_row(docgen, photo, out, runs, "photo  ")


if __name__ == "__main__":
    sys.exit(main())
