"""Numbering rules: 壹、 → 一、 → （一） → 1、 → （1）, in the author's narrative."""

from __future__ import annotations

from .. import i18n
from ..text.numbering import LEVEL_COUNT, validate_sequence
from . import CheckContext, rule

_RULE_OF = {"sequence": "numbering-sequence", "depth": "numbering-depth", "format": "numbering-format"}


def _problems(ctx: CheckContext):
    # the three rules share one pass
    if "numbering" not in ctx.cache:
        paragraphs = [p for p in ctx.narrative if p.role != "instruction" and p.text.strip()]
        markers = [p.outline for p in paragraphs]
        ctx.cache["numbering"] = [(paragraphs[pr.index], pr) for pr in validate_sequence(markers)]
    return ctx.cache["numbering"]


def _sequence(markers: tuple[str, ...]) -> str:
    """一、二、三、 — or 一、二、三、…十二、 for a long group."""
    if len(markers) > 6:
        return "".join(markers[:3]) + "…" + markers[-1]
    return "".join(markers)


def _findings(ctx: CheckContext, kind: str):
    rule_id = _RULE_OF[kind]
    for p, pr in _problems(ctx):
        if pr.kind == kind:
            yield ctx.finding(rule_id, f"numbering.{pr.detail}", p, marker=pr.marker,
                              expected=pr.expected, actual=pr.marker, where=ctx.where(p),
                              sequence=_sequence(pr.sequence))


@rule("numbering-sequence")
def numbering_sequence(ctx: CheckContext):
    yield from _findings(ctx, "sequence")


@rule("numbering-depth")
def numbering_depth(ctx: CheckContext):
    yield from _findings(ctx, "depth")
    allowed = len(ctx.profile.numbering_levels) or LEVEL_COUNT  # the form's levels (profile)
    for p in ctx.narrative:
        m = p.outline
        if m is not None and m.level > allowed and p.role != "instruction":
            yield ctx.finding("numbering-depth", "numbering.too_deep", p, marker=m.text, where=ctx.where(p),
                              n=allowed, levels=" → ".join(f"“{m}”" if i18n.get_lang() == "en" else m
                                                   for m in ctx.profile.numbering_levels),
                              expected=ctx.profile.numbering_levels[-1], actual=m.text)


@rule("numbering-format")
def numbering_format(ctx: CheckContext):
    yield from _findings(ctx, "format")


i18n.register({
    "rule.numbering-sequence.title": ("編號順序", "Numbering sequence"),
    "rule.numbering-sequence.explain": ("各層編號須依序遞增（壹、貳、參…；一、二、三…），不可跳號或重複，並在新的上層標題下重新由 1 開始。",
                                        "Each level counts 1, 2, 3 without gaps or repeats and restarts under a new parent."),
    "rule.numbering-sequence.hint": ("從第一個錯誤的編號起依序重編此層；新的上層標題下從頭編號。",
                                     "Renumber the level from the first wrong marker on; restart under a new parent."),
    "rule.numbering-depth.title": ("編號層級", "Numbering depth"),
    "rule.numbering-depth.explain": ("編號層級依序為 {levels}，不可跳過上一層（例如 一、之後直接用 1、）。",
                                     "Levels go {levels}; a level is never entered without its parent."),
    "rule.numbering-depth.hint": ("補上中間層級，或改用正確層級的編號。", "Add the missing level or use the right level's marker."),
    "rule.numbering-format.title": ("編號格式", "Numbering format"),
    "rule.numbering-format.explain": ("編號符號須完全符合格式：全形括號（一）、頓號 、，不可用半形 (一) 或 1.。",
                                      "Markers must have the exact shape: full-width parentheses “（一）” and the mark “、”, not “(一)” or “1.”"),
    "rule.numbering-format.hint": ("改用全形括號「（ ）」與頓號「、」。", "Use full-width parentheses “（ ）” and the mark “、”."),
    "numbering.too_deep": ("{where}的「{marker}」超過本表單的 {n} 層編號（{levels}）",
                           "{where}: “{marker}” is deeper than the form's {n} levels ({levels})"),
    "numbering.gap": ("{where}編號「{marker}」跳號，應為「{expected}」（此層依序應為 {sequence}）",
                      "{where}: “{marker}” skips a number; expected “{expected}” (this level should run “{sequence}”)"),
    "numbering.repeat": ("{where}編號「{marker}」重複，應為「{expected}」（此層依序應為 {sequence}）",
                         "{where}: “{marker}” repeats; expected “{expected}” (this level should run “{sequence}”)"),
    "numbering.restart": ("{where}編號「{marker}」未接續，應為「{expected}」（此層依序應為 {sequence}）",
                          "{where}: “{marker}” restarts wrongly; expected “{expected}” (this level should run “{sequence}”)"),
    "numbering.skipped-level": ("{where}編號「{marker}」跳過上一層級，應先有「{expected}」", "{where}: “{marker}” skips a level; expected “{expected}” first"),
    "numbering.format": ("{where}編號「{marker}」格式不正確，應為「{expected}」", "{where}: marker “{marker}” has the wrong shape; expected “{expected}”"),
})
