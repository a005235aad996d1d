"""The rule registry: small rules with stable ids, run on the one model.

A rule is a function `(ctx) -> iterable of Finding` registered with `@rule`.
Its title, explanation and fix hint are i18n entries `rule.<id>.title`,
`rule.<id>.explain` and `rule.<id>.hint`, which `docgen rules` prints.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from .. import i18n
from ..model import Document, Finding, Location, Paragraph, excerpt
from ..profile import FormProfile


@dataclass
class Rule:
    """A registered rule: stable id, default severity, and the check that yields findings."""

    id: str
    severity: str
    check: Callable[["CheckContext"], Iterable[Finding]]
    formatting: bool = False  # needs real formatting (DOCX/PDF), not a source
    kinds: tuple[str, ...] = ("source", "docx", "pdf", "odt")
    # does the form have what the rule checks (choice boxes, contacts…)? None: every form
    needs: Optional[Callable[[FormProfile], bool]] = None

    def title(self, lang=None) -> str:
        return i18n.t(f"rule.{self.id}.title", lang)

    def explain(self, lang=None, profile: Optional[FormProfile] = None, forms: tuple[str, ...] = ()) -> str:
        """Filled with one form's values, or with every registered form's (`forms`: configured folders)."""
        return i18n.t(f"rule.{self.id}.explain", lang, **form_facts(profile, lang, forms))

    def hint(self, lang=None, profile: Optional[FormProfile] = None, forms: tuple[str, ...] = ()) -> str:
        return i18n.t(f"rule.{self.id}.hint", lang, **form_facts(profile, lang, forms))


def form_facts(profile: Optional[FormProfile] = None, lang=None, forms: tuple[str, ...] = ()) -> dict[str, str]:
    """What rule texts say of a form — `{limits}`, `{sections}`, `{levels}`, `{lines}`,
    `{sizes}` — from its profile; without one, every registered form's, so no text names
    two forms' values by hand."""
    from ..profile import all_profiles
    from ..text.numbering import format_marker

    profiles = [profile] if profile is not None else all_profiles(forms)[0]
    en = (lang or i18n.get_lang()) == "en"

    def name(p):
        return "" if profile is not None else (p.name_en if en else p.name) + " "

    def each(fn):
        return ("; " if en else "；").join(fn(p) for p in profiles)

    return {
        "limits": each(lambda p: f"{name(p)}{p.limit}" + (" words" if en else " 字")),
        "sections": each(lambda p: name(p) + "、".join(format_marker(1, i + 1)[:-1] for i in range(len(p.sections)))),
        "levels": " → ".join(profiles[0].numbering_levels) if profile is not None or len(
            {p.numbering_levels for p in profiles}) == 1 else each(lambda p: name(p) + " → ".join(p.numbering_levels)),
        "lines": each(lambda p: name(p) + i18n.t(f"line.{p.line_rule}", lang, value=f"{p.line_points:g}")),
        "sizes": each(lambda p: name(p) + i18n.t("facts.sizes", lang, title=f"{p.size_title:g}",
                                                   body=f"{p.size_body:g}")),
    }


RULES: dict[str, Rule] = {}


def rule(id: str, severity: str = "error", *, formatting: bool = False,
         kinds: tuple[str, ...] = ("source", "docx", "pdf", "odt"),
         needs: Optional[Callable[[FormProfile], bool]] = None):
    def register(fn):
        RULES[id] = Rule(id, severity, fn, formatting, kinds, needs)
        return fn
    return register


def has_field_type(*types: str) -> Callable[[FormProfile], bool]:
    """`needs` for a rule about fields of these types: a form without any is not its business."""
    return lambda profile: any(f.type in types for f in profile.fields)


@dataclass
class CheckContext:
    """What a rule sees: the structured document, the form profile, the award year and settings."""

    doc: Document
    profile: FormProfile
    award_year: int
    today: _dt.date
    severities: dict = field(default_factory=dict)  # rule id -> severity or "off"
    stats: dict = field(default_factory=dict)
    cache: dict = field(default_factory=dict)  # shared passes between rules

    # -- where things are, in words a person can act on ----------------------
    def section_heading(self, numeral: Optional[str]) -> Optional[str]:
        for p in self.doc.paragraphs:
            if p.in_narrative and p.level == 1 and p.section == numeral:
                return p.full_text.strip()
        return None

    def ordinal_in_section(self, p: Paragraph) -> int:
        """1-based position among the section's non-empty body paragraphs."""
        same = [q for q in self.doc.paragraphs
                if q.section == p.section and q.part == p.part
                and q.text.strip() and q.role != "title"]
        return next((i for i, q in enumerate(same, 1) if q is p), 0)

    def where(self, p: Paragraph, last: Optional[Paragraph] = None) -> str:
        """Where p is — or the stretch p…last (both in one part, section or table)."""
        if last is p:
            last = None
        if p.cell is not None and not p.in_narrative:
            text = i18n.t("where.cell", table=p.cell.table, row=p.cell.row, col=p.cell.col)
            if last is not None and last.cell is not None and last.cell != p.cell \
                    and last.cell.table == p.cell.table:
                text = i18n.t("where.cells", table=p.cell.table, row=p.cell.row, col=p.cell.col,
                              row2=last.cell.row, col2=last.cell.col)
        elif p.section and p.role != "title":
            heading = self.section_heading(p.section) or p.section
            first = self.ordinal_in_section(p)
            lastn = self.ordinal_in_section(last) if last is not None else first
            rng = str(first) if lastn == first else f"{first}–{lastn}"
            text = i18n.t("where.section_para", section=heading, n=rng)
        elif p.section:
            heading = self.section_heading(p.section) or p.section
            lastn = self.ordinal_in_section(last) if last is not None and last.role != "title" else 0
            if lastn:
                text = i18n.t("where.heading_paras", section=heading, n="1" if lastn == 1 else f"1–{lastn}")
            else:
                text = i18n.t("where.heading", section=heading)
        else:
            rng = str(p.index) if last is None or last is p else f"{p.index}–{last.index}"
            text = i18n.t("where.paragraph", part=p.part or "", n=rng)
        if p.page:
            text += i18n.t("where.page", page=p.page)
        elif p.source_line:
            text += i18n.t("where.line", line=p.source_line)
        return text

    def location(self, p: Optional[Paragraph], text: Optional[str] = None) -> Location:
        if p is None:
            return Location(excerpt=excerpt(text or ""))
        cell = None
        if p.cell is not None:
            cell = i18n.t("where.cell", table=p.cell.table, row=p.cell.row, col=p.cell.col)
        return Location(part=p.part, section=p.section, paragraph=p.index, page=p.page,
                        line=p.source_line, cell=cell,
                        excerpt=excerpt(text if text is not None else p.full_text))

    def paragraph(self, index: Optional[int]) -> Optional[Paragraph]:
        if index is None:
            return None
        return next((p for p in self.doc.paragraphs if p.index == index), None)

    def finding(self, rule_id: str, key: str, p: Optional[Paragraph] = None, *,
                expected=None, actual=None, excerpt_text=None, fv=None, **params) -> Finding:
        """A finding at paragraph `p`, or at field value `fv` when it has no paragraph."""
        severity = self.severities.get(rule_id) or RULES[rule_id].severity
        if p is None and fv is not None:
            p = self.paragraph(fv.paragraph)
        location = self.location(p, excerpt_text)
        if p is None and fv is not None:
            location.line = fv.source_line
        return Finding(
            rule=rule_id, severity=severity,
            message=i18n.t(key, **{"expected": expected, "actual": actual, **params}),
            expected=None if expected is None else str(expected),
            actual=None if actual is None else str(actual),
            location=location,
            hint=RULES[rule_id].hint(profile=self.profile),
        )

    @property
    def narrative(self) -> list[Paragraph]:
        return [p for p in self.doc.paragraphs if p.in_narrative]


def group_runs(items: list, key: Callable) -> list[list]:
    """Split items into runs of consecutive equal, non-None keys."""
    groups: list[list] = []
    last = object()
    for item in items:
        k = key(item)
        if k is None:
            last = object()
            continue
        if groups and k == last:
            groups[-1].append(item)
        else:
            groups.append([item])
        last = k
    return groups


def applies(r: Rule, ctx: CheckContext) -> bool:
    if ctx.severities.get(r.id) == "off":
        return False
    if r.formatting and not ctx.doc.has_formatting:
        return False
    if r.needs is not None and not r.needs(ctx.profile):
        return False
    return ctx.doc.kind in r.kinds


def run_rules(ctx: CheckContext) -> tuple[list[Finding], list[str]]:
    """(findings, ids of the rules that did not apply)."""
    findings: list[Finding] = []
    skipped: list[str] = []
    for r in all_rules():
        if applies(r, ctx):
            findings.extend(r.check(ctx))
        else:
            skipped.append(r.id)
    return findings, skipped


def all_rules() -> list[Rule]:
    from . import content, numbering, dates, formatting  # noqa: F401  (registers, in report order)

    return list(RULES.values())


i18n.register({
    "facts.sizes": ("標題 {title} 號、內文 {body} 號", "titles {title} pt, body {body} pt"),
    "where.cell": ("表{table}第{row}列第{col}欄", "table {table}, row {row}, column {col}"),
    "where.section_para": ("「{section}」第{n}段", "“{section}”, paragraph {n}"),
    "where.heading": ("標題「{section}」", "heading “{section}”"),
    "where.heading_paras": ("標題「{section}」及其下第{n}段", "heading “{section}” and its paragraphs {n}"),
    "where.cells": ("表{table}第{row}列第{col}欄至第{row2}列第{col2}欄",
                    "table {table}, row {row} column {col} to row {row2} column {col2}"),
    "where.paragraph": ("{part}第{n}段", "{part} paragraph {n}"),
    "where.page": ("（第{page}頁）", " (page {page})"),
    "where.line": ("（第{line}行）", " (line {line})"),
    "loc.page": ("第{page}頁", "page {page}"),
    "loc.line": ("第{line}行", "line {line}"),
})
