"""font-size: titles and body not at the form's sizes."""

from __future__ import annotations

from .. import i18n
from . import CheckContext, RuleDocs, rule
from ._examples import Docx, Para
from ._formatting import SIZE_TOLERANCE, expected_size, grouped, pt

DOCS = RuleDocs(
    title=("字級", "Font size"),
    explain=("標題（表名、各部分標題、壹貳參…）與內文（含表格）的字級依表單規定（{sizes}）。",
             "Titles (the form's name, its parts, 壹貳參…) and body (tables included) at the form's sizes ({sizes})."),
    hint=("將字級改為規定大小。", "Set the size as required."),
    messages={
        "font.size": ("{where}有{n}個字為 {size} 號字，{kind}應為 {want} 號字",
                      "{where}: {n:#character|characters} at {size} pt; {kind} should be {want} pt"),
        "font.kind_title": ("標題", "a title"),
        "font.kind_body": ("內文", "body text"),
    },
    fires=(Docx("summary_form", (Para("本所推動行動櫃檯。", size=12),)),),
    quiet=(Docx("summary_form", (Para("本所推動行動櫃檯。"),)),),
)


@rule("font-size", DOCS, order=410, formatting=True)
def font_size(ctx: CheckContext):
    def ok(value, p):
        return value is not None and abs(value - expected_size(p, ctx)) <= SIZE_TOLERANCE

    for first, last, size, n in grouped(ctx, lambda s: s.size, ok, by_role=True):
        want = expected_size(first, ctx)
        kind = i18n.t("font.kind_title" if first.role == "title" else "font.kind_body")
        yield ctx.finding("font-size", "font.size", first, last=last, where=ctx.where(first, last), n=n,
                          size=pt(size), want=pt(want), kind=kind,
                          expected=f"{pt(want)} pt", actual=f"{pt(size)} pt")
