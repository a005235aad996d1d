"""numbering-sequence: gaps, repeats and bad restarts in one level's markers."""

from __future__ import annotations

from . import CheckContext, RuleDocs, rule
from ._examples import Source
from ._numbering import findings

DOCS = RuleDocs(
    title=("編號順序", "Numbering sequence"),
    explain=("各層編號須依序遞增（壹、貳、參…；一、二、三…），不可跳號或重複，並在新的上層標題下重新由 1 開始。",
             "Each level counts 1, 2, 3 without gaps or repeats and restarts under a new parent."),
    hint=("從第一個錯誤的編號起依序重編此層；新的上層標題下從頭編號。",
          "Renumber the level from the first wrong marker on; restart under a new parent."),
    messages={
        "numbering.gap": ("{where}編號「{marker}」跳號，應為「{expected}」（此層依序應為 {sequence}）",
                          "{where}: “{marker}” skips a number; expected “{expected}” (this level should run “{sequence}”)"),
        "numbering.repeat": ("{where}編號「{marker}」重複，應為「{expected}」（此層依序應為 {sequence}）",
                             "{where}: “{marker}” repeats; expected “{expected}” (this level should run “{sequence}”)"),
        "numbering.restart": ("{where}編號「{marker}」未接續，應為「{expected}」（此層依序應為 {sequence}）",
                              "{where}: “{marker}” restarts wrongly; expected “{expected}” (this level should run “{sequence}”)"),
    },
    fires=(Source("---\nform: summary_form\n---\n## 壹、專案簡介\n\n甲。\n\n## 參、服務內容\n\n乙。\n"),),
    quiet=(Source("---\nform: summary_form\n---\n## 壹、專案簡介\n\n甲。\n\n## 貳、服務內容\n\n乙。\n"),),
)


@rule("numbering-sequence", DOCS, order=200)
def numbering_sequence(ctx: CheckContext):
    yield from findings(ctx, "sequence")
