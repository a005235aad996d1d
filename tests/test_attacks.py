"""The attack suite (issue #16): each break re-made here, run through the real CLI.

Every case runs `docgen` in a child process under an address-space limit and a
generous timeout (a bound, not a benchmark), and asserts the exit code, one clean
line in Traditional Chinese (no traceback, nothing else on stderr), that no input
changed, and the child's time and peak memory. Big inputs are sparse files or
small archives that claim to be big; nothing large is committed.

`pytest -s tests/test_attacks.py` prints one FIGURES line per case.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import REPO, SUMMARY_FIELDS, write_source  # noqa: E402
from wordfiles import (  # noqa: E402
    abstract_num, deflated_zeros, lvl, make_docx, num, numpr, p, raw_zip,
)

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only (FIFOs, rlimits)")

DOCGEN = Path(sys.executable).with_name("docgen")
ADDRESS_SPACE = 1536 << 20  # RLIMIT_AS of the child: an attack that needs gigabytes dies, and fails the test
PEAK_MB = 300  # resident memory a refusal may take
SAMPLE = REPO / "samples" / "summary_form"
TEMPLATE = REPO / "templates" / "summary_form.docx"
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Run:
    args: list
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float

    def figures(self, case: str) -> None:
        shown = " ".join(os.fsdecode(a) if isinstance(a, bytes) else str(a) for a in self.args)
        shown = "".join(ch if ch.isprintable() and ch.isascii() else ascii(ch)[1:-1] for ch in shown)
        print(f"\nFIGURES {case}: {self.seconds:.2f} s, {self.peak_mb:.0f} MB peak, exit {self.code}: docgen {shown}")


# A small launcher forks docgen and reports its peak RSS: a child forked straight from the
# (large) pytest process would start its peak at pytest's size, which wait4 then reports.
LAUNCHER = """
import os, resource, sys
pid = os.fork()
if pid == 0:
    resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[2]), int(sys.argv[2])))
    os.execv(sys.argv[3], sys.argv[4:])  # path, then argv from argv[0]
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)
"""


def docgen(*args, cwd: Path, timeout: float = 60, env: dict | None = None) -> Run:
    """Run the installed `docgen` with an address-space limit; its own peak RSS."""
    argv = [os.fsencode(a) if isinstance(a, (str, Path)) else a for a in args]
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DOCGEN_")}
    environ.update({"LC_ALL": "C.UTF-8", **(env or {})})
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as peak:
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, peak.name, str(ADDRESS_SPACE),
                                 os.fsencode(DOCGEN), os.fsencode(DOCGEN), *argv],
                                cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=environ,
                                start_new_session=True)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
            pytest.fail(f"docgen {args} still running after {timeout} s")
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        return Run(list(args), proc.returncode, out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"), seconds, int(peak.read() or 0) / 1024)


def digest(*paths: Path) -> dict:
    out = {}
    for path in paths:
        for f in ([path] if path.is_file() else sorted(q for q in path.rglob("*") if q.is_file())):
            out[str(f)] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


def clean_line(text: str) -> str:
    """The one non-empty line of `text` — Chinese, no traceback."""
    assert "Traceback" not in text, text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert CJK.search(lines[0]), lines[0]
    return lines[0]


def refused(run: Run, case: str, *, seconds: float = 15, peak_mb: float = PEAK_MB, code: int = 2) -> str:
    """A usage-level refusal: exit code, one zh-TW line on stderr, nothing on stdout, in bounds."""
    run.figures(case)
    assert run.code == code, (run.code, run.out, run.err)
    assert run.out.strip() == "", run.out
    line = clean_line(run.err)
    assert line.startswith("docgen: ")
    assert run.seconds < seconds and run.peak_mb < peak_mb, (run.seconds, run.peak_mb)
    return line


def check_error(run: Run, case: str, *, seconds: float = 15, peak_mb: float = PEAK_MB) -> str:
    """`check --format json` of one unusable file: exit 2, its one-line reason, stderr empty."""
    run.figures(case)
    assert run.code == 2, (run.code, run.out, run.err)
    assert run.err == "", run.err
    assert "Traceback" not in run.out
    error = json.loads(run.out)["files"][0]["error"]
    assert error and "\n" not in error and CJK.search(error), error
    assert "Error" not in error, error  # no exception class names leak into the message
    assert run.seconds < seconds and run.peak_mb < peak_mb, (run.seconds, run.peak_mb)
    return error


def build_refused(run: Run, case: str, source: str, *, seconds: float = 20, peak_mb: float = PEAK_MB) -> str:
    """`build` of one unusable source: exit 2, one `✗ source：reason` line, stderr empty."""
    run.figures(case)
    assert run.code == 2, (run.code, run.out, run.err)
    assert run.err == "", run.err
    line = clean_line(run.out)
    assert line.startswith(f"✗ {source}："), line
    assert run.seconds < seconds and run.peak_mb < peak_mb, (run.seconds, run.peak_mb)
    return line


def png(width: int = 1, height: int = 1) -> bytes:
    """A PNG whose header says width×height (the pixel data is one row: enough for a header check)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


@pytest.fixture
def src(tmp_path) -> Path:
    """A copy of the sample source (application.md + team_chart.png)."""
    target = tmp_path / "SRC"
    shutil.copytree(SAMPLE, target)
    return target


def template_with(tmp_path, name: str, *, replace: dict | None = None, extra: dict | None = None) -> Path:
    """The shipped template with text replaced in document.xml and members added."""
    members = {}
    with zipfile.ZipFile(TEMPLATE) as zf:
        for info in zf.infolist():
            members[info.filename] = zf.read(info)
    xml = members["word/document.xml"].decode("utf-8")
    for old, new in (replace or {}).items():
        assert old in xml
        xml = xml.replace(old, new)
    members["word/document.xml"] = xml.encode("utf-8")
    members.update(extra or {})
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    return path


# -- 1. no output over an input -----------------------------------------------------------------
@pytest.mark.parametrize("target", ["SRC/application.md", "SRC/team_chart.png", "link.md"])
def test_check_report_never_replaces_an_input(tmp_path, src, target):
    (tmp_path / "link.md").symlink_to(src / "application.md")
    before = digest(src)
    run = docgen("check", "SRC", "--format", "json", "-o", target, cwd=tmp_path)
    line = refused(run, f"check -o {target}")
    assert "輸出檔" in line and "覆寫" in line
    assert digest(src) == before
    assert (tmp_path / "link.md").is_symlink()


def test_check_report_never_replaces_its_config(tmp_path, src):
    config = tmp_path / "docgen.toml"
    config.write_text("award_year = 115\n", encoding="utf-8")
    before = digest(src, config)
    line = refused(docgen("check", "SRC", "--config", "docgen.toml", "-o", "docgen.toml", cwd=tmp_path),
                   "check -o CONFIG")
    assert "docgen.toml" in line
    assert digest(src, config) == before


def test_check_report_beside_the_sources_is_allowed(tmp_path, src):
    before = digest(src)
    run = docgen("check", "SRC", "--format", "json", "-o", "SRC/report.json", cwd=tmp_path)
    run.figures("check -o SRC/report.json")
    assert run.code in (0, 1) and run.err == ""
    assert json.loads((src / "report.json").read_text(encoding="utf-8"))["files"][0]["error"] is None
    after = digest(src)
    after.pop(str(src / "report.json"))
    assert after == before


def test_build_into_the_source_folder_overwrites_nothing(tmp_path, src):
    before = digest(src)
    run = docgen("build", "SRC", "-o", "SRC", cwd=tmp_path)
    run.figures("build -o SRC")
    assert run.code in (0, 1) and run.err == "", (run.out, run.err)
    assert (src / "SRC.docx").is_file() and (src / "SRC.checklist.md").is_file()
    assert {k: v for k, v in digest(src).items() if k in before} == before


@pytest.mark.parametrize("how", ["same", "symlink"])
def test_build_never_writes_over_its_template(tmp_path, src, how):
    template = tmp_path / "tpl.docx"
    shutil.copy(TEMPLATE, template)
    out = tmp_path / "out"
    out.mkdir()
    if how == "symlink":
        (out / "SRC.docx").symlink_to(template)
        arg = "tpl.docx"
    else:
        shutil.copy(TEMPLATE, out / "SRC.docx")
        arg = "out/SRC.docx"
    before = digest(src, template, out)
    line = refused(docgen("build", "SRC", "-o", "out", "--template", arg, cwd=tmp_path), f"build template {how}")
    assert "覆寫" in line
    assert digest(src, template, out) == before
    assert not (out / "SRC.checklist.md").exists()  # refused before anything was written


# -- 2. one intake: only regular files, judged by their target -----------------------------------
@pytest.mark.parametrize("name", ["app.docx", "x.md", "x.odt", "x.pdf"])
def test_a_fifo_to_check_does_not_hang(tmp_path, name):
    os.mkfifo(tmp_path / name)
    error = check_error(docgen("check", name, "--format", "json", cwd=tmp_path, timeout=20), f"FIFO {name}")
    assert "不是一般檔案" in error and "具名管道" in error


def test_a_fifo_as_config_template_or_picture_does_not_hang(tmp_path, src):
    os.mkfifo(tmp_path / "fifo.toml")
    os.mkfifo(tmp_path / "fifo.docx")
    error = check_error(docgen("check", "SRC", "--format", "json", "--config", "fifo.toml", cwd=tmp_path,
                               timeout=20), "FIFO --config")
    assert "具名管道" in error
    line = refused(docgen("build", "SRC", "-o", "out", "--template", "fifo.docx", cwd=tmp_path, timeout=20),
                   "FIFO --template")
    assert "範本" in line and "具名管道" in line
    (src / "team_chart.png").unlink()
    os.mkfifo(src / "team_chart.png")
    error = check_error(docgen("check", "SRC", "--format", "json", cwd=tmp_path, timeout=20), "FIFO picture")
    assert "team_chart.png" in error and "具名管道" in error
    line = build_refused(docgen("build", "SRC", "-o", "out", cwd=tmp_path, timeout=20), "FIFO picture build", "SRC")
    assert "具名管道" in line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["huge.docx", "huge.odt", "huge.md", "SRC/application.md"])
def test_a_huge_sparse_input_is_refused_by_its_size(tmp_path, src, name):
    path = tmp_path / name
    with open(path, "r+b" if path.exists() else "wb") as fh:
        fh.seek(0)
        fh.write(b"PK\x03\x04" if name.endswith((".docx", ".odt")) else b"---\n")
        fh.truncate(4 << 30)  # 4 GB, sparse
    error = check_error(docgen("check", name.split("/")[0], "--format", "json", cwd=tmp_path), f"4 GB sparse {name}")
    assert "過大" in error


def test_a_huge_sparse_config_or_template_is_refused_by_its_size(tmp_path, src):
    for name in ("huge.toml", "huge.docx"):
        with open(tmp_path / name, "wb") as fh:
            fh.truncate(4 << 30)
    error = check_error(docgen("check", "SRC", "--format", "json", "--config", "huge.toml", cwd=tmp_path),
                        "4 GB sparse --config")
    assert "過大" in error
    line = refused(docgen("build", "SRC", "-o", "out", "--template", "huge.docx", cwd=tmp_path),
                   "4 GB sparse --template")
    assert "範本" in line and "過大" in line


def test_symlinks_are_judged_by_their_target(tmp_path):
    (tmp_path / "loop.docx").symlink_to("loop.docx")
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    (tmp_path / "zero.docx").symlink_to("/dev/zero")
    error = check_error(docgen("check", "loop.docx", "--format", "json", cwd=tmp_path), "symlink loop file")
    assert "循環的符號連結" in error
    error = check_error(docgen("check", "a", "--format", "json", cwd=tmp_path), "symlink loop folder")
    assert "循環的符號連結" in error
    error = check_error(docgen("check", "zero.docx", "--format", "json", cwd=tmp_path), "symlink to /dev/zero")
    assert "裝置檔" in error
    line = build_refused(docgen("build", "a", "-o", "out", cwd=tmp_path), "symlink loop source (build)", "a")
    assert "循環的符號連結" in line


def test_a_non_docx_template_gets_a_clear_line(tmp_path, src):
    (tmp_path / "text.docx").write_text("這不是 Word 檔", encoding="utf-8")
    line = refused(docgen("build", "SRC", "-o", "out", "--template", "text.docx", cwd=tmp_path), "text as template")
    assert "範本" in line and "不是 Word 檔" in line and "PackageNotFound" not in line
    odt_like = tmp_path / "other.docx"
    with zipfile.ZipFile(odt_like, "w") as zf:
        zf.writestr("content.xml", "<office:document-content/>")
    line = refused(docgen("build", "SRC", "-o", "out", "--template", "other.docx", cwd=tmp_path), "zip as template")
    assert "範本" in line and "word/document.xml" in line
    assert not (tmp_path / "out").exists()


def test_a_template_image_part_inflating_to_3gb_is_refused(tmp_path, src):
    members = []
    with zipfile.ZipFile(TEMPLATE) as zf:
        for info in zf.infolist():
            data = zf.read(info)
            members.append((info.filename, data, 0, len(data), zlib.crc32(data)))
    bomb = deflated_zeros(3 * 1024)  # 3 GiB of zeros in about 3 MB
    honest = raw_zip(tmp_path / "honest.docx", [*members, ("word/media/image1.png", bomb, 8, 3 << 30, 0)])
    lying = raw_zip(tmp_path / "lying.docx", [*members, ("word/media/image1.png", bomb, 8, 50_000, 0)])
    assert honest.stat().st_size < 8 << 20
    for path in (honest, lying):
        line = refused(docgen("build", "SRC", "-o", "out", "--template", path.name, cwd=tmp_path),
                       f"template image 3 MB -> 3 GB ({path.stem})")
        assert "範本" in line and ("壓縮" in line or "損毀" in line), line
    assert not (tmp_path / "out").exists()


def test_a_template_picture_with_a_billion_pixels_is_refused(tmp_path, src):
    template = template_with(tmp_path, "pixels.docx", extra={"word/media/image1.png": png(40_000, 40_000)})
    line = refused(docgen("build", "SRC", "-o", "out", "--template", template.name, cwd=tmp_path),
                   "template picture 40000x40000")
    assert "像素過多" in line


def test_a_picture_padded_to_1gb_is_refused_before_building(tmp_path, src):
    chart = src / "team_chart.png"
    chart.write_bytes(png())
    os.truncate(chart, 1 << 30)  # a valid 1×1 PNG followed by 1 GB of (sparse) padding
    before = digest(src / "application.md")
    error = check_error(docgen("check", "SRC", "--format", "json", cwd=tmp_path), "picture 1x1 + 1 GB (check)")
    assert "team_chart.png" in error and "過大" in error
    line = build_refused(docgen("build", "SRC", "-o", "out", cwd=tmp_path), "picture 1x1 + 1 GB (build)", "SRC")
    assert "過大" in line
    assert not (tmp_path / "out").exists()
    assert digest(src / "application.md") == before and chart.stat().st_size == (1 << 30)


def test_a_picture_decompression_bomb_is_refused(tmp_path, src):
    (src / "team_chart.png").write_bytes(png(50_000, 50_000))
    error = check_error(docgen("check", "SRC", "--format", "json", cwd=tmp_path), "picture 50000x50000")
    assert "像素過多" in error
    (src / "team_chart.png").write_bytes(b"GIF89a not really")
    error = check_error(docgen("check", "SRC", "--format", "json", cwd=tmp_path), "picture that is not one")
    assert "無法讀取" in error


def _duplicate_docx(path: Path, first: bytes, second: bytes) -> Path:
    ok = make_docx(path.with_suffix(".tmp"), p("專案摘要表"))
    members = []
    with zipfile.ZipFile(ok) as zf:
        for info in zf.infolist():
            data = zf.read(info)
            members.append((info.filename, data, 0, len(data), zlib.crc32(data)))
    ok.unlink()
    for data in (first, second):
        members.append(("word/document.xml", data, 0, len(data), zlib.crc32(data)))
    return raw_zip(path, [m for m in members if m[0] != "word/document.xml" or m[1] in (first, second)])


def test_a_zip_with_two_entries_of_one_name_is_refused(tmp_path):
    doc = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}</w:body></w:document>'
    _duplicate_docx(tmp_path / "dup.docx", doc.format(p("專案摘要表")).encode(), doc.format(p("別的內容")).encode())
    error = check_error(docgen("check", "dup.docx", "--format", "json", cwd=tmp_path), "duplicate entry names")
    assert "兩個同名" in error and "word/document.xml" in error


def test_odt_gets_the_docx_caps_before_libreoffice_sees_it(tmp_path):
    office = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    doctype = f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><office:document-meta {office}/>'
    with zipfile.ZipFile(tmp_path / "meta.odt", "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", f"<office:document-content {office}/>")
        zf.writestr("meta.xml", doctype)
    error = check_error(docgen("check", "meta.odt", "--format", "json", cwd=tmp_path), "ODT DOCTYPE in meta.xml")
    assert "DOCTYPE" in error
    raw_zip(tmp_path / "dup.odt", [("content.xml", b"<a/>", 0, 4, zlib.crc32(b"<a/>")),
                                   ("content.xml", b"<b/>", 0, 4, zlib.crc32(b"<b/>"))])
    error = check_error(docgen("check", "dup.odt", "--format", "json", cwd=tmp_path), "ODT duplicate entries")
    assert "兩個同名" in error


def test_numbering_far_past_what_word_shows_costs_nothing(tmp_path):
    numbering = abstract_num(0, lvl(0, "upperLetter", "%1.", start=9_999_999)) + num(1, 0)
    body = p("專案摘要表") + "".join(p(f"第{i}項", ppr=numpr(1)) for i in range(300))
    make_docx(tmp_path / "letters.docx", body, numbering_xml=numbering)
    assert (tmp_path / "letters.docx").stat().st_size < 8000
    run = docgen("check", "letters.docx", "--format", "json", "--form", "summary_form", cwd=tmp_path)
    run.figures("upperLetter w:start=9999999, 300 paragraphs")
    assert run.code in (0, 1) and run.err == ""
    assert run.seconds < 15 and run.peak_mb < PEAK_MB


# -- 4. every text docgen writes is valid ---------------------------------------------------------
def _with_line(src: Path, key: str, raw_value: str) -> int:
    """Replace a front-matter line; its 1-based line number."""
    md = src / "application.md"
    lines = md.read_text(encoding="utf-8").split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    lines[i] = f"{key}: {raw_value}"
    md.write_text("\n".join(lines), encoding="utf-8")
    return i + 1


def test_a_lone_surrogate_in_a_value_is_refused_where_it_stands(tmp_path, src):
    line_no = _with_line(src, "agency", '"臺南市\\ud800南瀛區公所"')
    before = digest(src)
    error = check_error(docgen("check", "SRC", "--format", "json", cwd=tmp_path), "YAML \\ud800 (check)")
    assert f"第{line_no}行第9欄" in error and "U+D800" in error
    line = build_refused(docgen("build", "SRC", "-o", "out", cwd=tmp_path), "YAML \\ud800 (build)", "SRC")
    assert f"第{line_no}行" in line
    assert not (tmp_path / "out").exists()
    assert digest(src) == before


def test_control_characters_typed_into_a_source_are_refused_with_their_place(tmp_path, src):
    md = src / "application.md"
    text = md.read_text(encoding="utf-8")
    lines = text.split("\n")
    body_at = next(i for i, line in enumerate(lines) if line.startswith("## "))
    lines[body_at + 2] = "本所\x01推動" + lines[body_at + 2]
    md.write_text("\n".join(lines), encoding="utf-8")
    error = check_error(docgen("check", "SRC", "--format", "json", cwd=tmp_path), "raw \\x01 in the body")
    assert f"第{body_at + 3}行第3欄" in error and "U+0001" in error
    lines = text.split("\n")
    lines[3] = lines[3][:5] + "\x00" + lines[3][5:]
    md.write_text("\n".join(lines), encoding="utf-8")
    error = check_error(docgen("check", "SRC", "--format", "json", cwd=tmp_path), "raw NUL in YAML")
    assert "第4行第6欄" in error and "U+0000" in error
    _with_line(src, "head", '"黃明\\x07遠"')
    md.write_text(md.read_text(encoding="utf-8").replace("\x00", ""), encoding="utf-8")
    error = check_error(docgen("check", "SRC", "--format", "json", cwd=tmp_path), "YAML \\x07 escape")
    assert "U+0007" in error


# a folder and a file whose joined path holds an undecodable byte, control characters,
# an escape sequence, rich markup (`[bold]`, `[/]`, `[link=…]`) and an emoji code
NASTY_DIR = b"r\xff\x01\x1b[31m[bold]x["
NASTY_FILE = b"]:x:[link=http:x].docx"
NASTY_TAIL = "[bold]x[/]:x:[link=http:x].docx"


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "html", "markdown", "text"])
def test_reports_stay_valid_for_any_file_name(tmp_path, fmt):
    folder = os.path.join(os.fsencode(tmp_path), NASTY_DIR)
    os.mkdir(folder)
    good = make_docx(tmp_path / "good.docx", p("專案摘要表") + p("內容"))
    os.rename(good, os.path.join(folder, NASTY_FILE))
    run = docgen("check", os.path.join(NASTY_DIR, NASTY_FILE), "--form", "summary_form", "--format", fmt,
                 cwd=tmp_path)
    run.figures(f"report {fmt} for a path with \\xff, \\x01, ESC and markup")
    assert run.code in (0, 1) and run.err == "", run.err
    assert "\x1b" not in run.out and "\x01" not in run.out
    assert "r\ufffd\ufffd\ufffd[31m" in run.out  # the undecodable byte and the controls are U+FFFD
    if fmt in ("json", "sarif"):
        data = json.loads(run.out)
        paths = [data["files"][0]["path"]] if fmt == "json" else \
            [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in data["runs"][0]["results"]]
        assert paths and all(path.endswith(NASTY_TAIL) for path in paths)
    elif fmt in ("junit", "html"):
        root = etree.fromstring(run.out.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
        assert NASTY_TAIL in "".join(root.itertext()) + "".join(v for el in root.iter() for v in el.attrib.values())
    else:
        assert NASTY_TAIL in run.out  # markup and emoji codes stay text


def test_undecodable_bytes_never_reach_the_report_as_invalid_utf8(tmp_path):
    folder = os.path.join(os.fsencode(tmp_path), NASTY_DIR)
    os.mkdir(folder)
    os.rename(make_docx(tmp_path / "good.docx", p("專案摘要表")), os.path.join(folder, NASTY_FILE))
    for fmt in ("json", "sarif"):
        raw = subprocess.run([DOCGEN, "check", os.path.join(NASTY_DIR, NASTY_FILE), "--format", fmt],
                             cwd=tmp_path, capture_output=True, timeout=60).stdout
        json.loads(raw.decode("utf-8"))  # strict: raises on invalid UTF-8


def test_markup_in_a_path_never_breaks_the_batch_table(tmp_path):
    (tmp_path / "p[").mkdir()
    for name in ("p[/]a.docx", "[bold]b.docx", "c:cross_mark:.docx", "d\\.docx"):
        make_docx(tmp_path / name, p("專案摘要表") + p("內容"))
    run = docgen("check", ".", "--form", "summary_form", cwd=tmp_path)
    run.figures("text report batch with markup names")
    assert run.code in (0, 1) and run.err == "", run.err
    for name in ("p[/]a.docx", "[bold]b.docx", "c:cross_mark:.docx"):
        assert run.out.count(name) >= 2, name  # in its section and in the summary table
    assert "❌" not in run.out


# -- 5. bounded by construction -----------------------------------------------------------------
@pytest.fixture(scope="module")
def big_docx(tmp_path_factory) -> Path:
    """A legal 200,000-paragraph DOCX (about 0.5 MB)."""
    path = tmp_path_factory.mktemp("big") / "big.docx"
    return make_docx(path, p("專案摘要表") + "".join(p(f"第{i}段內容說明。") for i in range(200_000)))


def test_a_200000_paragraph_docx_is_checked_in_linear_time(big_docx):
    run = docgen("check", big_docx.name, "--format", "json", "--time-budget", "0", cwd=big_docx.parent,
                 timeout=300)
    run.figures("200,000-paragraph DOCX")
    assert run.code in (0, 1) and run.err == "", run.err
    assert json.loads(run.out)["files"][0]["error"] is None
    assert run.peak_mb < 700


@pytest.mark.parametrize("how", ["option", "config"])
def test_the_time_budget_ends_the_work_with_one_line(big_docx, how):
    folder = big_docx.parent
    config = folder / "docgen.toml"
    if how == "config":
        config.write_text("time_budget = 1\n", encoding="utf-8")
    try:
        args = ["--time-budget", "1"] if how == "option" else []
        error = check_error(docgen("check", big_docx.name, "--format", "json", *args, cwd=folder),
                            f"time budget 1 s ({how})", peak_mb=700)
    finally:
        config.unlink(missing_ok=True)
    assert "處理時間超過 1 秒" in error


def test_a_20000_item_markdown_list_is_read_in_linear_time(tmp_path):
    body = ("## 專案簡介\n\n" + "".join(f"{i}. 項目{i}\n" for i in range(1, 20_001))
            + "\n## 服務內容\n\n內容。\n\n## 推動成效\n\n成效。\n\n## 未來努力方向\n\n持續。\n")
    write_source(tmp_path / "list", SUMMARY_FIELDS, body)
    run = docgen("check", "list", "--format", "json", "--time-budget", "0", cwd=tmp_path, timeout=120)
    run.figures("Markdown ordered list of 20,000 items")
    assert run.code in (0, 1) and run.err == "", run.err
    assert run.peak_mb < PEAK_MB


@pytest.mark.parametrize("expr", [
    "{{ 'A' * 10**10 }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    "{{ 'x'|center(10**9) }}",
    "{{ '{:>1000000000}'.format(1) }}",
    "{{ 10 ** (10 ** 10) }}",
    "{% set s = 'a' * 9000000 %}{% for c in s %}{{ c }}{% endfor %}",
])
def test_template_expressions_that_ask_for_too_much_are_refused(tmp_path, src, expr):
    template = template_with(tmp_path, "costly.docx", replace={"{{ f.agency }}": expr})
    before = digest(src, template)
    line = build_refused(docgen("build", "SRC", "-o", "out", "--template", template.name, cwd=tmp_path),
                         f"template {expr[:40]}", "SRC")
    assert "運算量超過上限" in line
    assert digest(src, template) == before
    assert not (tmp_path / "out" / "SRC.docx").exists()


@pytest.mark.parametrize("expr, costly", [
    ("{{ ('a' * 1000000).replace('a', 'b' * 1000) }}", True),
    ("{{ ('a' * 1000000)|replace('', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb') }}", True),
    ("{{ ('A' * 5000000).join('abcdefghijk') }}", True),
    ("{{ ('a\n' * 4000000)|indent(9000) }}", True),
    ("{{ '%1000000000s' % 'x' }}", True),
    ("{{ 'x'.zfill(10 ** 9) }}", True),
    ("{{ ('ab' * 3).replace('a', 'c') }}{{ ['a', 'b']|join(',') }}{{ 'x'|indent(2) }}{{ 'y'.zfill(5) }}", False),
])
def test_the_sandbox_sizes_what_an_expression_makes_before_making_it(expr, costly):
    from docgen.build.sandbox import BoundedSandbox, TooCostly

    start = time.monotonic()
    if costly:
        with pytest.raises(TooCostly):
            BoundedSandbox(autoescape=True).from_string(expr).render()
    else:
        assert BoundedSandbox(autoescape=True).from_string(expr).render() == "cbcbcba,bx0000y"
    assert time.monotonic() - start < 5


def test_a_template_within_the_bounds_still_builds(tmp_path, src):
    template = template_with(tmp_path, "fine.docx", replace={
        "{{ f.agency }}": "{{ f.agency }}{% for i in range(3) %}{{ i }}{% endfor %}{{ '-' * 3 }}"
                          "{{ x|default(150000) }}{{ '{}'.format(123456) }}"})
    run = docgen("build", "SRC", "-o", "out", "--template", template.name, cwd=tmp_path)
    run.figures("template within bounds")
    assert run.code in (0, 1) and run.err == "", (run.out, run.err)
    with zipfile.ZipFile(tmp_path / "out" / "SRC.docx") as zf:
        assert "臺南市南瀛區公所012---150000123456" in re.sub(r"<[^>]+>", "", zf.read("word/document.xml").decode())


# -- the budget itself, in both of its forms ----------------------------------------------------
def _spin_swallowing():
    while True:
        try:
            sum(range(1000))
        except Exception:  # noqa: BLE001 — a reader that swallows everything must still stop
            pass


@pytest.mark.parametrize("where", ["main thread (SIGALRM)", "worker thread (async exception)"])
def test_the_budget_stops_work_that_swallows_exceptions(where):
    import threading

    from docgen.budget import time_budget
    from docgen.errors import InputError

    outcome = {}

    def work():
        start = time.monotonic()
        try:
            with time_budget(0.3):
                _spin_swallowing()
        except InputError as err:
            outcome["key"], outcome["seconds"] = err.key, time.monotonic() - start

    if where.startswith("main"):
        work()
    else:
        thread = threading.Thread(target=work)
        thread.start()
        thread.join(10)
        assert not thread.is_alive()
    assert outcome["key"] == "input.time_budget" and outcome["seconds"] < 5


def test_no_budget_fires_after_the_work_is_done():
    from docgen.budget import time_budget

    with time_budget(0.2):
        pass
    time.sleep(0.5)  # a timer left running would raise here


def test_control_characters_in_names_never_reach_the_terminal_on_stderr_or_build_lines(tmp_path, src):
    nasty = tmp_path / "a\x1b[31m\x07b"
    shutil.copytree(src, nasty)
    built = docgen("build", os.fsencode(nasty), "-o", "out", cwd=tmp_path)
    assert built.code in (0, 1), built.err
    missing = docgen("check", "gone\x1b[2J\x07.docx", cwd=tmp_path)
    assert missing.code == 2
    usage = docgen("count", "gone\x1b[2J.docx", cwd=tmp_path)  # a one-line refusal on stderr
    assert usage.code == 2
    for text in (built.out, built.err, missing.out, missing.err, usage.err):
        assert "\x1b" not in text and "\x07" not in text, repr(text)
    # shown, as replacement characters
    assert "\ufffd" in built.out and "\ufffd" in missing.out and "\ufffd" in usage.err
