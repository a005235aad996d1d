"""A Markdown checklist (written beside every build)."""

from __future__ import annotations

from .. import i18n
from ..model import FileResult
from .checklist import checklist, count_detail, form_name, verdict


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(results: list[FileResult], strict: bool = False, batch=()) -> str:
    out = [f"# {i18n.t('report.title')}", ""]
    out += [f"> {i18n.t('severity.' + f.severity)} `{f.rule}` {_cell(f.message)}" for f in batch]
    if batch:
        out.append("")
    for r in results:
        out += [f"## {_cell(r.path)}", "", f"- {i18n.labelled(i18n.t('report.form'), form_name(r))}",
                f"- {i18n.labelled(i18n.t('report.chars'), _cell(count_detail(r)))}",
                f"- {i18n.labelled(i18n.t('report.result'), f'**{verdict(r, strict)}**')}", ""]
        if r.error:
            out += [f"> {r.error}", ""]
            continue
        for line in checklist(r):
            mark = "x" if line.ok else " "
            if line.skipped:
                out.append(f"- — {line.rule.title()} `{line.rule.id}`{i18n.paren(i18n.t('report.na'))}")
                continue
            n = i18n.paren(str(len(line.findings))) if line.findings else ""
            out.append(f"- [{mark}] {line.rule.title()} `{line.rule.id}`{n}")
        if r.findings:
            out += ["", f"| {i18n.t('severity.error')}/{i18n.t('severity.warning')} | {i18n.t('report.rule')} | "
                        f"{i18n.t('report.message')} | {i18n.t('report.where')} | {i18n.t('report.hint')} |",
                    "|---|---|---|---|---|"]
            for f in r.findings:
                out.append(f"| {i18n.t('severity.' + f.severity)} | `{f.rule}` | {_cell(f.message)} | "
                           f"{_cell(f.location.describe())} | {_cell(f.hint or '')} |")
        out.append("")
    return "\n".join(out) + "\n"
