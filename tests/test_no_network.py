"""No request ever leaves docgen: not from its readers, not from the LibreOffice it drives.

A listener on 127.0.0.1 (random port) counts every connection. DOCX (body,
header, settings, templates), ODT and build sources carry every kind of
external reference we know LibreOffice or Word may follow — linked and VML
images, INCLUDEPICTURE/INCLUDETEXT fields, linked OLE objects, sub-documents,
an attached template with linked styles, section links, floating frames,
background images, a template link in meta.xml — all pointing at the listener.
`docgen check` and `docgen build --pdf --odt --template` must not reach it.

Real LibreOffice, real files; these skip only when LibreOffice is missing and CI is unset.
"""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from docgen.render.office import find_soffice

REPO = Path(__file__).resolve().parents[1]
DOCGEN = [sys.executable, "-m", "docgen"]
needs_office = pytest.mark.skipif(find_soffice() is None and not os.environ.get("CI"),
                                  reason="LibreOffice is not installed (set CI=true to make this a failure)")

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
        'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"')


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection (and the first request line)."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.hits: list[str] = []
        self._stop = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            if self._stop:
                conn.close()
                return
            with conn:
                conn.settimeout(2)
                try:
                    first = conn.recv(4096).split(b"\r\n", 1)[0].decode("latin-1")
                except OSError:
                    first = ""
                self.hits.append(first or "(connection)")
                try:
                    conn.sendall(b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                except OSError:
                    pass

    def close(self):
        self._stop = True
        try:  # wake accept()
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
        except OSError:
            pass
        self.sock.close()
        self._thread.join(5)


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


# ---------------------------------------------------------------- bait documents

def _ext_rel(rid: str, kind: str, target: str) -> str:
    return f'<Relationship Id="{rid}" Type="{R}{kind}" Target="{target}" TargetMode="External"/>'


def _linked_picture(rid: str, n: int) -> str:
    """An inline DrawingML picture whose bits live at an external URL (a:blip r:link)."""
    return (f'<w:r><w:drawing><wp:inline><wp:extent cx="360000" cy="360000"/><wp:docPr id="{900 + n}" name="bait{n}"/>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{900 + n}" name="bait{n}.png"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:link="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="360000" cy="360000"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
            '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')


def _field(code: str, shown: str = "x") -> str:
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r><w:t>{shown}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


def _bait_body(url: str, where: str) -> tuple[str, list[str]]:
    """Paragraphs with every external reference we know of, and their relationships."""
    rels = [
        _ext_rel(f"rIdBaitImg{where}", "image", f"{url}/{where}-linked-image.png"),
        _ext_rel(f"rIdBaitVml{where}", "image", f"{url}/{where}-vml-image.png"),
        _ext_rel(f"rIdBaitLink{where}", "hyperlink", f"{url}/{where}-hyperlink"),
        _ext_rel(f"rIdBaitOle{where}", "oleObject", f"{url}/{where}-ole.xlsx"),
        _ext_rel(f"rIdBaitSub{where}", "subDocument", f"{url}/{where}-subdocument.docx"),
    ]
    d = " \\d"  # INCLUDEPICTURE's "do not store the picture" switch
    pic1 = _field(f"INCLUDEPICTURE &quot;{url}/{where}-includepicture.png&quot;" + d)
    pic2 = _field(f"INCLUDEPICTURE &quot;{url}/{where}-includepicture2.png&quot;")
    text = _field(f"INCLUDETEXT &quot;{url}/{where}-includetext.docx&quot;")
    link = _field(f"HYPERLINK &quot;{url}/{where}-hyperlink-field&quot;")
    simple = f"INCLUDEPICTURE &quot;{url}/{where}-fldsimple.png&quot;" + d
    xml = (
        f'<w:p>{_linked_picture(f"rIdBaitImg{where}", len(where))}</w:p>'
        f'<w:p><w:r><w:pict><v:shape id="baitvml{where}" style="width:20pt;height:20pt">'
        f'<v:imagedata r:id="rIdBaitVml{where}" o:title=""/></v:shape></w:pict></w:r></w:p>'
        f'<w:p><w:hyperlink r:id="rIdBaitLink{where}"><w:r><w:t>link</w:t></w:r></w:hyperlink></w:p>'
        f'<w:p>{pic1}</w:p><w:p>{pic2}</w:p><w:p>{text}</w:p><w:p>{link}</w:p>'
        f'<w:p><w:fldSimple w:instr=" {simple}"><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>'
        f'<w:p><w:r><w:object><v:shape id="baitole{where}" style="width:20pt;height:20pt"/>'
        f'<o:OLEObject Type="Link" ProgID="Excel.Sheet.12" ShapeID="baitole{where}" DrawAspect="Content" '
        f'r:id="rIdBaitOle{where}" UpdateMode="Always"><o:LinkType>EnhancedMetaFile</o:LinkType>'
        f'<o:LockedField>false</o:LockedField></o:OLEObject></w:object></w:r></w:p>'
    )
    if where == "body":
        xml += f'<w:subDoc r:id="rIdBaitSub{where}"/>'
    return xml, rels


def poison_docx(data: bytes, url: str) -> bytes:
    """`data` (a DOCX) with external references in its body, a new header and its settings."""
    src = zipfile.ZipFile(io.BytesIO(data))
    parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    doc = parts["word/document.xml"].decode("utf-8")
    body_xml, rels = _bait_body(url, "body")
    header_xml, header_rels = _bait_body(url, "header")
    doc = doc.replace("<w:body>", "<w:body>" + body_xml, 1)
    # a header part with its own external references
    doc = re.sub(r"<w:sectPr(\s[^>]*)?>",
                 lambda m: m.group(0) + '<w:headerReference w:type="default" r:id="rIdBaitHeader"/>', doc)
    doc = re.sub(r"<w:document\b([^>]*)>", lambda m: "<w:document" + _merge_ns(m.group(1)) + ">", doc, count=1)
    parts["word/document.xml"] = doc.encode("utf-8")
    parts["word/header1.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                 f'<w:hdr {W_NS}>{header_xml}<w:p><w:r><w:t>header</w:t></w:r></w:p></w:hdr>').encode()
    parts["word/_rels/header1.xml.rels"] = _rels_xml(header_rels)
    rels.append(f'<Relationship Id="rIdBaitHeader" Type="{R}header" Target="header1.xml"/>')
    doc_rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    parts["word/_rels/document.xml.rels"] = doc_rels.replace("</Relationships>", "".join(rels) + "</Relationships>").encode()
    ct = parts["[Content_Types].xml"].decode("utf-8")
    ct = ct.replace("</Types>", '<Override PartName="/word/header1.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>')
    parts["[Content_Types].xml"] = ct.encode()
    # an attached template on a web server, with styles linked to it (Word updates them on open)
    settings = parts["word/settings.xml"].decode("utf-8")
    settings = re.sub(r"<w:settings\b([^>]*)>",
                      lambda m: "<w:settings" + _merge_ns(m.group(1)) + ">"
                      + '<w:attachedTemplate r:id="rIdBaitTemplate"/><w:linkStyles/>', settings, 1)
    parts["word/settings.xml"] = settings.encode()
    parts["word/_rels/settings.xml.rels"] = _rels_xml(
        [_ext_rel("rIdBaitTemplate", "attachedTemplate", f"{url}/settings-template.dotx")])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in parts.items():
            z.writestr(name, blob)
    return out.getvalue()


def _merge_ns(attrs: str) -> str:
    for decl in re.findall(r'xmlns:\w+="[^"]*"', W_NS):
        if decl.split("=")[0] + "=" not in attrs:
            attrs += " " + decl
    return attrs


def _rels_xml(rels: list[str]) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels) + "</Relationships>").encode()


_ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
           'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
           'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
           'xmlns:xlink="http://www.w3.org/1999/xlink" '
           'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
           'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
           'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'office:version="1.3"')


def bait_odt(path: Path, url: str) -> Path:
    """An ODT whose content, styles and meta point at `url` in every way ODF allows."""
    def image(name):
        return (f'<draw:frame draw:name="{name}" svg:width="1cm" svg:height="1cm" text:anchor-type="as-char">'
                f'<draw:image xlink:href="{url}/{name}.png" xlink:type="simple" xlink:show="embed" '
                'xlink:actuate="onLoad"/></draw:frame>')

    content = f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {_ODF_NS}>
<office:scripts><office:event-listeners>
<script:event-listener script:language="ooo:script" script:event-name="dom:load" xlink:href="{url}/odt-onload-event"/>
</office:event-listeners></office:scripts>
<office:font-face-decls><style:font-face style:name="Bait" svg:font-family="Bait">
<svg:font-face-src><svg:font-face-uri xlink:href="{url}/odt-font.ttf" xlink:type="simple"/></svg:font-face-src>
</style:font-face></office:font-face-decls>
<office:automatic-styles><style:style style:name="P9" style:family="paragraph">
<style:paragraph-properties><style:background-image xlink:href="{url}/odt-para-background.png" xlink:type="simple"/>
</style:paragraph-properties><style:text-properties style:font-name="Bait"/></style:style></office:automatic-styles>
<office:body><office:text>
<text:p text:style-name="P9">專案摘要表 {image("odt-content-image")}</text:p>
<text:p><text:a xlink:type="simple" xlink:href="{url}/odt-hyperlink">link</text:a></text:p>
<text:section text:name="linked"><text:section-source xlink:href="{url}/odt-section.odt" xlink:type="simple"/>
<text:p>cached</text:p></text:section>
<text:p><draw:frame draw:name="ole" svg:width="2cm" svg:height="2cm" text:anchor-type="as-char">
<draw:object xlink:href="{url}/odt-linked-object.ods" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/>
</draw:frame></text:p>
<text:p><draw:frame draw:name="frame" svg:width="2cm" svg:height="2cm" text:anchor-type="as-char">
<draw:floating-frame xlink:href="{url}/odt-floating-frame.html" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/>
</draw:frame></text:p>
<text:p><draw:frame draw:name="plugin" svg:width="2cm" svg:height="2cm" text:anchor-type="as-char">
<draw:plugin xlink:href="{url}/odt-plugin.mp4" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/>
</draw:frame></text:p>
<text:p><text:file-name/> <text:execute-macro text:name="x"/></text:p>
</office:text></office:body></office:document-content>'''
    styles = f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {_ODF_NS}>
<office:styles>
<draw:fill-image draw:name="BaitFill" xlink:href="{url}/odt-fill-image.png" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/>
</office:styles>
<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm">
<style:background-image xlink:href="{url}/odt-page-background.png" xlink:type="simple" xlink:actuate="onLoad"/>
</style:page-layout-properties></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">
<style:header><text:p>{image("odt-header-image")}</text:p></style:header>
</style:master-page></office:master-styles></office:document-styles>'''
    meta = f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta {_ODF_NS}><office:meta>
<meta:template xlink:type="simple" xlink:actuate="onRequest" xlink:href="{url}/odt-template.ott" xlink:title="t"/>
<meta:auto-reload xlink:href="{url}/odt-auto-reload.odt" meta:delay="PT0S"/>
</office:meta></office:document-meta>'''
    manifest = '''<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>'''
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content)
        z.writestr("styles.xml", styles)
        z.writestr("meta.xml", meta)
        z.writestr("META-INF/manifest.xml", manifest)
    return path
