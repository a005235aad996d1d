"""Benchmark `docgen check` (whole process) against pandoc, and batch throughput.

Prints: median wall time of `docgen check one.docx` and of `pandoc same.md -o x.docx`
(the peer, same text, same run), their ratio (target ≤ 2.0), and files/s for a batch
of 200 DOCX checked by one `docgen check FOLDER` (target ≥ 100 files/s on 2 cores).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCGEN = [sys.executable, "-m", "docgen"]


# like a pip-installed copy: bytecode cached (this machine sets PYTHONDONTWRITEBYTECODE)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd, runs=7, **kw) -> float:
    return timed_together([cmd], runs, **kw)[0]


def timed_together(cmds, runs=9, **kw) -> list[float]:
    """Median wall time of each command, run in turn (a, b, c, a, b, c, …) so a
    noisy moment on the machine falls on all of them alike."""
    samples = [[] for _ in cmds]
    for cmd in cmds:  # warm: file cache, bytecode, the profile cache
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, **kw)
    for _ in range(runs):
        for cmd, out in zip(cmds, samples):
            t = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, **kw)
            out.append(time.perf_counter() - t)
    return [statistics.median(s) for s in samples]


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="docgen-bench-"))
    try:
        sample = ROOT / "samples" / "summary_form"
        subprocess.run([*DOCGEN, "build", str(sample), "-o", str(work)], check=False,
                       stdout=subprocess.DEVNULL, cwd=work)
        docx = work / "summary_form.docx"
        # the peer's input: the DOCX's whole text (paragraphs and table cells) as Markdown
        import docx as python_docx
        d = python_docx.Document(str(docx))
        seen, cells = set(), []  # python-docx repeats a merged cell in every grid slot
        for t in d.tables:
            for row in t.rows:
                for c in row.cells:
                    if id(c._tc) not in seen:
                        seen.add(id(c._tc))
                        cells.append(c.text)
        text = [p.text for p in d.paragraphs] + cells
        md = work / "same.md"
        md.write_text("\n\n".join(t for t in text if t.strip()), encoding="utf-8")
        print(f"text: {sum(len(t) for t in text)} characters in the DOCX and in the peer's Markdown")
        one_cmd = [*DOCGEN, "check", str(docx), "--format", "json"]
        bare_cmd = [sys.executable, "-c", "pass"]
        peer_cmd = ["pandoc", str(md), "-o", str(work / "pandoc.docx")] if shutil.which("pandoc") else None
        one, bare, *peer = timed_together([one_cmd, bare_cmd] + ([peer_cmd] if peer_cmd else []), runs=11, cwd=work)
        print(f"docgen check one form (whole process): {one * 1000:.0f} ms")
        print(f"  of which an empty Python start here:  {bare * 1000:.0f} ms")
        if peer:
            print(f"pandoc md -> docx (peer, same text):   {peer[0] * 1000:.0f} ms")
            print(f"ratio docgen/pandoc: {one / peer[0]:.2f}  (target <= 2.0)")
        else:
            print("pandoc not installed: no peer measured (apt-get install pandoc)")
        batch = work / "batch"
        batch.mkdir()
        for i in range(200):
            shutil.copy(docx, batch / f"form{i:03d}.docx")
        secs = timed([*DOCGEN, "check", str(batch), "--format", "json"], runs=3, cwd=work)
        print(f"batch of 200 DOCX: {secs:.2f} s = {200 / secs:.0f} files/s  (target >= 100 files/s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
