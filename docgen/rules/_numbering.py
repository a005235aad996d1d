"""The one numbering pass the three numbering rules share: 壹、 → 一、 → （一） → 1、 → （1）."""

from __future__ import annotations

from ..text.numbering import validate_sequence
from . import CheckContext

RULE_OF = {"sequence": "numbering-sequence", "depth": "numbering-depth", "format": "numbering-format"}


def problems(ctx: CheckContext):
    """(paragraph, problem) for the author's narrative, computed once for the three rules."""
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


def findings(ctx: CheckContext, kind: str):
    """The shared pass's problems of one kind, as findings of the rule for that kind
    (message key `numbering.<detail>`)."""
    rule_id = RULE_OF[kind]
    for p, pr in problems(ctx):
        if pr.kind == kind:
            yield ctx.finding(rule_id, f"numbering.{pr.detail}", p, marker=pr.marker,
                              expected=pr.expected, actual=pr.marker, where=ctx.where(p),
                              sequence=_sequence(pr.sequence))
