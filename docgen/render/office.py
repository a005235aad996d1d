"""One long-lived LibreOffice for a whole batch of conversions.

    with Office() as office:
        office.convert(Path("a.docx"), Path("out/a.pdf"), "pdf")
        office.convert(Path("b.docx"), Path("out/b.odt"), "odt")

`Office` starts `soffice --headless` ONCE, listening on a private UNO pipe,
with a private temporary profile (`-env:UserInstallation`) and docgen's
fontconfig file (`FONTCONFIG_FILE`, see `fonts.conf`) so that 標楷體 resolves to
the real font or to TW-Kai, never to AR PL UKai or a Ming face.

LibreOffice's Python-UNO bridge (`import uno`) only loads into the Python it
was built for (Debian: `/usr/bin/python3` with `python3-uno`; Windows/macOS:
the `python` LibreOffice ships), which is usually not the Python docgen runs
in. So the UNO client is a tiny helper script run by that Python, spoken to
with one JSON line per request over stdin/stdout. The helper is also a
watchdog: if docgen vanishes (even `kill -9`), it kills LibreOffice.

When no UNO-capable Python is found, Office falls back to one
`soffice --convert-to` per document (same private profile, same fonts):
slower, but `--pdf` still works. `Office.mode` says which is in use.

Cleanup is Office's job: LibreOffice runs in its own process group/session,
and the whole group is terminated on exit, on exceptions, on
KeyboardInterrupt and SIGTERM/SIGHUP (turned into SystemExit while an Office
is open), and at interpreter exit.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import weakref
from pathlib import Path
from typing import Optional

from .. import i18n
from ..errors import InputError
from . import discover
from .reaper import reaper

FORMATS = {
    # fmt: (UNO filter for storeToURL, --convert-to argument, extension)
    "pdf": ("writer_pdf_Export", "pdf:writer_pdf_Export", "pdf"),
    "odt": ("writer8", "odt:writer8", "odt"),
    "docx": ("MS Word 2007 XML", "docx:MS Word 2007 XML", "docx"),
}

# import filters by suffix: no guessing (LibreOffice would import any
# unreadable file as plain text and "succeed")
IMPORT_FILTERS = {
    ".docx": "MS Word 2007 XML",
    ".docm": "MS Word 2007 XML VBA",
    ".dotx": "MS Word 2007 XML Template",
    ".dotm": "MS Word 2007 XML Template",
    ".odt": "writer8",
    ".fodt": "OpenDocument Text Flat XML",
    ".doc": "MS Word 97",
    ".rtf": "Rich Text Format",
}

APT_HINT = "sudo apt-get install -y libreoffice-writer-nogui python3-uno fonts-cns11643-kai"

i18n.register({
    "office.missing": (
        "找不到 LibreOffice，無法輸出 PDF/ODT（DOCX 仍可輸出）。請安裝：" + APT_HINT
        + "；Windows/macOS 請至 https://www.libreoffice.org 下載安裝",
        "LibreOffice not found, so PDF/ODT cannot be produced (DOCX output still works). Install it: "
        + APT_HINT + "; on Windows/macOS get it from https://www.libreoffice.org"),
    "office.start_failed": (
        "LibreOffice 無法啟動（{detail}）",
        "LibreOffice could not be started ({detail})"),
    "office.died": (
        "LibreOffice 在轉換 {path} 時意外結束（{detail}）",
        "LibreOffice died while converting {path} ({detail})"),
    "office.failed": (
        "LibreOffice 無法轉換 {path}（{detail}）",
        "LibreOffice could not convert {path} ({detail})"),
    "office.load_failed": (
        "LibreOffice 無法開啟 {path}（檔案損壞、格式不符、空白或有密碼保護）",
        "LibreOffice cannot open {path} (corrupt, wrong format, empty or password-protected)"),
    "office.timeout": (
        "LibreOffice 轉換 {path} 超過 {seconds} 秒，已中止",
        "LibreOffice took more than {seconds} s to convert {path}; stopped"),
    "office.format": (
        "不支援的輸出格式：{fmt}（可用 pdf、odt、docx）",
        "Unsupported output format: {fmt} (use pdf, odt or docx)"),
    "office.same_file": (
        "輸出檔不可與輸入檔相同：{path}",
        "The output must not be the input file: {path}"),
})


class OfficeError(InputError):
    """LibreOffice is missing, failed to start, died or could not convert."""

    def __init__(self, key: str, /, **params):
        super().__init__(key, **params)
        if key in ("office.missing", "office.start_failed", "office.died"):
            self.kind = "internal"  # not the file's fault: exit 3 (errors.py)


# ---------------------------------------------------------------- discovery

_IS_WINDOWS = os.name == "nt"


def find_soffice() -> str | None:
    """Path of the `soffice` launcher, or None. `DOCGEN_SOFFICE` overrides (see discover.py)."""
    return discover.find_soffice()


def _program_dir(soffice: str) -> Path:
    """LibreOffice's `program` folder (where soffice.bin, uno.py may live)."""
    return Path(discover.program_dir(soffice))


def _helper_env(soffice: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONHOME", "PYTHONPATH", "PYTHONSTARTUP", "VIRTUAL_ENV")}
    env["PYTHONPATH"] = str(_program_dir(soffice))
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONUTF8"] = "1"
    return env


_UNO_PYTHON_CACHE: dict[str, Optional[str]] = {}


def find_uno_python(soffice: str | None = None) -> str | None:
    """A Python interpreter that can `import uno` for this LibreOffice, or None.

    `DOCGEN_UNO_PYTHON` overrides. Tried: LibreOffice's own bundled Python
    (Windows/macOS and libreoffice.org builds), the system Python
    (/usr/bin/python3 with Debian's python3-uno), then the running Python.
    """
    soffice = soffice or find_soffice()
    if not soffice:
        return None
    if soffice in _UNO_PYTHON_CACHE:
        return _UNO_PYTHON_CACHE[soffice]
    candidates = discover.uno_python_candidates(soffice)
    found = None
    seen = set()
    for c in candidates:
        if not c or c in seen or not Path(c).is_file():
            continue
        seen.add(c)
        try:
            r = subprocess.run([c, "-c", "import uno, unohelper"], env=_helper_env(soffice),
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=30)
        except (OSError, subprocess.SubprocessError):
            continue
        if r.returncode == 0:
            found = c
            break
    _UNO_PYTHON_CACHE[soffice] = found
    return found


def fontconfig_file() -> Path:
    """docgen's fontconfig configuration (system config + 標楷體 aliases)."""
    return Path(__file__).with_name("fonts.conf")


def fontconfig_env() -> dict:
    """Environment entries that make fontconfig (fc-match, LibreOffice) use docgen's config."""
    return {"FONTCONFIG_FILE": str(fontconfig_file())}


def _soffice_env(fontconfig: bool, tmpdir: Optional[Path] = None) -> dict:
    env = dict(os.environ)
    if fontconfig:
        env.update(fontconfig_env())
    if tmpdir is not None:
        # LibreOffice's own temp folders (lu*.tmp) go inside docgen's private
        # folder, which the reaper removes even after a kill -9
        for name in ("TMPDIR", "TMP", "TEMP"):
            env[name] = str(tmpdir)
    # LibreOffice turns file URLs into byte paths with the locale's encoding:
    # under a non-UTF-8 locale, file names such as 申請書.docx would break.
    if not _IS_WINDOWS and sys.platform != "darwin":
        lc = env.get("LC_ALL") or env.get("LC_CTYPE") or env.get("LANG") or ""
        if "utf-8" not in lc.lower() and "utf8" not in lc.lower():
            env["LC_ALL"] = "C.UTF-8"
    env.pop("SESSION_MANAGER", None)
    return env


# LibreOffice's network content providers (officecfg org.openoffice.ucb
# Configuration: WebDAV for http/https/webdav/dav, FTP, CMIS, and GIO, the
# catch-all ".*" fallback of builds with GNOME support). Removing them from the
# private profile leaves LibreOffice no way to fetch a URL: linked pictures,
# OLE links, section and template links all stay unresolved. Names differ
# across versions; removing one that does not exist is harmless.
_NETWORK_PROVIDERS = ("Provider3", "Provider4", "Provider4a", "Provider6", "Provider7",
                      "Provider12", "Provider12a", "Provider12b", "Provider13", "Provider43",
                      "Provider999")

# Settings for the private profile, written before LibreOffice first starts.
# Comments are not shown (headless LibreOffice 7.4 aborts building the comment
# side bar for a hidden document: "NoSuchElementException" in
# CreateInterimBuilder) unless the PDF is to print them in the margin (see
# _SHOW_COMMENTS); no autosave/backup copies; macros never run; no
# network: links never updated (Writer/Calc Content/Update/Link 2 = never),
# links from documents outside trusted locations blocked
# (BlockUntrustedRefererLinks), no network content providers, no printer
# set-up loaded from documents.
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Writer/Content/Display"><prop oor:name="Note" oor:op="fuse"><value>{notes}</value></prop></item>
<item oor:path="/org.openoffice.Office.Recovery/AutoSave"><prop oor:name="Enabled" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Recovery/RecoveryInfo"><prop oor:name="Enabled" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Save/Document"><prop oor:name="CreateBackup" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseLocking" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>2</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>2</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Save/Document"><prop oor:name="LoadPrinter" oor:op="fuse"><value>false</value></prop></item>
""" + "".join(
    '<item oor:path="/org.openoffice.ucb.Configuration/ContentProviders/Local/SecondaryKeys/Office/ProviderData">'
    f'<node oor:name="{name}" oor:op="remove"/></item>\n' for name in _NETWORK_PROVIDERS) + """</oor:items>
"""


# ExportNotesInMargin prints only the comments Writer shows. The side bar's width
# factor (Notes/DisplayWidthFactor; 3.0 in LibreOffice 25.2, unknown to older ones,
# which ignore it) widens the comment boxes but not the room the PDF export makes
# for them beside the page: at 3.0 the comments' text runs off the page's right
# edge, at 2.0 it ends inside it (A4 and Letter, measured with 25.2).
_SHOW_COMMENTS = (
    '<item oor:path="/org.openoffice.Office.Writer/Notes"><prop oor:name="DisplayWidthFactor" '
    'oor:op="fuse"><value>2.0</value></prop></item>\n')


def _seed_profile(profile: Path, show_comments: bool = False) -> None:
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    target = user / "registrymodifications.xcu"
    if not target.exists():
        text = _REGISTRY.replace("{notes}", "true" if show_comments else "false")
        if show_comments:
            text = text.replace("</oor:items>", _SHOW_COMMENTS + "</oor:items>")
        target.write_text(text, encoding="utf-8")


def _filter_options(options: dict) -> str:
    """PDF export filter data as the JSON `--convert-to pdf:writer_pdf_Export:{…}` takes."""
    types = {bool: "boolean", int: "long", float: "double", str: "string"}
    return json.dumps({name: {"type": types[type(value)],
                              "value": str(value).lower() if isinstance(value, bool) else str(value)}
                       for name, value in options.items()}, ensure_ascii=True, separators=(",", ":"))


# ---------------------------------------------------------------- processes

def _pipe_files(pipe_name: str, profile_url: str) -> list[Path]:
    """The UNIX sockets LibreOffice creates for a private profile, which a kill leaves behind.

    osl pipes live in /tmp (or /var/tmp) whatever TMPDIR says, as
    OSL_PIPE_<uid>_<name>: docgen's UNO pipe, and the single-instance pipe
    named after the MD5 of the profile URL in UTF-16 (LibreOffice's
    CreateMD5FromString: bytes in hex without leading zeros).
    """
    if _IS_WINDOWS:
        return []  # named pipes vanish with their process
    digest = hashlib.md5(profile_url.encode("utf-16-le"), usedforsecurity=False).digest()
    ipc = "SingleOfficeIPC_" + "".join(format(b, "x") for b in digest)
    uid = os.getuid()
    return [Path(base) / f"OSL_PIPE_{uid}_{name}"
            for base in ("/tmp", "/var/tmp") for name in (pipe_name, ipc)]


def _popen_group_kwargs() -> dict:
    if _IS_WINDOWS:
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}  # type: ignore[attr-defined]
    return {"start_new_session": True}


def _group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes of a process group (Linux /proc), or [] / [pgid]."""
    proc = Path("/proc")
    if proc.is_dir() and (proc / "self" / "stat").exists():
        members = []
        for d in proc.iterdir():
            if not d.name.isdigit():
                continue
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            # pid (comm) state ppid pgrp ...; comm may hold spaces/parens
            rest = stat[stat.rfind(")") + 2:].split()
            if len(rest) >= 3 and rest[2] == str(pgid) and rest[0] != "Z":
                members.append(int(d.name))
        return members
    try:
        os.killpg(pgid, 0)
        return [pgid]
    except (ProcessLookupError, PermissionError):
        return []
    except OSError:
        return []


def _kill_group(proc: Optional[subprocess.Popen], grace: float = 3.0) -> None:
    """Terminate a process started with `_popen_group_kwargs` and all its descendants."""
    if proc is None:
        return
    if _IS_WINDOWS:
        if proc.poll() is None:
            subprocess.run(["taskkill", "/PID", str(proc.pid), "/T", "/F"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
        return
    pgid = proc.pid  # a session leader: its pid is the group id
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        if not _group_members(pgid) and proc.poll() is not None:
            break
        try:
            os.killpg(pgid, sig)
        except (ProcessLookupError, PermissionError):
            pass
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            proc.poll()
            if proc.returncode is not None and not _group_members(pgid):
                break
            time.sleep(0.05)
    try:
        proc.wait(timeout=1)
    except subprocess.TimeoutExpired:
        pass


# The UNO client. Runs under a UNO-capable Python (often not docgen's).
# argv: connection-string  soffice-pid  startup-timeout
_HELPER = r'''
import json, os, signal, sys, threading, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
proto = os.fdopen(os.dup(1), "w", encoding="utf-8")
os.dup2(2, 1)  # anything else printed to stdout goes to stderr

conn, office_pid, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
parent = os.getppid()

def kill_office():
    try:
        if os.name == "nt":
            import subprocess
            subprocess.run(["taskkill", "/PID", str(office_pid), "/T", "/F"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        else:
            os.killpg(office_pid, signal.SIGKILL)
    except Exception:
        pass

def orphaned():
    """docgen is gone (even kill -9): stop LibreOffice, remove its files, exit."""
    kill_office()
    here = os.path.dirname(os.path.abspath(__file__))
    if os.path.basename(here).startswith("docgen-office-"):
        import shutil
        for _ in range(20):  # LibreOffice may take a moment to let go of them
            shutil.rmtree(here, ignore_errors=True)
            if not os.path.exists(here):
                break
            time.sleep(0.25)
    os._exit(3)

def reply(obj):
    try:
        proto.write(json.dumps(obj, ensure_ascii=True) + "\n")
        proto.flush()
    except (OSError, ValueError):  # docgen is gone: so is LibreOffice
        orphaned()

def watchdog():
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:  # docgen is gone: leave nothing behind
            orphaned()

threading.Thread(target=watchdog, daemon=True).start()

try:
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException
except Exception as e:
    reply({"ok": False, "kind": "import", "error": "%s: %s" % (type(e).__name__, e)})
    sys.exit(2)

def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p

local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext(
    "com.sun.star.bridge.UnoUrlResolver", local)
deadline = time.time() + timeout
while True:
    try:
        ctx = resolver.resolve("uno:%s;urp;StarOffice.ComponentContext" % conn)
        break
    except NoConnectException:
        if time.time() > deadline:
            reply({"ok": False, "kind": "connect", "error": "no UNO connection after %ss" % timeout})
            sys.exit(2)
        time.sleep(0.1)
smgr = ctx.ServiceManager
desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
version = ""
try:
    cp = smgr.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider", ctx)
    node = cp.createInstanceWithArguments("com.sun.star.configuration.ConfigurationAccess",
                                          (prop("nodepath", "/org.openoffice.Setup/Product"),))
    version = "%s %s" % (node.getByName("ooName"), node.getByName("ooSetupVersionAboutBox"))
except Exception:
    pass
reply({"ok": True, "ready": True, "version": version})

def is_dead(e):
    name = type(e).__name__
    text = str(e)
    return name in ("DisposedException",) or "bridge" in text.lower() and "dispos" in text.lower()

quit = False
for line in sys.stdin:
    try:
        req = json.loads(line)
    except ValueError:
        continue
    op = req.get("op")
    if op == "quit":
        quit = True
        try:
            desktop.terminate()
        except Exception:
            pass
        reply({"ok": True})
        break
    if op != "convert":
        reply({"ok": False, "kind": "protocol", "error": "unknown op"})
        continue
    doc = None
    try:
        src = uno.systemPathToFileUrl(req["src"])
        dst = uno.systemPathToFileUrl(req["dst"])
        try:
            # MacroExecutionMode 0 = NEVER_EXECUTE, UpdateDocMode 0 = NO_UPDATE (links, templates)
            props = [prop("Hidden", True), prop("ReadOnly", True), prop("Silent", True),
                     prop("MacroExecutionMode", 0), prop("UpdateDocMode", 0)]
            if req.get("import_filter"):
                props.append(prop("FilterName", req["import_filter"]))
            doc = desktop.loadComponentFromURL(src, "_blank", 0, tuple(props))
        except Exception as e:
            if is_dead(e):
                raise
            reply({"ok": False, "kind": "load", "error": "%s: %s" % (type(e).__name__, e)})
            continue
        if doc is None:
            reply({"ok": False, "kind": "load", "error": "the file could not be opened"})
            continue
        try:
            doc.storeToURL(dst, (prop("FilterName", req["filter"]), prop("Overwrite", True)))
        except Exception as e:
            if is_dead(e):
                raise
            reply({"ok": False, "kind": "store", "error": "%s: %s" % (type(e).__name__, e)})
            continue
        reply({"ok": True})
    except Exception as e:
        reply({"ok": False, "kind": "dead", "error": "%s: %s" % (type(e).__name__, e)})
        break
    finally:
        if doc is not None:
            try:
                doc.close(True)
            except Exception:
                try:
                    doc.dispose()
                except Exception:
                    pass
if not quit:  # stdin closed without "quit": LibreOffice goes too
    if os.getppid() != parent:
        orphaned()
    kill_office()
'''


# ---------------------------------------------------------------- Office

_LIVE: "weakref.WeakSet[Office]" = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for office in list(_LIVE):
        office.close(graceful=False)


def _raise_exit(signum, frame):  # SIGTERM/SIGHUP while an Office is open
    raise SystemExit(128 + signum)


class Office:
    """A LibreOffice kept running for a batch; see the module docstring.

    Attributes for callers and tests: `starts` (how many times soffice was
    launched), `mode` ("uno" or "cli"), `version`, `profile_dir`, `pid`.
    """

    def __init__(self, fontconfig: bool = True, *, timeout: float = 120.0,
                 startup_timeout: float = 90.0, mode: str = "auto", soffice: Optional[str] = None,
                 pdf_options: Optional[dict] = None, show_comments: bool = False):
        """`soffice`: this launcher instead of the one found; `pdf_options`: PDF export
        filter data (name → bool/int/str, given on --convert-to, so the mode is "cli");
        `show_comments`: the profile shows comments (for ExportNotesInMargin). With
        `soffice` given, "auto" means "cli": the UNO Python found is the system's."""
        if mode not in ("auto", "uno", "cli"):
            raise ValueError("mode must be auto, uno or cli")
        if pdf_options and mode == "uno":
            raise ValueError("pdf_options need mode cli")
        self._forced_soffice = soffice
        self.pdf_options = dict(pdf_options or {})
        self.show_comments = show_comments
        mode = "cli" if self.pdf_options or (soffice and mode == "auto") else mode
        self.fontconfig = fontconfig
        self.timeout = timeout
        self.startup_timeout = startup_timeout
        self.requested_mode = mode
        self.mode: Optional[str] = None
        self.starts = 0
        self.conversions = 0
        self.recovered = 0  # documents converted with --convert-to after a crash
        self.version: Optional[str] = None
        self.connection: Optional[str] = None  # UNO connection string, uno mode
        self.soffice: Optional[str] = None
        self.uno_python: Optional[str] = None
        self._tmp: Optional[Path] = None
        self._proc: Optional[subprocess.Popen] = None
        self._helper: Optional[subprocess.Popen] = None
        self._replies: "queue.Queue[Optional[str]]" = queue.Queue()
        self._lock = threading.RLock()
        self._old_handlers: dict[int, object] = {}
        self._open = False
        self._starter: Optional[threading.Thread] = None
        self._start_error: Optional[BaseException] = None
        self._closing = False  # set by close(): a conversion in flight must not recover
        self._pipe_name = ""
        self._pipes: list[Path] = []

    def _env(self) -> dict:
        assert self._tmp is not None
        return _soffice_env(self.fontconfig, self._tmp / "tmp")

    def open_in_background(self) -> None:
        """Start LibreOffice on a thread while the caller does other work.

        `convert` and `close` wait for the start; a start error is raised by
        the next `convert`. Signal handlers are installed from the calling thread.
        """
        self._install_signal_handlers()
        reaper().start()  # from this thread: its Popen must not race a fork here

        def start():
            try:
                self.open()
            except BaseException as err:  # handed to the next convert()
                self._start_error = err

        self._starter = threading.Thread(target=start, name="docgen-office-start", daemon=True)
        self._starter.start()

    def _wait_for_start(self) -> None:
        starter, self._starter = self._starter, None
        if starter is not None:
            starter.join(self.startup_timeout + 30)
        err, self._start_error = self._start_error, None
        if err is not None:
            raise err

    # -- context manager
    def __enter__(self) -> "Office":
        self.open()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(graceful=exc_type is None)

    @property
    def profile_dir(self) -> Optional[Path]:
        return self._tmp / "profile" if self._tmp else None

    def scratch_dir(self) -> Path:
        """A new folder inside the private one: removed with it, even after a kill -9."""
        with self._lock:
            if not self._open:
                self.open()
            assert self._tmp is not None
            return Path(tempfile.mkdtemp(prefix="scratch-", dir=self._tmp))

    @property
    def pid(self) -> Optional[int]:
        return self._proc.pid if self._proc else None

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def open(self) -> None:
        with self._lock:
            if self._open:
                return
            self.soffice = self._forced_soffice or find_soffice()
            if not self.soffice:
                raise OfficeError("office.missing")
            if self.requested_mode in ("auto", "uno"):
                self.uno_python = find_uno_python(self.soffice)
            if self.uno_python:
                self.mode = "uno"
            elif self.requested_mode == "uno":
                raise OfficeError("office.start_failed",
                                  detail="no Python with the LibreOffice UNO bridge; "
                                         "install it: sudo apt-get install -y python3-uno")
            else:
                self.mode = "cli"
            self._tmp = reaper().private_dir("docgen-office-")
            (self._tmp / "tmp").mkdir()
            _seed_profile(self._tmp / "profile", self.show_comments)
            self._pipe_name = "docgen_" + uuid.uuid4().hex
            self._pipes = _pipe_files(self._pipe_name, self._profile_url())
            for pipe in self._pipes:
                reaper().watch_path(pipe)
            self._open = True
            _LIVE.add(self)
            self._install_signal_handlers()
            try:
                if self.mode == "uno":
                    self._start()
                else:
                    self._probe_version()
            except BaseException:
                self.close(graceful=False)
                raise

    # -- signals
    def _install_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread() or _IS_WINDOWS:
            return
        for sig in (signal.SIGTERM, signal.SIGHUP):
            try:
                if signal.getsignal(sig) in (signal.SIG_DFL, None):
                    self._old_handlers[sig] = signal.signal(sig, _raise_exit)
            except (ValueError, OSError):
                pass

    def _restore_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for sig, old in self._old_handlers.items():
            try:
                if signal.getsignal(sig) is _raise_exit:
                    signal.signal(sig, old)  # type: ignore[arg-type]
            except (ValueError, OSError):
                pass
        self._old_handlers.clear()

    # -- start / stop (uno mode)
    def _profile_url(self) -> str:
        assert self._tmp is not None
        return (self._tmp / "profile").as_uri()

    def _start(self) -> None:
        try:
            self._start_processes()
        except BaseException:
            self._stop(graceful=False)
            raise

    def _start_processes(self) -> None:
        assert self._tmp is not None and self.soffice and self.uno_python
        conn = f"pipe,name={self._pipe_name}"
        self.connection = conn  # other UNO clients (tests/lo_author) may join this office
        helper_file = self._tmp / "uno_helper.py"
        helper_file.write_text(_HELPER, encoding="utf-8")
        log = open(self._tmp / "soffice.log", "wb")
        try:
            self._proc = subprocess.Popen(
                [self.soffice, "--headless", "--invisible", "--norestore", "--nologo",
                 "--nodefault", "--nolockcheck",
                 f"-env:UserInstallation={self._profile_url()}",
                 f"--accept={conn};urp;StarOffice.ComponentContext"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                env=self._env(), cwd=str(self._tmp), **_popen_group_kwargs())
        except OSError as e:
            raise OfficeError("office.start_failed", detail=str(e)) from None
        finally:
            log.close()
        reaper().watch_group(self._proc.pid)
        self.starts += 1
        if self._closing:
            raise OfficeError("office.died", path="", detail="stopped")
        self._replies = queue.Queue()
        helper_log = open(self._tmp / "helper.log", "wb")
        try:
            self._helper = subprocess.Popen(
                [self.uno_python, str(helper_file), conn, str(self._proc.pid),
                 str(self.startup_timeout)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=helper_log,
                env=_helper_env(self.soffice), cwd=str(self._tmp), **_popen_group_kwargs())
        except OSError as e:
            raise OfficeError("office.start_failed", detail=str(e)) from None
        finally:
            helper_log.close()
        reaper().watch_group(self._helper.pid)
        if self._closing:
            raise OfficeError("office.died", path="", detail="stopped")
        threading.Thread(target=self._read_replies, args=(self._helper, self._replies),
                         daemon=True).start()
        reply = self._wait_reply(self.startup_timeout + 10, starting=True)
        if not reply.get("ok"):
            raise OfficeError("office.start_failed", detail=reply.get("error") or self._log_tail())
        self.version = reply.get("version") or None

    @staticmethod
    def _read_replies(helper: subprocess.Popen, q: "queue.Queue[Optional[str]]") -> None:
        assert helper.stdout is not None
        try:
            for raw in helper.stdout:
                q.put(raw.decode("utf-8", "replace"))
        except (OSError, ValueError):
            pass
        q.put(None)

    def _log_tail(self) -> str:
        parts = []
        for name in ("soffice.log", "helper.log"):
            try:
                text = (self._tmp / name).read_text("utf-8", "replace").strip()  # type: ignore[operator]
            except OSError:
                continue
            if text:
                parts.append(" ".join(text.splitlines()[-3:]))
        return "; ".join(parts)[-300:] or "no output"

    def _wait_reply(self, timeout: float, starting: bool = False) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            if self._closing:  # close() killed LibreOffice: do not wait for it
                return {"ok": False, "kind": "dead", "error": "stopped"}
            left = deadline - time.monotonic()
            if left <= 0:
                return {"ok": False, "kind": "timeout", "error": "timeout"}
            try:
                line = self._replies.get(timeout=min(left, 0.5))
            except queue.Empty:
                if self._proc is not None and self._proc.poll() is not None:
                    # soffice is gone; give the helper a moment to say why
                    try:
                        line = self._replies.get(timeout=1.0)
                    except queue.Empty:
                        line = None
                    if line is None:
                        return {"ok": False, "kind": "dead",
                                "error": f"soffice exited with code {self._proc.returncode}"}
                else:
                    continue
            if line is None:
                code = self._proc.poll() if self._proc else None
                detail = (f"soffice exited with code {code}" if code is not None
                          else "the UNO helper stopped: " + self._log_tail())
                return {"ok": False, "kind": "dead", "error": detail}
            try:
                return json.loads(line)
            except ValueError:
                continue

    def _stop(self, graceful: bool) -> None:
        helper, proc = self._helper, self._proc
        if graceful and helper is not None and helper.poll() is None and self.alive:
            try:
                assert helper.stdin is not None
                helper.stdin.write(b'{"op": "quit"}\n')
                helper.stdin.flush()
                self._wait_reply(10)
                if proc is not None:
                    proc.wait(timeout=10)
            except (OSError, ValueError, subprocess.TimeoutExpired):
                pass
        _kill_group(proc)
        if proc is not None:
            reaper().forget_group(proc.pid)
        if helper is not None:
            try:
                if helper.stdin:
                    helper.stdin.close()
            except OSError:
                pass
            _kill_group(helper, grace=1.0)
            reaper().forget_group(helper.pid)
            if helper.stdout:
                try:
                    helper.stdout.close()
                except OSError:
                    pass
        self._helper = None
        self._proc = None

    def close(self, graceful: bool = True) -> None:
        """Stop LibreOffice (and everything it started) and remove the profile."""
        if not graceful:
            # interrupted: stop LibreOffice now, even while another thread
            # starts it or waits for a conversion (holding the lock until
            # the conversion ends); both see _closing and give up at once
            self._closing = True
            self._abort()
        starter = self._starter
        if starter is not None and starter is not threading.current_thread():
            starter.join(self.startup_timeout + 30)  # a start in flight would be orphaned
        if not graceful:
            self._abort()
        with self._lock:
            if not self._open:
                return
            # a second Ctrl-C must not interrupt the cleanup
            masked = False
            if (not _IS_WINDOWS and threading.current_thread() is threading.main_thread()):
                try:
                    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
                    masked = True
                except (AttributeError, OSError, ValueError):
                    pass
            try:
                self._stop(graceful)
                if self._tmp is not None:
                    _rmtree(self._tmp)
                    if not self._tmp.exists():
                        reaper().forget_path(self._tmp)  # else the reaper removes it when docgen exits
                for pipe in self._pipes:  # left behind only when LibreOffice was killed
                    try:
                        pipe.unlink()
                    except FileNotFoundError:
                        pass
                    except OSError:
                        continue
                    reaper().forget_path(pipe)
                self._pipes = []
            finally:
                self._open = False
                self._closing = False
                _LIVE.discard(self)
                self._restore_signal_handlers()
                if masked:
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})

    def _abort(self) -> None:
        for proc in (self._proc, self._helper):
            if proc is None or proc.poll() is not None:
                continue
            try:
                if _IS_WINDOWS:
                    subprocess.run(["taskkill", "/PID", str(proc.pid), "/T", "/F"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                else:
                    os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass

    # -- conversion
    def convert(self, src: Path, dst: Path, fmt: str) -> Path:
        """Convert `src` to `dst` in format `fmt` ("pdf", "odt", "docx").

        `dst` is written atomically (temporary file beside it, then
        os.replace); it is never the input. Returns `dst`.
        """
        self._wait_for_start()
        fmt = (fmt or "").lower().lstrip(".")
        if fmt not in FORMATS:
            raise OfficeError("office.format", fmt=fmt)
        src = Path(src)
        if not src.is_file():
            raise InputError("input.missing", path=str(src))
        src = src.resolve()
        if src.stat().st_size == 0:
            raise OfficeError("office.load_failed", path=src.name)
        dst = Path(os.path.abspath(dst))
        if dst.exists() and dst.resolve() == src:
            raise OfficeError("office.same_file", path=str(dst))
        dst.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            if not self._open:
                self.open()
            if self._closing:
                raise OfficeError("office.died", path=src.name, detail="stopped")
            assert self._tmp is not None
            # everything LibreOffice reads or writes stays in the private
            # folder (the reaper removes it even after a kill -9); the result
            # is then written beside dst atomically
            work = Path(tempfile.mkdtemp(prefix="job-", dir=self._tmp))
            try:
                from .offline import offline_copy
                feed = offline_copy(src, work / "in")  # outside references cut
                out = work / f"out.{FORMATS[fmt][2]}"
                if self.mode == "uno":
                    self._convert_uno(feed, out, fmt)
                else:
                    self._convert_cli(feed, out, fmt)
                if not out.is_file() or out.stat().st_size == 0:
                    raise OfficeError("office.failed", path=src.name, detail="no output written")
                data = out.read_bytes()
                if fmt == "pdf":
                    data = reproducible_pdf(data)
                from ..fsutil import atomic_write
                atomic_write(dst, data, [src])
            finally:
                shutil.rmtree(work, ignore_errors=True)
            self.conversions += 1
            return dst

    def _convert_uno(self, src: Path, tmp: Path, fmt: str) -> None:
        if self._proc is None:
            self._start()  # after a reported death or timeout: start afresh
        elif not self.alive or self._helper is None or self._helper.poll() is not None:
            # died since the previous document: say so once; the next call restarts
            code = self._proc.poll()
            self._stop(graceful=False)
            raise OfficeError("office.died", path=src.name,
                              detail=f"soffice exited with code {code}" if code is not None
                              else "the UNO helper stopped")
        assert self._helper is not None and self._helper.stdin is not None
        req = {"op": "convert", "src": str(src), "dst": str(tmp), "filter": FORMATS[fmt][0],
               "import_filter": IMPORT_FILTERS.get(src.suffix.lower())}
        try:
            self._helper.stdin.write((json.dumps(req, ensure_ascii=True) + "\n").encode())
            self._helper.stdin.flush()
        except (OSError, ValueError):
            self._stop(graceful=False)
            raise OfficeError("office.died", path=src.name, detail=self._log_tail()) from None
        reply = self._wait_reply(self.timeout)
        if reply.get("ok"):
            return
        kind = reply.get("kind")
        if kind == "timeout":
            self._stop(graceful=False)  # a hung LibreOffice is useless; next call restarts
            raise OfficeError("office.timeout", path=src.name, seconds=int(self.timeout))
        if self._closing:  # killed by close(): no retry
            raise OfficeError("office.died", path=src.name, detail="stopped")
        if kind == "dead" or not self.alive:
            # LibreOffice crashed on this very document. Some documents crash
            # a listening LibreOffice but convert fine with --convert-to (the
            # nogui build lacks Writer's .ui files, and a document with
            # comments makes a listening LibreOffice build the comment side
            # bar). Try that once; the next document starts a new listener.
            self._stop(graceful=False)
            detail = _short(reply.get("error") or "unknown")
            try:
                self._convert_cli(src, tmp, fmt)
            except OfficeError as e:
                raise OfficeError("office.died", path=src.name,
                                  detail=f"{detail}; --convert-to: {e.params.get('detail') or e.key}") from None
            self.recovered += 1
            return
        if kind == "load":
            raise OfficeError("office.load_failed", path=src.name)
        raise OfficeError("office.failed", path=src.name,
                          detail=_short(reply.get("error") or "unknown"))

    # -- cli fallback
    def _probe_version(self) -> None:
        try:
            r = subprocess.run([self.soffice, f"-env:UserInstallation={self._profile_url()}", "--version"],  # type: ignore[list-item]
                               capture_output=True, timeout=60, env=self._env(), cwd=str(self._tmp))
            self.version = r.stdout.decode("utf-8", "replace").strip().splitlines()[0] or None
        except (OSError, subprocess.SubprocessError, IndexError):
            self.version = None

    def _convert_cli(self, src: Path, tmp: Path, fmt: str) -> None:
        assert self._tmp is not None and self.soffice
        outdir = Path(tempfile.mkdtemp(prefix="out-", dir=self._tmp))
        try:
            proc = subprocess.Popen(
                [self.soffice, "--headless", "--invisible", "--norestore", "--nologo",
                 "--nodefault", "--nolockcheck", f"-env:UserInstallation={self._profile_url()}",
                 *([f"--infilter={IMPORT_FILTERS[src.suffix.lower()]}"]
                   if src.suffix.lower() in IMPORT_FILTERS else []),
                 "--convert-to", FORMATS[fmt][1] + (":" + _filter_options(self.pdf_options)
                                                    if fmt == "pdf" and self.pdf_options else ""),
                 "--outdir", str(outdir), str(src)],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                env=self._env(), cwd=str(self._tmp), **_popen_group_kwargs())
            reaper().watch_group(proc.pid)
            self.starts += 1
            self._proc = proc
            try:
                out, _ = proc.communicate(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                _kill_group(proc)
                raise OfficeError("office.timeout", path=src.name, seconds=int(self.timeout)) from None
            finally:
                _kill_group(proc, grace=1.0)
                reaper().forget_group(proc.pid)
                self._proc = None
            produced = outdir / f"{src.stem}.{FORMATS[fmt][2]}"
            if not produced.is_file():
                text = out.decode("utf-8", "replace").strip()
                if "could not be loaded" in text:
                    raise OfficeError("office.load_failed", path=src.name)
                raise OfficeError("office.failed", path=src.name,
                                  detail=_short(text or f"exit code {proc.returncode}"))
            shutil.move(str(produced), str(tmp))
        finally:
            shutil.rmtree(outdir, ignore_errors=True)


def _rmtree(path: Path) -> None:
    """Remove a folder a just-killed LibreOffice may still be letting go of."""
    for _ in range(20):
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            return
        time.sleep(0.05)


def _short(text: str, width: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------- same input, same PDF

_PDF_DATE = re.compile(rb"/(?:CreationDate|ModDate)\s*\((D:[^)]*)\)")
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]*)>\s*<([0-9A-Fa-f]*)>\s*\]")
_PDF_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")
_XMP_DATE = re.compile(rb"<(xmp:(?:CreateDate|ModifyDate|MetadataDate))>([^<]*)</\1>")
_XMP_UUID = re.compile(rb"uuid:([0-9A-Fa-f-]{36})")
_FIXED_DATE = b"20000101000000"  # the date docgen's DOCX files carry too


def _fixed_date(value: bytes) -> bytes:
    """`value` with its digits replaced by 2000-01-01 00:00:00 (time zone zeroed): same length."""
    out, i = bytearray(), 0
    for ch in value:
        if 0x30 <= ch <= 0x39:
            out.append(_FIXED_DATE[i] if i < len(_FIXED_DATE) else 0x30)
            i += 1
        else:
            out.append(ch)
    return bytes(out)


def reproducible_pdf(data: bytes) -> bytes:
    """LibreOffice's PDF with its time stamps fixed and its /ID derived from the content.

    LibreOffice stamps /CreationDate (and XMP dates for PDF/A) with the clock
    and draws /ID and /DocChecksum at random, so two exports of one document
    differ. Each value is rewritten in place with one of the same length, so
    every xref offset stays valid; /ID becomes a digest of everything else.
    """
    trailer = data.rfind(b"trailer")
    if not data.startswith(b"%PDF-") or trailer < 0:
        return data  # not the classic-xref PDF LibreOffice writes: leave it alone
    buf = bytearray(data)

    def put(start: int, new: bytes) -> None:
        buf[start:start + len(new)] = new

    info = re.search(rb"/Info\s+(\d+)\s+(\d+)\s+R", data[trailer:])
    if info:
        head = re.compile(rb"(?<![0-9])%s\s+%s\s+obj\b" % (info.group(1), info.group(2)))
        objs = list(head.finditer(data))
        if objs:
            start = objs[-1].end()
            end = data.find(b"endobj", start)
            for m in _PDF_DATE.finditer(data, start, end if end > 0 else len(data)):
                put(m.start(1), _fixed_date(m.group(1)))
    uuids: list = []
    meta = data.find(b"<x:xmpmeta")
    if meta >= 0:  # uncompressed XMP (PDF/A)
        meta_end = data.find(b"</x:xmpmeta>", meta)
        meta_end = meta_end if meta_end > 0 else len(data)
        for m in _XMP_DATE.finditer(data, meta, meta_end):
            put(m.start(2), _fixed_date(m.group(2)))
        uuids = list(_XMP_UUID.finditer(data, meta, meta_end))
    ids = list(_PDF_ID.finditer(data, trailer))
    sums = list(_PDF_CHECKSUM.finditer(data, trailer))
    spans = [(m.start(g), m.end(g)) for m in ids for g in (1, 2)] + [m.span(1) for m in sums + uuids]
    for a, b in spans:
        put(a, b"0" * (b - a))
    digest = hashlib.sha256(bytes(buf)).hexdigest().upper().encode() * 2
    for a, b in spans:
        value = digest[: b - a]
        if b"-" in data[a:b]:  # a uuid keeps its dashes
            value = bytes(c if c == 0x2D else value[i] for i, c in enumerate(data[a:b]))
        put(a, value)
    return bytes(buf)
