"""What the benchmarks share: commands timed side by side, interleaved."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import time

# bytecode may be written, as it is for a user
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed_together(cmds, runs: int = 5, env: dict | None = None, cpu: list | None = None) -> list[float]:
    """Median wall time of each command, run in turn (a, b, a, b, …) after one warm-up each,
    so a noisy moment on the machine hits all of them alike. `cpu`, when given, receives
    each command's median CPU time (user + sys of the process and its children): what a
    loaded machine does not stretch."""
    env = ENV if env is None else env
    samples = [[] for _ in cmds]
    cpus = [[] for _ in cmds]
    for cmd in cmds:  # warm: file cache, bytecode
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    for _ in range(runs):
        for cmd, out, used in zip(cmds, samples, cpus):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            out.append(time.perf_counter() - t)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            used.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if cpu is not None:
        cpu[:] = [statistics.median(c) for c in cpus]
    return [statistics.median(s) for s in samples]
