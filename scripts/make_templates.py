#!/usr/bin/env python3
"""Generate docgen's two Word templates (docxtpl / Jinja tags inside).

    python scripts/make_templates.py [--out DIR]      # default: <repo>/templates

Writes ``summary_form.docx`` (臺南市 專案摘要表, seed 000_…) and
``nomination_list.docx`` (臺北市 參獎機關名單 附件1, seed 001_…).

Design rules (tests/test_templates.py checks them):

* every run and every paragraph mark carries 標楷體 in all four rFonts slots,
  ``w:lang w:eastAsia="zh-TW"`` and ``w:sz``/``w:szCs`` (titles 16 pt, body 14 pt
  for summary_form; 14 pt throughout for nomination_list);
* every paragraph has ``spacing before=0 after=0 line=400|440 lineRule=exact``
  (20 pt / 22 pt) -- except the one paragraph holding the team-chart picture in
  summary_form, which is single-spaced (``auto``) because Word and LibreOffice
  clip an inline picture to the line height of an exact-spaced paragraph;
* styles.xml is written from scratch: docDefaults, Normal, heading 1 and the
  default table style all carry the same font/size/spacing, and nothing refers
  to theme fonts (no theme part is shipped at all);
* each Jinja tag is one whole ``w:t`` of one run (runs are built here, never
  typed), so docxtpl never has to glue tags back together;
* output is byte-for-byte reproducible: fixed core properties, fixed zip member
  order, date (1980-01-01) and permissions; files are written to a temporary
  name in the output folder and moved into place with ``os.replace``.
"""
from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from lxml import etree

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from docgen.writers import ooxml  # noqa: E402
from docgen.writers.ooxml import W_NS, el, qn  # noqa: E402
DEFAULT_OUT = REPO / "templates"

FONT = "標楷體"

# A4 portrait, 2 cm margins (1 cm = 567 twips).
PAGE_W, PAGE_H = 11906, 16838
MARGIN = 1134
TEXT_W = PAGE_W - 2 * MARGIN  # 9638 twips = 17 cm

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
ZIP_PERM = 0o100644
FIXED_TIME = "2000-01-01T00:00:00Z"

LABEL_FILL = "F2F2F2"
TAG_RE = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})")


@dataclass(frozen=True)
class Spec:
    """Per-form typography."""

    name: str
    title_sz: int  # half-points
    body_sz: int  # half-points
    line: int  # twentieths of a point, lineRule=exact
    title: str  # document title for core properties


SUMMARY = Spec("summary_form", title_sz=32, body_sz=28, line=400, title="專案摘要表")
NOMINATION = Spec("nomination_list", title_sz=28, body_sz=28, line=440, title="參獎機關名單")


# --------------------------------------------------------------------------
# low-level XML helpers: docgen's OOXML write layer
# --------------------------------------------------------------------------
def rpr(size: int, bold: bool = False) -> etree._Element:
    return ooxml.rpr(FONT, size, bold)


def ppr(
    spec: Spec,
    size: int,
    *,
    bold: bool = False,
    jc: str | None = None,
    ind: dict | None = None,
    keep_next: bool = False,
    page_break_before: bool = False,
    line_rule: str = "exact",
) -> etree._Element:
    """Paragraph properties in schema order, ending with the paragraph-mark rPr."""
    kids = []
    if keep_next:
        kids.append(el("w:keepNext"))
    if page_break_before:
        kids.append(el("w:pageBreakBefore"))
    kids.append(ooxml.spacing(spec.line if line_rule == "exact" else 240, line_rule))
    if ind:
        kids.append(el("w:ind", ind))
    if jc:
        kids.append(el("w:jc", {"w:val": jc}))
    kids.append(rpr(size, bold))
    return el("w:pPr", children=kids)


def run(text: str, size: int, bold: bool = False) -> etree._Element:
    return ooxml.run(text, rpr(size, bold))


def para(spec: Spec, text: str = "", *, title: bool = False, bold: bool = False, **kw):
    """One paragraph; literal text and each Jinja tag become separate runs."""
    size = spec.title_sz if title else spec.body_sz
    p = el("w:p", children=[ppr(spec, size, bold=bold, **kw)])
    for piece in TAG_RE.split(text):
        if piece:
            p.append(run(piece, size, bold))
    return p


# --------------------------------------------------------------------------
# document assembly (python-docx for the body and tables)
# --------------------------------------------------------------------------
class Builder:
    def __init__(self, spec: Spec):
        self.spec = spec
        self.doc = Document()
        body = self.doc.element.body
        for child in list(body):
            body.remove(child)
        body.append(self.sect_pr())

    @staticmethod
    def sect_pr() -> etree._Element:
        return el(
            "w:sectPr",
            children=[
                el("w:pgSz", {"w:w": PAGE_W, "w:h": PAGE_H}),
                el(
                    "w:pgMar",
                    {
                        "w:top": MARGIN,
                        "w:right": MARGIN,
                        "w:bottom": MARGIN,
                        "w:left": MARGIN,
                        "w:header": 851,
                        "w:footer": 992,
                        "w:gutter": 0,
                    },
                ),
                el("w:cols", {"w:space": 425}),
                el("w:docGrid", {"w:linePitch": 360}),
            ],
        )

    def add(self, p: etree._Element) -> None:
        self.doc.element.body.sectPr.addprevious(p)

    def p(self, text: str = "", **kw) -> None:
        self.add(para(self.spec, text, **kw))

    # -- tables ------------------------------------------------------------
    def table(self, widths: list[int], rows: int):
        assert sum(widths) == TEXT_W, (widths, sum(widths))
        table = self.doc.add_table(rows=rows, cols=len(widths))
        tbl = table._tbl
        old = tbl.tblPr
        borders = el(
            "w:tblBorders",
            children=[
                el(f"w:{side}", {"w:val": "single", "w:sz": 4, "w:space": 0, "w:color": "000000"})
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            ],
        )
        tbl_pr = el(
            "w:tblPr",
            children=[
                el("w:tblW", {"w:w": TEXT_W, "w:type": "dxa"}),
                el("w:jc", {"w:val": "center"}),
                borders,
                el("w:tblLayout", {"w:type": "fixed"}),
                el(
                    "w:tblCellMar",
                    children=[
                        el("w:top", {"w:w": 0, "w:type": "dxa"}),
                        el("w:left", {"w:w": 108, "w:type": "dxa"}),
                        el("w:bottom", {"w:w": 0, "w:type": "dxa"}),
                        el("w:right", {"w:w": 108, "w:type": "dxa"}),
                    ],
                ),
                el(
                    "w:tblLook",
                    {
                        "w:val": "0000",
                        "w:firstRow": 0,
                        "w:lastRow": 0,
                        "w:firstColumn": 0,
                        "w:lastColumn": 0,
                        "w:noHBand": 1,
                        "w:noVBand": 1,
                    },
                ),
            ],
        )
        old.addprevious(tbl_pr)
        tbl.remove(old)
        for gc, w in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths):
            gc.set(qn("w:w"), str(w))
        table._docgen_widths = widths
        return table

    def finish_table(self, table, shaded: dict[tuple[int, int], bool]) -> None:
        """Rewrite every tcPr: width from the grid, gridSpan, shading, vAlign."""
        widths = table._docgen_widths
        for r, tr in enumerate(table._tbl.tr_lst):
            col = 0
            for c, tc in enumerate(tr.tc_lst):
                span_el = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
                kids = [el("w:tcW", {"w:w": sum(widths[col : col + span]), "w:type": "dxa"})]
                if span > 1:
                    kids.append(el("w:gridSpan", {"w:val": span}))
                if shaded.get((r, c)):
                    kids.append(
                        el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": LABEL_FILL})
                    )
                kids.append(el("w:vAlign", {"w:val": "center"}))
                old = tc.find(qn("w:tcPr"))
                if old is not None:
                    tc.remove(old)
                tc.insert(0, el("w:tcPr", children=kids))
                col += span
            assert col == len(widths), (r, col)

    @staticmethod
    def fill(cell, paragraphs: list[etree._Element]) -> None:
        tc = cell._tc
        for p in tc.findall(qn("w:p")):
            tc.remove(p)
        for p in paragraphs:
            tc.append(p)

    @staticmethod
    def row_props(
        table, r: int, *, height: int | None = None, header: bool = False, cant_split=True
    ) -> None:
        tr = table._tbl.tr_lst[r]
        kids = [el("w:cantSplit")] if cant_split else []
        if height:
            kids.append(el("w:trHeight", {"w:val": height, "w:hRule": "atLeast"}))
        if header:
            kids.append(el("w:tblHeader"))
        old = tr.find(qn("w:trPr"))
        if old is not None:
            tr.remove(old)
        pos = 1 if tr.find(qn("w:tblPrEx")) is not None else 0
        tr.insert(pos, el("w:trPr", children=kids))

    def document_xml(self) -> bytes:
        return ooxml.tostring(self.doc.element)


# --------------------------------------------------------------------------
# summary_form
# --------------------------------------------------------------------------
DECLARATIONS = [
    "一、參獎資料須遵守著作財產權、個人資料保護等相關規定，如有違反法令規定之情事，"
    "須自行負擔法律責任，所提報成果數據，應為真實，參獎申請書由參獎機關（構）人員自行撰寫，"
    "不可委外辦理。若評獎過程發現參獎機關違反上開情事並經查證屬實，國發會有權取消其參獎資格；"
    "若於獲獎後發現，得撤銷其獲獎資格，並由主管機關於撤銷後追繳獎金及獎座，"
    "所有法律責任由參獎機關（構）自負，不得異議。",
    "二、參獎資料（包括參獎申請書、簡報、照片及影片等）無償授權國發會，或再授權第三人使用，"
    "以不限區域、時間、次數及非營利之方式，作為廣宣表揚用途。",
    "三、參獎機關（構）於獲獎後應受主管機關督導維持服務品質；若獲獎3年內服務形象有重大缺失，"
    "國發會得要求其改善；如限期未改善，得撤銷其獲獎資格，並追回獎座。",
]

SIGNATURE = (
    "機關(構)首長：{{ sign.name }}(請簽名或蓋章)　日期：中華民國"
    "{{ sign.year }}年{{ sign.month }}月{{ sign.day }}日"
)

# (label lines, value paragraphs) for the full-width rows under row 1.
SUMMARY_ROWS: list[tuple[list[str], list[str]]] = [
    (["機關(構)地址"], ["{{ f.address }}"]),
    (["機關(構)員額"], ["共計：{{ f.staff }}人（含約聘僱及臨時人員）"]),
    (["機關(構)預算"], ["{{ f.budget }}千元"]),
    (["參獎名稱", "(必填)"], ["{{ f.award_name }}"]),
    (["團隊成員", "(必填)"], ["{{ f.team }}", "共計：{{ f.team_size }}人"]),
    (["投入經費", "(必填)"], ["{{ f.funding }}千元", "{{ f.funding_note }}"]),
    (
        ["與行政院重要政策或主要中長程個案計畫之關聯", "(如無免填)"],
        ["{{ f.policy_link }}"],
    ),
    (["公私協力合作情形", "(如無免填)"], ["{{ f.ppp }}"]),
    (["執行起迄日期", "(必填)"], ["{{ f.period }}"]),
    (["參獎團隊架構圖"], ["{{ team_chart }}"]),
]

# label | agency | 首長 | head | 職稱 | head_title
SUMMARY_WIDTHS = [2500, 2400, 900, 1350, 900, 1588]


def build_summary() -> Builder:
    s = SUMMARY
    b = Builder(s)
    b.p("專案摘要表", title=True, bold=True, jc="center")
    b.p("第一部分、基本資料", title=True, bold=True)

    ncols = len(SUMMARY_WIDTHS)
    t = b.table(SUMMARY_WIDTHS, rows=1 + len(SUMMARY_ROWS))
    shaded: dict[tuple[int, int], bool] = {}

    # Row 0: 機關(構)名稱 | agency | 首長 | head | 職稱 | title
    row0 = [
        ("機關(構)名稱", True),
        ("{{ f.agency }}", False),
        ("首長", True),
        ("{{ f.head }}", False),
        ("職稱", True),
        ("{{ f.head_title }}", False),
    ]
    for c, (text, is_label) in enumerate(row0):
        b.fill(t.cell(0, c), [para(s, text, jc="center" if is_label else None)])
        shaded[(0, c)] = is_label

    for i, (labels, values) in enumerate(SUMMARY_ROWS, start=1):
        t.cell(i, 1).merge(t.cell(i, ncols - 1))
        b.fill(t.cell(i, 0), [para(s, line, jc="center") for line in labels])
        shaded[(i, 0)] = True
        if values == ["{{ team_chart }}"]:
            # Single spacing: an exact line height would clip the picture.
            b.fill(t.cell(i, 1), [para(s, values[0], jc="center", line_rule="auto")])
            b.row_props(t, i, height=2835)  # 5 cm of room for the chart
        else:
            b.fill(t.cell(i, 1), [para(s, v) for v in values])
            b.row_props(t, i)
    b.row_props(t, 0)
    b.finish_table(t, shaded)

    b.p("")
    hang = {"w:left": ooxml.chars_to_twips(2), "w:hanging": ooxml.chars_to_twips(2)}
    for text in DECLARATIONS:
        b.p(text, ind=hang, jc="both")
    b.p("")
    b.p(SIGNATURE)

    b.p("第二部分、專案摘要", title=True, bold=True, page_break_before=True)
    b.p("{{p narrative }}")
    return b


# --------------------------------------------------------------------------
# nomination_list
# --------------------------------------------------------------------------
NOMINATION_INSTRUCTION = (
    "參獎服務規劃類者，請就專案進行簡介：請於1,000字以內簡要敘述專案的執行期間"
    "(須符合政府服務獎評獎實施計畫之規定期間)、問題分析(想要解決的問題)、"
    "規劃內容(運用的解決方法)、推動成效(或預期成效)及開放創新"
    "(本構面為整體性構面，在專案問題分析及規劃內容等構面有不同之運用方式，"
    "請依實際運用情形於個別評核構面中撰寫，本構面毋須另闢專節撰寫)等特色。"
    "(字體規格：14號字標楷體，固定行高22點。)"
)
NOMINATION_WIDTHS = [2800, 2300, 4538]


def build_nomination() -> Builder:
    s = NOMINATION
    b = Builder(s)
    b.p("附件1", jc="right")
    b.p("臺北市政府報名參加「政府服務獎」參獎機關名單", title=True, bold=True, jc="center")

    t = b.table(NOMINATION_WIDTHS, rows=5)
    shaded: dict[tuple[int, int], bool] = {}
    for c, text in enumerate(["參獎機關名稱", "參獎類別", "指定參獎/自行報名"]):
        b.fill(t.cell(0, c), [para(s, text, jc="center")])
        shaded[(0, c)] = True
    b.fill(t.cell(1, 0), [para(s, "{{ f.agency }}", jc="center")])
    b.fill(
        t.cell(1, 1),
        [para(s, "{{ box.overall }}整體服務類"), para(s, "{{ box.planning }}服務規劃類")],
    )
    b.fill(
        t.cell(1, 2),
        [
            para(s, "{{ box.designated }}指定參獎（一級機關：{{ f.parent_agency }}）"),
            para(s, "{{ box.self }}自行報名"),
        ],
    )
    for r in (2, 3, 4):
        t.cell(r, 0).merge(t.cell(r, 2))
    b.fill(t.cell(2, 0), [para(s, "專案名稱：{{ f.project_name }}")])
    b.fill(
        t.cell(3, 0),
        [para(s, NOMINATION_INSTRUCTION, jc="both"), para(s, "{{p narrative }}")],
    )
    b.fill(
        t.cell(4, 0),
        [
            para(s, "窗口人員1：{{ c1.name }}、{{ c1.title }}、{{ c1.phone }}、{{ c1.email }}"),
            para(s, "窗口人員2：{{ c2.name }}、{{ c2.title }}、{{ c2.phone }}、{{ c2.email }}"),
        ],
    )
    b.row_props(t, 0, header=True)
    for r in (1, 2, 4):
        b.row_props(t, r)
    b.row_props(t, 3, cant_split=False)  # the brief may run over a page
    b.finish_table(t, shaded)
    b.p("")
    return b


# --------------------------------------------------------------------------
# package parts (everything but document.xml is written here, from scratch)
# --------------------------------------------------------------------------
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def rpr_xml(size: int) -> str:
    return ooxml.fragment(rpr(size))


def spacing_xml(line: int) -> str:
    return ooxml.fragment(ooxml.spacing(line))


def styles_xml(spec: Spec) -> str:
    body, head, sp = rpr_xml(spec.body_sz), rpr_xml(spec.title_sz), spacing_xml(spec.line)
    return (
        XML_DECL + f'<w:styles xmlns:w="{W_NS}">'
        "<w:docDefaults>"
        f"<w:rPrDefault>{body}</w:rPrDefault>"
        f"<w:pPrDefault><w:pPr>{sp}</w:pPr></w:pPrDefault>"
        "</w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
        '<w:name w:val="Normal"/><w:qFormat/>'
        f"<w:pPr>{sp}</w:pPr>{body}</w:style>"
        '<w:style w:type="paragraph" w:styleId="Heading1">'
        '<w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
        '<w:uiPriority w:val="9"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/>{sp}<w:outlineLvl w:val="0"/></w:pPr>{head}</w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/>'
        "<w:semiHidden/><w:unhideWhenUsed/></w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/>'
        "<w:semiHidden/><w:unhideWhenUsed/>"
        f"<w:pPr>{sp}</w:pPr>{body}"
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>"
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList">'
        '<w:name w:val="No List"/><w:uiPriority w:val="99"/>'
        "<w:semiHidden/><w:unhideWhenUsed/></w:style>"
        "</w:styles>"
    )


SETTINGS_XML = (
    XML_DECL + f'<w:settings xmlns:w="{W_NS}">'
    '<w:zoom w:percent="100"/>'
    '<w:defaultTabStop w:val="480"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    "<w:compat>"
    '<w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
    "</w:compat>"
    '<w:themeFontLang w:val="en-US" w:eastAsia="zh-TW"/>'
    '<w:decimalSymbol w:val="."/>'
    '<w:listSeparator w:val=","/>'
    "</w:settings>"
)

FONT_TABLE_XML = (
    XML_DECL + f'<w:fonts xmlns:w="{W_NS}">'
    f'<w:font w:name="{FONT}"><w:altName w:val="DFKai-SB"/>'
    '<w:panose1 w:val="03000509000000000000"/><w:charset w:val="88"/>'
    '<w:family w:val="script"/><w:pitch w:val="fixed"/></w:font>'
    "</w:fonts>"
)

CONTENT_TYPES_XML = (
    XML_DECL
    + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OD_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

ROOT_RELS_XML = (
    XML_DECL + f'<Relationships xmlns="{REL_NS}">'
    f'<Relationship Id="rId1" Type="{OD_REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{OD_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

DOC_RELS_XML = (
    XML_DECL + f'<Relationships xmlns="{REL_NS}">'
    f'<Relationship Id="rId1" Type="{OD_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{OD_REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{OD_REL}/fontTable" Target="fontTable.xml"/>'
    "</Relationships>"
)

APP_XML = (
    XML_DECL
    + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
    '2006/docPropsVTypes"><Application>docgen</Application><DocSecurity>0</DocSecurity>'
    "</Properties>"
)


def core_xml(spec: Spec) -> str:
    return (
        XML_DECL
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{spec.title}</dc:title>"
        "<dc:creator>docgen</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_TIME}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_TIME}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def package(builder: Builder) -> bytes:
    spec = builder.spec
    members = [
        ("[Content_Types].xml", CONTENT_TYPES_XML.encode()),
        ("_rels/.rels", ROOT_RELS_XML.encode()),
        ("docProps/app.xml", APP_XML.encode()),
        ("docProps/core.xml", core_xml(spec).encode()),
        ("word/_rels/document.xml.rels", DOC_RELS_XML.encode()),
        ("word/document.xml", builder.document_xml()),
        ("word/styles.xml", styles_xml(spec).encode()),
        ("word/settings.xml", SETTINGS_XML.encode()),
        ("word/fontTable.xml", FONT_TABLE_XML.encode()),
    ]
    return deterministic_zip(members)


def deterministic_zip(members: list[tuple[str, bytes]]) -> bytes:
    """Zip with fixed member order, timestamps and permissions."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = ZIP_PERM << 16
            zf.writestr(info, data, compresslevel=9)
    return buf.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


BUILDERS = {
    "summary_form.docx": build_summary,
    "nomination_list.docx": build_nomination,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})"
    )
    args = ap.parse_args(argv)
    for filename, build in BUILDERS.items():
        path = args.out / filename
        write_atomic(path, package(build()))
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
