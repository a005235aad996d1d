"""numbering-depth: a level entered without its parent, or deeper than the form allows."""

from __future__ import annotations

from .. import i18n
from ..text.numbering import LEVEL_COUNT
from . import CheckContext, RuleDocs, rule
from ._examples import Source
from ._numbering import findings

DOCS = RuleDocs(
    title=("編號層級", "Numbering depth"),
    explain=("編號層級依序為 {levels}，不可跳過上一層（例如 一、之後直接用 1、）。",
             "Levels go {levels}; a level is never entered without its parent."),
    hint=("補上中間層級，或改用正確層級的編號。", "Add the missing level or use the right level's marker."),
    messages={
        "numbering.too_deep": ("{where}的「{marker}」超過本表單的 {n} 層編號（{levels}）",
                               "{where}: “{marker}” is deeper than the form's {n} levels ({levels})"),
        "numbering.skipped-level": ("{where}編號「{marker}」跳過上一層級，應先有「{expected}」",
                                    "{where}: “{marker}” skips a level; expected “{expected}” first"),
    },
    fires=(Source("---\nform: summary_form\n---\n## 專案簡介\n\n### 服務對象\n\n#### 1、長者\n\n甲。\n"),),
    quiet=(Source("---\nform: summary_form\n---\n## 專案簡介\n\n### 服務對象\n\n#### 長者\n\n甲。\n"),),
)


@rule("numbering-depth", DOCS, order=210)
def numbering_depth(ctx: CheckContext):
    yield from findings(ctx, "depth")
    allowed = len(ctx.profile.numbering_levels) or LEVEL_COUNT  # the form's levels (profile)
    for p in ctx.narrative:
        m = p.outline
        if m is not None and m.level > allowed and p.role != "instruction":
            yield ctx.finding("numbering-depth", "numbering.too_deep", p, marker=m.text, where=ctx.where(p),
                              n=allowed, levels=" → ".join(f"“{m}”" if i18n.get_lang() == "en" else m
                                                   for m in ctx.profile.numbering_levels),
                              expected=ctx.profile.numbering_levels[-1], actual=m.text)
