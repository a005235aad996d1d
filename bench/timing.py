"""What the benchmarks share: commands timed side by side, interleaved."""

from __future__ import annotations

import os
import statistics
import subprocess
import time

# bytecode may be written, as it is for a user
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed_together(cmds, runs: int = 5, env: dict | None = None) -> list[float]:
    """Median wall time of each command, run in turn (a, b, a, b, …) after one warm-up each,
    so a noisy moment on the machine hits all of them alike."""
    env = ENV if env is None else env
    samples = [[] for _ in cmds]
    for cmd in cmds:  # warm: file cache, bytecode
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    for _ in range(runs):
        for cmd, out in zip(cmds, samples):
            t = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            out.append(time.perf_counter() - t)
    return [statistics.median(s) for s in samples]
