"""scripts/setup.sh is idempotent and quiet: a second run calls neither apt-get nor pip.

The script runs for real, with a fake `apt-get` (and `sudo`) first on PATH that
only records its calls; `fc-list` and `id` are faked where a case needs a
machine without the fonts or a user who is not root.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.skipif(not (REPO / ".venv" / "bin" / "python").exists() or not shutil.which("apt-get"),
                                reason="set up with scripts/setup.sh on Debian/Ubuntu")
STEPS = ("System packages: ", "LibreOffice for comments in the margin: ", "Virtual environment: ",
         "Python packages: ", "docgen is ready: ")


def fake_bin(tmp_path: Path, *, fc_list: str | None = None, uid: int | None = None) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls"
    for name in ("apt-get", "sudo"):
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\necho "{name} $*" >> "{calls}"\n')
        script.chmod(0o755)
    if fc_list is not None:
        listing = tmp_path / "fc-list.txt"
        listing.write_text(fc_list)
        (bin_dir / "fc-list").write_text(f'#!/bin/sh\ncat "{listing}"\n')
        (bin_dir / "fc-list").chmod(0o755)
    if uid is not None:
        (bin_dir / "id").write_text(f"#!/bin/sh\necho {uid}\n")
        (bin_dir / "id").chmod(0o755)
    return bin_dir


def setup(bin_dir: Path) -> subprocess.CompletedProcess:
    # the private LibreOffice's own step is tested in test_annotate_margin.py (its apt use is not faked here)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "DOCGEN_NO_LO_MARGIN": "1"}
    return subprocess.run(["bash", str(REPO / "scripts" / "setup.sh")], env=env, capture_output=True,
                          text=True, timeout=900)


def calls(tmp_path: Path) -> list[str]:
    f = tmp_path / "calls"
    return f.read_text().splitlines() if f.exists() else []


def machine_has_all_but_fonts() -> bool:
    return all(shutil.which(c) for c in ("soffice", "pdftoppm", "pandoc", "fc-match")) \
        and Path("/usr/lib/python3/dist-packages/uno.py").is_file()


def test_a_second_run_installs_nothing_and_prints_one_line_per_step(tmp_path):
    bin_dir = fake_bin(tmp_path)
    first = setup(bin_dir)  # brings the machine up to date (as the README's first command did)
    assert first.returncode == 0, first.stdout + first.stderr
    before = calls(tmp_path)
    second = setup(bin_dir)
    assert second.returncode == 0, second.stderr
    assert calls(tmp_path) == before  # no apt-get (nor sudo) on the second run
    lines = second.stdout.splitlines()
    assert [line[:len(s)] for line, s in zip(lines, STEPS)] == list(STEPS) and len(lines) == 5, second.stdout
    assert lines[3] == "Python packages: up to date" and second.stderr == ""
    if machine_has_all_but_fonts():
        assert lines[0] == "System packages: all present" and before == []


def test_fonts_listed_after_many_others_are_found_under_pipefail(tmp_path):
    """`fc-list | grep -q` under pipefail: grep stops at the first match, fc-list dies of
    SIGPIPE, and the installed font looked missing (a reinstall on every run)."""
    listing = "/f/TW-Kai-98_1.ttf: TW\\-Kai,全字庫正楷體:style=Regular\n" \
              "/f/NotoSerifCJK-Regular.ttc: Noto Serif CJK TC:style=Regular\n" \
              + "".join(f"/f/other{i}.ttf: Other {i}:style=Regular\n" for i in range(100_000))
    r = setup(fake_bin(tmp_path, fc_list=listing, uid=1000))
    assert r.returncode == 0, r.stderr
    assert "fonts-cns11643-kai" not in r.stdout and "fonts-noto-cjk" not in r.stdout, r.stdout
    assert calls(tmp_path) == []


@pytest.mark.skipif(not machine_has_all_but_fonts(), reason="the machine lacks more than the fonts")
def test_a_user_who_is_not_root_gets_the_exact_line_for_what_is_missing(tmp_path):
    r = setup(fake_bin(tmp_path, fc_list="/f/DejaVuSans.ttf: DejaVu Sans:style=Book\n", uid=1000))
    assert r.returncode == 0, r.stderr
    first = r.stdout.splitlines()[0]
    assert first.endswith(": sudo apt-get install -y fonts-cns11643-kai fonts-noto-cjk"), first
    assert calls(tmp_path) == []  # told, not done


@pytest.mark.skipif(os.geteuid() != 0 or not machine_has_all_but_fonts(), reason="needs root")
def test_root_installs_exactly_what_is_missing(tmp_path):
    r = setup(fake_bin(tmp_path, fc_list=""))
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "System packages: installing fonts-cns11643-kai fonts-noto-cjk"
    made = calls(tmp_path)
    assert made[0].startswith("apt-get update") and len(made) == 2
    assert made[1].startswith("apt-get install") and made[1].endswith(" fonts-cns11643-kai fonts-noto-cjk")
