"""What a PDF page draws, read with PDFium (pypdfium2): characters and ruling lines.

Per character: the text, the font really embedded (its /BaseFont), the size
(font size times the text matrix scale), the origin (x0, baseline) and the
advance box's right edge. Per page: the straight segments of every path
(table borders, underlines), whether stroked or filled, and how many images.

Everything a hostile file can make expensive is budgeted before or while it
is read (`Budget`): file size, page count, characters and path segments for
the whole file, and, before PDFium sees the bytes, every Flate stream's
inflated size and every ToUnicode range (`prescan`). Over a budget the file
is refused with an InputError naming the limit; nothing is half read.
"""

from __future__ import annotations

import ctypes
import re
import zlib
from typing import Optional

from .. import i18n
from ..errors import InputError

# FPDF_PAGEOBJ_*
_TEXT, _PATH, _IMAGE = 1, 2, 3
# FPDF_SEGMENT_*
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2


# records of this reader are plain slotted classes: a dataclass costs ~0.3 ms to define at every start

class Budget:
    """Caps for one PDF. A 5-page form has ~3,300 characters and ~300 segments."""

    __slots__ = ("max_bytes", "max_pages", "max_chars", "max_segments", "max_stream", "max_inflated",
                 "max_cmap_span")

    def __init__(self, max_bytes: int = 50 * 1024 * 1024, max_pages: int = 200,
                 max_chars: int = 100_000, max_segments: int = 200_000,
                 max_stream: int = 64 * 1024 * 1024, max_inflated: int = 256 * 1024 * 1024,
                 max_cmap_span: int = 0x10000):
        self.max_bytes, self.max_pages = max_bytes, max_pages
        self.max_chars = max_chars  # characters of the whole file (a long form has ~10,000)
        self.max_segments = max_segments  # path segments of the whole file
        self.max_stream = max_stream  # one stream, inflated
        self.max_inflated = max_inflated  # all streams, inflated
        self.max_cmap_span = max_cmap_span  # code points one ToUnicode range may cover


class RawChar:
    """A character as drawn: its text, the font's /BaseFont as written (subset prefix
    included), size, origin (x0, baseline: top-down page coordinates), the advance box's
    right edge, whether the font maps it to Unicode, and its page (1-based)."""

    __slots__ = ("text", "font", "size", "x0", "x1", "baseline", "mapped", "page")

    def __init__(self, text: str, font: str, size: float, x0: float, x1: float, baseline: float,
                 mapped: bool = True, page: int = 0):
        self.text, self.font, self.size, self.x0, self.x1 = text, font, size, x0, x1
        self.baseline, self.mapped, self.page = baseline, mapped, page

    def __repr__(self) -> str:
        return f"RawChar({self.text!r}, {self.font!r}, {self.size}, x0={self.x0}, baseline={self.baseline})"


class RawPage:
    """A page's characters, straight segments in top-down coordinates ((x0, y0, x1, y1,
    stroked)) and how many images it draws."""

    __slots__ = ("number", "width", "height", "chars", "segments", "images")

    def __init__(self, number: int, width: float, height: float):
        self.number, self.width, self.height = number, width, height  # number: 1-based
        self.chars: list[RawChar] = []
        self.segments: list[tuple[float, float, float, float, bool]] = []
        self.images = 0


# ------------------------------------------------------------------ prescan

_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_CIDRANGE = re.compile(rb"begin(?:cid|notdef)range(.*?)end(?:cid|notdef)range", re.S)
_HEXPAIR = re.compile(rb"<\s*([0-9A-Fa-f\s]*)>\s*<\s*([0-9A-Fa-f\s]*)>")


def prescan(data: bytes, budget: Budget) -> None:
    """Refuse bombs before PDFium inflates them: a Flate stream inflating past
    `max_stream` (or all of them past `max_inflated`), or a CMap range wider
    than `max_cmap_span` codes. Streams are inflated in bounded steps and
    dropped, so the scan itself stays small."""
    total = 0
    for at, start in _streams(data):
        head = data[max(0, at - 512):at]
        dict_start = head.rfind(b"<<")
        filters = head[dict_start:] if dict_start >= 0 else head
        end = data.find(b"endstream", start)
        if end < 0:
            end = len(data)
        body = data[start:end]
        if _FLATE.search(filters):
            size, start_text = _inflated_size(body, budget.max_stream + 1)
            if size > budget.max_stream:
                raise InputError("pdf.budget_stream", limit=f"{budget.max_stream // 1048576} MB")
            total += size
            if total > budget.max_inflated:
                raise InputError("pdf.budget_stream", limit=f"{budget.max_inflated // 1048576} MB")
            text = _inflate(body, size) if b"range" in start_text else b""
        else:
            text = body
        if b"range" in text:
            _check_cmap(text, budget)


def _streams(data: bytes):
    """(where the keyword is, where the data starts) for each `stream` keyword
    (bytes.find: a regex here cannot use a fast literal search)."""
    at = data.find(b"stream")
    while at >= 0:
        after = at + 6
        if data[at - 3:at] != b"end":
            if data[after:after + 2] == b"\r\n":
                yield at, after + 2
            elif data[after:after + 1] in (b"\n", b"\r"):
                yield at, after + 1
        at = data.find(b"stream", after)


_PEEK = 65536  # where a CMap is looked for: what the stream's first 64 kB inflate to, up to 64 kB


def _inflated_size(body: bytes, cap: int) -> tuple[int, bytes]:
    """Bytes `body` inflates to, counting at most `cap` (a broken stream counts what came
    out), and the `_PEEK` bytes its first `_PEEK` bytes inflate to (the first step)."""
    d = zlib.decompressobj()
    size = 0
    start = b""
    try:
        start = d.decompress(body[:_PEEK], _PEEK)
        size = len(start)
        chunk = d.unconsumed_tail + body[_PEEK:]
        while chunk and size < cap and not d.eof:
            out = d.decompress(chunk, 1 << 20)
            size += len(out)
            chunk = d.unconsumed_tail
            if not out:  # no progress (bytes after the end stay in the tail)
                break
    except zlib.error:
        pass
    return size, start


def _inflate(body: bytes, size: int) -> bytes:
    try:
        return zlib.decompressobj().decompress(body, max(size, 1))
    except zlib.error:
        return b""


def _check_cmap(text: bytes, budget: Budget) -> None:
    for block in (*_BFRANGE.findall(text), *_CIDRANGE.findall(text)):
        for lo, hi in _HEXPAIR.findall(block):
            try:
                a, b = int(b"".join(lo.split()) or b"0", 16), int(b"".join(hi.split()) or b"0", 16)
            except ValueError:
                continue
            if b - a > budget.max_cmap_span:
                raise InputError("pdf.budget_cmap")


# ------------------------------------------------------------------ PDFium

class Document:
    """An open PDF: PDFium's handle and the bytes it reads from (kept while it is open)."""

    def __init__(self, lib, handle, data: bytes) -> None:
        self.lib, self.handle, self._data = lib, handle, data

    def __len__(self) -> int:
        return self.lib.FPDF_GetPageCount(self.handle) if self.handle else 0

    def close(self) -> None:
        if self.handle and self.lib.alive:
            self.lib.FPDF_CloseDocument(self.handle)
        self.handle = None

    def __del__(self) -> None:
        self.close()


def open_document(data: bytes, budget: Budget) -> Document:
    """An open PDF over `data`; InputError for what PDFium refuses."""
    from .pdf_lib import pdfium

    lib = pdfium()
    handle = lib.FPDF_LoadMemDocument64(data, len(data), None)
    if not handle or lib.FPDF_GetPageCount(handle) < 1:
        code = lib.FPDF_GetLastError()
        if handle:
            lib.FPDF_CloseDocument(handle)
        if code in (4, 5):  # FPDF_ERR_PASSWORD, _SECURITY
            raise InputError("pdf.encrypted")
        # FPDF_ERR_FILE / _FORMAT / _PAGE, in the user's words
        reason = {2: "pdf.why_file", 3: "pdf.why_format", 6: "pdf.why_page"}.get(code, "pdf.why_unknown")
        raise InputError("pdf.corrupt", detail=i18n.t(reason))
    return Document(lib, handle, data)


i18n.register({
    "pdf.why_file": ("檔案結構無法辨識", "its file structure is not recognised"),
    "pdf.why_format": ("資料格式錯誤", "its data format is wrong"),
    "pdf.why_page": ("頁面無法載入", "a page cannot be loaded"),
    "pdf.why_unknown": ("PDFium 無法開啟", "PDFium cannot open it"),
})


def _page(pdf: Document, index: int):
    page = pdf.lib.FPDF_LoadPage(pdf.handle, index)
    if not page:
        raise InputError("pdf.corrupt", detail=i18n.t("pdf.why_page"))
    return page


def _mediabox_top(lib, page) -> float:
    """The MediaBox's top (US Letter's when the page has none, as pypdfium2 reads it)."""
    box = [ctypes.c_float() for _ in range(4)]
    if lib.FPDFPage_GetMediaBox(page, *(ctypes.byref(v) for v in box)):
        return box[3].value
    return 792.0


def read_pages(pdf: Document, budget: Budget):
    """Yield a RawPage per page, within `budget` (InputError past it)."""
    lib = pdf.lib
    count = len(pdf)
    if count > budget.max_pages:
        raise InputError("pdf.too_many_pages", pages=count, limit=budget.max_pages)
    chars_left, segs_left = budget.max_chars, budget.max_segments
    if count > 10:
        # a long file: count its characters first (PDFium's own work, fast) so
        # that one over budget is refused before any is read into Python
        total = 0
        for index in range(count):
            page = _page(pdf, index)
            try:
                tp = lib.FPDFText_LoadPage(page)
                if tp:
                    total += max(lib.FPDFText_CountChars(tp), 0)
                    lib.FPDFText_ClosePage(tp)
            finally:
                lib.FPDF_ClosePage(page)
            if total > budget.max_chars:
                raise InputError("pdf.budget_chars", limit=budget.max_chars)
    for index in range(count):
        page = _page(pdf, index)
        try:
            out = RawPage(index + 1, lib.FPDF_GetPageWidthF(page), lib.FPDF_GetPageHeightF(page))
            top = _mediabox_top(lib, page)
            tp = lib.FPDFText_LoadPage(page)
            if not tp:
                raise InputError("pdf.corrupt", detail=i18n.t("pdf.why_page"))
            try:
                n = lib.FPDFText_CountChars(tp)
                if n > chars_left:
                    raise InputError("pdf.budget_chars", limit=budget.max_chars)
                chars_left -= max(n, 0)
                out.chars = _chars(lib, tp, n, top, index + 1)
            finally:
                lib.FPDFText_ClosePage(tp)
            segs_left = _objects(lib, page, out, top, segs_left, budget)
        finally:
            lib.FPDF_ClosePage(page)
        yield out


def _chars(lib, tp, n: int, top: float, page: int) -> list[RawChar]:
    from .pdf_lib import FS_RECTF

    tp = ctypes.c_void_p(tp)
    unicode, map_error = lib.unchecked("FPDFText_GetUnicode", ctypes.c_uint), lib.unchecked("FPDFText_HasUnicodeMapError")
    text_object = lib.unchecked("FPDFText_GetTextObject", ctypes.c_void_p)  # an int: a dict key
    origin, loose_box = lib.unchecked("FPDFText_GetCharOrigin"), lib.unchecked("FPDFText_GetLooseCharBox")
    ox, oy = ctypes.c_double(), ctypes.c_double()
    pox, poy = ctypes.byref(ox), ctypes.byref(oy)
    rect = FS_RECTF()
    prect = ctypes.byref(rect)
    buf = ctypes.create_string_buffer(256)
    # a text object has one font and one size: read once per object
    styles: dict[int, tuple[str, float]] = {}
    out: list[RawChar] = []
    for i in range(n):
        code = unicode(tp, i)
        if code <= 0x20 and lib.FPDFText_IsGenerated(tp, i):
            continue  # PDFium's own spaces and line ends
        if code == 2:
            code = 0x2D  # PDFium marks a hyphen that ends a line as U+0002
        text = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else ""
        mapped = not map_error(tp, i)
        if not text and mapped:
            continue
        obj = text_object(tp, i)
        style = styles.get(obj) if obj else None
        if style is None:
            style = (_font_name(lib, obj, buf), lib.FPDFText_GetFontSize(tp, i))
            if obj:
                styles[obj] = style
        origin(tp, i, pox, poy)
        x0 = ox.value
        x1 = max(rect.right, x0) if loose_box(tp, i, prect) else x0
        out.append(RawChar(text or "\ufffd", style[0], style[1], x0, x1, top - oy.value, mapped, page))
    return out


def _font_name(lib, obj, buf) -> str:
    """The /BaseFont of a text object's font ("" when there is none)."""
    handle = lib.FPDFTextObj_GetFont(obj) if obj else None
    if not handle:
        return ""
    length = lib.FPDFFont_GetBaseFontName(handle, buf, len(buf))
    return buf.raw[:max(0, min(length, len(buf)) - 1)].decode("latin-1", "replace")


def _objects(lib, page, out: RawPage, top: float, segs_left: int, budget: Budget) -> int:
    """Images and straight path segments of the page's top-level objects."""
    from .pdf_lib import FS_MATRIX, Handle

    matrix = FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    px_, py_ = ctypes.byref(x), ctypes.byref(y)
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    # per object and segment: unchecked calls, pointers as ctypes objects (see Pdfium.unchecked)
    get_object, get_type = lib.unchecked("FPDFPage_GetObject", Handle), lib.unchecked("FPDFPageObj_GetType")
    get_segment, get_point = lib.unchecked("FPDFPath_GetPathSegment", Handle), lib.unchecked("FPDFPathSegment_GetPoint")
    seg_type, seg_close = lib.unchecked("FPDFPathSegment_GetType"), lib.unchecked("FPDFPathSegment_GetClose")
    page = ctypes.c_void_p(page)
    for i in range(lib.FPDFPage_CountObjects(page)):
        obj = get_object(page, i)
        kind = get_type(obj)
        if kind == _IMAGE:
            out.images += 1
            continue
        if kind != _PATH:
            continue
        n = lib.FPDFPath_CountSegments(obj)
        if n > segs_left:
            raise InputError("pdf.budget_paths", limit=f"{budget.max_segments:,}")
        segs_left -= max(n, 0)
        if not lib.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
            continue
        lib.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
        stroked = bool(stroke.value)
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        start = prev = None
        for k in range(n):
            seg = get_segment(obj, k)
            if not get_point(seg, px_, py_):
                continue
            px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
            point = (px, top - py)
            kind = seg_type(seg)
            if kind == _MOVETO or prev is None:
                start = point
            elif kind == _LINETO:
                out.segments.append((prev[0], prev[1], point[0], point[1], stroked))
            if seg_close(seg) and start is not None and start != point:
                out.segments.append((point[0], point[1], start[0], start[1], stroked))
            prev = point
    return segs_left
