"""date-window: the project starts before the award year's cut-off, or in the future."""

from __future__ import annotations

from ..awards import window_problems
from ..text.dates import ONGOING, format_roc
from . import CheckContext, RuleDocs, rule
from ._examples import Source
from ._period import has_period, parsed_period

DOCS = RuleDocs(
    title=("執行期間範圍", "Project period window"),
    explain=("專案起始日不得早於該屆評獎資料（docgen awards 可列出）所定的起算日，例如第1屆（107 年度）專案規劃類為民國104年1月1日；"
             "該屆未定時為表單設定（預設評獎年度前 3 年的 1 月 1 日）。提出前一年度成果的類別（第1屆的整體服務類），"
             "執行期間須在前一年度的 1 月至 12 月內。起始日也不得晚於今天。",
             "The project must start no earlier than the cut-off of the award year's pack (see docgen awards; "
             "104.1.1 for the 1st award's project category, year 107), else the form's (by default 1 January three "
             "ROC years before); a category that reports the previous year (the 1st award's overall service) must "
             "lie within that calendar year; and the start must not be in the future."),
    hint=("確認評獎年度（--award-year）與專案起始日；較早開始的專案請改報最近期的執行階段。", "Check the award year (--award-year) and the start date."),
    messages={
        "date.before_cutoff": ("執行起始日 {start} 早於第 {year} 年度規定的起算日 {cutoff}", "Start {start} is before the {year} cut-off {cutoff}"),
        "date.outside_year": ("{category}應提出 {roc} 年度（1月至12月）的成果，執行期間 {start} 至 {end} 不在此範圍",
                              "The category {category} reports the year {roc} (January to December); the period {start} "
                              "to {end} is outside it"),
        "date.future": ("執行起始日 {start} 在未來", "Start {start} lies in the future"),
        "date.no_ongoing": ("此表單的執行期間須有結束日期", "This form needs an end date"),
    },
    # 115 has no award pack: the form's cut-off, 112.1.1; the 107 pack (seed 003): 104.1.1 for 專案規劃類;
    # a 整體服務類 entry of 107 reports 106 (January to December)
    fires=(Source("---\nform: summary_form\naward_year: 115\nperiod: 104年1月1日至迄今\n---\n"),
           Source("---\nform: summary_form\naward_year: 107\nperiod: 103年12月1日至迄今\n---\n"),
           Source("---\nform: nomination_list\naward_year: 107\ncategory: 整體服務類\n---\n"
                  "## 執行期間\n\n105年1月1日至106年12月31日\n")),
    quiet=(Source("---\nform: summary_form\naward_year: 115\nperiod: 112年1月1日至迄今\n---\n"),
           Source("---\nform: summary_form\naward_year: 107\nperiod: 104年1月1日至迄今\n---\n"),
           Source("---\nform: nomination_list\naward_year: 107\ncategory: 整體服務類\n---\n"
                  "## 執行期間\n\n106年1月1日至106年12月31日\n")),
)


@rule("date-window", DOCS, order=310, needs=has_period)
def date_window(ctx: CheckContext):
    found = parsed_period(ctx)
    if found is None:
        return
    fv, text, start, end = found
    for key, params in window_problems(ctx, start, end):  # the award year's pack, else the profile's cut-off
        yield ctx.finding("date-window", key, fv=fv, excerpt_text=text, **params)
    if start > ctx.today:
        yield ctx.finding("date-window", "date.future", fv=fv, start=format_roc(start),
                          expected=f"<= {ctx.today.isoformat()}", actual=start.isoformat(), excerpt_text=text)
    if end is ONGOING and not ctx.profile.allow_ongoing:
        yield ctx.finding("date-window", "date.no_ongoing", fv=fv, excerpt_text=text)
