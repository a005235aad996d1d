"""docgen.readers.pdf on PDFs LibreOffice renders from python-docx DOCX files.

These need LibreOffice; they skip only when it is missing AND CI is unset.
"""

from __future__ import annotations

import os
import re
import zlib
from pathlib import Path

import pytest

from docgen.errors import InputError
from docgen.readers import pdf as pdfmod
from docgen.readers.pdf import clean_font_name, read_pdf
from docgen.render.office import Office, find_soffice

pytestmark = pytest.mark.skipif(
    find_soffice() is None and not os.environ.get("CI"),
    reason="LibreOffice is not installed (set CI=true to make this a failure)")

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LONG = "政府服務獎申請書的內容說明，本段文字用來測試多行段落的行距是否固定。"
FULL = "滿" * 30  # exactly one full line of 14 pt text (432 pt wide text area)


# ---------------------------------------------------------------- DOCX builders

def _docx():
    from docx import Document as Docx
    from docx.shared import Pt

    d = Docx()
    normal = d.styles["Normal"]
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    return d


def _para(container, text, *, size=14, line=20.0, rule="exact", font="標楷體",
          indent=None, align=None, page_break=False, runs=None):
    """Add a paragraph; `runs` = [(text, font, size)] overrides text/font/size."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    p = container.add_paragraph()
    pf = p.paragraph_format
    if rule == "exact":
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(line)
    elif rule == "1.5":
        pf.line_spacing_rule = WD_LINE_SPACING.ONE_POINT_FIVE
    if indent is not None:
        pf.first_line_indent = Pt(indent)
    if align == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if page_break:
        p.add_run().add_break(WD_BREAK.PAGE)
    for rtext, rfont, rsize in runs or [(text, font, size)]:
        r = p.add_run(rtext)
        r.font.size = Pt(rsize)
        r.font.name = rfont
        r._element.rPr.rFonts.set(qn("w:eastAsia"), rfont)
    return p


def make_docs(folder: Path) -> dict[str, Path]:
    docs = {}

    # 20 pt exact: title 16, heading 16, body 14 with first-line indents and numbering
    d = _docx()
    _para(d, "專案摘要表", size=16, align="center")
    _para(d, "壹、專案簡介", size=16)
    _para(d, LONG * 3, indent=28)
    _para(d, LONG * 2 + "完。", indent=28)
    _para(d, "一、" + LONG * 2)
    _para(d, "二、" + LONG * 2)
    _para(d, "貳、服務內容", size=16)
    _para(d, LONG * 40, indent=28)  # runs over a page break
    _para(d, "結尾段落。")
    docs["exact20"] = d

    d = _docx()
    for _ in range(3):
        _para(d, LONG * 3, line=22)
    docs["exact22"] = d

    # page 2 holds a 新細明體 run inside a 標楷體 paragraph
    d = _docx()
    _para(d, LONG * 2)
    _para(d, "", page_break=True, runs=[("第二頁開頭", "標楷體", 14), ("新細明體文字", "新細明體", 14),
                                        ("標楷體結尾", "標楷體", 14)])
    docs["mixed"] = d

    # a 1.5-line paragraph between two exact 20 pt ones
    d = _docx()
    _para(d, LONG * 3)
    _para(d, LONG * 4, rule="1.5")
    _para(d, LONG * 3)
    docs["onehalf"] = d

    # indents after a single full line, a wrapped centred title, hanging markers
    d = _docx()
    _para(d, "置中的長標題文字" * 6, size=16, align="center")
    _para(d, FULL)
    _para(d, LONG * 2, indent=28)
    _para(d, FULL)
    _para(d, "（一）" + LONG * 2)
    _para(d, "（二）" + LONG)
    _para(d, "1、" + LONG)
    docs["indent"] = d

    # a table with multi-line cells, text before and after
    d = _docx()
    _para(d, "表格之前的段落。")
    t = d.add_table(rows=3, cols=3)
    t.style = "Table Grid"
    for i, row in enumerate(t.rows):
        for j, cell in enumerate(row.cells):
            cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
            _para(cell, f"第{i + 1}列第{j + 1}欄" + ("多行儲存格內容" * 4 if j else ""))
            _para(cell, "同一格的第二段")
    _para(d, "表格之後的段落。")
    docs["table"] = d

    paths = {}
    for name, d in docs.items():
        p = folder / f"{name}.docx"
        d.save(str(p))
        paths[name] = p
    return paths


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdfreader")
    sources = make_docs(folder)
    out = {}
    with Office() as office:
        for name, src in sources.items():
            out[name] = office.convert(src, folder / f"{name}.pdf", "pdf")
        assert office.starts == 1
    return out


@pytest.fixture(scope="module")
def docs(pdfs):
    return {name: read_pdf(p) for name, p in pdfs.items()}


def _cjk_spans(doc):
    for p in doc.paragraphs:
        for s in p.spans:
            if CJK.search(s.text):
                yield p, s


def _is_twkai(font: str) -> bool:
    return font.startswith("TW-Kai")


# ---------------------------------------------------------------- fonts, sizes, pitches

def test_fonts_are_tw_kai_and_names_clean(docs):
    doc = docs["exact20"]
    assert doc.kind == "pdf"
    assert doc.embedded_fonts and all("+" not in f for f in doc.embedded_fonts)
    assert any(_is_twkai(f) for f in doc.embedded_fonts)
    for p, s in _cjk_spans(doc):
        assert _is_twkai(s.font), (p.text[:20], s.font)
        assert s.font == s.embedded_font
        assert s.page is not None and p.page is not None
    assert doc.paragraphs[0].line_rule is None and doc.paragraphs[0].line_value is None


def test_sizes_16_and_14(docs):
    doc = docs["exact20"]
    by_text = {p.text: p for p in doc.paragraphs}
    assert {s.size for s in by_text["專案摘要表"].spans} == {16.0}
    assert {s.size for s in by_text["壹、專案簡介"].spans} == {16.0}
    body = [p for p in doc.paragraphs if p.text.startswith(LONG[:6])]
    assert body and all({s.size for s in p.spans} == {14.0} for p in body)
    assert {s.size for _, s in _cjk_spans(doc)} == {14.0, 16.0}


def test_pitches_exactly_20_inside_paragraphs(docs):
    doc = docs["exact20"]
    multi = [p for p in doc.paragraphs if p.line_pitches]
    assert len(multi) >= 5
    for p in multi:
        assert set(p.line_pitches) == {20.0}, (p.text[:20], p.line_pitches)


def test_paragraph_boundaries(docs):
    doc = docs["exact20"]
    texts = [p.text for p in doc.paragraphs]
    assert texts[:2] == ["專案摘要表", "壹、專案簡介"]
    assert texts[2] == LONG * 3
    assert texts[3] == LONG * 2 + "完。"
    assert texts[4] == "一、" + LONG * 2
    assert texts[5] == "二、" + LONG * 2
    assert texts[6] == "貳、服務內容"
    # the long paragraph runs over a page break and stays one paragraph
    long_para = doc.paragraphs[7]
    assert long_para.text == LONG * 40
    assert long_para.page == 1 and {s.page for s in long_para.spans} >= {1, 2}
    assert set(long_para.line_pitches) == {20.0}  # no pitch across the page break
    assert texts[8:] == ["結尾段落。"]
    assert [p.index for p in doc.paragraphs] == list(range(1, len(texts) + 1))


def test_indents_titles_and_markers(docs):
    doc = docs["indent"]
    texts = [p.text for p in doc.paragraphs]
    assert texts == ["置中的長標題文字" * 6, FULL, LONG * 2, FULL, "（一）" + LONG * 2,
                     "（二）" + LONG, "1、" + LONG]
    assert doc.paragraphs[0].line_pitches == [20.0]
    assert all(set(p.line_pitches) <= {20.0} for p in doc.paragraphs)


def test_pitch_22(docs):
    doc = docs["exact22"]
    assert len(doc.paragraphs) == 3
    for p in doc.paragraphs:
        assert p.text == LONG * 3
        assert p.line_pitches and set(p.line_pitches) == {22.0}


def test_other_font_shows_on_its_page(docs):
    doc = docs["mixed"]
    page2 = [p for p in doc.paragraphs if p.page == 2]
    assert page2, [(p.page, p.text) for p in doc.paragraphs]
    spans = [s for p in page2 for s in p.spans]
    ming = [s for s in spans if "新細明體" in s.text]
    assert ming and all(s.page == 2 for s in ming)
    assert all(not _is_twkai(s.font) for s in ming), [(s.text, s.font) for s in ming]
    kai = [s for s in spans if "第二頁開頭" in s.text]
    assert kai and _is_twkai(kai[0].font)
    assert len(doc.embedded_fonts) >= 2
    # page 1 is all TW-Kai
    assert all(_is_twkai(s.font) for p in doc.paragraphs if p.page == 1 for s in p.spans
               if CJK.search(s.text))


def test_one_and_a_half_spacing_has_another_pitch(docs):
    doc = docs["onehalf"]
    assert [p.text for p in doc.paragraphs] == [LONG * 3, LONG * 4, LONG * 3]
    first, middle, last = doc.paragraphs
    assert set(first.line_pitches) == {20.0} and set(last.line_pitches) == {20.0}
    assert len(middle.line_pitches) >= 3
    assert len(set(middle.line_pitches)) == 1
    assert middle.line_pitches[0] > 20.5


def test_table_cells(docs):
    doc = docs["table"]
    paras = doc.paragraphs
    assert paras[0].text == "表格之前的段落。" and paras[0].cell is None
    assert paras[-1].text == "表格之後的段落。" and paras[-1].cell is None
    cells = [p for p in paras if p.cell is not None]
    assert len(cells) == 18
    seen = [(p.cell.table, p.cell.row, p.cell.col) for p in cells]
    expected = [(1, r, c) for r in (1, 2, 3) for c in (1, 2, 3) for _ in range(2)]
    assert seen == expected
    for p in cells:
        if p.text.startswith("第"):
            r, c = p.cell.row, p.cell.col
            assert p.text.startswith(f"第{r}列第{c}欄"), (p.cell, p.text)
        else:
            assert p.text == "同一格的第二段"
    multi = [p for p in cells if p.line_pitches]
    assert len(multi) >= 6  # columns 2 and 3 wrap
    for p in paras:  # no pitch crosses a border (a crossing pitch would not be 20)
        assert set(p.line_pitches) <= {20.0}, (p.cell, p.text[:12], p.line_pitches)


def test_clean_font_name():
    assert clean_font_name("BAAAAA+TW-Kai-98_1") == "TW-Kai-98_1"
    assert clean_font_name("TW-Kai") == "TW-Kai"
    assert clean_font_name("abcdef+X") == "abcdef+X"
    assert clean_font_name(None) == ""


# ---------------------------------------------------------------- refusals

def _keys(fn):
    with pytest.raises(InputError) as info:
        fn()
    msg = str(info.value)
    assert msg and "\n" not in msg
    return info.value.key


def test_blank_pdf_refused(tmp_path):
    path = tmp_path / "blank.pdf"
    pypdf = __import__("pypdf") if os.environ.get("CI") else pytest.importorskip("pypdf")
    w = pypdf.PdfWriter()
    w.add_blank_page(width=595, height=842)
    with open(path, "wb") as f:
        w.write(f)
    assert _keys(lambda: read_pdf(path)) == "pdf.empty"


def test_scanned_pdf_refused(tmp_path):
    from PIL import Image

    path = tmp_path / "scan.pdf"
    Image.new("RGB", (300, 400), "white").save(str(path))
    with pytest.raises(InputError) as info:
        read_pdf(path)
    assert info.value.key == "pdf.no_text"
    assert "PDF 沒有文字層（可能是掃描檔），無法檢查" in info.value.message("zh")


def test_encrypted_pdf_refused(pdfs, tmp_path):
    pypdf = __import__("pypdf") if os.environ.get("CI") else pytest.importorskip("pypdf")
    w = pypdf.PdfWriter(clone_from=str(pdfs["exact22"]))
    w.encrypt(user_password="secret", owner_password="owner")
    path = tmp_path / "locked.pdf"
    with open(path, "wb") as f:
        w.write(f)
    assert _keys(lambda: read_pdf(path)) == "pdf.encrypted"


def test_truncated_pdf_refused(pdfs, tmp_path):
    data = pdfs["exact22"].read_bytes()
    for n, cut in enumerate((len(data) // 2, len(data) - 200, 30)):
        path = tmp_path / f"cut{n}.pdf"
        path.write_bytes(data[:cut])
        assert _keys(lambda: read_pdf(path)) in ("pdf.truncated", "pdf.corrupt")


def test_not_a_pdf_and_corrupt(tmp_path):
    a = tmp_path / "a.pdf"
    a.write_bytes(b"PK\x03\x04 this is a zip, not a pdf")
    assert _keys(lambda: read_pdf(a)) == "pdf.not_pdf"
    b = tmp_path / "b.pdf"
    b.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n"
                  b"garbage garbage\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    assert _keys(lambda: read_pdf(b)) == "pdf.corrupt"
    assert _keys(lambda: read_pdf(tmp_path / "missing.pdf")) == "input.missing"


def _pdf_with_objects(objects: list[bytes], content: bytes) -> bytes:
    """A minimal PDF; object 5 is the content stream."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    body = list(objects)
    stream = zlib.compress(content)
    body.insert(4, b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
                + b"\nendstream")
    for i, obj in enumerate(body, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(body) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(body) + 1, xref)
    return bytes(out)


def test_cid_text_without_unicode_map_refused(tmp_path):
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+NoMap /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+NoMap "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /ABCDEF+NoMap /Flags 4 /FontBBox [0 -200 1000 800] "
        b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    content = b"BT /F1 14 Tf 20 200 Td <0101020203030404050506060707> Tj ET"
    path = tmp_path / "cid.pdf"
    path.write_bytes(_pdf_with_objects(objects, content))
    with pytest.raises(InputError) as info:
        read_pdf(path)
    assert info.value.key == "pdf.no_unicode"
    assert "PDF 字型缺少對應表，文字無法讀取" in info.value.message("zh")


def test_limits(pdfs, monkeypatch):
    monkeypatch.setattr(pdfmod, "MAX_PAGES", 1)
    assert _keys(lambda: read_pdf(pdfs["exact20"])) == "pdf.too_many_pages"
    monkeypatch.setattr(pdfmod, "MAX_PAGES", 200)
    monkeypatch.setattr(pdfmod, "MAX_BYTES", 1000)
    assert _keys(lambda: read_pdf(pdfs["exact20"])) == "input.too_large"


@pytest.mark.parametrize("pypdfium2_first", [False, True])
def test_reader_loads_pdfium_without_pypdfium2_and_shares_it(pdfs, pypdfium2_first):
    """The reader calls the PDFium pypdfium2 ships without importing pypdfium2 (~25 ms at
    every start); a process that also uses pypdfium2 (page pictures), imported before or
    after, reads the same file the same way and ends cleanly with documents left open
    (pypdfium2's exit handler destroys the shared library before they are collected)."""
    import subprocess
    import sys

    code = f"""
import sys
path = {str(pdfs["exact20"])!r}
if {pypdfium2_first}:
    import pypdfium2
from docgen.readers.pdf import read_pdf
from docgen.readers.pdf_pages import Budget, open_document
text = [p.text for p in read_pdf(path).paragraphs]
print("pypdfium2" in sys.modules)
import pypdfium2
kept = open_document(open(path, "rb").read(), Budget()), pypdfium2.PdfDocument(path)
assert [p.text for p in read_pdf(path).paragraphs] == text
print(len(kept[0]) == len(kept[1]) >= 1, bool(text))
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == [str(pypdfium2_first), "True", "True"]
