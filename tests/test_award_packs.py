"""Issue #13 item 5: award-year packs (validators/awards/<year>.yaml) and the rules that
read the pack `--award-year` picks: date-window's cut-off, award-category, quota.

Real files: a 參獎機關名單 written with python-docx (not by docgen) and the PDF LibreOffice
makes of it, checked through the CLI."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, check, rules_fired

PACKS = sorted((REPO / "validators" / "awards").glob("*.yaml"))
SOFFICE = shutil.which("soffice")
needs_office = pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice not installed")

OLD_CATEGORIES = ("整體服務類", "服務規劃類")  # 臺北市's form, seed 001
NEW_CATEGORIES = ("數位創新加值", "社會創新共融")  # the 8th award, 114


def docgen(*args, cwd=None, lang="zh"):
    return subprocess.run([sys.executable, "-m", "docgen", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "DOCGEN_LANG": lang}, timeout=600)


def findings(out: str, rule: str) -> list[dict]:
    return [f for file in json.loads(out)["files"] for f in file["findings"] if f["rule"] == rule]


# -- the packs as data ---------------------------------------------------------------------

@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.name)
def test_each_shipped_pack_validates_and_is_named_by_its_year(path):
    import jsonschema
    from docgen.awards import award_schema, find_pack
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    plain = json.loads(json.dumps(data, ensure_ascii=False, default=str))
    jsonschema.Draft202012Validator(award_schema()).validate(plain)
    pack = find_pack(int(path.stem))
    assert pack.year == int(path.stem) and pack.categories


def test_the_pack_schema_is_published():
    out = docgen("schema", "--award")
    assert out.returncode == 0 and json.loads(out.stdout)["title"] == "docgen award-year pack"


def test_the_packs_say_what_the_seeds_say():
    from docgen.awards import find_pack
    first = find_pack(107)  # seed 003: 第1屆「政府服務獎」
    assert first.edition == 1 and first.quota == 9
    overall, planning = first.categories
    assert (overall.name, planning.name) == ("整體服務類", "專案規劃類")
    assert first.category("服務規劃類") is planning  # 臺北市's form prints 服務規劃類
    assert planning.earliest_start.isoformat() == "2015-01-01" and overall.reports == "previous_year"
    assert [(d.name, d.points) for d in overall.scoring] == [
        ("基礎服務", 200), ("服務遞送", 300), ("服務量能", 200), ("服務評價", 200), ("開放創新", 100)]
    assert [(d.name, d.points) for d in planning.scoring] == [
        ("問題分析", 200), ("規劃內容", 300), ("推動成效", 400), ("開放創新", 100)]
    eighth = find_pack(114)
    assert eighth.edition == 8 and tuple(c.name for c in eighth.categories) == NEW_CATEGORIES
    assert eighth.quota is None  # not stated for that cycle: the form's quota applies


def test_awards_lists_the_packs_as_json_and_text():
    out = docgen("awards", "--format", "json")
    assert out.returncode == 0, out.stderr
    rows = {r["year"]: r for r in json.loads(out.stdout)}
    assert set(rows) >= {107, 114}
    assert [c["name"] for c in rows[114]["categories"]] == list(NEW_CATEGORIES)
    assert rows[107]["quota"] == 9 and rows[107]["categories"][1]["earliest_start"] == "2015-01-01"
    assert sum(d["points"] for d in rows[107]["categories"][0]["scoring"]) == 1000
    text = docgen("awards", "--year", "107")
    assert text.returncode == 0 and "專案規劃類" in text.stdout and "民國104年1月1日" in text.stdout
    assert "數位創新加值" not in text.stdout
    en = docgen("awards", "--year", "114", lang="en")
    assert "Digital innovation" in en.stdout and not any("\u4e00" <= ch <= "\u9fff" for ch in en.stderr)


def test_an_unknown_year_gets_one_clear_line():
    out = docgen("awards", "--year", "110")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.strip() == "docgen: 沒有第 110 年度的評獎資料（已有：107、114）"
    gregorian = docgen("awards", "--year", "2026")
    assert gregorian.returncode == 2 and "應為民國年" in gregorian.stderr and "115" in gregorian.stderr


def test_check_with_a_past_year_without_a_pack_says_so_and_goes_on(nomination_source, tmp_path):
    src = nomination_source()
    out = docgen("check", src, "--award-year", "110")
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stderr.count("\n") == 1 and "沒有第 110 年度的評獎資料" in out.stderr
    assert "依表單設定" in out.stderr
    # the cycle being prepared (after the newest pack) quietly uses the forms' values
    assert docgen("check", src, "--award-year", "116").stderr == ""
    bad = docgen("check", src, "--award-year", "2026")
    assert bad.returncode == 2 and bad.stdout == "" and "應為民國年" in bad.stderr and "\n" == bad.stderr[-1]


# -- --award-year picks the pack ----------------------------------------------------------------

def test_the_cutoff_comes_from_the_chosen_pack(nomination_source):
    # 107: 專案至早應自104年1月1日起; 114 states none, so the form's (3 years back: 111.1.1)
    src = nomination_source(body=NOMINATION_PERIOD.format(period="104年6月1日起迄今"))
    assert "date-window" not in rules_fired(check(src, award_year=107))
    fired = [f for f in check(src, award_year=114).findings if f.rule == "date-window"]
    assert len(fired) == 1 and "民國111年1月1日" in fired[0].message
    early = nomination_source(body=NOMINATION_PERIOD.format(period="103年12月1日起迄今"))
    fired = [f for f in check(early, award_year=107).findings if f.rule == "date-window"]
    assert len(fired) == 1 and "民國104年1月1日" in fired[0].message and fired[0].expected == ">= 2015-01-01"


def test_the_overall_category_reports_the_previous_calendar_year(nomination_source):
    # 「整體服務類」應提出106年度（1月至12月）服務成果與績效
    inside = nomination_source(category="整體服務類", project_name=None,
                               body=NOMINATION_PERIOD.format(period="106年1月1日至106年12月31日"))
    assert "date-window" not in rules_fired(check(inside, award_year=107))
    outside = nomination_source(category="整體服務類", project_name=None,
                                body=NOMINATION_PERIOD.format(period="105年1月1日起迄今"))
    fired = [f for f in check(outside, award_year=107).findings if f.rule == "date-window"]
    assert len(fired) == 1 and "106 年度（1月至12月）" in fired[0].message
    # the same period as a 專案規劃類 project (started after 104.1.1) is fine
    assert "date-window" not in rules_fired(check(nomination_source(
        body=NOMINATION_PERIOD.format(period="105年1月1日起迄今")), award_year=107))


def test_category_boxes_are_checked_against_the_pack(nomination_source):
    src = nomination_source()
    assert "award-category" not in rules_fired(check(src, award_year=107))  # 服務規劃類 = 專案規劃類
    fired = [f for f in check(src, award_year=114).findings if f.rule == "award-category"]
    assert len(fired) == 1 and fired[0].severity == "warning"
    assert fired[0].expected == "、".join(NEW_CATEGORIES) and fired[0].actual == "、".join(OLD_CATEGORIES)
    assert "第8屆" in fired[0].message
    # a year with no pack: nothing says which categories are right
    assert "award-category" not in rules_fired(check(src, award_year=116))
    # a form without a category box is not the rule's business
    from docgen.rules import RULES
    from docgen.profile import load_profile
    assert not RULES["award-category"].needs(load_profile("summary_form"))


def test_the_rule_is_listed_and_can_be_turned_off(nomination_source):
    out = docgen("rules", "--format", "json")
    rule = next(r for r in json.loads(out.stdout) if r["id"] == "award-category")
    assert rule["severity"] == "warning" and "docgen awards" in rule["explanation"]
    src = nomination_source()
    (src / "docgen.toml").write_text('[rules]\naward-category = "off"\n', encoding="utf-8")
    assert "award-category" not in rules_fired(check(src, award_year=114))


# -- an agency's own packs (config `awards = [...]`), a broken pack --------------------------------

LOCAL_PACK = """\
year: 120
name: 第14屆政府服務獎（測試）
categories:
  - name: 整體服務類
  - name: 專案規劃類
    aliases: [服務規劃類]
    earliest_start: 民國118年1月1日
quota:
  max_entries: 12
"""


def local_packs(folder: Path, **files: str) -> Path:
    packs = folder / "packs"
    packs.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (packs / f"{name}.yaml").write_text(text, encoding="utf-8")
    (folder / "docgen.toml").write_text('awards = ["packs"]\n', encoding="utf-8")
    return packs


def test_a_config_folder_adds_a_cycle_without_code(nomination_source, tmp_path):
    src = nomination_source(body=NOMINATION_PERIOD.format(period="117年6月1日起迄今"))
    local_packs(src, **{"120": LOCAL_PACK})
    later = dt.date(2031, 3, 1)  # a day in the 120 cycle: the start is not in the future
    fired = [f for f in check(src, award_year=120, today=later).findings if f.rule == "date-window"]
    assert len(fired) == 1 and "民國118年1月1日" in fired[0].message
    assert "award-category" not in rules_fired(check(src, award_year=120, today=later))
    rows = json.loads(docgen("awards", "--format", "json", cwd=src).stdout)
    assert [r["year"] for r in rows] == [107, 114, 120]
    assert rows[-1]["path"] == str((src / "packs" / "120.yaml").resolve())


def test_a_broken_pack_affects_only_itself(nomination_source):
    src = nomination_source()
    local_packs(src, **{"120": LOCAL_PACK.replace("max_entries", "max_entires"), "121": "year: 121\nname: [\n"})
    listing = docgen("awards", cwd=src)
    assert listing.returncode == 2
    lines = listing.stderr.splitlines()
    assert len(lines) == 2 and all("此年度的評獎資料暫不可用" in ln for ln in lines)
    assert "120.yaml" in lines[0] and "max_entires" in lines[0] and "max_entries" in lines[0]  # did you mean
    assert "121.yaml" in lines[1] and "YAML 語法錯誤" in lines[1]
    assert "107 年度" in listing.stdout and "114 年度" in listing.stdout  # the others still listed
    broken = docgen("check", src, "--award-year", "120", "--format", "json", cwd=src)
    assert broken.returncode == 2
    assert "120.yaml" in json.loads(broken.stdout)["files"][0]["error"]
    fine = docgen("check", src, "--award-year", "107", "--format", "json", cwd=src)
    assert fine.returncode == 0, fine.stdout
    assert docgen("check", src, "--format", "json", cwd=src).returncode == 0  # the current year: no pack needed


def test_config_award_settings_are_checked(nomination_source):
    src = nomination_source()
    (src / "docgen.toml").write_text("award_year = 2026\n", encoding="utf-8")
    out = docgen("check", src)
    assert out.returncode == 2 and "award_year 應為民國年" in out.stdout + out.stderr
    (src / "docgen.toml").write_text('awards = ["no-such-folder"]\n', encoding="utf-8")
    out = docgen("awards", cwd=src)
    assert out.returncode == 2 and "awards 所列的資料夾「no-such-folder」不存在" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("text,problem", [
    (LOCAL_PACK.replace("year: 120", "year: 119"), "year（119）應與檔名相同"),
    (LOCAL_PACK.replace("民國118年1月1日", "去年"), "categories.1.earliest_start"),
    (LOCAL_PACK + "default_category: 社會創新共融\n", "default_category"),
    (LOCAL_PACK.replace("  - name: 整體服務類\n", "  - name: 整體服務類\n    scoring: {total: 1000, dimensions: "
                        "[{name: 基礎服務, points: 200}]}\n"), "合計 200 分"),
])
def test_what_the_schema_cannot_say_is_checked_too(tmp_path, text, problem):
    from docgen.awards import find_pack
    from docgen.errors import InputError
    packs = local_packs(tmp_path, **{"120": text})
    with pytest.raises(InputError) as err:
        find_pack(120, [str(packs)])
    assert problem in str(err.value) and "\n" not in str(err.value)


def test_the_quota_comes_from_the_pack(nomination_source, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(10):
        nomination_source().rename(folder / f"n{i:02}")
    local_packs(folder, **{"120": LOCAL_PACK.replace("民國118年1月1日", "民國111年1月1日")})

    def batch(year):
        out = docgen("check", folder, "--award-year", year, "--format", "json", cwd=folder)
        assert all(f["error"] is None for f in json.loads(out.stdout)["files"]), out.stdout
        return json.loads(out.stdout)["batch"]

    fired = batch("107")  # 推薦總額至多9個
    assert [f["rule"] for f in fired] == ["quota"] and fired[0]["expected"] == "9" and fired[0]["actual"] == "10"
    assert batch("120") == []  # the agency's pack allows 12


# -- real files: python-docx and LibreOffice -----------------------------------------------------

NOMINATION_PERIOD = """
## 執行期間

{period}

## 問題分析

長者不熟悉數位服務。

## 規劃內容

於各區設立陪伴站。

## 推動成效(或預期成效)

服務人次成長。
"""


def python_docx_nomination(path: Path, categories=OLD_CATEGORIES, ticked=1, period="105年3月1日起迄今") -> Path:
    """A 參獎機關名單 typed with python-docx: 標楷體 14 pt, exactly 22 pt, the seed's table."""
    import docx
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt
    from docx.table import _Cell

    d = docx.Document()

    def fmt(paragraph):
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph.paragraph_format.line_spacing = Pt(22)
        for run in paragraph.runs:
            run.font.size = Pt(14)
            run.font.name = "標楷體"
            run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "標楷體")

    def write(container, *lines):
        for i, line in enumerate(lines):
            if i == 0 and isinstance(container, _Cell):  # a new cell holds one empty paragraph
                p = container.paragraphs[0]
                p.add_run(line)
            else:
                p = container.add_paragraph(line)
            fmt(p)

    write(d, "附件1", "臺北市政府報名參加「政府服務獎」參獎機關名單")
    t = d.add_table(rows=5, cols=3)
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, ("參獎機關名稱", "參獎類別", "指定參獎/自行報名")):
        write(cell, text)
    write(t.cell(1, 0), "臺北市測試服務處")
    write(t.cell(1, 1), *(("■" if i == ticked else "□") + name for i, name in enumerate(categories)))
    write(t.cell(1, 2), "■指定參獎（一級機關：臺北市政府社會局）", "□自行報名")
    for row in (2, 3, 4):
        t.cell(row, 0).merge(t.cell(row, 2))
    write(t.cell(2, 0), "專案名稱：長者數位陪伴計畫")
    write(t.cell(3, 0), "參獎服務規劃類者，請就專案進行簡介：請於1,000字以內簡要敘述專案的執行期間。",
          "壹、執行期間", period, "貳、問題分析", "長者不熟悉數位服務。", "參、規劃內容", "於各區設立陪伴站。",
          "肆、推動成效(或預期成效)", "服務人次成長。")
    write(t.cell(4, 0), "窗口人員1：陳小美、科員、(02)2720-8889#1234、chen@mail.taipei.gov.tw",
          "窗口人員2：姓名、職稱、聯絡電話、電子信箱")
    d.save(path)
    return path


@pytest.fixture(scope="module")
def real_files(tmp_path_factory):
    """Two python-docx nomination lists — the 臺北市 form (old categories) and one printing
    the 8th award's — and, with LibreOffice, the PDF of each."""
    folder = tmp_path_factory.mktemp("real")
    old = python_docx_nomination(folder / "old.docx")
    new = python_docx_nomination(folder / "new.docx", categories=NEW_CATEGORIES)
    files = {"old.docx": old, "new.docx": new}
    if SOFFICE:
        from docgen.render.office import fontconfig_env
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{folder}/lo", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(folder), str(old), str(new)],
                       check=True, env={**os.environ, **fontconfig_env()}, capture_output=True, timeout=300)
        files.update({"old.pdf": folder / "old.pdf", "new.pdf": folder / "new.pdf"})
    return files


def _check_json(path, year):
    out = docgen("check", path, "--form", "nomination_list", "--award-year", year, "--format", "json")
    assert out.returncode in (0, 1), out.stdout + out.stderr
    assert json.loads(out.stdout)["files"][0]["error"] is None
    return out.stdout


@pytest.mark.parametrize("kind", ["docx", pytest.param("pdf", marks=needs_office)])
def test_real_files_category_warning_follows_the_award_year(real_files, kind):
    old = real_files[f"old.{kind}"]
    assert findings(_check_json(old, "107"), "award-category") == []
    fired = findings(_check_json(old, "114"), "award-category")
    assert len(fired) == 1 and fired[0]["actual"] == "、".join(OLD_CATEGORIES)
    assert fired[0]["location"]["cell"]  # in the category box
    # a form printing the 8th award's categories: read from the box, not from the profile
    new = real_files[f"new.{kind}"]
    assert findings(_check_json(new, "114"), "award-category") == []
    fired = findings(_check_json(new, "107"), "award-category")
    assert len(fired) == 1 and fired[0]["actual"] == "、".join(NEW_CATEGORIES)


@pytest.mark.parametrize("kind", ["docx", pytest.param("pdf", marks=needs_office)])
def test_real_files_cutoff_follows_the_award_year(real_files, kind):
    old = real_files[f"old.{kind}"]  # 105年3月1日起迄今
    assert findings(_check_json(old, "107"), "date-window") == []
    fired = findings(_check_json(old, "114"), "date-window")
    assert len(fired) == 1 and fired[0]["expected"] == ">= 2022-01-01"
