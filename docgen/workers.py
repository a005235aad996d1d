"""Worker processes that never outlive docgen.

`worker_pool(n)` is a ProcessPoolExecutor whose workers watch their parent:
when docgen disappears — even by `kill -9`, which leaves no chance to stop
them — each worker exits within a fraction of a second instead of living on
under PID 1. Workers ignore Ctrl-C (docgen handles it, and a worker's
traceback must not reach the user's terminal). When the `with` block is left
by an exception (Ctrl-C, SIGTERM, an error), queued work is cancelled and
the workers are stopped at once rather than waited for.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator, Optional


def _watch_parent(parent: int, then: Optional[Callable[[], None]] = None) -> None:
    """Pool initializer: leave as soon as `parent` is gone; then run the caller's own initializer."""
    if then is not None:
        then()
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # a forked worker inherits docgen's SIGTERM handler (Office turns it
        # into SystemExit, which the pool would catch as a task's error):
        # stopping a worker must stop it
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except (ValueError, OSError, AttributeError):
        pass
    if os.name == "nt":
        import multiprocessing
        from multiprocessing.connection import wait

        mp_parent = multiprocessing.parent_process()
        if mp_parent is None:
            return

        def watch() -> None:
            wait([mp_parent.sentinel])  # a process handle: signalled when docgen exits
            os._exit(3)
    else:
        first = os.getppid()  # docgen, or the forkserver that dies with it
        if first != parent:
            try:
                os.kill(parent, 0)
            except ProcessLookupError:  # docgen died before this worker got going
                os._exit(3)
            except OSError:
                pass

        def watch() -> None:
            while os.getppid() == first:
                time.sleep(0.2)
            os._exit(3)  # re-parented: docgen is gone
    threading.Thread(target=watch, name="docgen-watch-parent", daemon=True).start()


@contextmanager
def worker_pool(max_workers: int, initializer: Optional[Callable[[], None]] = None,
                mp_context=None) -> Iterator["object"]:
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=max_workers, initializer=_watch_parent,
                               initargs=(os.getpid(), initializer), mp_context=mp_context)
    try:
        yield pool
    except BaseException:
        _stop_workers(pool)
        raise
    else:
        pool.shutdown(wait=True)


def _stop_workers(pool) -> None:
    stop = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if stop is not None:
        stop()
        return
    # before shutdown(), which forgets them
    procs = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)  # shutdown() forgets it too
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        try:
            proc.terminate()
        except (OSError, ValueError, AttributeError):
            pass
    _forget_wakeup(manager)


def _forget_wakeup(manager) -> None:
    """Before Python 3.12 the interpreter's exit hook wakes every pool's manager thread
    through a pipe the stopped pool may already have closed, printing an OSError
    traceback at exit (CPython gh-105829): drop this pool from that list."""
    try:
        from concurrent.futures import process

        if manager is not None:
            process._threads_wakeups.pop(manager, None)
    except (ImportError, AttributeError, TypeError):
        pass
