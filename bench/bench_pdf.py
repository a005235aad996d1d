"""Benchmark PDF output: one `docgen build --pdf` of five applications (one LibreOffice
for the batch) against five cold `soffice --headless --convert-to pdf` calls on the same
DOCX files, measured in the same run. Target: ratio <= 0.5.

The peer gets a profile that is already initialised (its first start is excluded), so
its figure is process start-up + conversion only; docgen's figure is the whole command:
building five DOCX, checking them, starting LibreOffice with a fresh private profile,
converting, and checking the five PDFs.
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
RUNS = 3
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["FONTCONFIG_FILE"] = str(ROOT / "docgen" / "render" / "fonts.conf")


def main() -> int:
    soffice = shutil.which("soffice")
    if not soffice:
        print("LibreOffice not installed: nothing to measure (apt-get install libreoffice-writer-nogui)")
        return 0
    work = Path(tempfile.mkdtemp(prefix="docgen-bench-pdf-"))
    try:
        sources = []
        for i in range(5):
            dst = work / "src" / f"app{i}"
            shutil.copytree(ROOT / "samples" / "summary_form", dst)
            sources.append(str(dst))
        runs = []
        for _ in range(RUNS):
            shutil.rmtree(work / "out", ignore_errors=True)
            t = time.perf_counter()
            r = subprocess.run([sys.executable, "-m", "docgen", "build", *sources, "--pdf", "-o", str(work / "out")],
                               env=ENV, capture_output=True, text=True)
            runs.append(time.perf_counter() - t)
        ours = statistics.median(runs)
        pdfs = sorted((work / "out").glob("*.pdf"))
        if len(pdfs) != 5:
            print(r.stdout, r.stderr)
            print(f"docgen built {len(pdfs)} PDFs, expected 5")
            return 1
        profile = work / "peer-profile"
        warm = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                "--convert-to", "pdf", "--outdir", str(work / "warmup"), str(work / "out" / "app0.docx")]
        subprocess.run(warm, env=ENV, capture_output=True, timeout=300)  # initialise the profile
        runs = []
        for _ in range(RUNS):
            t = time.perf_counter()
            for i in range(5):
                subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                                "--convert-to", "pdf", "--outdir", str(work / "peer"), str(work / "out" / f"app{i}.docx")],
                               env=ENV, capture_output=True, timeout=300)
            runs.append(time.perf_counter() - t)
        peer = statistics.median(runs)
        print(f"docgen build --pdf, 5 applications (whole command, median of {RUNS}): {ours:.2f} s")
        print(f"5 cold soffice --convert-to pdf (peer, DOCX given, median of {RUNS}):   {peer:.2f} s")
        print(f"ratio docgen/peer: {ours / peer:.2f}  (target <= 0.5)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
