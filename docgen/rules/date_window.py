"""date-window: the project starts before the award year's cut-off, or in the future."""

from __future__ import annotations

from ..text.dates import ONGOING, format_roc
from . import CheckContext, RuleDocs, rule
from ._examples import Source
from ._period import has_period, parsed_period

DOCS = RuleDocs(
    title=("執行期間範圍", "Project period window"),
    explain=("專案起始日不得早於該屆評獎規定的起算日（預設為評獎年度前 3 年的 1 月 1 日，例如第 1 屆 107 年為民國104年1月1日），也不得晚於今天。",
             "The project must start no earlier than the award year's cut-off (by default 1 January three ROC years before; 104.1.1 for 107) and not in the future."),
    hint=("確認評獎年度（--award-year）與專案起始日；較早開始的專案請改報最近期的執行階段。", "Check the award year (--award-year) and the start date."),
    messages={
        "date.before_cutoff": ("執行起始日 {start} 早於第 {year} 年度規定的起算日 {cutoff}", "Start {start} is before the {year} cut-off {cutoff}"),
        "date.future": ("執行起始日 {start} 在未來", "Start {start} lies in the future"),
        "date.no_ongoing": ("此表單的執行期間須有結束日期", "This form needs an end date"),
    },
    fires=(Source("---\nform: summary_form\naward_year: 115\nperiod: 104年1月1日至迄今\n---\n"),),  # cut-off 112.1.1
    quiet=(Source("---\nform: summary_form\naward_year: 115\nperiod: 112年1月1日至迄今\n---\n"),),
)


@rule("date-window", DOCS, order=310, needs=has_period)
def date_window(ctx: CheckContext):
    found = parsed_period(ctx)
    if found is None:
        return
    fv, text, start, end = found
    cutoff = ctx.profile.cutoff(ctx.award_year)
    if start < cutoff:
        yield ctx.finding("date-window", "date.before_cutoff", fv=fv, start=format_roc(start),
                          cutoff=format_roc(cutoff), year=ctx.award_year,
                          expected=f">= {cutoff.isoformat()}", actual=start.isoformat(), excerpt_text=text)
    if start > ctx.today:
        yield ctx.finding("date-window", "date.future", fv=fv, start=format_roc(start),
                          expected=f"<= {ctx.today.isoformat()}", actual=start.isoformat(), excerpt_text=text)
    if end is ONGOING and not ctx.profile.allow_ongoing:
        yield ctx.finding("date-window", "date.no_ongoing", fv=fv, excerpt_text=text)
