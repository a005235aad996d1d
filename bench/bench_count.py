"""Benchmark Word's 字數 (docgen.text.counting) against the definition run one character at a time.

Prints, for the two sample narratives (about 3,000 字 of real text) counted paragraph by
paragraph as `char-limit` does: microseconds per form for `count_text` (translate/split)
and for a per-character Python loop of the same definition (the peer, same run, timed in
turn), their ratio, and the cost of the first count in a fresh process (tables empty).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.text.counting import Count, count_by_character as per_character, count_text  # noqa: E402


def paragraphs() -> list[str]:
    out = []
    for form in ("summary_form", "nomination_list"):
        text = (ROOT / "samples" / form / "application.md").read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1]
        out += [ln.lstrip("#0123456789. ") for ln in body.splitlines() if ln.strip()]
    return out


def main() -> int:
    paras = paragraphs()
    fast = [count_text(p) for p in paras]
    assert fast == [per_character(p) for p in paras], "the two counts disagree"
    total = sum(fast, Count())
    samples = {"translate": [], "per-character": []}
    for _ in range(30):  # interleaved, so a noisy moment falls on both
        for name, fn in (("translate", count_text), ("per-character", per_character)):
            t = time.perf_counter()
            for p in paras:
                fn(p)
            samples[name].append(time.perf_counter() - t)
    fast_us, slow_us = (statistics.median(samples[k]) * 1e6 for k in ("translate", "per-character"))
    cold = subprocess.run(
        [sys.executable, "-c",
         "import time,sys; sys.path.insert(0, %r); t=time.perf_counter(); "
         "from docgen.text.counting import count_text; import pathlib; "
         "s=pathlib.Path(%r).read_text(encoding='utf-8'); t1=time.perf_counter(); count_text(s); "
         "t2=time.perf_counter(); print(f'{(t1-t)*1e3:.2f} {(t2-t1)*1e3:.2f}')"
         % (str(ROOT), str(ROOT / "samples" / "summary_form" / "application.md"))],
        capture_output=True, text=True, check=True).stdout.split()
    print(f"samples: {len(paras)} paragraphs, word {total.word}, chars {total.chars}, han {total.han}")
    print(f"count_text (translate/split): {fast_us:8.0f} µs for both forms")
    print(f"per-character loop (peer):    {slow_us:8.0f} µs for both forms")
    print(f"ratio: {fast_us / slow_us:.2f}× the per-character loop")
    print(f"fresh process: import of docgen.text.counting (package included) {cold[0]} ms, "
          f"first count of the whole summary source (tables empty) {cold[1]} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
