"""numbering.xml: lists, levels, overrides, counters, and rendering lvlText to a marker."""

from __future__ import annotations

import re

from .styles import Styles, parse_ppr, parse_rpr
from .xml import MC_NS, find_child, find_children, int_attr, on_off, w

_W_VAL = w("val")


# -- number formats -------------------------------------------------------------------
def _ideograph_legal(n: int) -> str:
    try:
        from ...text.numbering import ideograph_legal
        return ideograph_legal(n)
    except (ImportError, ValueError):
        return _fallback_chinese(n, "零壹貳參肆伍陸柒捌玖", "拾佰仟")


def _chinese_counting(n: int) -> str:
    try:
        from ...text.numbering import chinese_counting
        return chinese_counting(n)
    except (ImportError, ValueError):
        return _fallback_chinese(n, "零一二三四五六七八九", "十百千")


def _fallback_chinese(n: int, digits: str, units: str) -> str:
    if n <= 0:
        return digits[0]
    if n >= 10000:
        return str(n)
    parts, zero = [], False
    for value, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = (n // value) % 10
        if d == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append(digits[0])
            zero = False
        parts.append(unit if (value == 10 and d == 1 and not parts) else digits[d] + unit)
    return "".join(parts)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    # Word repeats the letter: 27 -> AA, 28 -> BB
    if n <= 0:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_DIGITAL = "〇一二三四五六七八九"


def _enclosed_circle(n: int) -> str:
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    return str(n)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# starts and counters are capped: far past any real list, and it keeps every numeral
# short (`upperLetter` at 9,999,999 would be 384,615 letters for each paragraph)
MAX_VALUE = 32767


def format_number(n: int, fmt: str | None) -> str:
    """One level's value in a w:numFmt (unknown formats fall back to decimal)."""
    fmt = fmt or "decimal"
    n = min(n, MAX_VALUE)
    if fmt == "none":
        return ""
    if fmt in ("decimal", "decimalHalfWidth"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}" if 0 <= n < 10 else str(n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(_FULLWIDTH)
    if fmt in ("ideographLegalTraditional",):
        return _ideograph_legal(n)
    if fmt == "chineseLegalSimplified":
        return _ideograph_legal(n).translate(str.maketrans("貳參陸", "贰叁陆"))
    if fmt in ("taiwaneseCountingThousand", "taiwaneseCounting", "chineseCounting",
               "chineseCountingThousand", "japaneseCounting", "japaneseLegal",
               "koreanCounting", "ideographTraditionalCounting"):
        return _chinese_counting(n)
    if fmt in ("taiwaneseDigital", "ideographDigital", "japaneseDigitalTenThousand", "koreanDigital"):
        return "".join(_DIGITAL[int(d)] for d in str(n)) if n >= 0 else str(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _ZODIAC[(n - 1) % 12] if n > 0 else str(n)
    if fmt == "upperLetter":
        return _letter(n)
    if fmt == "lowerLetter":
        return _letter(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _enclosed_circle(n)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt == "ideographEnclosedCircle":
        return chr(0x3220 + n - 1) if 1 <= n <= 10 else _chinese_counting(n)
    if fmt == "ordinal":
        return _ordinal(n)
    if fmt == "hex":
        return format(n, "X")
    return str(n)


# -- model ------------------------------------------------------------------------------
# (plain slotted classes: reader-internal, never printed or compared, cheaper to define than dataclasses)
class Level:
    """One w:lvl: start, number format, level text, restart and its paragraph/run properties."""

    __slots__ = ("ilvl", "start", "fmt", "text", "restart", "is_lgl", "pstyle", "ppr", "rpr")

    def __init__(self, ilvl: int):
        self.ilvl = ilvl
        self.start = 0
        self.fmt = "decimal"
        self.text = ""
        self.restart: int | None = None
        self.is_lgl = False
        self.pstyle: str | None = None
        self.ppr: dict = {}
        self.rpr: dict = {}


class AbstractNum:
    """A w:abstractNum: the level definitions a list instance points to."""

    __slots__ = ("id", "levels", "num_style_link")

    def __init__(self, id: str):
        self.id = id
        self.levels: dict[int, Level] = {}
        self.num_style_link: str | None = None


class Num:
    """A w:num list instance: its abstract numbering and level/start overrides."""

    __slots__ = ("id", "abstract_id", "start_overrides", "level_overrides")

    def __init__(self, id: str, abstract_id: str | None):
        self.id, self.abstract_id = id, abstract_id
        self.start_overrides: dict[int, int] = {}
        self.level_overrides: dict[int, Level] = {}


def _num_fmt(lvl) -> str | None:
    el = find_child(lvl, w("numFmt"))
    if el is None:
        # Word 2010 custom formats sit in mc:AlternateContent; the fallback is a standard one
        for fb in lvl.iter("{%s}Fallback" % MC_NS):
            el = find_child(fb, w("numFmt"))
            if el is not None:
                break
    return el.get(_W_VAL) if el is not None else None


def parse_level(lvl) -> Level | None:
    ilvl = int_attr(lvl, w("ilvl"))
    if ilvl is None or not 0 <= ilvl <= 8:
        return None
    level = Level(ilvl=ilvl)
    el = find_child(lvl, w("start"))
    if el is not None:
        start = int_attr(el, _W_VAL)
        if start is not None and start >= 0:
            level.start = min(start, MAX_VALUE)
    level.fmt = _num_fmt(lvl) or "decimal"
    el = find_child(lvl, w("lvlText"))
    if el is not None:
        level.text = el.get(_W_VAL) or ""
    el = find_child(lvl, w("lvlRestart"))
    if el is not None:
        level.restart = int_attr(el, _W_VAL)
    el = find_child(lvl, w("isLgl"))
    if el is not None:
        level.is_lgl = on_off(el)
    el = find_child(lvl, w("pStyle"))
    if el is not None:
        level.pstyle = el.get(_W_VAL)
    level.ppr = parse_ppr(find_child(lvl, w("pPr")))
    for key in ("numId", "ilvl", "pStyle"):
        level.ppr.pop(key, None)
    level.rpr = parse_rpr(find_child(lvl, w("rPr")))
    return level


_PLACEHOLDER = r"%([1-9])"  # compiled (by re's cache) only for a document with automatic numbering
MAX_LINKS = 8


class Numbering:
    """numbering.xml plus the running counters of one pass over a document."""

    def __init__(self, root=None, styles: Styles | None = None):
        self.abstracts: dict[str, AbstractNum] = {}
        self.nums: dict[str, Num] = {}
        self.styles = styles or Styles()
        self._counters: dict[str, list[int | None]] = {}
        self._used_nums: set[str] = set()
        self._resolved: dict[str, tuple[str, dict[int, Level], dict[int, int]] | None] = {}
        if root is not None:
            self._load(root)

    def _load(self, root) -> None:
        for el in find_children(root, w("abstractNum")):
            aid = el.get(w("abstractNumId"))
            if aid is None or aid in self.abstracts:
                continue
            absn = AbstractNum(id=aid)
            link = find_child(el, w("numStyleLink"))
            if link is not None:
                absn.num_style_link = link.get(_W_VAL)
            for lvl in find_children(el, w("lvl")):
                level = parse_level(lvl)
                if level is not None:
                    absn.levels.setdefault(level.ilvl, level)
            self.abstracts[aid] = absn
        for el in find_children(root, w("num")):
            nid = el.get(w("numId"))
            if nid is None or nid in self.nums:
                continue
            ref = find_child(el, w("abstractNumId"))
            num = Num(id=nid.strip(), abstract_id=ref.get(_W_VAL) if ref is not None else None)
            for ov in find_children(el, w("lvlOverride")):
                ilvl = int_attr(ov, w("ilvl"))
                if ilvl is None or not 0 <= ilvl <= 8:
                    continue
                so = find_child(ov, w("startOverride"))
                if so is not None:
                    start = int_attr(so, _W_VAL)
                    if start is not None and start >= 0:
                        num.start_overrides[ilvl] = min(start, MAX_VALUE)
                lvl = find_child(ov, w("lvl"))
                if lvl is not None:
                    level = parse_level(lvl)
                    if level is not None:
                        level.ilvl = ilvl
                        num.level_overrides[ilvl] = level
            self.nums[num.id] = num

    # -- resolution ---------------------------------------------------------------------
    def _abstract_for(self, num: Num) -> AbstractNum | None:
        absn = self.abstracts.get(num.abstract_id or "")
        hops = 0
        while absn is not None and absn.num_style_link and hops < MAX_LINKS:
            hops += 1
            style = self.styles.get(absn.num_style_link)
            target_num = self.nums.get(style.ppr.get("numId", "")) if style is not None else None
            if target_num is None:
                break
            nxt = self.abstracts.get(target_num.abstract_id or "")
            if nxt is None or nxt is absn:
                break
            absn = nxt
        return absn

    def resolve(self, num_id: str):
        """(counter key, levels, start overrides) of a w:num, or None."""
        if num_id in self._resolved:
            return self._resolved[num_id]
        num = self.nums.get(num_id)
        result = None
        if num is not None:
            absn = self._abstract_for(num)
            if absn is not None:
                levels = dict(absn.levels)
                levels.update(num.level_overrides)
                result = (absn.id, levels, num.start_overrides)
        self._resolved[num_id] = result
        return result

    def level_for_style(self, num_id: str, style_id: str | None) -> int | None:
        """The level whose w:pStyle names this paragraph style (a style-linked list)."""
        res = self.resolve(num_id)
        if res is None or not style_id:
            return None
        for ilvl, level in sorted(res[1].items()):
            if level.pstyle == style_id:
                return ilvl
        return None

    def level(self, num_id: str, ilvl: int) -> Level | None:
        res = self.resolve(num_id)
        return None if res is None else res[1].get(ilvl)

    def _start(self, levels, overrides, ilvl: int) -> int:
        if ilvl in overrides:
            return overrides[ilvl]
        level = levels.get(ilvl)
        return level.start if level is not None else 0

    def advance(self, num_id: str, ilvl: int) -> tuple[str, Level] | None:
        """Count one numbered paragraph and return (marker text, level), or None."""
        res = self.resolve(num_id)
        if res is None:
            return None
        key, levels, overrides = res
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self._counters.setdefault(key, [None] * 9)
        if num_id not in self._used_nums:
            self._used_nums.add(num_id)
            # a w:num with startOverride restarts the shared list the first time it is used
            for o_lvl in overrides:
                for m in range(o_lvl, 9):
                    counters[m] = None
        if counters[ilvl] is None:
            counters[ilvl] = self._start(levels, overrides, ilvl)
        else:
            counters[ilvl] += 1
        for m in range(ilvl + 1, 9):
            deeper = levels.get(m)
            restart = deeper.restart if deeper is not None else None
            if restart is None or (restart > 0 and ilvl < restart):
                counters[m] = None

        def value(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            n = counters[k]
            if n is None:  # a level never entered shows one less than its start, as Word does
                n = max(self._start(levels, overrides, k) - 1, 0)
            ref = levels.get(k)
            fmt = ref.fmt if ref is not None else "decimal"
            if level.is_lgl and fmt != "none":
                fmt = "decimal"
            return format_number(n, fmt)

        if level.fmt == "bullet":
            return level.text, level
        return re.sub(_PLACEHOLDER, value, level.text), level
