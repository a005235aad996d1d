"""The default text report: a plain checklist in a pipe (CI logs), colours only on a terminal.

Either way a path or message holding `[..]` prints as written (it is never read as markup),
and the pipe gets no colour codes, no box drawing and one unwrapped summary line per file.
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios

from handmade import summary_docx

FONT_BAD = '<w:rFonts w:ascii="PMingLiU" w:eastAsia="新細明體" w:hAnsi="PMingLiU"/><w:sz w:val="28"/>'
BOX = set("─│┌┐└┘├┤┬┴┼━┃┏┓┗┛┡┩╇╈┣┫")


def docgen(args, cwd, tty=False):
    cmd = [sys.executable, "-m", "docgen", "check", *args, "--lang", "en"]
    if not tty:
        r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
        return r.returncode, r.stdout
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    out = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return p.wait(), out.decode("utf-8", "replace")


def batch(tmp_path):
    folder = tmp_path / "in [red]"
    folder.mkdir()
    summary_docx(folder / "good [bold].docx")
    summary_docx(folder / ("bad-" + "x" * 70 + ".docx"), body_rpr=FONT_BAD)
    return folder


def test_piped_report_is_a_plain_checklist(tmp_path):
    folder = batch(tmp_path)
    code, out = docgen([folder.name], tmp_path)
    assert code == 1
    assert "\x1b[" not in out and not BOX & set(out)
    lines = out.splitlines()
    good = f"{folder.name}/good [bold].docx"
    bad = f"{folder.name}/bad-{'x' * 70}.docx"
    assert any(line.startswith(good + " — ") for line in lines)  # its checklist's heading
    # the summary: one tab-separated row per file, the whole path in it however long
    rows = {line.split("\t")[0]: line.split("\t") for line in lines if "\t" in line}
    assert rows[good][-1].startswith("passed") and rows[bad][-1].startswith("failed")
    assert "font-family" in out
    assert lines[-1].startswith("2 files: 1 passed, 1 failed")


def test_quiet_file_piped(tmp_path):
    summary_docx(tmp_path / "a[1].docx")
    code, out = docgen(["a[1].docx"], tmp_path)
    assert code == 0
    assert out.splitlines()[0].startswith("a[1].docx — ")
    assert "✗" not in out and "\x1b[" not in out
    assert "passed" in out.splitlines()[-2]


def test_terminal_report_is_coloured_and_keeps_brackets(tmp_path):
    folder = batch(tmp_path)
    code, out = docgen([folder.name], tmp_path, tty=True)
    assert code == 1
    assert "\x1b[" in out  # colour on a terminal
    plain = out.replace("\r\n", "\n")
    assert "good [bold].docx" in plain and "in [red]" in plain  # not eaten as markup
    assert "font-family" in plain


def test_one_file_on_a_terminal_is_coloured_without_rich(tmp_path, monkeypatch):
    """One file's report on a terminal: ANSI colours written by docgen (rich costs ~25 ms to
    import), brackets kept, NO_COLOR keeps only bold and dim, TERM=dumb gets plain text."""
    path = tmp_path / "bad [red].docx"
    summary_docx(path, body_rpr=FONT_BAD)
    code, out = docgen([path.name], tmp_path, tty=True)
    assert code == 1
    assert "\x1b[1mbad [red].docx\x1b[0m" in out  # bold path, [red] as written
    assert "\x1b[31m✗\x1b[0m Font family \x1b[2mfont-family\x1b[0m" in out
    assert "\x1b[32m✓\x1b[0m" in out and "Result" in out

    from docgen.reports.text import as_ansi, as_plain

    lines = [[("a", "bold"), (" b", "red"), (" c", None)]]
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert as_ansi(lines) == "\x1b[1ma\x1b[0m\x1b[31m b\x1b[0m c\n"
    monkeypatch.setenv("NO_COLOR", "1")
    assert as_ansi(lines) == "\x1b[1ma\x1b[0m b c\n"
    monkeypatch.setenv("TERM", "dumb")
    assert as_ansi(lines) == as_plain(lines) == "a b c\n"
    # and rich is not imported for it
    code = ("import io, sys\n"
            "import docgen.reports.text as t\n"
            "from docgen.check import check_path, CheckOptions\n"
            "class Tty(io.StringIO):\n    def isatty(self): return True\n"
            "t.write([check_path(sys.argv[1], CheckOptions(lang='en'))], stream=Tty())\n"
            "print('rich' in sys.modules)\n")
    r = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=tmp_path)
    assert r.stdout.strip() == "False", r.stdout + r.stderr
