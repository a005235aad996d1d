"""Configuration that changes what the rules accept: extra 標楷體 names, the Latin policy."""

from conftest import check, rules_fired
from handmade import SUMMARY_NARRATIVE, fonts, kai, para, run, size, spacing, summary_docx


def narrative_with(run_xml: str) -> list:
    body = para(run("本段文字為標楷體，", kai() + size(14)), run_xml, ppr=spacing(400, "exact"))
    return [*SUMMARY_NARRATIVE[:2], body, *SUMMARY_NARRATIVE[2:]]


def test_extra_accepted_font_name(tmp_path):
    docx = summary_docx(tmp_path / "f.docx", narrative=narrative_with(run("這裡用華康標楷體", kai("華康標楷體") + size(14))))
    assert rules_fired(check(docx)) == ["font-family"]
    (tmp_path / "docgen.toml").write_text('fonts = ["華康標楷體"]\n', encoding="utf-8")
    assert rules_fired(check(docx)) == []


def test_latin_policy(tmp_path):
    latin = run("Service Design 2024", fonts(ea="標楷體", ascii="Times New Roman") + size(14))
    docx = summary_docx(tmp_path / "f.docx", narrative=narrative_with(latin))
    assert rules_fired(check(docx)) == []  # default: half-width Latin is not held to 標楷體
    (tmp_path / "docgen.toml").write_text('latin = "kai"\n', encoding="utf-8")
    result = check(docx)
    assert rules_fired(result) == ["font-family"]
    assert "Times New Roman" in result.findings[0].message
