import pytest

from docgen.text.numbering import (
    LEVEL_COUNT,
    Marker,
    Problem,
    chinese_counting,
    format_marker,
    ideograph_legal,
    parse_chinese_number,
    parse_marker,
    validate_sequence,
)


@pytest.mark.parametrize(
    "n, legal, counting",
    [
        (1, "壹", "一"),
        (2, "貳", "二"),
        (3, "參", "三"),
        (4, "肆", "四"),
        (9, "玖", "九"),
        (10, "拾", "十"),
        (11, "拾壹", "十一"),
        (19, "拾玖", "十九"),
        (20, "貳拾", "二十"),
        (21, "貳拾壹", "二十一"),
        (99, "玖拾玖", "九十九"),
        (100, "壹佰", "一百"),
        (101, "壹佰零壹", "一百零一"),
        (110, "壹佰壹拾", "一百一十"),
        (999, "玖佰玖拾玖", "九百九十九"),
        (1000, "壹仟", "一千"),
        (1001, "壹仟零壹", "一千零一"),
        (1010, "壹仟零壹拾", "一千零一十"),
        (10010, "壹萬零壹拾", "一萬零一十"),
    ],
)
def test_numerals_round_trip(n, legal, counting):
    assert ideograph_legal(n) == legal
    assert chinese_counting(n) == counting
    assert parse_chinese_number(legal) == n
    assert parse_chinese_number(counting) == n


@pytest.mark.parametrize("bad", [0, -1, 10**8, True, 1.0])
def test_numerals_reject_out_of_range(bad):
    with pytest.raises(ValueError):
        ideograph_legal(bad)
    with pytest.raises(ValueError):
        chinese_counting(bad)


@pytest.mark.parametrize(
    "s, value",
    [
        ("一十", 10),
        ("壹拾", 10),
        ("壹拾壹", 11),
        ("叁", 3),
        ("参", 3),
        ("一百十", 110),
        ("兩百", 200),
        ("零", 0),
        ("", None),
        ("十十", None),
        ("一二", None),
        ("百一千", None),
        ("一般", None),
        ("1", None),
        ("萬萬", None),
    ],
)
def test_parse_chinese_number_variants(s, value):
    assert parse_chinese_number(s) == value


@pytest.mark.parametrize(
    "level, value, text",
    [
        (1, 3, "參、"),
        (1, 4, "肆、"),
        (1, 11, "拾壹、"),
        (2, 1, "一、"),
        (2, 10, "十、"),
        (2, 11, "十一、"),
        (2, 21, "二十一、"),
        (3, 2, "（二）"),
        (3, 10, "（十）"),
        (4, 1, "1、"),
        (4, 12, "12、"),
        (5, 2, "（2）"),
    ],
)
def test_format_marker(level, value, text):
    assert format_marker(level, value) == text


@pytest.mark.parametrize("level, value", [(0, 1), (6, 1), (4, 0), (5, -1)])
def test_format_marker_rejects(level, value):
    with pytest.raises(ValueError):
        format_marker(level, value)


def test_level_count():
    assert LEVEL_COUNT == 5


@pytest.mark.parametrize(
    "paragraph, text, level, value, canonical",
    [
        # canonical shapes
        ("壹、計畫緣起", "壹、", 1, 1, True),
        ("參、", "參、", 1, 3, True),
        ("拾壹、結語", "拾壹、", 1, 11, True),
        ("一、", "一、", 2, 1, True),
        ("十、", "十、", 2, 10, True),
        ("十一、其他", "十一、", 2, 11, True),
        ("二十一、其他", "二十一、", 2, 21, True),
        ("（一）服務對象", "（一）", 3, 1, True),
        ("1、", "1、", 4, 1, True),
        ("12、第十二項", "12、", 4, 12, True),
        ("（2）細項", "（2）", 5, 2, True),
        ("\u3000\u3000（二）縮排", "（二）", 3, 2, True),
        ("  \t1、縮排", "1、", 4, 1, True),
        ("\ufeff壹、BOM", "壹、", 1, 1, True),
        # malformed shapes
        ("(一)半形括號", "(一)", 3, 1, False),
        ("（一)混合", "（一)", 3, 1, False),
        ("(一）混合", "(一）", 3, 1, False),
        ("( 一 )空白", "( 一 )", 3, 1, False),
        ("(1)半形", "(1)", 5, 1, False),
        ("（１）全形數字", "（１）", 5, 1, False),
        ("1.點", "1.", 4, 1, False),
        ("1. 點後空白", "1.", 4, 1, False),
        ("1．全形點", "1．", 4, 1, False),
        ("１、全形數字", "１、", 4, 1, False),
        ("01、", "01、", 4, 1, False),
        ("一.點", "一.", 2, 1, False),
        ("壹.點", "壹.", 1, 1, False),
        ("1)右括號", "1)", 5, 1, False),
        ("一）右括號", "一）", 3, 1, False),
        ("（一）、多餘頓號", "（一）、", 3, 1, False),
        ("一十、", "一十、", 2, 10, False),
        ("壹拾、", "壹拾、", 1, 10, False),
        ("叁、", "叁、", 1, 3, False),
        ("（壹）", "（壹）", 1, 1, False),
    ],
)
def test_parse_marker(paragraph, text, level, value, canonical):
    m = parse_marker(paragraph)
    assert m == Marker(text=text, level=level, value=value, canonical=canonical)


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        ("(一)", "（一）"),
        ("1.", "1、"),
        ("１、", "1、"),
        ("(1)", "（1）"),
        ("壹拾、", "拾、"),
        ("一十、", "十、"),
        ("叁、", "參、"),
    ],
)
def test_marker_expected(paragraph, expected):
    assert parse_marker(paragraph).expected == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "",
        "   ",
        "一般民眾皆可申請",
        "三十年來持續服務",
        "十分重要",
        "100年度計畫",
        "2024年",
        "1,000人",
        "1.5倍成長",
        "111.1.1起實施",
        "100、",  # more than two digits is not a marker
        "本計畫一、二期",
        "（註）說明",
        "(2024)",
        "ABC",
        "一二、",  # not a well-formed numeral
        "零、",
    ],
)
def test_parse_marker_rejects_ordinary_text(paragraph):
    assert parse_marker(paragraph) is None


def _ms(*texts):
    """Markers for paragraph texts; "" stands for a paragraph without marker."""
    out = [parse_marker(t) if t else None for t in texts]
    assert all(m is not None for m, t in zip(out, texts) if t), texts
    return out


def _summary(problems):
    return [(p.kind, p.index, p.marker, p.expected, p.detail) for p in problems]


@pytest.mark.parametrize(
    "texts, expected",
    [
        pytest.param(["壹、", "貳、", "參、", "肆、"], [], id="legal-sequence"),
        pytest.param(
            ["壹、", "一、", "（一）", "1、", "（1）", "（2）", "2、", "（二）", "二、", "貳、"],
            [],
            id="full-depth",
        ),
        pytest.param(
            ["壹、", "一、", "（一）", "（二）", "二、", "（一）", "（二）"], [], id="restart-under-new-parent"
        ),
        pytest.param(
            ["壹、", "一、", "（一）", "1、", "2、", "（二）", "1、", "2、"], [], id="deeper-level-reset"
        ),
        pytest.param(
            ["壹、", "一、", "（一）", "1、", "2、", "二、", "1、"],
            [("depth", 6, "1、", "（一）", "skipped-level")],
            id="deeper-reset-by-grandparent",
        ),
        pytest.param(["壹、", "", "貳、", "", ""], [], id="none-ignored"),
        pytest.param(
            ["壹、"] + [ideograph_legal(n) + "、" for n in range(2, 12)], [], id="legal-to-拾壹"
        ),
        pytest.param(
            ["壹、"] + [chinese_counting(n) + "、" for n in range(1, 23)], [], id="counting-to-二十二"
        ),
        pytest.param(
            ["壹、", "一、", "二、", "四、", "五、"],
            [("sequence", 3, "四、", "三、", "gap")],
            id="gap-once",
        ),
        pytest.param(
            ["壹、", "一、", "二、", "二、", "三、"],
            [("sequence", 3, "二、", "三、", "repeat")],
            id="repeat",
        ),
        pytest.param(
            ["壹、", "一、", "二、", "三、", "二、"],
            [("sequence", 4, "二、", "四、", "repeat")],
            id="backwards",
        ),
        pytest.param(
            ["壹、", "一、", "（一）", "（二）", "（一）"],
            [("sequence", 4, "（一）", "（三）", "restart")],
            id="restart-without-new-parent",
        ),
        pytest.param(
            ["壹、", "一、", "（二）"],
            [("sequence", 2, "（二）", "（一）", "gap")],
            id="first-child-not-1",
        ),
        pytest.param(
            ["壹、", "貳、", "肆、"],
            [("sequence", 2, "肆、", "參、", "gap")],
            id="legal-gap",
        ),
        pytest.param(
            ["壹、", "一、", "1、", "2、", "（一）"],
            [("depth", 2, "1、", "（一）", "skipped-level")],
            id="skipped-level-reported-once",
        ),
        pytest.param(
            ["一、"],
            [("depth", 0, "一、", "壹、", "skipped-level")],
            id="first-not-top",
        ),
        pytest.param(
            ["壹、", "（一）", "（二）"],
            [("depth", 1, "（一）", "一、", "skipped-level")],
            id="skip-two-levels-expected-is-first-missing",
        ),
        pytest.param(
            ["壹、", "一、", "(一)", "（二）"],
            [("format", 2, "(一)", "（一）", "format")],
            id="half-width-parens",
        ),
        pytest.param(
            ["壹、", "一、", "（一）", "1.", "2.", "3、"],
            [("format", 3, "1.", "1、", "format"), ("format", 4, "2.", "2、", "format")],
            id="dot-format-no-cascade",
        ),
        pytest.param(
            ["壹、", "一、", "二、", "二.", ],
            [("format", 3, "二.", "二、", "format"), ("sequence", 3, "二.", "三、", "repeat")],
            id="format-and-sequence",
        ),
        pytest.param(
            ["壹、", "一、", "十、"],
            [("sequence", 2, "十、", "二、", "gap")],
            id="十-after-一",
        ),
        pytest.param(
            ["壹、"] + [chinese_counting(n) + "、" for n in range(1, 10)] + ["一十、", "十一、"],
            [("format", 10, "一十、", "十、", "format")],
            id="一十-noncanonical",
        ),
    ],
)
def test_validate_sequence(texts, expected):
    assert _summary(validate_sequence(_ms(*texts))) == expected


@pytest.mark.parametrize(
    "texts, expected",
    [
        pytest.param(["一、", "（一）", "二、"], [], id="top-2-ok"),
        pytest.param(
            ["（一）"], [("depth", 0, "（一）", "一、", "skipped-level")], id="top-2-first-too-deep"
        ),
        pytest.param(
            ["一、", "壹、", "二、"],
            [("depth", 1, "壹、", "二、", "above-top")],
            id="top-2-above-top-ignored",
        ),
    ],
)
def test_validate_sequence_top_level(texts, expected):
    assert _summary(validate_sequence(_ms(*texts), top_level=2)) == expected


def test_validate_sequence_empty_and_problem_type():
    assert validate_sequence([]) == []
    assert validate_sequence([None, None]) == []
    (p,) = validate_sequence(_ms("壹、", "參、"))
    assert p == Problem(kind="sequence", index=1, marker="參、", expected="貳、", detail="gap",
                        sequence=("壹、", "貳、"))


@pytest.mark.parametrize(
    "texts, expected",
    [
        # 二 typed as 三: the first 三、 is the break; the correct 三、 after it is no repeat
        pytest.param(["壹、", "一、", "三、", "三、", "四、"], [(2, "三、", "二、", "gap", "一、二、三、四、")],
                     id="one-renumbered"),
        pytest.param(["壹、", "一、", "二、", "二、", "三、", "四、"],
                     [(3, "二、", "三、", "repeat", "一、二、三、四、五、")], id="one-repeated"),
        pytest.param(["壹、", "一、", "（一）", "（三）", "（三）", "二、", "（一）", "（二）"],
                     [(3, "（三）", "（二）", "gap", "（一）（二）（三）")], id="deeper-group-ends-at-its-parent"),
        pytest.param(["壹、", "一、", "三、", "貳、", "一、", "三、"],
                     [(2, "三、", "二、", "gap", "一、二、"), (5, "三、", "二、", "gap", "一、二、")],
                     id="each-group-its-own-first-break"),
        pytest.param(["壹、", "參、", "參、", "肆、"], [(1, "參、", "貳、", "gap", "壹、貳、參、肆、")], id="level-1"),
    ],
)
def test_sequence_reports_the_first_break_and_the_renumbering(texts, expected):
    got = [(p.index, p.marker, p.expected, p.detail, "".join(p.sequence))
           for p in validate_sequence(_ms(*texts)) if p.kind == "sequence"]
    assert got == expected


def test_validate_sequence_bad_top_level():
    with pytest.raises(ValueError):
        validate_sequence([], top_level=6)


# --- parse_marker reads markers by hand; this is the regex it replaced, kept as the oracle ---

def _regex_marker(text: str):
    """The marker's (text, number) as the former regexes read it, or None."""
    import re

    from docgen.text import numbering

    num = (rf"(?:[{numbering._NUMERAL_CHARS}]{{1,8}}|[0-9]{{1,2}}(?![0-9])|[０-９]{{1,2}}(?![０-９]))")
    sp = r"[ \u3000]*"
    s = text.lstrip().lstrip(numbering._LEADING_JUNK).lstrip()
    m = re.match(rf"[（(]{sp}(?P<num>{num}){sp}[）)](?P<extra>[、､﹑.．])?", s)
    if m is None:
        m = re.match(rf"(?P<num>{num})(?P<delim>[、､﹑.．)）])", s)
        if m is None or (m.group("delim") in ".．" and re.match(r"[0-9０-９]", s[m.end():])):
            return None
    return m.group(0), m.group("num")


def test_parse_marker_reads_what_the_regexes_read():
    """Random paragraph starts from marker pieces: the hand-written reader finds the same
    marker text as the regexes did (and no marker where they found none)."""
    import random

    from docgen.text import numbering

    rng = random.Random(20261203)
    pieces = ["一", "十", "壹", "拾", "參", "〇", "萬", "1", "2", "0", "１", "２", "（", "(", "）", ")", "、", "､",
              "﹑", ".", "．", " ", "\u3000", "\u200b", "a", "年", "5", "九", "百"]
    seen_markers = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        old = _regex_marker(text)
        numbering.parse_marker.cache_clear()
        new = numbering.parse_marker(text)
        if old is None:
            assert new is None, text
            continue
        expected = None if numbering._numeral_value(old[1]) is None else old[0]
        assert (new.text if new else None) == expected, text
        seen_markers += new is not None
    assert seen_markers > 1000  # the random texts did hold markers
