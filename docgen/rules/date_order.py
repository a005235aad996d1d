"""date-order: the project period ends before it starts."""

from __future__ import annotations

from ..text.dates import ONGOING, format_roc
from . import CheckContext, RuleDocs, rule
from ._examples import Source
from ._period import has_period, parsed_period

DOCS = RuleDocs(
    title=("起迄順序", "Date order"),
    explain=("結束日期不得早於開始日期。", "The end date must not be before the start date."),
    hint=("檢查起迄日期是否寫反。", "Check whether start and end are swapped."),
    messages={
        "date.end_before_start": ("結束日 {end} 早於開始日 {start}", "End {end} is before start {start}"),
    },
    fires=(Source("---\nform: summary_form\naward_year: 115\nperiod: 113年5月1日至112年5月1日\n---\n"),),
    quiet=(Source("---\nform: summary_form\naward_year: 115\nperiod: 112年5月1日至113年5月1日\n---\n"),),
)


@rule("date-order", DOCS, order=320, needs=has_period)
def date_order(ctx: CheckContext):
    found = parsed_period(ctx)
    if found is None:
        return
    fv, text, start, end = found
    if end is not ONGOING and end < start:
        yield ctx.finding("date-order", "date.end_before_start", fv=fv, start=format_roc(start),
                          end=format_roc(end), expected=f">= {start.isoformat()}",
                          actual=end.isoformat(), excerpt_text=text)
