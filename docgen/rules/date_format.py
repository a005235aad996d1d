"""date-format: the project period cannot be read."""

from __future__ import annotations

from . import CheckContext, RuleDocs, rule
from ._examples import Source
from ._period import has_period, period

DOCS = RuleDocs(
    title=("日期格式", "Date format"),
    explain=("執行期間的日期必須能辨識：民國111年1月1日、111年1月1日、111.1.1、111/01/01、1110101 或 2022-01-01；迄今、至今表示仍在執行。",
             "Project dates must be readable (民國 or ISO forms; 迄今 means ongoing)."),
    hint=("改寫為「民國111年1月1日至113年12月31日」或「111年1月1日迄今」。", "Write e.g. 民國111年1月1日至113年12月31日."),
    messages={
        "date.unreadable": ("無法辨識執行期間「{value}」", "Cannot read the project period “{value}”"),
    },
    fires=(Source("---\nform: summary_form\naward_year: 115\nperiod: 明年春天\n---\n"),),
    quiet=(Source("---\nform: summary_form\naward_year: 115\nperiod: 112年1月1日至迄今\n---\n"),),
)


@rule("date-format", DOCS, order=300, needs=has_period)
def date_format(ctx: CheckContext):
    found = period(ctx)
    if found and found[3] is not None:
        fv, text, _, _ = found
        yield ctx.finding("date-format", "date.unreadable", fv=fv, value=text.strip()[:40],
                          actual=text.strip(), excerpt_text=text)
