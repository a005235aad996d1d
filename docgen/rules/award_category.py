"""award-category: the category boxes a form prints are the award year's categories."""

from __future__ import annotations

from .. import i18n
from ..awards import category_field, printed_categories
from . import CheckContext, RuleDocs, rule
from ._examples import Source

NOMINATION = "---\nform: nomination_list\naward_year: {year}\ncategory: 服務規劃類\n---\n"

DOCS = RuleDocs(
    title=("參獎類別屬本屆", "Categories of this award year"),
    explain=("各屆的參獎類別不同，寫在評獎資料（validators/awards/年度.yaml，docgen awards 可列出）；"
             "表單的類別勾選框印的不是該評獎年度的類別時提醒（多半是用了別屆的表單或評獎年度不對）。",
             "Each award year has its own categories, kept in its award pack (validators/awards/YEAR.yaml, "
             "listed by docgen awards); a form whose category boxes are not that year's is flagged "
             "(usually another year's form, or the wrong award year)."),
    hint=("改用本屆的表單，或確認評獎年度（--award-year）。",
          "Use this award year's form, or check the award year (--award-year)."),
    messages={
        "award.category_foreign": ("表單的參獎類別「{printed}」不是{name}（{year} 年度）的類別（{cycle}）",
                                   "The form's category “{printed}” is not one of the {name}'s (year {year}): {cycle}"),
    },
    # 臺北市's 整體服務類 / 服務規劃類: the 8th award (114) has 數位創新加值 / 社會創新共融 instead;
    # the 1st (107) had 整體服務類 / 專案規劃類 (服務規劃類 the same)
    fires=(Source(NOMINATION.format(year=114)),),
    quiet=(Source(NOMINATION.format(year=107)),),
)


@rule("award-category", DOCS, order=150, severity="warning",
      needs=lambda profile: category_field(profile) is not None)
def award_category(ctx: CheckContext):
    pack = ctx.award
    if pack is None:  # no pack for the year: nothing says which categories are right
        return
    spec = category_field(ctx.profile)
    printed = printed_categories(ctx, spec)
    foreign = [n for n in printed if pack.category(n) is None]
    if foreign:
        cycle = [c.name for c in pack.categories]
        yield ctx.finding("award-category", "award.category_foreign", fv=ctx.doc.fields.get(spec.key),
                          printed=i18n.join(foreign), cycle=i18n.join(cycle), name=pack.title(), year=pack.year,
                          expected="、".join(cycle), actual="、".join(printed))
