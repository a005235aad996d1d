"""choice: a single-choice box group with no tick or several."""

from __future__ import annotations

from . import CheckContext, RuleDocs, rule
from ._examples import Source

DOCS = RuleDocs(
    title=("勾選欄位", "Check boxes"),
    explain=("單選欄位（參獎類別、指定參獎/自行報名）必須勾選且只勾選一項（■ 或 ☑）；表單沒有單選欄位時不適用。",
             "Single-choice boxes must have exactly one option ticked; not applicable to a form without them."),
    hint=("將要選的項目改為 ■，其餘保持 □。", "Mark the chosen option with ■ and leave the others □."),
    messages={
        "choice.none": ("「{label}」沒有勾選任何項目（{options} 須擇一）", "“{label}”: nothing ticked (choose one of {options})"),
        "choice.many": ("「{label}」勾選了多項（{ticked}），只能擇一", "“{label}”: several options ticked ({ticked}); choose one"),
    },
    fires=(Source("---\nform: nomination_list\nentry: 指定參獎\n---\n"),),
    quiet=(Source("---\nform: nomination_list\ncategory: 服務規劃類\nentry: 指定參獎\n---\n"),),
)


@rule("choice", DOCS, order=130,
      needs=lambda profile: any(f.type == "choice" and f.exactly_one for f in profile.fields))
def choice(ctx: CheckContext):
    for spec in ctx.profile.fields:
        if spec.type != "choice" or not spec.exactly_one:
            continue
        fv = ctx.doc.fields.get(spec.key)
        ticked = [o for o, on in (fv.options if fv else {}).items() if on]
        if len(ticked) == 1:
            continue
        key = "choice.none" if not ticked else "choice.many"
        yield ctx.finding("choice", key, fv=fv, label=spec.label, options="、".join(spec.options),
                          ticked="、".join(ticked), expected="1", actual=str(len(ticked)),
                          excerpt_text=fv.text if fv else spec.label)
