"""What the benchmarks share: commands timed side by side, interleaved."""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

# bytecode may be written, as it is for a user
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ROOT = Path(__file__).resolve().parent.parent


def build_sample(tmp: Path, *extra: str) -> Path:
    """The summary_form sample built into tmp/built (with `extra` options, e.g. --pdf); the folder."""
    src = tmp / "src"
    shutil.copytree(ROOT / "samples" / "summary_form", src)
    built = tmp / "built"
    subprocess.run([sys.executable, "-m", "docgen", "build", str(src), "-o", str(built), *extra], env=ENV,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return built


def timed_together(cmds, runs: int = 5, env: dict | None = None) -> list[float]:
    """Median wall time of each command, run in turn (a, b, a, b, …) after one warm-up each,
    so a noisy moment on the machine hits all of them alike."""
    return [wall for wall, _ in timed_together_cpu(cmds, runs, env)]


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed_together_cpu(cmds, runs: int = 5, env: dict | None = None) -> list[tuple[float, float]]:
    """(median wall time, median CPU time: user + system of the process and its children)
    of each command, interleaved as in timed_together. On a busy machine the CPU figure is
    the steadier one."""
    env = ENV if env is None else env
    walls: list[list[float]] = [[] for _ in cmds]
    cpus: list[list[float]] = [[] for _ in cmds]
    for cmd in cmds:  # warm: file cache, bytecode
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    for _ in range(runs):
        for cmd, wall, cpu in zip(cmds, walls, cpus):
            c, t = _children_cpu(), time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            wall.append(time.perf_counter() - t)
            cpu.append(_children_cpu() - c)
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus)]
