"""One self-contained HTML page a reviewer can open: the batch summary (sortable, filterable),
then per file its checklist, its findings with complete locations and — unless `--no-pages` —
its pages with each finding boxed (images inline; no external requests)."""

from __future__ import annotations

import base64
from html import escape

from .. import i18n
from ..model import FileResult
from .checklist import checklist
from .summary import headers, summary_row

STYLE = """body{font-family:"標楷體","DFKai-SB","TW-Kai",serif;margin:1.5em}
h1{font-size:1.4em}h2{font-size:1.15em;border-bottom:1px solid #ccc;margin-top:2em}
.ok{color:#176f2c}.bad{color:#b00020}.warn{color:#8a6d00}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
#summary th{cursor:pointer;background:#f4f4f4}#summary th:after{content:" ⇅";color:#999}
ul.check{list-style:none;padding-left:0}code{font-size:.85em;color:#555}
.file{display:flex;gap:1.5em;align-items:flex-start}.pages{flex:0 0 auto;width:min(60vw,820px)}
.side{flex:1 1 20em;min-width:20em}
.page{position:relative;margin:0 0 1em;box-shadow:0 0 4px #999}.page img{display:block;width:100%}
.box{position:absolute;border:2px solid #d0021b;background:rgba(208,2,27,.08);text-decoration:none}
.box.warning{border-color:#e0a000;background:rgba(224,160,0,.08)}
.box span{position:absolute;top:-1.1em;left:-2px;background:#d0021b;color:#fff;font:bold 11px sans-serif;padding:0 3px}
.box.warning span{background:#e0a000}.box:target,tr:target{outline:3px solid #0057d8}
.note{background:#fff6d6;padding:.5em}"""

SCRIPT = """(function(){var t=document.getElementById('summary');if(!t)return;
var b=t.tBodies[0],f=document.getElementById('filter');
t.querySelectorAll('th').forEach(function(th,i){var asc=true;th.addEventListener('click',function(){
var rows=Array.prototype.slice.call(b.rows);rows.sort(function(x,y){var a=x.cells[i].textContent,c=y.cells[i].textContent;
var na=parseFloat(a),nc=parseFloat(c);var r=(!isNaN(na)&&!isNaN(nc))?na-nc:a.localeCompare(c,'zh-Hant');return asc?r:-r;});
asc=!asc;rows.forEach(function(r){b.appendChild(r);});});});
f.addEventListener('input',function(){var q=f.value.toLowerCase();Array.prototype.forEach.call(b.rows,function(r){
r.style.display=r.textContent.toLowerCase().indexOf(q)>=0?'':'none';});});})();"""


def render(results: list[FileResult], strict: bool = False, batch=(), pages: bool = False, pictures=None,
           time_budget=None) -> str:
    """`pictures`: the (pages by path, note) pair `pages.render_all` gave, when already made.
    `time_budget`: the --time-budget option; each file's pictures are bounded by the budget in force."""
    drawn, note = pictures or ({}, None)
    if pages and pictures is None:
        from ..budget import budget_seconds
        from .pages import render_all
        drawn, note = render_all(results, seconds=budget_seconds(time_budget, None))
    lang = "en" if i18n.get_lang() == "en" else "zh-Hant-TW"
    out = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"/>',
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
           'style-src \'unsafe-inline\'; script-src \'unsafe-inline\'"/>',
           f"<title>{escape(i18n.t('report.title'))}</title><style>{STYLE}</style></head><body>",
           f"<h1>{escape(i18n.t('report.title'))}</h1>"]
    if note:
        out.append(f'<p class="note">{escape(i18n.t(note))}</p>')
    for f in batch:
        out.append(f'<p class="warn">! {escape(f.message)} <code>{f.rule}</code></p>')
    out.append(f'<p><label>{escape(i18n.t("summary.filter"))} <input id="filter" type="search"/></label></p>')
    out.append('<table id="summary"><thead><tr>' + "".join(f"<th>{escape(h)}</th>" for h in headers()) +
               "</tr></thead><tbody>")
    for k, r in enumerate(results, 1):
        row = summary_row(r, strict)
        cls = "ok" if r.passed(strict) else "bad"
        cells = [f'<td><a href="#file{k}">{escape(str(row[0]))}</a></td>']
        cells += [f"<td>{escape(str(v))}</td>" for v in row[1:-1]]
        cells.append(f'<td class="{cls}">{escape(str(row[-1]))}</td>')
        out.append(f'<tr data-file="{k}">' + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    for k, r in enumerate(results, 1):
        out.extend(_file(k, r, drawn.get(r.path)))
    out.append(f"<script>//<![CDATA[\n{SCRIPT}\n//]]></script></body></html>")  # well-formed XML too
    return "\n".join(out) + "\n"


def _file(k: int, r: FileResult, pages) -> list[str]:
    out = [f'<section id="file{k}"><h2>{escape(r.path)}</h2>']
    if r.error:
        return out + [f'<p class="bad">{escape(r.error)}</p></section>']
    out.append('<div class="file">')
    boxed = set()
    if pages is not None and pages.note:
        out.append(f'<p class="note">{escape(i18n.t(pages.note))}</p>')
    if pages is not None and pages.pages:
        out.append('<div class="pages">')
        severity = {n: f.severity for n, f in enumerate(r.findings, 1)}
        for page in pages.pages:
            src = "data:image/jpeg;base64," + base64.b64encode(page.jpeg).decode("ascii")
            out.append(f'<div class="page" data-page="{page.number}" id="file{k}-p{page.number}">'
                       f'<img src="{src}" alt="{escape(i18n.t("loc.page", page=page.number))}"/>')
            stacked: dict = {}
            for b in (b for b in pages.boxes if b.page == page.number):
                # boxes on the same spot (a table and its cells): their numbers side by side
                spot = (round(b.left, 3), round(b.top, 3))
                shift = stacked.get(spot, 0)
                stacked[spot] = shift + 1
                first = b.finding not in boxed
                boxed.add(b.finding)
                anchor = f' id="file{k}-b{b.finding}"' if first else ""
                out.append(f'<a class="box {severity[b.finding]}"{anchor} data-rule="{escape(b.rule)}" '
                           f'data-finding="{b.finding}" href="#file{k}-f{b.finding}" '
                           f'style="left:{b.left * 100:.3f}%;top:{b.top * 100:.3f}%;'
                           f'width:{b.width * 100:.3f}%;height:{b.height * 100:.3f}%">'
                           f'<span style="margin-left:{shift * 1.8:.1f}em">{b.finding}</span></a>')
            out.append("</div>")
        out.append("</div>")
    out.append('<div class="side"><ul class="check">')
    for line in checklist(r):
        if line.skipped:
            out.append(f'<li>— {escape(line.rule.title())} <code>{line.rule.id}</code>{escape(i18n.paren(i18n.t("report.na")))}</li>')
            continue
        mark, cls = ("✓", "ok") if line.ok else (("✗", "bad") if line.worst == "error" else ("!", "warn"))
        n = i18n.paren(str(len(line.findings))) if line.findings else ""
        out.append(f'<li class="{cls}">{mark} {escape(line.rule.title())} <code>{line.rule.id}</code>{n}</li>')
    out.append("</ul>")
    if r.findings:
        out.append("<table><tr><th>#</th><th></th><th>" + escape(i18n.t("report.rule")) + "</th><th>" + escape(i18n.t("report.message")) +
                   "</th><th>" + escape(i18n.t("report.where")) + "</th><th>" + escape(i18n.t("report.hint")) +
                   "</th></tr>")
        for n, f in enumerate(r.findings, 1):
            cls = "bad" if f.severity == "error" else "warn"
            num = f'<a href="#file{k}-b{n}">{n}</a>' if n in boxed else str(n)
            out.append(f'<tr id="file{k}-f{n}"><td>{num}</td>'
                       f'<td class="{cls}">{escape(i18n.t("severity." + f.severity))}</td>'
                       f"<td><code>{f.rule}</code></td><td>{escape(f.message)}</td>"
                       f"<td>{escape(f.location.describe())}</td><td>{escape(f.hint or '')}</td></tr>")
        out.append("</table>")
    out.append("</div></div></section>")
    return out


i18n.register({
    "report.office_failed": ("LibreOffice 無法啟動，DOCX／ODT 不附頁面圖（docgen doctor 可檢查）",
                             "LibreOffice did not start: no page pictures for DOCX/ODT (docgen doctor checks it)"),
    "report.no_office": ("找不到 LibreOffice，DOCX／ODT 不附頁面圖（安裝 LibreOffice 或用 --no-pages）",
                         "LibreOffice not found: no page pictures for DOCX/ODT (install LibreOffice, or pass --no-pages)"),
})
