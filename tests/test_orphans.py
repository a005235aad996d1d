"""Nothing outlives docgen: no process, no temp folder, no LibreOffice socket.

Real builds and checks are killed with SIGKILL, SIGTERM and Ctrl-C (SIGINT to
the process group, as a terminal sends it) at several moments: while
LibreOffice starts, while it converts, while the PDF checkers work, while an
ODT is read, and while several ODTs are read by worker processes. Every
process docgen starts carries a marker in its environment; afterwards no
marked process may live, docgen's TMPDIR must be empty, the output folder
may hold no half-written file, and LibreOffice's UNIX sockets
(/tmp/OSL_PIPE_*, outside TMPDIR) must be gone — within seconds.

Linux only (it reads /proc). Real LibreOffice; skips only when it is missing and CI is unset.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from docgen.render.office import find_soffice

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "summary_form"
pytestmark = [
    pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc"),
    pytest.mark.skipif(find_soffice() is None and not os.environ.get("CI"),
                       reason="LibreOffice is not installed (set CI=true to make this a failure)"),
]
SETTLE = 10.0  # seconds allowed for everything to disappear after docgen is gone


def marked(marker: str) -> dict[int, str]:
    """Live processes (not zombies) whose environment holds the marker: pid → command line."""
    found = {}
    needle = f"DOCGEN_ORPHAN_TEST={marker}".encode()
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            if needle not in (d / "environ").read_bytes().split(b"\0"):
                continue
            state = (d / "stat").read_text().rsplit(")", 1)[1].split()[0]
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except (OSError, IndexError):
            continue
        if state != "Z":
            found[int(d.name)] = cmd.strip()
    return found


def expected_pipes(profile_dirs: set[str], pipe_names: set[str]) -> set[Path]:
    """LibreOffice's sockets for the profiles and UNO pipes seen during the run."""
    names = set(pipe_names)
    for profile in profile_dirs:
        url = Path(profile, "profile").as_uri()
        digest = hashlib.md5(url.encode("utf-16-le")).digest()
        names.add("SingleOfficeIPC_" + "".join(format(b, "x") for b in digest))
    return {Path(base) / f"OSL_PIPE_{os.getuid()}_{n}" for base in ("/tmp", "/var/tmp") for n in names}


class Run:
    """One docgen run in its own session, watched until it is killed."""

    def __init__(self, args: list[str], tmp_path: Path):
        self.marker = uuid.uuid4().hex
        self.tmpdir = tmp_path / "tmp"
        self.tmpdir.mkdir()
        self.out = tmp_path / "out"
        env = {**os.environ, "TMPDIR": str(self.tmpdir), "DOCGEN_ORPHAN_TEST": self.marker}
        # stderr to a file, not a pipe: an orphan holding the pipe open must
        # make the test fail, not hang
        self.err_path = tmp_path / "stderr.txt"
        with open(self.err_path, "wb") as err:
            self.proc = subprocess.Popen([sys.executable, "-m", "docgen", *args], cwd=REPO, env=env,
                                         stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        self.profiles: set[str] = set()
        self.pipes: set[str] = set()
        self.seen: dict[int, str] = {}

    def look(self) -> None:
        for pid, cmd in marked(self.marker).items():
            self.seen[pid] = cmd
            for part in cmd.split():
                if part.startswith("--accept=pipe,name="):
                    self.pipes.add(part.split("=", 2)[2].split(";")[0])
        try:
            self.profiles |= {str(p) for p in self.tmpdir.glob("docgen-office-*")}
        except OSError:
            pass

    def wait_for(self, moment: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.look()
            assert self.proc.poll() is None, f"docgen ended before “{moment}”: " + self.stderr()
            if self._reached(moment):
                return
            time.sleep(0.05)
        pytest.fail(f"never reached “{moment}”")

    def _reached(self, moment: str) -> bool:
        cmds = list(self.seen.values())
        if moment == "office-starting":
            return any("soffice" in c for c in cmds)
        if moment == "office-converting":
            return any("uno_helper" in c for c in cmds) and time.sleep(1.0) is None
        if moment.startswith("pdf-"):
            return len(list(self.out.glob("*.pdf"))) >= int(moment[4:])
        if moment == "workers-reading-odt":
            return sum("soffice.bin" in c for c in cmds) >= 2  # two workers, each with a LibreOffice
        raise ValueError(moment)

    def kill(self, sig: int) -> str:
        if sig == signal.SIGINT:
            os.killpg(self.proc.pid, sig)  # Ctrl-C: the terminal signals the whole foreground group
        else:
            self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            pytest.fail("docgen did not stop within 60 s of the signal")
        return self.stderr()

    def stderr(self) -> str:
        return self.err_path.read_text("utf-8", "replace")

    def leftovers(self) -> tuple[dict[int, str], list[str], list[str], float]:
        """What is left once docgen is gone, allowing SETTLE seconds; and how long it took."""
        start = time.monotonic()
        pipes = expected_pipes(self.profiles, self.pipes)
        while True:
            procs = marked(self.marker)
            temps = sorted(p.name for p in self.tmpdir.iterdir()) if self.tmpdir.exists() else []
            stray = sorted(p.name for p in pipes if os.path.lexists(p))
            if self.out.exists():
                stray += sorted(p.name for p in self.out.iterdir()
                                if p.name.startswith(".") or p.suffix in (".part", ".tmp"))
            took = time.monotonic() - start
            if (not procs and not temps and not stray) or took > SETTLE:
                return procs, temps, stray, took


def sources(tmp_path: Path, n: int) -> list[str]:
    out = []
    for i in range(n):
        d = tmp_path / f"form{i}"
        shutil.copytree(SAMPLE, d)
        out.append(str(d))
    return out


@pytest.fixture(scope="module")
def sample_odt(tmp_path_factory) -> Path:
    """A real ODT of the sample, made by docgen itself."""
    made = tmp_path_factory.mktemp("odt-src")
    r = subprocess.run([sys.executable, "-m", "docgen", "build", str(SAMPLE), "--odt", "-o", str(made)],
                       cwd=REPO, capture_output=True, text=True, timeout=300)
    odt = made / "summary_form.odt"
    assert odt.is_file(), r.stdout + r.stderr
    return odt


def odts(tmp_path: Path, odt: Path, n: int) -> list[str]:
    out = []
    for i in range(n):
        target = tmp_path / f"申請書{i}.odt"
        shutil.copy(odt, target)
        out.append(str(target))
    return out


SIGNALS = [pytest.param(signal.SIGKILL, id="SIGKILL"), pytest.param(signal.SIGTERM, id="SIGTERM"),
           pytest.param(signal.SIGINT, id="Ctrl-C")]


def _assert_clean(run: Run, sig: int, err: str) -> None:
    procs, temps, stray, took = run.leftovers()
    assert run.seen, "docgen started nothing: the test watched the wrong thing"
    assert procs == {}, f"processes outlived docgen by {took:.1f} s: {procs}"
    assert temps == [], f"temp folders left in TMPDIR: {temps}"
    assert stray == [], f"files left behind: {stray}"
    if sig != signal.SIGKILL:
        assert "Traceback" not in err, err


def kill_at(args: list[str], tmp_path: Path, moment: str, sig: int) -> None:
    run = Run(args, tmp_path)
    try:
        run.wait_for(moment)
        _assert_clean(run, sig, run.kill(sig))
    finally:
        if run.proc.poll() is None:
            run.proc.kill()
        for pid in marked(run.marker):  # a failed run must not leave its orphans to the next test
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


@pytest.mark.parametrize("sig", SIGNALS)
@pytest.mark.parametrize("moment", ["office-starting", "office-converting", "pdf-2"])
def test_killed_build_leaves_nothing(tmp_path, sig, moment):
    kill_at(["build", *sources(tmp_path, 3), "--pdf", "-o", str(tmp_path / "out")], tmp_path, moment, sig)


@pytest.mark.parametrize("sig", SIGNALS)
def test_killed_odt_check_leaves_nothing(tmp_path, sample_odt, sig):
    kill_at(["check", *odts(tmp_path, sample_odt, 1)], tmp_path, "office-converting", sig)


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: check runs without workers")
@pytest.mark.parametrize("sig", SIGNALS)
def test_killed_batch_check_with_workers_leaves_nothing(tmp_path, sample_odt, sig):
    """Four ODTs: checked by worker processes, each driving its own LibreOffice."""
    kill_at(["check", *odts(tmp_path, sample_odt, 4)], tmp_path, "workers-reading-odt", sig)


def test_a_finished_build_leaves_nothing(tmp_path):
    """Quiet case: a build that runs to its end leaves nothing either, and exits 0/1."""
    run = Run(["build", *sources(tmp_path, 2), "--pdf", "-o", str(tmp_path / "out")], tmp_path)
    while run.proc.poll() is None:
        run.look()
        time.sleep(0.05)
    assert run.proc.returncode in (0, 1), run.stderr()
    assert len(list(run.out.glob("*.pdf"))) == 2
    _assert_clean(run, signal.SIGTERM, run.stderr())
