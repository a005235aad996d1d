"""Reading a multipart upload, within the limits.

python-multipart's streaming parser calls back per header and per piece of data; each
file part is named `in<n><suffix>` — a counter and a suffix from a fixed list — so an
upload's own name (`../../x.docx`, NUL, 10,000 characters, bytes that are not UTF-8)
is only ever text to show. A job's files stay in memory while they fit
`limits.memory_bytes` (a new file on disk costs the server 0.3–1 ms of CPU: a new inode, the
same again to delete it); beyond, they go to the job's folder. A file over the size cap, one
file too many or a body over the batch cap stops the reading at once (`TooLarge`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import AsyncIterator, Optional

from .limits import Limits

SUFFIXES = (".docx", ".docm", ".pdf", ".odt", ".doc")
FIELDS = ("form", "award_year", "lang", "pages", "copies")
FIELD_BYTES = 256
HEADER_BYTES = 4096  # one part's header line (so a file name): python-multipart's own cap in newer versions
MAX_PARTS_OTHER = 32  # fields that are not files, named or not


class TooLarge(Exception):
    """Over a limit: `key` is the i18n message, `params` its values."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


class BadUpload(Exception):
    """Not a multipart/form-data body docgen can read."""


@dataclass
class Upload:
    files: list[tuple[str, str]] = field(default_factory=list)  # (name in folder, name shown)
    fields: dict[str, str] = field(default_factory=dict)
    held: dict[str, bytes] = field(default_factory=dict)  # name in folder -> its bytes, for files not on disk


def shown_name(raw: bytes, n: int, limit: int) -> str:
    """An upload's name as text to show: the last path piece, no control characters, cut to `limit`."""
    text = raw.decode("utf-8", "replace")
    text = re.split(r"[/\\]", text)[-1]
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C").strip()
    if len(text) > limit:
        stem, dot, ext = text.rpartition(".")
        ext = dot + ext if dot and len(ext) <= 8 else ""
        text = text[: limit - len(ext) - 1] + "…" + ext
    return text or f"file{n}"


def _unique(name: str, taken: set) -> str:
    if name not in taken:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    k = 2
    while f"{stem} ({k}){dot}{ext}" in taken:
        k += 1
    return f"{stem} ({k}){dot}{ext}"


def _disposition(value: bytes) -> tuple[Optional[str], Optional[bytes]]:
    """(field name, raw file name bytes or None) from a Content-Disposition header."""
    from python_multipart.multipart import parse_options_header

    _, params = parse_options_header(value)  # bytes are read as latin-1: the raw bytes come back
    name = params.get(b"name")
    return (name.decode("latin-1") if name is not None else None), params.get(b"filename")


class _Spool:
    """One file part: bytes in memory while the job's share lasts, else a file in `folder`."""

    def __init__(self, folder: Path, name: str, room: int):
        self.path, self.room = folder / name, room
        self.memory: Optional[bytearray] = bytearray()
        self.file = None

    def write(self, piece: bytes) -> None:
        if self.memory is not None and len(self.memory) + len(piece) > self.room:
            self.path.parent.mkdir(mode=0o700, exist_ok=True)
            self.file = open(self.path, "xb")
            self.file.write(self.memory)
            self.memory = None
        if self.memory is not None:
            self.memory += piece
        else:
            self.file.write(piece)

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


async def receive(stream: AsyncIterator[bytes], content_type: str, folder: Path, limits: Limits) -> Upload:
    """Read the body: files in memory within `limits.memory_bytes`, the rest into `folder` (the
    job's, made when first needed); raise TooLarge or BadUpload."""
    from python_multipart.multipart import MultipartParser, parse_options_header

    kind, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise BadUpload()
    up = Upload()
    taken: set = set()
    state = {"headers": {}, "field": b"", "value": b"", "file": None, "size": 0, "kind": None, "others": 0}

    def on_part_begin():
        state.update(headers={}, kind=None, size=0, value=b"")

    def on_header_field(data, start, end):
        state["field"] += data[start:end]
        if len(state["field"]) > HEADER_BYTES:
            raise BadUpload()

    def on_header_value(data, start, end):
        state["value"] += data[start:end]
        if len(state["value"]) > HEADER_BYTES:
            raise BadUpload()

    def on_header_end():
        state["headers"][state["field"].lower()] = state["value"]
        state["field"] = state["value"] = b""

    def on_headers_finished():
        name, raw = _disposition(state["headers"].get(b"content-disposition", b""))
        if name == "files" and raw is not None:
            n = len(up.files) + 1
            if n > limits.files:
                raise TooLarge("serve.too_many", limit=limits.files)
            shown = _unique(shown_name(raw, n, limits.name_chars), taken)
            taken.add(shown)
            suffix = Path(shown).suffix.lower()
            disk = f"in{n}{suffix if suffix in SUFFIXES else '.bin'}"
            state["file"] = _Spool(folder, disk, limits.memory_bytes - sum(map(len, up.held.values())))
            state["kind"] = "file"
            up.files.append((disk, shown))
            return
        state["others"] += 1
        if state["others"] > MAX_PARTS_OTHER:
            raise BadUpload()
        state["kind"] = name if name in FIELDS else "ignored"

    def on_part_data(data, start, end):
        piece = data[start:end]
        state["size"] += len(piece)
        if state["kind"] == "file":
            if state["size"] > limits.file_bytes:
                raise TooLarge("serve.file_too_large", name=up.files[-1][1], limit=_mb(limits.file_bytes))
            state["file"].write(piece)
        elif state["kind"] != "ignored":
            if state["size"] > FIELD_BYTES:
                raise BadUpload()
            state["value"] += piece

    def on_part_end():
        if state["kind"] == "file":
            spool, state["file"] = state["file"], None
            spool.close()
            if spool.memory is not None:
                up.held[up.files[-1][0]] = bytes(spool.memory)
        elif state["kind"] not in (None, "ignored"):
            up.fields[state["kind"]] = state["value"].decode("utf-8", "replace").strip()
        state["value"] = b""

    parser = MultipartParser(boundary, {
        "on_part_begin": on_part_begin, "on_part_data": on_part_data, "on_part_end": on_part_end,
        "on_header_field": on_header_field, "on_header_value": on_header_value,
        "on_header_end": on_header_end, "on_headers_finished": on_headers_finished,
    })
    total = 0
    try:
        async for chunk in stream:
            total += len(chunk)
            if total > limits.batch_bytes:
                raise TooLarge("serve.batch_too_large", limit=_mb(limits.batch_bytes))
            parser.write(chunk)
        parser.finalize()
    except (TooLarge, BadUpload):
        raise
    except Exception as err:  # the parser's own complaint about a malformed body
        raise BadUpload() from err
    finally:
        if state["file"] is not None:
            state["file"].close()
    return up


def _mb(n: int) -> str:
    from ..fsutil import human_size
    return human_size(n)
