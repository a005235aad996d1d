"""The per-rule checklist shared by the human-readable reports."""

from __future__ import annotations

from .. import i18n
from ..model import FileResult, Finding
from ..rules import Rule, all_rules


class ChecklistLine:
    """One rule's line of a file's checklist (a plain class: a dataclass costs ~0.4 ms to
    define at every start)."""

    __slots__ = ("rule", "findings", "skipped")

    def __init__(self, rule: Rule, findings: list[Finding], skipped: bool = False):
        self.rule, self.findings, self.skipped = rule, findings, skipped

    @property
    def status(self) -> str:
        return "skipped" if self.skipped else self.worst

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def worst(self) -> str:
        order = {"error": 0, "warning": 1, "info": 2}
        return min((f.severity for f in self.findings), key=order.get, default="ok")


def checklist(result: FileResult) -> list[ChecklistLine]:
    lines = []
    for rule in all_rules():
        if rule.batch:
            continue  # a batch rule is reported once for the batch, not per file
        found = [f for f in result.findings if f.rule == rule.id]
        lines.append(ChecklistLine(rule, found, rule.id in result.skipped))
    return lines


def form_name(result: FileResult) -> str:
    if not result.form:
        return "—"
    from ..profile import load_profile
    p = load_profile(result.form)
    return p.name_en if i18n.get_lang() == "en" else p.name


def count_text(result: FileResult) -> str:
    s = result.stats
    if "count" not in s:
        return "—"
    return f"{s['count']}/{i18n.limit(s['limit'])}"


def count_detail(result: FileResult) -> str:
    """`1949/2000（word；壹 362、貳 772…）`: the count with its policy and per-section breakdown."""
    s = result.stats
    if "count" not in s:
        return "—"
    sections = i18n.join(f"{k} {v}" for k, v in (s.get("sections") or {}).items())
    return i18n.t("report.count_detail", count=s["count"], limit=i18n.limit(s["limit"]), policy=s["policy"],
                  sections=sections or "—")


def verdict(result: FileResult, strict: bool = False) -> str:
    if result.error:
        return i18n.t("report.unreadable")
    if result.passed(strict):
        return i18n.t("report.passed", warnings=result.warnings)
    return i18n.t("report.failed", errors=result.errors, warnings=result.warnings)


i18n.register({
    "report.unreadable": ("無法檢查", "could not be checked"),
    "report.na": ("不適用", "not applicable"),
    "report.passed": ("通過（{warnings} 個警告）", "passed ({warnings:#warning|warnings})"),
    "report.failed": ("未通過（{errors} 個錯誤、{warnings} 個警告）", "failed ({errors:#error|errors}, {warnings:#warning|warnings})"),
    "report.count_detail": ("{count}/{limit}（{policy}；各段 {sections}）", "{count}/{limit} ({policy}; per section {sections})"),
    "report.count": ("字數 {count}/{limit}（{policy}）", "{count}/{limit} characters ({policy})"),
    "report.form": ("表單", "Form"),
    "report.file": ("檔案", "File"),
    "report.errors": ("錯誤", "Errors"),
    "report.warnings": ("警告", "Warnings"),
    "report.chars": ("字數", "Characters"),
    "report.result": ("結果", "Result"),
    "report.summary": ("共 {n} 個檔案：{ok} 個通過、{bad} 個未通過、{unreadable} 個無法檢查",
                       "{n:#file|files}: {ok} passed, {bad} failed, {unreadable} unreadable"),
    "report.title": ("政府服務獎表單檢查報告", "Government Service Award form check"),
    "report.hint": ("建議", "Fix"),
    "report.rule": ("規則", "Rule"),
    "report.where": ("位置", "Where"),
    "report.message": ("問題", "Problem"),
    "severity.error": ("錯誤", "error"),
    "severity.warning": ("警告", "warning"),
    "severity.info": ("提示", "info"),
})
