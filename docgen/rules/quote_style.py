"""quote-style: “ ” ‘ ’ or " as quotation marks in Chinese text, where 「」 and 『』 belong.

Source: 教育部《重訂標點符號手冊》 — 「」 for a quotation, 『』 for one inside it. Latin
text keeps its own quotes, and an apostrophe (Taiwan’s) is not a quotation mark.
"""

from __future__ import annotations

from .. import i18n
from . import CheckContext, rule
from ._norms import findings

EXAMPLES = {
    "fires": ["民眾普遍反映“好”。", "他說：“長者稱‘服務到家’很方便。”", "推動\"數位櫃台\"服務"],
    "quiet": ["民眾普遍反映「好」。", "他說：「長者稱『服務到家』很方便。」", "The motto is “Service first”."],
}


@rule("quote-style", "warning")
def quote_style(ctx: CheckContext):
    yield from findings(ctx, "quote-style", "norms.quote")


i18n.register({
    "rule.quote-style.title": ("引號", "Quotation marks"),
    "rule.quote-style.explain": (
        "中文文句的引號用「」，引號內再引用用『』，不用 “ ” ‘ ’ 或 \"。英文文句與撇號（Taiwan’s）不在此限。依據：教育部《重訂標點符號手冊》。",
        "Chinese text quotes with “「」” and “『』” inside them, not “ ” ‘ ’ or \". Latin text and apostrophes (Taiwan’s) are "
        "exempt. Source: the MoE's 重訂標點符號手冊."),
    "rule.quote-style.hint": ("改用「」與『』（可用 docgen 的修正功能自動修正，並依層次套用）。",
                              "Use “「」” and “『』” (docgen fix repairs them, nesting included)."),
    "norms.quote": ("{where}有 {n} 個引號應改為「」『』：{pairs}", "{where}: {n:#quotation mark|quotation marks} should be “「」” or “『』”: {pairs}"),
})
