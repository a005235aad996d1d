"""Rules on a whole batch of forms (a folder a 研考會 collects), not on one file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .. import i18n
from ..model import FileResult, Finding
from . import RULES, rule


@dataclass
class BatchContext:
    """What a batch rule sees: every file's result, and whether warnings fail."""

    results: list[FileResult]
    strict: bool = False
    severities: dict | None = None


@rule("quota", "warning", batch=True)
def quota(ctx: BatchContext) -> Iterable[Finding]:
    """More forms ready to send than the authority may recommend for one award (per form)."""
    from ..profile import load_profile

    ready: dict[tuple, int] = {}
    for r in ctx.results:
        # the quota each check found (the award year's pack, else the form's): docgen/awards.py
        if r.form and r.passed(ctx.strict) and r.stats.get("quota") is not None:
            key = (r.form, r.stats.get("award_year") or 0, r.stats["quota"])
            ready[key] = ready.get(key, 0) + 1
    for (form, _year, limit), n in sorted(ready.items()):
        if n > limit:
            profile = load_profile(form)
            severity = (ctx.severities or {}).get("quota") or RULES["quota"].severity
            yield Finding(rule="quota", severity=severity,
                          message=i18n.t("quota.over", n=n, form=profile.name_en if i18n.get_lang() == "en"
                                         else profile.name, limit=limit),
                          expected=str(limit), actual=str(n), hint=i18n.t("rule.quota.hint"))


def batch_findings(results: list[FileResult], strict: bool = False) -> list[Finding]:
    """Every batch rule's findings for these results (none for a single file)."""
    ctx = BatchContext(results, strict)
    return [f for r in RULES.values() if r.batch for f in r.check(ctx)]


i18n.register({
    "rule.quota.title": ("推薦名額", "Nomination quota"),
    "rule.quota.explain": ("同一主管機關對同一獎項推薦的參獎總額有上限（評獎實施計畫：至多9個）；整批檢查時，"
                           "通過檢查、可送出的表單超過上限即提醒。上限寫在該屆評獎資料（validators/awards/<年度>.yaml 的 quota，docgen awards 可列出），"
                           "未寫時依表單資料（validators/*.yaml 的 quota）。",
                           "An authority may recommend only so many entries per award (the award plan says at "
                           "most 9); a batch with more forms ready to send is flagged. The limit is the award year's pack "
                           "(quota in validators/awards/<year>.yaml, listed by docgen awards), else the form's "
                           "(quota in validators/*.yaml)."),
    "rule.quota.hint": ("與主管機關確認推薦順序，只送出名額內的表單。",
                        "Agree the order with the authority and send only as many forms as the quota allows."),
    "quota.over": ("本批有 {n} 份{form}可送出，超過推薦上限 {limit} 份",
                   "{n} {form} forms in this batch are ready to send, more than the quota of {limit}"),
})
