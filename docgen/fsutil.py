"""Safe input and output.

Input: every file docgen reads goes through `vet_input`/`open_input`/`read_input` —
judged by what a symlink points to, only regular files, size checked from the
inode before any byte is read, opened without blocking (a FIFO never hangs).
Output: never over (or inside) an input, always through a temp file and a rename.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO, Iterable, Optional

from . import i18n
from .errors import InputError

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def human_size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"  # pragma: no cover


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "other"


def _stat_error(path: Path, err: OSError) -> InputError:
    if err.errno == errno.ELOOP:
        return InputError("input.symlink_loop", path=str(path))
    if isinstance(err, FileNotFoundError) or err.errno == errno.ENOTDIR:
        return InputError("input.missing", path=str(path))
    return InputError("input.unreadable", path=str(path), detail=err.strerror or type(err).__name__)


def vet_input(path: Path | str, limit: Optional[int] = None) -> os.stat_result:
    """The stat of a file docgen may read: a regular file (after symlinks) within `limit` bytes."""
    path = Path(path)
    try:
        st = os.stat(path)  # follows symlinks: a link is judged by its target
    except OSError as err:
        raise _stat_error(path, err) from None
    except ValueError:  # a NUL byte in the name
        raise InputError("input.missing", path=str(path)) from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError("input.not_regular", path=str(path), kind=i18n.t("input.kind." + _kind(st.st_mode)))
    if limit is not None and st.st_size > limit:
        raise InputError("input.file_too_large", path=str(path), size=human_size(st.st_size),
                         limit=human_size(limit))
    return st


def open_input(path: Path | str, limit: Optional[int] = None) -> BinaryIO:
    """`vet_input`, then open without blocking and check the opened file is the one vetted."""
    path = Path(path)
    vet_input(path, limit)
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY)
    except OSError as err:
        raise _stat_error(path, err) from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or (limit is not None and st.st_size > limit):
        os.close(fd)  # swapped between the stat and the open
        raise InputError("input.not_regular", path=str(path), kind=i18n.t("input.kind." + _kind(st.st_mode)))
    return os.fdopen(fd, "rb")


def read_input(path: Path | str, limit: int) -> bytes:
    """All bytes of a vetted file, never more than `limit` (a file growing meanwhile is cut off and refused)."""
    with open_input(path, limit) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputError("input.file_too_large", path=str(path), size=human_size(len(data)),
                         limit=human_size(limit))
    return data


def real_path(path: Path | str) -> Path:
    """`path` with every symlink resolved (a loop is a clean refusal, not RuntimeError)."""
    try:
        return Path(os.path.realpath(path))
    except (OSError, RuntimeError, ValueError):
        raise InputError("input.symlink_loop", path=str(path)) from None


def refuse_if_input(target: Path, inputs: Iterable[Path | str]) -> None:
    """Refuse an output that is, or lies inside, an input file — after resolving symlinks
    (and hard links: the same inode is the same file). A folder given as input (a
    source folder, a batch) only may not be the output itself: writing beside the
    files it holds is allowed, and `refuse_if_input` is asked about those files."""
    t = real_path(target)
    try:
        t_stat = os.stat(t)
    except OSError:
        t_stat = None
    for src in inputs:
        if src is None:
            continue
        s = real_path(src)
        same = t == s or (s in t.parents and not s.is_dir())
        if not same and t_stat is not None:
            try:
                s_stat = os.stat(s)
                same = (s_stat.st_dev, s_stat.st_ino) == (t_stat.st_dev, t_stat.st_ino)
            except OSError:
                pass
        if same:
            raise InputError("output.is_input", path=str(target), input=str(src))


def atomic_write(target: Path, data: bytes, inputs: Iterable[Path] = ()) -> Path:
    """Write `data` to `target` via a temp file in the same folder + os.replace.

    Readers see either the old file or the new one, never a half-written one;
    two writers at once each rename a complete file. On Linux the data is written
    to an unnamed file (O_TMPFILE) that gets a name only just before the rename, so
    even a SIGKILL while writing leaves nothing behind.
    """
    target = Path(target)
    refuse_if_input(target, inputs)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _write_unnamed(target, data)
    if tmp is None:
        tmp = _write_named(target, data)
    try:
        os.replace(tmp, target)
    except BaseException:
        _unlink(tmp)
        raise
    return target


def _write_unnamed(target: Path, data: bytes) -> Optional[str]:
    """The data in an O_TMPFILE file linked under a temp name; None where the system cannot."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        fd = os.open(target.parent, flag | os.O_WRONLY, 0o644)
    except OSError:  # a file system without unnamed files
        return None
    # os.urandom, not secrets.token_hex: importing secrets (hmac, hashlib, random) costs ~5 ms
    tmp = str(target.parent / f".{target.name}.{os.urandom(6).hex()}.tmp")
    try:
        _write_fd(fd, data)
        os.fchmod(fd, 0o644)
        # linkat(AT_SYMLINK_FOLLOW) through /proc gives the file its name; a dir_fd makes
        # Python call linkat (without one it calls link(2), which does not follow the link)
        proc = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.link(str(fd), tmp, src_dir_fd=proc, follow_symlinks=True)
        finally:
            os.close(proc)
    except OSError:
        return None
    finally:
        os.close(fd)
    return tmp


def _write_named(target: Path, data: bytes) -> str:
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        try:
            _write_fd(fd, data)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o644)
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _write_fd(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.fsync(fd)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def normalize_zip(data: bytes) -> bytes:
    """Re-pack a zip with fixed timestamps and attributes: same input, same bytes."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            dst.writestr(fixed, src.read(info.filename), compresslevel=6)
    return out.getvalue()


i18n.register({
    "output.is_input": ("輸出檔 {path} 就是（或位於）輸入檔 {input}，為避免覆寫已拒絕，請改用其他輸出位置（-o）",
                        "Output {path} is (or lies inside) input {input}; refusing to overwrite it (choose another -o)"),
    "input.symlink_loop": ("{path} 是循環的符號連結，無法讀取", "{path} is a symbolic link loop; cannot read it"),
    "input.not_regular": ("{path} 不是一般檔案（{kind}），已拒絕", "{path} is not a regular file ({kind}); refused"),
    "input.kind.dir": ("資料夾", "a folder"),
    "input.kind.fifo": ("具名管道", "a named pipe"),
    "input.kind.socket": ("通訊端", "a socket"),
    "input.kind.device": ("裝置檔", "a device"),
    "input.kind.other": ("特殊檔案", "a special file"),
    "input.file_too_large": ("{path} 過大（{size}），上限為 {limit}，已拒絕", "{path} is too large ({size}); the limit is {limit}; refused"),
    "input.unreadable": ("無法讀取 {path}（{detail}）", "Cannot read {path} ({detail})"),
})
