"""docgen.render.office (one LibreOffice per batch), fonts.conf and doctor.

These need LibreOffice; they skip only when it is missing AND CI is unset.
"""

from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from docgen.errors import InputError
from docgen.render import office as officemod
from docgen.render.office import Office, OfficeError, find_soffice, fontconfig_env

HAVE_SOFFICE = find_soffice() is not None
IN_CI = bool(os.environ.get("CI"))
needs_office = pytest.mark.skipif(not HAVE_SOFFICE and not IN_CI,
                                  reason="LibreOffice is not installed (set CI=true to make this a failure)")
ROOT = Path(__file__).resolve().parents[1]


def make_docx(path: Path, text: str = "政府服務獎測試文字", paragraphs: int = 2, size: int = 14) -> Path:
    from docx import Document as Docx
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = Docx()
    for _ in range(paragraphs):
        p = d.add_paragraph()
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        p.paragraph_format.line_spacing = Pt(20)
        r = p.add_run(text * 5)
        r.font.size = Pt(size)
        r.font.name = "標楷體"
        r._element.rPr.rFonts.set(qn("w:eastAsia"), "標楷體")
    d.save(str(path))
    return path


def pgrep(pattern: str) -> list[str]:
    """Live processes whose command line contains `pattern` (like `pgrep -f -a`, zombies excluded)."""
    found = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit() or int(d.name) == os.getpid():
            continue
        try:
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            state = (d / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if pattern in cmd and state != "Z":
            found.append(f"{d.name} {cmd.strip()}")
    return found


def pid_alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def wait_gone(pattern: str, seconds: float = 15.0) -> list[str]:
    deadline = time.monotonic() + seconds
    while True:
        left = pgrep(pattern)
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


# ---------------------------------------------------------------- fontconfig

def fc_family(name: str, env: dict | None = None) -> str:
    if not shutil.which("fc-match"):
        pytest.skip("fc-match is not installed") if not IN_CI else pytest.fail("fc-match missing")
    r = subprocess.run(["fc-match", "-f", "%{family}", name], capture_output=True, text=True,
                       env={**os.environ, **(env or fontconfig_env())}, check=True)
    return r.stdout.strip()


def test_fonts_conf_is_shipped():
    path = Path(fontconfig_env()["FONTCONFIG_FILE"])
    assert path.is_file() and path.parent == ROOT / "docgen" / "render"
    text = path.read_text(encoding="utf-8")
    assert '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' in text
    for name in ("標楷體", "DFKai-SB", "BiauKai", "BiauKaiTC", "標楷體-繁", "DFKaiShu-SB-Estd-BF"):
        assert f"<string>{name}</string>" in text


@needs_office
@pytest.mark.parametrize("name", ["標楷體", "DFKai-SB", r"DFKai\-SB", "BiauKai", "BiauKaiTC",
                                  "標楷體-繁", r"DFKaiShu\-SB\-Estd\-BF"])
def test_fc_match_kai_names_give_tw_kai(name):
    family = fc_family(name)
    assert "TW-Kai" in family or "DFKai-SB" in family, family
    assert "UKai" not in family and "Ming" not in family


@needs_office
def test_fc_match_other_fonts_untouched():
    assert "TW-Kai" not in fc_family("Arial")
    ming = fc_family("新細明體")
    assert "TW-Kai" not in ming and "UKai" not in ming


def _ttf_with_names(src: bytes, names: dict[tuple[int, int], str]) -> bytes:
    """A copy of a TrueType font whose `name` table says `names` ((lang, nameID) -> text)."""
    num = struct.unpack(">H", src[4:6])[0]
    records = sorted(names.items(), key=lambda kv: (kv[0][0], kv[0][1]))
    strings = b""
    rec = b""
    for (lang, nid), text in records:
        data = text.encode("utf-16-be")
        rec += struct.pack(">HHHHHH", 3, 1, lang, nid, len(data), len(strings))
        strings += data
    table = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records)) + rec + strings
    out = bytearray(src)
    while len(out) % 4:
        out += b"\0"
    offset = len(out)
    out += table
    for i in range(num):
        pos = 12 + 16 * i
        if out[pos:pos + 4] == b"name":
            out[pos + 8:pos + 16] = struct.pack(">II", offset, len(table))
            break
    else:
        raise AssertionError("no name table")
    return bytes(out)


@needs_office
def test_real_kai_is_preferred_when_installed(tmp_path):
    """With a font named DFKai-SB / 標楷體 present, the aliases pick it, not TW-Kai."""
    r = subprocess.run(["fc-list", ":fontformat=TrueType", "file"], capture_output=True, text=True)
    files = sorted((p.strip().rstrip(":") for p in r.stdout.splitlines()
                    if p.strip().rstrip(":").lower().endswith(".ttf")),
                   key=lambda f: os.path.getsize(f))
    assert files, "no TrueType font to copy"
    fake = _ttf_with_names(Path(files[0]).read_bytes(), {
        (0x0409, 1): "DFKai-SB", (0x0409, 2): "Regular", (0x0409, 4): "DFKai-SB",
        (0x0409, 6): "DFKaiShu-SB-Estd-BF", (0x0404, 1): "標楷體", (0x0404, 4): "標楷體"})
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "kaiu.ttf").write_bytes(fake)
    conf = tmp_path / "fonts.conf"
    conf.write_text(textwrap.dedent(f"""\
        <?xml version="1.0"?>
        <!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
        <fontconfig>
          <dir>{fonts}</dir>
          <cachedir>{tmp_path / "cache"}</cachedir>
          <include>{fontconfig_env()["FONTCONFIG_FILE"]}</include>
        </fontconfig>
        """), encoding="utf-8")
    env = {"FONTCONFIG_FILE": str(conf)}
    for name in ("標楷體", "DFKai-SB", "BiauKai", "標楷體-繁"):
        family = fc_family(name, env)
        assert "DFKai-SB" in family or "標楷體" in family, (name, family)
        assert "TW-Kai" not in family


# ---------------------------------------------------------------- Office

@needs_office
def test_one_office_converts_a_batch_with_one_start(tmp_path):
    sources = [make_docx(tmp_path / f"doc{i}.docx", text=f"第{i}份文件") for i in range(3)]
    with Office() as office:
        assert office.mode == "uno", "python3-uno missing: install it (sudo apt-get install -y python3-uno)"
        assert office.starts == 1
        profile = str(office.profile_dir)
        procs = pgrep(profile)
        assert procs, "soffice should be running during the batch"
        pid = office.pid
        outs = [office.convert(src, tmp_path / "out" / f"{src.stem}.pdf", "pdf") for src in sources]
        outs.append(office.convert(sources[0], tmp_path / "out" / "doc0.odt", "odt"))
        outs.append(office.convert(sources[1], tmp_path / "out" / "doc1.docx", "docx"))
        assert office.starts == 1 and office.pid == pid and office.conversions == 5
        assert office.version and "LibreOffice" in office.version
    for out in outs[:3]:
        assert out.read_bytes().startswith(b"%PDF-")
    with zipfile.ZipFile(outs[3]) as z:
        assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    with zipfile.ZipFile(outs[4]) as z:
        assert "word/document.xml" in z.namelist()
    assert not list((tmp_path / "out").glob(".*part")), "temporary files left behind"
    assert wait_gone(profile, 5) == []
    assert not Path(profile).exists(), "the private profile must be removed"


@needs_office
def test_pdf_text_and_font_roundtrip(tmp_path):
    from docgen.readers.pdf import read_pdf

    src = make_docx(tmp_path / "申請書 一.docx")  # non-ASCII names and spaces
    with Office() as office:
        out = office.convert(src, tmp_path / "輸出" / "申請書.pdf", "pdf")
    doc = read_pdf(out)
    assert "政府服務獎測試文字" in doc.paragraphs[0].text
    assert any(f.startswith("TW-Kai") for f in doc.embedded_fonts), doc.embedded_fonts


@needs_office
def test_atomic_replace_and_never_the_input(tmp_path):
    src = make_docx(tmp_path / "a.docx")
    dst = tmp_path / "a.pdf"
    dst.write_bytes(b"old")
    with Office() as office:
        office.convert(src, dst, "pdf")
        assert dst.read_bytes().startswith(b"%PDF-")
        with pytest.raises(OfficeError) as info:
            office.convert(src, src, "docx")
        assert info.value.key == "office.same_file"
        with pytest.raises(OfficeError) as info:
            office.convert(src, tmp_path / "a.rtf", "rtf")
        assert info.value.key == "office.format"
        with pytest.raises(InputError) as info:
            office.convert(tmp_path / "missing.docx", tmp_path / "m.pdf", "pdf")
        assert info.value.key == "input.missing"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "a.pdf"]


@needs_office
def test_corrupt_input_fails_cleanly_and_batch_goes_on(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(os.urandom(4000))
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    good = make_docx(tmp_path / "good.docx")
    with Office() as office:
        profile = str(office.profile_dir)
        for src in (bad, empty):
            with pytest.raises(OfficeError) as info:
                office.convert(src, tmp_path / f"{src.stem}.pdf", "pdf")
            assert info.value.key == "office.load_failed"
            assert "\n" not in str(info.value)
            assert not (tmp_path / f"{src.stem}.pdf").exists()
        office.convert(good, tmp_path / "good.pdf", "pdf")
        assert office.starts == 1
    assert wait_gone(profile, 5) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.docx", "empty.docx", "good.docx", "good.pdf"]


@needs_office
def test_document_with_comments_converts(tmp_path):
    """A Word comment crashes a listening nogui LibreOffice; Office recovers with --convert-to."""
    from docx import Document as Docx

    d = Docx()
    if not hasattr(d, "add_comment"):
        pytest.skip("python-docx < 1.2 cannot write comments")
    p = d.add_paragraph("有註解的段落")
    d.add_comment(p.runs, text="審查意見", author="研考會")
    src = tmp_path / "comment.docx"
    d.save(str(src))
    good = make_docx(tmp_path / "good.docx")
    with Office() as office:
        out = office.convert(src, tmp_path / "comment.pdf", "pdf")
        office.convert(good, tmp_path / "good.pdf", "pdf")
        profile = str(office.profile_dir)
        assert office.conversions == 2
    assert out.read_bytes().startswith(b"%PDF-")
    assert wait_gone(profile, 5) == []


@needs_office
def test_exception_inside_with_block_stops_office(tmp_path):
    with pytest.raises(OfficeError):
        with Office() as office:
            profile = str(office.profile_dir)
            bad = tmp_path / "bad.docx"
            bad.write_bytes(b"PK\x03\x04 not really a zip")
            office.convert(bad, tmp_path / "bad.pdf", "pdf")
    assert wait_gone(profile, 5) == []
    assert not Path(profile).exists()


@needs_office
def test_soffice_dying_mid_batch_is_reported(tmp_path):
    src = make_docx(tmp_path / "a.docx")
    with Office() as office:
        office.convert(src, tmp_path / "1.pdf", "pdf")
        os.killpg(office.pid, signal.SIGKILL)
        time.sleep(0.5)
        with pytest.raises(OfficeError) as info:
            office.convert(src, tmp_path / "2.pdf", "pdf")
        assert info.value.key == "office.died"
        assert "LibreOffice" in str(info.value)
        # the batch can go on: the next document starts a fresh LibreOffice
        office.convert(src, tmp_path / "3.pdf", "pdf")
        assert office.starts == 2
        profile = str(office.profile_dir)
    assert not (tmp_path / "2.pdf").exists()
    assert wait_gone(profile, 5) == []


@needs_office
def test_timeout_stops_and_next_document_restarts(tmp_path):
    src = make_docx(tmp_path / "a.docx")
    with Office(timeout=0.0001) as office:
        first_pid = office.pid
        with pytest.raises(OfficeError) as info:
            office.convert(src, tmp_path / "a.pdf", "pdf")
        assert info.value.key == "office.timeout"
        assert not (tmp_path / "a.pdf").exists()
        assert not pid_alive(first_pid), "the hung LibreOffice must be stopped"
        office.timeout = 120
        office.convert(src, tmp_path / "a.pdf", "pdf")
        assert office.starts == 2 and office.pid != first_pid
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "a.pdf"]


def test_missing_soffice_gives_install_hint(monkeypatch, tmp_path):
    monkeypatch.setenv("DOCGEN_SOFFICE", str(tmp_path / "no-such-soffice"))
    assert find_soffice() is None
    with pytest.raises(OfficeError) as info:
        Office().__enter__()
    assert info.value.key == "office.missing"
    assert "apt-get install -y libreoffice-writer-nogui" in info.value.message("zh")
    assert "libreoffice.org" in info.value.message("en")


_CHILD = textwrap.dedent("""\
    import sys, time
    from pathlib import Path
    from docgen.render.office import Office
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    with Office() as office:
        print(office.profile_dir, flush=True)
        i = 0
        while True:
            office.convert(src, out / f"{i % 3}.pdf", "pdf")
            print("converted", flush=True)
            i += 1
    """)


@needs_office
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_no_soffice_survives_a_killed_batch(tmp_path, sig):
    """SIGINT (KeyboardInterrupt), SIGTERM and even SIGKILL of docgen leave no LibreOffice."""
    src = make_docx(tmp_path / "a.docx", paragraphs=6)
    (tmp_path / "out").mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(src), str(tmp_path / "out")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                             cwd=str(ROOT))
    try:
        profile = child.stdout.readline().strip()
        assert profile, child.stderr.read()
        assert child.stdout.readline().strip() == "converted"
        assert pgrep(profile)
        child.send_signal(sig)
        child.wait(timeout=30)
        left = wait_gone(profile, 15)
        assert left == [], left
        deadline = time.monotonic() + 10
        while Path(profile).parent.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not Path(profile).parent.exists(), "the private profile must be removed"
        if sig != signal.SIGKILL:
            err = child.stderr.read()
            assert "Traceback" not in err or "KeyboardInterrupt" in err
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


@needs_office
def test_cli_fallback_mode(tmp_path):
    src = make_docx(tmp_path / "a.docx")
    with Office(mode="cli") as office:
        assert office.mode == "cli"
        office.convert(src, tmp_path / "a.pdf", "pdf")
        office.convert(src, tmp_path / "a.odt", "odt")
        profile = str(office.profile_dir)
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF-")
    assert wait_gone(profile, 5) == []


@needs_office
def test_doctor_reports_everything_fine():
    from docgen.doctor import run_doctor

    items = run_doctor("en")
    names = [i.name for i in items]
    assert any("LibreOffice" == n for n in names)
    bad = [i for i in items if not i.ok]
    assert bad == [], bad
    render = items[-1]
    assert "TW-Kai" in render.detail or "DFKai" in render.detail
    zh = run_doctor("zh")
    assert any("標楷體" in i.name for i in zh)


def test_doctor_without_libreoffice(monkeypatch, tmp_path):
    from docgen.doctor import run_doctor

    monkeypatch.setenv("DOCGEN_SOFFICE", str(tmp_path / "none"))
    items = run_doctor("zh")
    first = items[0]
    assert not first.ok and first.fix
    assert "sudo apt-get install -y libreoffice-writer-nogui fonts-cns11643-kai" in first.fix
    assert "libreoffice.org" in first.fix
    assert not items[-1].ok


def test_module_api():
    assert callable(officemod.find_soffice)
    assert set(officemod.FORMATS) == {"pdf", "odt", "docx"}
    assert issubclass(OfficeError, InputError)


# ---------------------------------------------------------------- same source, same PDF bytes

def _xref_points_at_objects(pdf: bytes) -> None:
    """Every in-use xref entry points at its `N G obj`, and startxref at the table."""
    import re

    start = int(pdf[pdf.rindex(b"startxref") + 9:].split()[0])
    assert pdf[start:start + 4] == b"xref"
    lines = pdf[start:pdf.index(b"trailer", start)].split(b"\n")[1:]
    number = None
    checked = 0
    for line in lines:
        parts = line.split()
        if len(parts) == 2:
            number = int(parts[0])
        elif len(parts) == 3:
            offset, gen, kind = int(parts[0]), int(parts[1]), parts[2]
            if kind == b"n":
                assert re.match(rb"%d\s+%d\s+obj" % (number, gen), pdf[offset:offset + 30]), (number, offset)
                checked += 1
            number += 1
    assert checked > 10


@needs_office
def test_two_builds_give_the_same_pdf_bytes(tmp_path):
    """Reproducible PDFs: fixed /CreationDate, /ID from the content; the PDF still opens and checks clean."""
    from pypdf import PdfReader

    sample = ROOT / "samples" / "summary_form"
    pdfs = []
    for run in ("one", "two"):
        out = tmp_path / run
        r = subprocess.run([sys.executable, "-m", "docgen", "build", str(sample), "--pdf", "-o", str(out)],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stdout + r.stderr
        pdfs.append(out / "summary_form.pdf")
        time.sleep(1.1)  # LibreOffice's time stamps have one-second resolution
    one, two = (p.read_bytes() for p in pdfs)
    assert one == two, "the same source must build the same PDF bytes"
    assert b"/CreationDate(D:20000101000000" in one
    _xref_points_at_objects(one)
    reader = PdfReader(str(pdfs[0]), strict=True)
    assert len(reader.pages) >= 2
    assert reader.trailer["/ID"][0] == reader.trailer["/ID"][1]
    assert "專案摘要表" in reader.pages[0].extract_text()
    r = subprocess.run([sys.executable, "-m", "docgen", "check", str(pdfs[0])], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr


@needs_office
def test_reproducible_pdf_rewrites_in_place(tmp_path, monkeypatch):
    """Firing and quiet cases of the rewrite: LibreOffice's stamps change, nothing else does."""
    rewrite = officemod.reproducible_pdf
    monkeypatch.setattr(officemod, "reproducible_pdf", lambda data: data)  # LibreOffice's own bytes
    src = make_docx(tmp_path / "a.docx")
    with Office() as office:
        raw = office.convert(src, tmp_path / "raw.pdf", "pdf").read_bytes()
    fixed = rewrite(raw)
    assert len(fixed) == len(raw) and fixed != raw
    diff = [i for i, (a, b) in enumerate(zip(raw, fixed)) if a != b]
    trailer = raw.rindex(b"trailer")
    info_at = raw.rindex(b"/CreationDate")
    assert all(i >= trailer or info_at < i < info_at + 40 for i in diff), "only the stamps may change"
    assert rewrite(fixed) == fixed, "idempotent"
    _xref_points_at_objects(fixed)
    # not a LibreOffice PDF (no classic trailer): untouched
    assert rewrite(b"%PDF-1.7\nno trailer here") == b"%PDF-1.7\nno trailer here"
