"""A watchdog process that outlives docgen by a moment, to clean up after it.

docgen cannot clean up after a `kill -9`. So the first time it starts
something that must not outlive it (LibreOffice, its private folder), it
starts this reaper: a tiny Python process in its own session, reading
docgen's orders on a pipe — "watch this process group", "watch this folder",
"forget it". When the pipe closes, docgen is gone (normal exit, crash or
SIGKILL alike): the reaper kills the groups still watched, and any process
working inside a watched folder (a start docgen had no time to register),
removes the folders (and files) and exits. Normally docgen forgets everything it cleaned
itself, and the reaper exits with nothing to do.

Folders are registered BEFORE they are created, and processes are started
inside them, so there is no moment at which a kill leaves something behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path
from typing import Optional

_SCRIPT = r'''
import os, shutil, signal, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is docgen's; the pipe says when to act
groups, dirs = set(), set()
for line in sys.stdin.buffer:
    op, _, arg = line.strip().partition(b" ")
    try:
        value = bytes.fromhex(arg.decode("ascii"))
    except ValueError:
        continue
    target = groups if op[1:] == b"g" else dirs
    (target.add if op[:1] == b"+" else target.discard)(value)
if not groups and not dirs:
    sys.exit(0)
NT = os.name == "nt"
dirs = [os.fsdecode(d) for d in dirs]
groups = [int(g) for g in groups]

def inside(pid):
    """Works in (or was started with its cwd in) a watched folder (Linux /proc)."""
    try:
        cwd = os.readlink("/proc/%d/cwd" % pid)
    except OSError:
        return False
    return any(cwd == d or cwd.startswith(d + os.sep) for d in dirs)

def live():
    """(pid, pgid) of live processes that belong to a watched group or folder."""
    found = []
    if not os.path.isdir("/proc"):
        return found
    me = os.getpid()
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == me:
            continue
        try:
            with open("/proc/%s/stat" % name, "rb") as fh:
                rest = fh.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if rest[0] == b"Z":
            continue
        pid, pgid = int(name), int(rest[2])
        if pgid in groups or inside(pid):
            found.append((pid, pgid))
    return found

def kill(sig):
    if NT:
        import subprocess
        for g in groups:
            subprocess.run(["taskkill", "/PID", str(g), "/T", "/F"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return
    for g in groups:
        try:
            os.killpg(g, sig)
        except OSError:
            pass
    for pid, _ in live():
        try:
            os.kill(pid, sig)
        except OSError:
            pass

# no grace: docgen is gone, nothing they do can still be used (and LibreOffice
# may take seconds to act on SIGTERM)
for _ in range(3):  # again for anything a dying process started meanwhile
    kill(getattr(signal, "SIGKILL", signal.SIGTERM))
    deadline = time.monotonic() + 2
    while live() and time.monotonic() < deadline:
        time.sleep(0.05)
    if not live():
        break
for _ in range(40):  # a dying process may still hold files for a moment
    for d in dirs:
        if os.path.isdir(d) and not os.path.islink(d):
            shutil.rmtree(d, ignore_errors=True)
        else:
            try:
                os.unlink(d)  # a file or socket LibreOffice left, e.g. its OSL_PIPE_*
            except OSError:
                pass
    if not any(os.path.lexists(d) for d in dirs):
        break
    time.sleep(0.1)
'''


class Reaper:
    """docgen's side of the pipe. One per process; see `reaper()`."""

    def __init__(self) -> None:
        self._proc: Optional[subprocess.Popen] = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the reaper now (it otherwise starts with the first order)."""
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._start()

    def _send(self, op: str, value: bytes) -> None:
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._start()
            assert self._proc is not None and self._proc.stdin is not None
            try:
                self._proc.stdin.write(f"{op} {value.hex()}\n".encode("ascii"))
                self._proc.stdin.flush()
            except (OSError, ValueError):
                pass

    def _start(self) -> None:
        kwargs: dict = {}
        if os.name == "nt":
            kwargs["creationflags"] = (subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
                                       | getattr(subprocess, "CREATE_NO_WINDOW", 0))
        else:
            kwargs["start_new_session"] = True  # a Ctrl-C or a group kill aimed at docgen misses it
        self._proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _SCRIPT], stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/" if os.name != "nt" else None,
            **kwargs)

    def watch_group(self, pid: int) -> None:
        self._send("+g", str(pid).encode())

    def forget_group(self, pid: int) -> None:
        if self._proc is not None:
            self._send("-g", str(pid).encode())

    def watch_path(self, path: Path) -> None:
        """Remove `path` (a folder, a file or a socket) if docgen dies before forgetting it."""
        self._send("+d", os.fsencode(str(path)))

    def forget_path(self, path: Path) -> None:
        if self._proc is not None:
            self._send("-d", os.fsencode(str(path)))

    def private_dir(self, prefix: str) -> Path:
        """A new private folder in the temp folder, watched from before it exists."""
        base = Path(tempfile.gettempdir()).resolve()
        while True:
            path = base / f"{prefix}{uuid.uuid4().hex[:12]}"
            self.watch_path(path)
            try:
                path.mkdir(mode=0o700)
                return path
            except FileExistsError:
                self.forget_path(path)

    def _after_fork(self) -> None:
        # a forked child must not keep docgen's pipe open (the reaper would
        # wait for the child too) nor write to it
        proc, self._proc, self._lock = self._proc, None, threading.Lock()
        if proc is not None and proc.stdin is not None:
            try:
                proc.stdin.close()  # this process's copy of the pipe only
            except (OSError, ValueError):
                pass


_REAPER: Optional[Reaper] = None
_REAPER_LOCK = threading.Lock()


def reaper() -> Reaper:
    global _REAPER
    with _REAPER_LOCK:
        if _REAPER is None:
            _REAPER = Reaper()
        return _REAPER


def _reset_in_child() -> None:
    global _REAPER, _REAPER_LOCK
    _REAPER_LOCK = threading.Lock()
    if _REAPER is not None:
        _REAPER._after_fork()
        _REAPER = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_in_child)
