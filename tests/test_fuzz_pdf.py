"""Fuzzing the PDF reader: mutated real PDFs (bytes, numbers, names, references).

Every case must end in a report or an `InputError` (exit 2, one line) — never another
exception — within a bounded time. CI runs a short sample; run thousands locally:

    DOCGEN_FUZZ_EXAMPLES=2500 .venv/bin/python -m pytest tests/test_fuzz_pdf.py -q

Seeds: PDFs written here (text in a standard font and in a CID font with a ToUnicode
map, a ruled table, several pages) and, with LibreOffice, a form it exports. Inputs that
ever crashed are kept in tests/fuzz_regressions/*.pdf and replayed.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TODAY
from docgen.check import CheckOptions, check_document, read_document
from docgen.errors import InputError
from test_pdf_budgets import CATALOG, HELVETICA, pdf_file

EXAMPLES = int(os.environ.get("DOCGEN_FUZZ_EXAMPLES", "120"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("DOCGEN_FUZZ_RANDOM"),
                suppress_health_check=list(HealthCheck))
REGRESSIONS = Path(__file__).parent / "fuzz_regressions"


def handmade() -> bytes:
    """Two pages: 14 pt text lines, a 2×2 ruled table, CJK through a CID font with a ToUnicode map."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange "
            b"2 beginbfchar <0001> <58F9> <0002> <3001> endbfchar "
            b"1 beginbfrange <0010> <0012> <5C08> endbfrange endcmap end end")
    text = (b"BT /F1 14 Tf 72 760 Td (Project summary) Tj 0 -20 Td (Line two of a paragraph) Tj "
            b"0 -20 Td (1. a numbered item) Tj ET "
            b"BT /F2 16 Tf 72 690 Td <000100020010> Tj 0 -20 Td <00110012> Tj ET "
            b"0.5 w 72 600 m 372 600 l S 72 560 m 372 560 l S 72 520 m 372 520 l S "
            b"72 520 m 72 600 l S 222 520 m 222 600 l S 372 520 m 372 600 l S "
            b"BT /F1 14 Tf 80 575 Td (cell one) Tj 150 0 Td (cell two) Tj ET "
            b"72 440 300 40 re S BT /F1 14 Tf 80 455 Td (boxed) Tj ET")
    page2 = b"BT /F1 14 Tf 72 760 Td (Second page) Tj 0 -20 Td (continued text) Tj ET BT /F1 10 Tf 290 40 Td (2) Tj ET"
    res = b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >>"
    return pdf_file([
        CATALOG, b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + res + b" /Contents 7 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + res + b" /Contents 8 0 R >>",
        HELVETICA,
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+TW-Kai /Encoding /Identity-H "
        b"/DescendantFonts [9 0 R] /ToUnicode 10 0 R >>",
        (b"", text), (b"", page2),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+TW-Kai "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        (b"", cmap),
    ])


SEEDS: list[bytes] | None = None


def seeds() -> list[bytes]:
    global SEEDS
    if SEEDS is None:
        SEEDS = [handmade()]
        from docgen.render.office import find_soffice
        if find_soffice():
            from handmade import nomination_docx
            from docgen.render.office import Office
            tmp = Path(tempfile.mkdtemp())
            with Office() as office:
                pdf = office.convert(nomination_docx(tmp / "n.docx"), tmp / "n.pdf", "pdf")
            SEEDS.append(pdf.read_bytes())
    return SEEDS


def must_answer(data: bytes) -> None:
    """A report or a clean refusal, in bounded time."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.pdf"
        path.write_bytes(data)
        t = time.perf_counter()
        try:
            doc = read_document(path)
            from docgen.config import Config
            check_document(doc, CheckOptions(today=TODAY, form="summary_form"), Config())
        except InputError as err:
            assert err.message() and "\n" not in err.message()
        assert time.perf_counter() - t < 10


def test_seeds_read():
    for data in seeds():
        must_answer(data)
    from docgen.readers.pdf import read_pdf
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "seed.pdf"
        path.write_bytes(handmade())
        doc = read_pdf(path)
    texts = [p.text for p in doc.paragraphs]
    assert "壹、專" in "".join(texts) and any(p.cell for p in doc.paragraphs), texts
    assert "2" not in texts  # the page number on page 2 is left out


@FUZZ
@given(st.data())
def test_byte_mutations(data):
    seed = data.draw(st.sampled_from(seeds()))
    buf = bytearray(seed)
    for _ in range(data.draw(st.integers(1, 8))):
        pos = data.draw(st.integers(0, len(buf) - 1))
        kind = data.draw(st.sampled_from(["flip", "insert", "delete", "dup"]))
        if kind == "flip":
            buf[pos] = data.draw(st.integers(0, 255))
        elif kind == "insert":
            buf[pos:pos] = data.draw(st.binary(min_size=1, max_size=16))
        elif kind == "delete":
            del buf[pos:pos + data.draw(st.integers(1, 64))]
        else:
            end = min(len(buf), pos + data.draw(st.integers(1, 256)))
            buf[pos:pos] = buf[pos:end]
    must_answer(bytes(buf))


NUMBER = re.compile(rb"(?<![A-Za-z/#])-?\d+(?:\.\d+)?")
NAME = re.compile(rb"/[A-Za-z][A-Za-z0-9]*")
REF = re.compile(rb"\d+ 0 R")


@FUZZ
@given(st.data())
def test_token_mutations(data):
    """Numbers (sizes, coordinates, counts, lengths, offsets), names and references replaced."""
    seed = handmade()
    for _ in range(data.draw(st.integers(1, 6))):
        pattern = data.draw(st.sampled_from([NUMBER, NAME, REF]))
        hits = list(pattern.finditer(seed))
        m = hits[data.draw(st.integers(0, len(hits) - 1))]
        if pattern is NUMBER:
            new = data.draw(st.sampled_from([b"0", b"-1", b"1e308", b"99999999999", b"-0.0", b"3.4e38",
                                             b"2147483648", b"nan", b"0.00001"]))
        elif pattern is NAME:
            new = data.draw(st.sampled_from([b"/Pages", b"/Page", b"/Font", b"/Contents", b"/Kids",
                                             b"/FlateDecode", b"/Type0", b"/Identity-H", b"/X"]))
        else:
            new = b"%d 0 R" % data.draw(st.integers(0, 12))
        seed = seed[:m.start()] + new + seed[m.end():]
    must_answer(seed)


@pytest.mark.parametrize("path", sorted(REGRESSIONS.glob("*.pdf")) if REGRESSIONS.exists() else [],
                         ids=lambda p: p.name)
def test_regressions(path):
    must_answer(path.read_bytes())
