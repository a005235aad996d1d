"""Safe output: never over an input, always through a temp file and a rename."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Iterable

from . import i18n
from .errors import InputError

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def refuse_if_input(target: Path, inputs: Iterable[Path]) -> None:
    t = target.resolve()
    for src in inputs:
        try:
            if src.exists() and (src.resolve() == t or (t.exists() and os.path.samefile(src, t))):
                raise InputError("output.is_input", path=str(target))
        except OSError:
            continue


def atomic_write(target: Path, data: bytes, inputs: Iterable[Path] = ()) -> Path:
    """Write `data` to `target` via a unique temp file in the same folder + os.replace.

    Readers see either the old file or the new one, never a half-written one;
    two writers at once each rename a complete file.
    """
    target = Path(target)
    refuse_if_input(target, inputs)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target


def normalize_zip(data: bytes) -> bytes:
    """Re-pack a zip with fixed timestamps and attributes: same input, same bytes."""
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
    "output.is_input": ("輸出檔 {path} 就是輸入檔，為避免覆寫已拒絕，請改用其他輸出位置（-o）",
                        "Output {path} is an input file; refusing to overwrite it (choose another -o)"),
})
