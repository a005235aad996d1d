"""Each rule that applies to a source fires where it should and stays quiet otherwise."""

import pytest

from conftest import SUMMARY_BODY, check, rules_fired


def test_clean_summary_source_passes(summary_source):
    result = check(summary_source())
    assert result.error is None
    assert result.findings == []
    assert result.stats["policy"] == "word"
    assert result.form == "summary_form"
    # formatting rules do not apply to a source
    assert {"font-family", "font-size", "line-spacing", "font-substituted"} <= set(result.skipped)


def test_clean_nomination_source_passes(nomination_source):
    result = check(nomination_source())
    assert result.error is None, result.error
    assert result.findings == [], [f.message for f in result.findings]


# --- char-limit -------------------------------------------------------------

def test_char_limit_fires_over_2000(summary_source):
    body = SUMMARY_BODY.replace("說明內容。", "服" * 2001)
    result = check(summary_source(body))
    f = [f for f in result.findings if f.rule == "char-limit"]
    assert len(f) == 1
    assert result.stats["count"] > 2000
    assert f[0].expected == "2000"
    assert "貳" in result.stats["sections"]


def test_char_limit_quiet_at_limit(summary_source):
    base = check(summary_source()).stats["count"]
    body = SUMMARY_BODY.replace("說明內容。", "說明內容。" + "服" * (2000 - base))
    result = check(summary_source(body))
    assert result.stats["count"] == 2000
    assert "char-limit" not in rules_fired(result)


def test_char_limit_counts_headings_and_generated_markers(summary_source):
    result = check(summary_source())
    # 壹、專案簡介 = 6, 一、服務對象 = 6 ... headings count, markers included
    assert result.stats["sections"]["壹"] >= 6 + 15


# --- required-field ---------------------------------------------------------

def test_required_field_empty(summary_source):
    result = check(summary_source(award_name=""))
    f = [f for f in result.findings if f.rule == "required-field"]
    assert len(f) == 1 and "參獎名稱" in f[0].message
    assert f[0].location.line is not None


def test_required_field_placeholder(summary_source):
    result = check(summary_source(award_name="（請填寫參獎主要亮點服務措施名稱）"))
    assert [f.rule for f in result.findings] == ["required-field"]
    assert "說明文字" in result.findings[0].message


def test_required_if(nomination_source):
    # project_name is required for 服務規劃類 only
    assert "required-field" in rules_fired(check(nomination_source(project_name="")))
    assert "required-field" not in rules_fired(
        check(nomination_source(project_name="", category="整體服務類")))


def test_chinese_labels_as_keys(summary_source):
    result = check(summary_source(agency=None, **{"機關(構)名稱": "臺南市測試區公所"}))
    assert result.findings == []


# --- section-missing --------------------------------------------------------

def test_section_missing(summary_source):
    body = SUMMARY_BODY.replace("## 推動成效\n\n成效良好。\n", "")
    result = check(summary_source(body))
    f = [f for f in result.findings if f.rule == "section-missing"]
    assert len(f) == 1 and "推動成效" in f[0].message


def test_section_out_of_order(summary_source):
    body = """
## 專案簡介

甲。

## 推動成效

乙。

## 服務內容

丙。

## 未來努力方向

丁。
"""
    result = check(summary_source(body))
    assert "section-missing" in rules_fired(result)


# --- numbering --------------------------------------------------------------

def test_typed_numbers_are_validated_not_doubled(summary_source):
    body = SUMMARY_BODY.replace("## 專案簡介", "## 壹、專案簡介").replace("## 服務內容", "## 貳、服務內容")
    result = check(summary_source(body))
    assert result.findings == []


def test_numbering_sequence_gap(summary_source):
    body = SUMMARY_BODY.replace("## 服務內容", "## 參、服務內容").replace("## 專案簡介", "## 壹、專案簡介")
    result = check(summary_source(body))
    assert "numbering-sequence" in rules_fired(result)


def test_numbering_format_half_width(summary_source):
    body = SUMMARY_BODY.replace("#### 長者", "#### (一)長者")
    result = check(summary_source(body))
    assert rules_fired(result) == ["numbering-format"]


def test_numbering_depth_skipped_level(summary_source):
    body = SUMMARY_BODY.replace("#### 長者", "#### 1、長者")
    result = check(summary_source(body))
    assert "numbering-depth" in rules_fired(result)


# --- dates ------------------------------------------------------------------

@pytest.mark.parametrize("period,rule", [
    ("明年春天", "date-format"),
    ("104年1月1日至迄今", "date-window"),       # before the 115 cut-off (112.1.1)
    ("116年1月1日至迄今", "date-window"),       # in the future
    ("113年5月1日至112年5月1日", "date-order"),
])
def test_date_rules_fire(summary_source, period, rule):
    assert rule in rules_fired(check(summary_source(period=period)))


@pytest.mark.parametrize("period", ["112年1月1日至迄今", "民國112年1月1日至113年12月31日",
                                    "112.1.1-113.12.31", "2023-01-01至2024-12-31", "1120101至今"])
def test_date_rules_quiet(summary_source, period):
    result = check(summary_source(period=period))
    assert not {"date-format", "date-window", "date-order"} & set(rules_fired(result))


def test_award_year_moves_the_window(summary_source):
    src = summary_source(period="105年1月1日至迄今")
    assert "date-window" in rules_fired(check(src, award_year=115))
    assert "date-window" not in rules_fired(check(src, award_year=107))


# --- choice and contact -----------------------------------------------------

def test_choice_exactly_one(nomination_source):
    assert "choice" not in rules_fired(check(nomination_source()))
    assert "choice" in rules_fired(check(nomination_source(category="")))


@pytest.mark.parametrize("contact,fires", [
    ({"姓名": "陳小美", "職稱": "科員", "聯絡電話": "(02)2720-8889#1234", "電子信箱": "chen@mail.taipei.gov.tw"}, False),
    ("陳小美、科員、0912-345-678、chen@mail.taipei.gov.tw", False),
    ({"姓名": "陳小美", "職稱": "科員", "聯絡電話": "(02)2720-8889", "電子信箱": "chen@mail"}, True),
    ({"姓名": "陳小美", "職稱": "科員", "聯絡電話": "27", "電子信箱": "chen@mail.taipei.gov.tw"}, True),
    ("", True),
])
def test_contact(nomination_source, contact, fires):
    assert ("contact" in rules_fired(check(nomination_source(contact1=contact)))) == fires


def test_english_messages(summary_source):
    result = check(summary_source(award_name=""), lang="en")
    assert result.findings[0].message.startswith("Required field")


def test_subheading_named_like_its_own_section_is_not_a_section(nomination_source):
    # 二、預期成效 under 肆、推動成效(或預期成效) is a level-2 heading, not a misplaced 肆
    body = NOMINATION_BODY_WITH_SUBHEADS
    assert check(nomination_source(body)).findings == []


def test_section_title_with_a_lower_level_marker_is_a_format_problem(summary_source):
    body = SUMMARY_BODY.replace("## 服務內容", "## 2、服務內容")
    assert rules_fired(check(summary_source(body))) == ["numbering-format"]


NOMINATION_BODY_WITH_SUBHEADS = """
## 執行期間

112年1月1日起迄今。

## 問題分析

長者不熟悉數位服務。

## 規劃內容

於各區設立陪伴站。

## 推動成效(或預期成效)

### 已達成成效

服務人次成長。

### 預期成效

持續擴大。
"""
