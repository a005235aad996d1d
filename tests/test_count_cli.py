"""`docgen count` through the real command: a source, hand-made DOCX files, a PDF LibreOffice
rendered, and text on standard input (PRODUCT.md §3 counting, §5 command)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SUMMARY_BODY
from handmade import summary_docx

DOCGEN = [sys.executable, "-m", "docgen"]
FIGURES = "滿意度達95.6%，經費2,000千元，成長3.5倍，詳見https://www.tainan.gov.tw/a?b=1。"


def count(*args, stdin: bytes | None = None, lang: str | None = None):
    cmd = [*DOCGEN, *(["--lang", lang] if lang else []), "count", *map(str, args)]
    return subprocess.run(cmd, input=stdin, capture_output=True, cwd=REPO, timeout=300)


def count_json(*args, stdin: bytes | None = None) -> dict:
    r = count(*args, "--format", "json", stdin=stdin)
    assert r.returncode == 0, r.stderr.decode()
    return json.loads(r.stdout)


def test_stdin_counts_words_as_word_does():
    # 東京(2) 2024(1) オリンピック(6) ; Hello(1)、(1)World(1)。(1) ; 3.5 2,000 95.6% e-mail ①②③ : 1 each
    text = "東京2024オリンピック\nHello、World。\n3.5 2,000 95.6% e-mail ①②③\n臺南,高雄\n\ufeff\u200b"
    out = count_json("-", stdin=text.encode())
    assert out == {"word": 9 + 4 + 5 + 5, "chars": 12 + 12 + 22 + 5, "han": 2 + 4, "limit": None, "sections": {}}


def test_stdin_is_the_default_and_takes_the_forms_limit():
    out = count_json("--form", "nomination_list", stdin="長者數位陪伴".encode("utf-8-sig"))
    assert out == {"word": 6, "chars": 6, "han": 6, "limit": 1000, "sections": {}}


def test_stdin_text_report_in_zh_tw_and_english():
    r = count("-", "--form", "summary_form", stdin="中文ABC".encode())
    assert r.returncode == 0
    assert r.stdout.decode().splitlines()[:3] == ["標準輸入（專案摘要表）", "字數 3/2000（word；尚可增加 1997 字）",
                                                  "Word 字數 3、字元數（不含空白）5、中文字 2"]
    r = count("-", stdin="中文ABC".encode(), lang="en")
    assert r.stdout.decode().splitlines() == ["standard input", "Word count 3, characters (no spaces) 5, Han characters 2"]


@pytest.mark.parametrize("args, stdin, words", [
    (["nothere.docx"], None, "找不到檔案"),
    (["-"], "中文".encode("big5"), "UTF-8"),
    (["-", "--form", "tax_form"], b"x", "未知的表單"),
    ([str(REPO / "pyproject.toml")], None, "不支援"),
])
def test_unusable_input_is_one_zh_tw_line_and_exit_2(args, stdin, words):
    r = count(*args, stdin=stdin)
    assert r.returncode == 2 and r.stdout == b""
    err = r.stderr.decode()
    assert len(err.splitlines()) == 1 and words in err and "Traceback" not in err


def test_source_counts_the_narrative_with_sections(tmp_path):
    from conftest import SUMMARY_FIELDS, write_source

    src = write_source(tmp_path / "app", SUMMARY_FIELDS, SUMMARY_BODY.replace("成效良好。", FIGURES))
    out = count_json(src)
    # the markers docgen generates are typed into the DOCX it builds, so they count:
    # 參、推動成效 (6) + 滿意度達(4) 95.6%(1) ，(1) 經費(2) 2,000(1) 千元(2) ，(1) 成長(2) 3.5(1) 倍(1) ，(1)
    # 詳見(2) URL(1) 。(1)
    assert out["sections"]["參"] == 6 + 21
    assert set(out["sections"]) == {"壹", "貳", "參", "肆"}
    assert out["word"] == sum(out["sections"].values())
    assert out["limit"] == 2000
    # the check reports the same count
    r = subprocess.run([*DOCGEN, "check", str(src), "--format", "json"], capture_output=True, cwd=REPO)
    assert json.loads(r.stdout)["files"][0]["stats"]["count"] == out["word"]


NARRATIVE = ["壹、專案簡介", FIGURES, "一、服務地區", "以本區山區六個里為主。",
             "貳、服務內容", "一、行動櫃檯", "同仁攜帶行動裝置。",
             "參、推動成效", "服務人次達1,200人次。", "肆、未來努力方向", "持續精進。"]


def test_docx_typed_markers_count_and_word_numbering_does_not(tmp_path):
    from handmade import Auto, outline_numbering

    typed = count_json(summary_docx(tmp_path / "typed.docx", narrative=NARRATIVE))
    auto_items = [Auto(0 if t[0] in "壹貳參肆" else 1, t[2:]) if t[1] == "、" else t for t in NARRATIVE]
    auto = count_json(summary_docx(tmp_path / "auto.docx", narrative=auto_items, numbering_xml=outline_numbering()))
    # six markers of two East Asian characters each (壹、一、貳、一、參、肆、) are drawn by Word in auto.docx
    assert typed["word"] - auto["word"] == 12
    assert typed["sections"] == {"壹": 6 + 21 + 6 + 11, "貳": 6 + 6 + 9, "參": 6 + 9, "肆": 8 + 5}
    assert typed["word"] == sum(typed["sections"].values())
    assert typed["chars"] > typed["word"] and typed["han"] < typed["word"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_pdf_rendered_by_libreoffice_counts_like_its_docx(tmp_path):
    from test_pdf_check import lo_pdf

    docx = summary_docx(tmp_path / "form.docx", narrative=NARRATIVE)
    pdf = lo_pdf(docx, tmp_path)
    assert count_json(pdf) == count_json(docx)
    r = count(pdf)
    assert r.returncode == 0 and "字數" in r.stdout.decode() and "壹、專案簡介" in r.stdout.decode()


def test_build_checklist_gives_the_count_and_breakdown_docgen_count_gives(tmp_path):
    out = count_json(REPO / "samples" / "nomination_list")
    r = subprocess.run([*DOCGEN, "build", str(REPO / "samples" / "nomination_list"), "-o", str(tmp_path)],
                       capture_output=True, cwd=REPO, timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    checklist = (tmp_path / "nomination_list.checklist.md").read_text(encoding="utf-8")
    sections = "、".join(f"{k} {v}" for k, v in out["sections"].items())
    assert f"字數：{out['word']}/1000（word；各段 {sections}）" in checklist
