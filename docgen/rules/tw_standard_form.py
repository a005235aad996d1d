"""tw-standard-form: 台 where the standard form 臺 belongs (臺灣, 臺南市, 全臺…).

Sources: 教育部《常用國字標準字體表》 gives 臺 as the standard form and 台 as its variant;
the Executive Yuan's 文書處理手冊 writes 臺 throughout. A character outside Big5 (the
encoding of the MoE's lists) takes the standard form OpenCC's Taiwan variants table gives
it when that form is in Big5 (爲 → 為, 綫 → 線). Registered proper names keep their 台
(台灣大哥大, 台積電, any 台… 股份有限公司; `tw_standard_exceptions` in the config adds more).
"""

from __future__ import annotations

from . import CheckContext, RuleDocs, rule
from ._norms import findings, narrative_source

# sentences that fire and that stay quiet (each the narrative of a smallest source; the
# corpus tests/data/norms_corpus.tsv holds many more)
FIRES = (
    '本案由台南市政府社會局主辦。',
    '服務範圍遍及全台各縣市。',
    '爲民服務',
)
QUIET = (
    '本案由臺南市政府社會局主辦。',
    '團隊成員：台灣大哥大股份有限公司南區客服中心。',
    '設置行動櫃台，並於舞台中央頒獎。',
)

DOCS = RuleDocs(
    title=('標準字體（臺）', 'Standard character forms (臺)'),
    explain=('地名、機關名稱與「臺灣」應使用標準字體「臺」（臺灣、臺北、臺南市、全臺），不用異體「台」；其他異體字亦改用標準字體（如 爲→為）。依據：教育部《常用國字標準字體表》、行政院《文書處理手冊》。以「台」登記的專有名稱（如 台灣大哥大、台積電、○○股份有限公司）不在此限，設定檔的 tw_standard_exceptions 可增列。',
             "Place and agency names and “臺灣” take the standard form 臺 (臺灣, 臺北, 臺南市, 全臺), not the variant 台; other variants take their standard forms too (爲 → 為). Sources: the MoE's 常用國字標準字體表 and the Executive Yuan's 文書處理手冊. Proper names registered with 台 (台灣大哥大, 台積電, a company's registered name) stay; tw_standard_exceptions in the config adds more."),
    hint=('將「台」改為「臺」（可用 docgen 的修正功能自動修正）。',
             'Write 臺 for 台 (docgen fix repairs it).'),
    messages={'norms.tw': ('{where}有 {n} 處應使用標準字體：{pairs}',
             '{where}: {n:#place|places} should use the standard form: {pairs}')},
    fires=tuple(narrative_source(t) for t in FIRES) + (narrative_source("本所推動長者服務。", team="台南市政府社會局：王小明"),),
    quiet=tuple(narrative_source(t) for t in QUIET) + (narrative_source("本所推動長者服務。", team="台灣大哥大股份有限公司：李大同"),),
)


@rule("tw-standard-form", DOCS, order=500, severity="warning")
def tw_standard_form(ctx: CheckContext):
    yield from findings(ctx, "tw-standard-form", "norms.tw")
