"""Complete hand-made application forms, written as raw WordprocessingML (not by docgen).

`summary_docx(path, ...)` writes a correct 專案摘要表 and `nomination_docx(path, ...)` a
correct 參獎機關名單, shaped the way Word saves a form typed by hand: a zh-TW Word's
defaults (theme fonts → 新細明體, 12 pt, single spacing) with direct formatting on every
run and paragraph (標楷體 16/14 pt, exactly 20/22 pt). Each keyword argument breaks or
varies exactly one thing, so a test can show one rule firing where it should.

Narrative / cell items are:

* a str — a typed paragraph; it is a title (16 pt) when it starts with 壹、…拾、,
* `Raw(xml)` — a paragraph written by the test (see `para`, `run`),
* `Text(text, title)` — a typed paragraph formatted as a title or as body,
* `Auto(ilvl, text)` — a paragraph numbered by Word (numbering.xml, numId 1).
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from wordfiles import (
    REL_TYPE, abstract_num, checkbox, doc_defaults, fonts, lvl, make_docx, num, numpr, picture_run, settings,
    size, spacing, style, tbl, tc, theme,
)
from xml.sax.saxutils import escape

KAI = "標楷體"
MING = "新細明體"


def kai(font: str = KAI) -> str:
    """w:rFonts naming one font for every slot, as Word writes after Format → Font."""
    return fonts(ea=font, ascii=font)


TITLE_RPR = kai() + size(16)
BODY_RPR = kai() + size(14)
LINE20 = spacing(400, "exact")
LINE22 = spacing(440, "exact")

# a zh-TW Word's own defaults: theme fonts (新細明體 through the Hant entry), 12 pt, single
WORD_DEFAULTS = (doc_defaults(fonts(ea_theme="minorEastAsia", ascii_theme="minorAscii")
                              + size(12) + '<w:lang w:val="en-US" w:eastAsia="zh-TW"/>')
                 + style("Normal", "Normal", default=True))
TITLE_STYLE = "Title16"  # used by titles when the form is formatted through styles


@dataclass(frozen=True)
class Raw:
    xml: str


@dataclass(frozen=True)
class Text:
    """A typed paragraph whose title/body formatting is said, not guessed from its marker."""
    text: str
    title: bool


@dataclass(frozen=True)
class Auto:
    ilvl: int
    text: str
    title: bool | None = None  # default: ilvl 0 is a title


def run(text: str, rpr: str | None = None) -> str:
    """A run with `rpr` (None: no formatting of its own)."""
    body = f'<w:t xml:space="preserve">{escape(text)}</w:t>'
    return f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}{body}</w:r>"


def para(*runs: str, ppr: str = "", mark: str | None = None, style_id: str | None = None) -> Raw:
    """A paragraph from runs; `ppr` extra paragraph properties, `mark` the paragraph mark's rPr."""
    props = (f'<w:pStyle w:val="{style_id}"/>' if style_id else "") + ppr
    if mark:
        props += f"<w:rPr>{mark}</w:rPr>"
    return Raw(f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{''.join(runs)}</w:p>")


def png_1x1() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


IMAGE_PARTS = {"word/media/image1.png": png_1x1()}
IMAGE_REL = f'<Relationship Id="rIdImg1" Type="{REL_TYPE}image" Target="media/image1.png"/>'

LEVEL1 = re.compile(r"^[壹貳參肆伍陸柒捌玖拾]+、")


def outline_numbering(fmts=("ideographLegalTraditional", "taiwaneseCountingThousand",
                            "taiwaneseCountingThousand", "decimal", "decimal"),
                      texts=("%1、", "%2、", "（%3）", "%4、", "（%5）"), rpr: str = "") -> str:
    """numbering.xml for the form's outline: 壹、 一、 （一） 1、 （1） as numId 1."""
    return abstract_num(0, *(lvl(i, f, t, rpr=rpr) for i, (f, t) in enumerate(zip(fmts, texts)))) + num(1, 0)


class Writer:
    """Formats items the same way throughout one document."""

    def __init__(self, *, direct: bool, title_rpr: str, body_rpr: str, line: str):
        self.direct, self.title_rpr, self.body_rpr, self.line = direct, title_rpr, body_rpr, line

    def p(self, text: str, title: bool = False, ppr: str = "") -> str:
        if self.direct:
            rpr = self.title_rpr if title else self.body_rpr
            return para(run(text, rpr), ppr=self.line + ppr, mark=rpr).xml
        return para(run(text), ppr=ppr, style_id=TITLE_STYLE if title else None).xml

    def item(self, item) -> str:
        if isinstance(item, Raw):
            return item.xml
        if isinstance(item, Text):
            return self.p(item.text, item.title)
        if isinstance(item, Auto):
            title = item.ilvl == 0 if item.title is None else item.title
            return self.p(item.text, title, ppr=numpr(1, item.ilvl))
        return self.p(item, bool(LEVEL1.match(item)))

    def cell(self, *items, span: int = 1, vmerge: str | None = None) -> str:
        return tc(*(self.item(i) for i in items), span=span, vmerge=vmerge)


# -- 專案摘要表 ------------------------------------------------------------------------------
SUMMARY_VALUES = {
    "機關(構)名稱": ["臺南市測試區公所"],
    "首長": ["王大明"],
    "職稱": ["區長"],
    "機關(構)地址": ["臺南市測試區中正路1號"],
    "機關(構)員額": ["共計：45人（含約聘僱及臨時人員）"],
    "機關(構)預算": ["120000千元"],
    "參獎名稱": ["行動櫃檯到府服務"],
    "團隊成員": ["臺南市測試區公所-王小明（課長）、李小華（課員）", "臺南市長青協會-張大同（理事長）", "共計：12人"],
    "投入經費": ["3500千元", "由區公所年度預算支應，並由長青協會提供志工人力。"],
    "與行政院重要政策或主要中長程個案計畫之關聯": ["配合行政院高齡社會白皮書推動在地老化。"],
    "公私協力合作情形": ["與臺南市長青協會合作，由協會提供志工陪同長者。"],
    "執行起迄日期": ["112年3月1日至迄今"],
}
REQUIRED_NOTE = "(必填)"
OPTIONAL_NOTE = "(如無免填)"
REQUIRED_LABELS = ("參獎名稱", "團隊成員", "投入經費", "執行起迄日期")
OPTIONAL_LABELS = ("與行政院重要政策或主要中長程個案計畫之關聯", "公私協力合作情形")

DECLARATIONS = [
    "一、參獎資料須遵守著作財產權、個人資料保護等相關規定，如有違反法令規定之情事，須自行負擔法律責任，"
    "所提報成果數據，應為真實，參獎申請書由參獎機關（構）人員自行撰寫，不可委外辦理。",
    "二、參獎資料（包括參獎申請書、簡報、照片及影片等）無償授權國發會，或再授權第三人使用，"
    "以不限區域、時間、次數及非營利之方式，作為廣宣表揚用途。",
    "三、參獎機關（構）於獲獎後應受主管機關督導維持服務品質；若獲獎3年內服務形象有重大缺失，"
    "國發會得要求其改善；如限期未改善，得撤銷其獲獎資格，並追回獎座。",
    "機關(構)首長：王大明（簽章）\u3000日期：中華民國115年5月1日",
]

SUMMARY_NARRATIVE = [
    "壹、專案簡介",
    "本所轄區幅員廣大，高齡人口比例達百分之二十二，長者往返區公所洽公不便，"
    "本所自112年起推動「行動櫃檯到府服務」，由同仁攜帶行動裝置前往偏鄉與長者家中，協助申辦各項業務。",
    "一、服務地區",
    "以本區山區六個里為主，並逐步擴及全區。",
    "（一）服務對象",
    "六十五歲以上獨居或行動不便之長者。",
    "1、獨居長者",
    "（1）高齡八十歲以上者優先服務。",
    "（2）由里長通報需求。",
    "2、身心障礙者",
    "（二）服務時段",
    "每週二、四下午。",
    "二、執行概況",
    "112年迄今累計服務1,200人次。",
    "貳、服務內容",
    "一、行動櫃檯",
    "同仁攜帶行動裝置與印表機，現場辦理戶籍謄本、印鑑證明及社福補助申請。",
    "二、預約服務",
    "民眾可透過電話或LINE預約，由專人回電確認。",
    "參、推動成效",
    "一、服務人次",
    "112年服務500人次，113年成長至700人次，民眾滿意度達百分之九十八。",
    "二、節省時間",
    "長者平均節省往返交通時間二小時。",
    "肆、未來努力方向",
    "一、擴大服務範圍",
    "將服務擴及全區三十七里，並與衛生所合作提供健康諮詢。",
    "二、數位精進",
    "導入視訊服務，讓長者在家即可與承辦人員面對面洽公。",
]


def summary_table(w: Writer, values: dict, labels: dict, picture: bool, merged_label: bool,
                  notes_apart: bool = False, note: str = REQUIRED_NOTE) -> str:
    """Part 1's table: "參獎名稱(必填)" typed in one paragraph (or the note on its own line)."""
    def label(key: str):
        text = labels.get(key, key)
        if key in REQUIRED_LABELS:
            return (text, note) if notes_apart else (text + note,)
        if key in OPTIONAL_LABELS:
            return (text, OPTIONAL_NOTE)
        return (text,)

    def row(key: str) -> list[str]:
        return [w.cell(*label(key)), w.cell(*values[key], span=5)]

    rows = [[w.cell(*label("機關(構)名稱")), w.cell(*values["機關(構)名稱"]),
             w.cell(*label("首長")), w.cell(*values["首長"]),
             w.cell(*label("職稱")), w.cell(*values["職稱"])]]
    for key in ("機關(構)地址", "機關(構)員額", "機關(構)預算", "參獎名稱", "團隊成員", "投入經費",
                "與行政院重要政策或主要中長程個案計畫之關聯", "公私協力合作情形", "執行起迄日期"):
        rows.append(row(key))
    chart = para(picture_run(), ppr="", mark=w.body_rpr if w.direct else None) if picture else ""
    if merged_label:
        # the label cell spans two rows (vMerge), the picture sits in the first
        rows.append([w.cell(*label("參獎團隊架構圖"), vmerge="restart"), w.cell(chart or "", span=5)])
        rows.append([w.cell(vmerge="continue"), w.cell("（圖示如上）", span=5)])
    else:
        rows.append([w.cell(*label("參獎團隊架構圖")), w.cell(chart or "", span=5)])
    return tbl(*rows, grid=6)


def summary_body(*, direct: bool = True, title_rpr: str = TITLE_RPR, body_rpr: str = BODY_RPR,
                 line: str = LINE20, title: str = "專案摘要表", part1: str = "第一部分、基本資料",
                 part2: str = "第二部分、專案摘要", values: dict | None = None, labels: dict | None = None,
                 narrative: list | None = None, picture: bool = True, merged_label: bool = False,
                 declarations: list | None = None, table_xml: str | None = None, after: list | None = None,
                 notes_apart: bool = False, required_note: str = REQUIRED_NOTE) -> str:
    w = Writer(direct=direct, title_rpr=title_rpr, body_rpr=body_rpr, line=line)
    vals = {**SUMMARY_VALUES, **(values or {})}
    out = [w.p(title, True), w.p(part1, True)]
    out.append(table_xml if table_xml is not None else summary_table(w, vals, labels or {}, picture, merged_label,
                                                                          notes_apart, required_note))
    out.extend(w.item(d) for d in (DECLARATIONS if declarations is None else declarations))
    out.append(w.p(part2, True, ppr="<w:pageBreakBefore/>"))
    out.extend(w.item(i) for i in (SUMMARY_NARRATIVE if narrative is None else narrative))
    out.extend(w.item(i) for i in (after or []))
    return "".join(out)


def summary_docx(path, *, styles_xml: str | None = None, numbering_xml: str | None = None,
                 theme_xml: str | None = None, settings_xml: str | None = None, **kw) -> Path:
    """A correct 專案摘要表; keyword arguments of `summary_body` change one thing."""
    return _write(path, summary_body(**kw), styles_xml, numbering_xml, theme_xml, settings_xml)


def _write(path, body, styles_xml, numbering_xml, theme_xml, settings_xml) -> Path:
    return make_docx(path, body, WORD_DEFAULTS if styles_xml is None else styles_xml, numbering_xml,
                     theme() if theme_xml is None else theme_xml,
                     settings("zh-TW") if settings_xml is None else settings_xml,
                     extra_parts=IMAGE_PARTS, extra_rels=IMAGE_REL)


# -- 參獎機關名單 ------------------------------------------------------------------------------
NOMINATION_INSTRUCTION = (
    "參獎服務規劃類者，請就專案進行簡介：請於1,000字以內簡要敘述專案的執行期間(須符合政府服務獎評獎實施計畫之規定期間)、"
    "問題分析(想要解決的問題)、規劃內容(運用的解決方法)、推動成效(或預期成效)及開放創新等特色。"
    "(字體規格：14號字標楷體，固定行高22點。)")

NOMINATION_BRIEF = [
    "壹、執行期間",
    "112年1月1日起迄今。",
    "貳、問題分析",
    "長者不熟悉數位服務，申辦線上業務常需家人協助。",
    "參、規劃內容",
    "一、設立陪伴站",
    "於各區設立數位陪伴站，由志工協助長者操作。",
    "二、培訓志工",
    "每年培訓志工一百名。",
    "肆、推動成效(或預期成效)",
    "服務人次逐年成長，113年達三千人次。",
]

CONTACT1 = "陳小美、科員、(02)2720-8889#1234、chen@mail.taipei.gov.tw"
CONTACT2 = "姓名、職稱、聯絡電話、電子信箱"


def box(on: bool, glyphs: str = "■□") -> str:
    return glyphs[0] if on else glyphs[1]


def nomination_body(*, direct: bool = True, title_rpr: str = BODY_RPR, body_rpr: str = BODY_RPR,
                    line: str = LINE22, title: str = "臺北市政府報名參加「政府服務獎」參獎機關名單",
                    agency: str = "臺北市測試服務處", category=("服務規劃類",), entry=("指定參獎",),
                    glyphs: str = "■□", content_controls: bool = False,
                    parent_agency: str = "臺北市政府社會局", project: str = "專案名稱：長者數位陪伴計畫",
                    brief: list | None = None, contact1: str | None = CONTACT1, contact2: str = CONTACT2,
                    instruction: str = NOMINATION_INSTRUCTION) -> str:
    w = Writer(direct=direct, title_rpr=title_rpr, body_rpr=body_rpr, line=line)
    rpr = body_rpr if direct else None

    def option(name: str, chosen, suffix: str = "") -> Raw:
        on = name in chosen
        tick = (checkbox(on) if content_controls else run(box(on, glyphs), rpr))
        return para(tick, run(name + suffix, rpr), ppr=line if direct else "", mark=rpr)

    header = [w.cell("參獎機關名稱"), w.cell("參獎類別"), w.cell("指定參獎/自行報名")]
    values = [w.cell(agency),
              w.cell(option("整體服務類", category), option("服務規劃類", category)),
              w.cell(option("指定參獎", entry, f"（一級機關：{parent_agency}）"), option("自行報名", entry))]
    contacts = ([f"窗口人員1：{contact1}"] if contact1 is not None else []) + [f"窗口人員2：{contact2}"]
    rows = [header, values,
            [w.cell(project, span=3)],
            [w.cell(instruction, *(NOMINATION_BRIEF if brief is None else brief), span=3)],
            [w.cell(*contacts, span=3)]]
    return "".join([w.p("附件1"), w.p(title, True), tbl(*rows, grid=3)])


def nomination_docx(path, *, styles_xml: str | None = None, numbering_xml: str | None = None,
                    theme_xml: str | None = None, settings_xml: str | None = None, **kw) -> Path:
    """A correct 參獎機關名單; keyword arguments of `nomination_body` change one thing."""
    return _write(path, nomination_body(**kw), styles_xml, numbering_xml, theme_xml, settings_xml)
