"""Formatting rules on effective fonts, sizes and line height (DOCX, ODT, PDF)."""

from __future__ import annotations

from .. import i18n
from ..model import Paragraph
from ..normalize import cjk_count
from . import CheckContext, group_runs, rule

SIZE_TOLERANCE = 0.26  # points; PDF sizes come back as 13.98 and the like
PITCH_TOLERANCE = 0.3  # points


def _font_ok(name: str | None, ctx: CheckContext) -> bool:
    if not name:
        return False
    n = name.casefold().replace(" ", "")
    ok = {f.casefold().replace(" ", "") for f in ctx.profile.fonts_accepted}
    subs = {f.casefold().replace(" ", "") for f in ctx.profile.fonts_substitutes}
    return n in ok or (ctx.doc.kind == "pdf" and n in subs)


def _checked_chars(text: str, ctx: CheckContext) -> int:
    if ctx.profile.latin_policy == "kai":
        return sum(1 for ch in text if not ch.isspace())
    return cjk_count(text)


def _cjk_chars(text: str, ctx: CheckContext) -> int:
    return cjk_count(text)


def _latin_chars(text: str, ctx: CheckContext) -> int:
    """Half-width Latin, digits and the like: everything visible that is not CJK."""
    return sum(1 for ch in text if not ch.isspace()) - cjk_count(text)


_NEUTRAL = object()  # a paragraph with nothing to check: neither breaks nor joins a stretch


def _paragraph_issue(p: Paragraph, ctx: CheckContext, attribute, ok, counter=_checked_chars):
    """(value found, characters affected) for the first bad value in p, None when fine,
    `_NEUTRAL` when p has no character the rule looks at (as `counter` counts them)."""
    bad: dict = {}
    checked = 0
    for span in p.spans:
        n = counter(span.text, ctx)
        if n == 0:
            continue
        checked += n
        value = attribute(span)
        if not ok(value, p):
            bad[value] = bad.get(value, 0) + n
    if not checked:
        return _NEUTRAL
    if not bad:
        return None
    value = max(bad, key=bad.get)
    return value, bad[value]


def _block(p: Paragraph):
    """Where a stretch may extend: one part, one section, one table (a location names it)."""
    return p.part, p.section, p.cell.table if p.cell is not None else None


def _grouped(ctx: CheckContext, attribute, ok, by_role: bool = False, counter=_checked_chars):
    """One (first, last, value, chars) per contiguous stretch of paragraphs with the same problem.

    A stretch stays inside one block (`_block`) and, when the expected value depends on
    it (`by_role`), inside titles or body; paragraphs with nothing to check are skipped.
    """
    issues = [(p, _paragraph_issue(p, ctx, attribute, ok, counter)) for p in ctx.doc.paragraphs]
    issues = [item for item in issues if item[1] is not _NEUTRAL]
    for group in group_runs(issues, key=lambda item: None if item[1] is None
                            else (item[1][0], _block(item[0]), by_role and item[0].role == "title")):
        first, last = group[0][0], group[-1][0]
        yield first, last, group[0][1][0], sum(i[1][1] for i in group)


@rule("font-family", formatting=True)
def font_family(ctx: CheckContext):
    # CJK text is judged by its East Asian font; with latin = "kai", Latin text by its own
    checks = [(lambda s: s.font, _cjk_chars)]
    if ctx.profile.latin_policy == "kai":
        checks.append((lambda s: s.font_latin or s.font, _latin_chars))
    for attribute, counter in checks:
        yield from _font_findings(ctx, attribute, counter)


def _font_findings(ctx: CheckContext, attribute, counter):
    for first, last, font, n in _grouped(ctx, attribute, lambda v, p: _font_ok(v, ctx), counter=counter):
        yield ctx.finding("font-family", "font.family", first, last=last, where=ctx.where(first, last), n=n,
                          font=font or i18n.t("font.unknown"), expected=ctx.profile.font_family,
                          actual=font or "", family=ctx.profile.font_family)


def _expected_size(p: Paragraph, ctx: CheckContext) -> float:
    return ctx.profile.size_title if p.role == "title" else ctx.profile.size_body


@rule("font-size", formatting=True)
def font_size(ctx: CheckContext):
    def ok(value, p):
        return value is not None and abs(value - _expected_size(p, ctx)) <= SIZE_TOLERANCE

    for first, last, size, n in _grouped(ctx, lambda s: s.size, ok, by_role=True):
        want = _expected_size(first, ctx)
        kind = i18n.t("font.kind_title" if first.role == "title" else "font.kind_body")
        yield ctx.finding("font-size", "font.size", first, last=last, where=ctx.where(first, last), n=n,
                          size=_pt(size), want=_pt(want), kind=kind,
                          expected=f"{_pt(want)} pt", actual=f"{_pt(size)} pt")


def _pt(v) -> str:
    if v is None:
        return "?"
    return f"{v:g}" if abs(v - round(v)) > 0.05 else str(int(round(v)))


def _line_issue(p: Paragraph, ctx: CheckContext):
    want, rule_ = ctx.profile.line_points, ctx.profile.line_rule
    if not p.text.strip():
        return _NEUTRAL
    if ctx.doc.kind == "pdf":
        # at least: only a tighter pitch than the profile's is wrong
        bad = [x for x in p.line_pitches
               if (want - x if rule_ == "atLeast" else abs(x - want)) > PITCH_TOLERANCE]
        return ("pitch", round(bad[0], 2)) if bad else None
    if p.line_rule is None:
        return None
    if p.line_rule == rule_ and abs((p.line_value or 0) - want) < 0.05:
        return None
    return (p.line_rule, p.line_value)


@rule("line-spacing", formatting=True)
def line_spacing(ctx: CheckContext):
    issues = [(p, _line_issue(p, ctx)) for p in ctx.doc.paragraphs]
    issues = [item for item in issues if item[1] is not _NEUTRAL]
    for group in group_runs(issues, key=lambda item: None if item[1] is None
                            else (item[1], _block(item[0]))):
        first, last = group[0][0], group[-1][0]
        rule_kind, value = group[0][1]
        found = i18n.t(f"line.{rule_kind}", value=_pt(value))
        yield ctx.finding("line-spacing", "line.bad", first, last=last, where=ctx.where(first, last),
                          found=found,
                          want=i18n.t(f"line.{ctx.profile.line_rule}", value=_pt(ctx.profile.line_points)),
                          expected=f"{ctx.profile.line_rule} {_pt(ctx.profile.line_points)} pt", actual=found)


@rule("font-substituted", "warning", formatting=True, kinds=("pdf",))
def font_substituted(ctx: CheckContext):
    subs = {f.casefold() for f in ctx.profile.fonts_substitutes}
    used = [f for f in ctx.doc.embedded_fonts if f.casefold() in subs]
    if used:
        yield ctx.finding("font-substituted", "font.substituted", None, font="、".join(used),
                          family=ctx.profile.font_family, expected=ctx.profile.font_family,
                          actual="、".join(used), excerpt_text="、".join(used))


i18n.register({
    "rule.font-family.title": ("字型", "Font family"),
    "rule.font-family.explain": ("每個中文字實際使用的東亞字型必須是標楷體（含 DFKai-SB 等別名）；依 Word 的樣式、主題字型與直接格式解析後判斷。",
                                 "The effective East Asian font of every CJK character must be 標楷體 (or an accepted alias), after styles, theme fonts and direct formatting."),
    "rule.font-family.hint": ("選取該段文字，將「中文字型」設為標楷體（建議修改樣式而非逐字設定）。",
                              "Select the text and set its East Asian font to 標楷體 (preferably in the style)."),
    "font.family": ("{where}有{n}個字使用「{font}」，應為{family}", "{where}: {n:#character|characters} in “{font}”; should be {family}"),
    "font.unknown": ("未指定字型", "no font set"),
    "rule.font-size.title": ("字級", "Font size"),
    "rule.font-size.explain": ("標題（表名、各部分標題、壹貳參…）與內文（含表格）的字級依表單規定（{sizes}）。",
                               "Titles (the form's name, its parts, 壹貳參…) and body (tables included) at the form's sizes ({sizes})."),
    "rule.font-size.hint": ("將字級改為規定大小。", "Set the size as required."),
    "font.size": ("{where}有{n}個字為 {size} 號字，{kind}應為 {want} 號字", "{where}: {n:#character|characters} at {size} pt; {kind} should be {want} pt"),
    "font.kind_title": ("標題", "a title"),
    "font.kind_body": ("內文", "body text"),
    "rule.line-spacing.title": ("行距", "Line spacing"),
    "rule.line-spacing.explain": ("行距須為表單規定的行高（{lines}）；其他行距設定都不符合。PDF 以同一段落相鄰兩行基線距離檢查。",
                                  "Line spacing must be the form's ({lines}); any other setting is wrong. In a PDF the baseline pitch inside paragraphs is measured."),
    "rule.line-spacing.hint": ("段落 → 行距設為{lines}。", "Paragraph → Line spacing: {lines}."),
    "line.bad": ("{where}行距為{found}，應為{want}", "{where}: line spacing is {found}; should be {want}"),
    "line.exact": ("固定行高 {value} 點", "exactly {value} pt"),
    "line.atLeast": ("最小行高 {value} 點", "at least {value} pt"),
    "line.auto": ("{value} 倍行高", "{value}× lines"),
    "line.pitch": ("{value} 點", "a {value} pt baseline pitch"),
    "rule.font-substituted.title": ("替代字型", "Substituted font"),
    "rule.font-substituted.explain": ("PDF 中嵌入的楷書字型是標楷體的替代字型（例如全字庫正楷體 TW-Kai），在沒有標楷體的電腦上產生時會出現；送件前請確認是否可接受。",
                                      "The PDF embeds a stand-in for 標楷體 (e.g. TW-Kai), as on machines without 標楷體."),
    "rule.font-substituted.hint": ("在有標楷體的電腦（Windows）上重新輸出 PDF，或確認主辦單位接受全字庫正楷體。",
                                   "Re-export on a machine with 標楷體, or confirm TW-Kai is acceptable."),
    "font.substituted": ("PDF 以「{font}」代替{family}", "The PDF uses “{font}” in place of {family}"),
})
