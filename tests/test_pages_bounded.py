"""The HTML report's page pictures are bounded by the time budget: PDFium draws a page in one C
call no signal interrupts, so docgen/reports/pages.py draws in a forked child it kills when the
budget is spent. A hostile PDF (a page of tiny tiling-pattern cells: minutes of drawing) gets its
findings and a one-line note; a normal PDF in the same batch keeps its pictures; nothing is left."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from lxml import html as lhtml

from handmade import BODY_RPR, summary_docx
from hostile_pdfs import tiling_bomb_pdf
from test_orphans import marked

from docgen.render.office import find_soffice

SOFFICE = find_soffice()
pytestmark = [
    pytest.mark.skipif(not hasattr(os, "fork"), reason="the bound needs fork (Windows draws in-process)"),
    pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc"),
]
MING = BODY_RPR.replace('w:eastAsia="標楷體"', 'w:eastAsia="新細明體"')


def docgen_env(tmp_path: Path, marker: str) -> dict:
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return {**os.environ, "DOCGEN_LANG": "zh", "TMPDIR": str(tmp_path / "tmp"), "DOCGEN_ORPHAN_TEST": marker}


def sections(report: Path) -> dict[str, dict]:
    doc = lhtml.fromstring(report.read_text(encoding="utf-8"))
    out = {}
    for s in doc.xpath("//section"):
        out[Path(s.xpath("./h2/text()")[0]).name] = {
            "pages": len(s.xpath(".//*[@data-page]")), "boxes": len(s.xpath(".//*[@data-page]//*[@data-rule]")),
            "notes": [n.text_content() for n in s.xpath('.//p[@class="note"]')],
            "findings": len(s.xpath(".//table/tr[@id]"))}
    return out


@pytest.fixture(scope="module")
def normal_pdf(tmp_path_factory) -> Path:
    """A form PDF made by LibreOffice itself, with a font finding to box."""
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed")
    out = tmp_path_factory.mktemp("lo")
    docx = summary_docx(out / "normal.docx", body_rpr=MING)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{out}/lo", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out), str(docx)], check=True, capture_output=True,
                   timeout=240)
    return out / "normal.pdf"


def test_hostile_pdf_gets_findings_and_a_note_while_a_normal_pdf_keeps_its_pictures(tmp_path, normal_pdf):
    (tmp_path / "bomb.pdf").write_bytes(tiling_bomb_pdf())  # drawing it unbounded: minutes
    (tmp_path / "normal.pdf").write_bytes(normal_pdf.read_bytes())
    files = [str(tmp_path / "bomb.pdf"), str(tmp_path / "normal.pdf")]
    marker = uuid.uuid4().hex
    env = docgen_env(tmp_path, marker)
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "docgen", "check", *files, "--form", "summary_form",
                          "--format", "html", "--time-budget", "2", "-o", str(tmp_path / "r.html")],
                         capture_output=True, text=True, env=env, timeout=300)
    took = time.monotonic() - started
    assert took < 60, took  # bounded: 2 s for the bomb's pictures, not minutes
    plain = subprocess.run([sys.executable, "-m", "docgen", "check", *files, "--form", "summary_form",
                            "--format", "json", "--time-budget", "2"], capture_output=True, text=True, env=env,
                           timeout=300)
    assert run.returncode == plain.returncode == 1, (run.stderr, plain.stderr)
    assert "Traceback" not in run.stderr
    counts = {Path(f["path"]).name: len(f["findings"]) for f in json.loads(plain.stdout)["files"]}
    got = sections(tmp_path / "r.html")
    bomb, normal = got["bomb.pdf"], got["normal.pdf"]
    # firing: findings as without pictures, no picture, the note
    assert bomb["pages"] == 0 and bomb["findings"] == counts["bomb.pdf"] > 0
    assert bomb["notes"] == ["此檔案的頁面圖繪製超過時間上限，未附頁面圖（檢查結果不受影響）"]
    # quiet: the normal PDF is drawn in the same run, its finding boxed, no note
    assert normal["pages"] >= 1 and normal["boxes"] >= 1 and normal["notes"] == []
    assert normal["findings"] == counts["normal.pdf"]
    assert marked(marker) == {}, "a drawing child outlived docgen"
    assert list((tmp_path / "tmp").iterdir()) == []


def test_the_note_in_english(tmp_path):
    (tmp_path / "bomb.pdf").write_bytes(tiling_bomb_pdf())
    env = {**docgen_env(tmp_path, uuid.uuid4().hex), "DOCGEN_LANG": "en"}
    subprocess.run([sys.executable, "-m", "docgen", "check", str(tmp_path / "bomb.pdf"), "--form", "summary_form",
                    "--format", "html", "--time-budget", "1", "-o", str(tmp_path / "r.html")],
                   capture_output=True, env=env, timeout=300)
    assert sections(tmp_path / "r.html")["bomb.pdf"]["notes"] == [
        "Drawing this file's pages took too long: no page pictures (the findings stand)"]


def test_a_killed_docgen_takes_its_drawing_child_along(tmp_path):
    """SIGKILL leaves docgen no chance to kill the child: the kernel does (PR_SET_PDEATHSIG)."""
    (tmp_path / "bomb.pdf").write_bytes(tiling_bomb_pdf())
    marker = uuid.uuid4().hex
    proc = subprocess.Popen([sys.executable, "-m", "docgen", "check", str(tmp_path / "bomb.pdf"),
                             "--form", "summary_form", "--format", "html", "--time-budget", "120",
                             "-o", str(tmp_path / "r.html")], env=docgen_env(tmp_path, marker),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(marked(marker)) < 2 and time.monotonic() < deadline:  # docgen and its drawing child
            time.sleep(0.1)
        assert len(marked(marker)) == 2, marked(marker)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while marked(marker) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert marked(marker) == {}
    finally:
        for pid in marked(marker):
            os.kill(pid, signal.SIGKILL)


def test_draw_all_goes_on_past_a_failing_and_an_overrunning_file(tmp_path):
    """One child draws the batch in turn: a file that cannot be drawn gets nothing, one that overruns
    its budget gets the note (the child is killed), and a new child draws the files after it."""
    from docgen.model import FileResult
    from docgen.reports.pages import draw_all

    (tmp_path / "bomb.pdf").write_bytes(tiling_bomb_pdf())
    (tmp_path / "calm.pdf").write_bytes(tiling_bomb_pdf(step=10))  # the same page, cells a bomb's size × 1600
    files = [("calm.pdf", "calm.pdf"), ("gone.pdf", "gone.pdf"), ("bomb.pdf", "bomb.pdf"), ("calm again", "calm.pdf")]
    jobs = [(key, tmp_path / name, FileResult(path=name), None) for key, name in files]
    out = draw_all(jobs, 2)
    assert set(out) == {"calm.pdf", "bomb.pdf", "calm again"}
    assert out["bomb.pdf"].pages == [] and out["bomb.pdf"].note == "report.pages_slow"
    for key in ("calm.pdf", "calm again"):
        assert len(out[key].pages) == 1 and out[key].pages[0].jpeg[:2] == b"\xff\xd8" and out[key].note is None
