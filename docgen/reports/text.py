"""The text checklist: one line per rule, then the findings, then a summary for a batch.

Built as lines of (text, style) pieces. Written as plain text to a pipe or a file (a CI
log: no colour codes, no box drawing, one line per file in the summary); coloured only
on a terminal (ANSI codes written here for one file, rich's table for a batch), and
from the pieces, so a path or message holding `[..]` is never read as markup. Plain
output and one file's report do not import rich (about 25 ms at start).
"""

from __future__ import annotations

import os
from typing import Optional, TextIO

from .. import i18n
from ..model import FileResult
from .checklist import checklist, count_text, form_name, verdict

Piece = tuple[str, Optional[str]]  # text, rich style (None: plain)
Line = list[Piece]

MARK = {"ok": ("✓", "green"), "error": ("✗", "red"), "warning": ("!", "yellow"), "info": ("i", "blue"),
        "skipped": ("—", "dim")}
SEVERITY_STYLE = {"error": "red", "warning": "yellow"}


def file_lines(r: FileResult, strict: bool = False) -> list[Line]:
    out: list[Line] = [[(r.path, "bold"), (f" — {form_name(r)}", None)]]
    if r.error:
        out.append([("  ", None), (f"✗ {r.error}", "red")])
        return out
    s = r.stats
    if "count" in s:
        out.append([("  " + i18n.t("report.count", count=s["count"], limit=i18n.limit(s["limit"]), policy=s["policy"]), None)])
    lines = checklist(r)
    for line in lines:
        mark, style = MARK[line.status]
        n = i18n.paren(str(len(line.findings))) if line.findings else ""
        out.append([("  ", None), (mark, style), (f" {line.rule.title()} ", None), (line.rule.id, "dim"), (n, None)])
    for line in lines:
        for f in line.findings:
            where = f.location.describe(f.message)
            piece: Line = [("  ", None), (i18n.t(f"severity.{f.severity}"), SEVERITY_STYLE.get(f.severity, "blue")),
                           (" ", None), (f.rule, "dim"), (f" {f.message}", None)]
            if where:
                piece.append((i18n.paren(where), "dim"))
            out.append(piece)
        if line.findings and line.findings[0].hint:
            out.append([("      ", None), (f"→ {line.findings[0].hint}", "dim")])
    out.append([("  ", None), (i18n.labelled(i18n.t("report.result"), verdict(r, strict)),
                               "green" if r.passed(strict) else "red")])
    return out


def report_lines(results: list[FileResult], strict: bool = False, summary: bool = True,
                 batch=()) -> list[Line]:
    """Every file's checklist; for a batch, one tab-separated summary row per file (unless
    `summary` is False: the terminal shows a table instead), the totals, and the batch findings."""
    lines: list[Line] = []
    for r in results:
        lines.extend(file_lines(r, strict))
        lines.append([])
    if len(results) > 1:
        if summary:  # tab-separated: a whole path per row, ready to paste into a spreadsheet
            from .summary import headers, summary_row
            for row in [headers(), *(summary_row(r, strict) for r in results)]:
                lines.append([("\t".join(str(v) for v in row), None)])
            lines.append([])
        lines.append([(totals(results, strict), None)])
    for f in batch:
        lines.append([(i18n.t("severity." + f.severity), SEVERITY_STYLE.get(f.severity, "blue")), (" ", None),
                      (f.rule, "dim"), (f" {f.message}", None)])
    return lines


def totals(results: list[FileResult], strict: bool = False) -> str:
    ok = sum(1 for r in results if r.passed(strict))
    unreadable = sum(1 for r in results if r.error)
    return i18n.t("report.summary", n=len(results), ok=ok, bad=len(results) - ok - unreadable, unreadable=unreadable)


def as_plain(lines: list[Line]) -> str:
    return "".join("".join(text for text, _ in line) + "\n" for line in lines)


def render(results: list[FileResult], strict: bool = False, batch=()) -> str:
    """The report as plain text (for a pipe, a file, a CI log)."""
    return as_plain(report_lines(results, strict, batch=batch))


def write(results: list[FileResult], strict: bool = False, stream: Optional[TextIO] = None, batch=()) -> None:
    """Print the report: coloured with a summary table on a terminal, plain text otherwise."""
    import sys

    from . import clean_result

    results = [clean_result(r) for r in results]  # no control character reaches the terminal
    stream = stream or sys.stdout
    isatty = getattr(stream, "isatty", None)
    if not (isatty and isatty()):
        stream.write(render(results, strict, batch))
        return
    if len(results) == 1 and os.name != "nt":
        # one file: its lines in colour without rich (~25 ms to import at every start); a batch
        # gets rich's table, and Windows consoles rich's handling of them
        stream.write(as_ansi(report_lines(results, strict, batch=batch)))
        return
    from rich.console import Console

    console = Console(file=stream, highlight=False, soft_wrap=True)
    lines = report_lines(results, strict, summary=False, batch=batch)
    tail = lines[len(lines) - len(batch) - 1:] if len(results) > 1 else []  # totals + batch findings
    for line in lines[:len(lines) - len(tail)]:
        console.print(_styled(line))
    if len(results) > 1:
        console.print(summary_table(results, strict))
    for line in tail:
        console.print(_styled(line))


SGR = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34"}


def as_ansi(lines: list[Line]) -> str:
    """The lines with their styles as ANSI codes, as rich writes them: none on a dumb
    terminal, and no colours (bold and dim kept) under NO_COLOR (https://no-color.org)."""
    if os.environ.get("TERM") == "dumb":
        return as_plain(lines)
    colours = not os.environ.get("NO_COLOR")
    out = []
    for line in lines:
        for text, style in line:
            code = SGR.get(style) if style else None
            if code and (colours or int(code) < 30):
                out.append(f"\x1b[{code}m{text}\x1b[0m")
            else:
                out.append(text)
        out.append("\n")
    return "".join(out)


def _styled(line: Line):
    from rich.text import Text

    text = Text()
    for piece, style in line:
        text.append(piece, style)
    return text


def summary_table(results: list[FileResult], strict: bool = False):
    from rich.table import Table

    table = Table()
    table.add_column(i18n.t("report.file"), overflow="fold")  # a cut path is ambiguous (.docx vs .pdf)
    for key in ("report.form", "report.errors", "report.warnings", "report.chars", "report.result"):
        table.add_column(i18n.t(key))
    for r in results:
        # cells as Text: a path holding [..] is not markup
        table.add_row(*(_text(c) for c in (r.path, form_name(r), str(r.errors), str(r.warnings), count_text(r),
                                           verdict(r, strict))),
                      style=None if r.passed(strict) else "red")
    return table


def _text(s: str):
    from rich.text import Text
    return Text(s)
