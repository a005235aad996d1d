"""Benchmark the cost of drawing page pictures in a forked child (docgen/reports/pages.py
`draw_all`, which bounds PDFium by the time budget) against drawing in-process.

Prints, each against its peer measured in the same run (interleaved), wall and CPU time:
1. one file: `draw_all([…], 60)` (fork, draw, pickle through a pipe) vs `draw(…)` on the
   summary_form sample PDF (CPU: this process plus its waited-for children);
2. a 50-PDF batch `docgen check FOLDER --format html --time-budget 60` (bounded) vs
   `--time-budget 0` (no budget: drawn in-process, the old way).
Run: .venv/bin/python bench/bench_pages_bound.py
"""

from __future__ import annotations

import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from timing import ENV, build_sample, timed_together_cpu  # noqa: E402 (bench/ is on sys.path)

DOCGEN = [sys.executable, "-m", "docgen"]


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def per_file(pdf: Path, runs: int = 15) -> None:
    from docgen.check import check_path, read_document
    from docgen.reports.pages import draw, draw_all

    result = check_path(str(pdf))
    doc = read_document(pdf, result.form)
    peers = {"in-process": lambda: draw(pdf, result, doc), "forked": lambda: draw_all([(pdf, pdf, result, doc)], 60)[pdf]}
    figures = {k: ([], []) for k in peers}
    for f in peers.values():
        f()  # warm
    for _ in range(runs):
        for name, f in peers.items():
            c, t = _cpu(), time.perf_counter()
            pages = f()
            figures[name][0].append(time.perf_counter() - t)
            figures[name][1].append(_cpu() - c)
    assert pages.pages and pages.note is None
    (wi, ci), (wf, cf) = [(statistics.median(w), statistics.median(c)) for w, c in figures.values()]
    print(f"one file ({len(pages.pages)} pages): in-process {wi * 1000:.0f} ms wall / {ci * 1000:.0f} ms CPU, "
          f"forked {wf * 1000:.0f} ms wall / {cf * 1000:.0f} ms CPU; cost {(wf - wi) * 1000:+.0f} ms wall, "
          f"{(cf - ci) * 1000:+.0f} ms CPU (ratio {wf / wi:.2f} wall, {cf / ci:.2f} CPU)")


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        built = build_sample(tmp, "--pdf")
        pdf = next(built.glob("*.pdf"))
        per_file(pdf)
        folder = tmp / "batch"
        folder.mkdir()
        for i in range(50):
            shutil.copy(pdf, folder / f"form{i:02}.pdf")
        (bw, bc), (uw, uc) = timed_together_cpu(runs=3, env=ENV, cmds=[
            [*DOCGEN, "check", str(folder), "--format", "html", "--time-budget", "60", "-o", str(tmp / "b.html")],
            [*DOCGEN, "check", str(folder), "--format", "html", "--time-budget", "0", "-o", str(tmp / "u.html")]])
        print(f"50 PDFs --format html: bounded {bw:.2f} s wall / {bc:.2f} s CPU, in-process {uw:.2f} s wall / "
              f"{uc:.2f} s CPU; ratio {bw / uw:.2f} wall, {bc / uc:.2f} CPU")


if __name__ == "__main__":
    main()
