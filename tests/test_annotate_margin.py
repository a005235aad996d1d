"""scripts/lo_margin.sh and docgen/render/margin.py: where the private LibreOffice for margin
comments is, that they agree on it, and that providing it touches nothing of the system's apt."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO
from handmade import summary_docx

from docgen.render import margin

SCRIPT = REPO / "scripts" / "lo_margin.sh"


def bookworm() -> bool:
    try:
        return "VERSION_CODENAME=bookworm" in Path("/etc/os-release").read_text()
    except OSError:
        return False


def run_script(tmp_path: Path, **env) -> tuple[subprocess.CompletedProcess, list[str]]:
    """The script with a fake apt-get first on PATH that records its arguments and fails."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    calls = tmp_path / "apt-calls"
    (bin_dir / "apt-get").write_text(f'#!/bin/sh\necho "$*" >> "{calls}"\nexit 100\n')
    (bin_dir / "apt-get").chmod(0o755)
    full = {k: v for k, v in os.environ.items() if not k.startswith("DOCGEN_")}
    full.update(PATH=f"{bin_dir}:{os.environ['PATH']}", HOME=str(tmp_path / "home"), **env)
    r = subprocess.run(["bash", str(SCRIPT)], env=full, capture_output=True, text=True, timeout=120)
    return r, calls.read_text().splitlines() if calls.exists() else []


def test_script_and_docgen_agree_on_the_folder_and_a_second_run_downloads_nothing(tmp_path):
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    home = margin.private_dir({**env, "HOME": str(tmp_path / "home")})
    assert home == tmp_path / "cache" / "docgen" / "libreoffice-margin"
    home.mkdir(parents=True)
    (home / "soffice").write_text("#!/bin/sh\n")
    (home / "soffice").chmod(0o755)
    (home / ".complete").write_text("LibreOffice 25.2.3.2 520(Build:2)\n")
    r, calls = run_script(tmp_path, **env)
    assert r.returncode == 0 and calls == [], r.stderr
    assert r.stdout == (f"LibreOffice for comments in the margin: LibreOffice 25.2.3.2 520(Build:2) "
                        f"(already in {home})\n")
    # DOCGEN_LO_MARGIN_HOME moves it, for both
    other = tmp_path / "elsewhere"
    assert margin.private_dir({"DOCGEN_LO_MARGIN_HOME": str(other), **env}) == other
    assert margin.candidates({"DOCGEN_LO_MARGIN_HOME": str(other), **env})[:1] != [("private", str(home / "soffice"))]
    assert margin.candidates({**env, "HOME": str(tmp_path / "home")})[0] == ("private", str(home / "soffice"))


@pytest.mark.skipif(not bookworm() or not shutil.which("soffice"), reason="the download is for Debian 12")
def test_the_download_uses_private_apt_state_only(tmp_path):
    from docgen.render.margin import parse_version, probe_version
    if parse_version(probe_version(shutil.which("soffice")) or "")[:2] >= margin.MIN_VERSION:
        pytest.skip("the system's LibreOffice has ExportNotesInMargin: nothing to download")
    r, calls = run_script(tmp_path, XDG_CACHE_HOME=str(tmp_path / "cache"))
    # the fake apt-get fails: one line saying so, nothing left behind
    assert r.returncode == 1 and r.stderr.rstrip().endswith(
        "LibreOffice for comments in the margin: not installed: apt-get update failed (output above)"), r.stderr
    assert not (tmp_path / "cache" / "docgen" / "libreoffice-margin").exists()
    update = [c for c in calls if c.endswith(" update")]
    assert len(update) == 1
    opts = dict(part.split("=", 1) for part in update[0].split() if "=" in part)
    for key in ("Dir::Etc::sourcelist", "Dir::Etc::sourceparts", "Dir::State::Lists", "Dir::Cache"):
        assert not opts[key].startswith(("/etc/apt", "/var/lib/apt", "/var/cache/apt")), (key, opts[key])
    assert "install" not in " ".join(calls)


def test_docgen_lo_margin_alone_decides(tmp_path):
    assert margin.candidates({"DOCGEN_LO_MARGIN": "/x/soffice", "HOME": str(tmp_path)}) == [("env", "/x/soffice")]
    office, found = margin.find_margin_office({"DOCGEN_LO_MARGIN": str(tmp_path / "none"), "HOME": str(tmp_path)})
    assert office is None and str(tmp_path / "none") in found


def test_versions_are_read_from_what_soffice_prints():
    assert margin.parse_version("LibreOffice 25.2.3.2 520(Build:2)\n") == (25, 2, 3, 2)
    assert margin.parse_version("LibreOffice 7.4.7.2 40(Build:2)") < (7, 6) <= margin.parse_version("LibreOffice 7.6.0.3")
    assert margin.parse_version("command not found") is None


# the private LibreOffice keeps docgen's walls against the network (tests/test_no_network.py)
from test_no_network import _bait_docx, bait_odt, listener, settle  # noqa: E402,F401


@pytest.mark.parametrize("walls", ["both", "profile", "none"])
def test_the_margin_libreoffice_stays_offline(tmp_path, listener, monkeypatch, walls):  # noqa: F811
    """With docgen's profile (and the outside-reference cut) it reaches nothing; without
    either it does fetch the bait, so this can fail."""
    import re

    from docgen.render import office as officemod
    from docgen.render import offline
    office, found = margin.find_margin_office()
    if office is None:
        (pytest.fail if os.environ.get("CI") else pytest.skip)(found)
    if walls != "both":
        monkeypatch.setattr(offline, "offline_copy", lambda src, workdir: src)
    if walls == "none":
        plain = re.sub(r'<item oor:path="/org\.openoffice\.ucb[^\n]*\n', "", officemod._REGISTRY)
        plain = re.sub(r"<item[^\n]*(BlockUntrustedRefererLinks|Content/Update)[^\n]*\n", "", plain)
        monkeypatch.setattr(officemod, "_REGISTRY", plain)
    sources = [_bait_docx(tmp_path, listener.url), bait_odt(tmp_path / "bait.odt", listener.url)]
    with officemod.Office(soffice=office.soffice, pdf_options=margin.OPTIONS, show_comments=True) as lo:
        for src in sources:
            lo.convert(src, tmp_path / "out" / f"{src.stem}-{src.suffix[1:]}.pdf", "pdf")
    hits = settle(listener)
    if walls == "none":
        assert "linked-image" in " ".join(hits), hits
    else:
        assert hits == []


def test_the_private_libreoffice_loads_none_of_the_systems(tmp_path):
    """Every LibreOffice/UNO library it loads is its own (its launcher puts them first), none
    of the system 7.4's: the two would not mix."""
    office, found = margin.find_margin_office()
    if office is None or office.source != "private":
        (pytest.fail if os.environ.get("CI") else pytest.skip)(found or f"not the private one: {office}")
    home = Path(office.soffice).resolve().parent
    env = {**os.environ, "LD_DEBUG": "files", "LD_DEBUG_OUTPUT": str(tmp_path / "ld")}
    r = subprocess.run([office.soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                        "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path / "out"),
                        str(summary_docx(tmp_path / "a.docx"))],
                       env=env, capture_output=True, timeout=240)
    assert r.returncode == 0 and any((tmp_path / "out").glob("*.pdf")), r.stdout + r.stderr
    loaded = {line.split("calling init: ", 1)[1].strip() for f in tmp_path.glob("ld.*")
              for line in f.read_text(errors="replace").splitlines() if "calling init: " in line}
    office_libs = {p for p in loaded if "libreoffice" in p or "/libuno_" in p or p.endswith("lo.so")}
    assert len(office_libs) > 20
    assert all(Path(p).resolve().is_relative_to(home) for p in office_libs), sorted(office_libs)
