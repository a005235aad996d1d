"""contact: a contact's name, title, phone and e-mail present and well-formed."""

from __future__ import annotations

import re

from ..normalize import norm
from . import CheckContext, RuleDocs, has_field_type, rule
from ._examples import Source
from ._fields import field_values, holds_instruction

DOCS = RuleDocs(
    title=("聯絡資料", "Contacts"),
    explain=("窗口人員須有姓名、職稱、聯絡電話與電子信箱，格式正確；窗口人員1必填。表單沒有窗口欄位時不適用。",
             "Contacts need name, title, a valid phone number and e-mail; contact 1 is required. Not applicable to a form without contacts."),
    hint=("依「姓名、職稱、聯絡電話、電子信箱」填寫，例如：王小明、科員、(06)2991111#123、wang@mail.tainan.gov.tw。",
          "Write “name, title, phone, e-mail”."),
    messages={
        "contact.missing": ("「{label}」未填寫", "“{label}” is missing"),
        "contact.no_email": ("「{label}」缺少電子信箱", "“{label}” has no e-mail address"),
        "contact.bad_email": ("「{label}」的電子信箱「{value}」格式不正確", "“{label}”: e-mail “{value}” is malformed"),
        "contact.no_phone": ("「{label}」缺少聯絡電話", "“{label}” has no phone number"),
        "contact.bad_phone": ("「{label}」的聯絡電話「{value}」格式不正確", "“{label}”: phone “{value}” is malformed"),
        "contact.incomplete": ("「{label}」缺少姓名或職稱", "“{label}” lacks a name or title"),
    },
    fires=(Source("---\nform: nomination_list\ncontact1: 陳小美、科員、27、chen@mail.taipei.gov.tw\n---\n"),),
    quiet=(Source("---\nform: nomination_list\ncontact1: 陳小美、科員、(02)2720-8889#1234、chen@mail.taipei.gov.tw\n---\n"),),
)

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


@rule("contact", DOCS, order=140, needs=has_field_type("contact"))
def contact(ctx: CheckContext):
    values = field_values(ctx)
    for spec in ctx.profile.fields:
        if spec.type != "contact":
            continue
        fv = ctx.doc.fields.get(spec.key)
        parts = split_contact(fv.text) if fv else []
        if not parts or holds_instruction(spec, fv.text) or norm(fv.text) in ("姓名、職稱、聯絡電話、電子信箱", ""):
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
