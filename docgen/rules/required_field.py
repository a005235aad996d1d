"""required-field: a required field empty or still the form's instruction; instructions left in the narrative."""

from __future__ import annotations

from ..structure import is_placeholder
from . import CheckContext, RuleDocs, rule
from ._examples import Source
from ._fields import field_values, holds_instruction, narrative_left_out

DOCS = RuleDocs(
    title=("必填欄位", "Required fields"),
    explain=("必填欄位不得空白，也不得保留表單原有的說明文字（例如（請填寫…）、﹝簡要…﹞）；敘述部分各段標題下的說明文字也須刪除並改寫為實際內容。",
             "A required field must not be empty or still hold the form's instruction text; the instructions printed under the narrative's headings must be replaced too."),
    hint=("填入內容，並刪除括號中的說明文字。", "Fill it in and delete the bracketed instruction."),
    messages={
        "required.empty": ("必填欄位「{label}」是空的", "Required field “{label}” is empty"),
        "required.placeholder": ("必填欄位「{label}」仍是表單說明文字，請改為實際內容", "Required field “{label}” still holds the form's instruction text"),
        "required.instruction_left": ("「{section}」仍保留表單的說明文字，請刪除並改寫為實際內容",
                                      "“{section}” still holds the form's instruction text; replace it with your own"),
        "required.no_picture": ("「{label}」沒有圖片", "“{label}” has no picture"),
    },
    fires=(Source("---\nform: nomination_list\nagency: （請填寫機關全銜）\n---\n"),),
    quiet=(Source("---\nform: nomination_list\nagency: 臺北市測試服務處\nparent_agency: 臺北市政府社會局\n"
                  "category: 整體服務類\nentry: 指定參獎\n---\n"),),
)


@rule("required-field", DOCS, order=110)
def required_field(ctx: CheckContext):
    values = field_values(ctx)
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
        elif holds_instruction(spec, text):
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
