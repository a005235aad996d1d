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


# ---------------------------------------------------------------- the tests

def run_docgen(*args: str, cwd: Path = REPO, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*DOCGEN, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


def settle(listener: Listener) -> list[str]:
    """Hits, after giving a late request (a straggling LibreOffice thread) time to arrive."""
    import time
    time.sleep(0.5)
    return list(listener.hits)


def _bait_docx(tmp_path: Path, url: str) -> Path:
    docx = tmp_path / "bait.docx"
    docx.write_bytes(poison_docx((REPO / "templates" / "summary_form.docx").read_bytes(), url))
    return docx


def _convert_all(office, sources: list[Path], outdir: Path) -> None:
    for src in sources:
        for fmt in ("pdf", "odt", "docx"):
            if src.suffix[1:] != fmt:
                office.convert(src, outdir / f"{src.stem}-{src.suffix[1:]}.{fmt}", fmt)


@needs_office
def test_the_bait_is_real(tmp_path, listener, monkeypatch):
    """Control: a LibreOffice without docgen's two walls does fetch the bait (so the tests below can fail)."""
    from docgen.render import office as officemod
    from docgen.render import offline

    plain = re.sub(r'<item oor:path="/org\.openoffice\.ucb[^\n]*\n', "", officemod._REGISTRY)
    plain = re.sub(r"<item[^\n]*(BlockUntrustedRefererLinks|Content/Update)[^\n]*\n", "", plain)
    assert plain != officemod._REGISTRY
    monkeypatch.setattr(officemod, "_REGISTRY", plain)
    monkeypatch.setattr(offline, "offline_copy", lambda src, workdir: src)
    sources = [_bait_docx(tmp_path, listener.url), bait_odt(tmp_path / "bait.odt", listener.url)]
    with officemod.Office() as office:
        _convert_all(office, sources, tmp_path / "out")
    hits = " ".join(settle(listener))
    assert "linked-image" in hits and "odt-content-image" in hits and "odt-page-background" in hits, hits


@needs_office
@pytest.mark.parametrize("wall", ["profile", "offline-copy"])
def test_each_wall_alone_stops_every_request(tmp_path, listener, monkeypatch, wall):
    """The private profile alone, and the outside-reference cut alone, each keep LibreOffice offline."""
    from docgen.render import office as officemod
    from docgen.render import offline

    if wall == "profile":
        monkeypatch.setattr(offline, "offline_copy", lambda src, workdir: src)
    else:
        plain = re.sub(r'<item oor:path="/org\.openoffice\.ucb[^\n]*\n', "", officemod._REGISTRY)
        plain = re.sub(r"<item[^\n]*(BlockUntrustedRefererLinks|Content/Update)[^\n]*\n", "", plain)
        monkeypatch.setattr(officemod, "_REGISTRY", plain)
    sources = [_bait_docx(tmp_path, listener.url), bait_odt(tmp_path / "bait.odt", listener.url)]
    with officemod.Office() as office:
        _convert_all(office, sources, tmp_path / "out")
    assert settle(listener) == []
    assert (tmp_path / "out" / "bait-odt.pdf").read_bytes().startswith(b"%PDF-")


@needs_office
def test_convert_to_fallback_stays_offline(tmp_path, listener):
    from docgen.render.office import Office

    sources = [_bait_docx(tmp_path, listener.url), bait_odt(tmp_path / "bait.odt", listener.url)]
    with Office(mode="cli") as office:
        _convert_all(office, sources, tmp_path / "out")
    assert settle(listener) == []


@needs_office
def test_check_odt_reaches_nothing(tmp_path, listener):
    odt = bait_odt(tmp_path / "申請書.odt", listener.url)
    before = odt.read_bytes()
    r = run_docgen("check", str(odt))
    assert r.returncode in (0, 1), r.stdout + r.stderr
    assert "專案摘要表" in r.stdout or "summary" in r.stdout.lower()
    assert settle(listener) == []
    assert odt.read_bytes() == before, "the input must never change"


def test_check_docx_reaches_nothing(tmp_path, listener):
    docx = _bait_docx(tmp_path, listener.url)
    r = run_docgen("check", str(docx), "--format", "json")
    assert r.returncode in (0, 1), r.stdout + r.stderr
    assert settle(listener) == []


@needs_office
def test_build_with_a_baited_template_and_source_reaches_nothing(tmp_path, listener):
    """A --template with outside references in body, header and settings; a source linking out."""
    src = tmp_path / "src"
    src.mkdir()
    sample = REPO / "samples" / "summary_form"
    (src / "team_chart.png").write_bytes((sample / "team_chart.png").read_bytes())
    text = (sample / "application.md").read_text(encoding="utf-8")
    text += (f"\n\n![架構圖]({listener.url}/md-image.png) 參見[網站]({listener.url}/md-link)。"
             f"<img src=\"{listener.url}/md-html-image.png\">\n")
    (src / "application.md").write_text(text, encoding="utf-8")
    template = tmp_path / "bait-template.docx"
    template.write_bytes(poison_docx((REPO / "templates" / "summary_form.docx").read_bytes(), listener.url))
    r = run_docgen("build", str(src), "--pdf", "--odt", "--template", str(template), "-o", str(tmp_path / "out"))
    assert r.returncode in (0, 1), r.stdout + r.stderr
    pdf = tmp_path / "out" / "src.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-"), r.stdout + r.stderr
    assert (tmp_path / "out" / "src.odt").is_file()
    assert settle(listener) == []
    # the DOCX docgen wrote keeps the author's hyperlinks; only LibreOffice's copy was cut
    with zipfile.ZipFile(tmp_path / "out" / "src.docx") as z:
        assert f"{listener.url}/body-hyperlink".encode() in z.read("word/_rels/document.xml.rels")


def test_offline_copy_cuts_outside_references_and_keeps_hyperlinks(tmp_path):
    """Quiet and firing cases of the cut itself (no LibreOffice needed)."""
    from docgen.render.offline import BLOCKED, offline_copy

    url = "http://127.0.0.1:9"
    docx = _bait_docx(tmp_path, url)
    cut = offline_copy(docx, tmp_path / "work")
    assert cut != docx and cut.name == docx.name
    with zipfile.ZipFile(cut) as z:
        rels = b"".join(z.read(n) for n in z.namelist() if n.endswith(".rels"))
        assert rels.count(BLOCKED.encode()) == 9  # 4 in body, 4 in header, the attached template
        assert f"{url}/body-hyperlink".encode() in rels and f"{url}/header-hyperlink".encode() in rels
        assert b"linked-image" not in rels and b"settings-template" not in rels
    odt = offline_copy(bait_odt(tmp_path / "bait.odt", url), tmp_path / "work2")
    with zipfile.ZipFile(odt) as z:
        assert z.infolist()[0].filename == "mimetype" and z.infolist()[0].compress_type == zipfile.ZIP_STORED
        everything = b"".join(z.read(n) for n in z.namelist())
    assert everything.count(url.encode()) == 1 and f"{url}/odt-hyperlink".encode() in everything
    # nothing outside: the very same file goes to LibreOffice, no copy
    clean = tmp_path / "clean.docx"
    clean.write_bytes((REPO / "templates" / "summary_form.docx").read_bytes())
    assert offline_copy(clean, tmp_path / "work3") == clean
    assert not (tmp_path / "work3").exists()
