"""font-substituted: (PDF) the embedded Kai font is a stand-in for 標楷體."""

from __future__ import annotations

from . import CheckContext, RuleDocs, rule
from ._examples import Docx, Para

DOCS = RuleDocs(
    title=("替代字型", "Substituted font"),
    explain=("PDF 中嵌入的楷書字型是標楷體的替代字型（例如全字庫正楷體 TW-Kai），在沒有標楷體的電腦上產生時會出現；送件前請確認是否可接受。",
             "The PDF embeds a stand-in for 標楷體 (e.g. TW-Kai), as on machines without 標楷體."),
    hint=("在有標楷體的電腦（Windows）上重新輸出 PDF，或確認主辦單位接受全字庫正楷體。",
          "Re-export on a machine with 標楷體, or confirm TW-Kai is acceptable."),
    messages={
        "font.substituted": ("PDF 以「{font}」代替{family}", "The PDF uses “{font}” in place of {family}"),
    },
    # on a machine without 標楷體 LibreOffice embeds TW-Kai for it; a Ming face is no stand-in
    fires=(Docx("summary_form", (Para("本所推動行動櫃檯。"),), pdf=True),),
    quiet=(Docx("summary_form", (Para("本所推動行動櫃檯。", font="新細明體"),), pdf=True),),
)


@rule("font-substituted", DOCS, order=430, severity="warning", formatting=True, kinds=("pdf",))
def font_substituted(ctx: CheckContext):
    subs = {f.casefold() for f in ctx.profile.fonts_substitutes}
    used = [f for f in ctx.doc.embedded_fonts if f.casefold() in subs]
    if used:
        yield ctx.finding("font-substituted", "font.substituted", None, font="、".join(used),
                          family=ctx.profile.font_family, expected=ctx.profile.font_family,
                          actual="、".join(used), excerpt_text="、".join(used))
