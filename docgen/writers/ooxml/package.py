"""Writing an edited OOXML package back: changed parts re-serialized, the rest as it was.

A member nothing changed keeps its compressed bytes: it is inflated once (within the
reader's caps, CRC checked, so a damaged or oversized member is refused as on reading)
and then its stored bytes are copied, not deflated again — a form with photographs
costs little more to write than to read.
"""

from __future__ import annotations

import io
import struct
import zipfile
from typing import Optional

from .xml import tostring

_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, …, file name length, extra field length


def write_package(pkg, parts: dict, touched: set, added: Optional[dict] = None) -> bytes:
    """The package `pkg` (docgen.readers.ooxml.Package) with the `touched` parts (normalized
    names) serialized from `parts` (name → root element), `added` parts (name → bytes) at the
    end, and every other member copied as it was, in the same order, with the same names
    and dates."""
    from ...readers.ooxml.package import normalize_part

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in pkg.zf.infolist():
            key = normalize_part(info.filename)
            if key in touched and parts.get(key) is not None:
                _write(dst, info, tostring(parts[key]))
                continue
            if key not in parts:  # a parsed part was read (caps, CRC check) already
                pkg.read(info.filename)
            if not _copy_stored(dst, pkg.handle, info):
                _write(dst, info, pkg.read(info.filename))
        for name, data in (added or {}).items():
            new = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            new.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(new, data)
    return out.getvalue()


def _like(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    new = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    new.compress_type = info.compress_type
    new.external_attr = info.external_attr
    new.create_system = info.create_system
    return new


def _write(dst: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes) -> None:
    dst.writestr(_like(info), data)


def _copy_stored(dst: zipfile.ZipFile, src, info: zipfile.ZipInfo) -> bool:
    """Append a member's stored (compressed) bytes as they are, under a fresh local header;
    False when that is not plainly possible (encrypted, another method, no handle, an
    inconsistent header), and the caller deflates it again."""
    if src is None or info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return False
    try:
        src.seek(info.header_offset)
        head = src.read(_LOCAL_HEADER.size)
        if len(head) != _LOCAL_HEADER.size:
            return False
        sig, name_len, extra_len = _LOCAL_HEADER.unpack(head)
        if sig != b"PK\x03\x04":
            return False
        src.seek(info.header_offset + _LOCAL_HEADER.size + name_len + extra_len)
        stored = src.read(info.compress_size)
    except (OSError, ValueError):
        return False
    if len(stored) != info.compress_size:
        return False
    new = _like(info)
    new.CRC, new.compress_size, new.file_size = info.CRC, info.compress_size, info.file_size
    if not new.external_attr:
        new.external_attr = 0o600 << 16  # as writestr gives a member without permissions
    # what ZipFile.writestr does around its own data, minus the compressing
    new.header_offset = dst.fp.tell()
    dst.fp.write(new.FileHeader(False))
    dst.fp.write(stored)
    dst.filelist.append(new)
    dst.NameToInfo[new.filename] = new
    dst.start_dir = dst.fp.tell()
    dst._didModify = True
    return True
