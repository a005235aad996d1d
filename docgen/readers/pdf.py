"""Read a PDF into the document model with pdfplumber.

What a PDF can tell the checker: per character the embedded font (subset
prefix `ABCDEF+` removed), its size (pdfplumber `char["size"]`: the font size
times the text matrix scale) and its baseline (the text matrix origin, not the
glyph box). From those the reader rebuilds lines (chars sharing a baseline),
paragraphs (see `_is_break` for the cues) and table cells (pdfplumber's table
finder over the ruling lines), and records `line_pitches`: the
baseline-to-baseline distances between consecutive lines INSIDE a paragraph.
A PDF has no line-spacing rule, so `line_rule`/`line_value` stay None.

Refused with a one-line reason (InputError): not a PDF, corrupt, truncated,
encrypted, too large / too many pages, no text layer (scanned), or text
without a Unicode map (`(cid:N)`).
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Optional

from .. import i18n
from ..errors import InputError
from ..model import Cell, Document, Paragraph, Span

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 200

i18n.register({
    "pdf.not_pdf": ("不是 PDF 檔", "Not a PDF file"),
    "pdf.corrupt": ("PDF 檔已損壞，無法讀取（{detail}）",
                    "The PDF is corrupt and cannot be read ({detail})"),
    "pdf.truncated": ("PDF 檔不完整（可能下載或複製中斷），無法讀取",
                      "The PDF is incomplete (truncated download or copy?) and cannot be read"),
    "pdf.encrypted": ("PDF 有密碼保護，無法檢查（請先移除密碼）",
                      "The PDF is password-protected and cannot be checked (remove the password first)"),
    "pdf.too_many_pages": ("PDF 頁數過多（{pages} 頁），上限為 {limit} 頁",
                           "The PDF has too many pages ({pages}); the limit is {limit}"),
    "pdf.no_text": ("PDF 沒有文字層（可能是掃描檔），無法檢查",
                    "The PDF has no text layer (a scan?), so it cannot be checked"),
    "pdf.empty": ("PDF 沒有任何文字（空白頁），無法檢查", "The PDF has no text at all (blank pages), so it cannot be checked"),
    "pdf.no_unicode": ("PDF 字型缺少對應表，文字無法讀取",
                       "The PDF's fonts lack a Unicode map; the text cannot be read"),
    "pdf.note_cid": ("有 {count} 個字元無法解讀（字型缺少對應表）",
                     "{count:#character|characters} could not be decoded (font without a Unicode map)"),
})

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_CID = re.compile(r"^\(cid:\d+\)$")
_MARKER = re.compile(
    r"^\s*(?:[壹貳參肆伍陸柒捌玖拾]+[、.．]"
    r"|[一二三四五六七八九十]+[、.．]"
    r"|[（(][一二三四五六七八九十]+[）)]"
    r"|[0-9０-９]+(?:[、．]|\.(?![0-9]))"
    r"|[（(][0-9０-９]+[）)]"
    r"|[●•◆◇■□☐☑☒※])"
)
# characters that may not start a line (they travel with the previous char)
_NO_START = set("，。、；：？！）」』】》〉,.;:?!)]}％%…—")
_NO_END = set("（「『【《〈([{")


def clean_font_name(name: str | None) -> str:
    """'ABCDEF+TW-Kai-98_1' -> 'TW-Kai-98_1'."""
    if not name:
        return ""
    if isinstance(name, bytes):
        name = name.decode("latin-1", "replace")
    return _SUBSET.sub("", str(name))


def _wide(ch: str) -> bool:
    return bool(ch) and unicodedata.east_asian_width(ch[0]) in ("W", "F")


# ---------------------------------------------------------------- internals

@dataclass
class _Char:
    text: str
    font: str
    size: float
    x0: float
    x1: float
    baseline: float  # top-down page coordinates, like pdfplumber's `top`
    page: int


@dataclass
class _Line:
    chars: list[_Char]
    baseline: float
    page: int

    @cached_property
    def visible(self) -> list[_Char]:
        return [c for c in self.chars if c.text.strip()] or self.chars

    @cached_property
    def x0(self) -> float:
        return self.visible[0].x0

    @cached_property
    def x1(self) -> float:
        return max(c.x1 for c in self.visible)

    @cached_property
    def size(self) -> float:
        sizes = Counter(round(c.size, 1) for c in self.visible)
        return max(sizes.items(), key=lambda kv: (kv[1], kv[0]))[0]

    @cached_property
    def top(self) -> float:
        return self.baseline - max(c.size for c in self.chars)

    @cached_property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    def first_token_width(self) -> float:
        """Width of what would have had to fit on the previous line.

        That is the first unbreakable piece: opening brackets stick to what
        follows (even across a space), a Latin word wraps as a whole, a CJK
        character wraps alone, and closing punctuation never starts a line.
        """
        chars = self.chars[self.chars.index(self.visible[0]):]
        n = len(chars)
        i = 0
        while i < n and (chars[i].text in _NO_END or (i > 0 and not chars[i].text.strip())):
            i += 1
        if i >= n:
            return chars[-1].x1 - chars[0].x0
        j = i
        if not _wide(chars[i].text):
            while j + 1 < n and chars[j + 1].text.strip() and not _wide(chars[j + 1].text):
                j += 1
        while j + 1 < n and chars[j + 1].text in _NO_START:
            j += 1
        return chars[j].x1 - chars[0].x0


@dataclass
class _Region:
    """Lines that may form paragraphs together: a table cell or a body stretch."""

    page: int
    lines: list[_Line]
    top: float
    cell: Optional[tuple[int, int, int]] = None  # (table, row, col)
    bbox: Optional[tuple[float, float, float, float]] = None  # cell box
    paragraphs: list[list[_Line]] = field(default_factory=list)


@dataclass
class _Table:
    number: int
    page: int
    bbox: tuple[float, float, float, float]
    cols: list[float]  # column left edges
    cells: list[tuple[tuple[float, float, float, float], int, int]]  # bbox, row, col
    rows: int
    offset: int = 0  # rows the table had on earlier pages


def _baseline(ch: dict) -> float:
    """Baseline from the text matrix, in pdfplumber's top-down coordinates."""
    m = ch.get("matrix")
    if m and len(m) == 6 and ch.get("upright", True):
        # bottom = height - y0 (+ mediabox offset); baseline sits at matrix[5] in y0's space
        return float(ch["bottom"]) + (float(ch["y0"]) - float(m[5]))
    return float(ch["bottom"])


def _group_lines(chars: list[_Char]) -> list[_Line]:
    """Cluster chars by baseline; a line's chars sorted left to right."""
    if not chars:
        return []
    chars = sorted(chars, key=lambda c: (c.baseline, c.x0))
    lines: list[list[_Char]] = [[chars[0]]]
    ref = chars[0].baseline
    for c in chars[1:]:
        tol = max(1.0, 0.2 * c.size)
        if abs(c.baseline - ref) <= tol:
            lines[-1].append(c)
        else:
            lines.append([c])
            ref = c.baseline
    out = []
    for group in lines:
        group.sort(key=lambda c: c.x0)
        base = Counter(round(c.baseline, 2) for c in group).most_common(1)[0][0]
        out.append(_Line(group, base, group[0].page))
    return out


def _hsegments(page) -> list[tuple[float, float, float]]:
    """Horizontal rules on a page as (y, x0, x1): lines, thin rects, rect edges."""
    segs = []
    for ln in page.lines:
        if abs(ln["top"] - ln["bottom"]) < 1.5:
            segs.append(((ln["top"] + ln["bottom"]) / 2, ln["x0"], ln["x1"]))
    for r in page.rects:
        if r["bottom"] - r["top"] < 2.0:
            segs.append(((r["top"] + r["bottom"]) / 2, r["x0"], r["x1"]))
        elif r.get("stroke"):
            segs.append((r["top"], r["x0"], r["x1"]))
            segs.append((r["bottom"], r["x0"], r["x1"]))
    return segs


def _shared_right(lines: list[_Line]) -> Optional[float]:
    """The largest x1 that two lines share (within 1pt): where full lines end."""
    xs = sorted((ln.x1 for ln in lines), reverse=True)
    for a, b in zip(xs, xs[1:]):
        if a - b <= 1.0:
            return a
    return None


def _right_edge(lines: list[_Line], fallback: Optional[float] = None) -> float:
    """Where full lines end; `fallback` when no two lines agree (never left of a line)."""
    widest = max((ln.x1 for ln in lines), default=fallback or 0.0)
    shared = _shared_right(lines)
    if shared is not None:
        return shared if fallback is None else max(shared, min(fallback, widest))
    return max(fallback, widest) if fallback is not None else widest


def _separated(prev: _Line, cur: _Line, segs) -> bool:
    lo, hi = prev.baseline, cur.top
    left, right = min(prev.x0, cur.x0), max(prev.x1, cur.x1)
    for y, sx0, sx1 in segs:
        if lo + 0.5 < y < hi - 0.1 and sx0 < right and sx1 > left and (sx1 - sx0) > 0.3 * (right - left):
            return True
    return False


def _starts_marker(line: _Line) -> bool:
    return bool(_MARKER.match(line.text))


def _obvious_break(prev: _Line, cur: _Line, right: float, segs) -> bool:
    """Cues that do not depend on pitch."""
    if _separated(prev, cur, segs):
        return True
    if abs(cur.size - prev.size) > 0.5:
        return True
    if _starts_marker(cur):
        return True
    remaining = right - prev.x1
    if remaining > max(cur.first_token_width() + 0.3 * cur.size, 0.6 * cur.size):
        return True  # the previous line ended before the edge: paragraph end
    return False


def _split_paragraphs(lines: list[_Line], right: float, segs, typical: dict) -> list[list[_Line]]:
    paras: list[list[_Line]] = []
    cur: list[_Line] = []
    for i, ln in enumerate(lines):
        if not cur:
            cur = [ln]
            continue
        prev = cur[-1]
        if _is_break(cur, prev, ln, lines[i + 1] if i + 1 < len(lines) else None,
                     right, segs, typical):
            paras.append(cur)
            cur = [ln]
        else:
            cur.append(ln)
    if cur:
        paras.append(cur)
    return paras


def _is_break(cur: list[_Line], prev: _Line, ln: _Line, nxt: Optional[_Line],
              right: float, segs, typical: dict) -> bool:
    """Does `ln` start a new paragraph after `prev` (the last line of `cur`)?

    Cues, in order: a ruling line between them; a size change; a numbering
    marker at the start of `ln`; `prev` ending clearly before the right edge
    (the next line's first word would have fitted); a vertical gap clearly
    larger than the pitch of the paragraph so far (or, for its first line,
    of the following lines / the document's usual pitch for that size); an
    indent change once the continuation indent is known (first-line indent
    or back to the margin after a hanging indent).
    """
    if ln.page != prev.page:
        return True
    if _obvious_break(prev, ln, right, segs):
        return True
    gap = ln.baseline - prev.baseline
    slack = max(2.0, 0.25 * ln.size)
    if len(cur) >= 2:
        ref = cur[-1].baseline - cur[-2].baseline
    elif nxt is not None and nxt.page == ln.page and not _obvious_break(ln, nxt, right, segs):
        ref = nxt.baseline - ln.baseline
    else:
        ref = typical.get(round(ln.size, 1), gap)
    if gap > ref + slack:
        return True
    indent = 0.5 * ln.size
    if len(cur) >= 2:
        # the continuation indent is known: a different one starts a paragraph
        if ln.x0 > prev.x0 + indent or ln.x0 < prev.x0 - indent:
            return True
    elif ln.x0 > prev.x0 + indent and not _starts_marker(prev):
        # after a single full line: a first-line indent, unless the line is
        # centred like the one before (a wrapped title) or hangs under a marker
        centred = abs((ln.x0 + ln.x1) / 2 - (prev.x0 + prev.x1) / 2) < indent
        if not centred:
            return True
    return False


def _typical_pitches(regions: list[_Region], segs_by_page: dict) -> dict:
    """The usual baseline distance per font size, over consecutive same-size lines."""
    gaps: dict[float, list[float]] = {}
    for reg in regions:
        segs = segs_by_page.get(reg.page, [])
        for a, b in zip(reg.lines, reg.lines[1:]):
            if a.page == b.page and abs(a.size - b.size) <= 0.5 and not _separated(a, b, segs):
                gaps.setdefault(round(b.size, 1), []).append(round(b.baseline - a.baseline, 2))
    return {k: statistics.median(v) for k, v in gaps.items() if v}


def _find_tables(page) -> list:
    try:
        return page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
    except Exception:  # a broken drawing must not stop the text checks
        return []


def _table_layout(t, number: int, page_no: int) -> _Table:
    cells = [c for c in t.cells if c]
    cols = sorted({round(c[0], 1) for c in cells})
    rows = sorted({round(c[1], 1) for c in cells})

    def index(v: float, edges: list[float]) -> int:
        best = min(range(len(edges)), key=lambda i: abs(edges[i] - v))
        return best + 1

    laid = [(tuple(c), index(round(c[1], 1), rows), index(round(c[0], 1), cols)) for c in cells]
    return _Table(number, page_no, tuple(t.bbox), cols, laid, len(rows))


def _same_columns(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 1.5 for x, y in zip(a, b))


# ---------------------------------------------------------------- public

def _precheck(path: Path) -> None:
    if not path.is_file():
        raise InputError("input.missing", path=str(path))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError("input.too_large", size=f"{size / 1048576:.0f} MB",
                         limit=f"{MAX_BYTES // 1048576} MB")
    with open(path, "rb") as f:
        head = f.read(1024)
        if b"%PDF-" not in head:
            raise InputError("pdf.not_pdf", path=path.name)
        f.seek(max(0, size - 4096))
        tail = f.read()
    if b"%%EOF" not in tail:
        raise InputError("pdf.truncated", path=path.name)


def _open_error(err: BaseException, path: Path) -> InputError:
    inner = err.args[0] if err.args and isinstance(err.args[0], BaseException) else err
    names = {type(err).__name__, type(inner).__name__}
    text = f"{type(inner).__name__}: {inner}" if isinstance(inner, BaseException) else str(err)
    if names & {"PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"} \
            or "password" in text.lower() or "encrypt" in text.lower():
        return InputError("pdf.encrypted", path=path.name)
    if names & {"PSEOF"} or "unexpected eof" in text.lower():
        return InputError("pdf.truncated", path=path.name)
    return InputError("pdf.corrupt", path=path.name, detail=_short(text))


def _short(text: str, width: int = 120) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def read_pdf(path) -> Document:
    """Read `path` into a Document (kind="pdf"); refuse unusable PDFs with InputError."""
    import pdfplumber  # imported lazily: docgen starts fast without PDFs

    path = Path(path)
    _precheck(path)
    try:
        pdf = pdfplumber.open(str(path))
    except InputError:
        raise
    except Exception as e:  # pdfminer raises many types, wrapped by pdfplumber
        raise _open_error(e, path) from None
    try:
        return _read(pdf, path)
    except InputError:
        raise
    except RecursionError:
        raise InputError("pdf.corrupt", path=path.name, detail="nested too deeply") from None
    except MemoryError:
        raise InputError("pdf.corrupt", path=path.name, detail="out of memory") from None
    except Exception as e:
        raise _open_error(e, path) from None
    finally:
        try:
            pdf.close()
        except Exception:
            pass


def _read(pdf, path: Path) -> Document:
    pages = pdf.pages
    if not pages:
        raise InputError("pdf.corrupt", path=path.name, detail="no pages")
    if len(pages) > MAX_PAGES:
        raise InputError("pdf.too_many_pages", pages=len(pages), limit=MAX_PAGES, path=path.name)

    regions: list[_Region] = []
    segs_by_page: dict[int, list] = {}
    fonts: list[str] = []
    total = cid = 0
    table_no = 0
    last_table: Optional[_Table] = None
    headers: dict[int, tuple] = {}  # table number -> texts of its first row
    last_item_was_table = False

    images = 0
    previous = None
    for page in pages:
        if previous is not None:
            previous.close()  # free pdfplumber's per-page caches as we go
        previous = page
        pno = page.page_number
        raw = page.chars
        images += len(page.images)
        chars: list[_Char] = []
        drawn: set[tuple] = set()  # fake bold draws a glyph twice at (almost) one place
        for ch in raw:
            text = ch.get("text") or ""
            if not text:
                continue
            key = (text, round(float(ch["x0"])), round(float(ch["top"])))
            if key in drawn:
                continue
            drawn.add(key)
            if text.strip():
                total += 1
                if _CID.match(text):
                    cid += 1
            font = clean_font_name(ch.get("fontname"))
            if font and font not in fonts:
                fonts.append(font)
            chars.append(_Char(text, font, round(float(ch.get("size") or 0.0), 2),
                               float(ch["x0"]), float(ch["x1"]), _baseline(ch), pno))
        segs = _hsegments(page)
        segs_by_page[pno] = segs
        if not chars:
            continue

        # tables on this page, numbered in reading order (a table continued
        # from the previous page keeps its number and row count)
        tables: list[_Table] = []
        found = sorted(_find_tables(page), key=lambda t: (t.bbox[1], t.bbox[0]))
        first_top = min(c.baseline - c.size for c in chars)
        for t in found:
            lay = _table_layout(t, 0, pno)
            continued = (not tables and last_table is not None and last_item_was_table
                         and last_table.page == pno - 1 and _same_columns(last_table.cols, lay.cols)
                         and t.bbox[1] <= first_top + 1)
            if continued:
                lay.number = last_table.number
                offset = last_table.rows
                lay.cells = [(b, r + offset, c) for b, r, c in lay.cells]
                lay.rows += offset
                lay.offset = offset
            else:
                table_no += 1
                lay.number = table_no
            tables.append(lay)

        in_cell: dict[tuple, list[_Char]] = {}
        body: list[_Char] = []
        for c in chars:
            cx, cy = (c.x0 + c.x1) / 2, c.baseline - c.size / 2
            home = None
            for t in tables:
                bx0, by0, bx1, by1 = t.bbox
                if not (bx0 - 1 <= cx <= bx1 + 1 and by0 - 1 <= cy <= by1 + 1):
                    continue
                for bbox, r, col in t.cells:
                    if bbox[0] - 0.5 <= cx <= bbox[2] + 0.5 and bbox[1] - 0.5 <= cy <= bbox[3] + 0.5:
                        home = (t.number, r, col, bbox)
                        break
                if home:
                    break
            if home:
                in_cell.setdefault(home, []).append(c)
            else:
                body.append(c)

        # a header row repeated on every page is the first row again, not new content
        for t in tables:
            first = _row_texts(in_cell, t.number, t.offset + 1)
            if t.offset == 0:
                headers.setdefault(t.number, first)
            elif first and first == headers.get(t.number):
                for key in [k for k in in_cell if k[0] == t.number and k[1] == t.offset + 1]:
                    del in_cell[key]

        # body lines, split into stretches by the tables between them
        items: list[tuple[float, int, object]] = []
        body_lines = _group_lines(body)
        stretch: list[_Line] = []
        bounds = sorted(t.bbox[1] for t in tables)
        for ln in body_lines:
            if stretch and any(stretch[-1].baseline < b < ln.baseline for b in bounds):
                items.append((stretch[0].top, 0, _Region(pno, stretch, stretch[0].top)))
                stretch = []
            stretch.append(ln)
        if stretch:
            items.append((stretch[0].top, 0, _Region(pno, stretch, stretch[0].top)))
        for t in tables:
            regs = []
            for (num, r, col, bbox), cs in sorted(in_cell.items(), key=lambda kv: (kv[0][1], kv[0][2])):
                if num != t.number:
                    continue
                lines = _group_lines(cs)
                regs.append(_Region(pno, lines, bbox[1], (num, r, col), bbox))
            items.append((t.bbox[1], 1, regs))
        items.sort(key=lambda it: (it[0], it[1]))
        for _, kind, obj in items:
            if kind == 0:
                regions.append(obj)  # type: ignore[arg-type]
            else:
                regions.extend(obj)  # type: ignore[arg-type]
        if tables:
            last_table = tables[-1]
        last_item_was_table = bool(items) and items[-1][1] == 1

    if previous is not None:
        previous.close()
    if total == 0:
        raise InputError("pdf.no_text" if images else "pdf.empty", path=path.name)
    if cid > 0.5 * total:
        raise InputError("pdf.no_unicode", path=path.name)

    # paragraphs
    typical = _typical_pitches(regions, segs_by_page)
    # the body's right edge per page; pages where no two lines agree use the
    # document's (margins rarely change between pages)
    body_lines: dict[int, list[_Line]] = {}
    for r in regions:
        if r.cell is None:
            body_lines.setdefault(r.page, []).extend(r.lines)
    shared = {pno: _shared_right(ls) for pno, ls in body_lines.items()}
    known = [v for v in shared.values() if v is not None]
    doc_right = statistics.median(known) if known else None
    page_right: dict[int, float] = {
        pno: shared[pno] if shared[pno] is not None else _right_edge(ls, fallback=doc_right)
        for pno, ls in body_lines.items()}
    for reg in regions:
        if reg.cell is not None and reg.bbox is not None:
            pad = max(0.0, min(ln.x0 for ln in reg.lines) - reg.bbox[0]) if reg.lines else 0.0
            right = _right_edge(reg.lines, fallback=reg.bbox[2] - min(pad, 12.0))
        else:
            right = page_right.get(reg.page, _right_edge(reg.lines))
        reg.paragraphs = _split_paragraphs(reg.lines, right, segs_by_page.get(reg.page, []), typical)

    # a body paragraph running over a page break is one paragraph
    flat: list[tuple[_Region, list[_Line]]] = [(r, p) for r in regions for p in r.paragraphs]
    merged: list[tuple[_Region, list[_Line]]] = []
    for reg, para in flat:
        if merged:
            preg, ppara = merged[-1]
            last, first = ppara[-1], para[0]
            if (reg.cell is None and preg.cell is None and first.page == last.page + 1
                    and para is reg.paragraphs[0] and ppara is preg.paragraphs[-1]
                    and abs(first.size - last.size) <= 0.5 and not _starts_marker(first)
                    and last.x1 >= page_right.get(last.page, last.x1) - max(
                        first.first_token_width() + 0.3 * first.size, 0.6 * first.size)
                    and abs(first.x0 - last.x0) <= 0.5 * first.size):
                merged[-1] = (preg, ppara + para)
                continue
        merged.append((reg, para))

    doc = Document(path=str(path), kind="pdf", embedded_fonts=fonts)
    if cid:
        doc.notes.append(i18n.t("pdf.note_cid", count=cid))
    for n, (reg, para) in enumerate(merged, 1):
        doc.paragraphs.append(_paragraph(n, reg, para))
    return doc


def _row_texts(in_cell: dict, table: int, row: int) -> tuple:
    """The texts of one table row's cells, by column."""
    cells = sorted((k[2], chars) for k, chars in in_cell.items() if k[0] == table and k[1] == row)
    return tuple(
        "".join(ch.text for ch in sorted(chars, key=lambda ch: (round(ch.baseline, 1), ch.x0))).strip()
        for _, chars in cells)


def _paragraph(index: int, reg: _Region, lines: list[_Line]) -> Paragraph:
    pieces: list[tuple[str, str, float, int]] = []  # text, font, size, page
    # Lines are joined as they are: CJK needs no space, and LibreOffice and
    # Word both draw the space at the end of a wrapped Latin line.
    for ln in lines:
        prev: Optional[_Char] = None
        for c in ln.chars:
            if (prev is not None and not _wide(prev.text) and not _wide(c.text)
                    and prev.text.strip() and c.text.strip()
                    and c.x0 - prev.x1 > 0.25 * max(c.size, 1.0)):
                pieces.append((" ", prev.font, prev.size, prev.page))
            pieces.append((c.text, c.font, c.size, c.page))
            prev = c
    spans: list[Span] = []
    for text, font, size, page in pieces:
        s = spans[-1] if spans else None
        if s is not None and s.embedded_font == font and s.size == size and s.page == page:
            s.text += text
        elif s is not None and not text.strip():
            s.text += text  # a space joins the run before it
        else:
            spans.append(Span(text=text, font=font, size=size, embedded_font=font, page=page))
    pitches = [round(b.baseline - a.baseline, 2) for a, b in zip(lines, lines[1:])
               if a.page == b.page]
    return Paragraph(
        index=index,
        text="".join(s.text for s in spans),
        spans=spans,
        line_rule=None,
        line_value=None,
        line_pitches=pitches,
        cell=Cell(*reg.cell) if reg.cell else None,
        page=lines[0].page,
    )
