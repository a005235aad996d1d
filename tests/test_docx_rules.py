"""Every rule on hand-made Word files: fires where it should, quiet where it should.

The files are written as raw WordprocessingML by tests/handmade.py (on top of
tests/wordfiles.py), the way Word saves a form typed by hand — not by docgen's
builder. Each test breaks exactly one thing in an otherwise correct form.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import TODAY, check, rules_fired  # noqa: E402
from handmade import (  # noqa: E402
    BODY_RPR, KAI, LINE20, MING, TITLE_RPR, TITLE_STYLE, WORD_DEFAULTS, Auto, Raw, Text, kai, nomination_docx,
    outline_numbering, para, run, summary_docx,
)
from wordfiles import (  # noqa: E402
    abstract_num, doc_defaults, fonts, lvl, num, numpr, settings, size, spacing, style, theme,
)

from docgen.readers import docx as docx_reader  # noqa: E402
from docgen.readers.docx import read_docx  # noqa: E402
from docgen.text.counting import count_text  # noqa: E402


@pytest.fixture(autouse=True)
def _raise_programming_errors(monkeypatch):
    # a reader bug must fail these tests, not turn into a polite "could not read"
    monkeypatch.setattr(docx_reader, "RAISE_UNEXPECTED", True)


def of(result, rule_id):
    return [f for f in result.findings if f.rule == rule_id]


def clean(result):
    assert result.error is None, result.error
    assert result.findings == [], [(f.rule, f.message) for f in result.findings]


def only_rule(result, rule_id, count=None):
    """`rule_id` fired (count times, when given) and nothing else did."""
    assert result.error is None, result.error
    assert rules_fired(result) == [rule_id], [(f.rule, f.message) for f in result.findings]
    if count is not None:
        assert len(of(result, rule_id)) == count, [f.message for f in of(result, rule_id)]
    return of(result, rule_id)


def summary(tmp_path, name="s.docx", **kw):
    return check(summary_docx(tmp_path / name, **kw))


def nomination(tmp_path, name="n.docx", **kw):
    return check(nomination_docx(tmp_path / name, **kw))


def narrative_with(replace: dict[str, object] | None = None, drop=(), insert_after: dict | None = None):
    """The correct narrative with paragraphs replaced (by their text), dropped or inserted."""
    from handmade import SUMMARY_NARRATIVE
    out = []
    for item in SUMMARY_NARRATIVE:
        if item in drop:
            continue
        new = (replace or {}).get(item, item)
        out.extend(new if isinstance(new, list) else [new])
        out.extend((insert_after or {}).get(item, []))
    return out


# styles that carry 標楷體 / 14 pt / exactly 20 pt, with titles through the Title16 style
def kai_styles(defaults_font=KAI, body_size=14.0, title_size=16.0, line=LINE20, normal_rpr="", normal_ppr="",
               extra="", title_rpr=None):
    return (doc_defaults(kai(defaults_font) + size(body_size), line)
            + style("Normal", "Normal", default=True, rpr=normal_rpr, ppr=normal_ppr)
            + style(TITLE_STYLE, "標題16", based_on="Normal", rpr=size(title_size) if title_rpr is None else title_rpr)
            + extra)


# -- the correct forms ------------------------------------------------------------------------------------
def test_correct_summary_form_is_clean(tmp_path):
    res = summary(tmp_path)
    clean(res)
    assert res.form == "summary_form"
    assert 300 < res.stats["count"] < 2000
    assert res.stats["limit"] == 2000


def test_correct_nomination_list_is_clean(tmp_path):
    res = nomination(tmp_path)
    clean(res)
    assert res.form == "nomination_list"
    assert res.stats["limit"] == 1000


def test_correct_forms_read_their_fields(tmp_path):
    from docgen.profile import load_profile
    from docgen.structure import structure
    doc = structure(read_docx(summary_docx(tmp_path / "s.docx")), load_profile("summary_form"))
    fields = {k: v.text for k, v in doc.fields.items()}
    assert fields["agency"] == "臺南市測試區公所"
    assert fields["award_name"] == "行動櫃檯到府服務"
    assert fields["team_size"] == "12" and fields["funding"] == "3500"
    assert "王小明" in fields["team"] and "共計" not in fields["team"]
    assert fields["funding_note"].startswith("由區公所")
    assert fields["period"] == "112年3月1日至迄今"
    assert doc.fields["team_chart"].pictures == 1
    nom = structure(read_docx(nomination_docx(tmp_path / "n.docx")), load_profile("nomination_list"))
    assert nom.fields["category"].options == {"整體服務類": False, "服務規劃類": True}
    assert nom.fields["entry"].options == {"指定參獎": True, "自行報名": False}
    assert nom.fields["project_name"].text == "長者數位陪伴計畫"
    assert nom.fields["contact1"].text.startswith("陳小美")


# -- font family ------------------------------------------------------------------------------------------
def test_fonts_only_in_doc_defaults_is_clean(tmp_path):
    clean(summary(tmp_path, direct=False, styles_xml=kai_styles()))
    clean(nomination(tmp_path, direct=False, styles_xml=kai_styles(line=spacing(440, "exact"), title_size=14)))


def test_doc_defaults_in_pmingliu_fires_once_per_stretch_not_per_run(tmp_path):
    # Word splits typed text into many runs (one per edit session); the finding is per stretch
    split = [para(*(run(ch) for ch in "本段每個字都是各自的一個文字串"))]
    res = summary(tmp_path, direct=False, styles_xml=kai_styles(defaults_font=MING),
                  narrative=narrative_with(insert_after={"壹、專案簡介": split}))
    found = only_rule(res, "font-family")
    assert all(f.actual == MING and "新細明體" in f.message for f in found)
    # one finding per stretch: the title, the Part 1 heading, the table, the declarations,
    # the Part 2 heading, and each section 壹…肆 (heading and body together)
    assert len(found) == 9, [f.message for f in found]
    assert [f.location.section for f in found] == [None] * 5 + ["壹", "貳", "參", "肆"]
    (table,) = [f for f in found if f.location.cell]
    assert table.message.startswith("表1第1列第1欄至第11列第1欄有")
    (sec1,) = [f for f in found if f.location.section == "壹"]
    assert sec1.message.startswith("標題「壹、專案簡介」及其下第1–14段有")
    # every CJK character of the document is in exactly one finding
    doc = read_docx(tmp_path / "s.docx")
    cjk = sum(len(re.findall(r"[\u3001-\u303f\u4e00-\u9fff\uff00-\uffef]", q.full_text)) for q in doc.paragraphs)
    assert sum(int(re.search(r"有(\d+)個字", f.message).group(1)) for f in found) == cjk


def test_font_only_in_based_on_parent_style(tmp_path):
    def styles(font):
        return (doc_defaults(size(14), LINE20)
                + style("Base", "基本", rpr=kai(font))
                + style("Normal", "Normal", default=True, based_on="Base")
                + style(TITLE_STYLE, "標題16", based_on="Normal", rpr=size(16)))
    clean(summary(tmp_path, "good.docx", direct=False, styles_xml=styles(KAI)))
    found = only_rule(summary(tmp_path, "bad.docx", direct=False, styles_xml=styles(MING)), "font-family")
    assert {f.actual for f in found} == {MING}


def test_font_through_theme_with_zh_tw_theme_font_lang(tmp_path):
    styles = (doc_defaults(fonts(ea_theme="minorEastAsia", ascii_theme="minorAscii") + size(14), LINE20)
              + style("Normal", "Normal", default=True)
              + style(TITLE_STYLE, "標題16", based_on="Normal", rpr=size(16)))
    bad = summary(tmp_path, "bad.docx", direct=False, styles_xml=styles, theme_xml=theme(hant=MING),
                  settings_xml=settings("zh-TW"))
    found = only_rule(bad, "font-family")
    assert {f.actual for f in found} == {MING}
    assert all("新細明體" in f.message for f in found)
    # the same document whose theme's Hant font is 標楷體 is fine
    clean(summary(tmp_path, "good.docx", direct=False, styles_xml=styles, theme_xml=theme(hant=KAI),
                  settings_xml=settings("zh-TW")))


def test_ascii_kai_but_east_asian_pmingliu_fires(tmp_path):
    bad = para(run("本所推動行動櫃檯服務。", fonts(ea=MING, ascii=KAI) + size(14)), ppr=LINE20)
    res = summary(tmp_path, narrative=narrative_with({"以本區山區六個里為主，並逐步擴及全區。": bad}))
    (f,) = only_rule(res, "font-family", 1)
    assert f.actual == MING and f.expected == KAI
    assert "11個字" in f.message  # 10 Han characters and the full-width 。


def test_one_bad_run_in_a_long_paragraph_is_one_finding_naming_section_and_paragraph(tmp_path):
    good = "本所結合社區資源推動行動櫃檯，協助長者申辦各項業務，" * 6
    long = para(run(good, BODY_RPR), run("這七個字不對", fonts(ea=MING, ascii=KAI) + size(14)),
                run(good, BODY_RPR), ppr=LINE20, mark=BODY_RPR)
    res = summary(tmp_path, narrative=narrative_with(insert_after={"二、預約服務": [long]}))
    (f,) = only_rule(res, "font-family", 1)
    assert f.message.startswith("「貳、服務內容」第4段有6個字使用「新細明體」"), f.message
    assert f.location.section == "貳" and f.location.paragraph is not None
    assert "\n" not in f.message


def test_character_style_with_the_wrong_font_fires(tmp_path):
    styles = kai_styles(extra=style("Emph", "強調", type="character", rpr=fonts(ea=MING)))
    bad = para(run("一般文字，", None), run("強調文字", '<w:rStyle w:val="Emph"/>'), run("結尾。", None))
    res = summary(tmp_path, direct=False, styles_xml=styles,
                  narrative=narrative_with(insert_after={"二、執行概況": [bad]}))
    (f,) = only_rule(res, "font-family", 1)
    assert f.actual == MING and "4個字" in f.message


# -- font size --------------------------------------------------------------------------------------------
def test_sizes_from_styles(tmp_path):
    clean(summary(tmp_path, "good.docx", direct=False, styles_xml=kai_styles()))
    # the body style at 12 pt: every body stretch, none of the titles
    found = only_rule(summary(tmp_path, "small.docx", direct=False,
                              styles_xml=kai_styles(normal_rpr=size(12), title_rpr=size(16))), "font-size")
    assert {f.actual for f in found} == {"12 pt"} and {f.expected for f in found} == {"14 pt"}
    assert all("內文應為 14 號字" in f.message for f in found)


def test_level_one_heading_at_14pt_fires_as_a_title(tmp_path):
    heading = para(run("參、推動成效", BODY_RPR), ppr=LINE20, mark=BODY_RPR)
    res = summary(tmp_path, narrative=narrative_with({"參、推動成效": heading}))
    (f,) = only_rule(res, "font-size", 1)
    assert f.actual == "14 pt" and f.expected == "16 pt"
    assert "標題應為 16 號字" in f.message and "參、推動成效" in f.message


def test_body_paragraph_at_16pt_fires_as_body(tmp_path):
    big = para(run("本段誤用標題字級。", TITLE_RPR), ppr=LINE20)
    (f,) = only_rule(summary(tmp_path, narrative=narrative_with(insert_after={"二、執行概況": [big]})),
                     "font-size", 1)
    assert f.actual == "16 pt" and f.expected == "14 pt"


# -- line spacing -----------------------------------------------------------------------------------------
def test_exact_20_inherited_from_a_style_is_clean(tmp_path):
    styles = kai_styles(line="", normal_ppr=LINE20)
    clean(summary(tmp_path, direct=False, styles_xml=styles))


@pytest.mark.parametrize("ppr, found", [
    (spacing(360, "auto"), "1.5 倍行高"),
    (spacing(400, "atLeast"), "最小行高 20 點"),
    (spacing(360, "exact"), "固定行高 18 點"),
    ("", "1 倍行高"),  # nothing set anywhere: Word's single spacing
])
def test_line_spacing_fires(tmp_path, ppr, found):
    bad = para(run("本段行距不對。", BODY_RPR), ppr=ppr)
    (f,) = only_rule(summary(tmp_path, narrative=narrative_with(insert_after={"二、執行概況": [bad]})),
                     "line-spacing", 1)
    assert found in f.message and "固定行高 20 點" in f.message
    assert f.location.section == "壹"


def test_non_standard_lineRule_exactly_is_tolerated(tmp_path):
    odd = para(run("本段行距寫法特殊。", BODY_RPR), ppr='<w:spacing w:line="400" w:lineRule="exactly"/>')
    clean(summary(tmp_path, narrative=narrative_with(insert_after={"二、執行概況": [odd]})))


def test_style_with_one_and_a_half_lines_fires(tmp_path):
    res = summary(tmp_path, direct=False, styles_xml=kai_styles(line=spacing(360, "auto")))
    found = only_rule(res, "line-spacing")
    assert all("1.5 倍行高" in f.message for f in found)


# -- numbering: typed, and produced by Word ---------------------------------------------------------------
# (marker Word shows, ilvl, text); ilvl None = a body paragraph
OUTLINE = [
    ("壹、", 0, "專案簡介"), (None, None, "本所推動行動櫃檯，服務偏鄉長者。"),
    ("一、", 1, "服務地區"), ("（一）", 2, "山區"), ("1、", 3, "獨居長者"), ("（1）", 4, "八十歲以上"),
    ("（2）", 4, "行動不便"), ("2、", 3, "身心障礙者"), ("（二）", 2, "市區"), ("二、", 1, "執行概況"),
    ("貳、", 0, "服務內容"), ("一、", 1, "行動櫃檯"), ("二、", 1, "預約服務"),
    ("參、", 0, "推動成效"), (None, None, "服務人次逐年成長。"),
    ("肆、", 0, "未來努力方向"), ("一、", 1, "擴大服務範圍"),
]


def typed(outline):
    return [Text((m or "") + t, i == 0) for m, i, t in outline]


def numbered(outline):
    return [t if i is None else Auto(i, t) for _, i, t in outline]


def compare_typed_and_auto(tmp_path, outline, numbering_xml, name):
    t = summary(tmp_path, f"{name}_typed.docx", narrative=typed(outline))
    a_path = summary_docx(tmp_path / f"{name}_auto.docx", narrative=numbered(outline), numbering_xml=numbering_xml)
    # the reader shows Word's numbers exactly as they were typed in the other file
    doc = read_docx(a_path)
    assert [q.full_text for q in doc.paragraphs[-len(outline):]] == [x.text for x in typed(outline)]
    a = check(a_path)
    assert rules_fired(a) == rules_fired(t)
    assert sorted((f.rule, f.message, f.location.paragraph) for f in a.findings) == \
        sorted((f.rule, f.message, f.location.paragraph) for f in t.findings)
    # Word does not count the markers its numbering draws; typed markers are text and count
    drawn = sum(count_text(m).word for m, i, _ in outline if i is not None)
    assert drawn > 0 and a.stats["count"] == t.stats["count"] - drawn
    return t, a


def test_word_numbering_and_typed_numbers_are_the_same_when_correct(tmp_path):
    t, a = compare_typed_and_auto(tmp_path, OUTLINE, outline_numbering(), "good")
    clean(t)
    clean(a)


def test_word_numbering_with_decimal_level_one_is_a_format_problem(tmp_path):
    outline = [(m.replace("壹", "1").replace("貳", "2").replace("參", "3").replace("肆", "4") if i == 0 else m, i, t)
               for m, i, t in OUTLINE]
    fmts = ("decimal", "taiwaneseCountingThousand", "taiwaneseCountingThousand", "decimal", "decimal")
    t, a = compare_typed_and_auto(tmp_path, outline, outline_numbering(fmts=fmts), "decimal")
    found = only_rule(a, "numbering-format", 4)
    assert [f.actual for f in found] == ["1、", "2、", "3、", "4、"]
    assert [f.expected for f in found] == ["壹、", "貳、", "參、", "肆、"]


def test_word_numbering_level_three_right_under_level_one_is_a_depth_problem(tmp_path):
    outline = [("壹、", 0, "專案簡介"), ("（一）", 2, "服務對象"), ("（二）", 2, "服務地區"), *OUTLINE[10:]]
    assert outline[3] == ("貳、", 0, "服務內容")
    t, a = compare_typed_and_auto(tmp_path, outline, outline_numbering(), "depth")
    (f,) = only_rule(a, "numbering-depth", 1)
    assert f.actual == "（一）" and f.expected == "一、"
    assert "專案簡介" in f.message


def test_word_numbering_through_linked_heading_styles(tmp_path):
    # Word's usual way: 標題 1/2/3 styles carry the list (numPr in the style, lvl w:pStyle back)
    numbering = abstract_num(0, lvl(0, "ideographLegalTraditional", "%1、", pstyle="Heading1"),
                             lvl(1, "taiwaneseCountingThousand", "%2、", pstyle="Heading2"),
                             lvl(2, "taiwaneseCountingThousand", "（%3）", pstyle="Heading3"),
                             lvl(3, "decimal", "%4、"), lvl(4, "decimal", "（%5）")) + num(1, 0)
    styles = kai_styles(extra=(
        style("Heading1", "heading 1", based_on="Normal", rpr=size(16), ppr='<w:numPr><w:numId w:val="1"/></w:numPr>')
        + style("Heading2", "heading 2", based_on="Normal", ppr=numpr(1, 1))
        + style("Heading3", "heading 3", based_on="Normal", ppr=numpr(1, 2))))

    def heading(ilvl, text):
        return para(run(text), style_id=f"Heading{ilvl + 1}")

    items = [m for m in OUTLINE if m[1] is None or m[1] <= 2]
    narrative = [t if i is None else heading(i, t) for _, i, t in items]
    res = summary(tmp_path, direct=False, styles_xml=styles, narrative=narrative, numbering_xml=numbering)
    clean(res)
    doc = read_docx(tmp_path / "s.docx")
    assert [q.full_text for q in doc.paragraphs[-len(items):]] == [(m or "") + t for m, _, t in items]
    # a heading 3 right under a heading 1 is the same depth problem as typed
    skipped = [x for x in narrative if not (isinstance(x, Raw) and "服務地區" in x.xml)]
    res = summary(tmp_path, "skip.docx", direct=False, styles_xml=styles, narrative=skipped, numbering_xml=numbering)
    (f,) = only_rule(res, "numbering-depth", 1)
    assert f.actual == "（一）"


def test_word_numbering_marker_font_comes_from_the_paragraph_mark(tmp_path):
    # numbering levels with no font of their own and paragraph marks without formatting:
    # the numbers 壹、…肆、 are drawn in the default 新細明體 12 pt — Word shows them so
    outline = [("壹、", 0, "專案簡介"), ("貳、", 0, "服務內容"), ("參、", 0, "推動成效"), ("肆、", 0, "未來努力方向")]
    plain = [Raw(para(run(t, TITLE_RPR), ppr=LINE20 + '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
                 .xml) for _, _, t in outline]
    res = summary(tmp_path, narrative=plain, numbering_xml=outline_numbering())
    assert rules_fired(res) == ["font-family", "font-size"], [(f.rule, f.message) for f in res.findings]
    assert {f.actual for f in of(res, "font-family")} == {MING}
    assert {f.actual for f in of(res, "font-size")} == {"12 pt"}
    # 2 characters each (the marker 壹、), one finding per heading
    assert [f.message for f in of(res, "font-family")][0] == "標題「壹、專案簡介」有2個字使用「新細明體」，應為標楷體"
    # formatted through the paragraph mark (as Word does when the whole paragraph is formatted): fine
    marked = [Raw(para(run(t, TITLE_RPR), ppr=LINE20 + '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>',
                       mark=TITLE_RPR).xml) for _, _, t in outline]
    clean(summary(tmp_path, "marked.docx", narrative=marked, numbering_xml=outline_numbering()))


# -- numbering: typed -------------------------------------------------------------------------------------
def test_typed_gap_in_level_one_and_the_missing_section(tmp_path):
    drop = ("參、推動成效", "一、服務人次", "112年服務500人次，113年成長至700人次，民眾滿意度達百分之九十八。",
            "二、節省時間", "長者平均節省往返交通時間二小時。")
    res = summary(tmp_path, narrative=narrative_with(drop=drop))
    assert rules_fired(res) == ["numbering-sequence", "section-missing"]
    (seq,) = of(res, "numbering-sequence")
    assert seq.actual == "肆、" and seq.expected == "參、"
    (missing,) = of(res, "section-missing")
    assert "推動成效" in missing.message


def test_typed_half_width_parentheses(tmp_path):
    res = summary(tmp_path, narrative=narrative_with({"（一）服務對象": "(一)服務對象"}))
    (f,) = only_rule(res, "numbering-format", 1)
    assert f.actual == "(一)" and f.expected == "（一）"


def test_typed_skipped_level(tmp_path):
    drop = ("（一）服務對象", "六十五歲以上獨居或行動不便之長者。")
    res = summary(tmp_path, narrative=narrative_with(drop=drop,
                                                    replace={"（二）服務時段": "（一）服務時段"}))
    (f,) = only_rule(res, "numbering-depth", 1)
    assert f.actual == "1、" and f.expected == "（一）"


def test_declarations_numbered_by_the_form_are_not_the_authors_outline(tmp_path):
    # the printed 一、二、三 declarations in Part 1 restart nothing in Part 2
    clean(summary(tmp_path, declarations=["一、第一項聲明。", "三、第三項聲明。"]))


# -- char-limit -------------------------------------------------------------------------------------------
_EA = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"  # enough for the narrative's characters


def word_count(text: str) -> int:
    """PRODUCT.md §3: an East Asian character = 1, a run of other non-space characters = 1."""
    return len(re.findall(f"[{_EA}]|[^\\s{_EA}]+", text))


def padded(count_wanted: int, instructions: bool = False):
    from handmade import SUMMARY_NARRATIVE
    base = sum(word_count(t) for t in SUMMARY_NARRATIVE)
    pad = "長" * (count_wanted - base)
    inserts = {"肆、未來努力方向": ["〔說明未來推動及精進方向。〕"],
               "壹、專案簡介": ["﹝簡要介紹專案項目、執行概況、服務地區及服務對象特色。﹞"]} if instructions else {}
    return narrative_with(replace={"二、數位精進": ["二、數位精進", pad]}, insert_after=inserts)


def test_char_limit_over_2000_fires(tmp_path):
    res = summary(tmp_path, narrative=padded(2001))
    (f,) = only_rule(res, "char-limit", 1)
    assert res.stats["count"] == 2001 > 2000
    assert f.actual == "2001" and f.expected == "2000"
    assert "2001" in f.message and "2000" in f.message


@pytest.mark.parametrize("count", [1999, 2000])
def test_char_limit_at_or_just_under_2000_is_quiet(tmp_path, count):
    res = summary(tmp_path, narrative=padded(count))
    clean(res)
    assert res.stats["count"] == count


def test_instructions_left_in_are_not_counted_but_reported_at_their_section(tmp_path):
    with_instr = summary(tmp_path, "instr.docx", narrative=padded(2000, instructions=True))
    assert with_instr.stats["count"] == 2000
    found = only_rule(with_instr, "required-field", 2)
    assert [f.location.section for f in found] == ["壹", "肆"]
    assert [f.expected for f in found] == ["壹、專案簡介", "肆、未來努力方向"]
    assert found[0].location.excerpt.startswith("﹝簡要介紹專案項目")
    assert found[1].location.excerpt == "〔說明未來推動及精進方向。〕"
    assert "「壹、專案簡介」" in found[0].message and "說明文字" in found[0].message


FORM_NOTES = ["摘要撰寫說明：", "1、請於上開表格依各標項說明專案（2000字以內）。", "2、字體規格：",
              "(1)標題為16號字標楷體；內文為14號字標楷體；行距為固定行高20點。",
              "(2)數字標號：依序為壹、一、（一）、1、（1），其餘標號自訂。"]


def test_the_forms_printed_notes_left_at_the_end_are_neither_counted_nor_numbered(tmp_path):
    base = summary(tmp_path, "base.docx")
    res = summary(tmp_path, after=["", *FORM_NOTES])
    clean(res)
    assert res.stats["count"] == base.stats["count"]
    # ... nor at the start of Part 2, before 壹
    res = summary(tmp_path, "first.docx", narrative=[*FORM_NOTES, *narrative_with()])
    clean(res)
    assert res.stats["count"] == base.stats["count"]


# -- required-field ---------------------------------------------------------------------------------------
def test_placeholder_left_in_fires(tmp_path):
    res = summary(tmp_path, values={"參獎名稱": ["（請填寫參獎主要亮點服務措施名稱）"]})
    (f,) = only_rule(res, "required-field", 1)
    assert "參獎名稱" in f.message and "說明文字" in f.message
    assert f.location.cell == "表1第5列第2欄"


@pytest.mark.parametrize("label, value, named", [
    ("團隊成員", ["（機關(構)名稱，以及協力合作之主要民間團體或企業名稱）-（成員姓名及職稱）", "共計：12人"], "團隊成員"),
    ("團隊成員", ["臺南市測試區公所-王小明（課長）", "共計：\u3000\u3000人"], "團隊成員人數"),
    ("投入經費", ["\u3000\u3000千元", "由區公所年度預算支應。"], "投入經費"),
    ("執行起迄日期", [""], "執行起迄日期"),
])
def test_required_boxes_left_as_printed(tmp_path, label, value, named):
    res = summary(tmp_path, values={label: value})
    (f,) = only_rule(res, "required-field", 1)
    assert f"「{named}」" in f.message
    assert f.location.cell is not None and f.location.cell.startswith("表1第")


def test_empty_award_name_fires(tmp_path):
    res = summary(tmp_path, values={"參獎名稱": [""]})
    (f,) = only_rule(res, "required-field", 1)
    assert "參獎名稱" in f.message and "空" in f.message
    assert f.location.cell == "表1第5列第2欄" and f.location.place() == "表1第5列第2欄"


def test_funding_note_placeholder_fires(tmp_path):
    res = summary(tmp_path, values={"投入經費": ["3500千元", "（請簡要說明經費(含共同推動公私協力)來源及使用情形）"]})
    (f,) = only_rule(res, "required-field", 1)
    assert "投入經費說明" in f.message


def test_labels_typed_with_spaces_and_full_width_brackets_are_found(tmp_path):
    labels = {"機關(構)名稱": "機關（構）名稱", "參獎名稱": "參 獎 名 稱", "執行起迄日期": "執行起迄日期\u3000",
              "團隊成員": "團　隊　成　員"}
    res = summary(tmp_path, labels=labels)
    clean(res)
    # the (必填) note on a line of its own, or with full-width brackets
    clean(summary(tmp_path, "apart.docx", labels=labels, notes_apart=True))
    clean(summary(tmp_path, "full.docx", labels=labels, required_note="（必填）"))
    clean(summary(tmp_path, "spaced.docx", labels=labels, required_note=" ( 必填 ) ", notes_apart=True))
    from docgen.profile import load_profile
    from docgen.structure import structure
    doc = structure(read_docx(tmp_path / "s.docx"), load_profile("summary_form"))
    assert doc.fields["agency"].text == "臺南市測試區公所"
    assert doc.fields["award_name"].text == "行動櫃檯到府服務"
    assert doc.fields["team_size"].text == "12"
    empty = summary(tmp_path, "empty.docx", labels={"參獎名稱": "參 獎 名 稱"}, values={"參獎名稱": [""]})
    only_rule(empty, "required-field", 1)


def test_label_and_value_in_the_same_cell(tmp_path):
    # the nomination list prints 專案名稱：… in one cell
    res = nomination(tmp_path, project="專案名稱：")
    (f,) = only_rule(res, "required-field", 1)
    assert "專案名稱" in f.message
    clean(nomination(tmp_path, "ok.docx", project="專案名稱：長者數位陪伴計畫"))


def test_summary_label_and_value_in_one_cell(tmp_path):
    from handmade import SUMMARY_VALUES, Writer, summary_table
    w = Writer(direct=True, title_rpr=TITLE_RPR, body_rpr=BODY_RPR, line=LINE20)
    table = summary_table(w, SUMMARY_VALUES, {}, True, False)
    # replace the 參獎名稱 row by one cell holding label and value
    row = re.search(r"<w:tr>(?:(?!</w:tr>).)*參獎名稱(?:(?!</w:tr>).)*</w:tr>", table).group(0)
    one = "<w:tr>" + w.cell("參獎名稱(必填)：行動櫃檯到府服務", span=6) + "</w:tr>"
    res = summary(tmp_path, table_xml=table.replace(row, one))
    clean(res)
    empty = "<w:tr>" + w.cell("參獎名稱(必填)：", span=6) + "</w:tr>"
    only_rule(summary(tmp_path, "e.docx", table_xml=table.replace(row, empty)), "required-field", 1)
    # `參獎名稱：` as the label, the value in the box beside it
    beside = "<w:tr>" + w.cell("參獎名稱：") + w.cell("行動櫃檯到府服務", span=5) + "</w:tr>"
    clean(summary(tmp_path, "b.docx", table_xml=table.replace(row, beside)))
    blank = "<w:tr>" + w.cell("參獎名稱：") + w.cell("", span=5) + "</w:tr>"
    (f,) = only_rule(summary(tmp_path, "bl.docx", table_xml=table.replace(row, blank)), "required-field", 1)
    assert f.location.cell == "表1第5列第2欄"


def test_merged_cells(tmp_path):
    # the 參獎團隊架構圖 label spans two rows (vMerge), the value cells span five columns
    clean(summary(tmp_path, merged_label=True))
    clean(summary(tmp_path, "nopic.docx", merged_label=True, picture=False))  # the chart is optional


def test_team_label_merged_over_two_rows(tmp_path):
    from handmade import SUMMARY_VALUES, Writer, summary_table
    w = Writer(direct=True, title_rpr=TITLE_RPR, body_rpr=BODY_RPR, line=LINE20)
    table = summary_table(w, SUMMARY_VALUES, {}, True, False)
    row = re.search(r"<w:tr>(?:(?!</w:tr>).)*團隊成員(?:(?!</w:tr>).)*</w:tr>", table).group(0)
    two = ("<w:tr>" + w.cell("團隊成員", "(必填)", vmerge="restart")
           + w.cell(*SUMMARY_VALUES["團隊成員"][:-1], span=5) + "</w:tr>"
           + "<w:tr>" + w.cell(vmerge="continue") + w.cell("共計：12人", span=5) + "</w:tr>")
    clean(summary(tmp_path, table_xml=table.replace(row, two)))


# -- dates ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("period, rule_id", [
    ("明年春天開始", "date-format"),
    ("112年13月45日至迄今", "date-format"),
    ("100年1月1日至迄今", "date-window"),
    ("116年1月1日至迄今", "date-window"),
    ("113年5月1日至112年3月1日", "date-order"),
])
def test_period_rules_fire(tmp_path, period, rule_id):
    res = summary(tmp_path, values={"執行起迄日期": [period]})
    (f,) = only_rule(res, rule_id, 1)
    assert f.location.cell == "表1第10列第2欄"


@pytest.mark.parametrize("period", ["112年3月1日至113年12月31日", "民國112年3月1日至今", "112.3.1-113.12.31",
                                    "2023-03-01至迄今", "112/03/01～113/12/31"])
def test_period_quiet(tmp_path, period):
    clean(summary(tmp_path, values={"執行起迄日期": [period]}))


def test_nomination_period_read_from_its_section(tmp_path):
    from handmade import NOMINATION_BRIEF
    brief = [("100年1月1日起迄今。" if x == "112年1月1日起迄今。" else x) for x in NOMINATION_BRIEF]
    only_rule(nomination(tmp_path, brief=brief), "date-window", 1)


# -- choice -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("category, fires", [((), "choice.none"), (("整體服務類", "服務規劃類"), "choice.many"),
                                              (("服務規劃類",), None), (("整體服務類",), None)])
@pytest.mark.parametrize("glyphs", ["■□", "☑☐", "CC"])
def test_category_choice(tmp_path, category, fires, glyphs):
    kw = {"content_controls": True} if glyphs == "CC" else {"glyphs": glyphs}
    if category == ("整體服務類",):
        kw["project"] = "專案名稱："  # not required for 整體服務類
    res = nomination(tmp_path, category=category, **kw)
    if fires is None:
        clean(res)
    else:
        rules = set(rules_fired(res))
        assert "choice" in rules, res.findings
        # with no category, the planning-only fields are not required either
        assert rules <= {"choice"}, [(f.rule, f.message) for f in res.findings]
        (f,) = of(res, "choice")
        assert "參獎類別" in f.message and f.location.cell == "表1第2列第2欄"


def test_entry_choice_with_content_controls(tmp_path):
    res = nomination(tmp_path, entry=("指定參獎", "自行報名"), content_controls=True)
    (f,) = only_rule(res, "choice", 1)
    assert "指定參獎/自行報名" in f.message
    clean(nomination(tmp_path, "self.docx", entry=("自行報名",), content_controls=True))


# -- contact ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("contact1, key", [
    (None, "未填寫"),
    ("姓名、職稱、聯絡電話、電子信箱", "未填寫"),
    ("陳小美、科員、(02)2720-8889#1234、chen@@mail", "電子信箱"),
    ("陳小美、科員、12345、chen@mail.taipei.gov.tw", "聯絡電話"),
])
def test_contact_fires(tmp_path, contact1, key):
    res = nomination(tmp_path, contact1=contact1)
    found = only_rule(res, "contact")
    assert any(key in f.message and "窗口人員1" in f.message for f in found), [f.message for f in found]


@pytest.mark.parametrize("contact1", ["陳小美、科員、(02)2720-8889#1234、chen@mail.taipei.gov.tw",
                                      "陳小美、科員、0912-345-678、chen@mail.taipei.gov.tw",
                                      "陳小美，科員，02-27208889分機1234，chen@mail.taipei.gov.tw"])
def test_contact_good(tmp_path, contact1):
    clean(nomination(tmp_path, contact1=contact1))


# -- the nomination list's own formatting: 14 pt throughout, exactly 22 pt --------------------------------
def test_nomination_at_exactly_20pt_fires_line_spacing(tmp_path):
    found = only_rule(nomination(tmp_path, line=LINE20), "line-spacing")
    assert all("固定行高 20 點" in f.message and "應為固定行高 22 點" in f.message for f in found)


def test_nomination_titles_at_16pt_fire_font_size(tmp_path):
    # the list's title and its 壹…肆 headings are 14 pt like everything else
    found = only_rule(nomination(tmp_path, title_rpr=TITLE_RPR), "font-size", 5)
    assert {(f.actual, f.expected) for f in found} == {("16 pt", "14 pt")}
    assert found[0].location.paragraph == 1 and "第1段" in found[0].message and found[1].message.startswith("標題「壹、執行期間」")


def test_nomination_brief_in_pmingliu_names_its_section(tmp_path):
    from handmade import NOMINATION_BRIEF
    bad = para(run("問題在於長者不熟悉數位服務。", fonts(ea=MING) + size(14)), ppr=spacing(440, "exact"))
    brief = [bad if x.startswith("長者不熟悉") else x for x in NOMINATION_BRIEF]
    (f,) = only_rule(nomination(tmp_path, brief=brief), "font-family", 1)
    assert f.message.startswith("「貳、問題分析」第1段有14個字使用「新細明體」")


# -- which form ------------------------------------------------------------------------------------------
def test_form_detected_from_the_title(tmp_path):
    assert summary(tmp_path).form == "summary_form"
    assert nomination(tmp_path).form == "nomination_list"
    # asked explicitly, the same
    assert check(summary_docx(tmp_path / "x.docx"), form="summary_form").form == "summary_form"


def test_unknown_document_cannot_tell_the_form(tmp_path):
    from click.testing import CliRunner
    from docgen.cli import main
    from wordfiles import make_docx, p
    path = make_docx(tmp_path / "letter.docx", p("會議紀錄") + p("出席人員：王大明"), WORD_DEFAULTS)
    res = check(path)
    assert res.error and "無法從標題判斷表單類型" in res.error and "\n" not in res.error
    assert res.findings == []
    out = CliRunner().invoke(main, ["check", str(path)])
    assert out.exit_code == 2, out.output
    assert "無法從標題判斷表單類型" in out.output and "Traceback" not in out.output
    out = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    assert out.exit_code == 2
    report = json.loads(out.output)["files"][0]
    assert report["form"] is None and report["findings"] == [] and "無法從標題判斷表單類型" in report["error"]
    # told the form, the same file is checked (and fails, being no form at all)
    assert check(path, form="summary_form").error is None


# -- locations and messages -------------------------------------------------------------------------------
def test_findings_carry_locations_and_one_line_zh_tw_messages(tmp_path):
    bad_run = para(run("好字", BODY_RPR), run("壞字", fonts(ea=MING) + size(14)), ppr=LINE20)
    res = summary(tmp_path, values={"參獎名稱": [""], "執行起迄日期": ["100年1月1日至迄今"]},
                  narrative=narrative_with({"（一）服務對象": "(一)服務對象"},
                                           insert_after={"二、預約服務": [bad_run]}))
    assert set(rules_fired(res)) == {"required-field", "date-window", "numbering-format", "font-family"}
    for f in res.findings:
        assert f.location.paragraph is not None or f.location.cell  # a table box is named by its cell
        assert "\n" not in f.message and re.search(r"[\u4e00-\u9fff]", f.message)
        assert f.severity == "error"
    by_rule = {f.rule: f for f in res.findings}
    assert by_rule["required-field"].location.cell == "表1第5列第2欄"
    assert by_rule["date-window"].location.cell == "表1第10列第2欄"
    assert by_rule["numbering-format"].location.section == "壹"
    assert by_rule["font-family"].location.section == "貳"
    assert by_rule["font-family"].location.excerpt.startswith("好字壞字")


# -- re-saved by LibreOffice ------------------------------------------------------------------------------
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def resave(src: Path, outdir: Path) -> Path:
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    profile = f"file:///tmp/lo_{uuid.uuid4().hex}"
    try:
        proc = subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation={profile}", "--convert-to",
                               'docx:MS Word 2007 XML', "--outdir", str(outdir), str(src)],
                              capture_output=True, timeout=240)
    finally:
        shutil.rmtree(profile[len("file://"):], ignore_errors=True)
    out = outdir / (src.stem + ".docx")
    assert out.exists(), proc.stderr[-500:]
    assert out.read_bytes() != src.read_bytes()
    return out


@pytest.mark.parametrize("make,form", [(summary_docx, "summary_form"), (nomination_docx, "nomination_list")])
def test_correct_form_resaved_by_libreoffice_is_clean(tmp_path, make, form):
    (tmp_path / "src").mkdir()
    src = make(tmp_path / "src" / f"{form}.docx")
    res = check(resave(src, tmp_path / "lo"))
    clean(res)
    assert res.form == form
    assert res.stats["count"] == check(src).stats["count"]


def test_styles_only_form_resaved_by_libreoffice_is_clean(tmp_path):
    (tmp_path / "src").mkdir()
    src = summary_docx(tmp_path / "src" / "styled.docx", direct=False, styles_xml=kai_styles())
    clean(check(resave(src, tmp_path / "lo")))


def test_word_numbered_form_resaved_by_libreoffice_is_clean(tmp_path):
    (tmp_path / "src").mkdir()
    src = summary_docx(tmp_path / "src" / "auto.docx", narrative=numbered(OUTLINE), numbering_xml=outline_numbering())
    clean(check(resave(src, tmp_path / "lo")))


def test_built_form_resaved_by_libreoffice_is_clean(summary_source, tmp_path):
    from docgen.build.builder import build_one
    from docgen.check import CheckOptions
    outcome = build_one(str(summary_source()), tmp_path / "built", options=CheckOptions(today=TODAY))
    clean(check(outcome.docx))
    res = check(resave(Path(outcome.docx), tmp_path / "lo"))
    clean(res)
    assert res.form == "summary_form"
