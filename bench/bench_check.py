"""Benchmark `docgen check` as users get it: the built wheel installed into a venv.

    python bench/bench_check.py [--rounds N] [--show]

Builds the wheel from this tree, installs it into a cached venv (dependencies from the
registry, no system site packages; the venv is reused while pyproject.toml's dependencies
and the Python version stay the same), builds the summary_form sample with the installed
docgen, then times, interleaved over N rounds (a, b, c, …, a, b, c, …; medians):

- `docgen check form.docx`           text report, output piped (as CI runs it)
- the same under a pseudo-terminal   text report as a person sees it (80 columns)
- `docgen check form.docx --format json`
- `pandoc form.docx -t plain`        the peer: another tool reading the same DOCX
- a bare lxml script                 unzip + parse word/document.xml and word/styles.xml
                                     (the floor for any Python DOCX reader)
- an empty `python -c pass`          the venv's interpreter start

and a batch: one `docgen check FOLDER` of 200 copies, in files/s.
Targets: text check <= 2x pandoc and <= 1.3x the lxml floor; batch >= 150 files/s on 2 cores.
`--show` prints the piped and the terminal text report once.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import resource
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import ENV, installed_docgen, sh  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BATCH = 200

FLOOR = """\
import sys, zipfile
from lxml import etree
parser = etree.XMLParser(resolve_entities=False, no_network=True)
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in ("word/document.xml", "word/styles.xml"):
        etree.fromstring(z.read(name), parser)
"""


def run_piped(cmd: list[str], cwd: Path) -> bytes:
    return subprocess.run(cmd, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout


def run_tty(cmd: list[str], cwd: Path) -> bytes:
    """Run with stdout and stderr on a pseudo-terminal of 80x24, as in a terminal window."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(ENV, TERM=ENV.get("TERM") or "xterm-256color")
    env.pop("COLUMNS", None)
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
    os.close(slave)
    out = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    p.wait()
    os.close(master)
    return bytes(out)


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def interleaved(cases: list[tuple[str, list[str], object]], rounds: int,
                cwd: Path) -> dict[str, tuple[float, float]]:
    """Median wall time and median CPU time (user + system, all processes) of each case,
    run in turn so a noisy moment falls on all alike. On a busy machine the CPU figure
    is the steadier one."""
    wall: dict[str, list[float]] = {name: [] for name, _, _ in cases}
    cpu: dict[str, list[float]] = {name: [] for name, _, _ in cases}
    for _, cmd, runner in cases:  # warm: file cache, bytecode
        runner(cmd, cwd)
    for _ in range(rounds):
        for name, cmd, runner in cases:
            c, t = children_cpu(), time.perf_counter()
            runner(cmd, cwd)
            wall[name].append(time.perf_counter() - t)
            cpu[name].append(children_cpu() - c)
    return {name: (statistics.median(wall[name]), statistics.median(cpu[name])) for name in wall}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--batch-rounds", type=int, default=3)
    ap.add_argument("--show", action="store_true", help="print the piped and the terminal text report once")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="docgen-bench-"))
    try:
        bindir = installed_docgen(work)
        docgen, python = str(bindir / "docgen"), str(bindir / "python")
        sh([docgen, "build", str(ROOT / "samples" / "summary_form"), "-o", str(work)], cwd=work)
        (work / "summary_form.docx").rename(work / "form.docx")
        (work / "floor.py").write_text(FLOOR, encoding="utf-8")
        # the installed copy must really read the DOCX (a missing sub-package would not)
        probe = run_piped([docgen, "check", "form.docx", "--format", "json"], work).decode()
        if '"error": null' not in probe:
            print("the installed docgen cannot check the sample:\n" + probe[:2000])
            return 1
        if args.show:
            print("--- text report, piped ---")
            print(run_piped([docgen, "check", "form.docx"], work).decode())
            print("--- text report, terminal (80 columns) ---")
            print(run_tty([docgen, "check", "form.docx"], work).decode())
        cases = [
            ("docgen check (text, piped)", [docgen, "check", "form.docx"], run_piped),
            ("docgen check (text, terminal)", [docgen, "check", "form.docx"], run_tty),
            ("docgen check --format json", [docgen, "check", "form.docx", "--format", "json"], run_piped),
            ("lxml floor (unzip + parse)", [python, "floor.py", "form.docx"], run_piped),
            ("empty python", [python, "-c", "pass"], run_piped),
        ]
        if shutil.which("pandoc"):
            cases.insert(3, ("pandoc docx -> plain", ["pandoc", "form.docx", "-t", "plain"], run_piped))
        else:
            print("pandoc not installed: no peer measured (apt-get install pandoc)")
        load = os.getloadavg()[0]
        t = interleaved(cases, args.rounds, work)
        print(f"one form-sized DOCX ({(work / 'form.docx').stat().st_size // 1024} KB), "
              f"median of {args.rounds} interleaved rounds (load average {load:.1f} -> {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} cores):")
        print(f"  {'':<32} {'wall':>7} {'CPU':>7}")
        for name, (secs, cpu) in t.items():
            print(f"  {name:<32} {secs * 1000:4.0f} ms {cpu * 1000:4.0f} ms")
        print("ratios (wall, CPU):")

        text, floor, pandoc = "docgen check (text, piped)", "lxml floor (unzip + parse)", "pandoc docx -> plain"
        if pandoc in t:
            print(f"  text / pandoc:            {t[text][0] / t[pandoc][0]:.2f}, {t[text][1] / t[pandoc][1]:.2f}"
                  "  (target <= 2.0)")
            print(f"  json / pandoc:            {t['docgen check --format json'][0] / t[pandoc][0]:.2f}, "
                  f"{t['docgen check --format json'][1] / t[pandoc][1]:.2f}")
        print(f"  text / lxml floor:        {t[text][0] / t[floor][0]:.2f}, {t[text][1] / t[floor][1]:.2f}"
              "  (target <= 1.3)")
        print(f"  json / lxml floor:        {t['docgen check --format json'][0] / t[floor][0]:.2f}, "
              f"{t['docgen check --format json'][1] / t[floor][1]:.2f}")
        print(f"  terminal / piped text:    {t['docgen check (text, terminal)'][0] / t[text][0]:.2f}, "
              f"{t['docgen check (text, terminal)'][1] / t[text][1]:.2f}")
        batch = work / "batch"
        batch.mkdir()
        for i in range(BATCH):
            shutil.copy(work / "form.docx", batch / f"form{i:03d}.docx")
        load = os.getloadavg()[0]
        bt = interleaved([("text", [docgen, "check", "batch"], run_piped),
                          ("json", [docgen, "check", "batch", "--format", "json"], run_piped)],
                         args.batch_rounds, work)
        for name, (secs, cpu) in bt.items():
            print(f"batch of {BATCH} DOCX, one `docgen check FOLDER` ({name}): {secs:.2f} s = "
                  f"{BATCH / secs:.0f} files/s, {cpu:.2f} s CPU  (target >= 150 files/s on {os.cpu_count()} cores)")
        print(f"  load average {load:.1f} -> {os.getloadavg()[0]:.1f}; a busy machine stretches wall time, not "
              f"CPU time: with {os.cpu_count()} idle cores the text batch could reach at most "
              f"{BATCH / (bt['text'][1] / os.cpu_count()):.0f} files/s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
