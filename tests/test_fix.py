"""`docgen fix`: faulty hand-made forms come out clean for the repaired rules, words untouched."""

from __future__ import annotations

import hashlib
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from conftest import check, rules_fired  # noqa: E402
from handmade import (  # noqa: E402
    BODY_RPR, KAI, LINE20, MING, SUMMARY_NARRATIVE, TITLE_STYLE, Auto, Raw, kai, nomination_docx, outline_numbering,
    para, run, summary_docx,
)
from wordfiles import doc_defaults, fonts, size, spacing, style, table_style  # noqa: E402

from docgen.check import CheckOptions  # noqa: E402
from docgen.config import Config  # noqa: E402
from docgen.errors import InputError  # noqa: E402
from docgen.fix import FIXABLE, fix_file  # noqa: E402
from docgen.readers.docx import read_docx  # noqa: E402
from docgen.text.numbering import parse_marker  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "docx"


def words(path) -> list[str]:
    """Every paragraph's text without its typed marker: what the author wrote."""
    out = []
    for p in read_docx(path).paragraphs:
        text = p.text
        m = None if p.marker_auto else parse_marker(text)
        if m is not None:
            text = text.lstrip().lstrip("\ufeff\u200b\u200c\u200d\u2060").lstrip()[len(m.text):]
        out.append(text)
    return out


def sha(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def stored(path) -> dict[str, tuple]:
    """Each member as it sits in the ZIP: (method, CRC, its compressed bytes)."""
    data = Path(path).read_bytes()
    out = {}
    with zipfile.ZipFile(path) as zf:
        for i in zf.infolist():
            name_len, extra_len = struct.unpack("<HH", data[i.header_offset + 26:i.header_offset + 30])
            start = i.header_offset + 30 + name_len + extra_len
            out[i.filename] = (i.compress_type, i.CRC, data[start:start + i.compress_size])
    return out


def styled(**kw):
    """Styles with kai everywhere; keyword arguments break one thing."""
    body = kw.pop("body_size", 14.0)
    line = kw.pop("line", LINE20)
    font = kw.pop("font", KAI)
    return (doc_defaults(kai(font) + size(body), line)
            + style("Normal", "內文", default=True)
            + style(TITLE_STYLE, "標題16", based_on="Normal", rpr=size(16)) + kw.pop("extra", ""))


NUMBERED = [Auto(0, "專案簡介"), "說明文字在此。", Auto(1, "背景"), Auto(2, "緣起"), "內容文字。",
            Auto(0, "服務內容"), "說明。", Auto(0, "問題分析"), "說明。", Auto(0, "規劃內容"), "說明。",
            Auto(0, "推動成效"), "說明。", Auto(0, "未來努力方向"), "說明。"]
TYPED_BAD = ["壹、專案簡介", "一、背景", "(一)緣起", "內容文字在此。", "1.第一點", "說明。", "三、目標", "說明。",
             "四、方法", "(三)步驟", "說明。",
             "貳、服務內容", "說明。", "參、問題分析", "說明。", "肆、規劃內容", "說明。", "伍、推動成效", "說明。",
             "陸、未來努力方向", "說明。"]

CASES = {
    # East Asian font in the runs' own formatting
    "font_runs": lambda p: summary_docx(p, body_rpr=kai(MING) + size(14)),
    # only a punctuation run is in the wrong font
    "font_punctuation": lambda p: summary_docx(p, narrative=[
        *SUMMARY_NARRATIVE[:1], Raw(para(run("說明文字在此", BODY_RPR), run("。", fonts(ea=MING) + size(14)),
                                         ppr=LINE20, mark=BODY_RPR).xml), *SUMMARY_NARRATIVE[1:]]),
    # Word's own defaults: theme font 新細明體, 12 pt, single spacing, all through styles
    "word_defaults": lambda p: summary_docx(p, direct=False),
    "styles_font": lambda p: summary_docx(p, direct=False, styles_xml=styled(font=MING)),
    "styles_size": lambda p: summary_docx(p, direct=False, styles_xml=styled(body_size=12)),
    "styles_line": lambda p: summary_docx(p, direct=False, styles_xml=styled(line=spacing(360, "auto"))),
    "size_runs": lambda p: summary_docx(p, body_rpr=kai() + size(12)),
    "line_direct": lambda p: summary_docx(p, line=spacing(360, "auto")),
    "line_at_least": lambda p: nomination_docx(p, line=spacing(440, "atLeast")),
    # a table style's font reaches the cells
    "table_style_font": lambda p: nomination_docx(
        p, direct=False, styles_xml=styled(line=spacing(440)) + table_style("Grid", rpr=fonts(ea=MING))),
    # numbering levels' own run properties (the markers) in the wrong font
    "numbering_rpr": lambda p: summary_docx(p, narrative=NUMBERED,
                                            numbering_xml=outline_numbering(rpr=fonts(ea=MING))),
    # automatic numbering with half-width parentheses in lvlText
    "numbering_lvltext": lambda p: summary_docx(p, narrative=NUMBERED, numbering_xml=outline_numbering(
        texts=("%1、", "%2、", "(%3)", "%4.", "（%5）"))),
    # typed markers: half-width (一), 1. and a gap (三 after 一)
    "typed_markers": lambda p: summary_docx(p, narrative=TYPED_BAD),
}


def _table_style_fix(path):
    # the cells use the table style: name it in tblPr (tbl() of wordfiles has no style here)
    data = members(path)
    doc = data["word/document.xml"].decode().replace("<w:tblPr>", '<w:tblPr><w:tblStyle w:val="Grid"/>', 1)
    with zipfile.ZipFile(path, "w") as zf:
        for name, body in data.items():
            zf.writestr(name, doc if name == "word/document.xml" else body)


@pytest.fixture(scope="module")
def fixed_cases(tmp_path_factory):
    """Each case: (input, output, fired before, input hash before) — fixed once, asserted many times."""
    root = tmp_path_factory.mktemp("fix")
    out = {}
    for name, make in CASES.items():
        src = make(root / f"{name}.docx")
        if name == "table_style_font":
            _table_style_fix(src)
        before = check(src)
        digest = sha(src)
        outcome = fix_file(src, options=CheckOptions(), config=Config())
        out[name] = (src, outcome, rules_fired(before), digest)
    return out


@pytest.mark.parametrize("name", list(CASES))
def test_each_faulty_case_checks_clean_after_fix(fixed_cases, name):
    src, outcome, fired, digest = fixed_cases[name]
    repaired = [r for r in fired if r in FIXABLE]
    assert repaired, f"{name}: the case must break a fixable rule (fired: {fired})"
    assert outcome.output == str(src.with_name(src.stem + ".fixed.docx"))
    after = check(outcome.output)
    assert not set(repaired) & set(rules_fired(after)), [f.message for f in after.findings]
    assert outcome.changes and not outcome.remaining
    # the author's words are the same, the input is untouched
    assert words(outcome.output) == words(src)
    assert sha(src) == digest


@pytest.mark.parametrize("name", list(CASES))
def test_fixed_file_opens_in_python_docx_and_unchanged_members_are_copied(fixed_cases, name):
    import docx
    src, outcome, _, _ = fixed_cases[name]
    docx.Document(outcome.output)
    a, b = members(src), members(outcome.output)
    assert list(a) == list(b)  # same members, same order
    rewritable = {"word/document.xml", "word/styles.xml", "word/numbering.xml"}
    assert {n for n in a if a[n] != b[n]} <= rewritable
    assert all(a[n] == b[n] for n in a if n not in rewritable)
    # not inflated and deflated again: the very bytes stored
    a, b = stored(src), stored(outcome.output)
    assert all(a[n] == b[n] for n in a if n not in rewritable)


def test_unchanged_members_keep_the_compression_another_program_chose(tmp_path):
    made = summary_docx(tmp_path / "made.docx", line=spacing(360, "auto"))
    src = tmp_path / "a.docx"
    with zipfile.ZipFile(made) as zin, zipfile.ZipFile(src, "w") as zout:
        for info in zin.infolist():  # deflated as no default setting would
            zout.writestr(info, zin.read(info), compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    outcome = fix_file(src, output=tmp_path / "out.docx", options=CheckOptions(), config=Config())
    a, b = stored(src), stored(outcome.output)
    changed = [n for n, data in members(src).items() if members(outcome.output)[n] != data]
    assert changed == ["word/document.xml"] and [n for n in a if a[n] != b[n]] == changed


def test_stored_and_unusually_compressed_members_come_through(tmp_path):
    made = summary_docx(tmp_path / "made.docx", line=spacing(360, "auto"))
    src = tmp_path / "a.docx"
    with zipfile.ZipFile(made) as zin, zipfile.ZipFile(src, "w") as zout:
        for info in zin.infolist():
            method = {"word/settings.xml": zipfile.ZIP_STORED, "word/theme/theme1.xml": zipfile.ZIP_LZMA}.get(
                info.filename, zipfile.ZIP_DEFLATED)
            zout.writestr(info, zin.read(info), compress_type=method)
    outcome = fix_file(src, output=tmp_path / "out.docx", options=CheckOptions(), config=Config())
    with zipfile.ZipFile(outcome.output) as zf:
        assert zf.testzip() is None
        methods = {i.filename: i.compress_type for i in zf.infolist()}
    assert methods["word/settings.xml"] == zipfile.ZIP_STORED and methods["word/theme/theme1.xml"] == zipfile.ZIP_LZMA
    a, b = members(src), members(outcome.output)
    assert list(a) == list(b) and [n for n in a if a[n] != b[n]] == ["word/document.xml"]
    assert stored(src)["word/settings.xml"] == stored(outcome.output)["word/settings.xml"]


def test_a_damaged_member_that_needs_no_repair_is_still_refused(tmp_path):
    src = summary_docx(tmp_path / "a.docx", line=spacing(360, "auto"))
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as zf:
        pic = next(i for i in zf.infolist() if i.filename.endswith(".png"))
    name_len, extra_len = struct.unpack("<HH", data[pic.header_offset + 26:pic.header_offset + 30])
    data[pic.header_offset + 30 + name_len + extra_len + pic.compress_size // 2] ^= 0xFF  # the CRC no longer holds
    src.write_bytes(bytes(data))
    with pytest.raises(InputError) as err:
        fix_file(src, output=tmp_path / "out.docx", options=CheckOptions(), config=Config())
    assert err.value.key == "docx.corrupt" and not (tmp_path / "out.docx").exists()


def test_style_cause_is_fixed_on_the_style_and_said_in_words(fixed_cases):
    src, outcome, _, _ = fixed_cases["styles_line"]
    assert any(c == "樣式「內文」：行距 1.5 倍行高 → 固定行高 20 點" for c in outcome.changes), outcome.changes
    # the runs gained no formatting of their own
    assert members(outcome.output)["word/document.xml"] == members(src)["word/document.xml"]
    _, outcome, _, _ = fixed_cases["font_runs"]
    assert any("：中文字型 新細明體 → 標楷體（" in c for c in outcome.changes)


def test_typed_markers_become_the_forms_shapes(fixed_cases):
    _, outcome, _, _ = fixed_cases["typed_markers"]
    texts = [p.text for p in read_docx(outcome.output).paragraphs]
    assert {"（一）緣起", "1、第一點", "二、目標", "三、方法", "（一）步驟"} <= set(texts)
    assert not {"(一)緣起", "1.第一點", "三、目標", "四、方法", "(三)步驟"} & set(texts)


def test_automatic_numbering_is_fixed_in_numbering_xml(fixed_cases):
    _, outcome, _, _ = fixed_cases["numbering_lvltext"]
    numbering = members(outcome.output)["word/numbering.xml"].decode()
    assert 'w:val="（%3）"' in numbering and 'w:val="%4、"' in numbering
    assert "(%3)" not in numbering


def test_correct_form_is_left_alone(tmp_path):
    src = summary_docx(tmp_path / "ok.docx")
    outcome = fix_file(src, options=CheckOptions(), config=Config())
    assert outcome.changes == [] and outcome.output is None
    assert not (tmp_path / "ok.fixed.docx").exists()


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "docgen", *args], capture_output=True, text=True, cwd=cwd)


def test_cli_dry_run_writes_nothing_and_lists_changes(tmp_path):
    src = summary_docx(tmp_path / "a.docx", line=spacing(360, "auto"))
    digest = sha(src)
    res = cli("fix", str(src), "--dry-run")
    assert res.returncode == 0, res.stderr
    assert "行距 1.5 倍行高 → 固定行高 20 點" in res.stdout and "試執行" in res.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx"] and sha(src) == digest


def test_cli_in_place_keeps_a_backup_and_only_limits_the_rules(tmp_path):
    src = summary_docx(tmp_path / "a.docx", line=spacing(360, "auto"), body_rpr=kai() + size(12))
    original = src.read_bytes()
    res = cli("fix", str(src), "--in-place", "--only", "line-spacing", "--lang", "en")
    assert res.returncode == 1, res.stderr  # font-size still needs doing
    assert (tmp_path / "a.bak.docx").read_bytes() == original
    fired = rules_fired(check(src))
    assert "line-spacing" not in fired and "font-size" in fired
    assert "Needs a person" in res.stdout and "[font-size]" in res.stdout


def test_cli_output_option_and_manual_list(tmp_path):
    src = summary_docx(tmp_path / "a.docx", body_rpr=kai(MING) + size(14), values={"首長": [""]})
    out = tmp_path / "sub" / "b.docx"
    res = cli("fix", str(src), "-o", str(out), "--diff")
    assert out.exists() and "需人工處理" in res.stdout
    assert "中文字型 新細明體 → 標楷體" in res.stdout


def test_cli_refusals_are_one_line(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4 not really")
    res = cli("fix", str(pdf))
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and ".docx" in res.stderr and ".odt" in res.stderr
    res = cli("fix", str(tmp_path / "missing.docx"))
    assert res.returncode == 2 and res.stderr.count("\n") == 1
    res = cli("fix", str(summary_docx(tmp_path / "x.docx")), "--only", "char-limit")
    assert res.returncode == 2 and "font-family" in res.stderr


def test_plain_fix_is_read_without_click_and_the_rest_is_left_to_it(tmp_path):
    from docgen.entry import parse_fix
    cfg = tmp_path / "docgen.toml"
    cfg.write_text("", encoding="utf-8")
    assert parse_fix(["a.docx", "-o", "b.docx", "--only", "font-size", "--dry-run", "--diff", "--in-place",
                      "--form=summary_form", "--config", str(cfg), "--lang", "en"]) == {
        "path": "a.docx", "output": "b.docx", "only": "font-size", "dry_run": True, "diff": True,
        "in_place": True, "form": "summary_form", "config": str(cfg), "lang": "en"}
    for args in ([], ["a.docx", "b.docx"], ["a.docx", "--help"], ["a.docx", "--dry-run=yes"],
                 ["a.docx", "-o", str(tmp_path)], ["a.docx", "--config", "missing.toml"], ["a.docx", "--dryrun"]):
        assert parse_fix(args) is None, args


@pytest.mark.parametrize("extra", [["--diff"], ["--dry-run", "--lang", "en"], ["--only", "bogus"]])
def test_quick_fix_prints_and_writes_what_the_click_command_does(tmp_path, extra):
    from click.testing import CliRunner

    from docgen.cli import main
    src = summary_docx(tmp_path / "a.docx", line=spacing(360, "auto"), body_rpr=kai(MING) + size(12),
                       values={"首長": [""]})
    quick = cli("fix", str(src), "-o", str(tmp_path / "quick.docx"), *extra)
    slow = CliRunner().invoke(main, ["fix", str(src), "-o", str(tmp_path / "slow.docx"), *extra],
                              catch_exceptions=False)
    assert quick.returncode == slow.exit_code, quick.stderr
    assert quick.stdout.replace("quick.docx", "X") == slow.stdout.replace("slow.docx", "X")
    if "--dry-run" in extra or "bogus" in extra:
        assert not (tmp_path / "quick.docx").exists()
    else:
        assert (tmp_path / "quick.docx").read_bytes() == (tmp_path / "slow.docx").read_bytes()


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
@pytest.mark.parametrize("folder", ["python-docx", "docxtpl", "poi"])
def test_corpus_gives_a_fixed_file_or_a_clean_refusal_with_the_words_unchanged(tmp_path, folder):
    files = sorted(p for p in (CORPUS / folder).rglob("*") if p.is_file())
    fixed = 0
    for f in files:
        out = tmp_path / (f.stem + ".fixed.docx")
        try:
            outcome = fix_file(f, output=out, options=CheckOptions(form="summary_form"), config=Config())
        except InputError as err:
            assert "\n" not in err.message()
            continue
        if outcome.output:
            fixed += 1
            assert words(out) == words(f), f
    assert fixed


LO_CASES = ["word_defaults", "font_runs", "line_direct", "typed_markers", "numbering_lvltext", "numbering_rpr"]


@pytest.fixture(scope="module")
def lo_fixed(tmp_path_factory):
    """The hand-made faulty cases saved again by LibreOffice Writer (its own styles.xml and
    numbering.xml), then fixed."""
    from test_docx_rules import resave
    root = tmp_path_factory.mktemp("lo")
    (root / "src").mkdir()
    out = {}
    for name in LO_CASES:
        lo = resave(CASES[name](root / "src" / f"{name}.docx"), root / "lo")
        fired = rules_fired(check(lo))
        out[name] = (lo, fired, fix_file(lo, options=CheckOptions(), config=Config()))
    return out


@pytest.mark.parametrize("name", LO_CASES)
def test_libreoffice_saved_faulty_cases_check_clean_after_fix(lo_fixed, name):
    lo, fired, outcome = lo_fixed[name]
    repaired = set(fired) & set(FIXABLE)
    assert repaired, fired
    assert not repaired & set(rules_fired(check(outcome.output)))
    assert words(outcome.output) == words(lo)


def test_pdf_libreoffice_renders_from_the_fixed_file_checks_clean(lo_fixed, tmp_path):
    from test_pdf_check import lo_pdf
    lo, fired, outcome = lo_fixed["word_defaults"]
    pdf = lo_pdf(Path(outcome.output), tmp_path)
    after = rules_fired(check(pdf))
    assert not {"font-family", "font-size", "line-spacing"} & set(after), after


def test_latin_font_is_left_alone_unless_the_policy_says_kai(tmp_path):
    src = summary_docx(tmp_path / "a.docx", body_rpr=fonts(ea=KAI, ascii="Times New Roman") + size(14))
    default = fix_file(src, output=tmp_path / "default.docx", options=CheckOptions(), config=Config())
    assert default.changes == []  # CJK text is fine; the Latin font is the author's choice
    toml = tmp_path / "docgen.toml"
    toml.write_text('latin = "kai"\n', encoding="utf-8")
    assert "font-family" in rules_fired(check(src, config_file=str(toml)))
    outcome = fix_file(src, output=tmp_path / "kai.docx", options=CheckOptions(), config=Config(latin="kai"))
    assert outcome.changes and not outcome.remaining
    assert "font-family" not in rules_fired(check(outcome.output, config_file=str(toml)))
    assert words(outcome.output) == words(src)
