"""Benchmark reading a PDF: `docgen check` of a 5-page form against a bare pypdfium2 script.

1. Facts: the same PDFs read by pdfplumber (pdfminer) and by docgen's PDFium reader
   (docgen.readers.pdf_pages): per character the text, font, size, x0, x1 and baseline,
   and the table cells found on the ruling lines. Prints how many agree.
2. Time, whole processes, interleaved (a, b, c, d, a, b, …), medians:
   - `docgen check form.pdf`, the command installed from a freshly built wheel in a temp venv;
   - a bare pypdfium2 script reading every character's font, size and position (the floor
     for a Python checker), run by the same venv's Python;
   - a bare pdfplumber script reading the same (what the reader used before);
   - `pdftotext` of the same file, for scale.
   Wall and CPU time (user + sys) side by side: on a loaded machine CPU is what to decide by.
   Target: docgen / bare pypdfium2 <= 1.5.

Run: .venv/bin/python bench/bench_pdf_read.py  (needs LibreOffice to make the PDF)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import timed_together_cpu  # noqa: E402 (bench/ is on sys.path)

ROOT = Path(__file__).resolve().parent.parent
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
RUNS = 9

BARE_PDFIUM = r'''
import ctypes, sys
import pypdfium2 as pdfium, pypdfium2.raw as raw
pdf = pdfium.PdfDocument(sys.argv[1])
buf = ctypes.create_string_buffer(256)
flags = ctypes.c_int()
x, y = ctypes.c_double(), ctypes.c_double()
n_all = 0
for i in range(len(pdf)):
    page = pdf[i]
    tp = raw.FPDFText_LoadPage(page.raw)
    for k in range(raw.FPDFText_CountChars(tp)):
        raw.FPDFText_GetUnicode(tp, k)
        raw.FPDFText_GetFontInfo(tp, k, buf, 256, ctypes.byref(flags))
        raw.FPDFText_GetFontSize(tp, k)
        raw.FPDFText_GetCharOrigin(tp, k, ctypes.byref(x), ctypes.byref(y))
        n_all += 1
    raw.FPDFText_ClosePage(tp)
    page.close()
print(n_all)
'''

BARE_PLUMBER = r'''
import sys, pdfplumber
n = 0
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        for c in page.chars:
            (c["text"], c["fontname"], c["size"], c["x0"], c["top"])
            n += 1
print(n)
'''


def plumber_facts(path: Path):
    import pdfplumber
    chars, cells = [], []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            for c in page.chars:
                m = c["matrix"]
                base = float(c["bottom"]) + (float(c["y0"]) - float(m[5]))
                chars.append((page.page_number, c["text"], c["fontname"].split("+")[-1], c["size"],
                              c["x0"], c["x1"], base))
            for t in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}):
                cells.extend((page.page_number, *c) for c in t.cells if c)
    return chars, cells


def pdfium_facts(path: Path):
    from docgen.readers.pdf_pages import Budget, open_document, read_pages
    from docgen.readers.pdf_tables import find_tables
    chars, cells = [], []
    for page in read_pages(open_document(path.read_bytes(), Budget()), Budget()):
        for c in page.chars:
            chars.append((page.number, c.text, c.font.split("+")[-1], c.size, c.x0, c.x1, c.baseline))
        for t in find_tables(page.segments):
            cells.extend((page.number, *c) for c in t.cells)
    return chars, cells


def compare(path: Path) -> None:
    a, acells = plumber_facts(path)
    b, bcells = pdfium_facts(path)
    names = ["char", "font", "size", "x0", "x1", "baseline"]
    agree = dict.fromkeys(names, 0)
    for x, y in zip(a, b):
        agree["char"] += x[1] == y[1]
        agree["font"] += x[2] == y[2]
        agree["size"] += abs(x[3] - y[3]) <= 0.01
        for i, name in ((4, "x0"), (5, "x1"), (6, "baseline")):
            agree[name] += abs(x[i] - y[i]) <= 0.05
    print(f"{path.name}: pdfplumber {len(a)} chars, PDFium {len(b)} chars; agree: "
          + ", ".join(f"{k} {v}/{len(a)}" for k, v in agree.items()))

    def key(c):
        return (c[0], *(round(v) for v in c[1:]))
    same = len({key(c) for c in acells} & {key(c) for c in bcells})
    print(f"  table cells: pdfplumber {len(acells)}, docgen {len(bcells)}, same (to 1 pt) {same}")


def install_wheel(work: Path) -> Path:
    """docgen as a user gets it: a wheel built from this tree, installed in a fresh venv."""
    wheels = work / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
                   check=True, capture_output=True)
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    wheel = next(wheels.glob("docgen_tw-*.whl"))
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], check=True, capture_output=True)
    return venv / "bin" / "docgen"


def main() -> int:
    if not shutil.which("soffice"):
        print("LibreOffice not installed: no PDF to measure (apt-get install libreoffice-writer-nogui)")
        return 0
    work = Path(tempfile.mkdtemp(prefix="docgen-bench-pdfread-"))
    try:
        subprocess.run([sys.executable, "-m", "docgen", "build", str(ROOT / "samples" / "summary_form"),
                        str(ROOT / "samples" / "nomination_list"), "--pdf", "-o", str(work)],
                       env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        form = work / "summary_form.pdf"
        if not form.exists():
            print("docgen build --pdf made no PDF")
            return 1
        pages = subprocess.run(["pdfinfo", str(form)], capture_output=True, text=True).stdout
        print(f"measured on {form.name} ({[l for l in pages.splitlines() if l.startswith('Pages')]})")
        for pdf in (form, work / "nomination_list.pdf"):
            compare(pdf)
        docgen = install_wheel(work)
        (work / "pdfium.py").write_text(BARE_PDFIUM)
        (work / "plumber.py").write_text(BARE_PLUMBER)
        python = str(docgen.parent / "python")  # the same interpreter and site-packages as docgen's
        cmds = {
            "docgen check (installed wheel)": [str(docgen), "check", str(form)],
            "bare pypdfium2 script": [python, str(work / "pdfium.py"), str(form)],
            "bare pdfplumber script": [sys.executable, str(work / "plumber.py"), str(form)],
        }
        if shutil.which("pdftotext"):
            cmds["pdftotext (for scale)"] = ["pdftotext", str(form), str(work / "out.txt")]
        load = os.getloadavg()[0]
        measured = timed_together_cpu(list(cmds.values()), RUNS, ENV)
        times = {name: wall for name, (wall, _) in zip(cmds, measured)}
        cpus = {name: cpu for name, (_, cpu) in zip(cmds, measured)}
        print(f"load average {load:.1f} -> {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        for name, t in times.items():
            print(f"{name:34s} {t * 1000:7.0f} ms wall {cpus[name] * 1000:7.0f} ms CPU  (medians of {RUNS}, interleaved)")
        ours, floor = "docgen check (installed wheel)", "bare pypdfium2 script"
        print(f"ratio docgen check / bare pypdfium2: {times[ours] / times[floor]:.2f} wall, "
              f"{cpus[ours] / cpus[floor]:.2f} CPU  (target <= 1.5)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
