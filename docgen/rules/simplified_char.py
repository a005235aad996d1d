"""simplified-char: a character that exists only in Simplified Chinese, in Traditional text.

The data is OpenCC's (the `opencc` package): a character OpenCC converts from Simplified
and never writes as Traditional (务, 质, 湾). Characters both scripts share (干, 后, 里, 台)
stay quiet, and so does a Japanese name (kana, or shinjitai beside Traditional-only
characters: 「国立新美術館」). OpenCC is loaded only when a paragraph holds a character
outside Big5's common block, so a correct form never pays for it.
"""

from __future__ import annotations

from . import CheckContext, RuleDocs, rule
from ._norms import findings, narrative_source

# sentences that fire and that stay quiet (each the narrative of a smallest source; the
# corpus tests/data/norms_corpus.tsv holds many more)
FIRES = (
    '提升服务品質與民眾滿意度。',
    '建置数位平臺',
)
QUIET = (
    '提升服務品質與民眾滿意度。',
    '若干里長於會後提出建議。',
    '參訪日本「国立新美術館」及「東京タワー」。',
)

DOCS = RuleDocs(
    title=('簡體字', 'Simplified characters'),
    explain=('正體中文公文不得夾雜只存在於簡體中文的字（如 服务、质量，常見於從網頁複製的文字）。依 OpenCC 資料判斷；正簡共用的字（干、后、里）與日文名稱中的漢字不算。依據：教育部《常用國字標準字體表》。',
             "Traditional Chinese official text must not contain characters that exist only in Simplified Chinese (服务, 质量 — often pasted from a web page). Judged by OpenCC's data; characters both scripts share (干, 后, 里) and kanji in a Japanese name are fine. Source: the MoE's 常用國字標準字體表."),
    hint=('改為正體字（可用 docgen 的修正功能依詞彙自動轉換）。',
             'Write the Traditional form (docgen fix converts by phrase with OpenCC s2tw).'),
    messages={'norms.simplified': ('{where}有 {n} 個簡體字：{pairs}',
             '{where}: {n:#simplified character|simplified characters}: {pairs}')},
    fires=tuple(narrative_source(t) for t in FIRES),
    quiet=tuple(narrative_source(t) for t in QUIET),
)


@rule("simplified-char", DOCS, order=510, severity="warning")
def simplified_char(ctx: CheckContext):
    yield from findings(ctx, "simplified-char", "norms.simplified")
