"""Element helpers for WordprocessingML, in schema order.

Elements are made without their own namespace map: appended into a part that
declares `w`, they serialize with its prefix, so output is stable byte for byte.
"""

from __future__ import annotations

from typing import Iterable, Optional

from lxml import etree

from ...readers.ooxml.xml import R_NS, W_NS, find_child

NSMAP = {"w": W_NS, "r": R_NS}
_PREFIXES = {"w": W_NS, "r": R_NS, "xml": "http://www.w3.org/XML/1998/namespace"}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")

# Children of w:rPr and w:pPr in the order the schema requires (CT_RPr, CT_PPrBase); a
# property is inserted before the first sibling that must follow it.
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
             "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
             "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
             "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
             "specVanish", "oMath")
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
             "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku",
             "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi",
             "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
             "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
             "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
_ORDERS = {"rPr": RPR_ORDER, "pPr": PPR_ORDER}
# Clark name of the parent -> Clark name of a child -> its rank in the schema's order
_RANKS = {"{%s}%s" % (W_NS, parent): {"{%s}%s" % (W_NS, local): i for i, local in enumerate(order)}
          for parent, order in _ORDERS.items()}


_CLARK: dict[str, str] = {}


def qn(tag: str) -> str:
    """'w:rFonts' → Clark name; a name without prefix is returned as is."""
    name = _CLARK.get(tag)
    if name is None:  # the same few dozen names, asked for thousands of times by a fix
        prefix, _, local = tag.rpartition(":")
        name = _CLARK[tag] = "{%s}%s" % (_PREFIXES[prefix], local) if prefix else tag
    return name


def el(tag: str, attrs: Optional[dict] = None, children: Iterable = ()) -> etree._Element:
    """A new element; attribute values are written with str(), None children skipped."""
    e = etree.Element(qn(tag))
    for k, v in (attrs or {}).items():
        e.set(qn(k), str(v))
    for c in children:
        if c is not None:
            e.append(c)
    return e


def sub(parent, tag: str, attrs: Optional[dict] = None) -> etree._Element:
    e = el(tag, attrs)
    parent.append(e)
    return e


def ensure(parent, tag: str) -> etree._Element:
    """The child `tag` of a w:rPr / w:pPr (or any parent), created in schema order if missing."""
    name = qn(tag)
    found = find_child(parent, name)
    if found is not None:
        return found
    new = parent.makeelement(name)  # in the part's own document: cheaper than el(), same bytes
    order = _RANKS.get(parent.tag)
    rank = order.get(name) if order else None
    if rank is not None:
        for i, child in enumerate(parent):
            if order.get(child.tag, -1) > rank:
                parent.insert(i, new)
                return new
    parent.append(new)
    return new


def rpr(font: str, size_half_points: int, bold: bool = False, lang: str = "zh-TW") -> etree._Element:
    """Run properties: one font in all four slots, bold, size (both scripts), East Asian language."""
    kids = [el("w:rFonts", {f"w:{slot}": font for slot in FONT_SLOTS})]
    if bold:
        kids += [el("w:b"), el("w:bCs")]
    kids += [
        el("w:sz", {"w:val": size_half_points}),
        el("w:szCs", {"w:val": size_half_points}),
        el("w:lang", {"w:eastAsia": lang}),
    ]
    return el("w:rPr", children=kids)


def spacing(line_twips: int, rule: str = "exact", before: int = 0, after: int = 0) -> etree._Element:
    """w:spacing; `line` is twips for exact/atLeast and 240ths of a line for auto."""
    return el("w:spacing", {"w:before": before, "w:after": after, "w:line": line_twips,
                            "w:lineRule": rule})


def text_el(text: str) -> etree._Element:
    t = el("w:t")
    t.set(XML_SPACE, "preserve")
    t.text = text
    return t


def run(text: str, props: Optional[etree._Element] = None) -> etree._Element:
    return el("w:r", children=[props, text_el(text)])


# -- editing existing properties (docgen fix) ------------------------------------------------
def set_fonts(rpr_el, **slots: str) -> None:
    """Set rFonts slots (ascii=, hAnsi=, eastAsia=, cs=); a theme font on that slot is dropped."""
    fonts = ensure(rpr_el, "w:rFonts")
    for slot, name in slots.items():
        fonts.set(qn(f"w:{slot}"), name)
        theme = qn("w:cstheme" if slot == "cs" else f"w:{slot}Theme")
        if fonts.get(theme) is not None:
            del fonts.attrib[theme]


def set_east_asia_font(rpr_el, font: str) -> None:
    set_fonts(rpr_el, eastAsia=font)


def set_size(rpr_el, size_half_points: int) -> None:
    for tag in ("w:sz", "w:szCs"):
        ensure(rpr_el, tag).set(qn("w:val"), str(size_half_points))


def set_spacing(ppr_el, line_twips: int, rule: str = "exact") -> None:
    sp = ensure(ppr_el, "w:spacing")
    sp.set(qn("w:line"), str(line_twips))
    sp.set(qn("w:lineRule"), rule)


def tostring(root, standalone: bool = True) -> bytes:
    """A part's bytes: XML declaration, UTF-8, standalone as Word writes it."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=standalone)


def fragment(element) -> str:
    """An element as markup for a part whose root declares `w` (no namespace declarations)."""
    holder = etree.Element(qn("w:holder"), nsmap=NSMAP)
    holder.append(element)
    text = etree.tostring(element, encoding="unicode")
    for prefix, uri in NSMAP.items():
        text = text.replace(f' xmlns:{prefix}="{uri}"', "")
    return text
