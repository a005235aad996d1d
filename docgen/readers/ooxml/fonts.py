"""Which w:rFonts slot a character uses, and symbol-font glyphs that mean check boxes.

Word picks the font of each character from its Unicode range (ECMA-376
17.3.2.26, simplified): CJK ideographs, CJK punctuation, full-width forms,
kana and hangul use `eastAsia`; characters that could be either (curly
quotes, middle dots, Latin-1 symbols, geometric shapes, ...) use `eastAsia`
when the run says `w:hint="eastAsia"`, else `hAnsi`; Arabic, Hebrew, Thai and
Indic scripts (or any run marked w:cs / w:rtl) use `cs`; U+0000-007F use `ascii`.
"""

from __future__ import annotations

from bisect import bisect_right

# (first, last, slot) for ranges that are always East Asian or complex script
_EA_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FFF),  # CJK radicals, Kangxi, ideographic description
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x31FF),  # kana, bopomofo, hangul compatibility, kanbun, strokes
    (0x3200, 0x4DBF),  # enclosed CJK, compatibility, extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA000, 0xA4CF),  # Yi
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE6F),  # CJK compatibility forms, small form variants
    (0xFF00, 0xFFEF),  # half-width and full-width forms
    (0x20000, 0x3FFFF),  # supplementary ideographic planes
)
_CS_RANGES = (
    (0x0590, 0x08FF),  # Hebrew, Arabic, Syriac, Thaana, NKo, ...
    (0x0900, 0x0DFF),  # Indic scripts
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x0F00, 0x0FFF),  # Tibetan
    (0x1780, 0x17FF),  # Khmer
    (0xFB1D, 0xFDFF),  # Hebrew / Arabic presentation forms
    (0xFE70, 0xFEFF),  # Arabic presentation forms B
)


# the ranges' starts and ends flattened: a code point is inside when it falls after an odd
# number of bounds (one bisect instead of a loop over the ranges; the ranges do not overlap)
_EA_BOUNDS = tuple(b for lo, hi in sorted(_EA_RANGES) for b in (lo, hi + 1))
_CS_BOUNDS = tuple(b for lo, hi in sorted(_CS_RANGES) for b in (lo, hi + 1))


def font_slot(ch: str, hint: str | None = None, cs: bool = False) -> str:
    """'ascii', 'hAnsi', 'eastAsia' or 'cs' for one character of a run."""
    if cs:
        return "cs"
    cp = ord(ch)
    if cp < 0x80:
        return "ascii"
    if bisect_right(_EA_BOUNDS, cp) & 1:
        return "eastAsia"
    if bisect_right(_CS_BOUNDS, cp) & 1:
        return "cs"
    if hint == "eastAsia":
        return "eastAsia"
    if hint == "cs":
        return "cs"
    return "hAnsi"


def is_cjk(ch: str) -> bool:
    return font_slot(ch) == "eastAsia"


# -- symbol fonts ---------------------------------------------------------------------
# Glyphs of Wingdings / Wingdings 2 that are check boxes (or check marks), and the
# Symbol-font bullet, by code
# (a w:sym char F0xx or a literal character 00xx typed in that font).
_SYMBOL_BOXES = {
    "wingdings": {
        0x6E: "■", 0x6F: "□", 0x71: "❑", 0x72: "❒", 0xA8: "□",
        0x78: "☒", 0xFD: "☒", 0xFE: "☑", 0xFC: "✓", 0xFB: "✗",
    },
    "symbol": {0xB7: "•"},
    "wingdings 2": {
        0xA3: "□", 0x2A: "□", 0x52: "☑", 0x53: "☒", 0x54: "☒", 0x50: "✓", 0x4F: "✗",
    },
}


def symbol_glyph(code: int, font: str | None) -> str | None:
    """The Unicode check-box glyph a symbol-font character shows, if it is one."""
    table = _SYMBOL_BOXES.get((font or "").strip().lower())
    if table is None:
        return None
    if 0xF000 <= code <= 0xF0FF:
        code -= 0xF000
    return table.get(code)


def is_symbol_font(font: str | None) -> bool:
    return (font or "").strip().lower() in _SYMBOL_BOXES
