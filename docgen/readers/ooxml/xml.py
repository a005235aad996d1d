"""Safe XML parsing of package parts, and the namespaces docgen reads.

Every part goes through `parse_part`: a part that declares a DOCTYPE or an ENTITY
is refused before parsing (OOXML never needs one, and it is the door for XXE and
entity-expansion attacks), so no parser ever meets a DTD or an entity definition.

Two trees, one reader. A check (`editable=False`) reads ordinary parts with the
standard library's expat tree, whose import costs ~2 ms against lxml's ~17 ms, a
fifth of a one-file `docgen check`. Whatever edits and writes the tree back (fix,
annotate, templates) reads with lxml, which never resolves entities, never loads
a DTD, never touches the network and keeps libxml2's limits (depth 256, text
nodes of 10 MB). A part over QUICK_PART_MAX, and any part expat refuses, is
parsed by lxml in a check too: the big ones keep libxml2's limits, and a refusal
is judged and worded as before (lxml also reads encodings expat does not). The
reader only uses what both trees share: iteration, tag, text, tail, get, iter and
the find helpers below; a deeper tree than libxml2 allows ends in the reader's
recursion limit (RecursionError, reported as `docx.too_deep`).
"""

from __future__ import annotations

from xml.etree.ElementTree import Element as _ExpatElement, ParseError, XMLParser

from ...errors import InputError
from ... import i18n

i18n.register({
    "docx.doctype": ("檔案含有不安全的 XML 宣告（DOCTYPE），已拒絕",
                     "The file contains an unsafe XML declaration (DOCTYPE); refused"),
    "docx.too_deep": ("檔案的 XML 結構層次過深，已拒絕",
                      "The file's XML is nested too deeply; refused"),
    "docx.bad_xml": ("檔案中的 {part} 不是有效的 XML，檔案可能已損毀，請用 Word 開啟後另存新檔",
                     "{part} in the file is not valid XML; the file may be damaged (open it in Word and save it again)"),
})

# -- namespaces ---------------------------------------------------------------
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V_NS = "urn:schemas-microsoft-com:vml"

# ISO/IEC 29500 Strict uses other namespace names for the same vocabulary;
# they are mapped to the transitional ones before parsing.
_STRICT = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", W_NS.encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships", R_NS.encode()),
    (b"http://purl.oclc.org/ooxml/drawingml/main", A_NS.encode()),
)


def w(local: str) -> str:
    """Clark name of a WordprocessingML element or attribute."""
    return "{%s}%s" % (W_NS, local)


def _wide(ascii_text: str, width: int, big_endian: bool) -> bytes:
    """ASCII text as UTF-16/32 bytes, without importing those codecs at every start."""
    pad = b"\0" * (width - 1)
    return b"".join(pad + bytes([c]) if big_endian else bytes([c]) + pad for c in ascii_text.encode())


_DOCTYPE_MARKS = tuple(
    mark for text, widths in (("<!DOCTYPE", (2, 4)), ("<!ENTITY", (2,)))
    for mark in (text.encode(), *(_wide(text, n, be) for n in widths for be in (False, True)))
)


# ordinary parts: a form's document.xml is 40-500 kB
QUICK_PART_MAX = 2 * 1024 * 1024


def _parser():
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        dtd_validation=False,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def has_doctype(data: bytes) -> bool:
    # every UTF-8 mark holds "!" and every UTF-16/32 one a NUL: two one-byte scans (memchr,
    # ~1 µs) clear the usual part, instead of one scan per mark (~140 µs on a form's text)
    if b"!" not in data and b"\0" not in data:
        return False
    return any(mark in data for mark in _DOCTYPE_MARKS)


def parse_part(data: bytes, part: str, *, editable: bool = True):
    """Parse the bytes of one package part safely, or raise InputError. `editable`: an lxml
    tree, to be changed and written back; else, for a part of ordinary size, an expat tree."""
    if has_doctype(data):
        raise InputError("docx.doctype")
    if b"purl.oclc.org/ooxml/" in data:
        for strict, transitional in _STRICT:
            data = data.replace(strict, transitional)
    if not editable and len(data) <= QUICK_PART_MAX:
        parser = XMLParser()  # its tree builder leaves comments and processing instructions out
        try:
            parser.feed(data)
            return parser.close()
        except (ParseError, ValueError, LookupError):  # also "multi-byte encodings are not supported"
            pass  # lxml decides, as for an editable tree
    from lxml import etree

    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        text = str(exc).lower()
        if "depth" in text or "nest" in text:
            raise InputError("docx.too_deep") from None
        if "entity" in text and ("loop" in text or "amplification" in text or "recursion" in text):
            raise InputError("docx.doctype") from None
        raise InputError("docx.bad_xml", part=part) from None
    except RecursionError:
        raise InputError("docx.too_deep") from None
    if root is None:
        raise InputError("docx.bad_xml", part=part)
    return root


def find_child(el, tag: str):
    """`el.find(tag)` for one Clark tag: the first child element of that tag, or None.
    An expat tree's find() is C code for a plain tag; lxml's goes through ElementPath,
    several times slower per call, and reading a form makes thousands of these calls."""
    if el.__class__ is _ExpatElement:
        return el.find(tag)
    for found in el.iterchildren(tag):
        return found
    return None


def find_children(el, tag: str) -> list:
    """`el.findall(tag)` for one Clark tag, without lxml's ElementPath."""
    if el.__class__ is _ExpatElement:
        return el.findall(tag)
    return list(el.iterchildren(tag))


def on_off(el, attr: str = None) -> bool:
    """Value of an ST_OnOff element: present with no val, or val in 1/true/on."""
    val = el.get(attr or w("val"))
    if val is None:
        return True
    return val.strip().lower() not in ("0", "false", "off", "none")


def int_attr(el, attr: str) -> int | None:
    val = el.get(attr)
    if val is None:
        return None
    try:
        return int(float(val.strip()))
    except (ValueError, OverflowError):
        return None


def float_attr(el, attr: str) -> float | None:
    val = el.get(attr)
    if val is None:
        return None
    try:
        f = float(val.strip())
    except ValueError:
        return None
    return f if f == f and abs(f) != float("inf") else None
