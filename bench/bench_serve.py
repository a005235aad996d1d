"""Benchmark `docgen serve` under load, on loopback only, bounded in count and time (issue #15).

200 checks of a form-sized DOCX (the summary_form sample, built) from 20 concurrent clients
(each: POST /api/check?wait=30, which answers with the job's status and report when it ends
within 30 s — else long-poll GET /api/jobs/{id} until done), against
`docgen check FOLDER --format json` of the same 200 files, measured in the same run and
interleaved (cli, serve, cli, serve, …; 3 rounds). Prints throughput (checks/s), p50/p95 latency, errors,
the server's peak memory (its whole process tree: server, forkserver, workers, LibreOffice)
and its memory after each round (flat = the last round's is about the first's; the server keeps each
finished job's small reports in memory — about 1 kB a job here (the JSON report and what makes the
HTML one), at most 1000 jobs and 32 MB — so 400 more jobs may add a few MB).
Target: serve throughput >= 0.8 x the CLI's, no error. The clients run in this process and share
the machine's cores with the server (a real client is another PC): their CPU is printed too.

Also, for information: 20 checks with page pictures (pages=1: LibreOffice renders each DOCX
in the worker that keeps it running) against `docgen check FOLDER --format html` of the same
20 files (the CLI's visual report, one LibreOffice for the batch).

Run: .venv/bin/python bench/bench_serve.py [--checks 200] [--clients 20]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCGEN = [sys.executable, "-m", "docgen"]
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "DOCGEN_LANG")}
MAX_SECONDS = 600  # a round that takes longer is stopped and reported as such


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tree_sum(pid: int, value, alone: bool = False) -> float:
    """Sum of value(stat fields, pid) over a process and its live descendants (or `alone`), from /proc."""
    children: dict[int, list[int]] = {}
    values: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            values[int(entry)] = value(fields, int(entry))
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        total += values.get(p, 0.0)
        todo += [] if alone else children.get(p, [])
    return total


def _rss_bytes(fields, pid: int) -> float:
    with open(f"/proc/{pid}/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (MB)."""
    return _tree_sum(pid, _rss_bytes) / 1e6


def tree_cpu_seconds(pid: int, alone: bool = False) -> float:
    """CPU time (user + system) of a process and its live descendants (or `alone`)."""
    tick = os.sysconf("SC_CLK_TCK")
    return _tree_sum(pid, lambda fields, _pid: (int(fields[11]) + int(fields[12])) / tick, alone)


class Sampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0.0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, tree_rss_mb(self.pid))
            time.sleep(0.1)


def multipart(name: str, data: bytes, fields: dict) -> tuple[bytes, str]:
    b = uuid.uuid4().hex
    out = b"".join(f"--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode()
                   for k, v in fields.items())
    out += (f"--{b}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{b}--\r\n".encode()
    return out, f"multipart/form-data; boundary={b}"


def one_check(conn: http.client.HTTPConnection, name: str, data: bytes, fields: dict) -> bool:
    body, ctype = multipart(name, data, fields)
    conn.request("POST", "/api/check?wait=30", body, {"Content-Type": ctype})
    r = conn.getresponse()
    out = json.loads(r.read())
    if r.status != 202:
        return False
    while out["status"] not in ("done", "failed"):
        conn.request("GET", f"/api/jobs/{out['job']}?wait=30")
        r = conn.getresponse()
        out = {**json.loads(r.read()), "job": out["job"]}
    return out["status"] == "done" and out["report"]["files"][0]["error"] is None


def load(port: int, files: list[Path], clients: int, fields: dict) -> dict:
    """Every file checked once, `clients` at a time; throughput, latencies, errors."""
    todo = list(files)
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=MAX_SECONDS)
        while True:
            with lock:
                if not todo:
                    break
                f = todo.pop()
            t = time.perf_counter()
            try:
                ok = one_check(conn, f.name, f.read_bytes(), fields)
            except (OSError, ValueError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=MAX_SECONDS)
            with lock:
                latencies.append(time.perf_counter() - t)
                errors[0] += not ok
        conn.close()

    import resource

    threads = [threading.Thread(target=client) for _ in range(clients)]
    before = resource.getrusage(resource.RUSAGE_SELF)
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join(MAX_SECONDS)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_SELF)
    q = statistics.quantiles(latencies, n=20)
    return {"wall": wall, "rate": len(latencies) / wall, "p50": statistics.median(latencies), "p95": q[18],
            "errors": errors[0], "n": len(latencies),
            "client": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)}


def cli(folder: Path, *args: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds of docgen and its workers)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([*DOCGEN, "check", str(folder), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=ENV, timeout=MAX_SECONDS)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--checks", type=int, default=200)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds of each")
    ap.add_argument("--visual", type=int, default=20, help="checks with page pictures (0: skip)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as d:
        tmp = Path(d)
        subprocess.run([*DOCGEN, "build", str(ROOT / "samples" / "summary_form"), "-o", str(tmp / "built")],
                       check=True, capture_output=True, env=ENV)
        form = tmp / "built" / "summary_form.docx"
        folder = tmp / "batch"
        folder.mkdir()
        for k in range(args.checks):
            shutil.copyfile(form, folder / f"{k:03d}.docx")
        files = sorted(folder.glob("*.docx"))
        print(f"form: {form.stat().st_size / 1024:.0f} kB DOCX (samples/summary_form), {len(files)} copies, "
              f"{args.clients} clients, {os.cpu_count()} CPUs")

        port = free_port()
        server_tmp = tmp / "server-tmp"
        server_tmp.mkdir()
        server = subprocess.Popen([*DOCGEN, "serve", "--port", str(port), "--queue", str(args.clients * 2)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**ENV, "TMPDIR": str(server_tmp)})
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                    c.request("GET", "/healthz")
                    if c.getresponse().status == 200:
                        break
                except OSError:
                    time.sleep(0.1)
            quick = {"pages": "0", "copies": "0"}
            load(port, files[:args.clients], args.clients, quick)  # warm: the workers start
            idle = tree_rss_mb(server.pid)
            print(f"server memory when warm and idle: {idle:.0f} MB")
            cli_times, cli_cpu, rounds, after = [], [], [], []
            for _ in range(args.rounds):  # interleaved: cli, serve, cli, serve, …
                wall, cpu = cli(folder, "--format", "json")
                cli_times.append(wall)
                cli_cpu.append(cpu)
                sampler = Sampler(server.pid)
                sampler.start()
                cpu, own = tree_cpu_seconds(server.pid), tree_cpu_seconds(server.pid, alone=True)
                rounds.append(load(port, files, args.clients, quick))
                rounds[-1]["cpu"] = tree_cpu_seconds(server.pid) - cpu
                rounds[-1]["own"] = tree_cpu_seconds(server.pid, alone=True) - own
                sampler.stop.set()
                sampler.join()
                rounds[-1]["peak"] = sampler.peak
                time.sleep(1.0)
                after.append(tree_rss_mb(server.pid))
            cli_rate = statistics.median(len(files) / t for t in cli_times)
            for k, r in enumerate(rounds, 1):
                print(f"round {k}: {r['n']} checks in {r['wall']:.1f} s = {r['rate']:.1f}/s, "
                      f"p50 {r['p50'] * 1000:.0f} ms, p95 {r['p95'] * 1000:.0f} ms, errors {r['errors']}, "
                      f"CPU {r['cpu'] / r['n'] * 1000:.1f} ms/check ({r['own'] / r['n'] * 1000:.1f} in the HTTP process; "
                      f"the 20 clients {r['client'] / r['n'] * 1000:.1f}), server peak {r['peak']:.0f} MB, "
                      f"after {after[k - 1]:.0f} MB")
            rate = statistics.median(r["rate"] for r in rounds)
            print(f"docgen check FOLDER --format json: {', '.join(f'{t:.1f} s' for t in cli_times)} "
                  f"= {cli_rate:.1f} files/s, CPU {statistics.median(cli_cpu) / len(files) * 1000:.1f} ms/file")
            serve_cpu = statistics.median(r["cpu"] for r in rounds) / len(files)
            client_cpu = statistics.median(r["client"] for r in rounds) / len(files)
            cli_per_file = statistics.median(cli_cpu) / len(files)
            print(f"CPU per check, cli/serve: {cli_per_file / serve_cpu:.2f}; cli/(serve + the clients on the same "
                  f"cores): {cli_per_file / (serve_cpu + client_cpu):.2f} (about the ratio of throughput on an "
                  f"otherwise idle machine whose cores both are busy)")
            print(f"serve/cli throughput ratio (medians): {rate / cli_rate:.2f} (target >= 0.8); "
                  f"errors {sum(r['errors'] for r in rounds)}; memory after round 1 {after[0]:.0f} MB, "
                  f"after round {len(after)} {after[-1]:.0f} MB ({after[-1] - after[0]:+.0f} MB)")
            if args.visual:
                few = tmp / "few"
                few.mkdir()
                for f in files[:args.visual]:
                    shutil.copyfile(f, few / f.name)
                vis_cli = cli(few, "--format", "html", "-o", str(tmp / "report.html"))[0]
                sampler = Sampler(server.pid)
                sampler.start()
                vis = load(port, sorted(few.glob("*.docx")), min(args.clients, args.visual),
                           {"pages": "1", "copies": "0"})
                sampler.stop.set()
                sampler.join()
                print(f"with page pictures: serve {vis['n']} checks in {vis['wall']:.1f} s = {vis['rate']:.2f}/s "
                      f"(p50 {vis['p50']:.1f} s, errors {vis['errors']}, peak {sampler.peak:.0f} MB) vs "
                      f"docgen check FOLDER --format html {vis_cli:.1f} s = {args.visual / vis_cli:.2f}/s "
                      f"(ratio {vis['rate'] / (args.visual / vis_cli):.2f})")
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
            left = list(server_tmp.glob("docgen-serve-*"))
            print(f"server stopped (exit {server.returncode}); private folders left: {len(left)}")


if __name__ == "__main__":
    main()
