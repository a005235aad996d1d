"""`docgen fix` of an .odt written by LibreOffice Writer: repaired through LibreOffice
(ODT → DOCX → fix → ODT), the output an .odt whose check is clean for the repaired rule,
with the words unchanged and the input untouched."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_lo_acceptance import CASES, docgen_cmd, run_check  # noqa: E402

HERE = Path(__file__).resolve().parent
# one case per kind of repair: a run's font, a style's size, a paragraph's line height,
# a list level's shape, a list's restart; and a correct form
ODT_CASES = ["summary_ming_run", "summary_titles_14", "nomination_one_para_28",
             "summary_halfwidth_parens", "summary_numbering_gap"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def odt_set(tmp_path_factory):
    """Writer-authored .odt files of ODT_CASES and summary_good."""
    from docgen.render.office import Office, _helper_env, find_soffice, find_uno_python
    soffice = find_soffice()
    if soffice is None or find_uno_python(soffice) is None:
        pytest.skip("LibreOffice with python3-uno is not installed")
    out = tmp_path_factory.mktemp("odt")
    with Office(mode="uno") as office:
        run = subprocess.run([office.uno_python, str(HERE / "fix_odt_author.py"), office.connection, str(out),
                              *ODT_CASES, "summary_good"], env=_helper_env(office.soffice),
                             stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    return out


def fix_cli(*args):
    return subprocess.run([*docgen_cmd(), "fix", *map(str, args)], capture_output=True, text=True, timeout=600)


def odt_texts(path: Path) -> list[str]:
    """Every paragraph of the ODT's content.xml, as ODF text (what Writer shows, numbers
    of automatic lists aside)."""
    from lxml import etree
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("content.xml"), etree.XMLParser(resolve_entities=False))
    ns = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    return ["".join(p.itertext()) for p in root.iter(ns + "p", ns + "h")]


@pytest.fixture(scope="module")
def fixed_odt(odt_set, tmp_path_factory):
    """{case: (input, hash before, the CLI run, output)}: each case fixed by `docgen fix`."""
    out = tmp_path_factory.mktemp("odt_fixed")
    done = {}
    for name in ODT_CASES:
        src = odt_set / f"{name}.odt"
        digest = sha(src)
        run = fix_cli(src, "-o", out / f"{name}.odt", "--diff")
        done[name] = (src, digest, run, out / f"{name}.odt")
    return done


@pytest.fixture(scope="module")
def odt_reports(fixed_odt):
    """{path: report entry} of every input and output, from one `docgen check` run."""
    files = [p for src, _, _, out in fixed_odt.values() for p in (src, out) if p.is_file()]
    run = run_check(*files)
    assert run.returncode in (0, 1), run.stderr
    return {f["path"]: f for f in json.loads(run.stdout)["files"]}


@pytest.mark.parametrize("name", ODT_CASES)
def test_writer_odt_checks_clean_after_fix(fixed_odt, odt_reports, name):
    src, digest, run, out = fixed_odt[name]
    assert run.returncode == 0, run.stdout + run.stderr
    assert out.is_file() and zipfile.ZipFile(out).read("mimetype") == b"application/vnd.oasis.opendocument.text"
    before = odt_reports[str(src)]
    assert {f["rule"] for f in before["findings"]} == CASES[name].rules  # the case's fault, as ODT
    report = odt_reports[str(out)]
    assert report["error"] is None and report["findings"] == [], report["findings"]
    # the words are the ODT's own: the same paragraphs, the same text
    assert odt_texts(out) == odt_texts(src)
    assert sha(src) == digest


def test_a_correct_odt_is_left_alone(odt_set, tmp_path):
    src = odt_set / "summary_good.odt"
    run = fix_cli(src, "-o", tmp_path / "out.odt")
    assert run.returncode == 0, run.stderr
    assert "沒有可自動修正的項目" in run.stdout and not (tmp_path / "out.odt").exists()


def test_odt_dry_run_and_in_place(odt_set, tmp_path):
    src = tmp_path / "a.odt"
    src.write_bytes((odt_set / "summary_titles_14.odt").read_bytes())
    original = src.read_bytes()
    run = fix_cli(src, "--dry-run")
    assert run.returncode == 0 and "樣式「標題」：字級 14 → 16 點" in run.stdout, run.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.odt"] and src.read_bytes() == original
    run = fix_cli(src, "--in-place", "--lang", "en")
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "a.bak.odt").read_bytes() == original
    assert json.loads(run_check(src).stdout)["files"][0]["findings"] == []


def test_a_broken_odt_is_refused_in_one_line(tmp_path):
    bad = tmp_path / "a.odt"
    bad.write_bytes(b"PK\x03\x04 not really")
    run = fix_cli(bad)
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert not list(tmp_path.glob("a.fixed*"))
