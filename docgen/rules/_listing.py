"""`docgen rules --format markdown`: the rule table (the README's is generated from it)."""

from __future__ import annotations

from .. import i18n
from . import Rule


def applies_to(r: Rule, lang=None) -> str:
    """Which inputs a rule looks at, in words."""
    if r.batch:
        return i18n.t("rules.on.batch", lang)
    kinds = [k for k in r.kinds if not (r.formatting and k == "source")]
    # file formats by their names, the same in every language
    return i18n.join([i18n.t("rules.on.source", lang) if k == "source" else k.upper() for k in kinds], lang)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def markdown_table(rules: list[Rule], forms: tuple[str, ...] = (), lang=None) -> str:
    """One row per rule, in report order: id, severity, inputs, title and explanation."""
    head = [i18n.t(f"rules.col.{c}", lang) for c in ("id", "severity", "on", "checks")]
    rows = [f"| {' | '.join(head)} |", "|" + "---|" * len(head)]
    for r in rules:
        checks = f"**{r.title(lang)}**: {r.explain(lang, forms=forms)}" if i18n.lang_of(lang) == "en" \
            else f"**{r.title(lang)}**：{r.explain(lang, forms=forms)}"
        rows.append(f"| `{r.id}` | {i18n.t(f'severity.{r.severity}', lang)} | {applies_to(r, lang)} | {_cell(checks)} |")
    return "\n".join(rows) + "\n"


i18n.register({
    "rules.col.id": ("代號", "id"),
    "rules.col.severity": ("嚴重度", "severity"),
    "rules.col.on": ("檢查對象", "checks"),
    "rules.col.checks": ("規則", "rule"),
    "rules.on.source": ("來源", "sources"),
    "rules.on.batch": ("整批", "a batch"),
})
