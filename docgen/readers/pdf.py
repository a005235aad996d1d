"""Read a PDF into the document model.

What a PDF can tell the checker (read with PDFium, `pdf_pages`): per character
the embedded font (subset prefix `ABCDEF+` removed), its size (the font size
times the text matrix scale) and its baseline (the text matrix origin, not the
glyph box). From those the reader rebuilds lines (chars sharing a baseline),
paragraphs (see `_is_break` for the cues) and table cells (`pdf_tables`, over
the ruling lines; tables followed over page breaks as one table, a row the
break cuts as one row, see `_TableChain`; an empty cell is an empty paragraph
on its page), and records `line_pitches`: the baseline-to-baseline
distances between consecutive lines INSIDE a paragraph, and for a one-line
paragraph the height the gaps around it show (`_lone_line_height`). Page
numbers, headers and footers are left out (`_drop_furniture`). A PDF has no
line-spacing rule, so `line_rule`/`line_value` stay None.

Refused with a one-line reason (InputError): not a PDF, corrupt, truncated,
encrypted, too large / too many pages / over a work budget (`pdf_pages.Budget`),
no text layer (scanned), or text without a Unicode map.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from pathlib import Path
from typing import Optional

from .. import i18n
from ..errors import InputError
from ..model import Cell, Document, Paragraph, Span
from .pdf_pages import RawChar

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
    "pdf.why_deep": ("結構層層巢狀過深", "it is nested too deeply"),
    "pdf.why_memory": ("所需記憶體過多", "it needs too much memory"),
    "pdf.why_nopages": ("沒有任何頁面", "it has no pages"),
    "pdf.budget_stream": ("PDF 內含解壓後過大的資料（超過 {limit}），不予處理",
                          "The PDF holds data that inflates past {limit}; refused"),
    "pdf.budget_cmap": ("PDF 字型對應表範圍異常龐大，不予處理",
                        "The PDF has a font Unicode map of abnormal size; refused"),
    "pdf.budget_chars": ("PDF 文字過多（超過 {limit:,} 個字元），不予處理",
                         "The PDF has too much text (over {limit:#,character|characters}); refused"),
    "pdf.budget_paths": ("PDF 圖形過於複雜（超過 {limit} 個線段），不予處理",
                         "The PDF's drawings are too complex (over {limit} path segments); refused"),
    "pdf.note_cid": ("有 {count} 個字元無法解讀（字型缺少對應表）",
                     "{count:#character|characters} could not be decoded (font without a Unicode map)"),
})

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_MARKER = re.compile(
    r"^\s*(?:[壹貳參肆伍陸柒捌玖拾]+[、.．]"
    r"|[一二三四五六七八九十]+[、.．]"
    r"|[（(][一二三四五六七八九十]+[）)]"
    r"|[1-9１-９][0-9０-９]*(?:[、．]|\.(?![0-9]))"
    r"|[（(][1-9１-９][0-9０-９]*[）)](?![0-9０-９])"
    r"|[●•◆◇■□☐☑☒※])"
)
# characters that may not start a line (they travel with the previous char)
_NO_START = set("，。、；：？！）」』】》〉,.;:?!)]}％%…—")
_NO_END = set("（「『【《〈([{")
_WORD = 2  # CJK characters a line breaker may keep together (most Chinese words)


def clean_font_name(name: str | None) -> str:
    """'ABCDEF+TW-Kai-98_1' -> 'TW-Kai-98_1'."""
    if not name:
        return ""
    if isinstance(name, bytes):
        name = name.decode("latin-1", "replace")
    return _SUBSET.sub("", str(name))


def _median(values: list[float]) -> float:
    """statistics.median, whose import (decimal, fractions, random) costs ~3 ms at every start."""
    data = sorted(values)
    i = len(data) // 2
    return data[i] if len(data) % 2 else (data[i - 1] + data[i]) / 2


def _wide(ch: str) -> bool:
    return bool(ch) and unicodedata.east_asian_width(ch[0]) in ("W", "F")


# ---------------------------------------------------------------- internals

_Char = RawChar  # a character as `_read` leaves it: font without subset prefix, size to 1/100 pt


class _Line:
    """Characters on one baseline, left to right, and what the layout asks of them
    (read once: a line is asked again and again)."""

    __slots__ = ("chars", "baseline", "page", "visible", "x0", "x1", "size", "top", "text")

    def __init__(self, chars: list[_Char], baseline: float, page: int) -> None:
        self.chars, self.baseline, self.page = chars, baseline, page
        visible = self.visible = [c for c in chars if c.text.strip()] or chars  # all when none shows
        self.x0 = visible[0].x0
        self.x1 = max(c.x1 for c in visible)
        first = visible[0].size
        if all(c.size == first for c in visible):  # the usual line: no vote needed
            self.size = round(first, 1)
        else:  # the most used size (the larger of two as used), to 0.1 pt
            sizes = Counter(round(c.size, 1) for c in visible)
            self.size = max(sizes.items(), key=lambda kv: (kv[1], kv[0]))[0]
        self.top = baseline - max(c.size for c in chars)
        self.text = "".join(c.text for c in chars)

    def lead_width(self) -> Optional[float]:
        """The most a line breaker may have carried whole from the previous line
        to this one: the most the previous line may have left empty before a
        paragraph goes on. LibreOffice keeps Chinese words together (「小時」 moves
        whole), a Latin word, number or e-mail address with what sticks to it
        (`6789#3105、chenyj@…`), and never starts a line with closing punctuation;
        so: the opening brackets, up to `_WORD` CJK characters or one glued
        Latin/number run, and the punctuation after them. None for an empty line.
        """
        chars = self.chars[self.chars.index(self.visible[0]):]
        n = len(chars)
        j = 0
        while j < n and chars[j].text in _NO_END:
            j += 1
        if j >= n:
            return chars[-1].x1 - chars[0].x0 if chars else None
        wide = 0
        while j < n and chars[j].text.strip():
            ch = chars[j].text
            if _wide(ch) and ch not in _NO_START:
                if wide == _WORD:
                    break
                wide += 1
            j += 1
        return chars[j - 1].x1 - chars[0].x0


class _Region:
    """Lines that may form paragraphs together: a table cell or a body stretch."""

    __slots__ = ("page", "lines", "top", "cell", "bbox", "paragraphs", "right")

    def __init__(self, page: int, lines: list[_Line], top: float, cell: Optional[tuple[int, int, int]] = None,
                 bbox: Optional[tuple[float, float, float, float]] = None) -> None:
        self.page, self.lines, self.top = page, lines, top
        self.cell = cell  # (table, row, col)
        self.bbox = bbox  # cell box
        self.paragraphs: list[list[_Line]] = []
        self.right = 0.0  # where its full lines end


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
        first = group[0].baseline
        if all(c.baseline == first for c in group):  # the usual line: no vote needed
            base = round(first, 2)
        else:
            base = Counter(round(c.baseline, 2) for c in group).most_common(1)[0][0]
        out.append(_Line(group, base, group[0].page))
    return out


class _Rules:
    """A page's horizontal rules (y, x0, x1), drawn lines and box edges, by height."""

    __slots__ = ("segs", "ys")

    def __init__(self, segs=()) -> None:
        self.segs = sorted(s for s in segs if s[0] == s[0])  # a NaN height would unsort them (and never matches)
        self.ys = [s[0] for s in self.segs]

    def between(self, lo: float, hi: float) -> list[tuple[float, float, float]]:
        """The rules strictly below `lo` and above `hi` (top-down)."""
        return self.segs[bisect_right(self.ys, lo):bisect_left(self.ys, hi)]


_NO_RULES = _Rules()


def _hsegments(page) -> _Rules:
    return _Rules(((y0 + y1) / 2, min(x0, x1), max(x0, x1)) for x0, y0, x1, y1, _ in page.segments
                  if abs(y0 - y1) < 1.5 and abs(x1 - x0) >= 1.0)


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


def _separated(prev: _Line, cur: _Line, rules: _Rules) -> bool:
    """A rule between the two lines, across a good part of them."""
    left, right = min(prev.x0, cur.x0), max(prev.x1, cur.x1)
    for _, sx0, sx1 in rules.between(prev.baseline + 0.5, cur.top - 0.1):
        if sx0 < right and sx1 > left and (sx1 - sx0) > 0.3 * (right - left):
            return True
    return False


def _starts_marker(line: _Line) -> bool:
    return bool(_MARKER.match(line.text))


_HYPHENS = set("-‐‑­–")


def _ended_short(prev: _Line, cur: _Line, right: float) -> bool:
    """`prev` stopped before the right edge although `cur`'s lead would have fitted.

    A line breaker moves a piece to the next line only when it does not fit, so
    a line that left room for all it may have had to carry (`_Line.lead_width`)
    ended its paragraph. A line ending in a hyphen was split in a word: never an end.
    """
    if prev.visible[-1].text in _HYPHENS:
        return False
    remaining = right - prev.x1
    lead = cur.lead_width()
    return lead is not None and remaining > max(lead - 0.1 * cur.size, 0.6 * cur.size)


def _obvious_break(prev: _Line, cur: _Line, right: float, segs) -> bool:
    """Cues that do not depend on pitch."""
    if _separated(prev, cur, segs):
        return True
    if abs(cur.size - prev.size) > 0.5:
        return True
    if _starts_marker(cur):
        return True
    return _ended_short(prev, cur, right)  # the previous line was a paragraph's last


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
        segs = segs_by_page.get(reg.page, _NO_RULES)
        for a, b in zip(reg.lines, reg.lines[1:]):
            if a.page == b.page and abs(a.size - b.size) <= 0.5 and not _separated(a, b, segs):
                gaps.setdefault(round(b.size, 1), []).append(round(b.baseline - a.baseline, 2))
    return {k: _median(v) for k, v in gaps.items() if v}


def _find_tables(page) -> list:
    from .pdf_tables import find_tables
    return find_tables(page.segments)


_FURNITURE = 3  # lines a page header or footer may have


def _aside(ln: _Line, other_page: list[_Line]) -> bool:
    """Is `ln` page furniture: a page number, or a line the other page has at its height
    (digits aside)?"""
    text = ln.text.strip()
    if not text or _PAGE_NUMBER.match(text):
        return True
    shape = _DIGITS.sub("#", text)
    return any(abs(o.baseline - ln.baseline) <= 2.0 and _DIGITS.sub("#", o.text.strip()) == shape
               for o in other_page)


def _goes_on(last: _Line, first: _Line, right: float) -> bool:
    """Does `first` (at the top of a page) go on the paragraph `last` ended the page before?
    Same size and margin, no numbering marker, and `last` did not stop short of `right`."""
    return (abs(first.size - last.size) <= 0.5 and not _starts_marker(first)
            and not _ended_short(last, first, right)
            and abs(first.x0 - last.x0) <= 0.5 * first.size)


def _opens_under(last: _Line, first: _Line) -> bool:
    """Is `first` the first subheading of the numbered heading `last` (一、 under 參、,
    （一） under 一、)?"""
    from ..text.numbering import parse_marker

    head = parse_marker(last.text)
    if head is None:
        return False
    sub = parse_marker(first.text)
    return sub is not None and sub.level == head.level + 1 and sub.value == 1


def _cell_right(reg: _Region) -> float:
    """Where a cell's full lines end: where two agree, else its box less the left padding."""
    pad = max(0.0, min(ln.x0 for ln in reg.lines) - reg.bbox[0]) if reg.lines else 0.0
    return _right_edge(reg.lines, fallback=reg.bbox[2] - min(pad, 12.0))


class _Part:
    """What one page shows of a table: a region per cell (an empty one too), with the
    cell's place in the whole table."""

    __slots__ = ("number", "page", "bbox", "regions", "rows")

    def __init__(self, number: int, page: int, bbox: tuple[float, float, float, float], regions: list[_Region],
                 rows: int) -> None:
        self.number, self.page, self.bbox, self.regions = number, page, bbox, regions
        self.rows = rows  # the whole table's rows so far

    def bottom_cells(self) -> list[_Region]:
        """The cells the part ends with (a cell merged down into the last row too)."""
        return [r for r in self.regions if r.bbox is not None and abs(r.bbox[3] - self.bbox[3]) <= 1.5]


class _TableChain:
    """Tables over the pages, numbered in reading order, as a person reads them.

    A table part at the top of a page goes on the table that ended the page
    before (nothing but page furniture after the one and before the other,
    `_aside`) when it has that table's column grid (`pdf_tables.same_grid`):
    it keeps the number and counts its rows on. A repeated header row is not
    counted again. When the part's first row is the rest of the row the page
    break cut (`_row_goes_on`), it is that row: its cells are the same cells on
    both pages, and their paragraphs are joined where they run over the break.
    """

    def __init__(self) -> None:
        self.count = 0
        self.last: Optional[_Part] = None
        self.edges: dict[int, list[float]] = {}  # table -> column edges so far
        self.headers: dict[int, tuple] = {}  # table -> its first row's texts
        self.below: list[_Line] = []  # body lines under the page before's last table
        self.body: list[_Line] = []  # the page before's body lines

    def page(self, pno: int, found: list, chars: list[_Char]) -> tuple[list[_Part], list[_Line]]:
        """This page's table parts and its body lines (those outside every table)."""
        from .pdf_tables import CellFinder, same_grid, x_edges

        found = sorted(found, key=lambda t: (t.bbox[1], t.bbox[0]))
        grids = [t.grid() for t in found]
        in_cell: dict[tuple[int, int, int], list[_Char]] = {}
        body: list[_Char] = []
        tables = [(i, t.bbox, grids[i][0], CellFinder([b for b, _, _ in grids[i][0]]))
                  for i, t in enumerate(found)]
        for c in chars:
            cx, cy = (c.x0 + c.x1) / 2, c.baseline - c.size / 2
            home = None
            for i, (bx0, by0, bx1, by1), cells, finder in tables:
                if bx0 - 1 <= cx <= bx1 + 1 and by0 - 1 <= cy <= by1 + 1:
                    k = finder.find(cx, cy)
                    if k is not None:
                        home = (i, cells[k][1], cells[k][2])
                        break
            if home is None:
                body.append(c)
            else:
                in_cell.setdefault(home, []).append(c)
        body_lines = _group_lines(body)

        prev = self.last
        above = [ln for ln in body_lines if ln.baseline < found[0].bbox[1]] if found else []
        on = (bool(found) and prev is not None and prev.page == pno - 1
              and len(self.below) <= _FURNITURE and len(above) <= _FURNITURE
              and all(_aside(ln, body_lines) for ln in self.below)
              and all(_aside(ln, self.body) for ln in above)
              and same_grid(self.edges[prev.number], found[0].bbox,
                            [b for b, r, _ in grids[0][0] if r == 1]))
        # a lone box is a frame, its text the body's, unless it goes on a table
        keep = [i for i, t in enumerate(found) if not t.lone or (i == 0 and on)]
        if len(keep) < len(found):
            moved = [c for (i, _, _), cs in in_cell.items() if i not in keep for c in cs]
            if moved:
                body_lines = _group_lines(body + moved)

        parts: list[_Part] = []
        for i in keep:
            cells, nrows = grids[i]
            cells = sorted(cells, key=lambda c: (c[1], c[2]))
            lines = {(r, col): _group_lines(in_cell.get((i, r, col), [])) for _, r, col in cells}

            def texts(row: int) -> tuple:
                return tuple("".join(ln.text for ln in lines[r, col]).strip()
                             for _, r, col in cells if r == row and lines[r, col])

            same: dict[tuple[int, int], tuple] = {}  # the cut row's cells: (row, col) -> cell
            if i == 0 and on:
                number = prev.number
                skip = 1 if nrows > 1 and texts(1) and texts(1) == self.headers.get(number) else 0
                same = self._row_goes_on(prev, [c for c in cells if c[1] == skip + 1], lines)
                base = prev.rows - (1 if same else 0)
            else:
                self.count += 1
                number, skip, base = self.count, 0, 0
                self.headers[number] = texts(1)
                self.edges[number] = []
            regions = [_Region(pno, lines[r, col], bbox[1],
                               same.get((r, col)) or (number, base + r - skip, col), bbox)
                       for bbox, r, col in cells if r > skip]
            self.edges[number] = x_edges(self.edges[number] + [x for b, _, _ in cells for x in (b[0], b[2])])
            rows = max((reg.cell[1] for reg in regions), default=base)  # type: ignore[index]
            parts.append(_Part(number, pno, found[i].bbox, regions, rows))

        self.last = parts[-1] if parts else None
        self.below = [ln for ln in body_lines if ln.top >= parts[-1].bbox[3] - 1] if parts else []
        self.body = body_lines
        return parts, body_lines

    @staticmethod
    def _row_goes_on(prev: _Part, row: list, lines: dict) -> dict[tuple[int, int], tuple]:
        """If `row` (the part's first row: box, row, col) is the rest of the row `prev`
        ended with, its cells' (row, col) -> the cells they go on; else {}.

        Every cell must go on one of those cells (the same column edges). Then what a
        person reads: a cell's text goes on from one page to the next; or the first
        column's text (the row's label) ended on the page before and the row goes on
        beside it; or nothing of the row is left to show; or a cell ends with a numbered
        heading and its first subheading opens the next page (參、 then 一、: the section
        goes on). Otherwise a paragraph ending right at the break, in every column that
        has text on both pages, reads as a new row.
        """
        from .pdf_tables import EDGE, same_cells

        before = sorted(prev.bottom_cells(), key=lambda reg: reg.bbox[0])  # type: ignore[index]
        pairs = []
        j = 0
        for bbox, r, col in sorted(row, key=lambda c: c[0][0]):  # both left to right
            while j < len(before) and before[j].bbox[0] < bbox[0] - EDGE:  # type: ignore[index]
                j += 1
            if j == len(before) or not same_cells(before[j].bbox, bbox):
                return {}
            pairs.append(((r, col), before[j], lines[r, col]))
        if not pairs:
            return {}
        nothing_left = not any(now for _, _, now in pairs)
        reads_on = any(reg.lines and now and (_goes_on(reg.lines[-1], now[0], _cell_right(reg))
                                              or _opens_under(reg.lines[-1], now[0]))
                       for _, reg, now in pairs)
        label_ended = bool(pairs[0][1].lines) and not pairs[0][2]
        if nothing_left or reads_on or label_ended:
            return {key: reg.cell for key, reg, _ in pairs}
        return {}


def _cells_together(regions: list[_Region]) -> list[_Region]:
    """Reading order with a cell's parts on two pages one after the other (a row the page
    break cut is read cell by cell, as in the DOCX), in the place of the first part."""
    first: dict[tuple, int] = {}
    keyed = []
    for i, reg in enumerate(regions):
        at = first.setdefault(reg.cell, i) if reg.cell is not None else i
        keyed.append((at, i, reg))
    keyed.sort(key=lambda k: (k[0], k[1]))
    return [reg for _, _, reg in keyed]

# ---------------------------------------------------------------- public

def _precheck(path: Path) -> bytes:
    if not path.is_file():
        raise InputError("input.missing", path=str(path))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError("input.too_large", size=f"{size / 1048576:.0f} MB",
                         limit=f"{MAX_BYTES // 1048576} MB")
    with open(path, "rb") as f:
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError("input.too_large", size=f"{len(data) / 1048576:.0f} MB",
                         limit=f"{MAX_BYTES // 1048576} MB")
    if b"%PDF-" not in data[:1024]:
        raise InputError("pdf.not_pdf", path=path.name)
    if b"%%EOF" not in data[-4096:]:
        raise InputError("pdf.truncated", path=path.name)
    return data


def budget():
    """This reader's `pdf_pages.Budget` (MAX_BYTES and MAX_PAGES as set now)."""
    from .pdf_pages import Budget
    return Budget(max_bytes=MAX_BYTES, max_pages=MAX_PAGES)


def read_pdf(path) -> Document:
    """Read `path` into a Document (kind="pdf"); refuse unusable PDFs with InputError."""
    from .pdf_pages import open_document, prescan, read_pages

    path = Path(path)
    data = _precheck(path)
    limits = budget()
    try:
        prescan(data, limits)
        pdf = open_document(data, limits)
    except InputError as err:
        err.params.setdefault("path", path.name)
        raise
    try:
        return _read(read_pages(pdf, limits), path)
    except InputError as err:
        err.params.setdefault("path", path.name)
        raise
    except RecursionError:
        raise InputError("pdf.corrupt", path=path.name, detail=i18n.t("pdf.why_deep")) from None
    except MemoryError:
        raise InputError("pdf.corrupt", path=path.name, detail=i18n.t("pdf.why_memory")) from None
    finally:
        pdf.close()


def _read(pages, path: Path) -> Document:
    regions: list[_Region] = []
    segs_by_page: dict[int, _Rules] = {}
    fonts: list[str] = []
    total = cid = npages = 0
    chain = _TableChain()

    images = 0
    # font and size as read -> the font without its subset prefix, the size to 1/100 pt
    styles: dict[tuple[str, float], tuple[str, float]] = {}
    for page in pages:
        npages += 1
        pno = page.number
        images += page.images
        chars: list[_Char] = []
        drawn: set[tuple] = set()  # fake bold draws a glyph twice at (almost) one place
        for ch in page.chars:  # taken as they are: styles are set in place
            text = ch.text
            key = (text, round(ch.x0), round(ch.baseline - ch.size))
            if key in drawn:
                continue
            drawn.add(key)
            if text.strip():
                total += 1
                if not ch.mapped:
                    cid += 1
            style = styles.get((ch.font, ch.size))
            if style is None:
                font = clean_font_name(ch.font)
                if font and font not in fonts:
                    fonts.append(font)
                style = styles[ch.font, ch.size] = (font, round(ch.size, 2))
            ch.font, ch.size = style
            chars.append(ch)
        segs = _hsegments(page)
        segs_by_page[pno] = segs
        if not chars:
            continue

        parts, body_lines = chain.page(pno, _find_tables(page), chars)

        # body lines, split into stretches by the tables between them
        items: list[tuple[float, int, object]] = []
        stretch: list[_Line] = []
        bounds = sorted(t.bbox[1] for t in parts)
        for ln in body_lines:
            if stretch and any(stretch[-1].baseline < b < ln.baseline for b in bounds):
                items.append((stretch[0].top, 0, _Region(pno, stretch, stretch[0].top)))
                stretch = []
            stretch.append(ln)
        if stretch:
            items.append((stretch[0].top, 0, _Region(pno, stretch, stretch[0].top)))
        for t in parts:
            items.append((t.bbox[1], 1, t.regions))
        items.sort(key=lambda it: (it[0], it[1]))
        for _, kind, obj in items:
            if kind == 0:
                regions.append(obj)  # type: ignore[arg-type]
            else:
                regions.extend(obj)  # type: ignore[arg-type]

    if npages == 0:
        raise InputError("pdf.corrupt", path=path.name, detail=i18n.t("pdf.why_nopages"))
    if total == 0:
        raise InputError("pdf.no_text" if images else "pdf.empty", path=path.name)
    if cid > 0.5 * total:
        raise InputError("pdf.no_unicode", path=path.name)

    regions = _drop_furniture(_cells_together(regions))
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
    doc_right = _median(known) if known else None
    page_right: dict[int, float] = {
        pno: shared[pno] if shared[pno] is not None else _right_edge(ls, fallback=doc_right)
        for pno, ls in body_lines.items()}
    # a cell with no text on any page is one empty paragraph, where it is drawn
    # first (as a DOCX has it: the place a required field was left blank)
    written = {reg.cell for reg in regions if reg.cell is not None and reg.lines}
    # a cell on two pages has one width: where its full lines end is what either part shows
    cell_right: dict[tuple, float] = {}
    for reg in regions:
        if reg.cell is not None and reg.bbox is not None and reg.lines:
            cell_right[reg.cell] = max(cell_right.get(reg.cell, 0.0), _cell_right(reg))
    for reg in regions:
        if reg.cell is not None and reg.bbox is not None:
            right = cell_right.get(reg.cell) or _cell_right(reg)
        else:
            right = page_right.get(reg.page, _right_edge(reg.lines))
        reg.right = right
        reg.paragraphs = _split_paragraphs(reg.lines, right, segs_by_page.get(reg.page, _NO_RULES), typical)
        if not reg.lines and reg.cell is not None and reg.cell not in written:
            reg.paragraphs = [[]]
            written.add(reg.cell)

    # a paragraph running over a page break (in the body, or in a table row the break
    # splits) is one paragraph
    flat: list[tuple[_Region, list[_Line]]] = [(r, p) for r in regions for p in r.paragraphs]
    merged: list[tuple[_Region, list[_Line]]] = []
    for reg, para in flat:
        if merged and para and merged[-1][1]:
            preg, ppara = merged[-1]
            last, first = ppara[-1], para[0]
            if (reg.cell == preg.cell and first.page == last.page + 1
                    and para is reg.paragraphs[0] and ppara is preg.paragraphs[-1]
                    and _goes_on(last, first, preg.right)):
                merged[-1] = (preg, ppara + para)
                continue
        merged.append((reg, para))

    doc = Document(path=str(path), kind="pdf", embedded_fonts=fonts)
    if cid:
        doc.notes.append(i18n.t("pdf.note_cid", count=cid))
    for n, (reg, para) in enumerate(merged, 1):
        doc.paragraphs.append(_paragraph(n, reg, para))
    for i, (reg, para) in enumerate(merged):
        if len(para) != 1:
            continue
        before = merged[i - 1] if i > 0 and merged[i - 1][0] is reg else None
        after = merged[i + 1] if i + 1 < len(merged) and merged[i + 1][0] is reg else None
        if before and after:
            height = _lone_line_height(before[1][-1], para[0], after[1][0], typical)
            if height is not None:
                doc.paragraphs[i].line_pitches.append(height)
    return doc


def _lone_line_height(prev: _Line, line: _Line, nxt: _Line, typical: dict) -> Optional[float]:
    """The line height of a one-line paragraph, from the gaps around it.

    Between lines of the usual pitch T, a line of height h moves its
    neighbours: the gaps before and after add up to T + h. Spacing before or
    after a paragraph widens the gaps by any amounts, so a height is reported
    only where the gaps show a line-height change: the gap before shrinks
    (proportional spacing puts the extra below the baseline), or both widen
    in an exact height's proportion (LibreOffice puts 4/5 of the extra above
    the baseline, 1/5 below). None when nothing shows.
    """
    if not (prev.page == line.page == nxt.page) or max(
            abs(prev.size - line.size), abs(nxt.size - line.size)) > 0.5:
        return None
    usual = typical.get(round(line.size, 1))
    if usual is None:
        return None
    a, c = line.baseline - prev.baseline, nxt.baseline - line.baseline
    tol = 0.5
    shrunk = a < usual - tol and c > usual + tol
    raised = a > usual + tol and c > usual + tol and abs((a - usual) - 4 * (c - usual)) <= 0.5
    if shrunk or raised:
        return round(a + c - usual, 2)
    return None


_DIGITS = re.compile(r"[0-9０-９]+")
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—]*(?:(?:第\s*)?[0-9０-９]{1,4}\s*頁?(?:\s*[/／,，]\s*(?:共\s*)?[0-9０-９]{1,4}\s*頁?)?"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|[ivxlcIVXLC]{1,6})[\s\-–—]*$", re.IGNORECASE)


def _drop_furniture(regions: list[_Region]) -> list[_Region]:
    """Regions without page headers, footers and page numbers.

    Candidates are the topmost and bottommost lines of a page, outside tables
    and set apart from the rest by a gap. One goes when it is a page number, or
    when its text (digits aside) comes back at the same height on other pages.
    """
    by_page: dict[int, list[tuple[_Line, Optional[_Region]]]] = {}
    for reg in regions:
        for ln in reg.lines:
            by_page.setdefault(reg.page, []).append((ln, reg if reg.cell is None else None))
    candidates: list[tuple[_Line, _Region]] = []
    for items in by_page.values():
        items.sort(key=lambda it: it[0].baseline)
        if len(items) < 2:
            continue
        for k, other in ((0, 1), (len(items) - 1, len(items) - 2)):
            ln, reg = items[k]
            if reg is None:
                continue
            gap = abs(ln.baseline - items[other][0].baseline)
            if gap > 1.6 * max(ln.size, items[other][0].size):
                candidates.append((ln, reg))
    shape = Counter((_DIGITS.sub("#", ln.text.strip()), round(ln.baseline / 2))
                    for ln, _ in candidates)
    pages = len(by_page)
    gone: set[int] = set()
    for ln, reg in candidates:
        text = ln.text.strip()
        key = (_DIGITS.sub("#", text), round(ln.baseline / 2))
        if _PAGE_NUMBER.match(text) or (pages > 1 and shape[key] > 1):
            gone.add(id(ln))
    if not gone:
        return regions
    out = []
    for reg in regions:
        keep = [ln for ln in reg.lines if id(ln) not in gone]
        if keep or reg.cell is not None:  # an empty cell stays: it is a place to fill in
            reg.lines = keep
            out.append(reg)
    return out


def _paragraph(index: int, reg: _Region, lines: list[_Line]) -> Paragraph:
    pieces: list[tuple[str, str, float, int]] = []  # text, font, size, page
    # Lines are joined as they are: CJK needs no space, and LibreOffice and
    # Word both draw the space at the end of a wrapped Latin line.
    for ln in lines:
        prev: Optional[_Char] = None
        prev_wide = False
        for c in ln.chars:
            wide = _wide(c.text)
            if (prev is not None and not prev_wide and not wide
                    and prev.text.strip() and c.text.strip()
                    and c.x0 - prev.x1 > 0.25 * max(c.size, 1.0)):
                pieces.append((" ", prev.font, prev.size, prev.page))
            pieces.append((c.text, c.font, c.size, c.page))
            prev, prev_wide = c, wide
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
        page=lines[0].page if lines else reg.page,
    )
