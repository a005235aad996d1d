import pickle
from datetime import date

import pytest

from docgen.text.dates import (
    ONGOING,
    DateFormatError,
    check_window,
    find_range,
    format_roc,
    gregorian_to_roc,
    parse_date,
    parse_range,
    roc_to_gregorian,
)

D = date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("民國111年1月1日", D(2022, 1, 1)),
        ("中華民國111年1月1日", D(2022, 1, 1)),
        ("111年1月1日", D(2022, 1, 1)),
        ("111年01月01日", D(2022, 1, 1)),
        ("111年1月1", D(2022, 1, 1)),
        ("民國 111 年 1 月 1 日", D(2022, 1, 1)),
        ("\u3000111年1月1日 ", D(2022, 1, 1)),
        ("１１１年１月１日", D(2022, 1, 1)),
        ("111.1.1", D(2022, 1, 1)),
        ("111．1．1", D(2022, 1, 1)),
        ("111/01/01", D(2022, 1, 1)),
        ("111-01-01", D(2022, 1, 1)),
        ("1110101", D(2022, 1, 1)),
        ("1000101", D(2011, 1, 1)),  # ROC 100, 7 digits
        ("990101", D(2010, 1, 1)),  # ROC 99, 6 digits
        ("99年12月31日", D(2010, 12, 31)),
        ("100年1月1日", D(2011, 1, 1)),
        ("1年1月1日", D(1912, 1, 1)),
        ("2022-01-01", D(2022, 1, 1)),
        ("2022/1/1", D(2022, 1, 1)),
        ("2022.12.31", D(2022, 12, 31)),
        ("2022年1月1日", D(2022, 1, 1)),
        ("西元2022年1月1日", D(2022, 1, 1)),
        ("20220101", D(2022, 1, 1)),
        ("113年2月29日", D(2024, 2, 29)),  # leap day
        ("自111年1月1日起", D(2022, 1, 1)),
        ("113年12月31日止", D(2024, 12, 31)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["迄今", "至今", "迄今仍持續", "現在", "目前", " 迄今 ", "至今仍持續進行中"])
def test_parse_date_ongoing(text):
    assert parse_date(text) is ONGOING


@pytest.mark.parametrize(
    "text",
    [
        "",
        "明天",
        "112年2月29日",  # not a leap year
        "111年2月30日",
        "111年13月1日",
        "111年0月1日",
        "0年1月1日",
        "1911-01-01",  # 4 digits before 1912
        "民國2022年1月1日",
        "西元111年1月1日",
        "111.1-1",  # mixed separators
        "111年1月",
        "11101011",  # 8 digits = Gregorian year 1110
        "99101",  # 5 digits ambiguous
        "1110230",  # 7 digits ROC, Feb 30
        "今年",
    ],
)
def test_parse_date_errors(text):
    with pytest.raises(DateFormatError):
        parse_date(text)


def test_date_format_error_is_value_error():
    assert issubclass(DateFormatError, ValueError)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("111年1月1日至113年12月31日", D(2022, 1, 1), D(2024, 12, 31)),
        ("111年1月1日起至113年12月31日止", D(2022, 1, 1), D(2024, 12, 31)),
        ("自111年1月1日起至113年12月31日止", D(2022, 1, 1), D(2024, 12, 31)),
        ("111年1月1日起迄113年12月31日止", D(2022, 1, 1), D(2024, 12, 31)),
        ("111年1月1日到113年12月31日", D(2022, 1, 1), D(2024, 12, 31)),
        ("111年1月1日 ~ 113年12月31日", D(2022, 1, 1), D(2024, 12, 31)),
        ("111年1月1日～113年12月31日", D(2022, 1, 1), D(2024, 12, 31)),
        ("111.1.1-113.12.31", D(2022, 1, 1), D(2024, 12, 31)),
        ("111.1.1–113.12.31", D(2022, 1, 1), D(2024, 12, 31)),
        ("111.1.1—113.12.31", D(2022, 1, 1), D(2024, 12, 31)),
        ("111/1/1－113/12/31", D(2022, 1, 1), D(2024, 12, 31)),
        ("111-01-01-113-12-31", D(2022, 1, 1), D(2024, 12, 31)),
        ("2022-01-01 - 2024-12-31", D(2022, 1, 1), D(2024, 12, 31)),
        ("2022-01-01-2024-12-31", D(2022, 1, 1), D(2024, 12, 31)),
        ("2022-01-01至2024-12-31", D(2022, 1, 1), D(2024, 12, 31)),
        ("1110101-1131231", D(2022, 1, 1), D(2024, 12, 31)),
        ("990101~1000101", D(2010, 1, 1), D(2011, 1, 1)),
        ("民國111年1月1日至2024年12月31日", D(2022, 1, 1), D(2024, 12, 31)),
        ("111年1月1日至12月31日", D(2022, 1, 1), D(2022, 12, 31)),  # end without year
        ("111年1月1日迄今", D(2022, 1, 1), ONGOING),
        ("111年1月1日起迄今", D(2022, 1, 1), ONGOING),
        ("111年1月1日至今", D(2022, 1, 1), ONGOING),
        ("111年1月1日迄今仍持續", D(2022, 1, 1), ONGOING),
        ("111年1月1日至現在", D(2022, 1, 1), ONGOING),
        ("111.1.1-迄今", D(2022, 1, 1), ONGOING),
        ("111.1.1~至今", D(2022, 1, 1), ONGOING),
        ("2022-01-01-迄今", D(2022, 1, 1), ONGOING),
        ("自111年1月1日起", D(2022, 1, 1), ONGOING),
        # the words folded to one character before matching (dates._NORMALISE)
        ("從111年1月1日起到113年12月31日止", D(2022, 1, 1), D(2024, 12, 31)),
        ("由111年1月1日起", D(2022, 1, 1), ONGOING),
        ("111年1月1日〜113年12月31日", D(2022, 1, 1), D(2024, 12, 31)),
        ("111.1.1─113.12.31", D(2022, 1, 1), D(2024, 12, 31)),
        ("111.1.1——113.12.31", D(2022, 1, 1), D(2024, 12, 31)),
        ("111年1月1日迄今日", None, None),  # 今日 is not "until now"
        ("１１１年１月１日至１１３年１２月３１日", D(2022, 1, 1), D(2024, 12, 31)),
        ("113年2月29日至113年3月1日", D(2024, 2, 29), D(2024, 3, 1)),
        # order is not checked by parse_range
        ("113年1月1日至111年1月1日", D(2024, 1, 1), D(2022, 1, 1)),
    ],
)
def test_parse_range(text, start, end):
    if start is None:
        with pytest.raises(DateFormatError):
            parse_range(text)
        return
    got = parse_range(text)
    assert got == (start, end)
    if end is ONGOING:
        assert got[1] is ONGOING


@pytest.mark.parametrize(
    "text",
    [
        "",
        "111年1月1日",
        "2022-01-01",  # the ISO dashes are not a separator
        "111年至113年",
        "111年1月1日至",
        "112年2月29日至113年1月1日",
        "111年1月1日至113年2月30日",
        "111年1月1日至今年底",
        "111年1月1日至113年12月31日 另有說明",
    ],
)
def test_parse_range_errors(text):
    with pytest.raises(DateFormatError):
        parse_range(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("執行期間：111年1月1日至113年12月31日", (D(2022, 1, 1), D(2024, 12, 31))),
        ("執行期間：自111年1月1日起至113年12月31日止。", (D(2022, 1, 1), D(2024, 12, 31))),
        ("本案於110年5月1日核定，執行期間111.1.1-113.12.31", (D(2022, 1, 1), D(2024, 12, 31))),
        ("期間 2022-01-01 - 2022-12-31 完成", (D(2022, 1, 1), D(2022, 12, 31))),
        ("推動期程：111年1月1日迄今", (D(2022, 1, 1), ONGOING)),
        ("自111年1月1日起，持續推動", (D(2022, 1, 1), ONGOING)),
        ("無", None),
        ("", None),
        ("本計畫推動10年，服務3,000人", None),
        ("至今成效卓著", None),
    ],
)
def test_find_range(text, expected):
    assert find_range(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "執行期間：111年1月1日",  # single date
        "期間：111年至113年",  # year-only range
        "執行期間：111年2月30日至113年1月1日",  # impossible date
        "民國111年度",
        "111年1月1日起實施",
    ],
)
def test_find_range_errors(text):
    with pytest.raises(DateFormatError):
        find_range(text)


@pytest.mark.parametrize("roc, greg", [(1, 1912), (99, 2010), (100, 2011), (111, 2022), (113, 2024)])
def test_year_conversion(roc, greg):
    assert roc_to_gregorian(roc) == greg
    assert gregorian_to_roc(greg) == roc


@pytest.mark.parametrize("fn, arg", [(roc_to_gregorian, 0), (gregorian_to_roc, 1911)])
def test_year_conversion_errors(fn, arg):
    with pytest.raises(ValueError):
        fn(arg)


@pytest.mark.parametrize(
    "d, text",
    [
        (D(2022, 1, 1), "民國111年1月1日"),
        (D(2010, 12, 31), "民國99年12月31日"),
        (D(2024, 2, 29), "民國113年2月29日"),
        (ONGOING, "迄今"),
    ],
)
def test_format_roc(d, text):
    assert format_roc(d) == text
    assert parse_date(text) == d


def test_ongoing_sentinel():
    assert repr(ONGOING) == "ONGOING"
    assert pickle.loads(pickle.dumps(ONGOING)) is ONGOING
    assert ONGOING != D(2022, 1, 1)


EARLIEST = D(2022, 1, 1)
TODAY = D(2025, 3, 1)


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (D(2022, 1, 1), D(2024, 12, 31), []),
        (D(2022, 1, 1), ONGOING, []),
        (D(2023, 6, 1), D(2026, 12, 31), []),  # planned end in the future is fine
        (D(2021, 12, 31), D(2024, 12, 31), ["before-cutoff"]),
        (D(2025, 3, 2), ONGOING, ["future-start"]),
        (D(2025, 3, 1), D(2025, 3, 1), []),
        (D(2024, 1, 1), D(2023, 1, 1), ["end-before-start"]),
        (D(2021, 1, 1), D(2020, 1, 1), ["before-cutoff", "end-before-start"]),
        (D(2026, 1, 1), D(2025, 1, 1), ["future-start", "end-before-start"]),
    ],
)
def test_check_window(start, end, expected):
    assert check_window(start, end, earliest=EARLIEST, today=TODAY) == expected


def test_check_window_keyword_only():
    with pytest.raises(TypeError):
        check_window(D(2022, 1, 1), ONGOING, EARLIEST, TODAY)  # type: ignore[misc]
