"""`docgen check --annotate`: one Word comment per finding, where Word and LibreOffice show it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from conftest import check  # noqa: E402
from handmade import MING, kai, size, spacing, summary_docx  # noqa: E402

from docgen.annotate import AUTHOR, annotate_file  # noqa: E402
from docgen.fix import read_recorded  # noqa: E402
from docgen.writers.ooxml import qn  # noqa: E402

EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
DOCGEN = [sys.executable, "-m", "docgen"]


def faulty(path):
    # fonts in a table, a typed marker in the wrong shape, an empty required box, sections missing
    return summary_docx(path, body_rpr=kai(MING) + size(14), values={"首長": [""]},
                        narrative=["壹、專案簡介", "(一)緣起", "內容文字在此。", "貳、服務內容", "說明。"])


def cli(*args, cwd=None):
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run([*DOCGEN, *args], capture_output=True, text=True, cwd=cwd, env=env)


def comments(path):
    import docx
    return list(docx.Document(str(path)).comments)


def anchors(path) -> dict[str, int]:
    """comment id → index of the paragraph its range starts in."""
    pkg, _, _, elements, _ = read_recorded(Path(path))
    pkg.close()
    return {node.get(qn("w:id")): index for index, (p, _) in elements.items()
            for node in p.iter(qn("w:commentRangeStart"))}


def test_one_comment_per_finding_on_its_paragraph(tmp_path):
    src = faulty(tmp_path / "a.docx")
    result = check(src)
    assert len(result.findings) >= 4
    out = tmp_path / "a.annotated.docx"
    res = cli("check", str(src), "--annotate", str(out))
    assert res.returncode == 1 and out.exists(), res.stderr
    got = comments(out)
    assert len(got) == len(result.findings)
    assert {(c.author, c.initials) for c in got} == {("docgen", "DG")}
    assert {c.timestamp.isoformat() for c in got} == {"2023-11-14T22:13:20+00:00"}
    where = anchors(out)
    for f, c in zip(result.findings, got):
        assert c.text.startswith(f"[{f.rule}] {f.message}")
        assert "建議：" in c.text
        if f.location.order:
            assert where[str(c.comment_id)] == f.location.order
    # sections that are missing have no paragraph: on a heading or the start, never lost
    assert len(where) == len(got)
    # the document is otherwise the same: same findings when checked again
    assert [(f.rule, f.message) for f in check(out).findings] == [(f.rule, f.message) for f in result.findings]


def test_reannotating_replaces_docgens_comments_and_keeps_peoples(tmp_path):
    import docx
    src = faulty(tmp_path / "a.docx")
    d = docx.Document(str(src))
    para = next(p for p in d.paragraphs if p.text == "說明。")
    d.add_comment(para.runs, text="請補充數據", author="王審查", initials="WS")
    d.save(str(src))
    n = len(check(src).findings)
    first, second = tmp_path / "1.docx", tmp_path / "2.docx"
    assert annotate_file(src, check(src), first, "2024-01-01T00:00:00Z") == n
    assert annotate_file(first, check(first), second, "2024-01-02T00:00:00Z") == n
    got = comments(second)
    people = [c for c in got if c.author != AUTHOR]
    assert [(c.author, c.text) for c in people] == [("王審查", "請補充數據")]
    ours = [c for c in got if c.author == AUTHOR]
    assert len(ours) == n and {c.timestamp.date().isoformat() for c in ours} == {"2024-01-02"}
    assert len({c.comment_id for c in got}) == len(got)
    assert len(anchors(second)) == len(got)  # no stray ranges of the replaced comments


def test_annotate_dir_and_english(tmp_path):
    (tmp_path / "in").mkdir()
    faulty(tmp_path / "in" / "a.docx")
    summary_docx(tmp_path / "in" / "b.docx", line=spacing(360, "auto"))
    res = cli("check", str(tmp_path / "in"), "--annotate-dir", str(tmp_path / "out"), "--lang", "en")
    assert res.returncode == 1, res.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.annotated.docx", "b.annotated.docx"]
    texts = [c.text for c in comments(tmp_path / "out" / "b.annotated.docx")]
    assert texts and all(t.startswith("[line-spacing]") and "Fix:" in t for t in texts)
    # the inputs are untouched
    assert comments(tmp_path / "in" / "a.docx") == []


@pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CI"), reason="LibreOffice not installed")
def test_libreoffice_shows_the_comments_in_its_pdf(tmp_path):
    from pdfminer.pdftypes import resolve1
    import pdfplumber

    from docgen.render.office import fontconfig_env
    src = faulty(tmp_path / "a.docx")
    out = tmp_path / "a.annotated.docx"
    n = annotate_file(src, check(src), out, "2024-01-01T00:00:00Z")
    opts = '{"ExportNotes":{"type":"boolean","value":"true"},"ExportNotesInMargin":{"type":"boolean","value":"true"}}'
    subprocess.run([shutil.which("soffice"), f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--norestore", "--convert-to", f"pdf:writer_pdf_Export:{opts}", "--outdir", str(tmp_path),
                    str(out)], check=True, env={**os.environ, **fontconfig_env()}, capture_output=True, timeout=240)
    found = []
    with pdfplumber.open(tmp_path / "a.annotated.pdf") as pdf:
        for page in pdf.pages:
            for a in resolve1(page.page_obj.attrs.get("Annots")) or []:
                a = resolve1(a)
                text = resolve1(a.get("Contents"))
                if isinstance(text, bytes):
                    text = text.decode("utf-16") if text[:2] == b"\xfe\xff" else text.decode("latin-1")
                if text:
                    found.append(text)
    assert len(found) == n
    assert {t.split("]")[0] + "]" for t in found} == {f"[{f.rule}]" for f in check(src).findings}


# LibreOffice 7.4 (Debian bookworm) has no "comments in margin" PDF export: neither its PDF
# filter nor Writer knows ExportNotesInMargin (the name is in none of its libraries), so the
# filter data is ignored and the comments are PDF annotations only. LibreOffice 25.2
# (bookworm-backports) prints them in the margin with these very options, given Writer's .ui
# files (libreoffice-uiconfig-writer), which the -nogui packages lack (README, "Repairing and
# annotating").
MARGIN = ("LibreOffice 7.4 has no ExportNotesInMargin (25.2 has); the comments reach the PDF as "
          "annotations only, not as text on the page")


@pytest.mark.xfail(strict=True, reason=MARGIN)
@pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CI"), reason="LibreOffice not installed")
def test_libreoffice_prints_the_comments_in_the_margin(tmp_path):
    """The page itself shows each comment: its text is in the page's text, beside the form's."""
    import pypdfium2

    from docgen.render.office import fontconfig_env
    src = faulty(tmp_path / "a.docx")
    out = tmp_path / "a.annotated.docx"
    annotate_file(src, check(src), out, "2024-01-01T00:00:00Z")
    opts = '{"ExportNotesInMargin":{"type":"boolean","value":"true"}}'
    subprocess.run([shutil.which("soffice"), f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--norestore", "--convert-to", f"pdf:writer_pdf_Export:{opts}", "--outdir", str(tmp_path),
                    str(out)], check=True, env={**os.environ, **fontconfig_env()}, capture_output=True, timeout=240)
    pdf = pypdfium2.PdfDocument(str(tmp_path / "a.annotated.pdf"))
    try:
        text = "".join("".join(page.get_textpage().get_text_range().split()) for page in pdf)
    finally:
        pdf.close()
    assert "專案摘要表" in text  # the form's own text is read
    for c in comments(out):
        first = "".join(c.text.splitlines()[0].split())
        assert first[:30] in text, first
