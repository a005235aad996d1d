"""What the field rules share: the form's field values, its instruction text, an optional narrative."""

from __future__ import annotations

from ..normalize import norm
from . import CheckContext

PLACEHOLDER_OPENERS = ("（請", "(請", "﹝", "〔")


def field_values(ctx: CheckContext) -> dict[str, str]:
    return {k: v.text for k, v in ctx.doc.fields.items()}


def holds_instruction(spec, text: str) -> bool:
    """Is `text` still the form's instruction (its placeholder, or a bracketed （請…） note)?"""
    n = norm(text)
    if spec.placeholder and n and (n in norm(spec.placeholder) or norm(spec.placeholder)[:10] in n):
        return True
    return text.strip().startswith(PLACEHOLDER_OPENERS) and text.strip().endswith(("）", ")", "﹞", "〕"))


def narrative_left_out(ctx: CheckContext) -> bool:
    """The narrative is optional for this entry (the nomination list's 專案簡介 is for
    服務規劃類 only) and nothing is written in it: no section to find, no instruction to replace."""
    part = ctx.profile.narrative_part
    if part is None or not part.required_if:
        return False
    values = field_values(ctx)
    if all(values.get(k) == v for k, v in part.required_if.items()):
        return False
    # instruction paragraphs are not in the narrative; a bare 壹、… heading is the form's
    return not any(p.in_narrative and p.level != 1 and p.text.strip() for p in ctx.doc.paragraphs)
