import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.text.counting import POLICIES, Count, count_by_character, count_paragraphs, count_text, is_han


# PRODUCT.md section 3, every example it gives
SPEC_EXAMPLES = [
    ("2000", 1), ("3.5", 1), ("2,000", 1), ("95.6%", 1), ("e-mail", 1),
    ("https://www.tainan.gov.tw/News.aspx?n=13370&sms=9748", 1), ("①②③④⑤", 1),
    ("Hello、World。", 4), ("東京2024オリンピック", 9), ("臺南,高雄", 5),
    ("中,文", 3), (" \t\n\u3000", 0), ("\ufeff", 0), ("\u200b", 0), ("中\ufeff文\u200b。", 3),
]


@pytest.mark.parametrize("text, word", SPEC_EXAMPLES)
def test_word_count_of_every_example_in_the_brief(text, word):
    assert count_text(text).word == word


@pytest.mark.parametrize(
    "text, word, chars, han",
    [
        ("", 0, 0, 0),
        ("中文", 2, 2, 2),
        # a maximal run of non-East-Asian, non-space characters counts 1, punctuation included
        ("2000", 1, 4, 0),
        ("ABC123", 1, 6, 0),
        ("café", 1, 4, 0),
        ("cafe\u0301", 1, 4, 0),  # decomposed: the combining mark is not a char
        ("hello world", 2, 10, 0),
        ("3.5", 1, 3, 0),
        ("a-b_c", 1, 5, 0),
        ("(a),.;:!?", 1, 9, 0),
        ("A中B", 3, 3, 1),
        ("2024年", 2, 5, 1),
        ("民國111年", 4, 6, 3),
        ("NT$3,500元", 2, 9, 1),
        # every East Asian character counts 1: full-width punctuation, letters, digits, kana, hangul, bopomofo
        ("「中文」", 4, 4, 2),
        ("中文，測試。", 6, 6, 4),
        ("『』、。・ー", 6, 6, 0),
        ("﹝〔〕﹞", 4, 4, 0),
        ("１２３", 3, 3, 0),
        ("ＡＢＣ", 3, 3, 0),
        ("（一）", 3, 3, 1),
        ("ｱｲ", 2, 2, 0),
        ("かな", 2, 2, 0),
        ("가나", 2, 2, 0),
        ("ㄅㄆ", 2, 2, 0),
        ("㈠㈡", 2, 2, 0),  # Enclosed CJK Letters and Months
        ("㎡㎏", 2, 2, 0),  # CJK Compatibility
        ("︵︶", 2, 2, 0),  # CJK Compatibility Forms
        ("︐︑", 2, 2, 0),  # Vertical Forms
        ("ㇰㇱ", 2, 2, 0),  # Katakana Phonetic Extensions
        ("\U00016fe3", 1, 1, 1),  # Ideographic Symbols and Punctuation (Han)
        # other punctuation and symbols join a run: quotes, dashes, ellipses, circled digits
        ("“好”", 3, 3, 1),
        ("‘’‚‛“”„‟", 1, 8, 0),
        ("……", 1, 2, 0),
        ("——", 1, 2, 0),
        ("‧※", 1, 2, 0),
        ("m²", 1, 2, 0),
        ("①②", 1, 2, 0),
        ("“e-mail”", 1, 8, 0),
        # whitespace: ideographic space, tab, newline count nothing and end a run
        ("ABC\u3000DEF", 2, 6, 0),
        ("中\u3000文", 2, 2, 2),
        (" \t\n\u3000\xa0", 0, 0, 0),
        # Han beyond the URO
        ("〇々", 2, 2, 2),
        ("㐀", 1, 1, 1),  # Ext A
        ("𠀀", 1, 1, 1),  # Ext B
        ("\U00030000", 1, 1, 1),  # Ext G
        ("豈", 1, 1, 1),  # compatibility ideograph U+F900
        ("⼀", 1, 1, 1),  # Kangxi radical from PDF extraction
        ("\u845b\U000E0100", 1, 1, 1),  # ideographic variation sequence
        # invisible characters count 0 and do not break a run
        ("\u200b\ufeff\u00ad", 0, 0, 0),
        ("AB\u200bCD", 1, 4, 0),
        # private use (造字) is not East Asian by the brief: it joins a run
        ("\ue000", 1, 1, 0),
        ("王\ue000\ue001明", 3, 4, 2),
        ("本計畫自2022年起服務10萬人次，滿意度達95.5%。", 20, 28, 15),
        ("電子信箱：chen@mail.taipei.gov.tw", 6, 28, 4),
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


# the blocks PRODUCT.md section 3 lists, by their first and last code point
LISTED_BLOCKS = {
    "CJK Symbols and Punctuation": (0x3001, 0x303F),  # U+3000 itself is a space
    "Halfwidth and Fullwidth Forms": (0xFF00, 0xFFEF),
    "Enclosed CJK Letters and Months": (0x3200, 0x32FF),
    "CJK Compatibility": (0x3300, 0x33FF),
    "CJK Compatibility Forms": (0xFE30, 0xFE4F),
    "Vertical Forms": (0xFE10, 0xFE19),  # FE1A-FE1F are unassigned
    "Kangxi Radicals": (0x2F00, 0x2FD5),
    "CJK Radicals Supplement": (0x2E80, 0x2EF3),
    "Ideographic Symbols and Punctuation": (0x16FE0, 0x16FE3),
    "Katakana Phonetic Extensions": (0x31F0, 0x31FF),
    "Hiragana": (0x3041, 0x3096),
    "Katakana": (0x30A1, 0x30FF),
    "Hangul Syllables": (0xAC00, 0xD7A3),
    "Bopomofo": (0x3105, 0x312F),
    "CJK Unified Ideographs": (0x4E00, 0x9FFF),
}


@pytest.mark.parametrize("block", sorted(LISTED_BLOCKS))
def test_each_listed_block_counts_one_per_character_at_both_ends(block):
    lo, hi = LISTED_BLOCKS[block]
    for cp in (lo, hi):
        assert count_text("ab" + chr(cp) * 3 + "cd").word == 5, hex(cp)


@pytest.mark.parametrize("ch", ["①", "Ⅲ", "—", "…", "“", "※", "°", "€", "\ue000", "😀", "é", "α"])
def test_characters_outside_the_listed_scripts_and_blocks_join_a_run(ch):
    assert count_text(f"a{ch}{ch}b").word == 1
    assert count_text(f"中{ch}{ch}中").word == 3


@given(st.text(alphabet=st.sampled_from(list("中文。，、「」ＡＢ１ab1.,-%①“” \t\n\u3000\u200b\ufeff\u0301かカ가ㄅ㈠㎡︵\ue000😀")), max_size=60)
           | st.text(max_size=40))
@settings(max_examples=400, deadline=None)
def test_fast_count_equals_the_definition_character_by_character(text):
    assert count_text(text) == count_by_character(text)
    assert count_paragraphs(text.split("\n")) == count_by_character(text)


def test_text_of_very_many_distinct_characters_is_counted_the_same(monkeypatch):
    from docgen.text import counting

    monkeypatch.setattr(counting, "_TABLES", counting._Tables())
    monkeypatch.setattr(counting, "_MAX_KNOWN", 500)
    text = "".join(chr(cp) for cp in range(0x4E00, 0x4E00 + 2000)) + " abc 3.5 "
    first = count_text(text)  # learns past the cap
    assert first == count_by_character(text) == count_text(text)
    assert len(counting._TABLES.known) < 2200
    assert count_text("\u4000\u4001 x") == Count(3, 3, 2)  # not learnt any more, still right


def test_norm_folds_as_nfkc_does():
    """norm() folds full-width ASCII itself and skips NFKC's slow path when the text is then
    NFKC already: random texts of full-width forms, combining marks, compatibility and
    Hangul characters give what plain NFKC gave."""
    import random
    import unicodedata

    from docgen import normalize

    rng = random.Random(20261203)
    pool = [chr(c) for c in range(0xFF00, 0xFF70)] + list("（）：／＿﹝﹞〔〕、。「」台灣一ÉéE\u0301\u0300\u3000 \t㈠①"
                                                          "ｶﾞ\uf900\uf91c가\u1100\u1161\u11a8ﬁ")
    pool += [chr(rng.randint(0x20, 0x2FFF)) for _ in range(300)]
    for _ in range(20000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 10)))
        normalize.norm.cache_clear()
        expected = unicodedata.normalize("NFKC", normalize.squash(text)).translate(normalize._PARENS)
        assert normalize.norm(text) == expected, repr(text)


def test_numbers_in_a_box_are_found_as_the_former_regex_found_them():
    import random
    import re

    from docgen.structure import _numbers, read_number

    regex = re.compile(r"[0-9０-９][0-9０-９,，.．]*")
    rng = random.Random(20261203)
    pool = list("0123456789０１２３４５６７８９,，.．a 千元一") + ["\u0660", "²"]
    for _ in range(20000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        assert list(_numbers(text)) == [m.span() for m in regex.finditer(text)], text
    assert read_number("經費共計 3,500 千元（含人事費 1.5 千元）", "千元") == "3500"
