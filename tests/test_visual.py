"""Issue #12: the batch summary (HTML, xlsx, ods), the `quota` batch rule and the HTML page
pictures with each finding boxed — through the CLI, on real DOCX files and real LibreOffice."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lhtml

from docgen.render.office import find_soffice

from handmade import BODY_RPR, nomination_docx, summary_docx

IN_CI = bool(os.environ.get("CI"))
needs_office = pytest.mark.skipif(find_soffice() is None and not IN_CI,
                                  reason="LibreOffice is not installed (set CI=true to make this a failure)")
MING = BODY_RPR.replace('w:eastAsia="標楷體"', 'w:eastAsia="新細明體"')
TIGHT = '<w:spacing w:line="360" w:lineRule="exact"/>'  # 18 pt where the form says 20


def docgen(*args, env=None):
    return subprocess.run([sys.executable, "-m", "docgen", *args], capture_output=True, text=True,
                          env={**os.environ, "DOCGEN_LANG": "zh", **(env or {})}, timeout=300)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """A 研考會's folder: a failing summary form, a passing one, a passing nomination list."""
    folder = tmp_path_factory.mktemp("batch")
    summary_docx(folder / "a_ming.docx", body_rpr=MING, line=TIGHT)
    summary_docx(folder / "b_ok.docx")
    nomination_docx(folder / "c_nomination.docx")
    return folder


# -- quota -----------------------------------------------------------------------------------

def _copies(folder: Path, passing: int, failing: int = 0) -> Path:
    good = summary_docx(folder / "good.docx")
    for i in range(1, passing):
        shutil.copy(good, folder / f"good{i:02}.docx")
    for i in range(failing):
        summary_docx(folder / f"bad{i}.docx", body_rpr=MING)
    return folder


def _batch_rules(folder: Path) -> list[dict]:
    out = docgen("check", str(folder), "--format", "json")
    return json.loads(out.stdout)["batch"]


def test_quota_fires_for_ten_forms_ready_to_send(tmp_path):
    folder = _copies(tmp_path, passing=10)
    batch = _batch_rules(folder)
    assert [f["rule"] for f in batch] == ["quota"]
    assert batch[0]["severity"] == "warning" and "10" in batch[0]["message"] and "9" in batch[0]["message"]
    # a warning: the batch passes, unless warnings fail (--strict)
    assert docgen("check", str(folder)).returncode == 0
    strict = docgen("check", str(folder), "--strict")
    assert strict.returncode == 1 and "quota" in strict.stdout


def test_quota_quiet_for_nine_ready_and_one_failing(tmp_path):
    assert _batch_rules(_copies(tmp_path, passing=9, failing=1)) == []


def test_quota_is_listed_and_its_limit_is_form_data():
    out = docgen("rules", "--format", "json")
    assert "quota" in {r["id"] for r in json.loads(out.stdout)}
    from docgen.profile import load_profile
    assert load_profile("summary_form").quota == 9 and load_profile("nomination_list").quota == 9


# -- the summary -----------------------------------------------------------------------------

def test_html_summary_one_row_per_file_linking_to_its_section(batch, tmp_path):
    out = tmp_path / "r.html"
    assert docgen("check", str(batch), "--format", "html", "--no-pages", "-o", str(out)).returncode == 1
    page = lhtml.fromstring(out.read_text(encoding="utf-8"))
    heads = [th.text_content() for th in page.xpath('//table[@id="summary"]/thead/tr/th')]
    assert heads == ["檔案", "機關", "表單", "參獎類別", "專案名稱／參獎名稱", "字數／上限", "錯誤", "警告", "結果"]
    rows = page.xpath('//table[@id="summary"]/tbody/tr')
    assert len(rows) == 3
    by_file = {Path(r[0].text_content()).name: [c.text_content() for c in r] for r in rows}
    assert by_file["a_ming.docx"][1] == "臺南市測試區公所" and by_file["a_ming.docx"][6] != "0"
    assert by_file["c_nomination.docx"][3] == "服務規劃類" and by_file["c_nomination.docx"][4]
    for r in rows:  # each row links to its file's section
        target = r.xpath(".//a/@href")[0]
        assert page.xpath(f'//section[@id="{target[1:]}"]')
    assert not page.xpath("//*[@data-page]")  # --no-pages
    assert page.xpath("//script") and not page.xpath("//script[@src]")


def test_piped_folder_check_ends_with_unwrapped_lines(batch):
    out = docgen("check", str(batch))
    lines = [line for line in out.stdout.splitlines() if "\t" in line]
    assert len(lines) == 4  # header and one per file
    for name in ("a_ming.docx", "b_ok.docx", "c_nomination.docx"):
        assert any(line.split("\t")[0].endswith(name) for line in lines)


def _soffice_csv(path: Path, tmp_path: Path) -> list[list[str]]:
    """Open the spreadsheet in LibreOffice (headless, its own profile) and save the first sheet as CSV."""
    soffice = find_soffice()
    outdir = tmp_path / "csv"
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(outdir), str(path)],
                   capture_output=True, timeout=180, check=True)
    text = (outdir / (path.stem + ".csv")).read_text(encoding="utf-8")
    return list(csv.reader(text.splitlines()))


@needs_office
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_spreadsheet_opens_in_libreoffice_with_one_row_per_file(batch, tmp_path, fmt):
    out, again = tmp_path / f"s.{fmt}", tmp_path / f"again.{fmt}"
    for target in (out, again):
        assert docgen("check", str(batch), "--format", fmt, "-o", str(target)).returncode == 1
    assert out.read_bytes() == again.read_bytes()  # same input, same bytes
    rows = _soffice_csv(out, tmp_path)
    assert rows[0][:3] == ["檔案", "機關", "表單"]
    names = sorted(Path(r[0]).name for r in rows[1:] if r and r[0])
    assert names == ["a_ming.docx", "b_ok.docx", "c_nomination.docx"]
    bad = next(r for r in rows if r[0].endswith("a_ming.docx"))
    assert bad[1] == "臺南市測試區公所" and int(bad[6]) > 0


def test_findings_sheet_carries_locations(batch, tmp_path):
    from openpyxl import load_workbook
    out = tmp_path / "s.xlsx"
    docgen("check", str(batch), "--format", "xlsx", "-o", str(out))
    wb = load_workbook(out)
    assert wb.sheetnames == ["摘要", "問題"]
    rows = list(wb["問題"].iter_rows(values_only=True))
    assert rows[0] == ("檔案", "規則", "等級", "問題", "位置")
    font = [r for r in rows[1:] if r[1] == "font-family"]
    assert font and all(r[0].endswith("a_ming.docx") and r[4] for r in font)


# -- page pictures ---------------------------------------------------------------------------

def _boxes(page_html: str):
    doc = lhtml.fromstring(page_html)
    pages = doc.xpath("//*[@data-page]")
    boxes = doc.xpath("//*[@data-page]//*[@data-rule][@data-finding]")
    return doc, pages, boxes


@needs_office
def test_html_pages_with_findings_boxed(batch, tmp_path):
    out = tmp_path / "pages.html"
    docgen("check", str(batch / "a_ming.docx"), "--format", "html", "-o", str(out))
    text = out.read_text(encoding="utf-8")
    doc, pages, boxes = _boxes(text)
    assert pages and all(p.xpath("./img/@src")[0].startswith("data:image/jpeg;base64,") for p in pages)
    assert "http://" not in text.replace("http-equiv", "") and "https://" not in text
    rules = {b.get("data-rule") for b in boxes}
    assert {"font-family", "line-spacing"} <= rules
    for b in boxes:  # inside the page, in percentages
        style = dict(kv.split(":") for kv in b.get("style").rstrip(";").split(";"))
        left, top = float(style["left"].rstrip("%")), float(style["top"].rstrip("%"))
        width, height = float(style["width"].rstrip("%")), float(style["height"].rstrip("%"))
        assert 0 <= left and 0 <= top and left + width <= 100.5 and top + height <= 100.5
        # linked both ways: box -> finding row, and the row's number -> a box
        row = doc.xpath(f'//tr[@id="{b.get("href")[1:]}"]')
        assert row and row[0].xpath(".//a/@href")
    # the narrative font fault (section 貳) is boxed on the page where its text is
    n = next(i for i, tr in enumerate(doc.xpath('//section//table/tr[@id]'), 1)
             if "「貳、服務內容」第1–4段" in tr.text_content() and "font-family" in tr.text_content())
    assert any(b.get("data-finding") == str(n) for b in boxes)


def test_html_without_libreoffice_says_so(batch, tmp_path):
    out = tmp_path / "nolo.html"
    docgen("check", str(batch / "b_ok.docx"), "--format", "html", "-o", str(out),
           env={"DOCGEN_SOFFICE": str(tmp_path / "no-soffice")})
    text = out.read_text(encoding="utf-8")
    assert "找不到 LibreOffice" in text and "data-page" not in text


@needs_office
def test_font_box_is_around_the_characters_at_fault(tmp_path):
    from handmade import SUMMARY_NARRATIVE, para, run
    line = '<w:spacing w:line="400" w:lineRule="exact"/>'
    mixed = para(run("以本區山區", BODY_RPR), run("六個里", MING), run("為主，並逐步擴及全區。", BODY_RPR), ppr=line)
    narrative = [mixed if x.startswith("以本區山區") else x for x in SUMMARY_NARRATIVE]
    path = summary_docx(tmp_path / "mixed.docx", narrative=narrative)
    out = tmp_path / "mixed.html"
    docgen("check", str(path), "--format", "html", "-o", str(out))
    _, pages, boxes = _boxes(out.read_text(encoding="utf-8"))
    (box,) = [b for b in boxes if b.get("data-rule") == "font-family"]
    style = dict(kv.split(":") for kv in box.get("style").rstrip(";").split(";"))
    # three 14 pt characters on an A4 page: well under a tenth of its width, one line high
    assert float(style["width"].rstrip("%")) < 10 and float(style["height"].rstrip("%")) < 3
