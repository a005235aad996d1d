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
import threading
from contextlib import contextmanager
from typing import Iterator, Optional

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


@contextmanager
def time_budget(seconds: Optional[float]) -> Iterator[None]:
    if not seconds:
        yield
        return
    try:
        with _alarm(seconds) if _can_use_signals() else _async_raise(seconds):
            yield
    except _Expired:
        raise InputError("input.time_budget", seconds=f"{seconds:g}") from None


def _can_use_signals() -> bool:
    import signal
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread() \
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    import signal

    def expired(signum, frame):
        raise _Expired()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)  # again every second if swallowed
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _async_raise(seconds: float) -> Iterator[None]:
    import ctypes

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
    try:
        yield
    finally:
        done.set()
        watcher.join()
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)  # drop one not yet delivered


i18n.register({
    "input.time_budget": ("處理時間超過 {seconds} 秒的上限，已停止（可用 --time-budget 或設定檔的 time_budget 調整）",
                          "Processing took longer than the {seconds}-second budget; stopped (adjust with --time-budget or time_budget in the config)"),
})
