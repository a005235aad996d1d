"""Does `docgen check` grow linearly with the input? (issue #16: no quadratic paths)

For a Markdown source with an ordered list of N items and a DOCX of N paragraphs,
`docgen check` runs at N and 2N, interleaved, and the script prints the median wall
time of each and the ratio t(2N)/t(N): about 2 is linear, about 4 quadratic.
Targets: ratio <= 2.5 for both. The peer of each size is the same command at half
the size, measured in the same run.

    .venv/bin/python bench/bench_scaling.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import SUMMARY_FIELDS, write_source  # noqa: E402
from wordfiles import make_docx, p  # noqa: E402

DOCGEN = [str(Path(sys.executable).with_name("docgen"))]


def markdown_list(folder: Path, n: int) -> Path:
    body = ("## 專案簡介\n\n" + "".join(f"{i}. 項目{i}\n" for i in range(1, n + 1))
            + "\n## 服務內容\n\n內容。\n\n## 推動成效\n\n成效。\n\n## 未來努力方向\n\n持續。\n")
    return write_source(folder / f"list{n}", SUMMARY_FIELDS, body)


def long_docx(folder: Path, n: int) -> Path:
    return make_docx(folder / f"paras{n}.docx", p("專案摘要表") + "".join(p(f"第{i}段內容說明。") for i in range(n)))


def medians(paths: list[Path], runs: int) -> list[float]:
    samples: list[list[float]] = [[] for _ in paths]
    for _ in range(runs):
        for path, out in zip(paths, samples):  # interleaved: a noisy moment hits both sizes alike
            t = time.perf_counter()
            subprocess.run([*DOCGEN, "check", str(path), "--format", "json", "--time-budget", "0"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            out.append(time.perf_counter() - t)
    return [statistics.median(s) for s in samples]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for label, make, n in (("Markdown ordered list items", markdown_list, 10_000),
                               ("DOCX paragraphs", long_docx, 100_000)):
            small, large = make(folder, n), make(folder, 2 * n)
            t_small, t_large = medians([small, large], args.runs)
            ratio = t_large / t_small
            print(f"{label}: {n:,} -> {t_small:.2f} s, {2 * n:,} -> {t_large:.2f} s, "
                  f"ratio {ratio:.2f} (linear ~2, quadratic ~4; target <= 2.5) {'OK' if ratio <= 2.5 else 'SLOW'}")


if __name__ == "__main__":
    main()
