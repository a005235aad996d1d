"""Hostile PDFs (issue #16): each made by code here, checked by the real CLI in a
subprocess with an address-space limit; each must end in seconds with exit 2 and one
zh-TW line (or a correct result), and nothing but docgen's own output.

The caps (docgen.readers.pdf_pages.Budget): 50 MB file, 200 pages, 100,000 characters
and 200,000 path segments per file, 64 MB per inflated stream and 256 MB for all, and
ToUnicode ranges of at most 65,536 codes (the PDF spec allows 256 per range).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
import zlib

import pytest

MEMORY = 1024 * 1024 * 1024  # address space for the checker: far above its ~300 MB
WALL = 60  # seconds: a bound for a hang, not a benchmark


def pdf_file(objects: list[bytes | tuple[bytes, bytes]], root: int = 1) -> bytes:
    """A PDF from object bodies (1-based); a (dict, data) pair is a stream."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        if isinstance(body, tuple):
            d, data = body
            out += b"%d 0 obj\n<< %s /Length %d >>\nstream\n" % (i, d, len(data)) + data + b"\nendstream\nendobj\n"
        else:
            out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def one_page(content_ref: bytes = b"4 0 R", extra: list | None = None, content=None) -> bytes:
    objects = [CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
               b"/Resources << /Font << /F1 5 0 R >> >> /Contents " + content_ref + b" >>",
               content if content is not None else (b"", b"BT /F1 14 Tf 72 700 Td (Hello) Tj ET"),
               HELVETICA]
    return pdf_file(objects + (extra or []))


def cmap_bomb() -> bytes:
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
            b"1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange "
            b"1 beginbfrange <00000000> <FFFFFFFF> <0000> endbfrange endcmap end end")
    return pdf_file([
        CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [6 0 R] "
        b"/ToUnicode 7 0 R >>",
        (b"", b"BT /F1 14 Tf 20 200 Td <00000001> Tj ET"),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        (b"", cmap),
    ])


def _adler_combine(a1: int, a2: int, len2: int) -> int:
    """zlib's adler32_combine: the checksum of A+B from those of A and B."""
    base = 65521
    rem = len2 % base
    s1 = a1 & 0xFFFF
    s2 = (rem * s1) % base
    s1 = (s1 + (a2 & 0xFFFF) + base - 1) % base
    s2 = (s2 + ((a1 >> 16) & 0xFFFF) + ((a2 >> 16) & 0xFFFF) + base - rem) % base
    return (s2 << 16) | s1


def deflated_spaces(megabytes: int) -> bytes:
    """A valid zlib stream of `megabytes` MB of spaces, ~1 KB per MB: one block
    compressed once (full flush: it needs nothing before it) and repeated."""
    block = b" " * (1 << 20)
    z = zlib.compressobj(9)
    head = z.compress(block) + z.flush(zlib.Z_FULL_FLUSH)
    one = zlib.adler32(block)
    check, length = 1, 0
    for _ in range(megabytes):
        check, length = _adler_combine(check, one, len(block)), length + len(block)
    return head[:2] + head[2:] * megabytes + b"\x03\x00" + check.to_bytes(4, "big")


def flate_bomb(megabytes: int) -> bytes:
    """A page whose content stream inflates to `megabytes` MB of spaces."""
    return one_page(content=(b"/Filter /FlateDecode", deflated_spaces(megabytes)))


def contents_cycle() -> bytes:
    # /Contents is an array holding itself, and object 6 refers to 7 which refers to 6
    return one_page(b"4 0 R", content=b"[4 0 R 6 0 R]", extra=[b"7 0 R", b"6 0 R"])


def many_glyphs(pages: int = 200, per_page: int = 3000) -> bytes:
    """`pages` pages sharing one content stream of `per_page` glyphs."""
    line = b"(" + b"x" * 100 + b") Tj 0 -12 Td "
    content = b"BT /F1 8 Tf 20 820 Td " + line * (per_page // 100) + b"ET"
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [CATALOG, b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
               (b"", content), HELVETICA]
    for _ in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 4 0 R >> >> /Contents 3 0 R >>")
    return pdf_file(objects)


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_check(path, *args):
    start = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "docgen", "check", str(path), *args], capture_output=True,
                       text=True, timeout=WALL, preexec_fn=limit_memory)
    return r, time.monotonic() - start


CASES = {
    "cmap_bomb": (cmap_bomb, "PDF 字型對應表範圍異常龐大，不予處理"),
    "flate_bomb": (lambda: flate_bomb(4096), "PDF 內含解壓後過大的資料（超過 64 MB），不予處理"),
    "contents_cycle": (contents_cycle, None),  # refused as empty or corrupt, either is right
    "many_glyphs": (many_glyphs, "PDF 文字過多（超過 100,000 個字元），不予處理"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_pdf_refused_in_seconds_with_one_line(tmp_path, name):
    make, message = CASES[name]
    data = make()
    assert len(data) < 5 * 1024 * 1024  # small bytes, written by the test
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    r, took = run_check(path, "--format", "json")
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert r.stderr == "", r.stderr  # no library's warnings
    import json
    error = json.loads(r.stdout)["files"][0]["error"]
    assert error and "\n" not in error and "Traceback" not in error
    if message:
        assert error == message
    else:
        assert error.startswith("PDF")
    assert took < WALL / 2, took
    text, _ = run_check(path)  # the text report: the same one line, nothing on stderr
    assert text.returncode == 2 and text.stderr == ""
    assert (message or "PDF") in text.stdout


def test_hostile_pdf_english(tmp_path):
    path = tmp_path / "cmap.pdf"
    path.write_bytes(cmap_bomb())
    r, _ = run_check(path, "--lang", "en")
    assert r.returncode == 2 and r.stderr == ""
    assert "The PDF has a font Unicode map of abnormal size; refused" in r.stdout


def test_budgets_leave_ordinary_pdfs_alone(tmp_path):
    """A quiet case for each budget: just under it is read."""
    from docgen.readers.pdf import read_pdf
    small = tmp_path / "ok.pdf"
    small.write_bytes(many_glyphs(pages=30, per_page=3000))  # 90,000 characters
    doc = read_pdf(small)
    assert sum(len(p.text.replace(" ", "")) for p in doc.paragraphs) == 90_000
    inflated = tmp_path / "inflated.pdf"
    assert zlib.decompress(deflated_spaces(3)) == b" " * (3 << 20)  # the bomb is a real stream
    inflated.write_bytes(flate_bomb(32))  # 32 MB of spaces: big, within the budget
    from docgen.errors import InputError
    with pytest.raises(InputError) as info:
        read_pdf(inflated)
    assert info.value.key == "pdf.empty"  # read through, found no text
