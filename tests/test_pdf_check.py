"""PDFs: docgen's own (built with --pdf) and ones LibreOffice made from hand-made Word
files, checked by the same rules; ODT output; no LibreOffice outlives docgen."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, check, rules_fired
from handmade import MING, SUMMARY_NARRATIVE, kai, para, run, size, spacing, summary_docx
from docgen.render.office import fontconfig_env

SOFFICE = shutil.which("soffice")
if SOFFICE is None and not os.environ.get("CI"):
    pytest.skip("LibreOffice not installed", allow_module_level=True)

DOCGEN = [sys.executable, "-m", "docgen"]
LONG = ("本所結合社區資源推動行動櫃檯，由同仁攜帶行動裝置前往偏鄉與長者家中，協助申辦戶籍、地政及社會福利等業務，"
        "並由志工陪同長者完成線上申辦，減少往返奔波。") * 2


def lo_pdf(docx: Path, out: Path) -> Path:
    """LibreOffice itself (not docgen) makes the PDF, with the fonts docgen configures."""
    env = {**os.environ, **fontconfig_env()}
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{out}/lo", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                   check=True, env=env, capture_output=True, timeout=240)
    return out / (docx.stem + ".pdf")


def _shipped_forms() -> list[str]:
    """Every form in the registry (read at collection, before any test loads a form by path)."""
    from docgen.profile import form_ids
    return form_ids()


FORMS = _shipped_forms()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every shipped form's sample (samples/<form>), built with --pdf --odt."""
    out = tmp_path_factory.mktemp("built")
    samples = [REPO / "samples" / form for form in FORMS]
    assert all(s.is_dir() for s in samples), [str(s) for s in samples if not s.is_dir()]
    r = subprocess.run([*DOCGEN, "build", *map(str, samples), "--pdf", "--odt", "-o", str(out)],
                       cwd=REPO, capture_output=True, text=True, timeout=600 * len(samples))
    assert r.returncode == 0, r.stdout + r.stderr
    return out


def test_sample_pdfs_pass_with_only_the_substitution_warning(built):
    r = subprocess.run([*DOCGEN, "check", *(str(built / f"{form}.pdf") for form in FORMS),
                        "--format", "json"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout
    files = json.loads(r.stdout)["files"]
    assert [f["form"] for f in files] == FORMS
    for f in files:
        assert [x["rule"] for x in f["findings"]] == ["font-substituted"], f["findings"]
        assert f["findings"][0]["severity"] == "warning"


@pytest.mark.parametrize("form", FORMS)
def test_sample_pdf_fonts_sizes_and_pitch(built, form):
    from docgen.profile import load_profile
    from docgen.readers.pdf import read_pdf
    profile = load_profile(form)
    doc = read_pdf(built / f"{form}.pdf")
    assert set(doc.embedded_fonts) == {"TW-Kai-98_1"}  # 標楷體's stand-in on this machine
    sizes = {s.size for p in doc.paragraphs for s in p.spans if s.text.strip()}
    assert sizes <= {profile.size_title, profile.size_body}
    pitches = [x for p in doc.paragraphs for x in p.line_pitches]
    pitch = profile.line_points
    assert len(pitches) > 20
    if profile.line_rule == "exact":
        assert all(abs(x - pitch) < 0.05 for x in pitches), sorted(set(pitches))
    else:
        assert all(x > pitch - 0.05 for x in pitches), sorted(set(pitches))


@pytest.mark.parametrize("form", FORMS)
def test_pdf_docx_and_odt_count_the_same(built, form):
    counts = {ext: check(built / f"{form}.{ext}").stats["count"] for ext in ("docx", "pdf", "odt")}
    assert len(set(counts.values())) == 1, counts


@pytest.mark.parametrize("form", FORMS)
def test_docgen_count_gives_the_same_figures_for_the_source_docx_pdf_and_odt(built, form):
    def figures(path):
        r = subprocess.run([*DOCGEN, "count", str(path), "--format", "json"], cwd=REPO,
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)
    counts = [figures(p) for p in (REPO / "samples" / form, *(built / f"{form}.{ext}" for ext in ("docx", "pdf", "odt")))]
    assert all(c == counts[0] for c in counts), counts
    from docgen.profile import load_profile
    from docgen.text.numbering import format_marker
    sections = {format_marker(1, i + 1)[:-1] for i in range(len(load_profile(form).sections))}  # 壹, 貳, …
    limit = load_profile(form).limit  # None: the seed sets no length
    assert set(counts[0]["sections"]) == sections and counts[0]["limit"] == limit
    assert limit is None or counts[0]["word"] <= limit


@pytest.mark.parametrize("form", FORMS)
def test_odt_gives_the_docx_findings(built, form):
    a, b = check(built / f"{form}.docx"), check(built / f"{form}.odt")
    assert b.error is None and [f.rule for f in a.findings] == [f.rule for f in b.findings]


# --- PDFs LibreOffice made from deliberately wrong Word files ---------------------------

NARRATIVE = list(SUMMARY_NARRATIVE)
NARRATIVE.insert(2, LONG)  # a multi-line paragraph, so line pitches exist


def case(name):
    bad_run = para(run("本段大部分為標楷體，", kai() + size(14)), run("這幾個字是新細明體", kai(MING) + size(14)),
                   run("，其餘正常。" + LONG, kai() + size(14)), ppr=spacing(400, "exact"))
    gap = [("肆、推動成效" if t == "參、推動成效" else t) for t in NARRATIVE]
    gap = [t for t in gap if not t.startswith("肆、未來")]
    return {
        "good": {},
        "ming_run": {"narrative": [*NARRATIVE[:3], bad_run, *NARRATIVE[3:]]},
        "body_12pt": {"body_rpr": kai() + size(12)},
        "line_1_5": {"line": spacing(360, "auto")},
        "numbering_gap": {"narrative": gap},
    }[name]


@pytest.fixture(scope="module")
def wrong_pdfs(tmp_path_factory):
    out = tmp_path_factory.mktemp("lo")
    pdfs = {}
    for name in ("good", "ming_run", "body_12pt", "line_1_5", "numbering_gap"):
        docx = summary_docx(out / f"{name}.docx", **case(name))
        pdfs[name] = lo_pdf(docx, out)
    return pdfs


def test_good_handmade_pdf_passes(wrong_pdfs):
    result = check(wrong_pdfs["good"], award_year=115)
    assert result.error is None
    assert rules_fired(result) == ["font-substituted"]


@pytest.mark.parametrize("name,rule", [("ming_run", "font-family"), ("body_12pt", "font-size"),
                                       ("line_1_5", "line-spacing"), ("numbering_gap", "numbering-sequence")])
def test_wrong_handmade_pdf_is_caught_with_a_page(wrong_pdfs, name, rule):
    result = check(wrong_pdfs[name], award_year=115)
    found = [f for f in result.findings if f.rule == rule]
    assert found, [f.message for f in result.findings]
    assert all(f.location.page for f in found)
    assert "頁" in found[0].message
    if name == "ming_run":
        # one finding for the one bad run, naming the face really embedded in its place
        assert len(found) == 1 and "9個字" in found[0].message
        assert found[0].actual and not found[0].actual.startswith("TW-Kai")


# --- no LibreOffice outlives docgen ----------------------------------------------------

def office_processes(marker: str) -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "soffice" in cmd and marker in cmd:
            pids.append(int(proc.name))
    return pids


def test_ctrl_c_during_build_leaves_no_libreoffice(tmp_path):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    env = {**os.environ, "TMPDIR": str(tmpdir)}  # LibreOffice's private profile lands here
    proc = subprocess.Popen([*DOCGEN, "build", str(REPO / "samples" / "summary_form"), "--pdf",
                             "-o", str(tmp_path / "out")], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    found = []
    while time.time() < deadline and not found:
        found = office_processes(str(tmpdir))
        time.sleep(0.1)
    assert found, "LibreOffice never started"
    time.sleep(0.5)  # interrupt mid-batch, not mid-exec of the soffice wrapper
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert b"Traceback" not in err
    time.sleep(1)
    assert office_processes(str(tmpdir)) == []


def test_failed_render_leaves_no_libreoffice(tmp_path):
    from docgen.errors import InputError
    from docgen.render.office import Office
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 this is not a document")
    with Office() as office:
        marker = str(office.profile_dir)
        with pytest.raises(InputError):
            office.convert(bad, tmp_path / "bad.pdf", "pdf")
    assert office_processes(marker) == []
