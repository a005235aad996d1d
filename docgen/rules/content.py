"""Rules on what the form says: length, required boxes, sections, choices, contacts."""

from __future__ import annotations

import re

from .. import i18n
from ..normalize import norm
from ..structure import heading_title, is_placeholder
from ..text.counting import Count, count_text
from . import CheckContext, has_field_type, rule

PLACEHOLDER_OPENERS = ("（請", "(請", "﹝", "〔")


def counted_text(p, doc) -> str:
    """The text of a paragraph Word counts: a marker drawn by automatic numbering is not
    text (Word leaves it out); a source's generated markers are typed into the DOCX it builds."""
    return p.full_text if doc.kind == "source" else p.text


def narrative_count(doc, policy: str) -> tuple[Count, dict[str, int], list]:
    """The form's counted scope: (total, per section under `policy`, the paragraphs counted)."""
    counted = [p for p in doc.paragraphs if p.in_narrative and p.role != "instruction" and p.text.strip()]
    per_section: dict[str, int] = {}
    total = Count()
    for p in counted:
        c = count_text(counted_text(p, doc))
        total = total + c
        key = p.section or "-"
        per_section[key] = per_section.get(key, 0) + c.get(policy)
    return total, per_section, counted


@rule("char-limit")
def char_limit(ctx: CheckContext):
    profile = ctx.profile
    total, per_section, counted = narrative_count(ctx.doc, profile.policy)
    count = total.get(profile.policy)
    ctx.stats.update({"count": count, "limit": profile.limit, "policy": profile.policy,
                      "chars": total.chars, "han": total.han, "word": total.word, "sections": per_section})
    if count > profile.limit:
        first = counted[0] if counted else None
        breakdown = "、".join(f"{k}{v}" for k, v in per_section.items())
        yield ctx.finding("char-limit", "char_limit.over", first, expected=profile.limit,
                          actual=count, count=count, limit=profile.limit, over=count - profile.limit,
                          policy=profile.policy, breakdown=breakdown,
                          excerpt_text=first.full_text if first else "")


def _field_values(ctx: CheckContext) -> dict[str, str]:
    return {k: v.text for k, v in ctx.doc.fields.items()}


def _is_placeholder(spec, text: str) -> bool:
    n = norm(text)
    if spec.placeholder and n and (n in norm(spec.placeholder) or norm(spec.placeholder)[:10] in n):
        return True
    return text.strip().startswith(PLACEHOLDER_OPENERS) and text.strip().endswith(("）", ")", "﹞", "〕"))


@rule("required-field")
def required_field(ctx: CheckContext):
    values = _field_values(ctx)
    for spec in ctx.profile.fields:
        if spec.type in ("choice", "contact") or not spec.is_required(values):
            continue
        fv = ctx.doc.fields.get(spec.key)
        if spec.type == "picture":
            if not fv or fv.pictures == 0:
                yield ctx.finding("required-field", "required.no_picture", fv=fv, label=spec.label,
                                  expected=spec.label, actual="")
            continue
        text = fv.text.strip() if fv else ""
        if not text:
            yield ctx.finding("required-field", "required.empty", fv=fv, label=spec.label,
                              expected=spec.label, actual="", excerpt_text=spec.label)
        elif _is_placeholder(spec, text):
            yield ctx.finding("required-field", "required.placeholder", fv=fv, label=spec.label,
                              expected=spec.label, actual=text, excerpt_text=text)
    yield from _instructions_left(ctx)


def _instructions_left(ctx: CheckContext):
    """The form's instruction text (﹝簡要介紹…﹞) still standing in the narrative. The printed
    notes (摘要撰寫說明：…) and the box's own heading are the form's, and stay."""
    part = ctx.profile.narrative_part
    if part is None or narrative_left_out(ctx):
        return
    for p in ctx.doc.paragraphs:
        if p.part == part.title and p.role == "instruction" and is_placeholder(p.text, ctx.profile):
            heading = ctx.section_heading(p.section) or part.title
            text = p.text.strip()
            yield ctx.finding("required-field", "required.instruction_left", p, section=heading,
                              expected=heading, actual=text, excerpt_text=text)


def narrative_left_out(ctx: CheckContext) -> bool:
    """The narrative is optional for this entry (the nomination list's 專案簡介 is for
    服務規劃類 only) and nothing is written in it: no section to find, no instruction to replace."""
    part = ctx.profile.narrative_part
    if part is None or not part.required_if:
        return False
    values = _field_values(ctx)
    if all(values.get(k) == v for k, v in part.required_if.items()):
        return False
    # instruction paragraphs are not in the narrative; a bare 壹、… heading is the form's
    return not any(p.in_narrative and p.level != 1 and p.text.strip() for p in ctx.doc.paragraphs)


@rule("section-missing", needs=lambda profile: bool(profile.sections))
def section_missing(ctx: CheckContext):
    if narrative_left_out(ctx):
        return
    headings = [p for p in ctx.narrative if p.level == 1]
    found: list[tuple[int, object]] = []  # (profile section index, paragraph)
    for p in headings:
        title = norm(heading_title(p))
        for i, s in enumerate(ctx.profile.sections):
            if any(title == norm(t) or title.startswith(norm(t)) for t in s.titles):
                found.append((i, p))
                break
    present = {i for i, _ in found}
    for i, s in enumerate(ctx.profile.sections):
        if i not in present:
            yield ctx.finding("section-missing", "section.missing", None, title=s.title,
                              expected=s.title, actual="", excerpt_text=s.title)
    for (prev, _), (i, p) in zip(found, found[1:]):
        if i < prev:
            yield ctx.finding("section-missing", "section.order", p, title=ctx.profile.sections[i].title,
                              after=ctx.profile.sections[prev].title, expected=ctx.profile.sections[i].title,
                              actual=heading_title(p))


@rule("choice", needs=lambda profile: any(f.type == "choice" and f.exactly_one for f in profile.fields))
def choice(ctx: CheckContext):
    for spec in ctx.profile.fields:
        if spec.type != "choice" or not spec.exactly_one:
            continue
        fv = ctx.doc.fields.get(spec.key)
        ticked = [o for o, on in (fv.options if fv else {}).items() if on]
        if len(ticked) == 1:
            continue
        key = "choice.none" if not ticked else "choice.many"
        yield ctx.finding("choice", key, fv=fv, label=spec.label, options="、".join(spec.options),
                          ticked="、".join(ticked), expected="1", actual=str(len(ticked)),
                          excerpt_text=fv.text if fv else spec.label)


EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+")
EXTENSION = re.compile(r"(#|＃|分機|轉|ext\.?|x)\s*\d{1,6}$", re.IGNORECASE)
SEPARATORS = re.compile(r"[、,，;；/／|\n]+")


def split_contact(text: str) -> list[str]:
    return [s.strip() for s in SEPARATORS.split(text) if s.strip()]


# an address meant as e-mail even when malformed: an @ of any width, (at), or a dotted domain
_EMAIL_LIKE = re.compile(r"[@＠]|\(at\)|\[at\]|[A-Za-z0-9]\.(gov|edu|org|com|net|idv)\b|\.tw$", re.IGNORECASE)


def _meant_as_email(part: str) -> bool:
    return bool(_EMAIL_LIKE.search(part))


def _phone_ok(text: str) -> bool:
    """Taiwan numbers: 0 + area code + 6–8 digits (9–10 digits), mobiles 09xx, or +886."""
    t = EXTENSION.sub("", norm(text))
    t = re.sub(r"[()\-\s.]", "", t)
    if t.startswith("+886"):
        t = "0" + t[4:].lstrip("0")
    return t.isdigit() and t.startswith("0") and 9 <= len(t) <= 10


@rule("contact", needs=has_field_type("contact"))
def contact(ctx: CheckContext):
    values = _field_values(ctx)
    for spec in ctx.profile.fields:
        if spec.type != "contact":
            continue
        fv = ctx.doc.fields.get(spec.key)
        parts = split_contact(fv.text) if fv else []
        if not parts or _is_placeholder(spec, fv.text) or norm(fv.text) in ("姓名、職稱、聯絡電話、電子信箱", ""):
            if spec.is_required(values):
                yield ctx.finding("contact", "contact.missing", fv=fv, label=spec.label,
                                  expected=spec.label, actual="")
            continue
        emails = [s for s in parts if _meant_as_email(s)]
        phones = [s for s in parts if re.search(r"\d{3,}", s) and s not in emails]
        if not emails:
            yield ctx.finding("contact", "contact.no_email", fv=fv, label=spec.label, actual=fv.text,
                              excerpt_text=fv.text)
        for e in emails:
            if not EMAIL.fullmatch(e.strip()):
                yield ctx.finding("contact", "contact.bad_email", fv=fv, label=spec.label, value=e,
                                  actual=e, excerpt_text=fv.text)
        if not phones:
            yield ctx.finding("contact", "contact.no_phone", fv=fv, label=spec.label, actual=fv.text,
                              excerpt_text=fv.text)
        for ph in phones:
            if not _phone_ok(ph):
                yield ctx.finding("contact", "contact.bad_phone", fv=fv, label=spec.label, value=ph,
                                  actual=ph, excerpt_text=fv.text)
        if len(parts) - len(emails) - len(phones) < 2:
            yield ctx.finding("contact", "contact.incomplete", fv=fv, label=spec.label, actual=fv.text,
                              excerpt_text=fv.text)


i18n.register({
    "rule.char-limit.title": ("字數上限", "Character limit"),
    "rule.char-limit.explain": ("計算敘述部分（表單的各段落，含標題，不含說明文字）的字數，不得超過表單上限（{limits}）。預設依 Word 字數規則：每個中日韓文字與全形標點各算 1，其他不含空白的連續字元算 1（如 3.5、2,000、95.6%、網址）；Word 自動編號產生的標號不計，自行輸入的標號要計。",
                                "Counts the narrative (the form's sections, headings included, instructions excluded) as Word's 字數 does — each East Asian character or full-width mark 1, each run of other non-space characters 1 (3.5, 2,000, 95.6%, a URL); markers drawn by Word's automatic numbering are not counted, typed ones are — and compares it with the form's limit ({limits})."),
    "rule.char-limit.hint": ("刪減文字，或將細節移到附件。", "Shorten the text or move detail to an annex."),
    "char_limit.over": ("字數 {count} 字，超過上限 {limit} 字（多 {over} 字；計算方式 {policy}；各段：{breakdown}）",
                        "{count:#character|characters}, over the limit of {limit} by {over} (policy {policy}; per section: {breakdown})"),
    "rule.required-field.title": ("必填欄位", "Required fields"),
    "rule.required-field.explain": ("必填欄位不得空白，也不得保留表單原有的說明文字（例如（請填寫…）、﹝簡要…﹞）；敘述部分各段標題下的說明文字也須刪除並改寫為實際內容。",
                                    "A required field must not be empty or still hold the form's instruction text; the instructions printed under the narrative's headings must be replaced too."),
    "rule.required-field.hint": ("填入內容，並刪除括號中的說明文字。", "Fill it in and delete the bracketed instruction."),
    "required.empty": ("必填欄位「{label}」是空的", "Required field “{label}” is empty"),
    "required.placeholder": ("必填欄位「{label}」仍是表單說明文字，請改為實際內容", "Required field “{label}” still holds the form's instruction text"),
    "required.instruction_left": ("「{section}」仍保留表單的說明文字，請刪除並改寫為實際內容",
                                  "“{section}” still holds the form's instruction text; replace it with your own"),
    "required.no_picture": ("「{label}」沒有圖片", "“{label}” has no picture"),
    "rule.section-missing.title": ("段落完整", "Sections present"),
    "rule.section-missing.explain": ("表單規定的段落（{sections}及其標題）都要有，且依序排列。",
                                     "Every section the form prescribes ({sections} with its title) is present, in order."),
    "rule.section-missing.hint": ("依表單補上缺少的段落標題，並依{sections}排列。", "Add the missing section heading and keep the form's order ({sections})."),
    "section.missing": ("缺少段落「{title}」", "Section “{title}” is missing"),
    "section.order": ("段落「{title}」應在「{after}」之前", "Section “{title}” should come before “{after}”"),
    "rule.choice.title": ("勾選欄位", "Check boxes"),
    "rule.choice.explain": ("單選欄位（參獎類別、指定參獎/自行報名）必須勾選且只勾選一項（■ 或 ☑）。",
                            "Single-choice boxes must have exactly one option ticked."),
    "rule.choice.hint": ("將要選的項目改為 ■，其餘保持 □。", "Mark the chosen option with ■ and leave the others □."),
    "choice.none": ("「{label}」沒有勾選任何項目（{options} 須擇一）", "“{label}”: nothing ticked (choose one of {options})"),
    "choice.many": ("「{label}」勾選了多項（{ticked}），只能擇一", "“{label}”: several options ticked ({ticked}); choose one"),
    "rule.contact.title": ("聯絡資料", "Contacts"),
    "rule.contact.explain": ("窗口人員須有姓名、職稱、聯絡電話與電子信箱，格式正確；窗口人員1必填。",
                             "Contacts need name, title, a valid phone number and e-mail; contact 1 is required."),
    "rule.contact.hint": ("依「姓名、職稱、聯絡電話、電子信箱」填寫，例如：王小明、科員、(06)2991111#123、wang@mail.tainan.gov.tw。",
                          "Write “name, title, phone, e-mail”."),
    "contact.missing": ("「{label}」未填寫", "“{label}” is missing"),
    "contact.no_email": ("「{label}」缺少電子信箱", "“{label}” has no e-mail address"),
    "contact.bad_email": ("「{label}」的電子信箱「{value}」格式不正確", "“{label}”: e-mail “{value}” is malformed"),
    "contact.no_phone": ("「{label}」缺少聯絡電話", "“{label}” has no phone number"),
    "contact.bad_phone": ("「{label}」的聯絡電話「{value}」格式不正確", "“{label}”: phone “{value}” is malformed"),
    "contact.incomplete": ("「{label}」缺少姓名或職稱", "“{label}” lacks a name or title"),
})
