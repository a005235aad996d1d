"""quote-style: “ ” ‘ ’ or " as quotation marks in Chinese text, where 「」 and 『』 belong.

Source: 教育部《重訂標點符號手冊》 — 「」 for a quotation, 『』 for one inside it. Latin
text keeps its own quotes, and an apostrophe (Taiwan’s) is not a quotation mark.
"""

from __future__ import annotations

from . import CheckContext, RuleDocs, rule
from ._norms import findings, narrative_source

# sentences that fire and that stay quiet (each the narrative of a smallest source; the
# corpus tests/data/norms_corpus.tsv holds many more)
FIRES = (
    '民眾普遍反映“好”。',
    '他說：“長者稱‘服務到家’很方便。”',
    '推動"數位櫃台"服務',
)
QUIET = (
    '民眾普遍反映「好」。',
    '他說：「長者稱『服務到家』很方便。」',
    'The motto is “Service first”.',
)

DOCS = RuleDocs(
    title=('引號', 'Quotation marks'),
    explain=('中文文句的引號用「」，引號內再引用用『』，不用 “ ” ‘ ’ 或 "。英文文句與撇號（Taiwan’s）不在此限。依據：教育部《重訂標點符號手冊》。',
             'Chinese text quotes with “「」” and “『』” inside them, not “ ” ‘ ’ or ". Latin text and apostrophes (Taiwan’s) are exempt. Source: the MoE\'s 重訂標點符號手冊.'),
    hint=('改用「」與『』（可用 docgen 的修正功能自動修正，並依層次套用）。',
             'Use “「」” and “『』” (docgen fix repairs them, nesting included).'),
    messages={'norms.quote': ('{where}有 {n} 個引號應改為「」『』：{pairs}',
             '{where}: {n:#quotation mark|quotation marks} should be “「」” or “『』”: {pairs}')},
    fires=tuple(narrative_source(t) for t in FIRES),
    quiet=tuple(narrative_source(t) for t in QUIET),
)


@rule("quote-style", DOCS, order=530, severity="warning")
def quote_style(ctx: CheckContext):
    yield from findings(ctx, "quote-style", "norms.quote")
