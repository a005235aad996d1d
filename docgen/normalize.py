"""Text normalisation for matching printed labels and titles."""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from functools import lru_cache
from typing import Sequence

_PARENS = str.maketrans({"（": "(", "）": ")", "：": ":", "﹝": "(", "﹞": ")",
                         "〔": "(", "〕": ")", "／": "/", "＿": "_"})


def squash(text: str) -> str:
    """Drop all whitespace (incl. U+3000) — printed labels are often spaced out. (str.split
    drops what isspace() and a regex's \\s call whitespace; no regex compiled at every start.)"""
    return "".join(text.split())


_FLAT = str.maketrans({"（": "(", "）": ")", "：": ":", "／": "/"})


def flatten(text: str) -> tuple[str, Sequence[int]]:
    """Text without whitespace, with one bracket, colon and slash width — and where
    each of its characters stands in `text` (to cut the original at a match)."""
    flat = "".join(text.split())  # str.split() drops exactly what isspace() calls whitespace
    if len(flat) == len(text):  # no whitespace: every character stands where it was
        return flat.translate(_FLAT), range(len(text))
    return flat.translate(_FLAT), [i for i, ch in enumerate(text) if not ch.isspace()]


# full-width ASCII forms folded to what NFKC makes of them (the ASCII characters) before the
# quick check: a form's text is then usually NFKC already, and NFKC's full path is slow on
# CJK text (~1 ms a check). The result is the same: NFKC decomposes them so anyway.
_FULLWIDTH_ASCII = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


@lru_cache(maxsize=8192)  # labels and cell texts are normalised over and over
def norm(text: str) -> str:
    """Whitespace-free, NFKC-folded text with one bracket style, for matching."""
    text = squash(text).translate(_FULLWIDTH_ASCII)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.translate(_PARENS)


_CJK_RANGES = (
    (0x2E80, 0x2FDF), (0x3001, 0x303F), (0x3040, 0x30FF), (0x3100, 0x312F),
    (0x3190, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F), (0xFF00, 0xFF60), (0xFFE0, 0xFFE6), (0x20000, 0x3FFFF),
    (0xAC00, 0xD7AF),
)
# range starts and ends, flattened: a code point is CJK when it falls after an
# odd number of bounds (a lookup instead of a regex class, which costs ~3 ms to
# compile at every start)
_CJK_BOUNDS = tuple(b for lo, hi in sorted(_CJK_RANGES) for b in (lo, hi + 1))


def is_cjk(ch: str) -> bool:
    """Characters rendered with the East Asian font (ideographs, full-width forms)."""
    return bisect_right(_CJK_BOUNDS, ord(ch)) & 1 == 1


class _CjkTable(dict):
    """1 for a CJK character, 0 otherwise, looked up once per character (counting is hot)."""

    def __missing__(self, ch: str) -> int:
        value = bisect_right(_CJK_BOUNDS, ord(ch)) & 1
        if len(self) < 65536:
            self[ch] = value
        return value


_CJK_TABLE = _CjkTable()


def cjk_count(text: str) -> int:
    return sum(map(_CJK_TABLE.__getitem__, text))
