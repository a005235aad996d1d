"""Dates and date ranges (PRODUCT.md section 3, "Dates").

Accepted single dates (spaces allowed between parts, full-width digits and
punctuation accepted):

* 民國111年1月1日, 中華民國111年1月1日, 111年1月1日, 111年01月01日
* 111.1.1, 111/01/01, 111-01-01 (the same separator twice)
* 1110101 (7 digits, ROC), 990101 (6 digits, ROC 99), 20220101 (8 digits, Gregorian)
* 2022-01-01, 2022/1/1, 2022.1.1, 2022年1月1日, 西元2022年1月1日

Year rule: with 民國 the year is ROC; with 西元/公元 it is Gregorian;
otherwise a year of 1-3 digits is ROC and a 4-digit year is Gregorian
(and must be >= 1912).  ROC year + 1911 = Gregorian year.

迄今, 至今, 迄今仍持續, 現在, 目前 mean "ongoing" (:data:`ONGOING`).
"""

from __future__ import annotations

import enum
import re
from datetime import date

__all__ = [
    "ONGOING",
    "Ongoing",
    "DateFormatError",
    "parse_date",
    "parse_range",
    "find_range",
    "roc_to_gregorian",
    "gregorian_to_roc",
    "format_roc",
    "check_window",
]

ROC_OFFSET = 1911


class Ongoing(enum.Enum):
    """Type of the :data:`ONGOING` sentinel (an enum so it pickles and compares by identity)."""

    ONGOING = "ongoing"

    def __repr__(self) -> str:
        return "ONGOING"

    __str__ = __repr__


ONGOING = Ongoing.ONGOING


class DateFormatError(ValueError):
    """Text that should be a date or range but cannot be read as one."""


def roc_to_gregorian(y: int) -> int:
    """民國 year -> Gregorian year (111 -> 2022)."""
    if y < 1:
        raise ValueError(f"ROC year must be >= 1, got {y}")
    return y + ROC_OFFSET


def gregorian_to_roc(y: int) -> int:
    """Gregorian year -> 民國 year (2022 -> 111)."""
    if y <= ROC_OFFSET:
        raise ValueError(f"Gregorian year {y} is before the ROC era (1912)")
    return y - ROC_OFFSET


def format_roc(d: date | Ongoing) -> str:
    """``date(2022, 1, 1)`` -> "民國111年1月1日"; ONGOING -> "迄今"."""
    if d is ONGOING:
        return "迄今"
    return f"民國{gregorian_to_roc(d.year)}年{d.month}月{d.day}日"


# --- normalisation -------------------------------------------------------

# One-to-one replacements so that match positions stay valid for the caller. Words that
# mean the same are folded to one character too (從/由 -> 自, 到/迄 -> 至, ～/〜 -> ~, the long
# dashes -> —): a pattern's set of three or more scattered CJK characters costs ~0.25 ms to
# compile, at every start.
_NORMALISE = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "／": "/",
        "－": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
        "\u3000": " ",
        "\u00a0": " ",
        "從": "自",
        "由": "自",
        "到": "至",
        "迄": "至",
        "～": "~",
        "〜": "~",
        "–": "—",
        "─": "—",
    }
)


def _normalise(text: str) -> str:
    return text.translate(_NORMALISE)


# --- patterns ------------------------------------------------------------
# Kept as strings: `re` compiles (and caches) each on first use, so a check
# that reads one date range does not pay for compiling the others at import.

_S = r"[ \t]*"


def _date_pattern(p: str, *, allow_month_day: bool = False) -> str:
    """Regex for one date; group names are prefixed with ``p``."""
    md = (
        rf"|(?P<{p}mo>\d{{1,2}}){_S}月{_S}(?P<{p}do>\d{{1,2}})(?!\d){_S}日?"
        if allow_month_day
        else ""
    )
    return (
        rf"(?<!\d)"
        rf"(?:(?P<{p}era>(?:中華)?民國|西元|公元){_S})?"
        rf"(?:"
        rf"(?P<{p}ya>\d{{1,4}}){_S}年{_S}(?P<{p}ma>\d{{1,2}}){_S}月{_S}(?P<{p}da>\d{{1,2}})(?!\d){_S}日?"
        rf"|(?P<{p}yb>\d{{1,4}}){_S}(?P<{p}s>[./-]){_S}(?P<{p}mb>\d{{1,2}}){_S}(?P={p}s){_S}"
        rf"(?P<{p}db>\d{{1,2}})(?![\d./])"
        rf"|(?P<{p}c>\d{{6,8}})(?!\d)"
        rf"{md})"
    )


# "今" must not begin 今年/今日 ("至今年底" is not ongoing).
_ONGOING = (
    rf"(?:至{_S})?(?:今(?!年)(?!日)(?!天)|現在|目前)"
    rf"(?:{_S}[仍尚]?{_S}(?:持續|繼續){_S}(?:進行|辦理|執行)?{_S}中?"
    rf"|{_S}[仍尚]?{_S}(?:進行|辦理|執行)中)?"
)
_SEP = rf"(?:起{_S})?(?:至|~|[-—]{{1,2}})"
_RANGE = (
    rf"(?P<start>{_date_pattern('a')}){_S}(?:起{_S})?"
    rf"(?:{_SEP}){_S}"
    rf"(?:(?P<end>{_date_pattern('b', allow_month_day=True)})|(?P<ongoing>{_ONGOING}))"
    rf"(?:{_S}止)?"
)
# "自111年1月1日起" with nothing after 起: an open-ended period.
_OPEN_START = rf"(?P<start>{_date_pattern('a')}){_S}起(?={_S}(?:$|[，,。；;、)）」』\n]))"
_PREFIX = rf"^\s*(?:自{_S})?"

# a whole period: start and end (or ongoing), or "自111年1月1日起" with nothing after 起
_PERIOD_FULL = (
    rf"{_PREFIX}(?P<start>{_date_pattern('a')}){_S}"
    rf"(?:(?:起{_S})?(?:{_SEP}){_S}"
    rf"(?:(?P<end>{_date_pattern('b', allow_month_day=True)})|(?P<ongoing>{_ONGOING}))"
    rf"(?:{_S}止)?|起)\s*$"
)
_RANGE_SEARCH = (_RANGE)
_OPEN_SEARCH = (_OPEN_START)
_DATE_FULL = (rf"{_PREFIX}{_date_pattern('a')}{_S}[起止]?\s*$")
_ONGOING_FULL = (rf"^\s*{_ONGOING}\s*$")

# Something that looks like a date even if it cannot be read as one.
_DATE_LIKE = (
    r"(?:中華)?民國\s*\d"
    r"|[西公]元\s*\d"
    r"|\d{2,4}\s*年\s*\d{1,2}\s*月"
    r"|(?<!\d)\d{2,4}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{1,2}"
    r"|\d{2,4}\s*年\s*(?:起\s*)?(?:至|~|[-—])\s*\d{2,4}\s*年"
)


# --- building dates ------------------------------------------------------


def _year(digits: str, era: str | None, text: str) -> int:
    n = int(digits)
    if era and era.endswith("民國"):
        if len(digits) > 3 or n < 1:
            raise DateFormatError(f"not a ROC year: {digits!r} in {text!r}")
        return n + ROC_OFFSET
    if era:  # 西元 / 公元
        if len(digits) != 4:
            raise DateFormatError(f"not a Gregorian year: {digits!r} in {text!r}")
        return n
    if len(digits) <= 3:
        if n < 1:
            raise DateFormatError(f"ROC year 0 does not exist: {text!r}")
        return n + ROC_OFFSET
    if n <= ROC_OFFSET:
        raise DateFormatError(f"year {n} is before 1912 (neither ROC nor plausible): {text!r}")
    return n


def _make(y: int, m: int, d: int, text: str) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise DateFormatError(f"not a calendar date: {text!r}") from None


def _build(m: re.Match, p: str, text: str, year_hint: int | None = None) -> date:
    g = m.groupdict()
    era = g.get(p + "era")
    if g.get(p + "ya") is not None:
        y, mo, d = g[p + "ya"], g[p + "ma"], g[p + "da"]
    elif g.get(p + "yb") is not None:
        y, mo, d = g[p + "yb"], g[p + "mb"], g[p + "db"]
    elif g.get(p + "c") is not None:
        c = g[p + "c"]
        if len(c) == 8:
            if era and era.endswith("民國"):
                raise DateFormatError(f"8-digit date cannot be ROC: {text!r}")
            y, mo, d = c[:4], c[4:6], c[6:]
        else:
            if era and not era.endswith("民國"):
                raise DateFormatError(f"{len(c)}-digit date cannot be Gregorian: {text!r}")
            y, mo, d = c[:-4], c[-4:-2], c[-2:]
            era = era or "民國"
    else:  # month-day only: the year of the range start
        assert year_hint is not None
        return _make(year_hint, int(g[p + "mo"]), int(g[p + "do"]), text)
    return _make(_year(y, era, text), int(mo), int(d), text)


def _range_from_match(m: re.Match, text: str) -> tuple[date, date | Ongoing]:
    start = _build(m, "a", text)
    if m.groupdict().get("end") is None:
        return start, ONGOING
    return start, _build(m, "b", text, year_hint=start.year)


# --- public API ----------------------------------------------------------


def parse_date(text: str) -> date | Ongoing:
    """Read one date (or 迄今/至今/現在 -> ONGOING).

    A leading 自/從/由 and a trailing 起/止 are tolerated.  Raises
    :class:`DateFormatError` for anything else, including impossible
    calendar dates (112年2月29日).
    """
    norm = _normalise(text)
    if re.match(_ONGOING_FULL, norm):
        return ONGOING
    m = re.match(_DATE_FULL, norm)
    if m is None:
        raise DateFormatError(f"not a date: {text!r}")
    return _build(m, "a", text)


def parse_range(text: str) -> tuple[date, date | Ongoing]:
    """Read a whole string as a period ``(start, end)``; ``end`` may be ONGOING.

    Separators: 至 到 迄 ~ ～ 〜 - – — (optionally preceded by 起), an optional
    trailing 止 and leading 自/從/由: "111年1月1日起至113年12月31日止",
    "111.1.1-113.12.31", "2022-01-01 - 2022-12-31" (the dashes inside an ISO
    date are never taken as the separator), "111年1月1日迄今",
    "111.1.1-迄今", "111年1月1日至今".  An end without year
    ("111年1月1日至12月31日") takes the start's year.  "自111年1月1日起"
    with nothing after 起 is read as ongoing.

    The order of start and end is not checked here (see :func:`check_window`).
    Raises :class:`DateFormatError` if the text is not such a range.
    """
    norm = _normalise(text)
    m = re.match(_PERIOD_FULL, norm)
    if m is None:
        raise DateFormatError(f"not a date range: {text!r}")
    return _range_from_match(m, text)


def find_range(text: str) -> tuple[date, date | Ongoing] | None:
    """Find the first period in free text ("執行期間：111年1月1日至113年12月31日").

    Returns None if nothing date-like is present.  Raises
    :class:`DateFormatError` if the text holds something date-like that is
    not a readable range (a single date, a year-only range such as
    "111年至113年", an impossible calendar date).
    """
    norm = _normalise(text)
    m = re.search(_RANGE_SEARCH, norm)
    if m is None:
        m = re.search(_OPEN_SEARCH, norm)
    if m is not None:
        return _range_from_match(m, text)
    if re.search(_DATE_LIKE, norm):
        raise DateFormatError(f"no readable date range (start and end, or 迄今) in {text!r}")
    return None


def check_window(
    start: date,
    end: date | Ongoing,
    *,
    earliest: date,
    today: date,
) -> list[str]:
    """Problems of a period against the award window, in this order:

    * "before-cutoff": start is before ``earliest``;
    * "future-start": start is after ``today``;
    * "end-before-start": end is a date earlier than start.

    A planned end in the future is normal and not a problem; ONGOING never is.
    """
    if not isinstance(start, date):
        raise TypeError(f"start must be a date, got {start!r}")
    problems = []
    if start < earliest:
        problems.append("before-cutoff")
    if start > today:
        problems.append("future-start")
    if isinstance(end, date) and end < start:
        problems.append("end-before-start")
    return problems
