"""Character counting (PRODUCT.md section 3, "Counting 字").

Three policies are computed in one pass:

``word``
    Microsoft Word's 字數 as widely reported for CJK text:

    * each Han character counts 1;
    * each East-Asian wide/full-width character counts 1 (full-width
      punctuation such as 「」『』、。，, full-width letters and digits,
      kana, hangul, bopomofo, CJK symbols, emoji);
    * half-width kana/hangul count 1 each as well (they are East Asian
      letters, merely narrow);
    * punctuation and symbols of East-Asian-width "Ambiguous" (’ “ ” … — ‧ ※
      · ° × ① ...) and U+2018..U+201F count 1 each, because in a CJK
      document they are set in the East Asian font and Word counts them as
      Asian characters;
    * private-use characters (造字 / EUDC glyphs) count 1 each;
    * a contiguous run of half-width letters/digits counts 1 ("2000" = 1,
      "ABC123" = 1, "café" = 1);
    * half-width punctuation and whitespace (including U+3000) count 0, and
      they end a letter/digit run ("3.5" = 2).

``chars``
    Every visible non-whitespace character.  Combining marks (including
    ideographic variation selectors) and invisible format/control
    characters (ZWSP, BOM, soft hyphen) are not characters a reader sees, so
    they are skipped by every policy and do not break a run.

``han``
    Han characters only: CJK Unified Ideographs (URO and Extensions A-I),
    compatibility ideographs, 〇, 々 and the Kangxi / CJK radicals (which
    PDF text extraction often produces instead of the unified ideograph).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from dataclasses import dataclass
from typing import Iterable

POLICIES = ("word", "chars", "han")

# Explicit ranges rather than unicodedata names: Python's Unicode database can
# lag behind the newest CJK extensions, and a range test is cheap.
_HAN_RANGES = (
    (0x2E80, 0x2EFF),  # CJK Radicals Supplement
    (0x2F00, 0x2FDF),  # Kangxi Radicals
    (0x3005, 0x3005),  # 々 iteration mark
    (0x3007, 0x3007),  # 〇
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # Unified Ideographs
    (0xF900, 0xFAFF),  # Compatibility Ideographs
    (0x20000, 0x2A6DF),  # Extension B
    (0x2A700, 0x2B73F),  # Extension C
    (0x2B740, 0x2B81F),  # Extension D
    (0x2B820, 0x2CEAF),  # Extension E
    (0x2CEB0, 0x2EBEF),  # Extension F
    (0x2EBF0, 0x2EE5F),  # Extension I
    (0x2F800, 0x2FA1F),  # Compatibility Ideographs Supplement
    (0x30000, 0x3134F),  # Extension G
    (0x31350, 0x323AF),  # Extension H
)

# Quotes listed by the contract; U+201A/B/E/F are width "N" in Unicode but
# still count as one Asian character.
_ALWAYS_ONE = frozenset(range(0x2018, 0x2020))

# Name prefixes of East Asian scripts whose letters count one each even when
# they are not wide (half-width katakana, half-width hangul, hangul jamo).
_EA_LETTER_PREFIXES = (
    "HIRAGANA",
    "KATAKANA",
    "HALFWIDTH KATAKANA",
    "HANGUL",
    "HALFWIDTH HANGUL",
    "BOPOMOFO",
)


def is_han(ch: str) -> bool:
    """True if ``ch`` is a Han character in the sense of the ``han`` policy."""
    cp = ord(ch)
    for lo, hi in _HAN_RANGES:
        if cp < lo:
            return False
        if cp <= hi:
            return True
    return False


def _is_ea_letter(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(_EA_LETTER_PREFIXES)


@dataclass(frozen=True)
class Count:
    """Counts of one text under every policy."""

    word: int = 0
    chars: int = 0
    han: int = 0

    def get(self, policy: str) -> int:
        """Value for ``policy`` (one of :data:`POLICIES`)."""
        if policy not in POLICIES:
            raise ValueError(f"unknown counting policy {policy!r}; expected one of {POLICIES}")
        return getattr(self, policy)

    def __add__(self, other: Count) -> Count:
        if not isinstance(other, Count):
            return NotImplemented
        return Count(self.word + other.word, self.chars + other.chars, self.han + other.han)


# what one (non-space) character contributes; characters repeat, so each is classified once
_INVISIBLE, _HAN, _RUN, _ONE, _ZERO = range(5)


@lru_cache(maxsize=16384)
def _char_class(ch: str) -> int:
    cat = unicodedata.category(ch)
    # Invisible: combining marks, variation selectors, ZWSP, BOM, controls.
    if cat[0] == "M" or cat in ("Cf", "Cc"):
        return _INVISIBLE
    if is_han(ch):
        return _HAN
    width = unicodedata.east_asian_width(ch)
    wide = width in ("W", "F")
    if not wide and not _is_ea_letter(ch):
        # Letters of any narrow script (é, α are "A" width) join a run;
        # digits only when narrow, so ① ² Ⅲ count on their own.
        if cat[0] == "L" or (cat[0] == "N" and width != "A"):
            return _RUN
    if wide or _is_ea_letter(ch) or ord(ch) in _ALWAYS_ONE:
        return _ONE
    if width == "A" and (cat[0] in "PSN"):
        return _ONE
    if cat == "Co":
        return _ONE
    return _ZERO  # half-width punctuation/symbol


def count_text(text: str) -> Count:
    """Count ``text`` under all policies (see module docstring)."""
    word = chars = han = 0
    in_run = False  # inside a half-width letter/digit run
    for ch in text:
        if ch.isspace():
            in_run = False
            continue
        k = _char_class(ch)
        if k == _INVISIBLE:
            continue
        chars += 1
        if k == _RUN:
            if not in_run:
                word += 1
                in_run = True
            continue
        in_run = False
        if k == _HAN:
            han += 1
            word += 1
        elif k == _ONE:
            word += 1
    return Count(word, chars, han)


def count_paragraphs(texts: Iterable[str]) -> Count:
    """Sum of :func:`count_text` over paragraphs.

    Paragraphs are counted separately, so a letter run never spans a
    paragraph break.
    """
    total = Count()
    for text in texts:
        total = total + count_text(text)
    return total
