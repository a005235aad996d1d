"""Date rules on the project period: readable, inside the award year's window, in order."""

from __future__ import annotations

from .. import i18n
from ..text.dates import ONGOING, DateFormatError, find_range, format_roc, parse_range
from . import CheckContext, rule


def _has_period(profile) -> bool:
    return bool(profile.window_field) and any(f.key == profile.window_field for f in profile.fields)


def _period(ctx: CheckContext):
    """(field value, text, parsed range or None, error or None), parsed once."""
    if "period" in ctx.cache:
        return ctx.cache["period"]
    result = None
    key = ctx.profile.window_field
    fv = ctx.doc.fields.get(key) if key else None
    if fv and fv.text.strip():
        try:
            spec = ctx.profile.field(key)
            rng = find_range(fv.text) if spec.from_section else parse_range(fv.text)
            result = (fv, fv.text, rng, None)
        except DateFormatError as err:
            result = (fv, fv.text, None, err)
    ctx.cache["period"] = result
    return result


@rule("date-format", needs=_has_period)
def date_format(ctx: CheckContext):
    period = _period(ctx)
    if period and period[3] is not None:
        fv, text, _, _ = period
        yield ctx.finding("date-format", "date.unreadable", fv=fv, value=text.strip()[:40],
                          actual=text.strip(), excerpt_text=text)


@rule("date-window", needs=_has_period)
def date_window(ctx: CheckContext):
    period = _period(ctx)
    if not period or period[2] is None:
        return
    fv, text, (start, end), _ = period
    from ..awards import window_problems  # the award year's pack, else the profile's cut-off
    for key, params in window_problems(ctx, start, end):
        yield ctx.finding("date-window", key, fv=fv, excerpt_text=text, **params)
    if start > ctx.today:
        yield ctx.finding("date-window", "date.future", fv=fv, start=format_roc(start),
                          expected=f"<= {ctx.today.isoformat()}", actual=start.isoformat(), excerpt_text=text)
    if end is ONGOING and not ctx.profile.allow_ongoing:
        yield ctx.finding("date-window", "date.no_ongoing", fv=fv, excerpt_text=text)


@rule("date-order", needs=_has_period)
def date_order(ctx: CheckContext):
    period = _period(ctx)
    if not period or period[2] is None:
        return
    fv, text, (start, end), _ = period
    if end is not ONGOING and end < start:
        yield ctx.finding("date-order", "date.end_before_start", fv=fv, start=format_roc(start),
                          end=format_roc(end), expected=f">= {start.isoformat()}",
                          actual=end.isoformat(), excerpt_text=text)


i18n.register({
    "rule.date-format.title": ("日期格式", "Date format"),
    "rule.date-format.explain": ("執行期間的日期必須能辨識：民國111年1月1日、111年1月1日、111.1.1、111/01/01、1110101 或 2022-01-01；迄今、至今表示仍在執行。",
                                 "Project dates must be readable (民國 or ISO forms; 迄今 means ongoing)."),
    "rule.date-format.hint": ("改寫為「民國111年1月1日至113年12月31日」或「111年1月1日迄今」。", "Write e.g. 民國111年1月1日至113年12月31日."),
    "date.unreadable": ("無法辨識執行期間「{value}」", "Cannot read the project period “{value}”"),
    "rule.date-window.title": ("執行期間範圍", "Project period window"),
    "rule.date-window.explain": ("專案起始日不得早於該屆評獎資料（docgen awards 可列出）所定的起算日，例如第1屆（107 年度）專案規劃類為民國104年1月1日；"
                                 "該屆未定時為表單設定（預設評獎年度前 3 年的 1 月 1 日）。提出前一年度成果的類別（第1屆的整體服務類），"
                                 "執行期間須在前一年度的 1 月至 12 月內。起始日也不得晚於今天。",
                                 "The project must start no earlier than the cut-off of the award year's pack (see docgen awards; "
                                 "104.1.1 for the 1st award's project category, year 107), else the form's (by default 1 January three "
                                 "ROC years before); a category that reports the previous year (the 1st award's overall service) must "
                                 "lie within that calendar year; and the start must not be in the future."),
    "rule.date-window.hint": ("確認評獎年度（--award-year）與專案起始日；較早開始的專案請改報最近期的執行階段。", "Check the award year (--award-year) and the start date."),
    "date.before_cutoff": ("執行起始日 {start} 早於第 {year} 年度規定的起算日 {cutoff}", "Start {start} is before the {year} cut-off {cutoff}"),
    "date.outside_year": ("{category}應提出 {roc} 年度（1月至12月）的成果，執行期間 {start} 至 {end} 不在此範圍",
                          "The category {category} reports the year {roc} (January to December); the period {start} to {end} is outside it"),
    "date.future": ("執行起始日 {start} 在未來", "Start {start} lies in the future"),
    "date.no_ongoing": ("此表單的執行期間須有結束日期", "This form needs an end date"),
    "rule.date-order.title": ("起迄順序", "Date order"),
    "rule.date-order.explain": ("結束日期不得早於開始日期。", "The end date must not be before the start date."),
    "rule.date-order.hint": ("檢查起迄日期是否寫反。", "Check whether start and end are swapped."),
    "date.end_before_start": ("結束日 {end} 早於開始日 {start}", "End {end} is before start {start}"),
})
