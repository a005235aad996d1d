"""section-missing: a section the form prescribes absent or out of order."""

from __future__ import annotations

from ..normalize import norm
from ..structure import heading_title
from . import CheckContext, RuleDocs, rule
from ._examples import Source
from ._fields import narrative_left_out

DOCS = RuleDocs(
    title=("段落完整", "Sections present"),
    explain=("表單規定的段落（{sections}及其標題）都要有，且依序排列。",
             "Every section the form prescribes ({sections} with its title) is present, in order."),
    hint=("依表單補上缺少的段落標題，並依{sections}排列。", "Add the missing section heading and keep the form's order ({sections})."),
    messages={
        "section.missing": ("缺少段落「{title}」", "Section “{title}” is missing"),
        "section.order": ("段落「{title}」應在「{after}」之前", "Section “{title}” should come before “{after}”"),
    },
    fires=(Source("---\nform: summary_form\n---\n## 專案簡介\n\n甲。\n\n## 服務內容\n\n乙。\n\n"
                  "## 未來努力方向\n\n丁。\n"),),
    quiet=(Source("---\nform: summary_form\n---\n## 專案簡介\n\n甲。\n\n## 服務內容\n\n乙。\n\n"
                  "## 推動成效\n\n丙。\n\n## 未來努力方向\n\n丁。\n"),),
)


@rule("section-missing", DOCS, order=120, needs=lambda profile: bool(profile.sections))
def section_missing(ctx: CheckContext):
    if narrative_left_out(ctx):
        return
    headings = [p for p in ctx.narrative if p.level == 1]
    found: list[tuple[int, object]] = []  # (profile section index, paragraph)
    for p in headings:
        title = norm(heading_title(p))
        for i, s in enumerate(ctx.profile.sections):
            if any(title == norm(t) or title.startswith(norm(t)) for t in s.titles):
                found.append((i, p))
                break
    present = {i for i, _ in found}
    for i, s in enumerate(ctx.profile.sections):
        if i not in present:
            yield ctx.finding("section-missing", "section.missing", None, title=s.title,
                              expected=s.title, actual="", excerpt_text=s.title)
    for (prev, _), (i, p) in zip(found, found[1:]):
        if i < prev:
            yield ctx.finding("section-missing", "section.order", p, title=ctx.profile.sections[i].title,
                              after=ctx.profile.sections[prev].title, expected=ctx.profile.sections[i].title,
                              actual=heading_title(p))
