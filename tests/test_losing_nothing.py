"""Never overwrite an input, write atomically, survive interruption and concurrency."""

import hashlib
import signal
import subprocess
import sys
import time
import zipfile

from conftest import CORPUS, REPO, check

DOCGEN = [sys.executable, "-m", "docgen"]


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_build_and_check_never_modify_inputs(summary_source, tmp_path):
    src = summary_source()
    before = {p: digest(p) for p in src.rglob("*") if p.is_file()}
    subprocess.run([*DOCGEN, "build", str(src), "-o", str(tmp_path / "out")], cwd=REPO, check=False,
                   capture_output=True, timeout=120)
    built = tmp_path / "out" / "app.docx"
    built_digest = digest(built)
    subprocess.run([*DOCGEN, "check", str(built), str(src)], cwd=REPO, capture_output=True, timeout=120)
    assert {p: digest(p) for p in src.rglob("*") if p.is_file() and p in before} == before
    assert digest(built) == built_digest


def test_checking_corpus_files_leaves_them_untouched():
    files = sorted(CORPUS.rglob("*.docx"))[:15]
    before = [digest(f) for f in files]
    for f in files:
        check(f)
    assert [digest(f) for f in files] == before


def test_report_output_may_not_be_an_input(summary_source):
    src = summary_source()
    target = src / "application.md"
    before = digest(target)
    r = subprocess.run([*DOCGEN, "check", str(target), "-o", str(target)], cwd=REPO,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "覆寫" in r.stderr
    assert digest(target) == before


def test_interrupted_build_leaves_previous_output_intact(summary_source, tmp_path):
    src = summary_source()
    out = tmp_path / "out"
    subprocess.run([*DOCGEN, "build", str(src), "-o", str(out)], cwd=REPO, capture_output=True, timeout=120)
    target = out / "app.docx"
    previous = target.read_bytes()
    # change the source, then kill builds at increasing moments: the target is always whole
    text = (src / "application.md").read_text(encoding="utf-8")
    (src / "application.md").write_text(text.replace("行動櫃檯到府服務", "行動櫃檯到府服務二版"), encoding="utf-8")
    seen = set()
    for delay in (0.05, 0.15, 0.25, 0.35, 0.5, 0.7, 1.0):
        proc = subprocess.Popen([*DOCGEN, "build", str(src), "-o", str(out)], cwd=REPO,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        data = target.read_bytes()
        assert zipfile.ZipFile(target).testzip() is None
        seen.add("old" if data == previous else "new")
    assert "old" in seen  # at least one kill landed before the rename
    leftovers = [p for p in out.iterdir() if p.name.startswith(".") and p.suffix == ".tmp"]
    # a killed writer may leave its private temp file, never a half-written target
    assert all(p.name != "app.docx" for p in leftovers)


def test_concurrent_builds_into_one_folder(summary_source, tmp_path):
    src = summary_source()
    out = tmp_path / "out"
    reference = tmp_path / "ref"
    subprocess.run([*DOCGEN, "build", str(src), "-o", str(reference)], cwd=REPO, capture_output=True, timeout=120)
    expected = (reference / "app.docx").read_bytes()
    procs = [subprocess.Popen([*DOCGEN, "build", str(src), "-o", str(out)], cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(4)]
    for p in procs:
        assert p.wait(timeout=120) in (0, 1)
    assert (out / "app.docx").read_bytes() == expected
    assert not [p for p in out.iterdir() if p.suffix == ".tmp"]


KILLED_WRITER = """
import sys
from pathlib import Path
from docgen.fsutil import atomic_write
target = Path(sys.argv[1])
print("writing", flush=True)
while True:
    atomic_write(target, b"x" * (64 << 20))
"""


def test_a_writer_killed_mid_write_leaves_no_temp_file(tmp_path):
    """SIGKILL cannot be caught: the data goes to an unnamed file that only gets a name
    just before the rename, so a kill while writing leaves the old file and nothing else."""
    target = tmp_path / "report.json"
    target.write_bytes(b"old")
    for delay in (0.05, 0.2, 0.4):
        proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(target)], cwd=REPO,
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "writing"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
        assert target.read_bytes() in (b"old", b"x" * (64 << 20))
