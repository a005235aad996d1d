"""Cost of award-year packs on a plain check: `docgen check` of the nomination-list sample
(built to DOCX first) with a year that has a pack (107: the pack read from its cache, the category box checked)
and one without (116), in this checkout, against the same commands in a peer checkout
without packs (default ../main); commands interleaved (bench/timing.py).

    python bench/bench_awards.py [PEER_REPO] [RUNS]
"""

import subprocess
import sys
import tempfile
from pathlib import Path

from timing import ENV, timed_together

HERE = Path(__file__).resolve().parent.parent


def main() -> None:
    peer = Path(sys.argv[1] if len(sys.argv) > 1 else HERE.parent / "main").resolve()
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    out = tempfile.mkdtemp(prefix="bench-awards-")
    subprocess.run([sys.executable, "-m", "docgen", "build", str(HERE / "samples" / "nomination_list"), "-o", out],
                   check=True, capture_output=True, cwd=HERE)
    sample = str(Path(out) / "nomination_list.docx")

    def cmd(repo: Path, year: str) -> list[str]:
        # the repo's own package first on the path: the peer's code, not this editable install
        return [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); from docgen.entry import run; "
                "sys.argv = ['docgen', *sys.argv[2:]]; run()", str(repo), "check", sample, "--award-year", year]

    names = ("this 107 (pack)", "this 116 (none)", "peer 107", "peer 116")
    cmds = [cmd(HERE, "107"), cmd(HERE, "116"), cmd(peer, "107"), cmd(peer, "116")]
    times = timed_together(cmds, runs=runs, env=ENV)
    for name, t in zip(names, times):
        print(f"{name:<17} {t * 1000:6.0f} ms")
    print(f"this/peer  107 {times[0] / times[2]:.2f}   116 {times[1] / times[3]:.2f}")


if __name__ == "__main__":
    main()
