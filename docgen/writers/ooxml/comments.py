"""Word comments: the comments part, its package wiring, and the anchors in a paragraph."""

from __future__ import annotations

from lxml import etree

from .xml import NSMAP, el, qn, run, text_el

COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def comments_root() -> etree._Element:
    return etree.Element(qn("w:comments"), nsmap=NSMAP)


# Word's own comment text: 10 pt, single spaced. Said on each comment's paragraphs and runs
# (styles.xml stays as it is): otherwise they take the form's 14 pt body with its exact
# 20 pt lines, and LibreOffice, short of room beside a page, cuts the comments' text off.
COMMENT_HALF_POINTS = 20


def comment(cid: int, author: str, initials: str, date: str, lines: list[str]) -> etree._Element:
    """A w:comment holding one paragraph per line (CommentReference style left to Word)."""
    c = el("w:comment", {"w:id": cid, "w:author": author, "w:initials": initials, "w:date": date})
    for line in lines:
        ppr = el("w:pPr", children=[el("w:spacing", {"w:before": 0, "w:after": 0, "w:line": 240,
                                                      "w:lineRule": "auto"})])
        rpr = el("w:rPr", children=[el("w:sz", {"w:val": COMMENT_HALF_POINTS}),
                                    el("w:szCs", {"w:val": COMMENT_HALF_POINTS})])
        c.append(el("w:p", children=[ppr, run(line, rpr)]))
    return c


def anchor_paragraph(p, cid: int) -> None:
    """Comment range around all of a paragraph's content, and the reference run after it."""
    start = el("w:commentRangeStart", {"w:id": cid})
    ppr = p.find(qn("w:pPr"))
    p.insert(1 if ppr is not None and p.index(ppr) == 0 else 0, start)
    p.append(el("w:commentRangeEnd", {"w:id": cid}))
    # no character style: styles.xml stays as it is
    p.append(el("w:r", children=[el("w:commentReference", {"w:id": cid})]))


def remove_anchors(document_root, ids: set[str]) -> int:
    """Take out the ranges and reference runs of the comments `ids`; how many were removed."""
    removed = 0
    for tag in ("w:commentRangeStart", "w:commentRangeEnd", "w:commentReference"):
        for node in list(document_root.iter(qn(tag))):
            if node.get(qn("w:id")) not in ids:
                continue
            parent = node.getparent()
            parent.remove(node)
            removed += 1
            if tag == "w:commentReference" and parent.tag == qn("w:r") and \
                    all(child.tag == qn("w:rPr") for child in parent):
                parent.getparent().remove(parent)
    return removed


def add_override(content_types, part_name: str, content_type: str) -> None:
    """An Override in [Content_Types].xml for `/part_name`, unless one is there."""
    name = "/" + part_name.lstrip("/")
    for o in content_types.iter("{%s}Override" % CT_NS):
        if (o.get("PartName") or "").lower() == name.lower():
            return
    o = etree.SubElement(content_types, "{%s}Override" % CT_NS)
    o.set("PartName", name)
    o.set("ContentType", content_type)


def add_relationship(rels, rel_type: str, target: str) -> str:
    """A Relationship in a .rels part with a fresh id; the id."""
    used = {r.get("Id") for r in rels.iter("{%s}Relationship" % REL_NS)}
    n = 1
    while f"rId{n}" in used:
        n += 1
    r = etree.SubElement(rels, "{%s}Relationship" % REL_NS)
    r.set("Id", f"rId{n}")
    r.set("Type", rel_type)
    r.set("Target", target)
    return f"rId{n}"


__all__ = ["COMMENTS_REL", "COMMENTS_TYPE", "add_override", "add_relationship", "anchor_paragraph", "comment",
           "comments_root", "remove_anchors", "text_el"]
