"""Valid but hostile PDFs, shared by the tests that prove docgen stays bounded on them."""

from __future__ import annotations


def tiling_bomb_pdf(step: float = 0.006) -> bytes:
    """A valid one-page PDF whose page is filled with a tiling pattern of `step`-point cells: PDFium
    draws each cell, so picturing the page is minutes of work inside one C call — where no signal,
    so no time budget, can stop it. Reading it for the check is instant (one rectangle, one word)."""
    content = b"q /P0 cs /P0 scn 0 0 595 842 re f Q BT /F1 12 Tf 72 800 Td (Hello) Tj ET"
    cell = f"0 0 {step} {step} re f".encode()
    s, x = str(step).encode(), str(2 * step).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Pattern << /P0 5 0 R >> /Font << /F1 6 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
            b"<< /Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 %s %s] /XStep %s /YStep %s "
            b"/Resources << >> /Length %d >>\nstream\n%s\nendstream" % (s, s, x, x, len(cell), cell),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for n, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
