"""Jobs: random ids, a bounded queue, worker slots, a time limit, deletion after a TTL.

Every job has its own folder inside one private temp folder (mode 0700, made
through the reaper, so it goes even if the server is killed with -9), made only when
something is written there (an upload over `limits.memory_bytes`, page pictures, the
fixed copies); the folder is deleted `ttl_seconds` after the job ends, when more than
`kept_jobs` finished jobs are kept, and at shutdown. At most `queue` jobs wait or run at once (`reserve` says
no beyond that: the app answers 503 + Retry-After), so memory and disk stay bounded.

Each of the `workers` slots is a thread driving one worker process through a pipe
(the process watches the server as workers.py's do, so it never outlives it), which
keeps its LibreOffice between jobs. Uploads held in memory go to the worker with the job, which
writes them into its own scratch folder (the same few names every job, zeroed after it:
writing over a file costs far less than making one). A job over its time limit is stopped inside the worker
(budget.py); if the worker does not come back soon after (stuck in C code, where no
signal reaches), it is killed and replaced. A job's small reports come back through
the worker's pipe and are kept in memory (`held`, within `limits.held_bytes` for all
jobs): creating a file costs 0.3–0.7 ms of CPU, a few percent of a check. Without page
pictures the HTML report is kept as what makes it (`later`, in the same budget) and made
when downloaded.
"""

from __future__ import annotations

import os
import pickle
import select
import secrets
import shutil
import signal
import threading
import time
from collections import OrderedDict, deque
from itertools import islice, takewhile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from .. import i18n
from .limits import Limits

GRACE_SECONDS = 15.0  # after the time limit, before the worker is killed


@dataclass
class Job:
    id: str
    folder: Path
    names: dict[int, str] = field(default_factory=dict)  # file number -> name as uploaded (text only)
    options: dict = field(default_factory=dict)
    status: str = "receiving"  # receiving → queued → running → done | failed
    error: Optional[str] = None
    files: list[str] = field(default_factory=list)
    held: dict[str, bytes] = field(default_factory=dict)  # produced files kept in memory, not on disk
    later: dict[str, bytes] = field(default_factory=dict)  # files made when asked for: worker.make_later
    code: Optional[int] = None
    created: float = field(default_factory=time.monotonic)
    started: Optional[float] = None
    ended: Optional[float] = None

    @property
    def live(self) -> bool:
        return self.status in ("receiving", "queued", "running")

    def progress(self) -> Optional[dict]:
        try:
            done, total = (self.folder / "progress").read_text("ascii").split()
            return {"done": int(done), "total": int(total)}
        except (OSError, ValueError):
            return None


class Full(Exception):
    """The queue is full: try again later."""


class Jobs:
    def __init__(self, limits: Limits, workers: int, config=None,
                 on_end: Optional[Callable[[str], None]] = None, today=None):
        """on_end(job id) is called from a slot's thread when a job ends (done or failed)."""
        from ..render.reaper import reaper

        self.limits = limits
        self.workers = max(1, workers)
        self.config = config
        self.today = today
        self.on_end = on_end or (lambda job_id: None)
        self.root = reaper().private_dir("docgen-serve-")
        self._jobs: dict[str, Job] = {}
        self._ended: OrderedDict[str, Job] = OrderedDict()  # finished jobs, oldest first
        self._queue: deque[Job] = deque()
        self._lock = threading.Condition()
        self._stopping = False
        self._stopped = threading.Event()  # the janitor's wake-up: the condition wakes only idle slots
        self._live = 0  # jobs receiving, queued or running (the queue's bound)
        self._held = 0  # bytes of all jobs' `held` files (at most limits.held_bytes)
        self._pids: dict[int, int] = {}  # slot -> its worker's pid
        self._threads = [threading.Thread(target=self._slot, args=(n,), name=f"docgen-serve-slot{n}", daemon=True)
                         for n in range(self.workers)]
        self._threads.append(threading.Thread(target=self._janitor, name="docgen-serve-janitor", daemon=True))
        for t in self._threads:
            t.start()

    # -- the app's side
    def reserve(self) -> Job:
        """A new job in the `receiving` state, or Full."""
        with self._lock:
            if self._stopping or self._live >= self.limits.queue:
                raise Full()
            job_id = secrets.token_hex(16)  # 128 random bits
            job = Job(job_id, self.root / job_id)  # its folder is made when first needed
            self._jobs[job_id] = job
            self._live += 1
            return job

    def discard(self, job: Job) -> None:
        with self._lock:
            if self._jobs.pop(job.id, None) is not None and job.live:
                self._live -= 1
        shutil.rmtree(job.folder, ignore_errors=True)

    def _forget(self, jobs: list[Job]) -> None:
        """Under the lock: `jobs` are deleted (their files go after, outside it)."""
        for j in jobs:
            self._jobs.pop(j.id, None)
            self._ended.pop(j.id, None)
            self._held -= sum(map(len, j.held.values())) + sum(map(len, j.later.values()))
            j.held, j.later = {}, {}

    def submit(self, job: Job, names: dict[int, str], options: dict) -> None:
        with self._lock:
            job.names, job.options, job.status = names, options, "queued"
            self._queue.append(job)
            self._lock.notify()  # one idle slot takes it

    def get(self, job_id: str) -> Optional[Job]:
        with self._lock:
            job = self._jobs.get(job_id)
            return job if job is not None and job.status != "receiving" else None

    def close(self) -> None:
        """Stop: kill the workers at once (jobs in flight are lost) and delete every job's files."""
        with self._lock:
            self._stopping = True
            self._stopped.set()
            self._lock.notify_all()
            pids = list(self._pids.values())
        for pid in pids:
            _kill(pid)
        for t in self._threads:
            t.join(timeout=20)
        shutil.rmtree(self.root, ignore_errors=True)
        if not self.root.exists():
            from ..render.reaper import reaper
            reaper().forget_path(self.root)

    # -- slots
    def _next(self) -> Optional[Job]:
        with self._lock:
            while not self._queue and not self._stopping:
                self._lock.wait()
            if self._stopping:
                return None
            job = self._queue.popleft()
            job.status, job.started = "running", time.monotonic()
        return job

    def _slot(self, n: int) -> None:
        scratch = self.root / f"slot{n}"  # the slot's worker writes held uploads here
        scratch.mkdir(mode=0o700, exist_ok=True)
        while not self._stopping:
            worker = None
            try:
                worker = _Worker()
                with self._lock:
                    self._pids[n] = worker.pid
                    if self._stopping:  # close() came while it started
                        return
                while True:
                    job = self._next()
                    if job is None:
                        return
                    self._run(job, worker, scratch)
            except _Restart:
                continue
            except Exception:  # the worker could not start: try again, not in a tight loop
                if not self._stopping:
                    time.sleep(1.0)
            finally:
                with self._lock:
                    self._pids.pop(n, None)
                if worker is not None:
                    worker.stop()

    def _run(self, job: Job, worker: "_Worker", scratch: Path) -> None:
        held = job.options.pop("held", {})  # the uploads in memory: the worker's from now on
        spec = {"folder": str(job.folder), "scratch": str(scratch),
                "inputs": [(k, d, s, held.get(d)) for k, (d, s) in sorted(job.options["files"].items())],
                "form": job.options.get("form"), "award_year": job.options.get("award_year"),
                "lang": job.options.get("lang", "zh"), "pages": job.options.get("pages", True),
                "copies": job.options.get("copies", True), "config": self.config,
                "job_seconds": self.limits.job_seconds, "file_seconds": self.limits.file_seconds,
                "today": self.today}
        lang = spec["lang"]
        del held
        try:
            out = worker.call(spec, self.limits.job_seconds + GRACE_SECONDS if self.limits.job_seconds else None)
        except TimeoutError:
            worker.kill()
            _empty(scratch)
            self._finish(job, error=i18n.t("serve.job_timeout", lang, seconds=f"{self.limits.job_seconds:g}"))
            raise _Restart() from None
        except (EOFError, OSError):  # the worker died (or was killed at shutdown)
            _empty(scratch)
            self._finish(job, error=i18n.t("serve.worker_died", lang))
            raise _Restart() from None
        except Exception as err:  # noqa: BLE001 — e.g. an outcome that cannot be read: one line, a fresh worker
            from ..errors import error_message
            worker.kill()
            _empty(scratch)
            self._finish(job, error=error_message(err, lang))
            raise _Restart() from None
        self._finish(job, files=out["files"], code=out["code"], error=out.get("error"), held=out.get("held"),
                     later=out.get("later"))

    def _finish(self, job: Job, *, files=(), code=None, error=None, held=None, later=None) -> None:
        held, later = dict(held or {}), dict(later or {})
        with self._lock:  # what fits the memory budget stays in memory; the rest goes to the job's folder
            spill = {}
            for kept in (held, later):
                for name, data in list(kept.items()):
                    if self._held + len(data) <= self.limits.held_bytes:
                        self._held += len(data)
                    else:
                        spill[name] = (kept is later, kept.pop(name))
            job.held, job.later = held, later
        files = list(files)
        for name, (recipe, data) in spill.items():
            try:
                if recipe:
                    from .worker import make_later
                    data = make_later(data)
                job.folder.mkdir(mode=0o700, exist_ok=True)
                (job.folder / name).write_bytes(data)
            except OSError:  # a full disk: the job ends without that file
                files.remove(name)
        with self._lock:
            job.files, job.code, job.error = files, code, error
            job.status = "failed" if error else "done"
            job.ended = time.monotonic()
            self._ended[job.id] = job
            self._live -= 1
            drop = self._over_kept()
        self.on_end(job.id)
        for old in drop:
            shutil.rmtree(old.folder, ignore_errors=True)

    def _over_kept(self) -> list[Job]:
        drop = list(islice(self._ended.values(), max(0, len(self._ended) - self.limits.kept_jobs)))
        self._forget(drop)
        return drop

    # -- deletion after the TTL
    def _janitor(self) -> None:
        period = max(0.2, min(60.0, self.limits.ttl_seconds / 4))
        while not self._stopped.wait(period):
            self.expire()

    def expire(self) -> int:
        """Delete the jobs that ended more than the TTL ago; how many."""
        now = time.monotonic()
        with self._lock:
            old = list(takewhile(lambda j: now - j.ended >= self.limits.ttl_seconds, self._ended.values()))
            self._forget(old)
        for j in old:
            shutil.rmtree(j.folder, ignore_errors=True)
        return len(old)


class _Restart(Exception):
    """The worker was killed (or died): the slot starts a new one."""


class _Worker:
    """One worker process and the pipe to it: a job goes down, its outcome comes back.

    spawn: a fresh interpreter (the server has threads, fork would copy their locks), and a
    child of the server itself, so it sees the server go (workers.py). A plain pipe, not a
    process pool: one thread hand-off per job instead of three (the pool's manager and feeder)."""

    def __init__(self, start_seconds: float = 300.0):
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, os.getpid()), daemon=True,
                                       name="docgen-serve-worker")
        self.process.start()
        child.close()
        self.pid = self.process.pid
        # one poll object for the worker's life: Connection.poll builds a selector every call
        self._poller = select.poll() if hasattr(select, "poll") else None
        if self._poller is not None:
            self._poller.register(self.conn.fileno(), select.POLLIN)
        if not self._wait(start_seconds) or self.conn.recv_bytes() != b"ready":
            self.stop()
            raise RuntimeError("the worker did not start")

    def _wait(self, timeout: Optional[float]) -> bool:
        if self._poller is None:
            return self.conn.poll(timeout)
        return bool(self._poller.poll(None if timeout is None else max(0, int(timeout * 1000))))

    def call(self, spec: dict, timeout: Optional[float]):
        """The worker's answer; TimeoutError past `timeout`, EOFError/OSError if it died."""
        self.conn.send_bytes(pickle.dumps(spec, pickle.HIGHEST_PROTOCOL))
        if not self._wait(timeout):
            raise TimeoutError()
        return pickle.loads(self.conn.recv_bytes())

    def kill(self) -> None:
        _kill(self.pid)

    def stop(self) -> None:
        self.kill()
        self.conn.close()
        self.process.join(timeout=10)


def _worker_main(conn, parent: int) -> None:
    """The worker process: jobs from the pipe, one at a time, until the pipe closes."""
    from ..workers import _watch_parent
    from . import worker

    _watch_parent(parent, worker.start)
    conn.send_bytes(b"ready")
    while True:
        try:
            spec = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        conn.send_bytes(pickle.dumps(_run_job(spec), pickle.HIGHEST_PROTOCOL))


def _run_job(spec: dict) -> dict:
    """In the worker: the job, with a time limit that ends in a one-line reason, not a dead worker."""
    from ..errors import DocgenError, error_message
    from .worker import JobTimeout, run_job

    try:
        return run_job(spec)
    except JobTimeout:
        return {"files": [], "code": 2, "error": i18n.t("serve.job_timeout", seconds=f"{spec['job_seconds']:g}")}
    except DocgenError as err:
        return {"files": [], "code": 2, "error": err.message()}
    except Exception as err:  # noqa: BLE001
        return {"files": [], "code": 3, "error": error_message(err)}


def _empty(scratch: Path) -> None:
    """A killed worker's uploads: zeroed as the worker itself would have."""
    from .worker import blank

    for path in scratch.iterdir():
        blank(path)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


i18n.register({
    "serve.job_timeout": ("處理時間超過 {seconds} 秒的上限，已停止", "The job took longer than the {seconds}-second limit; stopped"),
    "serve.worker_died": ("檢查程序意外結束（docgen 的問題，不是您的檔案）；請再試一次",
                          "The checking process died (docgen's fault, not your file's); please try again"),
})
