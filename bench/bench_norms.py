"""Benchmark the four writing-norm rules: `docgen check` of a form-sized DOCX with them on vs off.

    python bench/bench_norms.py [--rounds N]

Uses the installed command (the wheel built from this tree in a venv without system site
packages, as bench/bench_check.py makes it). Two DOCX built from samples/summary_form:

- `clean`: the sample as shipped (correct text: OpenCC is never loaded);
- `faulty`: the sample with 台南市, 服务, 「服務,品質」 and “好” typed in (all four rules
  fire; simplified-char loads OpenCC, whose load is in the figure).

Each is checked with the rules on (the default) and off (a docgen.toml turning the four
off), commands interleaved (on, off, on, off, …; medians of wall time and of CPU time, as
bench_check.interleaved measures them: on a machine shared with other work the CPU figure
is the steadier one). Target: on / off <= 1.10 for both.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_check import installed_docgen, interleaved, run_piped, sh  # noqa: E402

RULES = ("tw-standard-form", "simplified-char", "halfwidth-punct", "quote-style")
FAULTS = [("南瀛區位於臺南市北側", "南瀛區位於台南市北側"), ("改裝一輛9人座廂型車", "改裝一輛服务用9人座廂型車"),
          ("做到一次辦結。", "做到一次辦結，兼顧「服務,品質」。"), ("迄今已覆蓋全區38里。", "迄今已覆蓋全區38里，長者皆稱“好”。")]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="docgen-bench-norms-"))
    try:
        docgen = str(installed_docgen(work) / "docgen")
        for name in ("clean", "faulty"):
            src = work / "src" / name
            shutil.copytree(ROOT / "samples" / "summary_form", src)
            if name == "faulty":
                md = src / "application.md"
                text = md.read_text(encoding="utf-8")
                for old, new in FAULTS:
                    assert old in text, old
                    text = text.replace(old, new, 1)
                md.write_text(text, encoding="utf-8")
            sh([docgen, "build", str(src), "-o", str(work / "on")], cwd=work)
        off = work / "off"
        off.mkdir()
        for name in ("clean", "faulty"):
            shutil.copy(work / "on" / f"{name}.docx", off / f"{name}.docx")
        (off / "docgen.toml").write_text("[rules]\n" + "".join(f'{r} = "off"\n' for r in RULES), encoding="utf-8")
        (work / "on" / "docgen.toml").write_text("", encoding="utf-8")  # no config found above either
        print(f"one form-sized DOCX ({(work / 'on' / 'clean.docx').stat().st_size // 1024} KB), "
              f"median of {args.rounds} interleaved rounds:")
        cases = []
        for name in ("clean", "faulty"):
            cases += [(f"{name} on", [docgen, "check", str(work / "on" / f"{name}.docx")], run_piped),
                      (f"{name} off", [docgen, "check", str(off / f"{name}.docx")], run_piped)]
        t = interleaved(cases, args.rounds, work)
        for name in ("clean", "faulty"):
            (w_on, c_on), (w_off, c_off) = t[f"{name} on"], t[f"{name} off"]
            print(f"  {name:<7} rules on {w_on * 1000:4.0f} ms ({c_on * 1000:4.0f} ms CPU), "
                  f"off {w_off * 1000:4.0f} ms ({c_off * 1000:4.0f} ms CPU); on/off wall {w_on / w_off:.3f}, "
                  f"CPU {c_on / c_off:.3f}  (target <= 1.10)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
