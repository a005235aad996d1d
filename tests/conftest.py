import datetime as dt
import textwrap
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "docx"
TODAY = dt.date(2026, 11, 22)

SUMMARY_FIELDS = {
    "form": "summary_form",
    "award_year": 115,
    "agency": "臺南市測試區公所",
    "head": "王大明",
    "head_title": "區長",
    "address": "臺南市測試區中正路1號",
    "staff": 45,
    "budget": 120000,
    "award_name": "行動櫃檯到府服務",
    "team": "臺南市測試區公所-王小明（課長）",
    "team_size": 12,
    "funding": 3500,
    "funding_note": "由區公所年度預算支應。",
    "period": "112年3月1日至迄今",
}

SUMMARY_BODY = """
## 專案簡介

本所推動行動櫃檯，服務偏鄉長者。

### 服務對象

#### 長者

##### 獨居長者

###### 高齡八十歲以上

## 服務內容

說明內容。

## 推動成效

成效良好。

## 未來努力方向

持續精進。
"""

NOMINATION_FIELDS = {
    "form": "nomination_list",
    "award_year": 115,
    "agency": "臺北市測試服務處",
    "category": "服務規劃類",
    "entry": "指定參獎",
    "parent_agency": "臺北市政府社會局",
    "project_name": "長者數位陪伴計畫",
    "contact1": {"姓名": "陳小美", "職稱": "科員", "聯絡電話": "(02)2720-8889#1234",
                 "電子信箱": "chen@mail.taipei.gov.tw"},
}

NOMINATION_BODY = """
## 執行期間

112年1月1日起迄今。

## 問題分析

長者不熟悉數位服務。

## 規劃內容

### 設立陪伴站

於各區設立陪伴站。

## 推動成效(或預期成效)

服務人次成長。
"""


def write_source(folder: Path, fields: dict, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    (folder / "application.md").write_text(f"---\n{front}---\n{textwrap.dedent(body)}", encoding="utf-8")
    return folder


@pytest.fixture
def summary_source(tmp_path):
    def make(body=SUMMARY_BODY, **overrides):
        fields = {**SUMMARY_FIELDS, **overrides}
        fields = {k: v for k, v in fields.items() if v is not None}
        return write_source(tmp_path / "app", fields, body)
    return make


@pytest.fixture
def nomination_source(tmp_path):
    def make(body=NOMINATION_BODY, **overrides):
        fields = {**NOMINATION_FIELDS, **overrides}
        fields = {k: v for k, v in fields.items() if v is not None}
        return write_source(tmp_path / "nom", fields, body)
    return make


def check(path, **kw):
    from docgen.check import CheckOptions, check_path
    kw.setdefault("today", TODAY)
    return check_path(str(path), CheckOptions(**kw))


def rules_fired(result):
    return sorted({f.rule for f in result.findings})
