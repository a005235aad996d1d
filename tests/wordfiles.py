"""Hand-made Word files for tests: literal WordprocessingML written with zipfile.

These files are NOT made by docgen (nor by python-docx), so the reader is
tested against packages shaped the way Word writes them. Use as a module::

    from wordfiles import make_docx, p, r
    make_docx(tmp_path / "a.docx", p(r("壹、專案簡介")))

or as a script, to write a few samples to look at in Word / LibreOffice::

    python tests/wordfiles.py OUTDIR
"""

from __future__ import annotations

import struct
import sys
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'mc:Ignorable="w14"'
)
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
WML_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."

# theme font PMingLiU is spelled 新細明體 in Word's Hant theme entry
THEME_HANT = "新細明體"


# -- small XML builders -------------------------------------------------------------------
def r(text: str = "", rpr: str = "", *, raw: str | None = None) -> str:
    """A run; `rpr` is the inner XML of w:rPr, `raw` replaces the w:t content."""
    inner = raw if raw is not None else f'<w:t xml:space="preserve">{escape(text)}</w:t>'
    return f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}{inner}</w:r>"


def p(*runs: str, ppr: str = "", style: str | None = None) -> str:
    """A paragraph of runs (strings are wrapped in plain runs when they are not XML)."""
    body = "".join(x if x.lstrip().startswith("<") else r(x) for x in runs)
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + ppr
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{body}</w:p>"


def fonts(ea: str | None = None, ascii: str | None = None, hansi: str | None = None,
          ea_theme: str | None = None, ascii_theme: str | None = None, hint: str | None = None) -> str:
    attrs = []
    if ascii:
        attrs.append(f'w:ascii="{ascii}"')
    if hansi or ascii:
        attrs.append(f'w:hAnsi="{hansi or ascii}"')
    if ea:
        attrs.append(f'w:eastAsia="{ea}"')
    if ea_theme:
        attrs.append(f'w:eastAsiaTheme="{ea_theme}"')
    if ascii_theme:
        attrs.append(f'w:asciiTheme="{ascii_theme}" w:hAnsiTheme="{ascii_theme.replace("Ascii", "HAnsi")}"')
    if hint:
        attrs.append(f'w:hint="{hint}"')
    return f"<w:rFonts {' '.join(attrs)}/>"


def size(points: float) -> str:
    hp = int(round(points * 2))
    return f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>'


def spacing(line: int, rule: str | None = "exact") -> str:
    return f'<w:spacing w:line="{line}"' + (f' w:lineRule="{rule}"' if rule else "") + "/>"


def numpr(num_id: int, ilvl: int = 0) -> str:
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'


def style(style_id: str, name: str | None = None, *, type: str = "paragraph", based_on: str | None = None,
          rpr: str = "", ppr: str = "", default: bool = False, link: str | None = None) -> str:
    return (
        f'<w:style w:type="{type}" w:styleId="{style_id}"' + (' w:default="1"' if default else "") + ">"
        f'<w:name w:val="{name or style_id}"/>'
        + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
        + (f'<w:link w:val="{link}"/>' if link else "")
        + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "")
        + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "")
        + "</w:style>"
    )


def table_style(style_id: str, *, rpr: str = "", regions: dict[str, str] | None = None,
                band_rows: int | None = None, based_on: str | None = None) -> str:
    """A table style; `regions` maps a w:tblStylePr type (firstRow…) to its rPr XML."""
    tblpr = f'<w:tblPr><w:tblStyleRowBandSize w:val="{band_rows}"/></w:tblPr>' if band_rows else ""
    conds = "".join(f'<w:tblStylePr w:type="{kind}"><w:rPr>{x}</w:rPr></w:tblStylePr>'
                    for kind, x in (regions or {}).items())
    return (f'<w:style w:type="table" w:styleId="{style_id}"><w:name w:val="{style_id}"/>'
            + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
            + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "") + tblpr + conds + "</w:style>")


def doc_defaults(rpr: str = "", ppr: str = "") -> str:
    return (f"<w:docDefaults><w:rPrDefault><w:rPr>{rpr}</w:rPr></w:rPrDefault>"
            f"<w:pPrDefault><w:pPr>{ppr}</w:pPr></w:pPrDefault></w:docDefaults>")


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, *, restart: int | None = None,
        rpr: str = "", ppr: str = "", pstyle: str | None = None, is_lgl: bool = False) -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        + (f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else "")
        + (f'<w:pStyle w:val="{pstyle}"/>' if pstyle else "")
        + ("<w:isLgl/>" if is_lgl else "")
        + f'<w:lvlText w:val="{escape(text)}"/><w:lvlJc w:val="left"/>'
        + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "")
        + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "")
        + "</w:lvl>"
    )


def abstract_num(aid: int, *levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}"><w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>'


def num(num_id: int, aid: int, overrides: dict[int, int] | None = None) -> str:
    ov = "".join(f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                 for k, v in (overrides or {}).items())
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>{ov}</w:num>'


def theme(hant: str = THEME_HANT, ea: str = "", latin: str = "Calibri", major_hant: str = "新細明體",
          jpan: str = "ＭＳ 明朝") -> str:
    def coll(kind, hant_face, latin_face):
        return (f"<a:{kind}><a:latin typeface=\"{latin_face}\"/><a:ea typeface=\"{ea}\"/><a:cs typeface=\"\"/>"
                f"<a:font script=\"Jpan\" typeface=\"{jpan}\"/><a:font script=\"Hant\" typeface=\"{hant_face}\"/>"
                f"<a:font script=\"Hans\" typeface=\"宋体\"/></a:{kind}>")
    return (DECL + '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office">'
            "<a:themeElements><a:fontScheme name=\"Office\">"
            + coll("majorFont", major_hant, "Calibri Light") + coll("minorFont", hant, latin)
            + "</a:fontScheme></a:themeElements></a:theme>")


def settings(ea_lang: str | None = "zh-TW") -> str:
    inner = f'<w:themeFontLang w:val="en-US" w:eastAsia="{ea_lang}"/>' if ea_lang else ""
    return DECL + f"<w:settings {NS}>{inner}</w:settings>"


def checkbox(checked: bool, glyph: str | None = None) -> str:
    """A Word 2010 content-control check box (w14:checkbox)."""
    glyph = glyph or ("☒" if checked else "☐")
    return (
        "<w:sdt><w:sdtPr><w14:checkbox>"
        f'<w14:checked w14:val="{1 if checked else 0}"/>'
        '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
        '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/>'
        "</w14:checkbox></w:sdtPr><w:sdtContent>"
        + r(glyph, fonts(ea="MS Gothic", ascii="MS Gothic", hint="eastAsia"))
        + "</w:sdtContent></w:sdt>"
    )


def textbox_run(*paragraphs: str) -> str:
    """A text box the way Word writes it: DrawingML in mc:Choice, the same text again as VML in mc:Fallback."""
    content = "".join(paragraphs)
    return (
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>"
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" '
        'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:extent cx="1000000" cy="500000"/><wp:docPr id="1" name="Text Box 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        '<mc:Fallback><w:pict><v:shape id="tb1" style="width:100pt;height:50pt"><v:textbox>'
        f"<w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def picture_run(rid: str = "rIdImg1") -> str:
    return (
        '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        '<wp:extent cx="100000" cy="100000"/><wp:docPr id="2" name="Picture 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="x.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rid}"/></pic:blipFill><pic:spPr/></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def tc(*paragraphs: str, span: int = 1, vmerge: str | None = None) -> str:
    props = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (
        '<w:vMerge w:val="restart"/>' if vmerge == "restart" else "<w:vMerge/>" if vmerge == "continue" else "")
    return f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}{''.join(paragraphs) or '<w:p/>'}</w:tc>"


def tbl(*rows: list[str], grid: int = 3, style: str | None = None, borders: bool = True, look: str = "") -> str:
    """A table; bordered on every side like Word's "Table Grid" unless borders=False.
    `look` is a whole w:tblLook element (which style regions apply)."""
    style_xml = ('<w:tblStyle w:val="%s"/>' % style if style else "") + look
    edges = "".join(f'<w:{e} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                    for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    border_xml = f"<w:tblBorders>{edges}</w:tblBorders>" if borders else ""
    tblpr = f'<w:tblPr>{style_xml}<w:tblW w:w="0" w:type="auto"/>{border_xml}</w:tblPr>'
    cols = "".join('<w:gridCol w:w="2000"/>' for _ in range(grid))
    return f"<w:tbl>{tblpr}<w:tblGrid>{cols}</w:tblGrid>" + "".join(
        "<w:tr>" + "".join(row) + "</w:tr>" for row in rows) + "</w:tbl>"


# -- packages -------------------------------------------------------------------------------
def _wrap(xml: str | None, root: str) -> str | None:
    if xml is None:
        return None
    if xml.lstrip().startswith("<?xml") or f"<w:{root}" in xml[:400]:
        return xml if xml.lstrip().startswith("<?xml") else DECL + xml
    return DECL + f"<w:{root} {NS}>{xml}</w:{root}>"


def document_xml(body_xml: str) -> str:
    return DECL + f"<w:document {NS}><w:body>{body_xml}<w:sectPr/></w:body></w:document>"


def make_docx(path, body_xml: str, styles_xml: str | None = None, numbering_xml: str | None = None,
              theme_xml: str | None = None, settings_xml: str | None = None, *,
              document: str | bytes | None = None, extra_parts: dict[str, bytes | str] | None = None,
              extra_rels: str = "", package_rels: str | None = None,
              content_types: str | None = None, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """Write a minimal valid .docx; part arguments are full XML or the inner XML of their root.

    `document` replaces word/document.xml entirely (for hostile tests), `extra_parts`
    adds members, `extra_rels` adds <Relationship> elements to document.xml.rels.
    """
    path = Path(path)
    parts: dict[str, bytes | str] = {}
    rels = []
    overrides = [("/word/document.xml", WML_CT + "document.main+xml")]
    for name, xml, rtype, ct in (
        ("styles.xml", _wrap(styles_xml, "styles"), "styles", "styles+xml"),
        ("numbering.xml", _wrap(numbering_xml, "numbering"), "numbering", "numbering+xml"),
        ("settings.xml", _wrap(settings_xml, "settings"), "settings", "settings+xml"),
    ):
        if xml is not None:
            parts["word/" + name] = xml
            rels.append(f'<Relationship Id="rId{len(rels) + 1}" Type="{REL_TYPE}{rtype}" Target="{name}"/>')
            overrides.append(("/word/" + name, WML_CT + ct))
    if theme_xml is not None:
        parts["word/theme/theme1.xml"] = theme_xml if theme_xml.lstrip().startswith("<") else theme_xml
        rels.append(f'<Relationship Id="rId{len(rels) + 1}" Type="{REL_TYPE}theme" Target="theme/theme1.xml"/>')
        overrides.append(("/word/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml"))
    ct_xml = content_types or (
        DECL + f'<Types xmlns="{CT_NS}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        + "".join(f'<Override PartName="{n}" ContentType="{c}"/>' for n, c in overrides)
        + "</Types>")
    pkg_rels = package_rels or (
        DECL + f'<Relationships xmlns="{REL_NS}">'
        f'<Relationship Id="rId1" Type="{REL_TYPE}officeDocument" Target="word/document.xml"/>'
        "</Relationships>")
    doc_rels = DECL + f'<Relationships xmlns="{REL_NS}">' + "".join(rels) + extra_rels + "</Relationships>"
    members: dict[str, bytes | str] = {
        "[Content_Types].xml": ct_xml,
        "_rels/.rels": pkg_rels,
        "word/document.xml": document if document is not None else document_xml(body_xml),
        "word/_rels/document.xml.rels": doc_rels,
    }
    members.update(parts)
    members.update(extra_parts or {})
    write_zip(path, members, compression)
    return path


def write_zip(path, members: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> Path:
    path = Path(path)
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def raw_zip(path, members: list[tuple[str, bytes, int, int, int]]) -> Path:
    """A ZIP written byte by byte: (name, stored bytes, method, declared size, crc) per member.

    The declared uncompressed size and CRC are whatever the caller says, so a
    test can make a ZIP that lies (method 8 = raw deflate, 0 = stored).
    """
    out = bytearray()
    central = bytearray()
    for name, data, method, declared, crc in members:
        fname = name.encode("utf-8")
        offset = len(out)
        out += struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0x800, method, 0, 0x21,
                           crc, len(data), declared, len(fname), 0) + fname + data
        central += struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0x800, method, 0, 0x21,
                               crc, len(data), declared, len(fname), 0, 0, 0, 0, 0, offset) + fname
    out += central + struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(members), len(members),
                                 len(central), len(out), 0)
    Path(path).write_bytes(bytes(out))
    return Path(path)


def deflated_zeros(megabytes: int) -> bytes:
    """A raw deflate stream that inflates to `megabytes` MiB of zeros, made in milliseconds.

    Each MiB is compressed once and ended with a full flush, which resets the
    compressor, so every following MiB compresses to the same bytes.
    """
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(1 << 20)
    first = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    assert block == again
    return first + block * (megabytes - 1) + comp.flush()


def ole_file(path, stream_names: list[str], size: int = 4096) -> Path:
    """A file with an OLE2 compound-file header and directory entries with these names.

    Enough for sniffing (it is not a complete compound file).
    """
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HH", header, 0x1A, 0x3E, 3)
    struct.pack_into("<HH", header, 0x1C, 0xFFFE, 9)
    struct.pack_into("<I", header, 0x30, 0)  # first directory sector
    directory = bytearray()
    for name in ["Root Entry", *stream_names]:
        entry = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")[:64]
        entry[: len(encoded)] = encoded
        struct.pack_into("<H", entry, 64, len(encoded))
        entry[66] = 5 if name == "Root Entry" else 2
        directory += entry
    data = bytes(header) + bytes(directory)
    data += b"\0" * max(0, size - len(data))
    Path(path).write_bytes(data)
    return Path(path)


# -- samples --------------------------------------------------------------------------------
def sample_styles() -> str:
    """docDefaults 標楷體 14 pt exactly 20 pt, a 標題 style 16 pt, Normal default."""
    return (doc_defaults(fonts(ea="標楷體", ascii="Times New Roman") + size(14), spacing(400, "exact"))
            + style("Normal", "Normal", default=True)
            + style("Title1", "標題一", based_on="Normal", rpr=size(16)))


def sample_numbering() -> str:
    return (abstract_num(0,
                         lvl(0, "ideographLegalTraditional", "%1、"),
                         lvl(1, "taiwaneseCountingThousand", "%2、"),
                         lvl(2, "taiwaneseCountingThousand", "（%3）"))
            + num(1, 0))


def write_samples(outdir) -> list[Path]:
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    body = (p(r("專案摘要表"), style="Title1")
            + p(r("專案簡介"), ppr=numpr(1, 0))
            + p(r("服務內容說明文字"), ppr=numpr(1, 1))
            + p(r("細項"), ppr=numpr(1, 2))
            + p(r("本段"), r("錯誤字型", fonts(ea="新細明體")), r("結尾")))
    return [
        make_docx(out / "sample.docx", body, sample_styles(), sample_numbering(), theme(), settings()),
    ]


if __name__ == "__main__":  # pragma: no cover
    for written in write_samples(sys.argv[1] if len(sys.argv) > 1 else "wordfiles-out"):
        print(written)
