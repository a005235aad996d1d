"""What the formatting rules (fonts, sizes, line height) and `docgen fix` share: which
characters a rule looks at, and stretches of paragraphs with the same problem."""

from __future__ import annotations

from functools import lru_cache

from ..model import Paragraph
from ..normalize import cjk_count
from . import CheckContext, group_runs

SIZE_TOLERANCE = 0.26  # points; PDF sizes come back as 13.98 and the like
PITCH_TOLERANCE = 0.3  # points


def font_ok(name: str | None, ctx: CheckContext) -> bool:
    if not name:
        return False
    n = _folded((name,))
    return n <= _folded(ctx.profile.fonts_accepted) or (ctx.doc.kind == "pdf" and n <= _folded(ctx.profile.fonts_substitutes))


@lru_cache(maxsize=256)  # asked once per span: the profile's few names are folded once
def _folded(names: tuple[str, ...]) -> frozenset:
    return frozenset(f.casefold().replace(" ", "") for f in names)


def checked_chars(text: str, ctx: CheckContext) -> int:
    if ctx.profile.latin_policy == "kai":
        return sum(1 for ch in text if not ch.isspace())
    return cjk_count(text)


def cjk_chars(text: str, ctx: CheckContext) -> int:
    return cjk_count(text)


def latin_chars(text: str, ctx: CheckContext) -> int:
    """Half-width Latin, digits and the like: everything visible that is not CJK."""
    return sum(1 for ch in text if not ch.isspace()) - cjk_count(text)


NEUTRAL = object()  # a paragraph with nothing to check: neither breaks nor joins a stretch


def paragraph_issue(p: Paragraph, ctx: CheckContext, attribute, ok, counter=checked_chars):
    """(value found, characters affected) for the first bad value in p, None when fine,
    `NEUTRAL` when p has no character the rule looks at (as `counter` counts them)."""
    bad: dict = {}
    checked = 0
    for span in p.spans:
        n = counter(span.text, ctx)
        if n == 0:
            continue
        checked += n
        value = attribute(span)
        if not ok(value, p):
            bad[value] = bad.get(value, 0) + n
    if not checked:
        return NEUTRAL
    if not bad:
        return None
    value = max(bad, key=bad.get)
    return value, bad[value]


def block(p: Paragraph):
    """Where a stretch may extend: one part, one section, one table (a location names it)."""
    return p.part, p.section, p.cell.table if p.cell is not None else None


def grouped(ctx: CheckContext, attribute, ok, by_role: bool = False, counter=checked_chars):
    """One (first, last, value, chars) per contiguous stretch of paragraphs with the same problem.

    A stretch stays inside one block (`block`) and, when the expected value depends on
    it (`by_role`), inside titles or body; paragraphs with nothing to check are skipped.
    """
    issues = [(p, paragraph_issue(p, ctx, attribute, ok, counter)) for p in ctx.doc.paragraphs]
    issues = [item for item in issues if item[1] is not NEUTRAL]
    for group in group_runs(issues, key=lambda item: None if item[1] is None
                            else (item[1][0], block(item[0]), by_role and item[0].role == "title")):
        first, last = group[0][0], group[-1][0]
        yield first, last, group[0][1][0], sum(i[1][1] for i in group)


def expected_size(p: Paragraph, ctx: CheckContext) -> float:
    return ctx.profile.size_title if p.role == "title" else ctx.profile.size_body


def pt(v) -> str:
    if v is None:
        return "?"
    return f"{v:g}" if abs(v - round(v)) > 0.05 else str(int(round(v)))
