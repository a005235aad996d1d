"""`docgen build`: a real DOCX, read back; rendered by LibreOffice and measured with pdfplumber."""

import os
import re
import shutil
import subprocess
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import REPO, SUMMARY_BODY, TODAY
from docgen.build.builder import build_one
from docgen.check import CheckOptions
from docgen.cli import main

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LONG = "本所結合社區資源推動行動櫃檯，由同仁攜帶行動裝置前往偏鄉與長者家中，協助申辦各項業務，" * 4
BODY = SUMMARY_BODY.replace("說明內容。", LONG).replace("成效良好。", "成效 A&B <良好>，" + LONG)


def build(src, out, **kw):
    return build_one(str(src), out, options=CheckOptions(today=TODAY), **kw)


def docx_xml(path):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def test_build_writes_docx_named_after_folder_and_checklist(summary_source, tmp_path):
    outcome = build(summary_source(BODY), tmp_path / "out")
    assert outcome.docx.name == "app.docx"
    assert outcome.report.name == "app.checklist.md"
    assert outcome.result.errors == 0, [f.message for f in outcome.result.findings]
    assert "字數上限" in outcome.report.read_text(encoding="utf-8")


def test_every_run_carries_kai_sizes_and_exact_line(summary_source, tmp_path):
    outcome = build(summary_source(BODY), tmp_path / "out")
    root = docx_xml(outcome.docx)
    runs = [r for r in root.iter(W + "r") if "".join(t.text or "" for t in r.iter(W + "t")).strip()]
    assert runs
    for r in runs:
        rpr = r.find(W + "rPr")
        fonts = rpr.find(W + "rFonts")
        assert fonts.get(W + "eastAsia") == "標楷體"
        assert fonts.get(W + "ascii") == "標楷體"
        assert rpr.find(W + "sz") is not None and rpr.find(W + "szCs") is not None
        assert rpr.find(W + "lang").get(W + "eastAsia") == "zh-TW"
    for p in root.iter(W + "p"):
        if "".join(t.text or "" for t in p.iter(W + "t")).strip():
            sp = p.find(f"{W}pPr/{W}spacing")
            assert sp.get(W + "lineRule") == "exact" and sp.get(W + "line") == "400"


def test_text_with_lt_and_amp_survives(summary_source, tmp_path):
    outcome = build(summary_source(BODY, award_name="行動櫃檯 <到府> & 服務"), tmp_path / "out")
    import docx
    d = docx.Document(str(outcome.docx))
    texts = [p.text for p in d.paragraphs] + [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert any("行動櫃檯 <到府> & 服務" in t for t in texts)
    assert any("成效 A&B <良好>" in t for t in texts)


def test_template_injection_is_not_evaluated(summary_source, tmp_path):
    outcome = build(summary_source(BODY, award_name="{{ 7*7 }}{% for x in range(3) %}x{% endfor %}"), tmp_path / "out")
    import docx
    d = docx.Document(str(outcome.docx))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert any("{{ 7*7 }}" in c for c in cells)
    assert not any("49" in c for c in cells)


def test_two_builds_are_byte_identical(summary_source, tmp_path):
    src = summary_source(BODY)
    a = build(src, tmp_path / "a").docx.read_bytes()
    b = build(src, tmp_path / "b").docx.read_bytes()
    assert a == b


def test_nomination_list_ticks_boxes(nomination_source, tmp_path):
    outcome = build(nomination_source(), tmp_path / "out")
    import docx
    d = docx.Document(str(outcome.docx))
    text = "\n".join(c.text for t in d.tables for row in t.rows for c in row.cells)
    assert "■服務規劃類" in text and "□整體服務類" in text
    assert "■指定參獎" in text and "□自行報名" in text
    assert "臺北市政府社會局" in text
    root = docx_xml(outcome.docx)
    lines = {sp.get(W + "line") for sp in root.iter(W + "spacing") if sp.get(W + "line")}
    assert lines == {"440"}


def test_cli_build_reports_errors_but_writes_docx(summary_source, tmp_path):
    src = summary_source(BODY, award_name="")
    result = CliRunner().invoke(main, ["build", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert (tmp_path / "out" / "app.docx").is_file()
    assert "參獎名稱" in result.output


def test_build_refuses_to_overwrite_its_input(summary_source, tmp_path):
    src = summary_source(BODY)
    # the user's own template sits exactly where the output would go
    out = tmp_path / "out"
    out.mkdir()
    target = out / "app.docx"
    shutil.copy(REPO / "templates" / "summary_form.docx", target)
    before = target.read_bytes()
    from docgen.errors import InputError
    with pytest.raises(InputError):
        build(src, out, template=target)
    assert target.read_bytes() == before


# --- LibreOffice: the built DOCX rendered to PDF and measured ------------------

def soffice_pdf(docx_path: Path, tmp_path: Path) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI")
        pytest.skip("LibreOffice not installed")
    env = dict(os.environ, FONTCONFIG_FILE=str(REPO / "docgen" / "render" / "fonts.conf"))
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_path)],
                   check=True, env=env, capture_output=True, timeout=180)
    return tmp_path / (docx_path.stem + ".pdf")


def pdf_lines(pdf_path: Path):
    """[(page, baseline, size, fontnames, text)] for every text line."""
    import pdfplumber
    out = []
    with pdfplumber.open(str(pdf_path)) as pdf:
        for pageno, page in enumerate(pdf.pages, 1):
            lines = defaultdict(list)
            for ch in page.chars:
                lines[round(ch["matrix"][5], 1)].append(ch)
            for base in sorted(lines, reverse=True):
                chars = sorted(lines[base], key=lambda c: c["x0"])
                text = "".join(c["text"] for c in chars)
                cjk = [c for c in chars if re.match(r"[\u4e00-\u9fff]", c["text"])]
                out.append((pageno, base, {round(c["size"], 1) for c in cjk},
                            {c["fontname"].split("+")[-1] for c in cjk}, text))
    return out


@pytest.mark.parametrize("form", ["summary_form", "nomination_list"])
def test_pdf_from_libreoffice_is_compliant(form, summary_source, nomination_source, tmp_path):
    if form == "summary_form":
        src, title, body, pitch = summary_source(BODY), 16.0, 14.0, 20.0
    else:
        src, title, body, pitch = nomination_source(), 14.0, 14.0, 22.0
    outcome = build(src, tmp_path / "out")
    lines = pdf_lines(soffice_pdf(outcome.docx, tmp_path))
    fonts = set().union(*(fs for *_, fs, _ in lines))
    assert fonts and all(f.startswith("TW-Kai") for f in fonts), fonts
    narrative = [ln for ln in lines if re.match(r"^[壹貳參肆]、", ln[4])]
    assert [ln[4][0] for ln in narrative] == list("壹貳參肆")
    for ln in narrative:
        assert ln[2] == {title}
    sizes = set().union(*(s for _, _, s, _, t in lines if not re.match(r"^[壹貳參肆]、", t)))
    assert body in sizes
    if form == "summary_form":
        assert sizes <= {title, body}
    else:
        assert sizes == {body}
    # inside the narrative every line pitch is exactly the form's line height
    first = lines.index(narrative[0])
    page = narrative[0][0]
    part = [ln for ln in lines[first:] if ln[0] == page and not ln[4].startswith("窗口人員")]
    pitches = {round(a[1] - b[1], 2) for a, b in zip(part, part[1:])}
    assert pitch in pitches and all(abs(p - pitch) < 0.05 or p > pitch * 1.5 for p in pitches), pitches
