"""PDF paragraphs and line heights as a person sees them, on PDFs LibreOffice exports from
hand-made Word files (tests/handmade.py): one paragraph at another line height in a
correct form is caught with its page and excerpt; a contact line wrapped at a hyphen
stays one paragraph; page headers, footers and page numbers are left out.

These need LibreOffice; they skip only when it is missing AND CI is unset.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest

from conftest import check, rules_fired
from handmade import NOMINATION_BRIEF, SUMMARY_NARRATIVE, kai, nomination_docx, para, run, size, spacing, summary_docx
from docgen.render.office import Office, find_soffice

pytestmark = pytest.mark.skipif(
    find_soffice() is None and not os.environ.get("CI"),
    reason="LibreOffice is not installed (set CI=true to make this a failure)")

LONG = ("本所結合社區資源推動行動櫃檯，由同仁攜帶行動裝置前往偏鄉與長者家中，協助申辦戶籍、地政及社會福利等業務，"
        "並由志工陪同長者完成線上申辦，減少往返奔波。") * 2
ONE = "以本區山區六個里為主，並逐步擴及全區。"  # one line at 14 pt
ODD = "這一段的行高與其他段落不同。"  # one line at 14 pt
NARRATIVE = list(SUMMARY_NARRATIVE)
NARRATIVE.insert(2, LONG)  # a multi-line paragraph, so pitches exist
# wraps after "(02)2725-" in the contact cell (asserted below, so a layout change shows)
CONTACT = "陳小美、社會工作督導專專專專專、(02)2725-6789#3105、chenyj@mail.taipei.gov.tw"


# a brief that pushes the contact row over a page break, inside CONTACT_SPLIT's e-mail address
FILL = "本中心結合社區資源推動臨時托育服務，由專業人員協助家長媒合合格照顧者。"
SPLIT_BRIEF = [*NOMINATION_BRIEF, *([FILL * 2] * 6), FILL]
CONTACT_SPLIT = "陳小美、社會工作督導、(02)2720-8889#1234、chenyj-mei@mail.tp.gov.tw"
CONTACT2 = "林冠廷、社會工作員、(02)2720-8889#6327、lin@mail.tp.gov.tw"


def odd(ppr: str, text: str = LONG):
    return para(run(text, kai() + size(14)), ppr=ppr, mark=kai() + size(14))


def with_odd(item, at: int = 3):
    return {"narrative": [*NARRATIVE[:at], item, *NARRATIVE[at:]]}


CASES = {
    "good": {"narrative": NARRATIVE},
    "exact28": with_odd(odd(spacing(560, "exact"))),
    "exact24": with_odd(odd(spacing(480, "exact"))),
    "double": with_odd(odd(spacing(480, "auto"))),
    "one_exact28": with_odd(odd(spacing(560, "exact"), ODD), at=5),
    "one_exact24": with_odd(odd(spacing(480, "exact"), ODD), at=5),
    "one_double": with_odd(odd(spacing(480, "auto"), ODD), at=5),
    # spacing before/after a paragraph is not its line height
    "space_before": with_odd(odd(spacing(400, "exact") .replace("/>", ' w:before="240"/>'), ODD), at=5),
    "heading_spacing": with_odd(odd(spacing(400, "exact").replace("/>", ' w:before="240" w:after="120"/>'),
                                    ODD), at=5),
}


def footer_and_header(docx: Path, header_text: str) -> Path:
    """Add a page-number footer (a PAGE field, "第 N 頁") and a header line to every page."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    rpr = f"<w:rPr>{kai()}{size(12)}</w:rPr>"
    field = (f'<w:r>{rpr}<w:t xml:space="preserve">第 </w:t></w:r>'
             f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
             f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
             f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{rpr}<w:t>1</w:t></w:r>'
             f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
             f'<w:r>{rpr}<w:t xml:space="preserve"> 頁</w:t></w:r>')
    footer = f'<?xml version="1.0" encoding="UTF-8"?><w:ftr {w}><w:p><w:pPr><w:jc w:val="center"/></w:pPr>{field}</w:p></w:ftr>'
    header = (f'<?xml version="1.0" encoding="UTF-8"?><w:hdr {w}><w:p><w:pPr><w:jc w:val="right"/></w:pPr>'
              f'<w:r>{rpr}<w:t>{header_text}</w:t></w:r></w:p></w:hdr>')
    members = {}
    with zipfile.ZipFile(docx) as zf:
        for name in zf.namelist():
            members[name] = zf.read(name)
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    members["word/footer1.xml"] = footer.encode()
    members["word/header1.xml"] = header.encode()
    members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdFtr1" Type="{rel}footer" Target="footer1.xml"/>'
        f'<Relationship Id="rIdHdr1" Type="{rel}header" Target="header1.xml"/></Relationships>'.encode())
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>",
        f'<Override PartName="/word/footer1.xml" ContentType="{ct}footer+xml"/>'
        f'<Override PartName="/word/header1.xml" ContentType="{ct}header+xml"/></Types>'.encode())
    assert b"<w:sectPr/>" in members["word/document.xml"]
    members["word/document.xml"] = members["word/document.xml"].replace(
        b"<w:sectPr/>", b'<w:sectPr><w:headerReference w:type="default" r:id="rIdHdr1"/>'
                        b'<w:footerReference w:type="default" r:id="rIdFtr1"/></w:sectPr>')
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return docx


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdfparas")
    docs = {name: summary_docx(folder / f"{name}.docx", **kw) for name, kw in CASES.items()}
    docs["footer"] = footer_and_header(summary_docx(folder / "footer.docx", narrative=NARRATIVE),
                                       "臺南市測試區公所")
    docs["contact"] = nomination_docx(folder / "contact.docx", contact1=CONTACT)
    docs["row_split"] = nomination_docx(folder / "row_split.docx", brief=SPLIT_BRIEF, contact1=CONTACT_SPLIT,
                                        contact2=CONTACT2)
    with Office() as office:
        return {name: office.convert(src, folder / f"{name}.pdf", "pdf") for name, src in docs.items()}


def line_findings(result):
    return [f for f in result.findings if f.rule == "line-spacing"]


def test_correct_form_passes(pdfs):
    result = check(pdfs["good"], award_year=115)
    assert result.error is None and rules_fired(result) == ["font-substituted"]


@pytest.mark.parametrize("name,height", [("exact28", "28"), ("exact24", "24"), ("double", "28"),
                                         ("one_exact28", "28"), ("one_exact24", "24"), ("one_double", "28")])
def test_one_paragraph_at_another_line_height_is_caught(pdfs, name, height):
    result = check(pdfs[name], award_year=115)
    assert result.error is None
    found = line_findings(result)
    assert len(found) == 1, [f.message for f in result.findings]
    f = found[0]
    assert f.location.page == 3 and "第3頁" in f.message
    assert f"{height} 點" in f.message, f.message
    text = ODD if name.startswith("one_") else LONG
    assert f.location.excerpt and text.startswith(f.location.excerpt.rstrip("…")), f.location.excerpt
    assert rules_fired(result) == ["font-substituted", "line-spacing"]


@pytest.mark.parametrize("name", ["space_before", "heading_spacing"])
def test_spacing_around_a_paragraph_is_not_its_line_height(pdfs, name):
    from docgen.readers.pdf import read_pdf
    doc = read_pdf(pdfs[name])
    para = next(p for p in doc.paragraphs if p.text == ODD)
    before = doc.paragraphs[para.index - 2]
    assert para.page == before.page  # the gap is really there to see
    result = check(pdfs[name], award_year=115)
    assert line_findings(result) == [], [f.message for f in result.findings]


def test_page_numbers_headers_and_footers_are_left_out(pdfs):
    from docgen.readers.pdf import read_pdf
    from docgen.readers.pdf_pages import Budget, open_document, read_pages
    # the furniture is on every page of the PDF ...
    pages = list(read_pages(open_document(pdfs["footer"].read_bytes(), Budget()), Budget()))
    assert len(pages) >= 3
    for page in pages:
        text = "".join(c.text for c in page.chars)
        assert f"第 {page.number} 頁" in text or f"第{page.number}頁" in text.replace(" ", "")
        assert "臺南市測試區公所" in text
    # ... and in no paragraph
    doc = read_pdf(pdfs["footer"])
    assert not [p.text for p in doc.paragraphs if re.fullmatch(r"\s*第\s*\d+\s*頁\s*", p.text)]
    assert not [p.text for p in doc.paragraphs if p.text.strip() == "臺南市測試區公所" and p.cell is None]
    good = read_pdf(pdfs["good"])
    # the same paragraphs as without them (a wrap may move a space to a line end)
    assert [re.sub(r"\s", "", p.text) for p in doc.paragraphs] == [re.sub(r"\s", "", p.text)
                                                                   for p in good.paragraphs]
    result = check(pdfs["footer"], award_year=115)
    assert result.error is None and rules_fired(result) == ["font-substituted"]
    assert result.stats["count"] == check(pdfs["good"], award_year=115).stats["count"]


def test_contact_line_wrapped_at_a_hyphen_stays_one_paragraph(pdfs):
    from docgen.readers.pdf import read_pdf
    from docgen.readers.pdf_pages import Budget, open_document, read_pages
    # LibreOffice really wrapped the line after "(02)2725-"
    lines: dict[float, str] = {}
    for page in read_pages(open_document(pdfs["contact"].read_bytes(), Budget()), Budget()):
        for c in page.chars:
            key = (page.number, round(c.baseline))
            lines[key] = lines.get(key, "") + c.text
    assert any(t.endswith("(02)2725-") for t in lines.values()), lines
    assert any(t.startswith("6789#3105") for t in lines.values()), lines
    doc = read_pdf(pdfs["contact"])
    assert [p.text for p in doc.paragraphs if p.text.startswith("窗口人員1")] == ["窗口人員1：" + CONTACT]
    result = check(pdfs["contact"], award_year=115)
    assert result.error is None and rules_fired(result) == ["font-substituted"], \
        [f.message for f in result.findings]


def test_table_row_split_by_a_page_break_keeps_its_paragraph(pdfs):
    from docgen.readers.pdf import read_pdf
    from docgen.readers.pdf_pages import Budget, open_document, read_pages
    # LibreOffice really broke the page inside the contact line, after "chenyj-"
    lines: list[tuple[int, str]] = []
    for page in read_pages(open_document(pdfs["row_split"].read_bytes(), Budget()), Budget()):
        row: dict[int, str] = {}
        for c in page.chars:
            row[round(c.baseline)] = row.get(round(c.baseline), "") + c.text
        lines += [(page.number, row[k]) for k in sorted(row)]
    at = next(i for i, (_, t) in enumerate(lines) if t.endswith("chenyj-"))
    assert lines[at + 1][0] == lines[at][0] + 1 and lines[at + 1][1].startswith("mei@"), lines[at:at + 2]
    doc = read_pdf(pdfs["row_split"])
    contact = [p for p in doc.paragraphs if p.text.startswith("窗口人員1")]
    assert [p.text for p in contact] == ["窗口人員1：" + CONTACT_SPLIT]
    assert contact[0].cell is not None
    result = check(pdfs["row_split"], award_year=115)
    assert result.error is None and rules_fired(result) == ["font-substituted"], \
        [f.message for f in result.findings]
