"""The DOCX reader on hand-made Word files (literal WordprocessingML, see wordfiles.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wordfiles import (  # noqa: E402
    abstract_num, checkbox, doc_defaults, document_xml, fonts, lvl, make_docx, num, numpr, p, picture_run, r,
    sample_numbering, sample_styles, settings, size, spacing, style, table_style, tbl, tc, textbox_run, theme,
)

from docgen.model import Cell  # noqa: E402
from docgen.readers import docx as docx_reader  # noqa: E402
from docgen.readers.docx import read_docx  # noqa: E402
from docgen.readers.ooxml.fonts import font_slot  # noqa: E402
from docgen.readers.ooxml.numbering import format_number  # noqa: E402


@pytest.fixture(autouse=True)
def _raise_programming_errors(monkeypatch):
    # a bug in the reader must fail these tests, not turn into a polite refusal
    monkeypatch.setattr(docx_reader, "RAISE_UNEXPECTED", True)


def read(tmp_path, body, *args, name="t.docx", **kwargs):
    return read_docx(make_docx(tmp_path / name, body, *args, **kwargs))


def only(doc):
    assert len(doc.paragraphs) == 1, doc.paragraphs
    return doc.paragraphs[0]


def fonts_of(par):
    return [(s.text, s.font, s.font_latin, s.size) for s in par.spans]


# -- fonts and sizes ---------------------------------------------------------------------------
def test_font_only_in_doc_defaults(tmp_path):
    styles = doc_defaults(fonts(ea="標楷體", ascii="Times New Roman") + size(14))
    par = only(read(tmp_path, p("專案簡介 ABC 2024"), styles))
    assert par.text == "專案簡介 ABC 2024"
    assert fonts_of(par) == [("專案簡介 ABC 2024", "標楷體", "Times New Roman", 14.0)]
    assert par.line_rule == "auto" and par.line_value == 1.0


def test_no_size_anywhere_is_word_default_10pt(tmp_path):
    par = only(read(tmp_path, p("字")))
    assert par.spans[0].size == 10.0
    assert par.spans[0].font is None  # nothing names an East Asian font: unknown, not guessed


def test_font_and_size_from_based_on_parent_style(tmp_path):
    styles = (doc_defaults(fonts(ea="新細明體") + size(12))
              + style("Normal", default=True)
              + style("Parent", rpr=fonts(ea="標楷體") + size(16), based_on="Normal")
              + style("Child", "子樣式", based_on="Parent", ppr=spacing(440)))
    par = only(read(tmp_path, p("標題", style="Child"), styles))
    assert par.style == "子樣式"
    assert fonts_of(par) == [("標題", "標楷體", None, 16.0)]
    assert (par.line_rule, par.line_value) == ("exact", 22.0)


def test_default_paragraph_style_applies_when_none_named(tmp_path):
    styles = (doc_defaults(fonts(ea="新細明體"))
              + style("Normal", "Normal", default=True, rpr=fonts(ea="標楷體") + size(14)))
    par = only(read(tmp_path, p("內文"), styles))
    assert par.style == "Normal"
    assert fonts_of(par) == [("內文", "標楷體", None, 14.0)]


def test_theme_minor_east_asia_with_zh_tw_is_hant_font(tmp_path):
    styles = doc_defaults(fonts(ea_theme="minorEastAsia", ascii_theme="minorAscii") + size(12))
    par = only(read(tmp_path, p("中文字Abc"), styles, theme_xml=theme(), settings_xml=settings("zh-TW")))
    assert fonts_of(par) == [("中文字Abc", "新細明體", "Calibri", 12.0)]


def test_theme_font_language_selects_script(tmp_path):
    styles = doc_defaults(fonts(ea_theme="minorEastAsia"))
    ja = only(read(tmp_path, p("字"), styles, theme_xml=theme(), settings_xml=settings("ja-JP"), name="ja.docx"))
    assert ja.spans[0].font == "ＭＳ 明朝"
    # no themeFontLang: the theme's a:ea (when set) is used
    ea = only(read(tmp_path, p("字"), styles, theme_xml=theme(ea="EA Font"), settings_xml=settings(None),
                   name="ea.docx"))
    assert ea.spans[0].font == "EA Font"


def test_theme_attribute_overrides_plain_attribute_at_same_level(tmp_path):
    styles = doc_defaults('<w:rFonts w:eastAsia="標楷體" w:eastAsiaTheme="majorEastAsia"/>')
    par = only(read(tmp_path, p("字"), styles, theme_xml=theme(major_hant="微軟正黑體"), settings_xml=settings()))
    assert par.spans[0].font == "微軟正黑體"
    # ... but a more specific level naming a plain font wins over an inherited theme font
    par2 = only(read(tmp_path, p(r("字", fonts(ea="標楷體"))), styles, theme_xml=theme(), settings_xml=settings(),
                     name="b.docx"))
    assert par2.spans[0].font == "標楷體"


def test_cjk_text_reports_east_asian_font_not_ascii_font(tmp_path):
    body = p(r("服務內容 2024 年", fonts(ea="新細明體", ascii="標楷體") + size(14)))
    par = only(read(tmp_path, body))
    assert fonts_of(par) == [("服務內容 2024 年", "新細明體", "標楷體", 14.0)]


def test_one_bad_run_in_a_long_paragraph_is_its_own_span(tmp_path):
    styles = doc_defaults(fonts(ea="標楷體", ascii="Times New Roman") + size(14))
    good = "本機關推動便民服務，" * 20
    body = p(r(good), r("這幾個字是新細明體", fonts(ea="新細明體")), r(good), r("。"))
    par = only(read(tmp_path, body, styles))
    assert [s.font for s in par.spans] == ["標楷體", "新細明體", "標楷體"]
    assert par.spans[1].text == "這幾個字是新細明體"
    assert par.spans[2].text == good + "。"
    assert "".join(s.text for s in par.spans) == par.text


def test_whitespace_runs_do_not_make_spans(tmp_path):
    styles = doc_defaults(fonts(ea="標楷體") + size(14))
    body = p(r("甲"), r("  ", fonts(ea="新細明體") + size(9)), r("乙"), r("\u3000", size(20)))
    par = only(read(tmp_path, body, styles))
    # U+3000 is a full-width ideographic space: whitespace, so it joins the span before it
    assert fonts_of(par) == [("甲  乙\u3000", "標楷體", None, 14.0)]


def test_character_style_and_its_based_on_chain(tmp_path):
    styles = (doc_defaults(fonts(ea="標楷體") + size(14))
              + style("Emph0", type="character", rpr=fonts(ea="新細明體"))
              + style("Emph", type="character", based_on="Emph0", rpr=size(12)))
    body = p(r("正常"), r("強調", '<w:rStyle w:val="Emph"/>'), r("直接", '<w:rStyle w:val="Emph"/>' + size(16)))
    par = only(read(tmp_path, body, styles))
    assert fonts_of(par) == [("正常", "標楷體", None, 14.0), ("強調", "新細明體", None, 12.0),
                             ("直接", "新細明體", None, 16.0)]


def test_linked_paragraph_style_used_as_run_style(tmp_path):
    styles = (doc_defaults(fonts(ea="標楷體"))
              + style("Heading1", "heading 1", rpr=fonts(ea="微軟正黑體") + size(18), link="Heading1Char")
              + style("Heading1Char", "標題 1 字元", type="character", rpr=fonts(ea="黑體") + size(20)))
    par = only(read(tmp_path, p(r("字", '<w:rStyle w:val="Heading1"/>')), styles))
    assert fonts_of(par) == [("字", "黑體", None, 20.0)]


def test_size_from_style_and_szcs_is_not_used_for_cjk(tmp_path):
    styles = (style("Normal", default=True, rpr='<w:sz w:val="28"/><w:szCs w:val="40"/>'))
    par = only(read(tmp_path, p("中文"), styles))
    assert par.spans[0].size == 14.0


def test_complex_script_run_uses_szcs(tmp_path):
    body = p(r("abc", '<w:rFonts w:cs="Arial"/><w:cs/><w:sz w:val="28"/><w:szCs w:val="36"/>'))
    par = only(read(tmp_path, body))
    assert fonts_of(par) == [("abc", "Arial", "Arial", 18.0)]


def test_hint_east_asia_makes_ambiguous_characters_east_asian():
    assert font_slot("“") == "hAnsi"
    assert font_slot("“", hint="eastAsia") == "eastAsia"
    assert font_slot("‧", hint="eastAsia") == "eastAsia"
    assert font_slot("中") == "eastAsia" and font_slot("，") == "eastAsia" and font_slot("Ａ") == "eastAsia"
    assert font_slot("A") == "ascii" and font_slot("é") == "hAnsi"
    assert font_slot("ש") == "cs"


def test_latin_characters_outside_ascii_use_hansi_font(tmp_path):
    body = p(r("中é", '<w:rFonts w:ascii="Arial" w:hAnsi="Verdana" w:eastAsia="標楷體"/>'))
    par = only(read(tmp_path, body))
    assert fonts_of(par) == [("中", "標楷體", "Arial", 10.0), ("é", "標楷體", "Verdana", 10.0)]


def test_table_style_fonts_apply_to_cell_paragraphs(tmp_path):
    styles = (doc_defaults(fonts(ea="標楷體") + size(14))
              + style("Normal", default=True)
              + style("Grid", "Table Grid", type="table", rpr=fonts(ea="新細明體") + size(12), ppr=spacing(300, "atLeast")))
    body = tbl([tc(p("格子"))], grid=1, style="Grid") + p("外面")
    doc = read(tmp_path, body, styles)
    inner, outer = doc.paragraphs
    assert fonts_of(inner) == [("格子", "新細明體", None, 12.0)]
    assert (inner.line_rule, inner.line_value) == ("atLeast", 15.0)
    assert fonts_of(outer) == [("外面", "標楷體", None, 14.0)]


# -- table style regions (w:tblStylePr + w:tblLook) -------------------------------------------
REGION_STYLES = (doc_defaults(fonts(ea="標楷體") + size(14))
                 + table_style("Grid4", regions={"firstRow": fonts(ea="新細明體"), "firstCol": size(12),
                                                 "nwCell": fonts(ea="微軟正黑體"), "lastRow": size(16)})
                 + table_style("Banded", band_rows=2, regions={"band2Horz": size(18)}))


def _grid(look, rows=3, direct_first=False, style="Grid4"):
    def cell(i, j):
        text = f"格{i}{j}"
        return tc(p(r(text, fonts(ea="標楷體")) if direct_first and (i, j) == (1, 2) else text))
    return tbl(*[[cell(i, j) for j in (1, 2)] for i in range(1, rows + 1)], grid=2, style=style, look=look)


def _cell_fonts(doc):
    return {(q.cell.row, q.cell.col): fonts_of(q)[0][1:] for q in doc.paragraphs}


@pytest.mark.parametrize("look", [
    '<w:tblLook w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>',
    '<w:tblLook w:val="04A0"/>',  # the older hex form: firstRow, firstColumn, noVBand
])
def test_table_style_regions_follow_tbl_look_in_words_order(tmp_path, look):
    cells = _cell_fonts(read(tmp_path, _grid(look), REGION_STYLES))
    assert cells[(1, 1)] == ("微軟正黑體", None, 12.0)  # first column, then first row, then the corner
    assert cells[(1, 2)] == ("新細明體", None, 14.0)    # first row
    assert cells[(2, 1)] == ("標楷體", None, 12.0)      # first column
    assert cells[(2, 2)] == cells[(3, 2)] == ("標楷體", None, 14.0)  # lastRow is not turned on


def test_table_style_regions_stay_off_when_tbl_look_says_so(tmp_path):
    look = '<w:tblLook w:firstRow="0" w:lastRow="1" w:firstColumn="0" w:noHBand="1" w:noVBand="1"/>'
    cells = _cell_fonts(read(tmp_path, _grid(look), REGION_STYLES))
    assert cells[(1, 1)] == cells[(1, 2)] == cells[(2, 1)] == ("標楷體", None, 14.0)
    assert cells[(3, 1)] == ("標楷體", None, 16.0)  # last row


def test_direct_formatting_beats_a_table_style_region(tmp_path):
    look = '<w:tblLook w:firstRow="1" w:noHBand="1" w:noVBand="1"/>'
    cells = _cell_fonts(read(tmp_path, _grid(look, direct_first=True), REGION_STYLES))
    assert cells[(1, 2)] == ("標楷體", None, 14.0)


def test_row_bands_count_from_after_the_header_in_band_size_steps(tmp_path):
    look = '<w:tblLook w:firstRow="1" w:noHBand="0" w:noVBand="1"/>'
    cells = _cell_fonts(read(tmp_path, _grid(look, rows=6, style="Banded"), REGION_STYLES))
    assert [cells[(i, 1)][2] for i in range(1, 7)] == [14.0, 14.0, 14.0, 18.0, 18.0, 14.0]


def test_hidden_text_is_not_read(tmp_path):
    par = only(read(tmp_path, p(r("看得到"), r("看不到", "<w:vanish/>"))))
    assert par.text == "看得到"


def test_hidden_is_a_toggle_between_paragraph_and_character_style(tmp_path):
    """ECMA-376 17.7.3: a character style's vanish flips the paragraph style's; direct is absolute."""
    styles = (doc_defaults(fonts(ea="標楷體"))
              + style("Hidden", "hidden", rpr="<w:vanish/>")
              + style("HideChar", type="character", rpr="<w:vanish/>")
              + style("KeepChar", type="character", based_on="HideChar", rpr='<w:vanish w:val="0"/>'))
    hide = '<w:rStyle w:val="HideChar"/>'
    visible = p(r("甲"), r("乙", hide), r("丙", '<w:rStyle w:val="KeepChar"/>'))
    hidden = p(r("丁"), r("戊", hide), r("己", hide + '<w:vanish/>'), r("庚", '<w:rStyle w:val="KeepChar"/>'),
               ppr='<w:pStyle w:val="Hidden"/>')
    first, second = read(tmp_path, visible + hidden, styles).paragraphs
    assert first.text == "甲丙"    # HideChar hides; KeepChar (off, overriding its parent) leaves it shown
    assert second.text == "戊"     # hidden paragraph style, flipped back by HideChar only


# -- line spacing ----------------------------------------------------------------------------------
@pytest.mark.parametrize("ppr, expected", [
    (spacing(360, "auto"), ("auto", 1.5)),
    (spacing(480, None), ("auto", 2.0)),
    (spacing(300, "atLeast"), ("atLeast", 15.0)),
    (spacing(360, "exact"), ("exact", 18.0)),
    (spacing(400, "exactly"), ("exact", 20.0)),
    ("", ("auto", 1.0)),
])
def test_line_spacing_direct(tmp_path, ppr, expected):
    par = only(read(tmp_path, p("字", ppr=ppr)))
    assert (par.line_rule, par.line_value) == expected


def test_line_spacing_inherited_from_style_and_merged_attribute_by_attribute(tmp_path):
    styles = (doc_defaults(ppr=spacing(240, "auto"))
              + style("Normal", default=True)
              + style("Body", based_on="Normal", ppr=spacing(400, "exact")))
    doc = read(tmp_path,
               p("樣式", style="Body")
               + p("只改行距值", style="Body", ppr='<w:spacing w:line="440"/>')
               + p("預設"), styles)
    got = [(x.line_rule, x.line_value) for x in doc.paragraphs]
    assert got == [("exact", 20.0), ("exact", 22.0), ("auto", 1.0)]


def test_line_spacing_from_doc_defaults(tmp_path):
    par = only(read(tmp_path, p("字"), doc_defaults(ppr=spacing(400, "exact"))))
    assert (par.line_rule, par.line_value) == ("exact", 20.0)


# -- automatic numbering ---------------------------------------------------------------------
def heading_numbering(extra_nums: str = "") -> str:
    return sample_numbering() + extra_nums


def test_auto_numbered_headings_with_restart_under_new_parent(tmp_path):
    levels = [0, 1, 2, 2, 1, 2, 0, 1, 2, 2]
    body = "".join(p(f"第{i}段", ppr=numpr(1, L)) for i, L in enumerate(levels))
    doc = read(tmp_path, body, sample_styles(), heading_numbering())
    assert [x.marker for x in doc.paragraphs] == [
        "壹、", "一、", "（一）", "（二）", "二、", "（一）", "貳、", "一、", "（一）", "（二）"]
    assert all(x.marker_auto for x in doc.paragraphs)
    assert doc.paragraphs[0].text == "第0段"  # the marker is not part of the text
    assert doc.paragraphs[0].full_text == "壹、第0段"


def test_counting_past_ten(tmp_path):
    body = "".join(p("段", ppr=numpr(1, 1)) for _ in range(12))
    doc = read(tmp_path, p("頭", ppr=numpr(1, 0)) + body, None, heading_numbering())
    assert [x.marker for x in doc.paragraphs[1:]][-3:] == ["十、", "十一、", "十二、"]


def test_start_override_restarts_a_shared_list(tmp_path):
    nums = num(2, 0, {0: 5}) + num(3, 0)
    body = (p("a", ppr=numpr(1, 0)) + p("b", ppr=numpr(1, 0))
            + p("c", ppr=numpr(2, 0)) + p("d", ppr=numpr(2, 0))
            + p("e", ppr=numpr(3, 0)))  # num 3 has no override: it continues the shared list
    doc = read(tmp_path, body, None, heading_numbering(nums))
    assert [x.marker for x in doc.paragraphs] == ["壹、", "貳、", "伍、", "陸、", "柒、"]


def test_lvl_restart_zero_never_restarts(tmp_path):
    numbering = abstract_num(0, lvl(0, "decimal", "%1."), lvl(1, "decimal", "(%2)", restart=0)) + num(1, 0)
    body = p("a", ppr=numpr(1, 0)) + p("b", ppr=numpr(1, 1)) + p("c", ppr=numpr(1, 0)) + p("d", ppr=numpr(1, 1))
    doc = read(tmp_path, body, None, numbering)
    assert [x.marker for x in doc.paragraphs] == ["1.", "(1)", "2.", "(2)"]


def test_multi_level_text_and_is_lgl(tmp_path):
    numbering = (abstract_num(0, lvl(0, "upperRoman", "%1."), lvl(1, "lowerLetter", "%1.%2"),
                              lvl(2, "lowerLetter", "%1.%2.%3", is_lgl=True)) + num(1, 0))
    body = p("a", ppr=numpr(1, 0)) + p("b", ppr=numpr(1, 1)) + p("c", ppr=numpr(1, 1)) + p("d", ppr=numpr(1, 2))
    doc = read(tmp_path, body, None, numbering)
    assert [x.marker for x in doc.paragraphs] == ["I.", "I.a", "I.b", "1.2.1"]


def test_numbering_inherited_from_paragraph_style(tmp_path):
    styles = (sample_styles()
              + style("H1", "heading 1", ppr=numpr(1, 0))
              + style("H2", "heading 2", ppr='<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>')
              + style("H2b", "heading 2b", based_on="H2"))
    body = (p("專案簡介", style="H1") + p("背景", style="H2b") + p("沒有編號", style="H2", ppr=numpr(0, 0))
            + p("目的", style="H2"))
    doc = read(tmp_path, body, styles, heading_numbering())
    assert [x.marker for x in doc.paragraphs] == ["壹、", "一、", None, "二、"]
    assert doc.paragraphs[2].marker_auto is False


def test_style_linked_level_via_lvl_pstyle(tmp_path):
    numbering = abstract_num(0, lvl(0, "ideographLegalTraditional", "%1、", pstyle="H1"),
                             lvl(1, "taiwaneseCountingThousand", "%2、", pstyle="H2")) + num(1, 0)
    styles = style("H1", ppr='<w:numPr><w:numId w:val="1"/></w:numPr>') + style(
        "H2", ppr='<w:numPr><w:numId w:val="1"/></w:numPr>')
    doc = read(tmp_path, p("a", style="H1") + p("b", style="H2"), styles, numbering)
    assert [x.marker for x in doc.paragraphs] == ["壹、", "一、"]


def test_num_style_link_is_followed(tmp_path):
    numbering = (abstract_num(0, lvl(0, "ideographLegalTraditional", "%1、"))
                 + '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="MyList"/></w:abstractNum>'
                 + num(1, 0) + num(2, 1))
    styles = style("MyList", type="numbering", ppr='<w:numPr><w:numId w:val="1"/></w:numPr>')
    doc = read(tmp_path, p("a", ppr=numpr(2, 0)) + p("b", ppr=numpr(2, 0)), styles, numbering)
    assert [x.marker for x in doc.paragraphs] == ["壹、", "貳、"]


def test_level_override_with_its_own_lvl(tmp_path):
    numbering = (abstract_num(0, lvl(0, "decimal", "%1."))
                 + '<w:num w:numId="1"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">'
                 + lvl(0, "decimalEnclosedCircle", "%1", start=3) + "</w:lvlOverride></w:num>")
    doc = read(tmp_path, p("a", ppr=numpr(1, 0)) + p("b", ppr=numpr(1, 0)), None, numbering)
    assert [x.marker for x in doc.paragraphs] == ["③", "④"]


def test_numbering_marker_font_is_a_leading_span(tmp_path):
    numbering = (abstract_num(0, lvl(0, "ideographLegalTraditional", "%1、", rpr=fonts(ea="新細明體") + size(16)))
                 + num(1, 0))
    styles = doc_defaults(fonts(ea="標楷體") + size(14))
    par = only(read(tmp_path, p("專案簡介", ppr=numpr(1, 0)), styles, numbering))
    assert par.marker == "壹、"
    assert fonts_of(par) == [("壹、", "新細明體", None, 16.0), ("專案簡介", "標楷體", None, 14.0)]


def test_numbering_ppr_sets_line_spacing_unless_style_overrides(tmp_path):
    numbering = abstract_num(0, lvl(0, "decimal", "%1、", ppr=spacing(360, "atLeast"))) + num(1, 0)
    styles = style("Tight", ppr=spacing(400, "exact"))
    doc = read(tmp_path, p("a", ppr=numpr(1, 0)) + p("b", style="Tight", ppr=numpr(1, 0)), styles, numbering)
    assert [(x.line_rule, x.line_value) for x in doc.paragraphs] == [("atLeast", 18.0), ("exact", 20.0)]


def test_bullets_and_missing_numbering_part(tmp_path):
    numbering = abstract_num(0, lvl(0, "bullet", "●")) + num(1, 0)
    doc = read(tmp_path, p("a", ppr=numpr(1, 0)) + p("b", ppr=numpr(7, 0)), None, numbering)
    assert [x.marker for x in doc.paragraphs] == ["●", None]
    # numbering referenced but numbering.xml missing: no marker, no error
    doc2 = read(tmp_path, p("a", ppr=numpr(1, 0)), name="nonum.docx")
    assert doc2.paragraphs[0].marker is None


@pytest.mark.parametrize("n, fmt, expected", [
    (1, "ideographLegalTraditional", "壹"), (4, "ideographLegalTraditional", "肆"),
    (10, "ideographLegalTraditional", "拾"), (11, "ideographLegalTraditional", "拾壹"),
    (1, "taiwaneseCountingThousand", "一"), (10, "taiwaneseCountingThousand", "十"),
    (11, "taiwaneseCountingThousand", "十一"), (20, "taiwaneseCounting", "二十"),
    (3, "chineseCounting", "三"), (2, "ideographTraditional", "乙"), (11, "ideographTraditional", "甲"),
    (1, "ideographZodiac", "子"), (12, "decimalFullWidth", "１２"), (28, "upperLetter", "BB"),
    (3, "lowerLetter", "c"), (14, "upperRoman", "XIV"), (4, "lowerRoman", "iv"),
    (1, "decimalEnclosedCircle", "①"), (21, "decimalEnclosedCircle", "㉑"), (2, "decimalEnclosedParen", "⑵"),
    (5, "none", ""), (7, "somethingNew", "7"), (3, "decimalZero", "03"),
])
def test_number_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


# -- structure: tables, content controls, text boxes, pictures ----------------------------------
def test_table_cells_with_merged_cells_and_nested_table(tmp_path):
    nested = tbl([tc(p("內1")), tc(p("內2"))], grid=2)
    body = (p("前")
            + tbl([tc(p("A1"), span=2), tc(p("C1"), vmerge="restart")],
                  [tc(p("A2")), tc(p("B2"), nested), tc(vmerge="continue")],
                  [tc(p("A3"), p("A3b")), tc(p("B3")), tc(p("C3"))])
            + p("後"))
    doc = read(tmp_path, body)
    got = [(x.text, x.cell) for x in doc.paragraphs]
    assert got == [
        ("前", None),
        ("A1", Cell(1, 1, 1)), ("C1", Cell(1, 1, 3)),
        ("A2", Cell(1, 2, 1)), ("B2", Cell(1, 2, 2)),
        ("內1", Cell(2, 1, 1)), ("內2", Cell(2, 1, 2)),
        ("A3", Cell(1, 3, 1)), ("A3b", Cell(1, 3, 1)), ("B3", Cell(1, 3, 2)), ("C3", Cell(1, 3, 3)),
        ("後", None),
    ]
    assert [x.index for x in doc.paragraphs] == list(range(1, 13))


def test_grid_before_shifts_columns(tmp_path):
    body = ('<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>'
            '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>' + tc(p("x")) + "</w:tr></w:tbl>")
    assert only(read(tmp_path, body)).cell == Cell(1, 1, 2)


def test_content_control_checkboxes(tmp_path):
    body = p(checkbox(True), r("整體服務類 "), checkbox(False, glyph="☒"), r("服務規劃類"))
    par = only(read(tmp_path, body))
    assert par.text == "■整體服務類 □服務規劃類"


def test_legacy_form_checkbox_and_wingdings_symbols(tmp_path):
    def formcheck(checked):
        state = "<w:checked/>" if checked else ""
        return ('<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/><w:enabled/>'
                f'<w:checkBox><w:sizeAuto/><w:default w:val="0"/>{state}</w:checkBox></w:ffData></w:fldChar></w:r>'
                '<w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    body = (p(formcheck(True), r("甲 "), formcheck(False), r("乙"))
            + p(r("", raw='<w:sym w:font="Wingdings" w:char="F0FE"/>'), r("丙"),
                r("", raw='<w:sym w:font="Wingdings" w:char="F0A8"/>'), r("丁"))
            + p(r("\u00fe", '<w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/>'), r("戊")))
    doc = read(tmp_path, body)
    assert [x.text for x in doc.paragraphs] == ["■甲 □乙", "☑丙□丁", "☑戊"]


def test_inline_containers_and_tracked_changes(tmp_path):
    body = p(
        r("前"),
        '<w:hyperlink r:id="rIdX"><w:r><w:t>連結</w:t></w:r></w:hyperlink>',
        '<w:smartTag w:uri="u" w:element="date"><w:r><w:t>智慧</w:t></w:r></w:smartTag>',
        '<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>控制項</w:t></w:r></w:sdtContent></w:sdt>',
        '<w:ins w:id="1" w:author="a"><w:r><w:t>新增</w:t></w:r></w:ins>',
        '<w:del w:id="2" w:author="a"><w:r><w:delText>刪除</w:delText></w:r></w:del>',
        r("", raw='<w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t><w:cr/>'
                  '<w:sym w:font="Symbol" w:char="03A9"/>'),
        '<w:r><w:instrText> PAGE </w:instrText></w:r>',
    ) + '<w:sdt><w:sdtPr/><w:sdtContent>' + p("區塊控制項") + "</w:sdtContent></w:sdt>"
    doc = read(tmp_path, body)
    assert [x.text for x in doc.paragraphs] == ["前連結智慧控制項新增A\tB\nC\nΩ", "區塊控制項"]


def test_paragraph_deleted_with_tracked_changes_is_gone_and_not_counted(tmp_path):
    deleted = ('<w:p><w:pPr>' + numpr(1, 0) + '<w:rPr><w:del w:id="9" w:author="a"/></w:rPr></w:pPr>'
               '<w:del w:id="8" w:author="a"><w:r><w:delText>刪掉的段落</w:delText></w:r></w:del></w:p>')
    body = p("a", ppr=numpr(1, 0)) + deleted + p("b", ppr=numpr(1, 0))
    doc = read(tmp_path, body, None, sample_numbering())
    assert [(x.marker, x.text) for x in doc.paragraphs] == [("壹、", "a"), ("貳、", "b")]


def test_text_box_paragraphs_follow_their_host_once(tmp_path):
    body = (p(r("主段落"), textbox_run(p("框內第一段"), p("框內第二段"))) + p("下一段"))
    doc = read(tmp_path, body)
    assert [x.text for x in doc.paragraphs] == ["主段落", "框內第一段", "框內第二段", "下一段"]
    assert doc.paragraphs[0].pictures == 0  # a text box is not a picture


def test_pictures_are_counted(tmp_path):
    body = tbl([tc(p(picture_run(), picture_run()))], grid=1) + p("無圖")
    doc = read(tmp_path, body)
    assert [x.pictures for x in doc.paragraphs] == [2, 0]


def test_headers_footers_and_comments_are_ignored(tmp_path):
    header = ('<?xml version="1.0"?><w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              "<w:p><w:r><w:t>頁首</w:t></w:r></w:p></w:hdr>")
    rel = ('<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"'
           ' Target="header1.xml"/>')
    doc = read(tmp_path, p("本文"), extra_parts={"word/header1.xml": header}, extra_rels=rel)
    assert [x.text for x in doc.paragraphs] == ["本文"]


def test_strict_ooxml_namespace_is_read(tmp_path):
    strict = ('<?xml version="1.0"?><w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main">'
              "<w:body><w:p><w:r><w:t>嚴格</w:t></w:r></w:p></w:body></w:document>")
    doc = read_docx(make_docx(tmp_path / "s.docx", "", document=strict))
    assert [x.text for x in doc.paragraphs] == ["嚴格"]


def test_main_part_found_through_package_relationship(tmp_path):
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="/word/main.xml"/></Relationships>')
    path = make_docx(tmp_path / "m.docx", p("假的"), package_rels=rels,
                     extra_parts={"word/main.xml": document_xml(p("真的"))})
    assert [x.text for x in read_docx(path).paragraphs] == ["真的"]


def test_macro_file_is_read_with_a_note(tmp_path):
    doc = read(tmp_path, p("內容"), extra_parts={"word/vbaProject.bin": b"\x00" * 64}, name="m.docm")
    assert doc.notes == ["macros"]
    assert doc.kind == "docx" and doc.paragraphs[0].text == "內容"


# -- a file saved by LibreOffice ------------------------------------------------------------------
SOFFICE = shutil.which("soffice") or ("/usr/bin/soffice" if os.path.exists("/usr/bin/soffice") else None)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_saved_file_keeps_fonts_sizes_and_line_height(tmp_path):
    body = (p(r("專案摘要表"), style="Title1")
            + p(r("專案簡介"), ppr=numpr(1, 0))
            + p(r("服務內容"), ppr=numpr(1, 1))
            + p(r("本段"), r("錯誤字型", fonts(ea="新細明體")), r("結尾"))
            + p(r("行高"), ppr=spacing(360, "auto")))
    (tmp_path / "src").mkdir()
    src = make_docx(tmp_path / "src" / "lo.docx", body, sample_styles(), sample_numbering(), theme(), settings())
    outdir = tmp_path / "out"
    profile = (tmp_path / "lo_profile").as_uri()
    proc = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         "docx:MS Word 2007 XML", "--outdir", str(outdir), str(src)],
        capture_output=True, timeout=180)
    converted = outdir / "lo.docx"
    if not converted.exists():
        pytest.skip(f"LibreOffice could not convert: {proc.stderr[-300:]!r}")
    assert converted.read_bytes() != src.read_bytes()
    doc = read_docx(converted)
    texts = [x.text for x in doc.paragraphs if x.text]
    assert texts == ["專案摘要表", "專案簡介", "服務內容", "本段錯誤字型結尾", "行高"]
    pars = {x.text: x for x in doc.paragraphs}
    assert fonts_of(pars["專案摘要表"]) == [("專案摘要表", "標楷體", "Times New Roman", 16.0)]
    assert [s.font for s in pars["本段錯誤字型結尾"].spans] == ["標楷體", "新細明體", "標楷體"]
    assert {s.size for s in pars["本段錯誤字型結尾"].spans} == {14.0}
    assert (pars["專案簡介"].line_rule, pars["專案簡介"].line_value) == ("exact", 20.0)
    assert (pars["行高"].line_rule, pars["行高"].line_value) == ("auto", 1.5)
    assert (pars["專案簡介"].marker, pars["服務內容"].marker) == ("壹、", "一、")
