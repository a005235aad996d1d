"""quota: (batch) more forms of one kind ready to send than an authority may recommend."""

from __future__ import annotations

from typing import Iterable

from .. import i18n
from ..model import Finding
from . import RULES, BatchContext, RuleDocs, rule
from ._examples import Batch

DOCS = RuleDocs(
    title=("推薦名額", "Nomination quota"),
    explain=("同一主管機關對同一獎項推薦的參獎總額有上限（評獎實施計畫：至多9個）；整批檢查時，"
             "通過檢查、可送出的表單超過上限即提醒。上限寫在表單資料（validators/*.yaml 的 quota.max_entries）。",
             "An authority may recommend only so many entries per award (the award plan says at "
             "most 9); a batch with more forms ready to send is flagged. The limit is form data "
             "(quota.max_entries in validators/*.yaml)."),
    hint=("與主管機關確認推薦順序，只送出名額內的表單。",
          "Agree the order with the authority and send only as many forms as the quota allows."),
    messages={
        "quota.over": ("本批有 {n} 份{form}可送出，超過推薦上限 {limit} 份",
                       "{n} {form} forms in this batch are ready to send, more than the quota of {limit}"),
    },
    fires=(Batch("summary_form", passed=10),),
    quiet=(Batch("summary_form", passed=9),),
)


@rule("quota", DOCS, order=900, severity="warning", batch=True)
def quota(ctx: BatchContext) -> Iterable[Finding]:
    """More forms ready to send than the authority may recommend for one award (per form)."""
    from ..profile import load_profile

    ready: dict[str, int] = {}
    for r in ctx.results:
        if r.form and r.passed(ctx.strict):
            ready[r.form] = ready.get(r.form, 0) + 1
    for form, n in sorted(ready.items()):
        profile = load_profile(form)
        if profile.quota is not None and n > profile.quota:
            severity = (ctx.severities or {}).get("quota") or RULES["quota"].severity
            yield Finding(rule="quota", severity=severity,
                          message=i18n.t("quota.over", n=n, form=profile.name_en if i18n.get_lang() == "en"
                                         else profile.name, limit=profile.quota),
                          expected=str(profile.quota), actual=str(n), hint=i18n.t("rule.quota.hint"))
