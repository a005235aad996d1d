"""Honest blame: unusable input is exit 2 and blames the file; docgen's own failure is exit 3.

docgen's failures are produced for real in a subprocess, not by patching docgen:
a `sitecustomize` on PYTHONPATH hides a module (as an incomplete install or a
missing dependency would) or breaks a dependency's function, and a fake
`soffice` crashes the way a broken LibreOffice does.
"""

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import REPO
from handmade import MING, kai, size, summary_docx

SITECUSTOMIZE = textwrap.dedent('''
    import importlib, os, sys
    BLOCKED = tuple(filter(None, os.environ.get("TEST_BLOCK", "").split(",")))

    class Block:
        def find_spec(self, name, path=None, target=None):
            if any(name == b or name.startswith(b + ".") for b in BLOCKED):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)

    sys.meta_path.insert(0, Block())
    for spec in filter(None, os.environ.get("TEST_BREAK", "").split(",")):
        module, attr = spec.split(":")
        setattr(importlib.import_module(module), attr, None)
''')

INTERNAL_ZH = "docgen 內部錯誤（不是您的檔案的問題）："
REPORT_ZH = "請回報，並附上 DOCGEN_DEBUG=1 的輸出"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("blame")
    hook = d / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    faulty = summary_docx(d / "faulty.docx", body_rpr=kai(MING) + size(14))
    import pypdfium2

    blank = pypdfium2.PdfDocument.new()
    blank.new_page(595, 842)
    blank.save(d / "blank.pdf")
    broken = d / "broken.docx"
    broken.write_bytes(b"not a zip at all")
    soffice = d / "soffice"
    soffice.write_text("#!/bin/sh\nkill -SEGV $$\n")
    soffice.chmod(0o755)
    return {"dir": d, "hook": hook, "faulty": faulty, "broken": broken, "soffice": soffice, "pdf": d / "blank.pdf"}


def docgen(files, *args, block="", breaks="", debug=False, soffice=None):
    env = {k: v for k, v in os.environ.items() if k not in ("DOCGEN_DEBUG", "DOCGEN_LANG", "DOCGEN_SOFFICE")}
    env.update(PYTHONPATH=str(files["hook"]), TEST_BLOCK=block, TEST_BREAK=breaks)
    if debug:
        env["DOCGEN_DEBUG"] = "1"
    if soffice:
        env["DOCGEN_SOFFICE"] = str(soffice)
    return subprocess.run([sys.executable, "-m", "docgen", *map(str, args)], cwd=files["dir"], env=env,
                          capture_output=True, text=True, timeout=300)


def report(r) -> dict:
    return {Path(f["path"]).name: f for f in json.loads(r.stdout)["files"]}


def test_a_bad_file_is_blamed_on_the_file(files):
    r = docgen(files, "check", files["broken"], "--format", "json")
    assert r.returncode == 2, r.stderr
    f = report(r)["broken.docx"]
    assert f["error_kind"] == "input" and "內部錯誤" not in f["error"] and f["error"]


def test_a_missing_docgen_module_is_docgens_fault(files):
    """The wheel that forgot docgen.readers.ooxml: before, 「無法處理此檔案」 and exit 2."""
    r = docgen(files, "check", files["faulty"], block="docgen.readers.ooxml")
    assert r.returncode == 3, r.stdout + r.stderr
    out = r.stdout + r.stderr
    assert INTERNAL_ZH in out and REPORT_ZH in out and "docgen.readers.ooxml" in out
    assert "--force-reinstall" in out and "Traceback" not in out
    r = docgen(files, "check", files["faulty"], "--format", "json", block="docgen.readers.ooxml")
    f = report(r)["faulty.docx"]
    assert r.returncode == 3 and f["error_kind"] == "internal" and f["findings"] == []


def test_a_missing_dependency_names_the_package_and_the_command(files):
    # a PDF check needs pypdfium2 (a DOCX check only the standard library)
    r = docgen(files, "check", files["pdf"], "--format", "json", "--lang", "en", block="pypdfium2_raw,pypdfium2")
    assert r.returncode == 3, r.stderr
    f = report(r)["blank.pdf"]
    assert f["error_kind"] == "internal"
    assert f["error"].startswith("docgen internal error (not a problem with your file): ")
    assert "the Python package pypdfium2 is missing" in f["error"] and '-m pip install "pypdfium2>=' in f["error"]
    assert "DOCGEN_DEBUG=1" in f["error"] and "\n" not in f["error"]
    # fix writes the document back with lxml
    r = docgen(files, "fix", files["faulty"], "-o", files["dir"] / "fixed.docx", "--lang", "en", block="lxml")
    assert r.returncode == 3 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "the Python package lxml is missing" in r.stderr and '-m pip install "lxml>=' in r.stderr
    assert not (files["dir"] / "fixed.docx").exists()
    # a source needs PyYAML: the distribution's name, not the import name
    r = docgen(files, "init", "app", block="yaml")
    assert r.returncode == 3 and "PyYAML" in r.stderr and "pip install" in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("docgen: " + INTERNAL_ZH)


def test_a_dependency_without_what_docgen_imports_is_named(files):
    """`from lxml import etree` failing (an lxml too old or half installed) is not "missing"."""
    r = docgen(files, "fix", files["faulty"], "-o", files["dir"] / "fixed.docx", "--lang", "en", block="lxml.etree")
    assert r.returncode == 3 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "lxml is too old or broken" in r.stderr and "--upgrade --force-reinstall" in r.stderr, r.stderr


def test_a_bug_while_reading_is_docgens_fault_not_the_files(files):
    """A TypeError inside the DOCX reader (here: a broken XML parser) used to be 「無法讀取此 Word 檔」."""
    r = docgen(files, "check", files["faulty"], "--format", "json", breaks="xml.etree.ElementTree:XMLParser")
    assert r.returncode == 3, r.stderr
    f = report(r)["faulty.docx"]
    assert f["error_kind"] == "internal" and "TypeError" in f["error"] and REPORT_ZH in f["error"]


def test_debug_prints_the_traceback_then_the_line(files):
    r = docgen(files, "check", files["faulty"], block="docgen.readers.ooxml", debug=True)
    assert r.returncode == 3
    assert "Traceback (most recent call last)" in r.stderr and "ModuleNotFoundError" in r.stderr
    assert INTERNAL_ZH in r.stdout
    quiet = docgen(files, "check", files["faulty"], block="docgen.readers.ooxml")
    assert "Traceback" not in quiet.stderr + quiet.stdout


def test_a_batch_exits_with_the_worst_code(files):
    ok = docgen(files, "check", files["faulty"], "--format", "json")
    assert ok.returncode == 1 and report(ok)["faulty.docx"]["error_kind"] is None
    assert "font-family" in {x["rule"] for x in report(ok)["faulty.docx"]["findings"]}
    mixed = docgen(files, "check", files["faulty"], files["broken"], "--format", "json")
    assert mixed.returncode == 2
    assert [report(mixed)[n]["error_kind"] for n in ("faulty.docx", "broken.docx")] == [None, "input"]
    # a broken PDF reader: the DOCX is still checked, the PDF is docgen's failure, the batch exits 3
    pdf = files["dir"] / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    worst = docgen(files, "check", files["faulty"], files["broken"], pdf, "--format", "json", block="pypdfium2,pypdfium2_raw")
    kinds = {n: f["error_kind"] for n, f in report(worst).items()}
    assert worst.returncode == 3 and kinds == {"faulty.docx": None, "broken.docx": "input", "a.pdf": "internal"}
    assert report(worst)["faulty.docx"]["findings"]


def test_build_does_not_skip_checking_its_own_docx_when_the_reader_is_missing(files):
    """Before, the failed self-check of the written DOCX was dropped and build said ✓ (exit 0)."""
    src = files["dir"] / "selfcheck"
    shutil.copytree(REPO / "samples" / "summary_form", src)
    r = docgen(files, "build", src, "-o", files["dir"] / "out-selfcheck", block="docgen.readers.ooxml")
    assert r.returncode == 3, r.stdout + r.stderr
    assert INTERNAL_ZH in r.stderr and "docgen.readers.ooxml" in r.stderr and "✓" not in r.stdout


def test_a_crashing_libreoffice_is_docgens_fault(files):
    src = files["dir"] / "src"
    assert docgen(files, "init", src).returncode == 0
    r = docgen(files, "build", src, "-o", files["dir"] / "out", "--pdf", soffice=files["soffice"])
    assert r.returncode == 3, r.stdout + r.stderr
    assert INTERNAL_ZH in r.stdout and "LibreOffice" in r.stdout
    assert (files["dir"] / "out" / "src.docx").is_file()  # the DOCX is still written
    odt = files["dir"] / "x.odt"
    import zipfile
    with zipfile.ZipFile(odt, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content xmlns:office='urn:oasis:names:tc:opendocument:xmlns:office:1.0'/>")
    r = docgen(files, "check", odt, "--format", "json", soffice=files["soffice"])
    assert r.returncode == 3 and report(r)["x.odt"]["error_kind"] == "internal", r.stdout + r.stderr


def test_exit_codes_are_documented():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Exit codes"):]
    for row in ("| 2 |", "| 3 |", "error_kind"):
        assert row in table


def test_a_missing_click_is_named_too(files):
    r = docgen(files, "rules", "--lang", "en", block="click")
    assert r.returncode == 3 and "the Python package click is missing" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_a_reader_that_leaves_early_is_not_an_internal_error(files):
    """`docgen rules | head -0`: the closed pipe is nobody's failure, and nothing is said about it."""
    for args in (["rules"], ["check", files["faulty"], "--format", "json"]):
        p = subprocess.Popen([sys.executable, "-m", "docgen", *map(str, args)], cwd=files["dir"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        p.stdout.close()  # before docgen has written anything
        err = p.stderr.read().decode()
        assert p.wait(timeout=300) != 0 and "內部錯誤" not in err and "Traceback" not in err, err
