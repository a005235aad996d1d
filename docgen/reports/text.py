"""The terminal checklist: one line per rule, then the findings (rich markup)."""

from __future__ import annotations

from rich.markup import escape

from .. import i18n
from ..model import FileResult
from .checklist import checklist, count_text, form_name, verdict

MARK = {"ok": "[green]✓[/]", "error": "[red]✗[/]", "warning": "[yellow]![/]", "info": "[blue]i[/]",
        "skipped": "[dim]—[/]"}


def render_file(r: FileResult, strict: bool = False) -> list[str]:
    out = [f"[bold]{escape(r.path)}[/] — {escape(form_name(r))}"]
    if r.error:
        out.append(f"  [red]✗ {escape(r.error)}[/]")
        return out
    s = r.stats
    if "count" in s:
        out.append("  " + i18n.t("report.count", count=s["count"], limit=s["limit"], policy=s["policy"]))
    lines = checklist(r)
    for line in lines:
        n = f" ({len(line.findings)})" if line.findings else ""
        out.append(f"  {MARK[line.status]} {escape(line.rule.title())} [dim]{line.rule.id}[/]{n}")
    for line in lines:
        for f in line.findings:
            sev = i18n.t(f"severity.{f.severity}")
            colour = {"error": "red", "warning": "yellow"}.get(f.severity, "blue")
            where = f.location.describe(f.message)
            where = f" [dim]（{escape(where)}）[/]" if where else ""
            out.append(f"  [{colour}]{sev}[/] [dim]{f.rule}[/] {escape(f.message)}{where}")
        if line.findings and line.findings[0].hint:
            out.append(f"      [dim]→ {escape(line.findings[0].hint)}[/]")
    style = "green" if r.passed(strict) else "red"
    out.append(f"  [{style}]{i18n.t('report.result')}：{escape(verdict(r, strict))}[/]")
    return out


def render(results: list[FileResult], strict: bool = False) -> str:
    lines: list[str] = []
    for r in results:
        lines.extend(render_file(r, strict))
        lines.append("")
    if len(results) > 1:
        ok = sum(1 for r in results if r.passed(strict))
        unreadable = sum(1 for r in results if r.error)
        lines.append(i18n.t("report.summary", n=len(results), ok=ok, bad=len(results) - ok - unreadable,
                            unreadable=unreadable))
    return "\n".join(lines) + "\n"


def summary_table(results: list[FileResult], strict: bool = False):
    from rich.table import Table

    table = Table()
    table.add_column(i18n.t("report.file"), overflow="fold")  # a cut path is ambiguous (.docx vs .pdf)
    for key in ("report.form", "report.errors", "report.warnings", "report.chars", "report.result"):
        table.add_column(i18n.t(key))
    for r in results:
        table.add_row(r.path, form_name(r), str(r.errors), str(r.warnings), count_text(r), verdict(r, strict),
                      style=None if r.passed(strict) else "red")
    return table
