"""Outline numbering (PRODUCT.md section 3, "Numbering").

Five levels, in order::

    1  壹、   ideograph_legal
    2  一、   chinese_counting
    3  （一） chinese_counting in full-width parentheses (U+FF08 / U+FF09)
    4  1、    decimal
    5  （1）  decimal in full-width parentheses

The delimiter 、 is U+3001.  Canonical numerals: 拾 for 10, 拾壹 for 11,
貳拾 for 20 (level 1); 十 for 10, 十一, 二十, 二十一 (level 2/3).  Variants such
as 壹拾, 一十, 叁/参 are read for their value but are not canonical, so the
checker reports them as a format problem (the contract says each level's
format is exact).
"""

from __future__ import annotations

from collections import namedtuple
from functools import lru_cache
from typing import Sequence

LEVEL_COUNT = 5

_LEGAL_DIGITS = "零壹貳參肆伍陸柒捌玖"
_COUNTING_DIGITS = "零一二三四五六七八九"

# Value of every digit character accepted when parsing (canonical + variants).
_DIGIT_VALUES = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1, "弌": 1,
    "二": 2, "貳": 2, "贰": 2, "弍": 2, "兩": 2, "两": 2,
    "三": 3, "參": 3, "叁": 3, "参": 3, "弎": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陸": 6, "陆": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_WAN = {"萬": 10000, "万": 10000}

# Characters that only occur in the legal (大寫) set; their presence makes a
# numeral a level-1 shape.
_LEGAL_ONLY = frozenset("壹弌貳贰弍參叁参弎肆伍陸陆柒捌玖拾佰仟")


def _compose(n: int, digits: str, units: tuple[str, str, str], wan: str, short_ten: bool) -> str:
    """Spell ``n`` (1 <= n < 10**8) with the given digit and unit characters.

    ``short_ten`` drops the leading one of 10..19 (十一 rather than 一十一);
    it only applies at the very start of the number.
    """
    if n >= 10000:
        high, low = divmod(n, 10000)
        out = _compose(high, digits, units, wan, short_ten) + wan
        if low:
            if low < 1000:
                out += digits[0]
            out += _compose(low, digits, units, wan, short_ten=False)
        return out
    parts = []
    pending_zero = False
    for value, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = (n // value) % 10
        if d == 0:
            if parts:
                pending_zero = True
            continue
        if pending_zero:
            parts.append(digits[0])
            pending_zero = False
        if value == 10 and d == 1 and not parts and short_ten:
            parts.append(unit)
        else:
            parts.append(digits[d] + unit)
    return "".join(parts)


def _check_positive(n: int) -> None:
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n < 10**8:
        raise ValueError(f"numeral value must be an integer in 1..99999999, got {n!r}")


def ideograph_legal(n: int) -> str:
    """Level-1 numeral: 壹 貳 參 … 玖 拾 拾壹 … 貳拾 貳拾壹 … 壹佰 壹佰零壹."""
    _check_positive(n)
    return _compose(n, _LEGAL_DIGITS, ("拾", "佰", "仟"), "萬", short_ten=True)


def chinese_counting(n: int) -> str:
    """Level-2/3 numeral (Word's taiwaneseCountingThousand).

    一 … 十 十一 … 二十 二十一 … 一百 一百零一 一百一十 … 一千.
    """
    _check_positive(n)
    return _compose(n, _COUNTING_DIGITS, ("十", "百", "千"), "萬", short_ten=True)


def parse_chinese_number(s: str) -> int | None:
    """Value of a Chinese numeral in either set, or None if ``s`` is not one.

    Accepts canonical and variant spellings (一十, 壹拾, 叁, 参, 一百十, 兩百).
    Rejects strings that are not well-formed numerals, e.g. 十十, 一二, 百一千.
    """
    if not s:
        return None
    if len(s) == 1 and s in _DIGIT_VALUES:
        return _DIGIT_VALUES[s]
    total = 0
    section = 0  # value below 萬
    digit: int | None = None
    last_unit = 10**9  # units inside a section must strictly decrease
    seen_wan = False
    for ch in s:
        if ch in _DIGIT_VALUES:
            v = _DIGIT_VALUES[ch]
            if v == 0:
                if digit is not None:
                    return None
                continue  # 零 only marks a skipped position
            if digit is not None:
                return None  # two digits in a row: positional forms not accepted
            digit = v
        elif ch in _SMALL_UNITS:
            u = _SMALL_UNITS[ch]
            if u >= last_unit:
                return None
            section += (1 if digit is None else digit) * u
            digit = None
            last_unit = u
        elif ch in _WAN:
            if seen_wan:
                return None
            section += digit or 0
            if section == 0:
                return None
            total = section * 10000
            section, digit, last_unit, seen_wan = 0, None, 10**9, True
        else:
            return None
    section += digit or 0
    total += section
    return total if total > 0 else None


def format_marker(level: int, value: int) -> str:
    """Canonical marker text: (1,3)->"參、", (3,2)->"（二）", (4,1)->"1、", (5,2)->"（2）"."""
    if level == 1:
        return ideograph_legal(value) + "、"
    if level == 2:
        return chinese_counting(value) + "、"
    if level == 3:
        return "（" + chinese_counting(value) + "）"
    _check_positive(value)
    if level == 4:
        return f"{value}、"
    if level == 5:
        return f"（{value}）"
    raise ValueError(f"level must be 1..{LEVEL_COUNT}, got {level!r}")


# Marker and Problem are named tuples: immutable, compared and printed like the dataclasses
# they were, at a quarter of the cost to define at every start
class Marker(namedtuple("Marker", "text level value canonical")):
    """A paragraph's leading outline marker.

    ``text`` is the marker exactly as found; ``level`` is the level whose shape
    it is closest to; ``canonical`` is ``text == expected``.
    """

    __slots__ = ()

    # fields:
    #   text: str
    #   level: int
    #   value: int
    #   canonical: bool

    @property
    def expected(self) -> str:
        return format_marker(self.level, self.value)


_NUMERAL_CHARS = "".join(sorted(set(_DIGIT_VALUES) | set(_SMALL_UNITS) | set(_WAN)))
# The marker is read by hand, not by a regex: a character set of scattered CJK numerals
# costs ~0.4 ms to compile, paid at every start. In regex terms a marker is
#   parenthesised  [（(] SP NUM SP [）)] [、､﹑.．]?     （一） (一) （一) (1) ... and a stray delimiter
#   bare           NUM [、､﹑.．)）]                       一、 1、 1. 1． 一. 壹. 1) 一）
# with NUM = 1-8 Chinese numerals, or 1-2 digits (half- or full-width) and no third, SP = [ \u3000]*.
_NUMERALS = frozenset(_NUMERAL_CHARS)
_DIGIT_RUNS = ("0123456789", "０１２３４５６７８９")
_SPACES = " \u3000"
_PAREN_EXTRAS = "、､﹑.．"
_BARE_DELIMS = "、､﹑.．)）"
# Invisible characters that may precede the marker in extracted text.
_LEADING_JUNK = "\ufeff\u200b\u200c\u200d\u2060"
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _numeral_value(num: str) -> tuple[int, str] | None:
    """(value, kind) where kind is "legal", "counting" or "digit"."""
    if num[0] in "0123456789０１２３４５６７８９":
        value = int(num.translate(_FULLWIDTH_DIGITS))
        return (value, "digit") if value > 0 else None
    value = parse_chinese_number(num)
    if value is None or value == 0:
        return None
    kind = "legal" if any(ch in _LEGAL_ONLY for ch in num) else "counting"
    return value, kind



def _skip_spaces(s: str, i: int) -> int:
    while i < len(s) and s[i] in _SPACES:
        i += 1
    return i


def _numeral_end(s: str, i: int) -> int:
    """Where the numeral starting at s[i] ends, or -1 when none starts there (see NUM above)."""
    if i >= len(s):
        return -1
    ch, j = s[i], i + 1
    if ch in _NUMERALS:
        while j < len(s) and s[j] in _NUMERALS:
            j += 1
        return j if j - i <= 8 else -1
    for digits in _DIGIT_RUNS:
        if ch in digits:
            while j < len(s) and s[j] in digits:
                j += 1
            return j if j - i <= 2 else -1
    return -1


@lru_cache(maxsize=4096)  # structuring asks again for the same paragraph; a Marker is immutable
def parse_marker(paragraph_text: str) -> Marker | None:
    """Recognise an outline marker at the start of a paragraph.

    Leading whitespace (including U+3000) and zero-width characters are
    skipped.  Well-formed markers and common malformed shapes are recognised
    so that a checker can report a wrong format:

    * ``(一)`` ``（一)`` ``( 一 )`` ``(1)`` ``（１）`` ``（一）、`` -> level 3 / 5,
    * ``1.`` ``1．`` ``１、`` ``01、`` -> level 4, ``一.`` -> level 2, ``壹.`` -> level 1,
    * ``1)`` ``一）`` (a closing parenthesis only) -> the parenthesised level (5 / 3),
    * any marker built from legal numerals (壹貳參) -> level 1.

    A numeral needs a delimiter right after it, so ordinary text is not a
    marker: 一般民眾, 三十年來, 十分, 100年度, 2024年, 1,000人.  A number
    followed by "." and a digit is a decimal or a date (1.5倍, 111.1.1), not
    a marker.  Decimal markers have at most two digits.
    """
    s = paragraph_text.lstrip().lstrip(_LEADING_JUNK).lstrip()
    n = len(s)
    paren = n > 0 and s[0] in "（("
    if paren:
        start = _skip_spaces(s, 1)
        end = _numeral_end(s, start)
        close = _skip_spaces(s, end) if end > 0 else n
        if close >= n or s[close] not in "）)":
            return None
        stop = close + 1
        if stop < n and s[stop] in _PAREN_EXTRAS:
            stop += 1
        delim = ""
    else:
        start = 0
        end = _numeral_end(s, 0)
        if end < 0 or end >= n or s[end] not in _BARE_DELIMS:
            return None
        delim, stop = s[end], end + 1
        if delim in ".．" and stop < n and (s[stop] in _DIGIT_RUNS[0] or s[stop] in _DIGIT_RUNS[1]):
            return None  # a decimal or a date (1.5倍, 111.1.1)
    parsed = _numeral_value(s[start:end])
    if parsed is None:
        return None
    value, kind = parsed
    if kind == "legal":
        level = 1
    elif kind == "counting":
        level = 3 if paren or delim in ")）" else 2
    else:
        level = 5 if paren or delim in ")）" else 4
    text = s[:stop]
    return Marker(text=text, level=level, value=value, canonical=text == format_marker(level, value))


class Problem(namedtuple("Problem", "kind index marker expected detail sequence", defaults=((),))):
    """One finding of :func:`validate_sequence`.

    kind/detail pairs: ("format", "format"), ("sequence", "gap" | "repeat" |
    "restart"), ("depth", "skipped-level" | "above-top").  A sequence problem
    also gives ``sequence``: the markers its whole group of siblings should
    carry (壹、貳、參、), the renumbering that fixes the group.
    """

    __slots__ = ()

    # fields:
    #   kind: str
    #   index: int
    #   marker: str
    #   expected: str
    #   detail: str
    #   sequence: tuple[str, ...] = ()


def validate_sequence(markers: Sequence[Marker | None], top_level: int = 1) -> list[Problem]:
    """Check the outline formed by successive paragraphs' markers.

    ``markers`` are in document order; ``None`` (a paragraph without marker)
    is skipped.  Findings, in input order (a marker can have a format and a
    sequence/depth finding):

    * format: the marker is not canonical (``(一)``, ``1.``, ``一十、``).  Its
      level and value are still used for tracking, so one bad shape does not
      cascade.
    * depth/skipped-level: a level entered without its parent (一、 then 1、),
      including a first marker deeper than ``top_level``.  ``expected`` is
      the first marker of the missing level.  The missing levels are then
      treated as present, so the siblings that follow are not reported again.
    * depth/above-top: a marker shallower than ``top_level`` (e.g. 壹、 in a
      text whose outline starts at 一、).  It is otherwise ignored.
    * sequence: the n-th sibling under one parent must carry n (a marker at a
      shallower level starts a new group of siblings).  Only the first break
      in a group is reported — the marker there, what it should be, and the
      whole group renumbered — not a knock-on at every later sibling:

      - gap: value higher than its place (一、 三、; or a first child 2、),
      - repeat: value lower than its place (二、 二、; 三、 二、),
      - restart: back to 1 without a new parent (（一）（二）（一）).

      So 一、 三、 三、 四、 (二 typed as 三) gives one finding, at the first 三、
      (expected 二、, sequence 一、二、三、四、).
    """
    if not 1 <= top_level <= LEVEL_COUNT:
        raise ValueError(f"top_level must be 1..{LEVEL_COUNT}, got {top_level!r}")
    # seen[k]: siblings met at level k under the current parent; None = level not
    # entered; 0 = entered implicitly after a skipped-level finding.
    seen: list[int | None] = [None] * (LEVEL_COUNT + 1)
    # broken[k]: index in `problems` of the group's sequence finding, if any
    broken: list[int | None] = [None] * (LEVEL_COUNT + 1)
    problems: list[Problem] = []

    def close(level: int) -> None:
        """End the groups at `level` and deeper; a broken one learns its renumbering."""
        for k in range(level, LEVEL_COUNT + 1):
            at = broken[k]
            if at is not None:
                sequence = tuple(format_marker(k, n) for n in range(1, (seen[k] or 0) + 1))
                problems[at] = problems[at]._replace(sequence=sequence)
            seen[k] = broken[k] = None

    for index, m in enumerate(markers):
        if m is None:
            continue
        if not m.canonical:
            problems.append(Problem("format", index, m.text, m.expected, "format"))
        level = m.level
        if level < top_level:
            nxt = (seen[top_level] or 0) + 1
            problems.append(
                Problem("depth", index, m.text, format_marker(top_level, nxt), "above-top")
            )
            continue

        close(level + 1)
        if level > top_level and seen[level - 1] is None:
            deepest = max(
                (k for k in range(top_level, level) if seen[k] is not None),
                default=top_level - 1,
            )
            problems.append(
                Problem("depth", index, m.text, format_marker(deepest + 1, 1), "skipped-level")
            )
            for k in range(deepest + 1, level):
                seen[k] = 0
            seen[level] = 1
            continue
        want = (seen[level] or 0) + 1
        seen[level] = want
        if m.value != want and broken[level] is None:
            if want > 1 and m.value == 1:
                detail = "restart"
            elif m.value < want:
                detail = "repeat"
            else:
                detail = "gap"
            broken[level] = len(problems)
            problems.append(Problem("sequence", index, m.text, format_marker(level, want), detail))
    close(top_level)
    return problems
