"""Finding LibreOffice and a UNO-capable Python on Windows, macOS and Linux layouts.

The Windows and macOS cases run on fake directory trees (the platform is a
parameter of `System`, the file system a folder standing for it); the last
tests use the real LibreOffice of this machine through a path with spaces
and a non-ASCII user name.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docgen.render.discover import (System, find_soffice, program_dir, soffice_candidates, this_system,
                                    uno_python_candidates)

WIN_USER_LO = r"C:\Users\王小明\AppData\Local\Programs\LibreOffice\program"


def touch(root: Path, path: str, executable: bool = True) -> Path:
    """Create `path` (as the fake system writes it) under `root`."""
    drive, _, rest = path.partition(":") if ":" in path[:2] else ("", "", path)
    parts = [p for p in rest.replace("\\", "/").split("/") if p]
    real = root.joinpath(*([drive] if drive else []), *parts)
    real.parent.mkdir(parents=True, exist_ok=True)
    real.write_text("#!/bin/sh\n")
    real.chmod(0o755 if executable else 0o644)
    return real


def windows(tmp_path, env=None, registry=()):
    return System("win32", env=env or {}, root=tmp_path, registry=list(registry))


# ------------------------------------------------------------------ Windows

def test_windows_program_files(tmp_path):
    touch(tmp_path, r"C:\Program Files\LibreOffice\program\soffice.exe")
    touch(tmp_path, r"C:\Program Files\LibreOffice\program\python.exe")
    system = windows(tmp_path, {"PROGRAMFILES": r"C:\Program Files", "PATH": r"C:\Windows\system32"})
    soffice = find_soffice(system)
    assert soffice == r"C:\Program Files\LibreOffice\program\soffice.exe"
    assert str(program_dir(soffice, system)) == r"C:\Program Files\LibreOffice\program"
    assert uno_python_candidates(soffice, system, running=r"C:\Python312\python.exe") == [
        r"C:\Program Files\LibreOffice\program\python.exe"]


def test_windows_32_bit_install_without_environment(tmp_path):
    touch(tmp_path, r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")
    assert find_soffice(windows(tmp_path)) == r"C:\Program Files (x86)\LibreOffice\program\soffice.exe"


def test_windows_registry_install_path_on_another_drive(tmp_path):
    folder = r"D:\Apps\LibreOffice 24\program"
    touch(tmp_path, folder + r"\soffice.exe")
    touch(tmp_path, folder + r"\python.exe")
    touch(tmp_path, r"C:\Program Files\LibreOffice\program\soffice.exe")  # an older copy
    system = windows(tmp_path, {"PROGRAMFILES": r"C:\Program Files"}, registry=[folder])
    soffice = find_soffice(system)
    assert soffice == folder + r"\soffice.exe"  # the registry names the installed one
    assert uno_python_candidates(soffice, system)[0] == folder + r"\python.exe"


def test_windows_path_with_a_non_ascii_user_name(tmp_path):
    touch(tmp_path, WIN_USER_LO + r"\soffice.exe")
    touch(tmp_path, WIN_USER_LO + r"\python.exe")
    touch(tmp_path, r"C:\Program Files\LibreOffice\program\soffice.exe")
    env = {"PATH": r'C:\Windows;"' + WIN_USER_LO + '";', "PATHEXT": ".COM;.EXE;.BAT",
           "PROGRAMFILES": r"C:\Program Files"}
    system = windows(tmp_path, env)
    soffice = find_soffice(system)
    assert soffice == WIN_USER_LO + r"\soffice.exe"  # PATH first
    assert soffice_candidates(system)[1:] == [r"C:\Program Files\LibreOffice\program\soffice.exe",
                                              r"C:\Program Files (x86)\LibreOffice\program\soffice.exe"]
    assert uno_python_candidates(soffice, system)[0] == WIN_USER_LO + r"\python.exe"


def test_windows_path_finds_soffice_exe_not_the_console_wrapper(tmp_path):
    folder = r"E:\Portable Apps\LibreOffice\program"
    touch(tmp_path, folder + r"\soffice.com")
    touch(tmp_path, folder + r"\soffice.exe")
    system = windows(tmp_path, {"PATH": folder, "PATHEXT": ".COM;.EXE"})
    assert find_soffice(system) == folder + r"\soffice.exe"


def test_windows_nothing_installed(tmp_path):
    touch(tmp_path, r"C:\Windows\notepad.exe")
    system = windows(tmp_path, {"PATH": r"C:\Windows", "PROGRAMFILES": r"C:\Program Files"})
    assert find_soffice(system) is None


# ------------------------------------------------------------------ macOS

def test_macos_application_bundle(tmp_path):
    touch(tmp_path, "/Applications/LibreOffice.app/Contents/MacOS/soffice")
    touch(tmp_path, "/Applications/LibreOffice.app/Contents/Resources/python")
    system = System("darwin", env={"PATH": "/usr/bin:/bin", "HOME": "/Users/王小明"}, root=tmp_path)
    soffice = find_soffice(system)
    assert soffice == "/Applications/LibreOffice.app/Contents/MacOS/soffice"
    assert str(program_dir(soffice, system)) == "/Applications/LibreOffice.app/Contents/Resources"
    assert uno_python_candidates(soffice, system, running="/usr/bin/python3") == [
        "/Applications/LibreOffice.app/Contents/Resources/python"]


def test_macos_bundle_in_the_users_applications(tmp_path):
    home_app = "/Users/王 小明/Applications/LibreOffice.app/Contents"
    touch(tmp_path, home_app + "/MacOS/soffice")
    touch(tmp_path, home_app + "/Resources/python")
    system = System("darwin", env={"PATH": "/usr/bin", "HOME": "/Users/王 小明"}, root=tmp_path)
    soffice = find_soffice(system)
    assert soffice == home_app + "/MacOS/soffice"
    assert uno_python_candidates(soffice, system, running="/nowhere")[0] == home_app + "/Resources/python"


# ------------------------------------------------------------------ Linux

def test_debian_symlink_and_system_python(tmp_path):
    prog = touch(tmp_path, "/usr/lib/libreoffice/program/soffice")
    (tmp_path / "usr" / "bin").mkdir(parents=True)
    (tmp_path / "usr" / "bin" / "soffice").symlink_to(os.path.relpath(prog, tmp_path / "usr" / "bin"))
    touch(tmp_path, "/usr/bin/python3")
    system = System("linux", env={"PATH": "/usr/local/bin:/usr/bin"}, root=tmp_path)
    soffice = find_soffice(system)
    assert soffice == "/usr/bin/soffice"
    assert str(program_dir(soffice, system)) == "/usr/lib/libreoffice/program"
    assert uno_python_candidates(soffice, system, running="/venv/bin/python") == ["/usr/bin/python3"]


def test_libreoffice_org_builds_in_opt_newest_first(tmp_path):
    for version in ("7.6", "24.2", "24.8"):
        touch(tmp_path, f"/opt/libreoffice{version}/program/soffice")
        touch(tmp_path, f"/opt/libreoffice{version}/program/python")
    system = System("linux", env={"PATH": "/usr/bin"}, root=tmp_path)
    soffice = find_soffice(system)
    assert soffice == "/opt/libreoffice24.8/program/soffice"
    assert uno_python_candidates(soffice, system, running="/nowhere")[0] == "/opt/libreoffice24.8/program/python"


def test_a_file_that_cannot_run_is_not_soffice(tmp_path):
    touch(tmp_path, "/usr/bin/soffice", executable=False)
    touch(tmp_path, "/usr/lib/libreoffice/program/soffice")
    system = System("linux", env={"PATH": "/usr/bin"}, root=tmp_path)
    assert find_soffice(system) == "/usr/lib/libreoffice/program/soffice"


def test_docgen_soffice_names_it_outright(tmp_path):
    touch(tmp_path, "/usr/bin/soffice")
    touch(tmp_path, "/home/王小明/lo dev/soffice")
    env = {"PATH": "/usr/bin", "DOCGEN_SOFFICE": "/home/王小明/lo dev/soffice"}
    assert find_soffice(System("linux", env=env, root=tmp_path)) == "/home/王小明/lo dev/soffice"
    env["DOCGEN_SOFFICE"] = "/nowhere/soffice"
    assert find_soffice(System("linux", env=env, root=tmp_path)) is None


# ------------------------------------------------------------------ this machine

needs_office = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


@needs_office
def test_this_machine_is_found_as_the_shell_finds_it():
    assert find_soffice(this_system()) == shutil.which("soffice")


@needs_office
def test_real_libreoffice_through_a_path_with_spaces_and_a_non_ascii_name(tmp_path):
    """LibreOffice started from `…/王小明 的 文件/LibreOffice 程式/soffice` converts a file in such a folder."""
    from docgen.render.office import find_uno_python

    real_prog = Path(os.path.realpath(shutil.which("soffice"))).parent
    home = tmp_path / "王小明 的 文件"
    home.mkdir()
    (home / "LibreOffice 程式").symlink_to(real_prog, target_is_directory=True)
    soffice = str(home / "LibreOffice 程式" / "soffice")
    env = {**os.environ, "DOCGEN_SOFFICE": soffice}
    system = System(sys.platform, env=env)
    assert find_soffice(system) == soffice
    src = home / "申請 表.docx"
    from wordfiles import make_docx, p, r
    make_docx(src, p(r("政府服務獎")))
    code = ("import sys; from pathlib import Path; from docgen.render.office import Office\n"
            "with Office() as o:\n    o.convert(Path(sys.argv[1]), Path(sys.argv[2]), 'pdf'); print(o.mode)")
    out = subprocess.run([sys.executable, "-c", code, str(src), str(home / "輸出 檔.pdf")], env=env,
                         capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    assert (home / "輸出 檔.pdf").read_bytes().startswith(b"%PDF-")
    assert out.stdout.strip() == ("uno" if find_uno_python() else "cli")
