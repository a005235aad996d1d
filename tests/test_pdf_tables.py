"""Tables in PDFs over page breaks, on PDFs LibreOffice exports from python-docx DOCX files.

A table that goes on at the top of the next page (the same column grid, a repeated
header row or none, a page-number footer under it) is one table; a row the page break
cuts is one row, its cells' paragraphs joined over the break; an empty cell is an
empty paragraph on the page where the cell is drawn. And the quiet cases: a table
after text on the next page, or with another grid, is a new table; a row that starts
on the next page is a new row.

These need LibreOffice; they skip only when it is missing AND CI is unset.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import check
from handmade import summary_docx
from docgen.readers.pdf import read_pdf
from docgen.readers.pdf_tables import CellFinder
from docgen.render.office import Office, find_soffice

pytestmark = pytest.mark.skipif(
    find_soffice() is None and not os.environ.get("CI"),
    reason="LibreOffice is not installed (set CI=true to make this a failure)")

ROWS = 45  # one-line rows: more than an A4 page holds
FILL = "本所結合社區資源推動行動櫃檯服務。"  # a short body line
LABEL = "與行政院重要政策或主要中長程個案計畫之關聯及其推動情形說明" * 5  # many lines in a narrow cell
VALUE = ("呼應行政院政府服務躍升方案之便捷服務及關懷弱勢構面，並結合長期照顧十年計畫推動社區整體照顧"
         "服務體系，以及智慧國家方案縮減數位落差之目標。") * 16
# a cell's first paragraph wraps (it shows where the cell's full lines end), then short ones
POINTS = [FILL * 3, *(f"第{k}點：說明文字。" for k in range(1, 41))]


# ---------------------------------------------------------------- python-docx builders

def _docx():
    from docx import Document as Docx
    from docx.shared import Mm, Pt

    d = Docx()
    s = d.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin = s.bottom_margin = s.left_margin = s.right_margin = Mm(25)
    normal = d.styles["Normal"]
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    return d


def _text(p, text: str, size: float = 14) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(20)
    if text:
        r = p.add_run(text)
        r.font.size = Pt(size)
        r.font.name = "標楷體"
        r._element.rPr.rFonts.set(qn("w:eastAsia"), "標楷體")


def _para(container, text: str, page_break: bool = False):
    p = container.add_paragraph()
    p.paragraph_format.page_break_before = page_break
    _text(p, text)
    return p


def _fill(cell, *texts: str) -> None:
    """The cell's paragraphs: its own first one, then one more per text."""
    _text(cell.paragraphs[0], texts[0] if texts else "")
    for t in texts[1:]:
        _para(cell, t)


def _row_flag(row, tag: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def _table(d, rows: list[tuple], widths=(40, 120)):
    """A ruled table; each row a tuple of cell texts (a tuple in a tuple: several paragraphs)."""
    from docx.shared import Mm

    t = d.add_table(rows=len(rows), cols=len(widths))
    t.style = "Table Grid"
    t.autofit = False
    for i, w in enumerate(widths):
        t.columns[i].width = Mm(w)
        for cell in t.columns[i].cells:
            cell.width = Mm(w)
    for row, texts in zip(t.rows, rows):
        for cell, text in zip(row.cells, texts):
            _fill(cell, *(text if isinstance(text, tuple) else (text,)))
    return t


def _page_number_footer(d) -> None:
    """「第 N 頁」 under every page (a PAGE field)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = d.sections[0].footer.paragraphs[0]
    _text(p, "第 ", size=10)
    for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        r = p.add_run()
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif instr == " PAGE ":
            el = OxmlElement("w:instrText")
            el.text = instr
        else:
            el = OxmlElement("w:t")
            el.text = instr
        r._r.append(el)
    _text(p, " 頁", size=10)


def _items(n: int = ROWS) -> list[tuple]:
    return [(f"第{k}項", f"說明文字{k}。") for k in range(1, n + 1)]


def make_docs(folder: Path) -> dict[str, Path]:
    docs = {}

    # a first row of four cells, then label | value rows (the summary form's shape)
    d = _docx()
    _para(d, "表格之前的段落。")
    t = _table(d, [("名稱", "本所", "首長", "王大明"), *[(a, b, "", "") for a, b in _items()]],
               widths=(40, 50, 30, 40))
    for row in t.rows[1:]:
        row.cells[1].merge(row.cells[3])
    docs["grid"] = d

    # the header row repeats on every page
    d = _docx()
    t = _table(d, [("項目", "內容"), *_items()])
    _row_flag(t.rows[0], "w:tblHeader")
    docs["header"] = d

    # page numbers under the table
    d = _docx()
    _table(d, _items())
    _page_number_footer(d)
    docs["footer"] = d

    # a label | value row cut by the page break inside both cells' text
    d = _docx()
    for _ in range(10):
        _para(d, FILL)
    _table(d, [("甲", "第一列。"), (LABEL, VALUE), ("乙", "最後一列。")], widths=(25, 135))
    docs["cut"] = d

    # a row cut between two paragraphs of its value, its label ended on the page before
    d = _docx()
    for _ in range(10):
        _para(d, FILL)
    _table(d, [("甲", "第一列。"), ("備註", tuple(POINTS)), ("乙", "最後一列。")])
    docs["cut_between"] = d

    # the same with the label merged down from the row above (a vMerge)
    d = _docx()
    for _ in range(10):
        _para(d, FILL)
    t = _table(d, [("甲", "第一列。"), ("合併標籤", "第二列。"), ("", tuple(POINTS)), ("乙", "最後一列。")])
    t.cell(1, 0).merge(t.cell(2, 0))
    docs["cut_merged"] = d

    # empty cells: one on page 1, one on page 2
    d = _docx()
    rows = _items()
    rows[2] = ("第3項", "")
    rows[ROWS - 2] = (f"第{ROWS - 1}項", "")
    _table(d, rows)
    docs["empty"] = d

    # quiet: another grid at the top of the next page is another table
    d = _docx()
    _table(d, _items(30))
    _para(d, "", page_break=True)
    _table(d, [("一", "二", "三"), ("四", "五", "六")], widths=(50, 50, 60))
    docs["other_grid"] = d

    # quiet: text before the table on the next page: another table
    d = _docx()
    _table(d, _items(30))
    _para(d, "表格之間的段落。", page_break=True)
    _table(d, [("第1項", "另一個表格。"), ("第2項", "另一個表格。")])
    docs["text_between"] = d

    paths = {name: folder / f"{name}.docx" for name in docs}
    for name, d in docs.items():
        d.save(str(paths[name]))
    # the summary form with 團隊成員 left empty (page 1) and, in a table pushed over a
    # page break by a long 團隊成員, 執行起迄日期 left empty (page 2)
    paths["form_empty"] = summary_docx(folder / "form_empty.docx", values={"團隊成員": ("",)})
    long_team = tuple(f"單位{k}：王大明（主任）等{k}人；" for k in range(1, 30))
    paths["form_empty_p2"] = summary_docx(folder / "form_empty_p2.docx",
                                          values={"團隊成員": long_team, "執行起迄日期": ("",)})
    return paths


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdftables")
    sources = make_docs(folder)
    with Office() as office:
        return {name: office.convert(src, folder / f"{name}.pdf", "pdf") for name, src in sources.items()}


@pytest.fixture(scope="module")
def docs(pdfs):
    return {name: read_pdf(p) for name, p in pdfs.items()}


def cells(doc):
    return [p for p in doc.paragraphs if p.cell is not None]


def at(p) -> tuple[int, int, int]:
    return p.cell.table, p.cell.row, p.cell.col


def pages(p) -> set[int]:
    return {s.page for s in p.spans} or {p.page}


def assert_items(doc, first_row: int, col: int = 1, n: int = ROWS) -> None:
    """Rows first_row.. hold 第1項..第n項 in column `col`, in table 1, over two pages."""
    labels = {p.text: p for p in cells(doc) if p.text.startswith("第") and p.text.endswith("項")}
    assert len(labels) == n
    for k in range(1, n + 1):
        assert at(labels[f"第{k}項"]) == (1, first_row + k - 1, col), (k, labels[f"第{k}項"].page)
    assert {p.page for p in labels.values()} == {1, 2}  # the table really goes on


# ---------------------------------------------------------------- one table over pages

def test_a_table_going_on_with_its_column_grid_is_one_table(docs):
    doc = docs["grid"]
    assert doc.paragraphs[0].text == "表格之前的段落。" and doc.paragraphs[0].cell is None
    top = [(at(p), p.text) for p in cells(doc) if p.cell.row == 1]
    assert top == [((1, 1, 1), "名稱"), ((1, 1, 2), "本所"), ((1, 1, 3), "首長"), ((1, 1, 4), "王大明")]
    assert_items(doc, first_row=2)
    values = [p for p in cells(doc) if p.text.startswith("說明文字")]
    assert all(at(p) == (1, p.cell.row, 2) for p in values)


def test_a_repeated_header_row_is_counted_once(docs):
    doc = docs["header"]
    headers = [p for p in cells(doc) if p.text in ("項目", "內容")]
    assert [(at(p), p.page) for p in headers] == [((1, 1, 1), 1), ((1, 1, 2), 1)]
    assert_items(doc, first_row=2)


def test_page_numbers_under_a_table_do_not_end_it(docs):
    doc = docs["footer"]
    assert not any("頁" in p.text for p in doc.paragraphs)  # the footer is left out
    assert_items(doc, first_row=1)


def test_a_row_starting_on_the_next_page_is_a_new_row(docs):
    """Every row is one line: the break falls between rows, none is joined to another."""
    for name in ("header", "footer", "grid"):
        doc = docs[name]
        values = {p.text: p for p in cells(doc) if p.text.startswith("說明文字")}
        assert len(values) == ROWS
        rows = [values[f"說明文字{k}。"].cell.row for k in range(1, ROWS + 1)]
        assert rows == list(range(rows[0], rows[0] + ROWS)), name


# ---------------------------------------------------------------- a row the page break cuts

def test_a_row_cut_in_both_cells_is_one_row(docs):
    doc = docs["cut"]
    label = [p for p in cells(doc) if at(p) == (1, 2, 1)]
    value = [p for p in cells(doc) if at(p) == (1, 2, 2)]
    # both cells' text runs over the break (what this case is about)
    assert [pages(p) for p in label] == [{1, 2}] and [pages(p) for p in value] == [{1, 2}]
    assert "".join(label[0].text.split()) == LABEL
    assert "".join(value[0].text.split()) == VALUE
    assert [(at(p), p.text) for p in cells(doc) if p.text in ("乙", "最後一列。")] == [
        ((1, 3, 1), "乙"), ((1, 3, 2), "最後一列。")]
    # reading order: the label whole, then the value whole, as in the DOCX
    order = [p.text[:2] for p in cells(doc)]
    assert order == ["甲", "第一", LABEL[:2], VALUE[:2], "乙", "最後"]


def test_a_row_cut_between_paragraphs_beside_a_finished_label_is_one_row(docs):
    doc = docs["cut_between"]
    points = [p for p in cells(doc) if p.cell.col == 2 and p.cell.row == 2]
    assert [p.text for p in points] == POINTS
    assert {p.page for p in points} == {1, 2}  # the break falls inside the row
    assert {at(p) for p in points} == {(1, 2, 2)}
    # the label's cell on page 2 is empty: no paragraph of its own (the label is 備註's)
    assert [(at(p), p.text) for p in cells(doc) if p.cell.col == 1] == [
        ((1, 1, 1), "甲"), ((1, 2, 1), "備註"), ((1, 3, 1), "乙")]


def test_a_row_cut_beside_a_label_merged_down_into_it_is_one_row(docs):
    doc = docs["cut_merged"]
    points = [p for p in cells(doc) if p.text in POINTS]
    assert [p.text for p in points] == POINTS
    assert {p.page for p in points} == {1, 2}
    assert {at(p) for p in points} == {(1, 3, 2)}
    assert [(at(p), p.text) for p in cells(doc) if p.text not in POINTS] == [
        ((1, 1, 1), "甲"), ((1, 1, 2), "第一列。"), ((1, 2, 1), "合併標籤"), ((1, 2, 2), "第二列。"),
        ((1, 4, 1), "乙"), ((1, 4, 2), "最後一列。")]


# ---------------------------------------------------------------- empty cells

def test_an_empty_cell_is_an_empty_paragraph_on_its_page(docs):
    doc = docs["empty"]
    empty = [(at(p), p.page) for p in cells(doc) if not p.text.strip()]
    assert empty == [((1, 3, 2), 1), ((1, ROWS - 1, 2), 2)]
    # every other cell holds one paragraph with text; the table has all its cells
    assert len(cells(doc)) == 2 * ROWS
    assert_items(doc, first_row=1)


def required(result, label: str):
    return [f for f in result.findings if f.rule == "required-field" and f.expected == label]


@pytest.mark.parametrize("name,label,cell,page", [
    ("form_empty", "團隊成員", "表1第6列第2欄", 1),
    ("form_empty_p2", "執行起迄日期", "表1第10列第2欄", 2),
])
def test_an_empty_required_field_is_reported_where_its_cell_is(pdfs, docs, name, label, cell, page):
    (f,) = required(check(pdfs[name], award_year=115), label)
    assert (f.location.page, f.location.cell) == (page, cell), f.location
    if page == 2:  # the table really goes on over the break
        assert {p.page for p in cells(docs[name])} == {1, 2}


# ---------------------------------------------------------------- quiet: another table

def test_another_grid_on_the_next_page_is_another_table(docs):
    doc = docs["other_grid"]
    second = [(at(p), p.page) for p in cells(doc) if p.text in "一二三四五六"]
    assert [c for c, _ in second] == [(2, 1, 1), (2, 1, 2), (2, 1, 3), (2, 2, 1), (2, 2, 2), (2, 2, 3)]
    assert {pg for _, pg in second} == {2}
    assert {p.cell.table for p in cells(doc) if p.text.endswith("項")} == {1}


def test_text_before_a_table_on_the_next_page_makes_it_another_table(docs):
    doc = docs["text_between"]
    between = next(p for p in doc.paragraphs if p.text == "表格之間的段落。")
    assert between.cell is None and between.page == 2
    after = [at(p) for p in cells(doc) if p.text == "另一個表格。"]
    assert after == [(2, 1, 2), (2, 2, 2)]


# ---------------------------------------------------------------- finding a point's cell

def test_cell_finder_agrees_with_trying_every_cell():
    """Bucketed lookup = the first cell (in order) whose box, padded, holds the point."""
    edge = st.floats(0, 600, allow_nan=False)
    box = st.tuples(edge, edge, st.floats(3, 300), st.floats(3, 300)).map(
        lambda b: (b[0], b[1], b[0] + b[2], b[1] + b[3]))

    @settings(max_examples=200, deadline=None)
    @given(st.lists(box, min_size=1, max_size=40), st.lists(st.tuples(edge, edge), max_size=60))
    def agree(boxes, points):
        finder = CellFinder(boxes)
        for x, y in points + [(b[0] - 0.5, b[3] + 0.5) for b in boxes]:
            slow = next((i for i, b in enumerate(boxes)
                         if b[0] - 0.5 <= x <= b[2] + 0.5 and b[1] - 0.5 <= y <= b[3] + 0.5), None)
            assert finder.find(x, y) == slow

    agree()


@pytest.mark.parametrize("last, first, goes_on", [
    ("參、規劃內容", "一、建置線上媒合平台", True),
    ("一、擴充臨時托育量能", "（一）盤點社區空間", True),
    ("參、規劃內容", "二、擴充臨時托育量能", False),  # not its first subheading
    ("參、規劃內容", "（一）盤點社區空間", False),  # a level skipped
    ("參、推動成效", "窗口人員1：陳怡君", False),  # a new row's text
    ("與6處社區發展協會合作", "一、建置線上媒合平台", False),  # no heading before the break
])
def test_a_heading_at_the_foot_of_a_cell_goes_on_with_its_first_subheading(last, first, goes_on):
    """The cue that keeps a one-cell row cut between two paragraphs one row (the LibreOffice
    set's nomination_no_section2 and nomination_one_para_28 read it on real files)."""
    from docgen.readers.pdf import _Line, _opens_under
    from docgen.readers.pdf_pages import RawChar

    def line(text: str, page: int) -> _Line:
        return _Line([RawChar(ch, "TW-Kai", 14.0, 60 + 14 * i, 74 + 14 * i, 100.0, True, page)
                      for i, ch in enumerate(text)], 100.0, page)
    assert _opens_under(line(last, 1), line(first, 2)) is goes_on
