"""Author the acceptance forms in LibreOffice Writer, as a person would, through UNO.

Run by a Python that has LibreOffice's UNO bridge (Debian: /usr/bin/python3 with
python3-uno), joined to an office that docgen.render.office.Office started:

    python3 author.py CONNECTION OUTDIR [CASE ...]

For every case it writes OUTDIR/CASE.docx (filter "MS Word 2007 XML") and
OUTDIR/CASE.pdf (writer_pdf_Export), then OUTDIR/manifest.json. The content is
the shipped samples (samples/*/application.md); formatting is Writer's own:
paragraph styles carrying the East Asian font and size, line spacing in the
paragraph settings, a list style with Chinese numbering types, tables with
merged cells, ■/□ typed as characters. Each case changes one thing (CASES).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import uno
import yaml
from com.sun.star.beans import PropertyValue
from com.sun.star.style import LineSpacing
from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"

KAI = "標楷體"
MING = "新細明體"
NT = "com.sun.star.style.NumberingType."
UPPER_ZH_TW = uno.getConstantByName(NT + "NUMBER_UPPER_ZH_TW")  # 壹貳參
LOWER_ZH = uno.getConstantByName(NT + "NUMBER_LOWER_ZH")  # 一二三
ARABIC = uno.getConstantByName(NT + "ARABIC")
FIX, PROP, MINIMUM = 3, 0, 1  # com.sun.star.style.LineSpacingMode
PAGE_BEFORE = uno.Enum("com.sun.star.style.BreakType", "PAGE_BEFORE")

# the form's outline: (numbering type, prefix, suffix) for 壹、 一、 （一） 1、 （1）
OUTLINE = [(UPPER_ZH_TW, "", "、"), (LOWER_ZH, "", "、"), (LOWER_ZH, "（", "）"),
           (ARABIC, "", "、"), (ARABIC, "（", "）")]


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def hmm(points: float) -> int:
    """Points to 1/100 mm, LibreOffice's length unit."""
    return round(points * 2540 / 72)


def spacing(mode: int, value: float) -> LineSpacing:
    """LineSpacing: FIX/MINIMUM take points, PROP a percentage."""
    ls = LineSpacing()
    ls.Mode = mode
    ls.Height = value if mode == PROP else hmm(value)
    return ls


# -- the content ------------------------------------------------------------------------
def sample(form: str) -> tuple[dict, list[dict]]:
    """Front matter and narrative items ({level, text}) of samples/<form>/application.md."""
    text = (SAMPLES / form / "application.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    items, heading = [], 0
    for line in body.splitlines():
        line = line.strip()
        if not line:
            continue
        m = re.match(r"^(#{2,6})\s+(.*)$", line)
        if m:
            heading = len(m.group(1)) - 1
            items.append({"level": heading, "text": m.group(2)})
            continue
        m = re.match(r"^\d+\.\s+(.*)$", line)
        if m:  # an ordered list item sits one level below its heading
            items.append({"level": min(5, heading + 1), "text": m.group(1)})
            continue
        items.append({"level": 0, "text": line})
    return yaml.safe_load(front), items


# the forms' printed text, shared with the raw-XML hand-made forms
sys.path.insert(0, str(REPO / "tests"))
from handmade import DECLARATIONS, NOMINATION_INSTRUCTION  # noqa: E402

DECLARATIONS = DECLARATIONS[:3]  # the signature line is the sample's head's


def summary_values(front: dict) -> list[tuple[str, list[str]]]:
    """Part 1's rows after the first: (printed label lines, value paragraphs)."""
    def lines(v):
        return [s for s in str(v).splitlines() if s.strip()]
    return [
        (["機關(構)地址"], lines(front["address"])),
        (["機關(構)員額"], [f"共計：{front['staff']}人（含約聘僱及臨時人員）"]),
        (["機關(構)預算"], [f"{front['budget']}千元"]),
        (["參獎名稱", "(必填)"], lines(front["award_name"])),
        (["團隊成員", "(必填)"], lines(front["team"]) + [f"共計：{front['team_size']}人"]),
        (["投入經費", "(必填)"], [f"{front['funding']}千元"] + lines(front["funding_note"])),
        (["與行政院重要政策或主要中長程個案計畫之關聯", "(如無免填)"], lines(front["policy_link"])),
        (["公私協力合作情形", "(如無免填)"], lines(front["ppp"])),
        (["執行起迄日期", "(必填)"], [front["period"]]),
        (["參獎團隊架構圖"], []),  # the picture goes in here
    ]


# -- Writer -----------------------------------------------------------------------------
def set_outline(rules, outline) -> None:
    """Levels 1..5 of numbering rules (XIndexReplace) to the outline's types and affixes."""
    for level, (kind, prefix, suffix) in enumerate(outline):
        props = {p.Name: p.Value for p in rules.getByIndex(level)}
        # ListFormat (LibreOffice 7.2+) wins over Prefix/Suffix: set both
        props.update(NumberingType=kind, Prefix=prefix, Suffix=suffix, ParentNumbering=1,
                     ListFormat=f"{prefix}%{level + 1}%{suffix}",
                     LabelFollowedBy=uno.getConstantByName("com.sun.star.text.LabelFollow.NOTHING"))
        values = tuple(prop(k, v) for k, v in props.items())
        uno.invoke(rules, "replaceByIndex",
                   (level, uno.Any("[]com.sun.star.beans.PropertyValue", values)))


class Author:
    """One Writer document, formatted through styles as a person would."""

    def __init__(self, ctx, desktop, line: LineSpacing, title_pt: float, body_pt: float,
                 outline=OUTLINE, style_font: str = KAI, western_pt: float | None = None,
                 chapter: bool = False, char_styles: dict | None = None, indent: bool = False):
        self.ctx = ctx
        self.doc = desktop.loadComponentFromURL("private:factory/swriter", "_blank", 0,
                                                (prop("Hidden", True),))
        self.text = self.doc.Text
        families = self.doc.StyleFamilies
        page = families.getByName("PageStyles").getByName("Standard")
        page.Width, page.Height = 21000, 29700  # A4
        page.LeftMargin = page.RightMargin = 2000
        page.TopMargin = page.BottomMargin = 2000
        paras = families.getByName("ParagraphStyles")
        # the default paragraph style carries the form's font, size and line height
        std = paras.getByName("Standard")
        std.CharFontNameAsian = style_font
        std.CharHeightAsian = body_pt
        std.CharHeight = western_pt or body_pt
        std.ParaLineSpacing = line
        for name, size in (("標題", title_pt), ("內文", body_pt)):
            st = self.doc.createInstance("com.sun.star.style.ParagraphStyle")
            paras.insertByName(name, st)
            st.ParentStyle = "Standard"
            st.CharFontNameAsian = style_font
            st.CharHeightAsian = size
            st.CharHeight = western_pt or size
        if indent:  # body text justified, its first line indented by two characters
            body = paras.getByName("內文")
            body.ParaAdjust = 2  # BLOCK
            body.ParaFirstLineIndent = hmm(2 * body_pt)
        # the outline as a list style with Chinese numbering types
        numbering = self.doc.createInstance("com.sun.star.style.NumberingStyle")
        families.getByName("NumberingStyles").insertByName("大綱編號", numbering)
        rules = numbering.NumberingRules
        set_outline(rules, outline)
        numbering.NumberingRules = rules
        # a character style a person might make for emphasis
        chars = families.getByName("CharacterStyles")
        for name, props in (char_styles or {}).items():
            st = self.doc.createInstance("com.sun.star.style.CharacterStyle")
            chars.insertByName(name, st)
            for k, v in props.items():
                st.setPropertyValue(k, v)
        # or Writer's chapter numbering: Tools → Chapter Numbering on the Heading 1–5 styles
        self.chapter = chapter
        if chapter:
            set_outline(self.doc.ChapterNumberingRules, outline)
            for level in range(1, 6):
                st = paras.getByName(f"Heading {level}")
                size = title_pt if level == 1 else body_pt
                st.CharFontNameAsian = style_font
                st.CharHeightAsian = size
                st.CharHeight = western_pt or size
        self.fresh = True  # a new document has one empty paragraph

    # paragraphs
    def para(self, text: str, *, style: str = "內文", page_break: bool = False,
             para_props: dict | None = None, **kw) -> None:
        """Append a body paragraph (see `_fill` for the keywords)."""
        cursor = self.text.createTextCursor()
        cursor.gotoEnd(False)
        if not self.fresh:
            self.text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        self.fresh = False
        cursor.setPropertyToDefault("BreakType")
        if page_break:
            cursor.BreakType = PAGE_BEFORE
        for k, v in (para_props or {}).items():
            cursor.setPropertyValue(k, v)
        self._fill(self.text, cursor, text, style, **kw)

    def cell_para(self, cell, text: str, first: bool, style: str = "Table Contents", **kw) -> None:
        """Append a paragraph to a table cell (its first one when `first`)."""
        cursor = cell.createTextCursor()
        cursor.gotoEnd(False)
        if not first:
            cell.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        self._fill(cell, cursor, text, style, **kw)

    def _fill(self, target, cursor, text, style, level: int = 0, line=None, runs=(),
              start: int | None = None) -> None:
        """Style, numbering and line spacing of the paragraph at `cursor`, then its text.

        level 1..5: numbered by the list style 大綱編號 at that level (`start`:
        Writer's "restart numbering" at that value), or by chapter numbering
        through the Heading N style; `line` a direct LineSpacing;
        `runs` ((substring, {char props}), …) direct formatting on parts of the text.
        """
        for name in ("ParaLineSpacing", "ParaIsNumberingRestart"):
            cursor.setPropertyToDefault(name)
        if level and self.chapter:  # the Heading N style brings its number
            cursor.ParaStyleName = f"Heading {level}"
            cursor.setPropertyToDefault("NumberingStyleName")
        else:
            cursor.ParaStyleName = style
            cursor.NumberingStyleName = "大綱編號" if level else ""
            if level:
                cursor.NumberingLevel = level - 1
                if start is not None:
                    cursor.ParaIsNumberingRestart = True
                    cursor.NumberingStartValue = start
        if line is not None:
            cursor.ParaLineSpacing = line
        target.insertString(cursor, text, False)
        for sub, props in runs:
            sel = target.createTextCursorByRange(cursor.getEnd())
            sel.gotoStartOfParagraph(False)
            sel.goRight(text.index(sub), False)
            sel.goRight(len(sub), True)
            for k, v in props.items():
                sel.setPropertyValue(k, v)

    # tables
    def table(self, rows: int, cols: int, separators=None):
        table = self.doc.createInstance("com.sun.star.text.TextTable")
        table.initialize(rows, cols)
        cursor = self.text.createTextCursor()
        cursor.gotoEnd(False)
        self.text.insertTextContent(cursor, table, False)
        if separators:
            seps = table.TableColumnSeparators
            total = table.TableColumnRelativeSum
            for sep, pos in zip(seps, separators):
                sep.Position = round(total * pos)
            table.TableColumnSeparators = seps
        self.fresh = True  # Writer keeps an empty paragraph after a table: write into it
        return table

    def merge(self, table, first: str, right: int) -> None:
        c = table.createCursorByCellName(first)
        c.goRight(right, True)
        c.mergeRange()

    def cell(self, table, name: str, *paras) -> None:
        """Fill a cell with paragraphs: str, or (text, {_fill keywords})."""
        cell = table.getCellByName(name)
        for i, item in enumerate(paras):
            text, opts = (item, {}) if isinstance(item, str) else item
            self.cell_para(cell, text, i == 0, **opts)

    def picture(self, cell, path: Path, width_mm: float) -> None:
        """An inline picture (anchored as a character) at the end of a cell."""
        provider = self.ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.graphic.GraphicProvider", self.ctx)
        graphic = provider.queryGraphic((prop("URL", uno.systemPathToFileUrl(str(path))),))
        size = graphic.Size100thMM
        obj = self.doc.createInstance("com.sun.star.text.TextGraphicObject")
        obj.Graphic = graphic
        obj.AnchorType = uno.Enum("com.sun.star.text.TextContentAnchorType", "AS_CHARACTER")
        obj.Width = round(width_mm * 100)
        obj.Height = round(width_mm * 100 * size.Height / max(1, size.Width))
        cursor = cell.createTextCursor()
        cursor.gotoEnd(False)
        cell.insertTextContent(cursor, obj, False)

    def footer_page_numbers(self, size: float) -> None:
        """Insert → Footer, then 「第 N 頁」 with a page number field, centred, at `size` pt."""
        page = self.doc.StyleFamilies.getByName("PageStyles").getByName("Standard")
        page.FooterIsOn = True
        footer = page.FooterText
        cursor = footer.createTextCursor()
        cursor.ParaAdjust = 3  # centred
        cursor.CharHeightAsian = cursor.CharHeight = size
        footer.insertString(cursor, "第", False)
        field = self.doc.createInstance("com.sun.star.text.TextField.PageNumber")
        field.NumberingType = ARABIC
        field.SubType = uno.Enum("com.sun.star.text.PageNumberType", "CURRENT")
        footer.insertTextContent(cursor, field, False)
        footer.insertString(cursor, "頁", False)

    def save(self, stem: Path) -> None:
        for ext, flt in (("docx", "MS Word 2007 XML"), ("pdf", "writer_pdf_Export")):
            out = stem.with_suffix("." + ext)
            part = out.with_name(out.name + ".part")
            self.doc.storeToURL(uno.systemPathToFileUrl(str(part)),
                                (prop("FilterName", flt), prop("Overwrite", True)))
            os.replace(part, out)
        self.doc.close(True)


# -- the two forms ----------------------------------------------------------------------
def narrative_para(a: Author, item: dict, cell=None) -> None:
    kw = {k: item[k] for k in ("line", "runs", "start") if k in item}
    style = "標題" if item["level"] == 1 else "內文"
    if cell is None:
        a.para(item["text"], style=style, level=item["level"], **kw)
    else:
        a.cell_para(cell, item["text"], False, style=style, level=item["level"], **kw)


def summary_form(ctx, desktop, case: dict) -> Author:
    front, items = sample("summary_form")
    front.update(case.get("front", {}))
    items = case.get("narrative", lambda x: x)(items)
    for item in items:  # the project's name in bold, as a person would stress it
        if item["text"].startswith("本所於111年") and not item.get("runs"):
            item["runs"] = [("「行動區公所．長者服務到家」", {"CharWeight": 150.0, "CharWeightAsian": 150.0})]
    a = Author(ctx, desktop, case.get("line", spacing(FIX, 20)), title_pt=case.get("title_pt", 16),
               body_pt=case.get("body_pt", 14), outline=case.get("outline", OUTLINE),
               style_font=case.get("font", KAI), western_pt=case.get("western_pt"),
               chapter=case.get("chapter", False), char_styles=case.get("char_styles"),
               indent=case.get("indent", False))
    a.para("專案摘要表", style="標題", para_props={"ParaAdjust": 3})  # centred
    a.para("第一部分、基本資料", style="標題")
    rows = case.get("rows", summary_values)(front)
    t = a.table(1 + len(rows), 6, separators=[0.16, 0.40, 0.50, 0.66, 0.76])
    for r in range(2, 2 + len(rows)):
        a.merge(t, f"B{r}", 4)
    a.cell(t, "A1", "機關(構)名稱")
    # direct formatting a person adds: the English name of 標楷體 on one value
    kai_run = {"runs": [(front["agency"], {"CharFontNameAsian": "DFKai-SB"})]}
    a.cell(t, "B1", (front["agency"], kai_run if case.get("font", KAI) == KAI else {}))
    a.cell(t, "C1", "首長")
    a.cell(t, "D1", front["head"])
    a.cell(t, "E1", "職稱")
    a.cell(t, "F1", front["head_title"])
    for r, (labels, values) in enumerate(rows, 2):
        a.cell(t, f"A{r}", *labels)
        a.cell(t, f"B{r}", *(values or [""]))
        if labels[0] == "參獎團隊架構圖" and front.get("team_chart"):
            a.picture(t.getCellByName(f"B{r}"), SAMPLES / "summary_form" / front["team_chart"], 120)
    for d in DECLARATIONS:
        a.para(d)
    a.para(f"機關(構)首長：{front['head']}（簽章）\u3000日期：中華民國115年5月1日")
    if case.get("footer"):
        a.footer_page_numbers(case["footer"])
    a.para("第二部分、專案摘要", style="標題", page_break=True)
    for item in items:
        narrative_para(a, item)
    return a


def nomination_list(ctx, desktop, case: dict) -> Author:
    front, items = sample("nomination_list")
    front.update(case.get("front", {}))
    items = case.get("narrative", lambda x: x)(items)
    a = Author(ctx, desktop, case.get("line", spacing(FIX, 22)), title_pt=14, body_pt=14,
               outline=case.get("outline", OUTLINE))
    a.para("附件1")
    a.para("臺北市政府報名參加「政府服務獎」參獎機關名單", style="標題", para_props={"ParaAdjust": 3})
    t = a.table(5, 3)
    for r in (3, 4, 5):
        a.merge(t, f"A{r}", 2)
    on, off = case.get("boxes", "■□")
    category = case.get("category", {front["category"]})
    entry = case.get("entry", {front["entry"]})
    a.cell(t, "A1", "參獎機關名稱")
    a.cell(t, "B1", "參獎類別")
    a.cell(t, "C1", "指定參獎/自行報名")
    a.cell(t, "A2", front["agency"])
    a.cell(t, "B2", *[(on if c in category else off) + c for c in ("整體服務類", "服務規劃類")])
    a.cell(t, "C2", (on if "指定參獎" in entry else off) + f"指定參獎（一級機關：{front['parent_agency']}）",
           (on if "自行報名" in entry else off) + "自行報名")
    a.cell(t, "A3", f"專案名稱：{front['project_name']}")
    cell = t.getCellByName("A4")
    a.cell_para(cell, case.get("instruction", NOMINATION_INSTRUCTION), True)
    for item in items:
        narrative_para(a, item, cell)
    contacts = []
    for n in (1, 2):
        c = front.get(f"contact{n}")
        if c:
            contacts.append(f"窗口人員{n}：{c['姓名']}、{c['職稱']}、{c['聯絡電話']}、{c['電子信箱']}")
    a.cell(t, "A5", *contacts)
    if case.get("keep_rows"):  # Table Properties → uncheck "Allow row to break across pages"
        for i in range(t.Rows.Count):
            t.Rows.getByIndex(i).IsSplitAllowed = False
    return a


# -- the cases --------------------------------------------------------------------------
def _edit(match: str, **changes):
    """A narrative edit: the first item whose text starts with `match` gets `changes`."""
    def edit(items):
        out, done = [], False
        for item in items:
            if not done and item["text"].startswith(match):
                item = {**item, **changes}
                done = True
            out.append(item)
        assert done, match
        return out
    return edit


def _drop_section(title: str):
    """Remove a level-1 section and everything under it."""
    def edit(items):
        out, skipping = [], False
        for item in items:
            if item["level"] == 1:
                skipping = item["text"] == title
            if not skipping:
                out.append(item)
        return out
    return edit


def _insert_after(match: str, *new):
    def edit(items):
        out = []
        for item in items:
            out.append(item)
            if item["text"].startswith(match):
                out.extend(new)
        return out
    return edit


def _subs(*changes):
    """Narrative edits: in the first item starting with `match`, `old` becomes `new`."""
    def edit(items):
        for match, old, new in changes:
            items = _edit_text(items, match, old, new)
        return items
    return edit


def _edit_text(items, match, old, new):
    out, done = [], False
    for item in items:
        if not done and item["text"].startswith(match):
            assert old in item["text"], (match, old)
            item = {**item, "text": item["text"].replace(old, new, 1)}
            done = True
        out.append(item)
    assert done, match
    return out


def _team_with(line: str) -> str:
    """The sample's 團隊成員 with the telecom partner's line replaced."""
    team = sample("summary_form")[0]["team"]
    old = next(ln for ln in team.splitlines() if ln.startswith("瀛通電信"))
    return team.replace(old, line)


def _rows_edit(label: str, values):
    def rows(front):
        return [(labels, values if labels[0] == label else v) for labels, v in summary_values(front)]
    return rows


PADDING = ("本所另於各里辦理說明會，邀請里民提供意見，並將建議納入下一年度服務規劃，"
           "持續滾動檢討服務流程，務求讓每一位長者都能就近、便利且安心地完成申辦。")

S_BODY = "南瀛區位於臺南市北側"  # 壹's first body paragraph
N_BODY = "本中心服務轄內3個行政區"  # the nomination list's 貳 first body paragraph

CASES: dict[str, tuple] = {
    # form, case
    "summary_good": ("summary_form", {}),
    "nomination_good": ("nomination_list", {}),
    "nomination_ticks": ("nomination_list", {"boxes": "☑☐"}),
    # 內文 justified with a two-character first-line indent (首行縮排2字元)
    "summary_indented": ("summary_form", {"indent": True}),
    # page numbers in the footer, 「第 N 頁」 at 10 pt: not part of the form's text
    "summary_page_numbers": ("summary_form", {"footer": 10.0}),
    # rows kept whole: the contact row goes to the next page, its lines wrap within it
    "nomination_rows_kept": ("nomination_list", {"keep_rows": True}),
    # the outline by Writer's chapter numbering on Heading 1–5 instead of a list style
    "summary_chapter_numbering": ("summary_form", {"chapter": True}),
    # char-limit: 2000 字 in Part 2
    "summary_over_limit": ("summary_form", {"narrative": _insert_after(
        "長者表示", *[{"level": 0, "text": PADDING}] * 3)}),
    # required-field
    "summary_placeholder": ("summary_form", {"rows": _rows_edit(
        "參獎名稱", ["（請填寫參獎主要亮點服務措施名稱）"])}),
    "summary_empty_team": ("summary_form", {"rows": _rows_edit("團隊成員", [""])}),
    "summary_instruction_left": ("summary_form", {"narrative": _insert_after(
        "專案簡介", {"level": 0, "text": "﹝簡要介紹專案項目、執行概況、服務地區及服務對象特色。﹞"})}),
    # section-missing
    "summary_no_section3": ("summary_form", {"narrative": _drop_section("推動成效")}),
    "nomination_no_section2": ("nomination_list", {"narrative": _drop_section("問題分析")}),
    # font-family: a run in 新細明體 (direct formatting); the whole form in it
    "summary_ming_run": ("summary_form", {"narrative": _edit(
        S_BODY, runs=[("南瀛區位於臺南市北側，面積126平方公里", {"CharFontNameAsian": MING})])}),
    "summary_all_ming": ("summary_form", {"font": MING}),
    "summary_char_style_ming": ("summary_form", {
        "char_styles": {"強調": {"CharFontNameAsian": MING, "CharWeightAsian": 150.0}},
        "narrative": _edit("本所於111年", runs=[("偏遠里長者對「洽公交通不便」的不滿意比例達41%",
                                                {"CharStyleName": "強調"})])}),
    # the styles' Western size left at 12 pt, the Asian size right: Writer shows CJK at 14/16
    "summary_western_12": ("summary_form", {"western_pt": 12}),
    # font-size: one body paragraph at 12 pt (direct), titles at 14 pt (the style)
    "summary_small_para": ("summary_form", {"narrative": _edit(
        S_BODY, runs=[(None, {"CharHeightAsian": 12.0, "CharHeight": 12.0})])}),
    "summary_titles_14": ("summary_form", {"title_pt": 14}),
    "nomination_16pt_para": ("nomination_list", {"narrative": _edit(
        N_BODY, runs=[(None, {"CharHeightAsian": 16.0, "CharHeight": 16.0})])}),
    # line-spacing: one paragraph exactly 28 pt / 24 pt, double, at least 24 pt
    "summary_one_para_28": ("summary_form", {"narrative": _edit(S_BODY, line=("FIX", 28))}),
    "summary_one_para_24": ("summary_form", {"narrative": _edit(S_BODY, line=("FIX", 24))}),
    "summary_one_para_double": ("summary_form", {"narrative": _edit(S_BODY, line=("PROP", 200))}),
    "summary_one_para_atleast": ("summary_form", {"narrative": _edit(S_BODY, line=("MINIMUM", 24))}),
    "summary_all_single": ("summary_form", {"line": ("PROP", 100)}),
    "nomination_one_para_28": ("nomination_list", {"narrative": _edit(N_BODY, line=("FIX", 28))}),
    # at least 22 pt on a paragraph of CJK only: its lines are exactly 22 pt apart on paper
    "nomination_atleast_cjk": ("nomination_list", {"narrative": _edit(
        "中低收入及單親家庭", line=("MINIMUM", 22))}),
    # numbering-sequence: Writer's "restart numbering at 3" on the second 一、 → 一、三、
    "summary_numbering_gap": ("summary_form", {"narrative": _edit("專案緣起與執行概況", start=3)}),
    # numbering-depth: 1、 (level 4) right under 一、
    "summary_depth_skip": ("summary_form", {"narrative": _edit("服務地區及對象特色", level=4)}),
    # numbering-format: the list style's （一） level with half-width parentheses
    "summary_halfwidth_parens": ("summary_form", {"outline": [
        OUTLINE[0], OUTLINE[1], (LOWER_ZH, "(", ")"), OUTLINE[3], OUTLINE[4]]}),
    "summary_decimal_dot": ("summary_form", {"outline": [
        OUTLINE[0], OUTLINE[1], OUTLINE[2], (ARABIC, "", "."), OUTLINE[4]]}),
    # dates (summary: Part 1 field; nomination: section 壹)
    "summary_bad_date": ("summary_form", {"front": {"period": "112年13月45日至迄今"}}),
    "summary_early_start": ("summary_form", {"front": {"period": "111年6月1日至迄今"}}),
    "summary_future_start": ("summary_form", {"front": {"period": "199年1月1日至迄今"}}),
    "summary_cutoff_start": ("summary_form", {"front": {"period": "民國112年1月1日至114年12月31日"}}),
    "summary_end_before_start": ("summary_form", {"front": {"period": "113年5月1日至112年3月1日"}}),
    "nomination_early_start": ("nomination_list", {"narrative": _edit(
        "112年7月1日起迄今", text="110年7月1日起迄今。")}),
    "nomination_dotted_date": ("nomination_list", {"narrative": _edit(
        "112年7月1日起迄今", text="112.7.1起迄今。")}),
    # choice
    "nomination_both_categories": ("nomination_list", {"category": {"整體服務類", "服務規劃類"}}),
    "nomination_no_entry": ("nomination_list", {"entry": set()}),
    # contact
    "nomination_bad_email": ("nomination_list", {"front": {"contact1": {
        "姓名": "陳怡君", "職稱": "社會工作督導", "聯絡電話": "(02)2720-8889#6321",
        "電子信箱": "yjfsc-chen.mail.taipei.gov.tw"}}}),
    "nomination_no_contact1": ("nomination_list", {"front": {"contact1": None}}),
    # the writing norms: 台南市, 偏远 (simplified), a half-width comma, “好”, each in its own
    # paragraph, and 台南市 in 團隊成員 (Part 1) — typed as text, as a person pastes it
    "summary_norms": ("summary_form", {
        "narrative": _subs((S_BODY, "臺南市", "台南市"), ("本所於111年", "偏遠里", "偏远里"),
                           ("改裝一輛9人座廂型車", "做到一次辦結。", "做到一次辦結,不必久候。"),
                           ("自112年3月至114年12月", "主要成果如下：", "長者稱“好”，主要成果如下：")),
        "front": {"team": _team_with("台南市南瀛區農會：劉秀蘭（推廣股長）等2人；")}}),
    # near misses: a company registered with 台 in 團隊成員, a time, a URL, an English quote
    "summary_norms_quiet": ("summary_form", {
        "narrative": _subs((S_BODY, "公車班距", "公車（09:00至17:00）班距"),
                           ("本所於111年", "爰自112年3月起", "爰（https://www.tainan.gov.tw/）自112年3月起")),
        "front": {"team": _team_with("台灣大哥大股份有限公司：楊智傑（南區客服經理）等2人；")}}),
}


def _resolve(item: dict) -> dict:
    """Turn a case's plain descriptions into UNO values."""
    if isinstance(item.get("line"), tuple):
        mode, value = item["line"]
        item["line"] = spacing({"FIX": FIX, "PROP": PROP, "MINIMUM": MINIMUM}[mode], value)
    if item.get("runs"):
        item["runs"] = [(sub if sub is not None else item["text"], p) for sub, p in item["runs"]]
    return item


def author(ctx, desktop, name: str, outdir: Path) -> None:
    form, case = CASES[name]
    case = dict(case)
    edit = case.get("narrative")
    if edit is not None:
        case["narrative"] = lambda items, edit=edit: [_resolve(dict(i)) for i in edit(items)]
    if isinstance(case.get("line"), tuple):
        case["line"] = _resolve({"line": case["line"]})["line"]
    builder = summary_form if form == "summary_form" else nomination_list
    a = builder(ctx, desktop, case)
    a.save(outdir / name)


def connect(connection: str, timeout: float = 60.0):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + timeout
    while True:
        try:
            ctx = resolver.resolve(f"uno:{connection};urp;StarOffice.ComponentContext")
            break
        except Exception:
            if time.time() > deadline:
                raise
            time.sleep(0.2)
    return ctx, ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)


def main(argv: list[str]) -> int:
    connection, outdir, names = argv[1], Path(argv[2]), argv[3:] or list(CASES)
    outdir.mkdir(parents=True, exist_ok=True)
    ctx, desktop = connect(connection)
    timings = {}
    for name in names:
        t0 = time.monotonic()
        author(ctx, desktop, name, outdir)
        timings[name] = round(time.monotonic() - t0, 2)
        print(f"{name}: {timings[name]} s", file=sys.stderr)
    manifest = {"cases": {n: {"form": CASES[n][0], "docx": f"{n}.docx", "pdf": f"{n}.pdf"}
                          for n in names}, "seconds": timings}
    (outdir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1),
                                          encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
