"""What the benchmarks share: commands timed side by side, interleaved."""

from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

# bytecode may be written, as it is for a user
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "VIRTUAL_ENV")}
ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("DOCGEN_BENCH_CACHE") or Path.home() / ".cache" / "docgen-bench")


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


def sh(cmd: list[str], **kw) -> None:
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=ENV, **kw)
    if r.returncode:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-3000:]}")


def installed_docgen(work: Path) -> Path:
    """The bin/ folder of a venv holding the wheel built from this tree."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    deps = re.search(r"^dependencies = \[.*?\]", pyproject, re.S | re.M)
    key = hashlib.sha256(f"{sys.version}\n{deps.group(0) if deps else pyproject}".encode()).hexdigest()[:12]
    venv = CACHE / f"venv-{key}"
    # build from a copy: building in place leaves build/ and *.egg-info in the tree
    src = work / "src"
    for name in ("docgen", "templates", "validators"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, src / name)
    wheels = work / "wheels"
    sh([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(src)])
    wheel = next(wheels.glob("*.whl"))
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    if not (venv / "bin" / "docgen").exists():
        shutil.rmtree(venv, ignore_errors=True)
        CACHE.mkdir(parents=True, exist_ok=True)
        sh([sys.executable, "-m", "venv", "--clear", str(venv)])
        sh([*pip, str(wheel)])
    else:
        sh([*pip, "--no-deps", "--force-reinstall", str(wheel)])
    print(f"installed {wheel.name} into {venv}")
    return venv / "bin"
