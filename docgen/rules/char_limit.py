"""char-limit: the counted narrative over the form's limit."""

from __future__ import annotations

from ..text.counting import Count, count_text
from . import CheckContext, RuleDocs, rule
from ._examples import Source

DOCS = RuleDocs(
    title=("字數上限", "Character limit"),
    explain=("計算敘述部分（表單的各段落，含標題，不含說明文字）的字數，不得超過表單上限（{limits}）。預設依 Word 字數規則：每個中日韓文字與全形標點各算 1，其他不含空白的連續字元算 1（如 3.5、2,000、95.6%、網址）；Word 自動編號產生的標號不計，自行輸入的標號要計。",
             "Counts the narrative (the form's sections, headings included, instructions excluded) as Word's 字數 does — each East Asian character or full-width mark 1, each run of other non-space characters 1 (3.5, 2,000, 95.6%, a URL); markers drawn by Word's automatic numbering are not counted, typed ones are — and compares it with the form's limit ({limits})."),
    hint=("刪減文字，或將細節移到附件。", "Shorten the text or move detail to an annex."),
    messages={
        "char_limit.over": ("字數 {count} 字，超過上限 {limit} 字（多 {over} 字；計算方式 {policy}；各段：{breakdown}）",
                            "{count:#character|characters}, over the limit of {limit} by {over} (policy {policy}; per section: {breakdown})"),
    },
    fires=(Source("---\nform: summary_form\n---\n## 專案簡介\n\n" + "服" * 1995 + "\n"),),  # 壹、專案簡介 + 1995 = 2001
    quiet=(Source("---\nform: summary_form\n---\n## 專案簡介\n\n" + "服" * 1994 + "\n"),),  # 壹、專案簡介 + 1994 = 2000
)


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


@rule("char-limit", DOCS, order=100)
def char_limit(ctx: CheckContext):
    profile = ctx.profile
    total, per_section, counted = narrative_count(ctx.doc, profile.policy)
    count = total.get(profile.policy)
    ctx.stats.update({"count": count, "limit": profile.limit, "policy": profile.policy,
                      "chars": total.chars, "han": total.han, "word": total.word, "sections": per_section})
    if profile.limit is not None and count > profile.limit:
        first = counted[0] if counted else None
        breakdown = "、".join(f"{k}{v}" for k, v in per_section.items())
        yield ctx.finding("char-limit", "char_limit.over", first, expected=profile.limit,
                          actual=count, count=count, limit=profile.limit, over=count - profile.limit,
                          policy=profile.policy, breakdown=breakdown,
                          excerpt_text=first.full_text if first else "")
