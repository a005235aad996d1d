"""Character counting (PRODUCT.md section 3, "Counting 字").

Three policies, computed together:

``word``
    Microsoft Word's 字數:

    * every East Asian character counts 1: the Han, kana, Hangul and Bopomofo
      scripts and the blocks CJK Symbols and Punctuation, Halfwidth and
      Fullwidth Forms, Enclosed CJK Letters and Months, CJK Compatibility,
      CJK Compatibility Forms, Vertical Forms, Kangxi Radicals, CJK Radicals
      Supplement, Ideographic Symbols and Punctuation, Katakana Phonetic
      Extensions (・ and ー are in the Katakana block);
    * every maximal run of other characters without whitespace counts 1,
      punctuation included: "3.5", "2,000", "95.6%", "e-mail", a URL,
      "①②③" are 1 each, "Hello、World。" is 4;
    * whitespace (U+3000 included) counts 0.

``chars``
    Every visible non-whitespace character (Word's 字元數, 不含空白).

``han``
    Han characters only (unified and compatibility ideographs, 〇 々 and the
    Hangzhou numerals, and the Kangxi / CJK radicals, which PDF text
    extraction often gives instead of the unified ideograph).

Invisible characters — combining marks (ideographic variation selectors
included), format characters (ZWSP, BOM, soft hyphen, joiners) and controls —
count 0 under every policy and do not break a run.

Counting is done with ``str.translate`` and ``str.split``: each distinct
character is classified once (the tables grow as new characters are met), so
no per-character Python loop runs over the text.
"""

from __future__ import annotations

from collections import namedtuple
import unicodedata
from bisect import bisect_right
from typing import Iterable

POLICIES = ("word", "chars", "han")

# Explicit ranges rather than a Unicode database lookup: Python's database can
# lag behind the newest CJK extensions. Whole blocks are used where a script
# fills one; unassigned code points inside them are harmless.
_HAN_RANGES = (
    (0x2E80, 0x2EFF),  # CJK Radicals Supplement
    (0x2F00, 0x2FDF),  # Kangxi Radicals
    (0x3005, 0x3005),  # 々 iteration mark
    (0x3007, 0x3007),  # 〇
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3038, 0x303B),
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # Unified Ideographs
    (0xF900, 0xFAFF),  # Compatibility Ideographs
    (0x16FE2, 0x16FE3), (0x16FF0, 0x16FF1),
    (0x20000, 0x2A6DF),  # Extension B
    (0x2A700, 0x2EE5F),  # Extensions C, D, E, F, I
    (0x2F800, 0x2FA1F),  # Compatibility Ideographs Supplement
    (0x30000, 0x323AF),  # Extensions G, H
)

_EAST_ASIAN_RANGES = _HAN_RANGES + (
    (0x02EA, 0x02EB),  # Bopomofo tone letters
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x3000, 0x303F),  # CJK Symbols and Punctuation (U+3000 is whitespace, split first)
    (0x3040, 0x309F),  # Hiragana
    (0x30A0, 0x30FF),  # Katakana (with ・ and ー)
    (0x3100, 0x312F),  # Bopomofo
    (0x3130, 0x318F),  # Hangul Compatibility Jamo
    (0x31A0, 0x31BF),  # Bopomofo Extended
    (0x31F0, 0x31FF),  # Katakana Phonetic Extensions
    (0x3200, 0x32FF),  # Enclosed CJK Letters and Months
    (0x3300, 0x33FF),  # CJK Compatibility
    (0xA960, 0xA97F),  # Hangul Jamo Extended-A
    (0xAC00, 0xD7AF),  # Hangul Syllables
    (0xD7B0, 0xD7FF),  # Hangul Jamo Extended-B
    (0xFE10, 0xFE1F),  # Vertical Forms
    (0xFE30, 0xFE4F),  # CJK Compatibility Forms
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
    (0x16FE0, 0x16FFF),  # Ideographic Symbols and Punctuation
    (0x1AFF0, 0x1B16F),  # Kana Extended-B, Kana Supplement, Kana Extended-A, Small Kana Extension
    (0x1F200, 0x1F200),  # 🈀 (Hiragana script)
)


def _bounds(ranges) -> tuple[int, ...]:
    """Range starts and ends, flattened and merged: inside when after an odd number of bounds."""
    merged: list[list[int]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return tuple(b for lo, hi in merged for b in (lo, hi + 1))


_HAN_BOUNDS = _bounds(_HAN_RANGES)
_EAST_ASIAN_BOUNDS = _bounds(_EAST_ASIAN_RANGES)


def is_han(ch: str) -> bool:
    """True if ``ch`` is a Han character in the sense of the ``han`` policy."""
    return bisect_right(_HAN_BOUNDS, ord(ch)) & 1 == 1


def is_east_asian(ch: str) -> bool:
    """True if ``ch`` counts 1 on its own under the ``word`` policy."""
    return bisect_right(_EAST_ASIAN_BOUNDS, ord(ch)) & 1 == 1


def is_invisible(ch: str) -> bool:
    """Combining marks, format characters and controls (whitespace excepted)."""
    if ch.isspace():
        return False
    cat = unicodedata.category(ch)
    return cat[0] == "M" or cat in ("Cf", "Cc")


class Count(namedtuple("Count", "word chars han", defaults=(0, 0, 0))):
    """Counts of one text under every policy. A named tuple: immutable, compared and printed
    like the frozen dataclass it was, at a quarter of the cost to define at every start."""

    __slots__ = ()

    # fields:
    #   word: int = 0
    #   chars: int = 0
    #   han: int = 0

    def get(self, policy: str) -> int:
        """Value for ``policy`` (one of :data:`POLICIES`)."""
        if policy not in POLICIES:
            raise ValueError(f"unknown counting policy {policy!r}; expected one of {POLICIES}")
        return getattr(self, policy)

    def __add__(self, other: Count) -> Count:
        if not isinstance(other, Count):
            return NotImplemented
        return Count(self.word + other.word, self.chars + other.chars, self.han + other.han)


class _Tables:
    """translate() tables, filled for each character the first time it is met.

    ``drop`` deletes invisible characters (``invisible`` holds them, so text
    without any skips that pass); ``split`` puts spaces around every East Asian
    character so it becomes a word of its own, written as \x01 for a Han
    character and \x02 for the others (controls, which ``drop`` removed first).
    """

    def __init__(self) -> None:
        self.known: set[str] = set()
        self.invisible: set[str] = set()
        self.drop: dict[int, None] = {}
        self.split: dict[int, str] = {}
        self.learn("".join(map(chr, range(128))))

    def learn(self, text: str) -> None:
        new = set(text)
        new.difference_update(self.known)
        category = unicodedata.category
        for ch in new:  # is_invisible, is_east_asian and is_han inlined: a form has ~1000 to learn
            if ch.isspace():
                continue
            cat = category(ch)
            cp = ord(ch)
            if cat[0] == "M" or cat in ("Cf", "Cc"):
                self.invisible.add(ch)
                self.drop[cp] = None
            elif bisect_right(_EAST_ASIAN_BOUNDS, cp) & 1:
                self.split[cp] = " \x01 " if bisect_right(_HAN_BOUNDS, cp) & 1 else " \x02 "
        self.known.update(new)


_TABLES = _Tables()
_MAX_KNOWN = 60_000  # distinct characters remembered (real forms use a few thousand)


def count_text(text: str) -> Count:
    """Count ``text`` under all policies (see module docstring)."""
    if not text:
        return Count()
    t = _TABLES
    if not t.known.issuperset(text):
        if len(t.known) > _MAX_KNOWN:  # hostile text of every code point: stay bounded
            return count_by_character(text)
        t.learn(text)
    if not t.invisible.isdisjoint(text):
        text = text.translate(t.drop)
    chars = len("".join(text.split()))
    words = text.translate(t.split)
    return Count(len(words.split()), chars, words.count("\x01"))


def count_by_character(text: str) -> Count:
    """The same counts, one character at a time: the definition as written, which
    :func:`count_text` must equal (the tests and ``bench/bench_count.py`` use it)."""
    word = chars = han = 0
    in_run = False
    for ch in text:
        if ch.isspace():
            in_run = False
            continue
        if is_invisible(ch):
            continue
        chars += 1
        if is_east_asian(ch):
            word += 1
            han += is_han(ch)
            in_run = False
        elif not in_run:
            word += 1
            in_run = True
    return Count(word, chars, han)


def count_paragraphs(texts: Iterable[str]) -> Count:
    """Sum of :func:`count_text` over paragraphs.

    Paragraphs are counted separately, so a run never spans a paragraph break.
    """
    return count_text("\n".join(texts))
