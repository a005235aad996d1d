"""One self-contained HTML page a reviewer can open."""

from __future__ import annotations

from html import escape

from .. import i18n
from ..model import FileResult
from .checklist import checklist, count_text, form_name, verdict

STYLE = """body{font-family:"標楷體","DFKai-SB","TW-Kai",serif;margin:2em;max-width:60em}
h1{font-size:1.4em}h2{font-size:1.15em;border-bottom:1px solid #ccc}
.ok{color:#176f2c}.bad{color:#b00020}.warn{color:#8a6d00}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left}
ul.check{list-style:none;padding-left:0}code{font-size:.85em;color:#555}"""


def render(results: list[FileResult], strict: bool = False) -> str:
    lang = "en" if i18n.get_lang() == "en" else "zh-Hant-TW"
    out = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"/>',
           f"<title>{escape(i18n.t('report.title'))}</title><style>{STYLE}</style></head><body>",
           f"<h1>{escape(i18n.t('report.title'))}</h1>",
           "<table><tr>" + "".join(f"<th>{escape(i18n.t(k))}</th>" for k in
                                   ("report.file", "report.form", "report.errors", "report.warnings",
                                    "report.chars", "report.result")) + "</tr>"]
    for r in results:
        cls = "ok" if r.passed(strict) else "bad"
        out.append(f"<tr><td>{escape(r.path)}</td><td>{escape(form_name(r))}</td><td>{r.errors}</td>"
                   f"<td>{r.warnings}</td><td>{escape(count_text(r))}</td>"
                   f'<td class="{cls}">{escape(verdict(r, strict))}</td></tr>')
    out.append("</table>")
    for r in results:
        out.append(f"<h2>{escape(r.path)}</h2>")
        if r.error:
            out.append(f'<p class="bad">{escape(r.error)}</p>')
            continue
        out.append('<ul class="check">')
        for line in checklist(r):
            if line.skipped:
                out.append(f'<li>— {escape(line.rule.title())} <code>{line.rule.id}</code>（{escape(i18n.t("report.na"))}）</li>')
                continue
            mark, cls = ("✓", "ok") if line.ok else (("✗", "bad") if line.worst == "error" else ("!", "warn"))
            n = f"（{len(line.findings)}）" if line.findings else ""
            out.append(f'<li class="{cls}">{mark} {escape(line.rule.title())} <code>{line.rule.id}</code>{n}</li>')
        out.append("</ul>")
        if r.findings:
            out.append("<table><tr><th></th><th>rule</th><th>" + escape(i18n.t("report.where")) +
                       "</th><th>" + escape(i18n.t("report.hint")) + "</th></tr>")
            for f in r.findings:
                cls = "bad" if f.severity == "error" else "warn"
                out.append(f'<tr><td class="{cls}">{escape(i18n.t("severity." + f.severity))}</td>'
                           f"<td><code>{f.rule}</code></td><td>{escape(f.message)}</td>"
                           f"<td>{escape(f.hint or '')}</td></tr>")
            out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
