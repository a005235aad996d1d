"""A form's Word template, written from its profile alone (`docgen template FORM`).

The profile's `layout` lists the blocks of the printed form — paragraphs and
tables with docxtpl tags — and its fonts, sizes and line height say how every
run and paragraph is formatted. Same profile, same bytes: fixed part order,
timestamps and permissions, no python-docx default template involved.

Contract (tests/test_templates.py): every run and paragraph mark carries the
form's font in all four slots, zh-TW and the title or body size; every
paragraph has the form's line height (a picture's paragraph is single-spaced:
an exact height would clip it); each Jinja tag is one whole run.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Optional

from lxml import etree

from ..profile import FormProfile
from ..writers import ooxml
from ..writers.ooxml import W_NS, el

LABEL_FILL = "F2F2F2"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
FIXED_TIME = "2000-01-01T00:00:00Z"
TAG_RE = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\t)")
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# namespaces a rendered picture (docxtpl InlineImage) uses, declared once on the root
DOC_NSMAP = {
    "w": W_NS,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}
# panose and charset of 標楷體 (Word picks the right face from them when the name differs)
KAI_FONT = {"altName": "DFKai-SB", "panose1": "03000509000000000000", "charset": "88",
            "family": "script", "pitch": "fixed"}


def default_layout(profile: FormProfile) -> list[dict]:
    """A profile without a layout: its name as the title, each part's heading, the narrative."""
    blocks: list[dict] = [{"text": profile.name, "role": "title", "bold": True, "align": "center"}]
    for part in profile.parts:
        if part.title != profile.name:
            blocks.append({"text": part.title, "role": "title", "bold": True})
        if part.narrative:
            blocks.append({"text": "{{p narrative }}"})
    if not any(part.narrative for part in profile.parts):
        blocks.append({"text": "{{p narrative }}"})
    return blocks


def text_width(profile: FormProfile) -> int:
    """The width between the margins (twips) of a form's page."""
    return profile.page["width"] - 2 * profile.page["margin"]


def table_element(widths: list[int]) -> etree._Element:
    """A bordered, fixed-layout table of these column widths (twips), centred, no rows yet."""
    border = {"w:val": "single", "w:sz": 4, "w:space": 0, "w:color": "000000"}
    cell_mar = [el(f"w:{side}", {"w:w": w, "w:type": "dxa"})
                for side, w in (("top", 0), ("left", 108), ("bottom", 0), ("right", 108))]
    return el("w:tbl", children=[
        el("w:tblPr", children=[
            el("w:tblW", {"w:w": sum(widths), "w:type": "dxa"}),
            el("w:jc", {"w:val": "center"}),
            el("w:tblBorders", children=[el(f"w:{s}", border) for s in
                                         ("top", "left", "bottom", "right", "insideH", "insideV")]),
            el("w:tblLayout", {"w:type": "fixed"}),
            el("w:tblCellMar", children=cell_mar),
            el("w:tblLook", {"w:val": "0000", "w:firstRow": 0, "w:lastRow": 0, "w:firstColumn": 0,
                             "w:lastColumn": 0, "w:noHBand": 1, "w:noVBand": 1}),
        ]),
        el("w:tblGrid", children=[el("w:gridCol", {"w:w": w}) for w in widths]),
    ])


def cell_element(width: int, span: int, label: bool, paragraphs: list) -> etree._Element:
    """A table cell: width, span, a label's shading, centred vertically, its paragraphs."""
    props = [el("w:tcW", {"w:w": width, "w:type": "dxa"})]
    if span > 1:
        props.append(el("w:gridSpan", {"w:val": span}))
    if label:
        props.append(el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": LABEL_FILL}))
    props.append(el("w:vAlign", {"w:val": "center"}))
    return el("w:tc", children=[el("w:tcPr", children=props), *paragraphs])


class _Writer:
    def __init__(self, profile: FormProfile):
        self.profile = profile
        self.page = profile.page
        self.text_width = text_width(profile)
        self.line = ooxml.pt_to_twips(profile.line_points)
        self.title_sz = ooxml.half_points(profile.size_title)
        self.body_sz = ooxml.half_points(profile.size_body)
        self.body = el("w:body")

    def rpr(self, size: int, bold: bool = False):
        return ooxml.rpr(self.profile.font_family, size, bold)

    def chars(self, n: float) -> int:
        return ooxml.chars_to_twips(n, self.profile.size_body)

    def paragraph(self, text: str, spec: dict, *, align: Optional[str] = None) -> etree._Element:
        """One paragraph: literal text, each Jinja tag and each tab a run of its own."""
        title = spec.get("role") == "title"
        bold = bool(spec.get("bold"))
        size = self.title_sz if title else self.body_sz
        kids = []
        if spec.get("keep_next"):
            kids.append(el("w:keepNext"))
        if spec.get("page_break"):
            kids.append(el("w:pageBreakBefore"))
        if spec.get("tab_right"):  # a right tab stop at the margin: the date ends the line
            kids.append(el("w:tabs", children=[el("w:tab", {"w:val": "right", "w:pos": self.text_width})]))
        if spec.get("picture"):  # single-spaced: an exact line height clips an inline picture
            kids.append(ooxml.spacing(240, "auto"))
        else:
            kids.append(ooxml.spacing(self.line, self.profile.line_rule))
        indent = spec.get("indent")
        if indent:
            kids.append(el("w:ind", {f"w:{k}": self.chars(v) for k, v in indent.items()}))
        jc = spec.get("align") or align
        if jc:
            kids.append(el("w:jc", {"w:val": jc}))
        kids.append(self.rpr(size, bold))
        p = el("w:p", children=[el("w:pPr", children=kids)])
        for piece in TAG_RE.split(text):
            if piece == "\t":
                p.append(el("w:r", children=[self.rpr(size, bold), el("w:tab")]))
            elif piece:
                p.append(ooxml.run(piece, self.rpr(size, bold)))
        return p

    def paragraphs(self, spec: dict, *, align: Optional[str] = None) -> list:
        texts = spec.get("text", "")
        texts = [texts] if isinstance(texts, str) else list(texts)
        return [self.paragraph(t, spec, align=align) for t in texts]

    def table(self, spec: dict) -> etree._Element:
        widths = [int(w) for w in spec["widths"]]
        if sum(widths) != self.text_width:  # the rest of the text width goes to the last column
            widths[-1] += self.text_width - sum(widths)
        tbl = table_element(widths)
        for r, row in enumerate(spec["rows"]):
            props = [] if row.get("split") else [el("w:cantSplit")]
            if row.get("height"):
                props.append(el("w:trHeight", {"w:val": row["height"], "w:hRule": "atLeast"}))
            if row.get("header"):
                props.append(el("w:tblHeader"))
            tr = el("w:tr", children=[el("w:trPr", children=props)])
            col = 0
            for cell in row["cells"]:
                span = int(cell.get("span", 1))
                tr.append(cell_element(sum(widths[col:col + span]), span, bool(cell.get("label")),
                                       self.paragraphs(cell, align="center" if cell.get("label") else None)))
                col += span
            if col != len(widths):
                raise ValueError(f"table row {r + 1} spans {col} of {len(widths)} columns")
            tbl.append(tr)
        return tbl

    def sect_pr(self) -> etree._Element:
        m = self.page["margin"]
        return el("w:sectPr", children=[
            el("w:pgSz", {"w:w": self.page["width"], "w:h": self.page["height"]}),
            el("w:pgMar", {"w:top": m, "w:right": m, "w:bottom": m, "w:left": m,
                           "w:header": 851, "w:footer": 992, "w:gutter": 0}),
            el("w:cols", {"w:space": 425}),
            el("w:docGrid", {"w:linePitch": 360}),
        ])

    def document_xml(self, blocks: list[dict]) -> bytes:
        for block in blocks:
            if "table" in block:
                self.body.append(self.table(block["table"]))
            else:
                self.body.extend(self.paragraphs(block))
        self.body.append(self.sect_pr())
        root = etree.Element(ooxml.qn("w:document"), nsmap=DOC_NSMAP)
        root.append(self.body)
        return ooxml.tostring(root)

    # -- the other parts --------------------------------------------------------------
    def styles_xml(self) -> str:
        body, head = ooxml.fragment(self.rpr(self.body_sz)), ooxml.fragment(self.rpr(self.title_sz))
        sp = ooxml.fragment(ooxml.spacing(self.line, self.profile.line_rule))
        return (
            XML_DECL + f'<w:styles xmlns:w="{W_NS}">'
            f"<w:docDefaults><w:rPrDefault>{body}</w:rPrDefault>"
            f"<w:pPrDefault><w:pPr>{sp}</w:pPr></w:pPrDefault></w:docDefaults>"
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
            f'<w:name w:val="Normal"/><w:qFormat/><w:pPr>{sp}</w:pPr>{body}</w:style>'
            '<w:style w:type="paragraph" w:styleId="Heading1">'
            '<w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
            '<w:uiPriority w:val="9"/><w:qFormat/>'
            f'<w:pPr><w:keepNext/>{sp}<w:outlineLvl w:val="0"/></w:pPr>{head}</w:style>'
            '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
            '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/>'
            "<w:semiHidden/><w:unhideWhenUsed/></w:style>"
            '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
            '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
            f"<w:pPr>{sp}</w:pPr>{body}"
            '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
            '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
            '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr></w:style>"
            '<w:style w:type="numbering" w:default="1" w:styleId="NoList">'
            '<w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
            "</w:styles>"
        )

    def font_table_xml(self) -> str:
        font = el("w:font", {"w:name": self.profile.font_family})
        if self.profile.font_family in ("標楷體", "DFKai-SB"):
            for key, value in KAI_FONT.items():
                font.append(el(f"w:{key}", {"w:val": value}))
        return XML_DECL + f'<w:fonts xmlns:w="{W_NS}">' + ooxml.fragment(font) + "</w:fonts>"


SETTINGS_XML = (
    XML_DECL + f'<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="480"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/><w:compat>'
    '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
    '</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-TW"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
)
_OD = "application/vnd.openxmlformats-officedocument"
CONTENT_TYPES_XML = (
    XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{_OD}.wordprocessingml.document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{_OD}.wordprocessingml.styles+xml"/>'
    f'<Override PartName="/word/settings.xml" ContentType="{_OD}.wordprocessingml.settings+xml"/>'
    f'<Override PartName="/word/fontTable.xml" ContentType="{_OD}.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    f'<Override PartName="/docProps/app.xml" ContentType="{_OD}.extended-properties+xml"/>'
    "</Types>"
)
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OD_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ROOT_RELS_XML = (
    XML_DECL + f'<Relationships xmlns="{_REL_NS}">'
    f'<Relationship Id="rId1" Type="{_OD_REL}/officeDocument" Target="word/document.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL_NS}/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_OD_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
DOC_RELS_XML = (
    XML_DECL + f'<Relationships xmlns="{_REL_NS}">'
    f'<Relationship Id="rId1" Type="{_OD_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{_OD_REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{_OD_REL}/fontTable" Target="fontTable.xml"/>'
    "</Relationships>"
)
APP_XML = (
    XML_DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>docgen</Application><DocSecurity>0</DocSecurity></Properties>"
)


def _core_xml(title: str) -> str:
    from xml.sax.saxutils import escape
    return (
        XML_DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>docgen</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_TIME}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_TIME}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def template_bytes(profile: FormProfile) -> bytes:
    """The form's template as a DOCX; the same profile always gives the same bytes."""
    writer = _Writer(profile)
    members = [
        ("[Content_Types].xml", CONTENT_TYPES_XML.encode()),
        ("_rels/.rels", ROOT_RELS_XML.encode()),
        ("docProps/app.xml", APP_XML.encode()),
        ("docProps/core.xml", _core_xml(profile.name).encode()),
        ("word/_rels/document.xml.rels", DOC_RELS_XML.encode()),
        ("word/document.xml", writer.document_xml(profile.layout or default_layout(profile))),
        ("word/styles.xml", writer.styles_xml().encode()),
        ("word/settings.xml", SETTINGS_XML.encode()),
        ("word/fontTable.xml", writer.font_table_xml().encode()),
    ]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            zf.writestr(info, data, compresslevel=9)
    return buf.getvalue()


def write_template(profile: FormProfile, path) -> "Path":
    """Write the form's template to `path` atomically; never over the profile it is made from."""
    from pathlib import Path

    from ..fsutil import atomic_write

    return atomic_write(Path(path), template_bytes(profile), [profile.path] if profile.path else [])
