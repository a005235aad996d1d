"""A time budget for the work on one file: past it, the work ends with a one-line reason.

    with time_budget(30):
        ...                      # raises InputError("input.time_budget") once 30 s have passed

In the main thread of a POSIX process the budget is a SIGALRM timer (it also
cuts a blocking wait short); elsewhere a timer thread raises the exception in
the working thread. Either way the exception is a BaseException while it
travels, so no reader's `except Exception` swallows it, and it keeps firing
once a second until the work has really stopped.
"""

from __future__ import annotations

import os
from typing import Optional

from . import i18n
from .errors import InputError

DEFAULT_SECONDS = 60.0


class _Expired(BaseException):
    """Raised inside the work when its budget is spent (turned into InputError on the way out)."""


def budget_seconds(option: Optional[float], config: Optional[float]) -> Optional[float]:
    """The budget in force: the option, else the config, else the default (0 or less: none)."""
    for value in (option, config, os.environ.get("DOCGEN_TIME_BUDGET"), DEFAULT_SECONDS):
        if value not in (None, ""):
            seconds = float(value)
            return seconds if seconds > 0 else None
    return None  # pragma: no cover


class time_budget:  # noqa: N801 — used like a function: `with time_budget(30):`
    def __init__(self, seconds: Optional[float]):
        self.seconds = seconds
        self.stop = None  # undoes whichever timer was set

    def __enter__(self) -> "time_budget":
        if self.seconds:
            self.stop = _alarm(self.seconds) or _async_raise(self.seconds)
        return self

    def __exit__(self, kind, err, tb) -> bool:
        try:
            if self.stop is not None:
                self.stop()
        except _Expired:  # fired while stopping: the work is over anyway
            kind = _Expired
        if kind is _Expired:
            raise InputError("input.time_budget", seconds=f"{self.seconds:g}") from None
        return False


def _expired(signum, frame):
    raise _Expired()


def _alarm(seconds: float):
    """A SIGALRM timer, if this thread may have one and nobody else uses SIGALRM; its stopper."""
    try:  # the C module under `signal`, without the enums signal.py builds at import (~0.5 ms)
        import _signal as signal
    except ImportError:  # pragma: no cover — another Python
        import signal

    if not hasattr(signal, "setitimer"):
        return None
    try:
        if signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, signal.SIG_IGN, None):
            return None
        previous = signal.signal(signal.SIGALRM, _expired)
    except ValueError:  # not the main thread
        return None
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)  # again every second if swallowed

    def stop():
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return stop


def _async_raise(seconds: float):
    """A watcher thread that raises _Expired in this thread; its stopper."""
    import ctypes
    import threading

    target = threading.get_ident()
    done = threading.Event()

    def watch():
        if done.wait(seconds):
            return
        while not done.is_set():
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(_Expired))
            if done.wait(1.0):
                return

    watcher = threading.Thread(target=watch, name="docgen-budget", daemon=True)
    watcher.start()

    def stop():
        done.set()
        watcher.join()
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)  # drop one not yet delivered
    return stop


i18n.register({
    "input.time_budget": ("處理時間超過 {seconds} 秒的上限，已停止（可用 --time-budget 或設定檔的 time_budget 調整）",
                          "Processing took longer than the {seconds}-second budget; stopped (adjust with --time-budget or time_budget in the config)"),
})
