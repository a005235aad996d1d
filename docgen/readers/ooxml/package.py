"""Opening a .docx package safely: sniffing, ZIP limits, bounded reads, relationships.

Limits are checked on the ZIP's own directory before anything is inflated;
reading a member is done in chunks and stops at its declared size or the
cap, whichever is smaller (declared sizes can lie; the CRC check catches a
member that inflates to more than it declared).
"""

from __future__ import annotations

import io
import os
import posixpath
import struct
import zipfile
import zlib
from pathlib import Path
from urllib.parse import unquote

from ... import i18n
from ...errors import InputError
from ...fsutil import human_size, open_input
from .xml import PKG_REL_NS, parse_part

i18n.register({
    "docx.empty": ("檔案是空的", "The file is empty"),
    "docx.not_docx": ("不是 Word 檔（.docx）", "Not a Word file (.docx)"),
    "docx.legacy_doc": ("這是舊版 Word 97-2003 (.doc) 檔，請另存為 .docx",
                        "This is a legacy Word 97-2003 (.doc) file; save it as .docx"),
    "docx.encrypted": ("檔案有密碼保護，請移除密碼後另存為 .docx 再檢查",
                       "The file is password-protected; remove the password, save it as .docx and check again"),
    "docx.corrupt": ("檔案已損毀或不完整，請用 Word 開啟後另存新檔再檢查",
                     "The file is damaged or incomplete; open it in Word, save it again and check again"),
    "docx.no_document": ("檔案中找不到 Word 文件內容（word/document.xml），可能不是 Word 檔或已損毀",
                         "The file has no Word document part (word/document.xml); it is not a Word file or it is damaged"),
    "docx.too_many_parts": ("檔案內含 {count} 個項目，超過上限 {limit} 個，已拒絕",
                            "The file holds {count:#item|items}, more than the limit of {limit}; refused"),
    "docx.too_big_unpacked": ("檔案解壓縮後過大（{size}），上限為 {limit}，已拒絕",
                              "The file is too large once unpacked ({size}); the limit is {limit}; refused"),
    "docx.zip_bomb": ("檔案的壓縮比異常（{part}），疑似壓縮炸彈，已拒絕",
                      "Abnormal compression ratio ({part}), likely a zip bomb; refused"),
    "docx.unreadable": ("無法讀取此 Word 檔（{detail}）", "Could not read this Word file ({detail})"),
    "docx.bad_picture": ("其中的圖片 {part} 無法使用：{problem}", "its picture {part} cannot be used: {problem}"),
    "docx.duplicate_part": ("檔案內有兩個同名的項目（{part}），各程式讀到的內容可能不同，已拒絕",
                            "The file holds two items named {part}; programs would read different ones; refused"),
})

MAX_MEMBERS = 2000
MAX_TOTAL = 200 * 1024 * 1024
MAX_MEMBER = 100 * 1024 * 1024
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024  # the ratio limit applies to members over 1 MB
MAX_FILE = MAX_TOTAL + 16 * 1024 * 1024  # a ZIP is never much larger than what it holds
CHUNK = 64 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

REL_OFFICE_DOCUMENT = "officeDocument"


def _ole_has_stream(fh, name: str, limit: int = MAX_FILE) -> bool:
    """Bounded scan of an OLE2 compound file for a directory entry name (UTF-16LE)."""
    needle = name.encode("utf-16-le")
    overlap = len(needle)
    seen = 0
    tail = b""
    fh.seek(0)
    while seen < limit:
        chunk = fh.read(1024 * 1024)
        if not chunk:
            break
        seen += len(chunk)
        if needle in tail + chunk:
            return True
        tail = chunk[-overlap:]
    return False


def sniff(fh) -> None:
    """Refuse anything that is not a ZIP package, with the most helpful reason."""
    try:
        size = fh.seek(0, os.SEEK_END)
        fh.seek(0)
        head = fh.read(8)
    except OSError as exc:
        raise InputError("docx.unreadable", detail=exc.strerror or type(exc).__name__) from None
    if size == 0:
        raise InputError("docx.empty")
    if head == OLE_MAGIC:
        if _ole_has_stream(fh, "EncryptedPackage"):
            raise InputError("docx.encrypted")
        raise InputError("docx.legacy_doc")
    if not head.startswith(ZIP_MAGICS):
        raise InputError("docx.not_docx")
    if size > MAX_FILE:
        raise InputError("input.too_large", size=human_size(size), limit=human_size(MAX_FILE))


def _declared_entry_count(fh) -> int | None:
    """Number of entries the end-of-central-directory record declares (None if not found).

    Read before zipfile parses the central directory, so a ZIP declaring
    millions of entries is refused without building millions of ZipInfo.
    """
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    back = min(size, 65535 + 22 + 20)
    fh.seek(size - back)
    tail = fh.read(back)
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or pos + 22 > len(tail):
        return None
    total = struct.unpack("<H", tail[pos + 10:pos + 12])[0]
    if total == 0xFFFF:
        loc = tail.rfind(b"PK\x06\x07", 0, pos)
        if loc >= 0 and loc + 20 <= len(tail):
            z64_offset = struct.unpack("<Q", tail[loc + 8:loc + 16])[0]
            fh.seek(z64_offset)
            rec = fh.read(56)
            if rec[:4] == b"PK\x06\x06" and len(rec) >= 40:
                total = struct.unpack("<Q", rec[32:40])[0]
    return total


def normalize_part(name: str) -> str:
    """Part name as a key: no leading slash, '/' separators, lower case (OPC names are case-insensitive)."""
    name = name.replace("\\", "/").lstrip("/")
    return name.lower()


class Package:
    """An opened, vetted OOXML/ODF zip: its members, read with the size caps."""

    # a plain class, not a dataclass: it is never printed or compared, and defining a
    # dataclass costs ~0.3 ms at every start (no __slots__: `docgen fix` wraps its `xml`)

    def __init__(self, path: Path, zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo] | None = None,
                 handle: object = None, editable: bool = True):
        self.path, self.zf = path, zf
        self.editable = editable  # parts as lxml trees, to be changed and written back (xml.parse_part)
        self.members = {} if members is None else members
        self.notes: list[str] = []
        self.handle = handle  # the file the ZIP is read from (closed with the package)
        self._rels: dict = {}  # source part -> its relationships, read once

    # -- reading --------------------------------------------------------------
    def has(self, part: str) -> bool:
        return normalize_part(part) in self.members

    def read(self, part: str) -> bytes | None:
        """Bytes of a part (None if absent), read in chunks within the caps."""
        info = self.members.get(normalize_part(part))
        if info is None:
            return None
        limit = min(info.file_size, MAX_MEMBER)
        out = bytearray()
        try:
            with self.zf.open(info) as fh:
                while True:
                    chunk = fh.read(CHUNK)
                    if not chunk:
                        break
                    out += chunk
                    if len(out) > limit:
                        raise InputError("docx.zip_bomb", part=info.filename)
        except InputError:
            raise
        except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
            if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
                raise InputError("docx.encrypted") from None
            raise InputError("docx.corrupt") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
                NotImplementedError, struct.error, KeyError):
            raise InputError("docx.corrupt") from None
        return bytes(out)

    def xml(self, part: str):
        """Parsed root element of a part, or None if the part is absent."""
        data = self.read(part)
        if data is None:
            return None
        return parse_part(data, part, editable=self.editable)

    # -- relationships --------------------------------------------------------
    def relationships(self, source: str) -> list[tuple[str, str]]:
        """(type, target part name) of a part's internal relationships.

        `source` is a part name ("" for the package). A missing or unreadable
        .rels part gives no relationships (they are not needed to read text);
        an unsafe one is still refused.
        """
        source = source.lstrip("/")
        if source not in self._rels:  # main_part and each related part ask again
            self._rels[source] = self._read_relationships(source)
        return list(self._rels[source])

    def _read_relationships(self, source: str) -> list[tuple[str, str]]:
        folder, base = posixpath.split(source)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        try:
            root = self.xml(rels_name)
        except InputError as exc:
            if exc.key in ("docx.bad_xml",):
                return []
            raise
        if root is None:
            return []
        out = []
        for rel in root.iter("{%s}Relationship" % PKG_REL_NS):
            if (rel.get("TargetMode") or "").lower() == "external":
                continue
            rtype = rel.get("Type") or ""
            target = rel.get("Target") or ""
            if not target:
                continue
            target = unquote(target.split("#", 1)[0])
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                resolved = posixpath.normpath(posixpath.join(folder, target))
            if resolved.startswith("../") or resolved in (".", ".."):
                continue
            out.append((rtype, resolved))
        return out

    def related(self, source: str, kind: str) -> str | None:
        """The first related part of a kind (matched on the type's last segment) that exists."""
        for rtype, target in self.relationships(source):
            if rtype.rsplit("/", 1)[-1] == kind and self.has(target):
                return target
        return None

    def main_part(self) -> str:
        part = self.related("", REL_OFFICE_DOCUMENT)
        if part is None and self.has("word/document.xml"):
            part = "word/document.xml"
        if part is None:
            raise InputError("docx.no_document")
        return part

    def close(self) -> None:
        self.zf.close()
        if self.handle is not None:
            self.handle.close()


def open_package(path: str | Path, data: bytes | None = None, *, editable: bool = True) -> Package:
    """Open a .docx (or .odt, or a template) safely, or raise InputError with a one-line reason.

    The file is opened once (a regular file, no FIFO; size checked first) and
    every later read goes through that handle; or `data`, bytes already read.
    `editable=False`: parts are only read, not written back (see xml.parse_part).
    """
    path = Path(path)
    if data is None and path.is_dir():
        raise InputError("docx.not_docx")
    fh = open_input(path, MAX_FILE) if data is None else io.BytesIO(data)
    try:
        sniff(fh)
        count = _declared_entry_count(fh)
        if count is not None and count > MAX_MEMBERS:
            raise InputError("docx.too_many_parts", count=count, limit=MAX_MEMBERS)
        fh.seek(0)
        zf = zipfile.ZipFile(fh)
    except InputError:
        fh.close()
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            struct.error, NotImplementedError, KeyError, UnicodeDecodeError):
        fh.close()
        raise InputError("docx.corrupt") from None
    try:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError("docx.too_many_parts", count=len(infos), limit=MAX_MEMBERS)
        total = 0
        members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            total += info.file_size
            if info.file_size > MAX_MEMBER:
                raise InputError("docx.too_big_unpacked", size=human_size(info.file_size),
                                 limit=human_size(MAX_MEMBER))
            if info.flag_bits & 0x1:
                # a ZIP-level password: not how Word protects files, but refuse it the same way
                if normalize_part(info.filename) in ("word/document.xml", "[content_types].xml"):
                    raise InputError("docx.encrypted")
            key = normalize_part(info.filename)
            if key in members:
                # two entries of one name: docgen and LibreOffice would each read a different one
                raise InputError("docx.duplicate_part", part=info.filename)
            members[key] = info
        if total > MAX_TOTAL:
            raise InputError("docx.too_big_unpacked", size=human_size(total), limit=human_size(MAX_TOTAL))
        for info in infos:
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise InputError("docx.zip_bomb", part=info.filename)
    except BaseException:
        zf.close()
        fh.close()
        raise
    pkg = Package(path=path, zf=zf, members=members, handle=fh, editable=editable)
    if any(posixpath.basename(name) == "vbaproject.bin" for name in members):
        pkg.notes.append("macros")
    return pkg


def read_all_parts(pkg: Package) -> None:
    """Read every member within the caps, parse every XML one safely, and open
    every picture with the pixel cap.

    For packages another program reads in full (a template docxtpl renders,
    an ODT LibreOffice opens): a lying size, a bad CRC, a DOCTYPE, an absurd
    depth or a decompression-bomb picture in any part is refused here, not met there.
    """
    from ..images import picture_problem

    for name, info in pkg.members.items():
        data = pkg.read(name)
        if data is None:
            continue
        if name.endswith((".xml", ".rels")):
            parse_part(data, info.filename)
        elif name.endswith(PICTURE_PARTS):
            problem = picture_problem(data, formats=PICTURE_FORMATS)
            if problem:
                raise InputError("docx.bad_picture", part=info.filename, problem=problem)


PICTURE_PARTS = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff")
PICTURE_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF")
