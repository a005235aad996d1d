"""Dump the JSON report of every corpus file and sample, to prove a speed change finds the same.

    python bench/dump_reports.py before.txt      # on the old code
    python bench/dump_reports.py after.txt       # on the new code
    diff before.txt after.txt                    # must print nothing

Then each file's document model (paragraphs with their spans) is dumped as read.
Each file is checked on its own, once per --form (auto and each form), (as `docgen check FILE --format json` would) with a fixed
date, so the dump does not change with the day it is made. Paths are relative.
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "docx"
TODAY = _dt.date(2026, 6, 1)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    out_file = Path(sys.argv[1]).resolve()
    sys.path.insert(0, str(ROOT))
    import docgen
    from docgen.check import CheckOptions, check_path
    from docgen.reports import render_report

    work = Path(tempfile.mkdtemp(prefix="docgen-dump-"))
    try:
        built = work / "built"
        subprocess.run([sys.executable, "-m", "docgen", "build", *(str(p) for p in sorted((ROOT / "samples").iterdir())),
                        "-o", str(built)], check=True, stdout=subprocess.DEVNULL, cwd=work,
                       env=dict(os.environ, PYTHONPATH=str(ROOT)))
        inputs: list[tuple[Path, str]] = []
        if CORPUS.is_dir():
            inputs += [(CORPUS, str(p.relative_to(CORPUS))) for p in sorted(CORPUS.rglob("*")) if p.is_file()]
        else:
            print(f"no corpus at {CORPUS}: samples only", file=sys.stderr)
        inputs += [(ROOT, str(p.relative_to(ROOT))) for p in sorted((ROOT / "samples").iterdir())]
        inputs += [(built, p.name) for p in sorted(built.glob("*.docx"))]
        chunks = []
        here = os.getcwd()
        # forcing each form makes every rule run on corpus files whose title names no form
        for form in ("auto", "summary_form", "nomination_list"):
            options = CheckOptions(form=form, today=TODAY)
            for base, rel in inputs:
                os.chdir(base)
                try:
                    result = check_path(rel, options)
                finally:
                    os.chdir(here)
                chunks.append(f"=== {rel} --form {form}\n" + render_report([result], "json"))
        # and what the readers make of each file: every paragraph with its spans
        from docgen.check import read_document
        from docgen.errors import InputError
        for base, rel in inputs:
            try:
                doc = read_document(base / rel)
            except InputError as err:
                chunks.append(f"=== model {rel}: {err.message()}\n")
                continue
            chunks.append(f"=== model {rel}\n" + "".join(f"{p!r}\n" for p in doc.paragraphs)
                          + "".join(f"{f!r}\n" for f in doc.fields.values()))
        out_file.write_text("".join(chunks), encoding="utf-8")
        print(f"{len(chunks)} reports of {Path(docgen.__file__).parent} written to {out_file}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
