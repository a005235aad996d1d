"""Page pictures for the HTML report: each page as an image, each finding as a box on it.

A PDF is drawn as it is; a DOCX/ODT is first rendered by the long-lived LibreOffice. The
boxes come from matching the checked document's paragraphs (in reading order) to the
rendered PDF's text, character by character (pypdfium2 knows every character's box).
Images: pypdfium2 at 96 dpi, JPEG quality 70 (measured in bench/bench_visual.py: faster than
pdftoppm, which costs a process per file, and about 60–120 kB per A4 page).
The drawing is bounded by the time budget (`draw_all`: in a forked child, killed past it).
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..model import FileResult

DPI = 96
QUALITY = 70
MAX_PAGES = 60  # a report stays openable; later pages are not drawn


@dataclass
class Box:
    finding: int  # 1-based number of the finding in the file's list
    rule: str
    page: int  # 1-based
    left: float  # fractions of the page's width/height, from its top-left corner
    top: float
    width: float
    height: float


@dataclass
class Page:
    number: int
    width: float  # points
    height: float
    jpeg: bytes


@dataclass
class Pages:
    pages: list[Page] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    note: Optional[str] = None  # an i18n key shown instead of the pictures (they took too long)


def _norm(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


class _PdfText:
    """The PDF's characters (without spaces) and each one's page and box."""

    def __init__(self, pdf) -> None:
        chars, where = [], []
        for pi in range(min(len(pdf), MAX_PAGES)):
            page = pdf[pi]
            tp = page.get_textpage()
            n = tp.count_chars()
            text = tp.get_text_range(0, n) if n else ""
            # get_text_range may differ in length from the char count (ligatures…): read per char
            for ci in range(n):
                ch = tp.get_text_range(ci, 1) if len(text) != n else text[ci]
                if not ch or ch.isspace():
                    continue
                chars.append(ch)
                where.append((pi, tp.get_charbox(ci)))
            tp.close()
        self.text = "".join(chars)
        self.where = where

    def find(self, para: str, start: int) -> Optional[tuple[int, int]]:
        """(first, end) character positions of a paragraph's text, searching on from `start`."""
        needle = _norm(para)
        if not needle:
            return None
        probe = needle[:16]
        for origin in (start, 0):
            pos = self.text.find(probe, origin)
            if pos >= 0:
                return pos, min(pos + len(needle), len(self.text))
        return None


def _union(where, first: int, end: int, heights: dict) -> dict[int, tuple[float, float, float, float]]:
    """Per page, the rectangle (left, top, right, bottom in points from the top) around the characters."""
    rects: dict[int, list[float]] = {}
    for pi, (l, b, r, t) in where[first:end]:
        h = heights[pi]
        top, bottom = h - t, h - b
        if pi in rects:
            x = rects[pi]
            rects[pi] = [min(x[0], l), min(x[1], top), max(x[2], r), max(x[3], bottom)]
        else:
            rects[pi] = [l, top, r, bottom]
    return {pi: tuple(v) for pi, v in rects.items()}


def paragraph_spans(doc, text: _PdfText) -> dict[int, tuple[int, int]]:
    """Document paragraph index -> its characters in the PDF, matched in reading order."""
    spans: dict[int, tuple[int, int]] = {}
    cursor = 0
    for p in doc.paragraphs:
        found = text.find(p.full_text, cursor)
        if found:
            spans[p.index] = found
            cursor = found[1] if found[0] >= cursor else cursor
    return spans


def _characters(f, paragraphs, spans) -> list[tuple[int, int]]:
    """The PDF character ranges of the spans whose font (or size) is the one the finding names."""
    def at_fault(span) -> bool:
        if f.rule == "font-family":
            return (span.font or "") == (f.actual or "") or (span.font_latin or "") == (f.actual or "")
        try:
            return span.size is not None and abs(span.size - float((f.actual or "").split()[0])) < 0.01
        except ValueError:
            return False

    out = []
    for p in paragraphs:
        if p is None or p.index not in spans:
            continue
        first, end = spans[p.index]
        pos = first + (len(_norm(p.marker or "")) if p.marker and p.marker_auto else 0)
        for span in p.spans:
            n = len(_norm(span.text))
            if n and at_fault(span) and pos < end:
                if out and out[-1][1] == pos:
                    out[-1] = (out[-1][0], min(pos + n, end))
                else:
                    out.append((pos, min(pos + n, end)))
            pos += n
    return out


def draw(pdf_path: Path, result: FileResult, doc) -> Pages:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        out = Pages()
        heights = {}
        for pi in range(min(len(pdf), MAX_PAGES)):
            page = pdf[pi]
            w, h = page.get_size()
            heights[pi] = h
            image = page.render(scale=DPI / 72).to_pil().convert("RGB")
            buf = io.BytesIO()
            image.save(buf, "JPEG", quality=QUALITY, optimize=True)
            out.pages.append(Page(pi + 1, w, h, buf.getvalue()))
        if doc is None:
            return out
        text = _PdfText(pdf)
        spans = paragraph_spans(doc, text)
        by_index = {p.index: p for p in doc.paragraphs}
        for n, f in enumerate(result.findings, 1):
            loc = f.location
            if loc.order is None:
                continue
            last = loc.order_end or loc.order
            chosen = [spans[i] for i in range(loc.order, last + 1) if i in spans]
            if not chosen:
                continue
            if f.rule in ("font-family", "font-size"):  # around the characters at fault
                chosen = _characters(f, [by_index.get(i) for i in range(loc.order, last + 1)], spans) or chosen
            if f.rule.startswith("numbering") and loc.order in spans:  # around the marker
                p = by_index.get(loc.order)
                first = spans[loc.order][0]
                width = len(_norm(p.marker or "")) if p is not None and p.marker else 2
                chosen = [(first, first + max(width, 1))]
            rects: dict[int, list[float]] = {}
            for first, end in chosen:
                for pi, r in _union(text.where, first, end, heights).items():
                    x = rects.get(pi)
                    rects[pi] = list(r) if x is None else [min(x[0], r[0]), min(x[1], r[1]),
                                                           max(x[2], r[2]), max(x[3], r[3])]
            for pi, (l, t, r, b) in sorted(rects.items()):
                w, h = pdf[pi].get_size()
                pad = 2.0
                out.boxes.append(Box(n, f.rule, pi + 1, max(l - pad, 0) / w, max(t - pad, 0) / h,
                                     min(r - l + 2 * pad, w) / w, min(b - t + 2 * pad, h) / h))
        return out
    finally:
        pdf.close()


def draw_all(jobs: list[tuple], seconds: Optional[float]) -> dict[str, Pages]:
    """`draw` for each (key, pdf, result, doc), each bounded by `seconds`: PDFium renders a page in
    one C call no signal, so no time budget, interrupts (tiny tiling-pattern cells: minutes). So a
    forked child draws them in turn and is killed when one overruns (that file gets a Pages with
    only a note; a new child goes on with the next). One child for the whole batch: a fork of a
    big process costs ~20 ms. Without fork (Windows) or a budget: drawn here, unbounded."""
    out: dict[str, Pages] = {}
    if not seconds or not hasattr(os, "fork"):
        for key, pdf, r, doc in jobs:
            try:
                out[key] = draw(pdf, r, doc)
            except Exception:  # a page picture is a help; the report stands without it
                continue
        return out
    import PIL.Image  # noqa: F401 — imported once here, not in every child
    import PIL.JpegImagePlugin  # noqa: F401
    import pypdfium2  # noqa: F401

    start = 0
    while start < len(jobs):
        drawn, killed = _draw_in_child(jobs[start:], seconds)
        for (key, *_), pages in zip(jobs[start:], drawn):
            if pages is not None:
                out[key] = pages
        start += len(drawn)
        if killed:  # over this one
            out[jobs[start][0]] = Pages(note="report.pages_slow")
            start += 1
    return out


def _draw_in_child(jobs: list[tuple], seconds: float) -> tuple[list[Optional[Pages]], bool]:
    """The Pages (None: drawing failed) of the jobs a forked child drew in turn, each within
    `seconds`, and whether it was killed over the next one (then fewer than the jobs)."""
    import gc
    import pickle
    import select
    import signal
    import time

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: per job a frame (8-byte length, pickled Pages or None); leave at once
        try:
            os.close(read)
            gc.disable()  # short-lived: a collection would only copy the parent's memory
            signal.signal(signal.SIGALRM, signal.SIG_DFL)  # its own end, should the parent be gone
            _die_with_parent()
            with os.fdopen(write, "wb") as pipe:
                for _, pdf, r, doc in jobs:
                    signal.setitimer(signal.ITIMER_REAL, seconds + 1)
                    try:
                        data = pickle.dumps(draw(pdf, r, doc))
                    except Exception:
                        data = pickle.dumps(None)
                    pipe.write(len(data).to_bytes(8, "big") + data)
                    pipe.flush()
        finally:
            os._exit(0)
    os.close(write)
    out: list[Optional[Pages]] = []
    buf, done = bytearray(), False
    try:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if not select.select([read], [], [], left)[0]:
                continue
            chunk = os.read(read, 1 << 20)
            if not chunk:
                done = True
                break
            buf += chunk
            while len(buf) >= 8 and len(buf) >= 8 + (n := int.from_bytes(buf[:8], "big")):
                out.append(pickle.loads(buf[8:8 + n]))  # our own child's bytes
                del buf[:8 + n]
                deadline = time.monotonic() + seconds  # the next file's turn
    finally:
        os.close(read)
        if not done:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    if done and len(out) < len(jobs):  # the child died over one (not our kill): go on without it
        out.append(None)
    return out, not done


def _die_with_parent() -> None:
    """Linux: the kernel kills this child when its parent dies (a killed `docgen serve` worker)."""
    try:
        import ctypes
        ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass


def render_all(results: list[FileResult], office=None,
               seconds: Optional[float] = None) -> tuple[dict[str, Pages], Optional[str]]:
    """Pages per checked file; and a note when LibreOffice is missing (DOCX/ODT get no pages).
    `office`: a running Office to use (and leave running), as `docgen serve`'s workers keep one.
    `seconds`: each file's drawing is killed past it (see draw_all); None: unbounded, as in
    `docgen serve`, whose stuck worker is itself killed and replaced."""
    from ..check import read_document
    from ..render.office import Office, find_soffice

    jobs = []
    note = None
    own = office is None
    try:
        with tempfile.TemporaryDirectory(prefix="docgen-pages-") as tmp:
            for k, r in enumerate(results):
                if r.error:
                    continue
                path = Path(r.path)
                suffix = path.suffix.lower()
                if path.is_dir() or suffix in (".md", ".markdown"):
                    continue  # a source has no pages until it is built
                try:
                    doc = read_document(path, r.form)
                except Exception:
                    doc = None
                pdf = path
                if suffix != ".pdf":
                    if office is None and note is None:
                        if find_soffice() is None:
                            note = "report.no_office"
                        else:
                            try:
                                office = Office().__enter__()
                            except Exception:  # LibreOffice there but not starting
                                note = "report.office_failed"
                    if office is None:
                        continue
                try:
                    if suffix != ".pdf":
                        pdf = office.convert(path, Path(tmp) / f"{k}.pdf", "pdf")
                except Exception:  # a page picture is a help; the report stands without it
                    continue
                jobs.append((r.path, pdf, r, doc))
            out = draw_all(jobs, seconds)
    finally:
        if own and office is not None:
            office.__exit__(None, None, None)
    return out, note
