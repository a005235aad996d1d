"""The process entry point: a plain `docgen check` is read without click and must
behave exactly like the click command; anything unusual goes to click."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.entry import parse_check

from handmade import summary_docx

FONT_BAD = '<w:rFonts w:ascii="PMingLiU" w:eastAsia="新細明體" w:hAnsi="PMingLiU"/><w:sz w:val="28"/>'


def test_plain_invocations_are_read_quickly(tmp_path):
    cfg = tmp_path / "docgen.toml"
    cfg.write_text("award_year = 115\n", encoding="utf-8")
    opts = parse_check(["a.docx", "b", "--format", "json", "--strict", "-j", "2", "--award-year=114",
                        "--config", str(cfg), "--lang", "en", "-o", str(tmp_path / "r.json"), "--time-budget", "7.5"])
    assert opts == {"paths": ["a.docx", "b"], "form": "auto", "fmt": "json", "output": str(tmp_path / "r.json"),
                    "award_year": 114, "config": str(cfg), "strict": True, "jobs": 2, "lang": "en", "no_pages": False,
                    "time_budget": 7.5}
    assert parse_check(["x.docx"])["fmt"] == "text"


@pytest.mark.parametrize("args", [
    [],                                   # no path: click says it is missing
    ["x.docx", "--help"], ["-h"],
    ["x.docx", "--format", "jsn"],        # bad choice
    ["x.docx", "--format"],               # value missing
    ["x.docx", "--award-year", "百十五"],   # not a number
    ["x.docx", "--config", "missing.toml"],
    ["x.docx", "--strict=yes"],
    ["x.docx", "--frmat", "json"],        # typo
    ["x.docx", "-ojson.txt"],             # attached short value: click's syntax
    ["--", "-x.docx"],
    ["x.docx", "-o", "."],                # a folder as the report file
])
def test_anything_unusual_is_left_to_click(args):
    assert parse_check(args) is None


def _both(args, cwd):
    quick = subprocess.run([sys.executable, "-m", "docgen", "check", *args], capture_output=True,
                           text=True, cwd=cwd)
    slow = CliRunner().invoke(main, ["check", *args], catch_exceptions=False)
    return quick, slow


@pytest.mark.parametrize("fmt", ["json", "markdown", "junit"])
def test_quick_path_reports_what_the_click_command_reports(tmp_path, fmt):
    good = summary_docx(tmp_path / "good.docx")
    bad = summary_docx(tmp_path / "bad.docx", body_rpr=FONT_BAD)
    for path, code in ((good, 0), (bad, 1)):
        quick, slow = _both([str(path), "--format", fmt, "--lang", "en"], tmp_path)
        assert quick.returncode == slow.exit_code == code, quick.stderr
        assert quick.stdout == slow.output
        if code:
            assert "font-family" in quick.stdout


def test_quick_path_refuses_in_one_line_and_writes_the_report_file(tmp_path):
    quick, _ = _both([str(tmp_path / "nothing.docx"), "--format", "json"], tmp_path)
    assert quick.returncode == 2 and "Traceback" not in quick.stderr
    good = summary_docx(tmp_path / "good.docx")
    out = tmp_path / "report.md"
    r = subprocess.run([sys.executable, "-m", "docgen", "check", str(good), "--format", "markdown",
                        "-o", str(out)], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "" and "font-family" in out.read_text(encoding="utf-8")


def test_click_still_answers_help_and_bad_values_through_the_entry_point(tmp_path):
    r = subprocess.run([sys.executable, "-m", "docgen", "check", "x.docx", "--format", "jsn"],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 2 and "--format" in r.stderr and "Traceback" not in r.stderr
    r = subprocess.run([sys.executable, "-m", "docgen", "check", "--help"], capture_output=True, text=True,
                       cwd=tmp_path)
    assert r.returncode == 0 and "--award-year" in r.stdout


def test_a_check_loads_neither_lxml_nor_dataclasses(tmp_path):
    """Start-up: a one-file check reads with the standard library's expat tree (lxml's import
    is ~17 ms) and the model is plain records (dataclasses built ~6 ms of methods at import)."""
    path = summary_docx(tmp_path / "form.docx", body_rpr=FONT_BAD)
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "docgen", "check", str(path)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "font-family" in r.stdout  # a real check, which found the font
    loaded = {line.rsplit("|", 1)[-1].strip() for line in r.stderr.splitlines() if line.startswith("import time:")}
    assert "docgen.rules" in loaded and "zipfile" in loaded
    assert not {m for m in loaded if m == "dataclasses" or m.split(".")[0] == "lxml"}
