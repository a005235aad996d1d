"""How fast everything docgen started is gone after it is killed.

For SIGKILL, SIGTERM and Ctrl-C (SIGINT to the process group), at two moments
of `docgen build A B C --pdf` (LibreOffice converting; PDF checkers working),
prints how long docgen took to exit and how much longer until no process it
started, no temp folder and no LibreOffice socket was left (the reaper's work
after a SIGKILL). Uses the watcher of tests/test_orphans.py. Linux only.

    .venv/bin/python bench/bench_kill.py
"""

from __future__ import annotations

import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import test_orphans as watch  # noqa: E402


def main() -> None:
    for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT):
        for moment in ("office-converting", "pdf-2"):
            tmp = Path(tempfile.mkdtemp(prefix="bench-kill-"))
            try:
                run = watch.Run(["build", *watch.sources(tmp, 3), "--pdf", "-o", str(tmp / "out")], tmp)
                run.wait_for(moment)
                start = time.monotonic()
                run.kill(sig)
                exited = time.monotonic() - start
                procs, temps, stray, took = run.leftovers()
                left = len(procs) + len(temps) + len(stray)
                print(f"{sig.name:8} at {moment:18} docgen exited in {exited:5.2f} s; "
                      f"the rest gone {took:5.2f} s later; left behind: {left}")
            finally:
                shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
