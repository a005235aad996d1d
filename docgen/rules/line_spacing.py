"""line-spacing: line height not the form's (exactly 20 pt, …); in a PDF, the baseline pitch."""

from __future__ import annotations

from .. import i18n
from ..model import Paragraph
from . import CheckContext, RuleDocs, group_runs, rule
from ._examples import Docx, Para
from ._formatting import NEUTRAL, PITCH_TOLERANCE, block, pt

DOCS = RuleDocs(
    title=("行距", "Line spacing"),
    explain=("行距須為表單規定的行高（{lines}）；其他行距設定都不符合。PDF 以同一段落相鄰兩行基線距離檢查。",
             "Line spacing must be the form's ({lines}); any other setting is wrong. In a PDF the baseline pitch inside paragraphs is measured."),
    hint=("段落 → 行距設為{lines}。", "Paragraph → Line spacing: {lines}."),
    messages={
        "line.bad": ("{where}行距為{found}，應為{want}", "{where}: line spacing is {found}; should be {want}"),
    },
    fires=(Docx("summary_form", (Para("本所推動行動櫃檯。", line=("auto", 1.5)),)),),
    quiet=(Docx("summary_form", (Para("本所推動行動櫃檯。"),)),),
)


def line_issue(p: Paragraph, ctx: CheckContext):
    """(line rule found, value) when p's line height is wrong, None when right, NEUTRAL when p is empty."""
    want, rule_ = ctx.profile.line_points, ctx.profile.line_rule
    if not p.text.strip():
        return NEUTRAL
    if ctx.doc.kind == "pdf":
        # at least: only a tighter pitch than the profile's is wrong
        bad = [x for x in p.line_pitches
               if (want - x if rule_ == "atLeast" else abs(x - want)) > PITCH_TOLERANCE]
        return ("pitch", round(bad[0], 2)) if bad else None
    if p.line_rule is None:
        return None
    if p.line_rule == rule_ and abs((p.line_value or 0) - want) < 0.05:
        return None
    return (p.line_rule, p.line_value)


@rule("line-spacing", DOCS, order=420, formatting=True)
def line_spacing(ctx: CheckContext):
    issues = [(p, line_issue(p, ctx)) for p in ctx.doc.paragraphs]
    issues = [item for item in issues if item[1] is not NEUTRAL]
    for group in group_runs(issues, key=lambda item: None if item[1] is None
                            else (item[1], block(item[0]))):
        first, last = group[0][0], group[-1][0]
        rule_kind, value = group[0][1]
        found = i18n.t(f"line.{rule_kind}", value=pt(value))
        yield ctx.finding("line-spacing", "line.bad", first, last=last, where=ctx.where(first, last),
                          found=found,
                          want=i18n.t(f"line.{ctx.profile.line_rule}", value=pt(ctx.profile.line_points)),
                          expected=f"{ctx.profile.line_rule} {pt(ctx.profile.line_points)} pt", actual=found)
