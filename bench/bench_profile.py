"""Cost of validating form profiles: loading both shipped profiles in a fresh process,
cold (no profile cache: PyYAML + jsonschema) and warm (the marshal cache), for this
checkout and a peer checkout (default ../main), runs interleaved.

    python bench/bench_profile.py [PEER_REPO] [ROUNDS]
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
CODE = ("import sys; sys.path.insert(0, sys.argv[1]); import docgen.profile as p; "
        "p.load_profile('summary_form'); p.load_profile('nomination_list')")


def main() -> None:
    peer = Path(sys.argv[1] if len(sys.argv) > 1 else HERE.parent / "main").resolve()
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    times = {name: {"cold": [], "warm": []} for name in ("this", "peer")}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(rounds):
            for name, repo in (("this", HERE), ("peer", peer)):
                cache = Path(tmp) / name
                shutil.rmtree(cache, ignore_errors=True)
                env = dict(os.environ, XDG_CACHE_HOME=str(cache))
                for kind in ("cold", "warm"):
                    start = time.perf_counter()
                    subprocess.run([sys.executable, "-c", CODE, str(repo)], env=env, check=True)
                    times[name][kind].append(time.perf_counter() - start)
    med = {n: {k: statistics.median(v) for k, v in t.items()} for n, t in times.items()}
    for name, kinds in med.items():
        print(f"{name:<5} cold {kinds['cold'] * 1000:6.0f} ms   warm {kinds['warm'] * 1000:6.0f} ms")
    print(f"this/peer  cold {med['this']['cold'] / med['peer']['cold']:.2f}   "
          f"warm {med['this']['warm'] / med['peer']['warm']:.2f}")


if __name__ == "__main__":
    main()
