import pytest

from docgen.text.counting import POLICIES, Count, count_paragraphs, count_text, is_han


@pytest.mark.parametrize(
    "text, word, chars, han",
    [
        ("", 0, 0, 0),
        ("中文", 2, 2, 2),
        # half-width runs count 1 each
        ("2000", 1, 4, 0),
        ("ABC123", 1, 6, 0),
        ("café", 1, 4, 0),
        ("cafe\u0301", 1, 4, 0),  # decomposed: the combining mark is not a char
        ("hello world", 2, 10, 0),
        ("3.5", 2, 3, 0),  # half-width '.' splits the run and counts 0
        ("a-b_c", 3, 5, 0),
        ("A中B", 3, 3, 1),
        ("2024年", 2, 5, 1),
        ("民國111年", 4, 6, 3),
        # full-width punctuation, letters and digits count 1 each
        ("「中文」", 4, 4, 2),
        ("中文，測試。", 6, 6, 4),
        ("『』、。・", 5, 5, 0),
        ("﹝〔〕﹞", 4, 4, 0),
        ("１２３", 3, 3, 0),
        ("ＡＢＣ", 3, 3, 0),
        ("（一）", 3, 3, 1),
        ("“好”", 3, 3, 1),
        ("‘’‚‛“”„‟", 8, 8, 0),
        ("……", 2, 2, 0),
        ("——", 2, 2, 0),
        ("‧※", 2, 2, 0),
        # half-width punctuation counts 0 but is a char
        ("(a),.;:!?", 1, 9, 0),
        # whitespace: ideographic space, tab, newline count nothing
        ("ABC\u3000DEF", 2, 6, 0),
        ("中\u3000文", 2, 2, 2),
        (" \t\n\u3000", 0, 0, 0),
        # other East Asian letters
        ("ｱｲ", 2, 2, 0),
        ("かな", 2, 2, 0),
        ("가나", 2, 2, 0),
        ("ㄅㄆ", 2, 2, 0),
        # Han beyond the URO
        ("〇", 1, 1, 1),
        ("㐀", 1, 1, 1),  # Ext A
        ("𠀀", 1, 1, 1),  # Ext B
        ("\U00030000", 1, 1, 1),  # Ext G
        ("豈", 1, 1, 1),  # compatibility ideograph U+F900
        ("⼀", 1, 1, 1),  # Kangxi radical from PDF extraction
        ("\u845b\U000E0100", 1, 1, 1),  # ideographic variation sequence
        # invisible characters
        ("\u200b\ufeff\u00ad", 0, 0, 0),
        ("AB\u200bCD", 1, 4, 0),
        # private use (造字)
        ("\ue000", 1, 1, 0),
        # ambiguous-width symbols count alone
        ("①②", 2, 2, 0),
        ("m²", 2, 2, 0),
        ("本計畫自2022年起服務10萬人次，滿意度達95.5%。", 21, 28, 15),
    ],
)
def test_count_text(text, word, chars, han):
    assert count_text(text) == Count(word=word, chars=chars, han=han)


@pytest.mark.parametrize("policy, expected", [("word", 3), ("chars", 5), ("han", 2)])
def test_get(policy, expected):
    assert count_text("中文ABC").get(policy) == expected
    assert policy in POLICIES


def test_get_unknown_policy():
    with pytest.raises(ValueError):
        Count().get("bytes")


def test_count_paragraphs_sums_and_does_not_join_runs():
    assert count_paragraphs(["ABC", "DEF", "中文"]) == Count(word=4, chars=8, han=2)
    assert count_paragraphs([]) == Count(0, 0, 0)
    assert count_paragraphs(iter(["一、", "2000"])) == Count(word=3, chars=6, han=1)


@pytest.mark.parametrize("ch, expected", [("中", True), ("〇", True), ("A", False), ("。", False), ("ㄅ", False)])
def test_is_han(ch, expected):
    assert is_han(ch) is expected


def test_cjk_lookup_agrees_with_a_character_class_of_the_same_ranges():
    """`is_cjk` is a bisect over range bounds (cheap at startup); it must equal the regex class."""
    import re

    from docgen.normalize import _CJK_RANGES, cjk_count, is_cjk

    cls = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _CJK_RANGES) + "]")
    for cp in range(0x40000):
        if 0xD800 <= cp < 0xE000:
            continue
        assert is_cjk(chr(cp)) == bool(cls.match(chr(cp))), hex(cp)
    assert cjk_count("標楷體 16 pt，（一）") == 7
