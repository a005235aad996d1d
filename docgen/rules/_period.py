"""The project period the three date rules share, parsed once."""

from __future__ import annotations

from ..text.dates import DateFormatError, find_range, parse_range
from . import CheckContext


def has_period(profile) -> bool:
    """`needs` of the date rules: the form has a project-period field."""
    return bool(profile.window_field) and any(f.key == profile.window_field for f in profile.fields)


def period(ctx: CheckContext):
    """(field value, text, parsed range or None, error or None), parsed once."""
    if "period" in ctx.cache:
        return ctx.cache["period"]
    result = None
    key = ctx.profile.window_field
    fv = ctx.doc.fields.get(key) if key else None
    if fv and fv.text.strip():
        try:
            spec = ctx.profile.field(key)
            rng = find_range(fv.text) if spec.from_section else parse_range(fv.text)
            result = (fv, fv.text, rng, None)
        except DateFormatError as err:
            result = (fv, fv.text, None, err)
    ctx.cache["period"] = result
    return result


def parsed_period(ctx: CheckContext):
    """(field value, text, start, end) when the period was read, else None (date-format's business)."""
    found = period(ctx)
    if not found or found[2] is None:
        return None
    fv, text, (start, end), _ = found
    return fv, text, start, end
