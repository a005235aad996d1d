"""Unit conversions, once: points ↔ half-points (w:sz) ↔ twips (w:spacing, w:ind)."""

from __future__ import annotations


def half_points(points: float) -> int:
    """w:sz / w:szCs value for a size in points."""
    return int(round(points * 2))


def half_points_to_pt(value: float) -> float:
    return value / 2


def pt_to_twips(points: float) -> int:
    """Twentieths of a point (w:spacing/@w:line with lineRule exact/atLeast, w:ind)."""
    return int(round(points * 20))


def twips_to_pt(value: float) -> float:
    return value / 20


def chars_to_twips(chars: float, points: float = 14) -> int:
    """Width of `chars` full-width characters of a `points` font (an indent in characters)."""
    return pt_to_twips(chars * points)


CHAR_TWIPS = chars_to_twips(1)  # one 14 pt character: 280
