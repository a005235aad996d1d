"""Text normalisation for matching printed labels and titles."""

from __future__ import annotations

import re
from functools import lru_cache
import unicodedata

_WS = re.compile(r"\s+")
_PARENS = str.maketrans({"（": "(", "）": ")", "：": ":", "﹝": "(", "﹞": ")",
                         "〔": "(", "〕": ")", "／": "/", "＿": "_"})


def squash(text: str) -> str:
    """Drop all whitespace (incl. U+3000) — printed labels are often spaced out."""
    return _WS.sub("", text.replace("\u3000", " "))


@lru_cache(maxsize=8192)  # labels and cell texts are normalised over and over
def norm(text: str) -> str:
    """Whitespace-free, NFKC-folded text with one bracket style, for matching."""
    return unicodedata.normalize("NFKC", squash(text)).translate(_PARENS)


_CJK_RANGES = (
    (0x2E80, 0x2FDF), (0x3001, 0x303F), (0x3040, 0x30FF), (0x3100, 0x312F),
    (0x3190, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F), (0xFF00, 0xFF60), (0xFFE0, 0xFFE6), (0x20000, 0x3FFFF),
    (0xAC00, 0xD7AF),
)
# one character class: counting runs over every span of every paragraph
_CJK = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _CJK_RANGES) + "]")


def is_cjk(ch: str) -> bool:
    """Characters rendered with the East Asian font (ideographs, full-width forms)."""
    return _CJK.match(ch) is not None


def cjk_count(text: str) -> int:
    return len(_CJK.findall(text))
