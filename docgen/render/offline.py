"""A copy of a DOCX/ODT with every outside reference cut, for LibreOffice's eyes only.

LibreOffice fetches linked pictures, linked OLE objects, section links,
background images and templates when it loads a document. The private
profile (office.py) already removes its network content providers; this is
the second wall: before a document reaches LibreOffice, each reference that
leaves the package (OOXML relationships with TargetMode="External",
ODF xlink:href to a URL or an outside path) is cut: a relationship points at
a name that does not exist, an ODF link loses its href. Hyperlinks are kept: they are text, never fetched on load.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from lxml import etree

from ..errors import InputError

BLOCKED = "docgen-blocked-link"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_HYPERLINK_REL = "/hyperlink"
# ODF elements whose xlink:href is a link a reader follows by hand
_ODF_LINKS = {
    "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}a",
    "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}a",
    "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}alphabetical-index-mark",
}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
OOXML_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")
ODF_SUFFIXES = (".odt", ".ott")


def _outside(href: str) -> bool:
    """True when an ODF href leaves the package (a URL, an absolute or parent path)."""
    h = href.strip().replace("\\", "/")
    if not h or h.startswith("#"):
        return False
    if _SCHEME.match(h) or h.startswith("/"):
        return True
    while h.startswith("./"):
        h = h[2:]
    return h.startswith("../")


def _parse(data: bytes) -> etree._Element:
    """Parse a part as it is (no Strict→transitional mapping: the copy must keep its
    vocabulary); never a DOCTYPE, an entity or the network."""
    from ..readers.ooxml.xml import has_doctype

    if has_doctype(data):
        raise InputError("docx.doctype")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, RecursionError, ValueError):
        raise InputError("docx.corrupt") from None


def _cut_rels(data: bytes, name: str) -> bytes | None:
    if b"xternal" not in data:  # TargetMode="External"
        return None
    root = _parse(data)
    changed = False
    for rel in root.iter(_REL):
        if (rel.get("TargetMode") or "").strip().lower() != "external":
            continue
        if (rel.get("Type") or "").endswith(_HYPERLINK_REL):
            continue
        if rel.get("Target") != BLOCKED:
            rel.set("Target", BLOCKED)
            changed = True
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) if changed else None


def _cut_odf(data: bytes, name: str) -> bytes | None:
    if b"href" not in data:
        return None
    root = _parse(data)
    changed = False
    for el in root.iter():
        href = el.get(_XLINK_HREF) if isinstance(el.tag, str) else None
        if href is None or el.tag in _ODF_LINKS or not _outside(href):
            continue
        del el.attrib[_XLINK_HREF]  # a relative stand-in would be looked up (and missed) in the package
        changed = True
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") if changed else None


def offline_copy(src: Path, workdir: Path) -> Path:
    """`src`, or a copy in `workdir` (same file name) with its outside references cut.

    A package docgen cannot open is passed on untouched: LibreOffice has no
    network provider either way, and will refuse or read it as it can.
    """
    from ..readers.ooxml import open_package

    suffix = src.suffix.lower()
    if suffix in OOXML_SUFFIXES:
        cut, wanted = _cut_rels, (lambda n: n.endswith(".rels"))
    elif suffix in ODF_SUFFIXES:
        cut, wanted = _cut_odf, (lambda n: n.endswith(".xml") and not n.startswith("meta-inf/"))
    else:
        return src
    try:
        pkg = open_package(src)
    except InputError:
        return src
    try:
        replaced: dict[str, bytes] = {}
        for key, info in pkg.members.items():
            if wanted(key):
                data = pkg.read(key)
                new = cut(data, info.filename) if data is not None else None
                if new is not None:
                    replaced[info.filename] = new
        if not replaced:
            return src
        workdir.mkdir(parents=True, exist_ok=True)
        dst = workdir / src.name
        with zipfile.ZipFile(dst, "w") as out:
            for info in pkg.zf.infolist():
                if info.filename in replaced:
                    out.writestr(info, replaced[info.filename], compress_type=zipfile.ZIP_DEFLATED)
                else:
                    with pkg.zf.open(info) as fin, out.open(info, "w") as fout:
                        shutil.copyfileobj(fin, fout, 1 << 16)
        return dst
    except InputError:
        return src
    finally:
        pkg.close()
