"""The rule registry: small rules with stable ids, run on the one model.

One rule per module (`char_limit.py` holds `char-limit`): its check, registered
with `@rule`, and its `RuleDocs` — zh/en title, explanation, fix hint and the
messages its findings use. Modules whose name starts with `_` hold what several
rules share. See README.md in this folder.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterable, Optional

from .. import i18n
from ..model import Document, FileResult, Finding, Location, Paragraph, excerpt
from ..profile import FormProfile

if TYPE_CHECKING:
    from ..awards import AwardPack

Texts = tuple[str, str]  # (zh-TW, en)


# The registry's records and the rules' context are plain classes, not dataclasses: they are
# never compared or printed, and each dataclass costs ~0.3 ms to define at every start.
class RuleDocs:
    """What a rule tells people, in both languages: title, explanation and fix hint
    (`{limits}`, `{sections}`, `{levels}`, `{lines}`, `{sizes}` are filled from the form),
    the messages of its findings (catalogue key -> texts), and the smallest inputs on
    which it fires and stays quiet (`_examples.py`)."""

    __slots__ = ("title", "explain", "hint", "messages", "fires", "quiet")

    def __init__(self, title: Texts, explain: Texts, hint: Texts, messages: Optional[dict[str, Texts]] = None,
                 fires: tuple = (), quiet: tuple = ()):
        self.title, self.explain, self.hint = title, explain, hint
        self.messages = {} if messages is None else messages
        self.fires, self.quiet = fires, quiet

    def catalogue(self, rule_id: str) -> dict[str, Texts]:
        return {f"rule.{rule_id}.title": self.title, f"rule.{rule_id}.explain": self.explain,
                f"rule.{rule_id}.hint": self.hint, **self.messages}


class Rule:
    """A registered rule: stable id, default severity, and the check that yields findings."""

    __slots__ = ("id", "severity", "check", "docs", "order", "formatting", "kinds", "needs", "batch")

    def __init__(self, id: str, severity: str, check: Callable[["CheckContext"], Iterable[Finding]],
                 docs: RuleDocs, order: int, formatting: bool = False,
                 kinds: tuple[str, ...] = ("source", "docx", "pdf", "odt"),
                 needs: Optional[Callable[[FormProfile], bool]] = None, batch: bool = False):
        self.id, self.severity, self.check, self.docs = id, severity, check, docs
        self.order = order  # where its findings come in reports (see README.md)
        self.formatting = formatting  # needs real formatting (DOCX/PDF), not a source
        self.kinds = kinds
        # does the form have what the rule checks (choice boxes, contacts…)? None: every form
        self.needs = needs
        self.batch = batch  # checks a whole batch (check(BatchContext)), not one file

    def __repr__(self) -> str:
        return f"Rule({self.id!r})"

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
    if profile is None:  # every form's: the forms loaded so far may change
        return _form_facts(None, i18n.lang_of(lang), tuple(forms))
    return _one_form_facts(profile, i18n.lang_of(lang))


@lru_cache(maxsize=64)  # every finding's hint asks; a profile (compared by identity) never changes
def _one_form_facts(profile: FormProfile, lang: str) -> dict[str, str]:
    return _form_facts(profile, lang, ())


def _form_facts(profile: Optional[FormProfile], lang: str, forms: tuple[str, ...]) -> dict[str, str]:
    from ..profile import all_profiles
    from ..text.numbering import format_marker

    profiles = [profile] if profile is not None else all_profiles(forms)[0]
    en = (lang or i18n.get_lang()) == "en"

    def name(p):
        return "" if profile is not None else (p.name_en if en else p.name) + " "

    def each(fn):
        return ("; " if en else "；").join(fn(p) for p in profiles)

    def markers(items, sep):  # in English each marker quoted (its full-width marks are the form's text)
        return sep.join(f"“{m}”" if en else m for m in items)

    return {
        "limits": each(lambda p: f"{name(p)}{i18n.limit(p.limit, lang)}" + ("" if p.limit is None else " words" if en else " 字")),
        "sections": each(lambda p: name(p) + markers((format_marker(1, i + 1)[:-1] for i in range(len(p.sections))),
                                                     ", " if en else "、")),
        "levels": markers(profiles[0].numbering_levels, " → ") if profile is not None or len(
            {p.numbering_levels for p in profiles}) == 1 else each(lambda p: name(p) + markers(p.numbering_levels, " → ")),
        "lines": each(lambda p: name(p) + i18n.t(f"line.{p.line_rule}", lang, value=f"{p.line_points:g}")),
        "sizes": each(lambda p: name(p) + i18n.t("facts.sizes", lang, title=f"{p.size_title:g}",
                                                   body=f"{p.size_body:g}")),
    }


RULES: dict[str, Rule] = {}


def rule(id: str, docs: RuleDocs, *, order: int, severity: str = "error", formatting: bool = False,
         kinds: tuple[str, ...] = ("source", "docx", "pdf", "odt"),
         needs: Optional[Callable[[FormProfile], bool]] = None, batch: bool = False):
    """Register the decorated check as rule `id`, with its docs (into the message catalogue)."""
    def register(fn):
        if id in RULES:
            raise ValueError(f"rule {id} registered twice")
        taken = {key for r in RULES.values() for key in r.docs.messages} & set(docs.messages)
        if taken:  # one catalogue: a second rule's text would silently replace the first's
            raise ValueError(f"rule {id}: message keys {sorted(taken)} belong to another rule")
        RULES[id] = Rule(id, severity, fn, docs, order, formatting, kinds, needs, batch)
        i18n.register(docs.catalogue(id))
        return fn
    return register


def has_field_type(*types: str) -> Callable[[FormProfile], bool]:
    """`needs` for a rule about fields of these types: a form without any is not its business."""
    return lambda profile: any(f.type in types for f in profile.fields)


class CheckContext:
    """What a rule sees: the structured document, the form profile, the award year and settings."""

    def __init__(self, doc: Document, profile: FormProfile, award_year: int, today: _dt.date,
                 severities: Optional[dict] = None, award: Optional["AwardPack"] = None,
                 stats: Optional[dict] = None, cache: Optional[dict] = None, settings: Optional[dict] = None):
        self.doc, self.profile, self.award_year, self.today = doc, profile, award_year, today
        self.severities = {} if severities is None else severities  # rule id -> severity or "off"
        self.award = award  # the award year's pack (docgen/awards.py); None: the forms' values
        self.stats = {} if stats is None else stats
        self.cache = {} if cache is None else cache  # shared passes between rules
        # rule settings from the config (tw_standard_exceptions)
        self.settings = {} if settings is None else settings

    # -- where things are, in words a person can act on ----------------------
    def section_heading(self, numeral: Optional[str]) -> Optional[str]:
        headings = self.cache.get("section_headings")
        if headings is None:  # one pass, not one per finding
            headings = self.cache["section_headings"] = {}
            for p in self.doc.paragraphs:
                if p.in_narrative and p.level == 1:
                    headings.setdefault(p.section, p.full_text.strip())
        return headings.get(numeral)

    def ordinal_in_section(self, p: Paragraph) -> int:
        """1-based position among the section's (or part's) non-empty body paragraphs:
        the one paragraph numbering every report shows."""
        numbers = self.cache.get("paragraph_numbers")
        if numbers is None:
            numbers, seen = {}, {}
            for q in self.doc.paragraphs:
                if q.cell is not None and not q.in_narrative:
                    continue  # a table box is named by its cell
                key = (q.part, q.section)
                if q.text.strip() and q.role != "title":
                    seen[key] = seen.get(key, 0) + 1
                    numbers[id(q)] = seen[key]
                else:  # an empty paragraph is named after the one before it
                    numbers[id(q)] = max(seen.get(key, 0), 1)
            self.cache["paragraph_numbers"] = numbers
        return numbers.get(id(p), 0)

    def where(self, p: Paragraph, last: Optional[Paragraph] = None) -> str:
        """Where p is — or the stretch p…last (both in one part, section or table)."""
        loc = self.location(p, last=last)
        text = loc.place()
        if p.page:
            text += i18n.t("where.page", page=p.page)
        elif p.source_line:
            text += i18n.t("where.line", line=p.source_line)
        return text

    def location(self, p: Optional[Paragraph], text: Optional[str] = None,
                 last: Optional[Paragraph] = None) -> Location:
        """The finding's complete location, numbered as in `where` (one formatter: Location)."""
        if p is None:
            return Location(excerpt=excerpt(text or ""))
        if last is p:
            last = None
        in_cell = p.cell is not None and not p.in_narrative
        loc = Location(part=p.part, section=p.section, page=p.page, line=p.source_line,
                       excerpt=excerpt(text if text is not None else p.full_text), order=p.index,
                       order_end=last.index if last is not None else None)
        if p.cell is not None:
            loc.cell = i18n.t("where.cell", table=p.cell.table, row=p.cell.row, col=p.cell.col)
        if in_cell:
            if last is not None and last.cell is not None and last.cell != p.cell \
                    and last.cell.table == p.cell.table:
                loc.cell_end = i18n.t("where.cell_to", row=last.cell.row, col=last.cell.col)
            return loc
        if p.section:
            loc.heading = self.section_heading(p.section) or p.section
        if p.section and p.role == "title":
            if last is not None and last.role != "title":
                loc.paragraph_end = self.ordinal_in_section(last) or None
            return loc
        loc.paragraph = self.ordinal_in_section(p) or p.index
        if last is not None:
            loc.paragraph_end = self.ordinal_in_section(last) or last.index
        return loc

    def paragraph(self, index: Optional[int]) -> Optional[Paragraph]:
        if index is None:
            return None
        return next((p for p in self.doc.paragraphs if p.index == index), None)

    def finding(self, rule_id: str, key: str, p: Optional[Paragraph] = None, *,
                expected=None, actual=None, excerpt_text=None, fv=None, last: Optional[Paragraph] = None,
                **params) -> Finding:
        """A finding at paragraph `p` (or the stretch p…last), or at field value `fv` when it has no paragraph."""
        severity = self.severities.get(rule_id) or RULES[rule_id].severity
        if p is None and fv is not None:
            p = self.paragraph(fv.paragraph)
        location = self.location(p, excerpt_text, last=last)
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
        if r.batch:
            continue
        if applies(r, ctx):
            findings.extend(r.check(ctx))
        else:
            skipped.append(r.id)
    return findings, skipped


def all_rules() -> list[Rule]:
    """Every rule, in report order (`order`, then id)."""
    return sorted(RULES.values(), key=lambda r: (r.order, r.id))


class BatchContext:
    """What a batch rule sees: every file's result, and whether warnings fail."""

    def __init__(self, results: list[FileResult], strict: bool = False, severities: dict | None = None):
        self.results, self.strict, self.severities = results, strict, severities


def batch_findings(results: list[FileResult], strict: bool = False) -> list[Finding]:
    """Every batch rule's findings for these results (none for a single file)."""
    ctx = BatchContext(results, strict)
    return [f for r in all_rules() if r.batch for f in r.check(ctx)]


i18n.register({
    "facts.sizes": ("標題 {title} 號、內文 {body} 號", "titles {title} pt, body {body} pt"),
    "line.exact": ("固定行高 {value} 點", "exactly {value} pt"),
    "line.atLeast": ("最小行高 {value} 點", "at least {value} pt"),
    "line.auto": ("{value} 倍行高", "{value}× lines"),
    "line.pitch": ("{value} 點", "a {value} pt baseline pitch"),
    "where.cell": ("表{table}第{row}列第{col}欄", "table {table}, row {row}, column {col}"),
    "where.section_para": ("「{section}」第{n}段", "“{section}”, paragraph {n}"),
    "where.heading": ("標題「{section}」", "heading “{section}”"),
    "where.heading_paras": ("標題「{section}」及其下第{n}段", "heading “{section}” and its paragraphs {n}"),
    "where.cells": ("{first}至{last}", "{first} to {last}"),
    "where.cell_to": ("第{row}列第{col}欄", "row {row}, column {col}"),
    "where.paragraph": ("{part}第{n}段", "“{part}”, paragraph {n}"),
    "where.page": ("（第{page}頁）", " (page {page})"),
    "where.line": ("（第{line}行）", " (line {line})"),
    "loc.page": ("第{page}頁", "page {page}"),
    "loc.line": ("第{line}行", "line {line}"),
    "loc.excerpt": ("「{excerpt}」", "“{excerpt}”"),
})


def _load_rule_modules() -> None:
    """Import every rule module of this package (a module per rule; `_*` modules are shared
    helpers, imported by the rules that use them). Works from a zip too."""
    import importlib

    for name in sorted(_module_names()):
        if not name.startswith("_"):
            importlib.import_module(f"{__name__}.{name}")


def _module_names() -> set[str]:
    """The package's modules, read from its folder; pkgutil (whose import costs at every
    start) only when the package is not a folder, e.g. inside a zip. Module names as
    inspect.getmodulename gives them, without importing inspect (~7 ms)."""
    import os
    from importlib.machinery import all_suffixes

    suffixes = sorted(all_suffixes(), key=len, reverse=True)

    def module_name(file_name: str):
        return next((file_name[:-len(s)] for s in suffixes if file_name.endswith(s)), None)

    try:
        with os.scandir(__path__[0]) as entries:
            names = set()
            for entry in entries:
                name = module_name(entry.name)
                if name is None and entry.is_dir() and "." not in entry.name \
                        and os.path.isfile(os.path.join(entry.path, "__init__.py")):
                    name = entry.name  # a sub-package
                if name and name != "__init__":
                    names.add(name)
            return names
    except OSError:
        import pkgutil
        return {info.name for info in pkgutil.iter_modules(__path__)}


_load_rule_modules()
