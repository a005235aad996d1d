"""What the four writing-norm rules share: the text they read and one finding per paragraph.

The text is the author's: the counted narrative (instructions and automatic markers left
out, a typed outline marker skipped — its shape is numbering-format's) and the values of
Part 1's fields (never the form's printed labels). `docgen fix` walks the same units.
"""

from __future__ import annotations

from typing import Optional

from .. import i18n
from ..model import FieldValue, Paragraph
from ..normalize import norm
from ..structure import is_placeholder
from ..text import norms


class Unit:
    """One stretch of the author's text: a paragraph (from `skip` on) or a source's field value.
    (A plain class: a dataclass costs ~0.4 ms to define at every start.)"""

    __slots__ = ("text", "p", "fv", "label", "skip")

    def __init__(self, text: str, p: Optional[Paragraph] = None, fv: Optional[FieldValue] = None,
                 label: Optional[str] = None, skip: int = 0):
        self.text, self.p, self.fv = text, p, fv
        self.label = label  # the field's printed label
        self.skip = skip

    def __repr__(self) -> str:
        return f"Unit(text={self.text!r}, skip={self.skip})"


def _marker_end(p: Paragraph) -> int:
    """Where a typed outline marker ends (0 when the marker is automatic or absent)."""
    m = p.outline
    if m is None or p.marker_auto:
        return 0
    stripped = p.text.lstrip(" \u3000\ufeff\u200b")
    lead = len(p.text) - len(stripped)
    return lead + len(m.text) if stripped.startswith(m.text) else 0


def units(ctx) -> list[Unit]:
    cached = ctx.cache.get("norms_units")
    if cached is not None:
        return cached
    out: list[Unit] = []
    seen: set[int] = set()
    for p in ctx.doc.paragraphs:
        # a 壹、 heading is the form's own section title (肆、推動成效(或預期成效) as printed)
        if p.in_narrative and p.role not in ("instruction", "title") and p.text.strip():
            out.append(Unit(p.text, p=p, skip=_marker_end(p)))
            seen.add(p.index)
    by_index = {p.index: p for p in ctx.doc.paragraphs}
    in_cell: dict = {}  # cell -> its paragraphs, in order (one pass, not one per field)
    for q in ctx.doc.paragraphs:
        if q.cell is not None:
            in_cell.setdefault(q.cell, []).append(q)
    for spec in ctx.profile.fields:
        fv = ctx.doc.fields.get(spec.key)
        if fv is None or spec.type == "picture" or spec.from_section or not fv.text.strip():
            continue
        if fv.paragraph is None:  # a source's front matter
            if ctx.doc.kind == "source" and not _printed(fv.text, spec, ctx):
                out.append(Unit(fv.text, fv=fv, label=spec.label))
            continue
        first = by_index.get(fv.paragraph)
        if first is None:
            continue
        cell_paras = [q for q in in_cell[first.cell] if q.index >= first.index] \
            if first.cell is not None else [first]
        head = fv.text.strip().split("\n", 1)[0]
        for q in cell_paras:
            if q.index in seen or not q.text.strip() or _printed(q.text, spec, ctx):
                continue  # the form's own instruction left in the box is required-field's
            skip = 0
            if q is first and head and not q.text.strip().startswith(head):
                at = q.text.find(head)
                if at < 0:
                    continue  # the label's paragraph of another box
                skip = at  # `標籤：值` in one box: the value only
            seen.add(q.index)
            out.append(Unit(q.text, p=q, fv=fv, label=spec.label, skip=skip))
    ctx.cache["norms_units"] = out
    return out


def _printed(text: str, spec, ctx) -> bool:
    """The form's own instruction text still in the box (required-field reports it)."""
    n = norm(text)
    own = norm(spec.placeholder or "")
    return is_placeholder(text, ctx.profile) or bool(own and n and (n in own or own[:10] in n))


def narrative_source(text: str, **front) -> "Source":
    """The smallest source showing a sentence: a summary form whose 壹 holds it (and front
    matter values, e.g. a 團隊成員)."""
    from ._examples import Source
    head = "".join(f"{k}: {v}\n" for k, v in front.items())
    return Source(f"---\nform: summary_form\n{head}---\n## 專案簡介\n\n{text}\n")


def exceptions(ctx) -> tuple[str, ...]:
    return tuple(getattr(ctx, "settings", {}).get("tw_standard_exceptions", ()))


def findings(ctx, rule_id: str, key: str):
    """One finding per unit with hits: how many, the first few changes, an excerpt."""
    names = exceptions(ctx)
    for u in units(ctx):
        hits = norms.check(rule_id, u.text, skip=u.skip, exceptions=names)
        if not hits:
            continue
        first = hits[0]
        shown = norms.context(u.text, first)
        pairs = i18n.join([h.old if h.new is None else f"{h.old.strip() or h.old}→{h.new}"
                           for h in _distinct(hits)[:4]])
        where = ctx.where(u.p) if u.p is not None and u.fv is None else i18n.t("norms.field", label=u.label)
        a, b = max(0, first.start - 6), min(len(u.text), first.end + 6)
        inside = [norms.Hit(h.start - a, h.end - a, h.old, h.new) for h in hits if a <= h.start and h.end <= b]
        known = all(h.new is not None for h in inside)
        yield ctx.finding(rule_id, key, u.p, fv=u.fv, where=where, n=len(hits), pairs=pairs,
                          expected=norms.apply(u.text[a:b], inside).strip() if known else None,
                          actual=u.text[a:b].strip(), excerpt_text=shown)


def _distinct(hits):
    seen, out = set(), []
    for h in hits:
        if (h.old, h.new) not in seen:
            seen.add((h.old, h.new))
            out.append(h)
    return out


i18n.register({
    "norms.field": ("欄位「{label}」", "field “{label}”"),
})
