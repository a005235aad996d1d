"""halfwidth-punct: half-width , ; : ? ! ( ) between or next to Chinese characters.

Source: 教育部《重訂標點符號手冊》 — Chinese text takes full-width marks (，；：？！（）).
Quiet on Latin text, numbers (3.5, 2,000), times (09:00), URLs and e-mail addresses
(行政院「公文書橫式書寫數字使用原則」 keeps Arabic numerals and their marks), a phone
number's area code (02), and a narrative paragraph's typed marker such as (一), which
numbering-format reports.
"""

from __future__ import annotations

from . import CheckContext, RuleDocs, rule
from ._norms import findings, narrative_source

# sentences that fire and that stay quiet (each the narrative of a smallest source; the
# corpus tests/data/norms_corpus.tsv holds many more)
FIRES = (
    '提升服務,品質與效率',
    '聯絡窗口:民政課',
    '機關(構)自行辦理',
)
QUIET = (
    '提升服務，品質與效率',
    '預算2,000千元，成長3.5%，每日09:00開放。',
    '詳見 https://www.tainan.gov.tw/?a=1,b 或來信 wang@mail.tainan.gov.tw',
    'Hello, World!',
)

DOCS = RuleDocs(
    title=('全形標點', 'Full-width punctuation'),
    explain=('中文文句應使用全形標點（，；：？！（）），不用半形 , ; : ? ! ( )。數字（3.5、2,000）、時間（09:00）、網址、電子信箱與英文文句不在此限；段首的編號（如 (一)）由「編號格式」檢查。依據：教育部《重訂標點符號手冊》、行政院「公文書橫式書寫數字使用原則」。',
             "Chinese text takes full-width marks (“，；：？！（）”), not half-width , ; : ? ! ( ). Numbers (3.5, 2,000), times (09:00), URLs, e-mail addresses and Latin text are exempt; a paragraph's marker such as (一) is numbering-format's. Sources: the MoE's 重訂標點符號手冊 and the Executive Yuan's rules for numerals in official documents."),
    hint=('改為全形標點（可用 docgen 的修正功能自動修正）。',
             'Use full-width marks (docgen fix repairs them).'),
    messages={'norms.halfwidth': ('{where}有 {n} 個半形標點應改為全形：{pairs}',
             '{where}: {n:#half-width mark|half-width marks} should be full-width: {pairs}')},
    fires=tuple(narrative_source(t) for t in FIRES),
    quiet=tuple(narrative_source(t) for t in QUIET),
)


@rule("halfwidth-punct", DOCS, order=520, severity="warning")
def halfwidth_punct(ctx: CheckContext):
    yield from findings(ctx, "halfwidth-punct", "norms.halfwidth")
