"""`docgen doctor`: the mark of each line matches what it says (never ✓ beside 「未安裝」)."""

import os
import re
import shutil
import subprocess
import sys

import pytest

MISSING_WORDS = ("未安裝", "找不到", "略過", "沒有", "not installed", "not found", "not available", "skipped",
                 "No Python", "不回答", "does not answer", "無法確認", "cannot tell")


def doctor(*args, env=None):
    full = {k: v for k, v in os.environ.items() if k not in ("DOCGEN_LANG",)}
    full.update(env or {})
    return subprocess.run([sys.executable, "-m", "docgen", "doctor", *args], env=full,
                          capture_output=True, text=True, timeout=300)


def lines(r) -> dict[str, str]:
    """item line -> its mark (fix lines, indented, are skipped)."""
    return {line[2:]: line[0] for line in r.stdout.splitlines() if line and not line.startswith(" ")}


def check_marks(r) -> dict[str, str]:
    marks = lines(r)
    assert marks and set(marks.values()) <= {"✓", "!", "✗", "–"}, r.stdout
    for text, mark in marks.items():
        if any(word in text for word in MISSING_WORDS):
            assert mark in "!✗–", text
    # exit 1 exactly when something docgen needs is missing or broken
    assert r.returncode == (1 if "✗" in marks.values() else 0), r.stdout
    return marks


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bare_machine_gets_crosses_and_warnings(tmp_path, lang):
    """No LibreOffice, no fontconfig tools on PATH: nothing may be ✓ except what is really there."""
    r = doctor("--lang", lang, env={"PATH": str(tmp_path), "DOCGEN_SOFFICE": str(tmp_path / "soffice"),
                                    "DOCGEN_LO_MARGIN_HOME": str(tmp_path / "lo")})
    marks = check_marks(r)
    assert r.returncode == 1
    by_start = {re.split("[：:]", text)[0]: mark for text, mark in marks.items()}
    assert by_start["LibreOffice"] == "✗"
    kai = next(mark for name, mark in by_start.items() if name.startswith("標楷體") and "DFKai-SB" in name)
    assert kai == "!"  # the real 標楷體 is not here: PDFs use a stand-in
    assert "✓" not in marks.values(), r.stdout
    assert "sudo apt-get install" in r.stdout  # the fix is printed under the failing line


def test_fonts_missing_from_fontconfig_are_not_ticked(tmp_path):
    """fontconfig sees no font at all (an empty configuration): TW-Kai gets ✗, 標楷體 gets !."""
    if not shutil.which("fc-list"):
        pytest.skip("fontconfig is not installed")
    conf = tmp_path / "empty.conf"
    conf.write_text('<?xml version="1.0"?><fontconfig><cachedir>' + str(tmp_path / "cache")
                    + "</cachedir></fontconfig>")
    r = doctor(env={"FONTCONFIG_FILE": str(conf), "DOCGEN_SOFFICE": str(tmp_path / "none")})
    marks = check_marks(r)
    tw = [m for text, m in marks.items() if text.startswith("全字庫正楷體")]
    assert tw == ["✗"], r.stdout


def test_a_libreoffice_that_does_not_start_is_not_ticked(tmp_path):
    broken = tmp_path / "soffice"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    r = doctor("--lang", "en", env={"DOCGEN_SOFFICE": str(broken)})
    marks = check_marks(r)
    assert [m for text, m in marks.items() if f"found {broken}, but it does not answer" in text] == ["!"], r.stdout
    assert r.returncode == 1  # the render test fails


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_this_machine_marks_match_the_facts():
    marks = check_marks(doctor())
    assert [m for text, m in marks.items() if re.match("LibreOffice ?[：:]", text)] == ["✓"], marks
    from docgen.render.margin import find_margin_office
    office = find_margin_office()[0]
    margin = [(m, text) for text, m in marks.items() if "--annotate-pdf" in text]
    assert margin == [("✓", f"註解印在頁邊的 PDF（check --annotate-pdf）：{office.version}（位於 {office.soffice}）")] \
        if office else [m for m, _ in margin] == ["!"], marks
