"""numbering-format: a marker of the wrong shape — (一) or 1. for （一） or 1、."""

from __future__ import annotations

from . import CheckContext, RuleDocs, rule
from ._examples import Source
from ._numbering import findings

DOCS = RuleDocs(
    title=("編號格式", "Numbering format"),
    explain=("編號符號須完全符合格式：全形括號（一）、頓號 、，不可用半形 (一) 或 1.。",
             "Markers must have the exact shape: full-width parentheses “（一）” and the mark “、”, not “(一)” or “1.”"),
    hint=("改用全形括號「（ ）」與頓號「、」。", "Use full-width parentheses “（ ）” and the mark “、”."),
    messages={
        "numbering.format": ("{where}編號「{marker}」格式不正確，應為「{expected}」",
                             "{where}: marker “{marker}” has the wrong shape; expected “{expected}”"),
    },
    fires=(Source("---\nform: summary_form\n---\n## 專案簡介\n\n### 服務對象\n\n#### (一)長者\n\n甲。\n"),),
    quiet=(Source("---\nform: summary_form\n---\n## 專案簡介\n\n### 服務對象\n\n#### （一）長者\n\n甲。\n"),),
)


@rule("numbering-format", DOCS, order=220)
def numbering_format(ctx: CheckContext):
    yield from findings(ctx, "format")
