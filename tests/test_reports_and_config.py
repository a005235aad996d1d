"""Report formats, exit codes, configuration and batches through the real CLI."""

import json
import re
import shutil

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import TODAY
from docgen.build.builder import build_one
from docgen.check import CheckOptions
from docgen.cli import main


def run(*args):
    r = CliRunner().invoke(main, [str(a) for a in args])
    return r.exit_code, r.output


@pytest.fixture
def failing(summary_source):
    return summary_source(award_name="", period="104年1月1日至迄今")


def test_json_report_matches_the_contract(failing):
    code, out = run("check", failing, "--format", "json", "--award-year", 115)
    assert code == 1
    data = json.loads(out)
    assert data["tool"] == "docgen" and data["version"]
    f = data["files"][0]
    assert set(f) >= {"path", "form", "passed", "error", "stats", "findings"}
    assert f["form"] == "summary_form" and f["passed"] is False and f["error"] is None
    assert {"count", "limit", "policy"} <= set(f["stats"])
    finding = f["findings"][0]
    assert set(finding) >= {"rule", "severity", "message", "expected", "actual", "location"}
    assert set(finding["location"]) >= {"part", "section", "paragraph", "page", "line", "excerpt"}
    assert {x["rule"] for x in f["findings"]} == {"required-field", "date-window"}


def test_json_error_field_for_unreadable_file(tmp_path):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"not a zip at all")
    code, out = run("check", bad, "--format", "json")
    assert code == 2
    f = json.loads(out)["files"][0]
    assert f["error"] and f["findings"] == [] and f["passed"] is False


def test_text_checklist(failing):
    code, out = run("check", failing)
    assert code == 1
    assert "✗ 必填欄位 required-field" in out and "✓ 字數上限" in out and "未通過" in out


def test_markdown_html_junit_sarif(failing, tmp_path):
    for fmt in ("markdown", "html", "junit", "sarif"):
        target = tmp_path / f"report.{fmt}"
        code, _ = run("check", failing, "--format", fmt, "-o", target)
        assert code == 1
        assert target.read_text(encoding="utf-8")
    md = (tmp_path / "report.markdown").read_text(encoding="utf-8")
    assert "- [ ] 必填欄位 `required-field`" in md and "- [x] 字數上限" in md
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    # self-contained: its one inline script sorts/filters the summary; links stay inside the page
    assert html.startswith("<!DOCTYPE html>") and "<script src" not in html and html.count("<script") == 1
    assert 'href="#' in html and not re.search(r'href="(?!#)', html)
    junit = etree.fromstring((tmp_path / "report.junit").read_bytes())
    failures = junit.findall(".//failure")
    assert {f.get("type") for f in failures} == {"required-field", "date-window"}
    sarif = json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"required-field", "date-window"}
    rule_ids = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert "font-family" in rule_ids and all(r["locations"][0]["physicalLocation"]["region"]["startLine"] > 0
                                             for r in results)


def test_strict_makes_warnings_fail(summary_source, tmp_path):
    src = summary_source()
    (src / "docgen.toml").write_text('[rules]\n"required-field" = "warning"\n', encoding="utf-8")
    (src / "application.md").write_text((src / "application.md").read_text(encoding="utf-8")
                                        .replace("award_name: 行動櫃檯到府服務", "award_name: ''"), encoding="utf-8")
    assert run("check", src)[0] == 0
    assert run("check", src, "--strict")[0] == 1


def test_config_turns_a_rule_off_and_is_found_upward(summary_source):
    # precedence: --award-year, then the source's award_year, then docgen.toml
    failing = summary_source(award_name="", period="104年1月1日至迄今", award_year=None)
    (failing.parent / "docgen.toml").write_text('award_year = 107\n[rules]\nrequired-field = "off"\n', encoding="utf-8")
    code, out = run("check", failing, "--format", "json")
    f = json.loads(out)["files"][0]
    assert code == 0, out
    assert f["findings"] == [] and f["stats"]["award_year"] == 107


def test_pyproject_tool_docgen(failing):
    (failing.parent / "pyproject.toml").write_text('[tool.docgen]\n[tool.docgen.rules]\n"date-window" = "off"\n',
                                                   encoding="utf-8")
    code, out = run("check", failing, "--format", "json", "--award-year", 115)
    assert {x["rule"] for x in json.loads(out)["files"][0]["findings"]} == {"required-field"}


def test_bad_config_is_refused(failing):
    (failing / "docgen.toml").write_text('[rules]\nfont-famly = "off"\n', encoding="utf-8")
    code, out = run("check", failing)
    assert code == 2 and "font-famly" in out


def test_rules_command_lists_every_rule():
    code, out = run("rules")
    assert code == 0
    for rid in ("char-limit", "required-field", "section-missing", "font-family", "font-size", "line-spacing",
                "numbering-sequence", "numbering-depth", "numbering-format", "date-format", "date-window",
                "date-order", "choice", "contact", "font-substituted"):
        assert rid in out
    code, out = run("--lang", "en", "rules", "--format", "json")
    assert json.loads(out)[0]["hint"]


def test_batch_folder_one_bad_file_does_not_stop_it(summary_source, tmp_path):
    built = build_one(str(summary_source()), tmp_path / "built", options=CheckOptions(today=TODAY)).docx
    batch = tmp_path / "batch"
    batch.mkdir()
    for i in range(5):
        shutil.copy(built, batch / f"form{i}.docx")
    (batch / "broken.docx").write_bytes(b"PK\x03\x04garbage")
    (batch / "notes.md").write_text("# just notes\n", encoding="utf-8")  # not a source: ignored
    (batch / "~$form0.docx").write_bytes(b"lock")  # Word's lock file: ignored
    code, out = run("check", batch, "--format", "json", "-j", "2")
    files = json.loads(out)["files"]
    assert code == 2
    assert len(files) == 6
    assert sum(1 for f in files if f["error"]) == 1
    assert all(f["passed"] for f in files if not f["error"])
