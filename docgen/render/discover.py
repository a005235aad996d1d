"""Where LibreOffice lives on Linux, Windows and macOS, and which Python can `import uno`.

Pure path logic over a `System` (platform, environment, Windows registry
entries, and — for tests — a folder standing for the file system), so the
Windows and macOS layouts are tested on Linux with fake trees. Paths are
returned as that system writes them (``C:\\Program Files\\LibreOffice\\…``)
and are only ever passed as argv items, never through a shell, so spaces and
non-ASCII user names (``C:\\Users\\王小明\\…``) need no quoting.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Mapping, Optional, Sequence

# LibreOffice's installer records its program folder here (default value)
REGISTRY_KEYS = (
    r"SOFTWARE\LibreOffice\UNO\InstallPath",
    r"SOFTWARE\WOW6432Node\LibreOffice\UNO\InstallPath",
)
MAC_APP = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
LINUX_PLACES = ("/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/lib/libreoffice/program/soffice",
                "/usr/local/bin/soffice", "/snap/bin/libreoffice")


@dataclass(frozen=True)
class System:
    """The machine being searched: `platform` as in `sys.platform` ("linux", "win32", "darwin").

    `root` is None for the real file system; a test passes a folder holding a
    fake tree (``root/C/Program Files/…`` for ``C:\\Program Files\\…``,
    ``root/Applications/…`` for ``/Applications/…``). `registry` lists the
    install folders the Windows registry names (None: read them with winreg).
    """

    platform: str
    env: Mapping[str, str] = field(default_factory=dict)
    root: Optional[Path] = None
    registry: Optional[Sequence[str]] = None

    @property
    def windows(self) -> bool:
        return self.platform.startswith("win")

    def pure(self, path: str) -> PurePath:
        return PureWindowsPath(path) if self.windows else PurePosixPath(path)

    def real(self, path: str) -> Path:
        """Where `path` of this system is on the disk we can look at."""
        if self.root is None:
            return Path(path)
        pure = self.pure(path)
        drive = pure.drive.rstrip(":")
        return self.root.joinpath(*([drive] if drive else []), *pure.parts[1:])

    def is_file(self, path: str) -> bool:
        try:
            return self.real(path).is_file()
        except (OSError, ValueError):  # e.g. a path the OS cannot encode
            return False

    def executable(self, path: str) -> bool:
        if not self.is_file(path):
            return False
        return self.windows or os.access(self.real(path), os.X_OK)

    def resolve(self, path: str) -> str:
        """`path` with symbolic links followed (inside the fake tree in tests)."""
        if self.root is None:
            return os.path.realpath(path)
        try:
            rel = self.real(path).resolve().relative_to(self.root.resolve())
        except (OSError, ValueError):  # a link out of the fake tree
            return path
        if self.windows:
            return str(PureWindowsPath(rel.parts[0] + ":\\", *rel.parts[1:])) if rel.parts else path
        return str(PurePosixPath("/", *rel.parts))

    def glob(self, folder: str, pattern: str) -> list[str]:
        base = self.real(folder)
        if not base.is_dir():
            return []
        return [str(self.pure(folder) / p.name) for p in base.glob(pattern)]

    def which(self, name: str) -> Optional[str]:
        """`name` on PATH, the way this platform's shell would find it."""
        sep = ";" if self.windows else ":"
        exts = [""]
        if self.windows and not self.pure(name).suffix:
            exts = [e.lower() for e in self.env.get("PATHEXT", ".COM;.EXE;.BAT").split(";") if e]
        for folder in self.env.get("PATH", "").split(sep):
            folder = folder.strip().strip('"')
            if not folder:
                continue
            for ext in exts:
                candidate = str(self.pure(folder) / (name + ext))
                if self.executable(candidate):
                    return candidate
        return None

    def registry_dirs(self) -> list[str]:
        if self.registry is not None:
            return list(self.registry)
        return _read_registry() if self.windows and self.root is None else []


def this_system() -> System:
    return System(platform=sys.platform, env=dict(os.environ))


def soffice_candidates(system: System) -> list[str]:
    """Where soffice may be, most specific first (PATH before the usual install places)."""
    out: list[str] = []
    if system.windows:
        # soffice.exe, not the console wrapper soffice.com that PATHEXT would find first
        found = system.which("soffice.exe")
        if found:
            out.append(found)
        for folder in system.registry_dirs():
            out.append(str(system.pure(folder) / "soffice.exe"))
        bases = [system.env.get(k) for k in ("PROGRAMFILES", "PROGRAMW6432", "PROGRAMFILES(X86)")]
        bases += [r"C:\Program Files", r"C:\Program Files (x86)"]
        for base in filter(None, bases):
            out.append(str(system.pure(base) / "LibreOffice" / "program" / "soffice.exe"))
        return _unique(out)
    for name in ("soffice", "libreoffice"):
        found = system.which(name)
        if found:
            out.append(found)
    if system.platform == "darwin":
        out.append(MAC_APP)
        home = system.env.get("HOME")
        if home:
            out.append(str(PurePosixPath(home) / MAC_APP.lstrip("/")))
        return _unique(out)
    out += LINUX_PLACES
    # libreoffice.org's own builds: /opt/libreoffice7.6, /opt/libreoffice24.2… newest first
    opt = sorted(system.glob("/opt", "libreoffice*"), key=_version_key, reverse=True)
    out += [f"{d}/program/soffice" for d in opt]
    return _unique(out)


def find_soffice(system: Optional[System] = None) -> Optional[str]:
    """The soffice launcher, or None. `DOCGEN_SOFFICE` names it outright (None if it is not there)."""
    system = system or this_system()
    forced = system.env.get("DOCGEN_SOFFICE")
    if forced:
        return forced if system.is_file(forced) else None
    return next((c for c in soffice_candidates(system) if system.executable(c)), None)


def program_dir(soffice: str, system: Optional[System] = None) -> PurePath:
    """LibreOffice's folder holding uno.py: `program`, or `Contents/Resources` on macOS."""
    system = system or this_system()
    path = system.pure(system.resolve(soffice))  # /usr/bin/soffice -> /usr/lib/libreoffice/program/soffice
    if path.parent.name == "MacOS":
        return path.parent.parent / "Resources"
    return path.parent


def uno_python_candidates(soffice: str, system: Optional[System] = None,
                          running: Optional[str] = None) -> list[str]:
    """Pythons that may import uno for this LibreOffice, to be tried in order.

    LibreOffice's own Python (Windows ``program\\python.exe``, macOS
    ``Contents/Resources/python``, libreoffice.org Linux builds
    ``program/python``), then the system Python (Debian's ``python3-uno``),
    then the Python docgen runs in. `DOCGEN_UNO_PYTHON` comes first.
    """
    system = system or this_system()
    prog = program_dir(soffice, system)
    out = [system.env.get("DOCGEN_UNO_PYTHON", "")]
    if system.windows:
        out.append(str(prog / "python.exe"))
    else:
        out += [str(prog / "python"), str(prog.parent / "Resources" / "python")]
        if system.platform != "darwin":
            out.append("/usr/bin/python3")
    out.append(sys.executable if running is None else running)
    return [c for c in _unique(out) if c and system.is_file(c)]


def _read_registry() -> list[str]:
    try:
        import winreg
    except ImportError:
        return []
    found = []
    for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        for key in REGISTRY_KEYS:
            try:
                with winreg.OpenKey(hive, key) as k:
                    value, _ = winreg.QueryValueEx(k, "")
            except OSError:
                continue
            if isinstance(value, str) and value:
                found.append(value)
    return found


def _version_key(path: str) -> tuple:
    return tuple(int(n) for n in re.findall(r"\d+", path.rsplit("/", 1)[-1])) or (0,)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
