"""The installed package carries its templates and profiles and runs outside the repo."""

import json
import os
import subprocess
import sys
import zipfile

import pytest

from conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(REPO)], check=True, timeout=300)
    return next(out.glob("docgen_tw-*.whl"))


def test_wheel_ships_templates_and_profiles(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("docgen/templates/summary_form.docx", "docgen/templates/nomination_list.docx",
                   "docgen/validators/summary_form.yaml", "docgen/validators/nomination_list.yaml",
                   "docgen/render/fonts.conf"):
        assert needed in names, needed


def test_installed_docgen_builds_outside_the_repo(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)],
                   check=True, timeout=300)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run = lambda *a: subprocess.run([str(venv / "bin" / "docgen"), *a], cwd=work, env=env,  # noqa: E731
                                    capture_output=True, text=True, timeout=300)
    assert run("init", "app").returncode == 0
    r = run("build", "app", "-o", "out")
    assert r.returncode == 1, r.stderr  # the fresh source has empty required fields
    assert (work / "out" / "app.docx").is_file()
    # the installed copy, not the repo, answered
    r = subprocess.run([str(py), "-c", "import docgen.profile as p; print(p.template_path(p.load_profile('summary_form')))"],
                       cwd=work, env=env, capture_output=True, text=True)
    assert str(REPO) not in r.stdout and "site-packages" in r.stdout


def test_committed_schemas_are_current():
    sys.path.insert(0, str(REPO / "scripts"))
    from make_schemas import schema_text
    for form in ("summary_form", "nomination_list"):
        committed = (REPO / "validators" / f"{form}.schema.json").read_text(encoding="utf-8")
        assert committed == schema_text(form), f"run python scripts/make_schemas.py ({form})"
        assert json.loads(committed)["additionalProperties"] is False
