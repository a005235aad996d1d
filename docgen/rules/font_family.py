"""font-family: the effective font is not the form's (標楷體), after styles, theme and direct formatting."""

from __future__ import annotations

from .. import i18n
from . import CheckContext, RuleDocs, rule
from ._examples import Docx, Para
from ._formatting import cjk_chars, font_ok, grouped, latin_chars

DOCS = RuleDocs(
    title=("字型", "Font family"),
    explain=("每個中文字實際使用的東亞字型必須是標楷體（含 DFKai-SB 等別名）；依 Word 的樣式、主題字型與直接格式解析後判斷。",
             "The effective East Asian font of every CJK character must be 標楷體 (or an accepted alias), after styles, theme fonts and direct formatting."),
    hint=("選取該段文字，將「中文字型」設為標楷體（建議修改樣式而非逐字設定）。",
          "Select the text and set its East Asian font to 標楷體 (preferably in the style)."),
    messages={
        "font.family": ("{where}有{n}個字使用「{font}」，應為{family}", "{where}: {n:#character|characters} in “{font}”; should be {family}"),
        "font.unknown": ("未指定字型", "no font set"),
    },
    fires=(Docx("summary_form", (Para("本所推動行動櫃檯。", font="新細明體"),)),),
    quiet=(Docx("summary_form", (Para("本所推動行動櫃檯。"),)),),
)


@rule("font-family", DOCS, order=400, formatting=True)
def font_family(ctx: CheckContext):
    # CJK text is judged by its East Asian font; with latin = "kai", Latin text by its own
    checks = [(lambda s: s.font, cjk_chars)]
    if ctx.profile.latin_policy == "kai":
        checks.append((lambda s: s.font_latin or s.font, latin_chars))
    for attribute, counter in checks:
        yield from _font_findings(ctx, attribute, counter)


def _font_findings(ctx: CheckContext, attribute, counter):
    for first, last, font, n in grouped(ctx, attribute, lambda v, p: font_ok(v, ctx), counter=counter):
        yield ctx.finding("font-family", "font.family", first, last=last, where=ctx.where(first, last), n=n,
                          font=font or i18n.t("font.unknown"), expected=ctx.profile.font_family,
                          actual=font or "", family=ctx.profile.font_family)
