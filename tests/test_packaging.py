"""The wheel, installed as a user installs it, does everything the checkout does.

The wheel is built from a copy of the tree (no stale build/ folder), installed
into a fresh venv WITHOUT system site packages, its dependencies coming from
the package registry; that venv is made once per test session. The installed
`docgen` then works from a folder outside the repo, and gives the same JSON
findings as the editable install for the same files.
"""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO
from handmade import MING, kai, size, summary_docx

needs_office = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
TOP_IGNORE = {".git", ".venv", "build", "dist", "out", ".pytest_cache", ".hypothesis"}


def copy_ignore(folder, names):
    """What a clean checkout would not have (at the top only: docgen/build is a package)."""
    top = Path(folder).resolve() == REPO.resolve()
    return [n for n in names if n == "__pycache__" or n.endswith(".egg-info") or (top and n in TOP_IGNORE)]


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src") / "docgen"
    shutil.copytree(REPO, src, ignore=copy_ignore)
    out = tmp_path_factory.mktemp("wheel")
    # build isolation: the build-system requirements come from the registry, as for a user
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "--disable-pip-version-check",
                    "-w", str(out), str(src)], check=True, timeout=600, capture_output=True)
    return next(out.glob("docgen_tw-*.whl"))


@pytest.fixture(scope="session")
def installed(wheel, tmp_path_factory) -> Path:
    """bin/ of a fresh venv (no system site packages) with the wheel and its dependencies."""
    venv = tmp_path_factory.mktemp("venv") / "v"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    r = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        str(wheel)], capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout + r.stderr
    return venv / "bin"


def clean_env() -> dict:
    return {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "VIRTUAL_ENV", "DOCGEN_DEBUG", "DOCGEN_LANG", "DOCGEN_SOFFICE")}


def run(exe, *args, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([*map(str, exe), *map(str, args)], cwd=cwd, env=clean_env(), capture_output=True,
                          text=True, timeout=600)


def test_the_wheel_holds_every_module_and_the_forms(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    tree = {p.relative_to(REPO).as_posix() for p in (REPO / "docgen").rglob("*.py")}
    shipped = {n for n in names if n.startswith("docgen/") and n.endswith(".py")}
    assert "docgen/readers/ooxml/document.py" in tree
    assert shipped == tree, (sorted(tree - shipped), sorted(shipped - tree))
    forms = {f"docgen/templates/{p.name}" for p in (REPO / "templates").glob("*.docx")} \
        | {f"docgen/validators/{p.name}" for p in (REPO / "validators").iterdir() if p.suffix in (".yaml", ".json")}
    assert forms and forms <= names
    assert "docgen/render/fonts.conf" in names


def test_the_metadata_has_one_version_and_an_spdx_license(wheel, installed, tmp_path):
    import docgen
    meta = zipfile.ZipFile(wheel).read(f"docgen_tw-{docgen.__version__}.dist-info/METADATA").decode()
    assert f"\nVersion: {docgen.__version__}\n" in meta
    assert "\nLicense-Expression: MIT\n" in meta
    r = run([installed / "docgen", "--version"], cwd=tmp_path)
    assert r.returncode == 0 and docgen.__version__ in r.stdout
    # the installed package answered, not the checkout
    r = run([installed / "python", "-c", "import docgen; print(docgen.__file__)"], cwd=tmp_path)
    assert str(REPO) not in r.stdout and "site-packages" in r.stdout


@pytest.fixture(scope="session")
def work(installed, tmp_path_factory) -> Path:
    """A folder outside the repo with a sample built by the installed docgen, a hand-made faulty DOCX
    and (with LibreOffice) an ODT of it."""
    work = tmp_path_factory.mktemp("elsewhere")
    shutil.copytree(REPO / "samples" / "summary_form", work / "summary_form")
    summary_docx(work / "faulty.docx", body_rpr=kai(MING) + size(14))
    return work


@needs_office
def test_installed_docgen_builds_a_sample_with_pdf_outside_the_repo(installed, work):
    r = run([installed / "docgen", "build", "summary_form", "-o", "out", "--pdf", "--odt"], cwd=work)
    assert r.returncode == 0, r.stdout + r.stderr
    for name in ("summary_form.docx", "summary_form.pdf", "summary_form.odt", "summary_form.checklist.md"):
        assert (work / "out" / name).is_file(), name
    assert (work / "out" / "summary_form.pdf").read_bytes().startswith(b"%PDF-")
    r = run(["soffice", "--headless", "--convert-to", "odt", "--outdir", "odt", "faulty.docx"], cwd=work)
    assert (work / "odt" / "faulty.odt").is_file(), r.stderr


def test_installed_docgen_checks_a_faulty_docx(installed, work):
    r = run([installed / "docgen", "check", "faulty.docx", "--format", "json"], cwd=work)
    assert r.returncode == 1, r.stdout + r.stderr
    f = json.loads(r.stdout)["files"][0]
    assert f["error"] is None and f["error_kind"] is None
    found = [x for x in f["findings"] if x["rule"] == "font-family"]
    assert found and found[0]["actual"] == MING and found[0]["severity"] == "error"
    r = run([installed / "docgen", "check", "faulty.docx"], cwd=work)
    assert r.returncode == 1 and "font-family" in r.stdout and MING in r.stdout


@needs_office
def test_installed_docgen_checks_pdf_and_odt(installed, work):
    if not (work / "out" / "summary_form.pdf").exists():
        pytest.skip("the build test did not run")
    r = run([installed / "docgen", "check", "out/summary_form.pdf", "--format", "json"], cwd=work)
    assert r.returncode == 0, r.stdout + r.stderr
    f = json.loads(r.stdout)["files"][0]
    assert f["form"] == "summary_form" and f["stats"]["count"] > 1000
    assert {x["rule"] for x in f["findings"]} <= {"font-substituted"}
    r = run([installed / "docgen", "check", "odt/faulty.odt", "--format", "json"], cwd=work)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "font-family" in {x["rule"] for x in json.loads(r.stdout)["files"][0]["findings"]}


def test_installed_rules_and_doctor(installed, work):
    rules = run([installed / "docgen", "rules", "--format", "json"], cwd=work)
    assert rules.returncode == 0
    mine = run([sys.executable, "-m", "docgen", "rules", "--format", "json"], cwd=work)
    assert json.loads(rules.stdout) == json.loads(mine.stdout)
    assert {"char-limit", "font-family", "numbering-format"} <= {r["id"] for r in json.loads(rules.stdout)}
    doctor = run([installed / "docgen", "doctor"], cwd=work)
    assert "LibreOffice" in doctor.stdout and "Traceback" not in doctor.stderr
    assert doctor.returncode == (0 if shutil.which("soffice") else 1), doctor.stdout


def test_installed_and_editable_give_the_same_findings(installed, work):
    files = ["faulty.docx", "summary_form"]
    files += [f for f in ("out/summary_form.docx", "out/summary_form.pdf", "odt/faulty.odt") if (work / f).exists()]
    args = ["check", *files, "--format", "json", "--award-year", "115"]
    theirs = run([installed / "docgen", *args], cwd=work)
    mine = run([sys.executable, "-m", "docgen", *args], cwd=work)
    assert theirs.returncode == mine.returncode == 1, theirs.stderr + mine.stderr
    a, b = json.loads(theirs.stdout), json.loads(mine.stdout)
    assert len(a["files"]) == len(files) and all(f["error"] is None for f in a["files"])
    assert a == b


def _shipped_forms() -> list[str]:
    """The registry's shipped forms (read at collection, before any test loads a form by path)."""
    from docgen.profile import form_ids
    return form_ids()


SHIPPED = _shipped_forms()


@pytest.mark.parametrize("form", SHIPPED)
def test_committed_schemas_are_current(form):
    sys.path.insert(0, str(REPO / "scripts"))
    from make_schemas import schema_text
    committed = (REPO / "validators" / f"{form}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(form), f"run python scripts/make_schemas.py ({form})"
    assert json.loads(committed)["additionalProperties"] is False


def test_no_schema_without_its_form():
    schemas = {p.name[:-len(".schema.json")] for p in (REPO / "validators").glob("*.schema.json")}
    assert schemas - {"profile"} == set(SHIPPED)
