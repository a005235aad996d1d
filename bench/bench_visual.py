"""Benchmark the visual reports (issue #12).

Prints, each against a peer measured in the same run (commands interleaved):
1. `docgen check form.docx --format html` (with page pictures: LibreOffice renders the DOCX)
   vs `docgen build source --pdf` of the same form (target ratio <= 1.5);
2. a 50-file batch summary `docgen check FOLDER --format xlsx` vs the plain batch check
   `docgen check FOLDER` (target ratio < 2.0);
3. page images: pypdfium2 (in process) vs pdftoppm (a process) for the same PDF at 96 dpi,
   JPEG quality 70 — time and bytes per page (why docgen/reports/pages.py uses pypdfium2).
Run: .venv/bin/python bench/bench_visual.py
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import build_sample, timed_together  # noqa: E402 (bench/ is on sys.path)

DOCGEN = [sys.executable, "-m", "docgen"]
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def images(pdf: Path, tmp: Path) -> None:
    import pypdfium2 as pdfium
    from PIL import Image

    t = time.perf_counter()
    doc = pdfium.PdfDocument(str(pdf))
    sizes = []
    for page in doc:
        buf = io.BytesIO()
        page.render(scale=96 / 72).to_pil().convert("RGB").save(buf, "JPEG", quality=70, optimize=True)
        sizes.append(len(buf.getvalue()))
    doc.close()
    fium = time.perf_counter() - t
    print(f"pypdfium2: {fium * 1000:.0f} ms for {len(sizes)} pages, {sum(sizes) / len(sizes) / 1024:.0f} kB/page")
    if shutil.which("pdftoppm"):
        t = time.perf_counter()
        subprocess.run(["pdftoppm", "-r", "96", "-jpeg", "-jpegopt", "quality=70", str(pdf), str(tmp / "pp")],
                       check=True)
        files = sorted(tmp.glob("pp*.jpg"))
        # the same re-encoding step docgen would need to inline them
        for f in files:
            Image.open(f).load()
        pp = time.perf_counter() - t
        print(f"pdftoppm:  {pp * 1000:.0f} ms for {len(files)} pages, "
              f"{sum(f.stat().st_size for f in files) / len(files) / 1024:.0f} kB/page  (ratio {pp / fium:.2f}x)")


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        built = build_sample(tmp, "--pdf")
        docx = next(built.glob("*.docx"))
        pdf = next(built.glob("*.pdf"))
        html, build = timed_together(runs=5, env=ENV, cmds=[
            [*DOCGEN, "check", str(docx), "--format", "html", "-o", str(tmp / "r.html")],
            [*DOCGEN, "build", str(tmp / "src"), "-o", str(tmp / "b"), "--pdf"]])
        size = (tmp / "r.html").stat().st_size
        print(f"check --format html (pages): {html:.2f} s  build --pdf: {build:.2f} s  "
              f"ratio {html / build:.2f} (target <= 1.5); report {size / 1024:.0f} kB")

        folder = tmp / "batch"
        folder.mkdir()
        for i in range(50):
            shutil.copy(docx, folder / f"form{i:02}.docx")
        xlsx, plain = timed_together(runs=5, env=ENV, cmds=[
            [*DOCGEN, "check", str(folder), "--format", "xlsx", "-o", str(tmp / "s.xlsx")],
            [*DOCGEN, "check", str(folder), "-o", str(tmp / "s.txt")]])
        print(f"50 files: --format xlsx {xlsx:.2f} s  plain {plain:.2f} s  ratio {xlsx / plain:.2f} (target < 2.0)")
        images(pdf, tmp)


if __name__ == "__main__":
    main()
