"""`docgen fix`: repair the mechanical formatting faults of a DOCX, and the writing norms.

The checker decides what is wrong (its reader resolves every effective font, size
and line height; its structuring step decides titles and body); this module finds
where the value comes from — the paragraph style, docDefaults, a table style, a
numbering level or the run itself — and writes the form's value there through
docgen.writers.ooxml. After each pass the edited parts are read and checked again
as they are in memory (nothing is parsed or zipped twice), and what a style could not
repair is set on the runs themselves.

The words change only where a writing-norm rule (tw-standard-form, simplified-char,
halfwidth-punct, quote-style) reported a span, and only to the replacement it proposed
(docgen.text.norms); every pass is checked against exactly that.

The package is written once, at the end: only the parts that change are
re-serialized; every other ZIP member keeps its stored bytes. The input is read
once and never written unless `in_place` (then a .bak.docx copy is written first),
and output goes through a temp file and a rename.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Optional

from . import i18n
from .errors import InputError
from .model import Finding, Paragraph
from .readers.ooxml.xml import find_child
from .records import Record
from .writers.ooxml.package import write_package

NORMS = ("tw-standard-form", "simplified-char", "halfwidth-punct", "quote-style")
FIXABLE = ("font-family", "font-size", "line-spacing", "numbering-format", "numbering-sequence", *NORMS)
MAX_PASSES = 3

i18n.register({
    "fix.style": ("樣式「{style}」：{what}", "Style “{style}”: {what}"),
    "fix.defaults": ("文件預設格式：{what}", "Document defaults: {what}"),
    "fix.table_style": ("表格樣式「{style}」：{what}", "Table style “{style}”: {what}"),
    "fix.numbering": ("自動編號第 {level} 層：{what}", "Automatic numbering, level {level}: {what}"),
    "fix.para": ("{where}：{what}", "{where}: {what}"),
    "fix.font": ("中文字型 {old} → {new}（{n} 字）", "East Asian font {old} → {new} ({n:#character|characters})"),
    "fix.font_style": ("中文字型 {old} → {new}", "East Asian font {old} → {new}"),
    "fix.latin": ("英數字型 {old} → {new}", "Latin font {old} → {new}"),
    "fix.size": ("字級 {old} → {new} 點", "size {old} → {new} pt"),
    "fix.size_n": ("字級 {old} → {new} 點（{n} 字）", "size {old} → {new} pt ({n:#character|characters})"),
    "fix.line": ("行距 {old} → 固定行高 {new} 點", "line spacing {old} → exactly {new} pt"),
    "fix.marker": ("編號「{old}」→「{new}」", "marker “{old}” → “{new}”"),
    "fix.text": ("文字「{old}」→「{new}」", "text “{old}” → “{new}”"),
    "fix.lvltext": ("編號格式「{old}」→「{new}」", "number format “{old}” → “{new}”"),
    "fix.none_set": ("未指定", "not set"),
    "fix.manual": ("需人工處理", "Needs a person"),
    "fix.nothing": ("沒有可自動修正的項目", "Nothing to repair automatically"),
    "fix.wrote": ("已寫入 {path}（{n} 項修正）", "Wrote {path} ({n} repairs)"),
    "fix.backup": ("原檔備份為 {path}", "The original is kept as {path}"),
    "fix.dry_run": ("（試執行，未寫入任何檔案）", "(dry run: nothing written)"),
    "fix.not_docx": ("docgen fix 只能修正 Word 檔（.docx）或 ODT 檔（.odt）：{path}",
                    "docgen fix repairs Word (.docx) and ODT (.odt) files only: {path}"),
    "fix.strict": ("此檔為 Strict Open XML 格式，無法自動修正；請在 Word 另存為一般 .docx 後再試",
                   "The file is Strict Open XML and cannot be repaired; save it as an ordinary .docx in Word and retry"),
    "fix.changed_text": ("修正會改動文字，已停止（未寫入）：第 {n} 段", "A repair would change the text, so nothing was written: paragraph {n}"),
    "fix.bad_only": ("--only 只接受：{rules}", "--only accepts: {rules}"),
})


class FixOutcome(Record):
    """What `docgen fix` did (or would do) to one file."""

    __slots__ = ("path", "output", "backup", "changes", "manual", "remaining")

    def __init__(self, path: str, output: Optional[str] = None, backup: Optional[str] = None,
                 changes: Optional[list[str]] = None, manual: Optional[list[Finding]] = None,
                 remaining: Optional[list[Finding]] = None):
        self.path, self.output, self.backup = path, output, backup
        self.changes = [] if changes is None else changes
        self.manual = [] if manual is None else manual
        self.remaining = [] if remaining is None else remaining  # fixable rules still firing


# -- reading with the checker ---------------------------------------------------------------
class _Analysis(Record):
    __slots__ = ("pkg", "reader", "parts", "elements", "doc", "result", "profile", "ctx")

    def __init__(self, pkg, reader, parts: dict, elements: dict, doc, result, profile, ctx):
        self.pkg, self.reader, self.doc, self.result, self.profile = pkg, reader, doc, result, profile
        self.parts = parts  # part name (normalized) -> root element, shared with the reader
        self.elements = elements  # paragraph index -> its w:p element
        self.ctx = ctx  # the checker's CheckContext (for where-words)


def read_recorded(path: Path, *, data: Optional[bytes] = None, again: Optional["_Analysis"] = None):
    """(package, reader, parsed parts, paragraph index → (w:p, in a table), document) of a DOCX
    (`data`: its bytes, already read).

    The parts are the very trees the reader walked, so an edit lands where the reader
    found the value; the caller closes the package. `again`: an earlier read whose trees
    have been edited since; they are read again as they now are, in memory (nothing is
    parsed twice), so a repair is checked without writing the package out.
    """
    from .readers.ooxml.document import DocxReader
    from .readers.ooxml.package import normalize_part, open_package

    if again is not None:
        pkg, parts = again.pkg, again.parts
    else:
        pkg = open_package(path, data)
        parts: dict = {}
        plain_xml = pkg.xml

        def shared_xml(part):
            key = normalize_part(part)
            if key not in parts:
                parts[key] = plain_xml(part)
            return parts[key]

        pkg.xml = shared_xml
    elements: dict = {}

    class Recorder(DocxReader):
        def __init__(self, pkg):
            super().__init__(pkg)
            self.numbered: dict = {}  # paragraph index -> (numId, ilvl) of its automatic number
            count = self.numbering.advance

            def advance(num_id, ilvl):
                # called before the paragraph is appended: its index is the next one
                self.numbered[len(self.paragraphs) + 1] = (num_id, ilvl)
                return count(num_id, ilvl)
            self.numbering.advance = advance

        def paragraph(self, p, ctx):
            n = len(self.paragraphs)
            super().paragraph(p, ctx)
            if len(self.paragraphs) > n:
                elements[n + 1] = (p, ctx.cell is not None)

    try:
        reader = Recorder(pkg)
        doc = reader.read(str(path))
    except BaseException:
        pkg.close()
        raise
    return pkg, reader, parts, elements, doc


def _settings(config) -> dict:
    return {"tw_standard_exceptions": config.tw_standard_exceptions}


def _analyse(path: Path, options, config, profile=None, form=None, norms_wanted: bool = True, *,
             data: Optional[bytes] = None, again: Optional[_Analysis] = None) -> _Analysis:
    """Read `path` as the checker does and check it.

    Without `profile`, the whole check runs (it names the form and what needs a person).
    With it, a light pass for the repairs and their verification: the words do not change
    between passes, so the form's fields are not looked for again and only the fixable
    rules run. `data`, `again`: as for read_recorded.
    """
    from .check import check_document
    from .model import FileResult
    from .profile import load_profile
    from .rules import CheckContext, all_rules
    from .structure import structure

    pkg, reader, parts, elements, doc = read_recorded(path, data=data, again=again)
    if profile is None:
        result = check_document(doc, options, config)
        profile = load_profile(result.form).with_overrides(extra_fonts=config.fonts, policy=config.policy,
                                                           latin=config.latin)
        ctx = CheckContext(doc=doc, profile=profile, award_year=result.stats.get("award_year"),
                           today=options.today, severities={}, settings=_settings(config))
    else:
        # the form's fields are not looked for again, unless a writing-norm rule reads their values
        structure(doc, profile if norms_wanted else profile.replace(fields=()))
        ctx = CheckContext(doc=doc, profile=profile, award_year=None, today=options.today,
                           severities=dict(config.rules), settings=_settings(config))
        findings = [f for r in all_rules() if r.id in FIXABLE and ctx.severities.get(r.id) != "off"
                    for f in r.check(ctx)]
        result = FileResult(path=str(path), form=form, findings=findings)
    return _Analysis(pkg, reader, parts, elements, doc, result, profile, ctx)


# -- helpers --------------------------------------------------------------------------------
_W_NAMES: dict = {}


def _w(local: str) -> str:
    name = _W_NAMES.get(local)
    if name is None:
        from .writers.ooxml import qn
        name = _W_NAMES[local] = qn("w:" + local)
    return name


def _pt(v) -> str:
    if v is None:
        return "?"
    return f"{v:g}" if abs(v - round(v)) > 0.05 else str(int(round(v)))


class _Editor:
    """Edits on the parsed parts of one analysis, each described in words."""

    def __init__(self, an: _Analysis, only: set):
        self.an = an
        self.only = only
        self.changes: list[str] = []
        self.touched: set[str] = set()
        self.text_edits: dict = {}  # paragraph index -> the norms' Hits written (positions in p.text)
        self.done_styles: set = set()
        self._style_els: Optional[dict] = None  # styleId -> w:style (the first one wins, as in the reader)
        self.main = an.pkg.main_part()
        from .readers.ooxml.package import normalize_part
        self.norm = normalize_part
        self.styles_part = self._related("styles", "styles.xml")
        self.numbering_part = self._related("numbering", "numbering.xml")

    def _related(self, kind, default):
        pkg = self.an.pkg
        part = pkg.related(self.main, kind)
        folder = self.main.rsplit("/", 1)[0] + "/" if "/" in self.main else ""
        if part is None and pkg.has(folder + default):
            part = folder + default
        return self.norm(part) if part else None

    def root(self, part):
        return self.an.parts.get(part) if part else None

    # -- where a property comes from ----------------------------------------------------------
    def style_of(self, pel):
        """(style element, display name) of a paragraph's style, or (None, None)."""
        styles = self.an.reader.styles
        ppr = find_child(pel, _w("pPr"))
        ps = find_child(ppr, _w("pStyle")) if ppr is not None else None
        style = styles.paragraph_style(ps.get(_w("val")) if ps is not None else None)
        if style is None:
            return None, None
        if self._style_els is None:
            root = self.root(self.styles_part)
            self._style_els = {} if root is None else {
                el.get(_w("styleId")): el for el in reversed(list(root.iter(_w("style"))))}
        el = self._style_els.get(style.id)
        return (el, style.name or style.id) if el is not None else (None, None)

    def defaults_rpr(self):
        from .writers.ooxml import ensure
        root = self.root(self.styles_part)
        if root is None:
            return None
        dd = find_child(root, _w("docDefaults"))
        if dd is None:
            dd = ensure(root, "w:docDefaults")
            root.remove(dd)
            root.insert(0, dd)
        return ensure(ensure(dd, "w:rPrDefault"), "w:rPr")

    @staticmethod
    def runs(pel):
        return [r for r in pel.iter(_w("r"))]

    @staticmethod
    def rpr(el, create=True):
        rpr = find_child(el, _w("rPr"))
        if rpr is None and create:
            rpr = el.makeelement(_w("rPr"))
            el.insert(0, rpr)
        return rpr

    def mark_rpr(self, pel):
        from .writers.ooxml import ensure
        ppr = find_child(pel, _w("pPr"))
        if ppr is None:
            ppr = pel.makeelement(_w("pPr"))
            pel.insert(0, ppr)
        return ensure(ppr, "w:rPr")

    def note(self, key: str, **kw) -> None:
        self.changes.append(i18n.t(key, **kw))

    def where(self, p: Paragraph) -> str:
        return self.an.ctx.where(p)


# -- the repairs ----------------------------------------------------------------------------
def _font_of(rpr) -> Optional[str]:
    if rpr is None:
        return None
    fonts = find_child(rpr, _w("rFonts"))
    if fonts is None:
        return None
    return fonts.get(_w("eastAsia")) or fonts.get(_w("eastAsiaTheme"))


def _has_direct_font(run) -> bool:
    rpr = find_child(run, _w("rPr"))
    if rpr is None:
        return False
    if find_child(rpr, _w("rStyle")) is not None:
        return True
    fonts = find_child(rpr, _w("rFonts"))
    return fonts is not None and any(fonts.get(_w(a)) is not None for a in
                                     ("eastAsia", "eastAsiaTheme", "hint"))


def _bad_font_paragraphs(an: _Analysis) -> list[tuple[Paragraph, str, int]]:
    from .rules._formatting import cjk_chars, font_ok, latin_chars
    ctx = SimpleNamespace(profile=an.profile, doc=an.doc)
    kai_latin = an.profile.latin_policy == "kai"
    out = []
    for p in an.doc.paragraphs:
        bad: dict = {}
        for s in p.spans:
            n = cjk_chars(s.text, ctx)
            if n and not font_ok(s.font, ctx):
                bad[s.font] = bad.get(s.font, 0) + n
            if kai_latin:
                n = latin_chars(s.text, ctx)
                if n and not font_ok(s.font_latin or s.font, ctx):
                    bad[s.font_latin or s.font] = bad.get(s.font_latin or s.font, 0) + n
        if bad:
            font = max(bad, key=bad.get)
            out.append((p, font, sum(bad.values())))
    return out


def _fix_fonts(ed: _Editor, direct_only: bool) -> None:
    from .writers.ooxml import set_fonts
    an = ed.an
    target = an.profile.font_family
    kai_latin = an.profile.latin_policy == "kai"
    slots = dict(eastAsia=target, **({"ascii": target, "hAnsi": target} if kai_latin else {}))
    none = i18n.t("fix.none_set")
    bad = _bad_font_paragraphs(an)
    in_table = any(an.elements[p.index][1] for p, _, _ in bad if p.index in an.elements)
    for p, font, n in bad:
        if p.index not in an.elements:
            continue
        pel = an.elements[p.index][0]
        runs = ed.runs(pel)
        style_cause = not direct_only and not any(_has_direct_font(r) for r in runs)
        if style_cause:
            sel, name = ed.style_of(pel)
            if sel is not None:
                if ("font", sel) not in ed.done_styles:
                    ed.done_styles.add(("font", sel))
                    old = _font_of(find_child(sel, _w("rPr"))) or font or none
                    set_fonts(_style_child(sel, "rPr"), **slots)
                    ed.touched.add(ed.styles_part)
                    ed.note("fix.style", style=name, what=i18n.t("fix.font_style", old=old, new=target))
                continue
            rpr = ed.defaults_rpr()
            if rpr is not None and "defaults" not in ed.done_styles:
                ed.done_styles.add("defaults")
                set_fonts(rpr, **slots)
                ed.touched.add(ed.styles_part)
                ed.note("fix.defaults", what=i18n.t("fix.font_style", old=font or none, new=target))
                continue
        for r in runs:
            if direct_only or _has_direct_font(r):
                set_fonts(ed.rpr(r), **slots)
        if p.marker_auto or direct_only:
            set_fonts(ed.mark_rpr(pel), **slots)
        ed.touched.add(ed.main)
        ed.note("fix.para", where=ed.where(p), what=i18n.t("fix.font", old=font or none, new=target, n=n))
    if bad:
        _fix_fonts_around(ed, slots, in_table)


def _fix_fonts_around(ed: _Editor, slots: dict, in_table: bool) -> None:
    """Numbering levels' run properties, and table styles' regions when tables are affected."""
    from .writers.ooxml import set_fonts
    target = slots["eastAsia"]
    num = ed.root(ed.numbering_part)
    if num is not None:
        for lvl in num.iter(_w("lvl")):
            rpr = find_child(lvl, _w("rPr"))
            old = _font_of(rpr)
            if old is not None and old != target:
                set_fonts(rpr, **slots)
                ed.touched.add(ed.numbering_part)
                ed.note("fix.numbering", level=_level_no(lvl), what=i18n.t("fix.font_style", old=old, new=target))
    root = ed.root(ed.styles_part)
    if root is None or not in_table:
        return
    for st in root.iter(_w("style")):
        if st.get(_w("type")) != "table":
            continue
        holders = [st] + list(st.iter(_w("tblStylePr")))
        for h in holders:
            rpr = find_child(h, _w("rPr"))
            old = _font_of(rpr)
            if old is not None and old != target:
                set_fonts(rpr, **slots)
                ed.touched.add(ed.styles_part)
                name = find_child(st, _w("name"))
                ed.note("fix.table_style", style=name.get(_w("val")) if name is not None else st.get(_w("styleId")),
                        what=i18n.t("fix.font_style", old=old, new=target))


def _level_no(lvl) -> int:
    """A w:lvl's level as people count it (1-based)."""
    ilvl = lvl.get(_w("ilvl")) or "0"
    return int(ilvl) + 1 if ilvl.isdigit() and len(ilvl) < 3 else 1


def _fix_sizes(ed: _Editor, direct_only: bool) -> None:
    from .rules._formatting import SIZE_TOLERANCE, checked_chars, expected_size
    from .writers.ooxml import half_points, set_size
    an = ed.an
    ctx = SimpleNamespace(profile=an.profile, doc=an.doc)
    want_by_style: dict = {}
    bad = []
    for p in an.doc.paragraphs:
        if p.index not in an.elements:
            continue
        want = expected_size(p, ctx)
        spans = [(s, n) for s in p.spans for n in (checked_chars(s.text, ctx),) if n]
        if not spans:
            continue
        sel, _ = ed.style_of(an.elements[p.index][0])
        want_by_style.setdefault(id(sel), set()).add(want)
        wrong = [(s, n) for s, n in spans if s.size is None or abs(s.size - want) > SIZE_TOLERANCE]
        if wrong:
            bad.append((p, want, wrong[0][0].size, sum(n for _, n in wrong)))
    for p, want, old, n in bad:
        pel = an.elements[p.index][0]
        runs = ed.runs(pel)
        direct = [r for r in runs if (props := find_child(r, _w("rPr"))) is not None and
                  (find_child(props, _w("sz")) is not None or find_child(props, _w("rStyle")) is not None)]
        sel, name = ed.style_of(pel)
        if not direct_only and not direct and sel is not None and len(want_by_style.get(id(sel), ())) == 1:
            if ("size", sel) not in ed.done_styles:
                ed.done_styles.add(("size", sel))
                set_size(_style_child(sel, "rPr"), half_points(want))
                ed.touched.add(ed.styles_part)
                ed.note("fix.style", style=name, what=i18n.t("fix.size", old=_pt(old), new=_pt(want)))
            continue
        for r in (runs if direct_only or not direct else direct):
            set_size(ed.rpr(r), half_points(want))
        set_size(ed.mark_rpr(pel), half_points(want))
        ed.touched.add(ed.main)
        ed.note("fix.para", where=ed.where(p), what=i18n.t("fix.size_n", old=_pt(old), new=_pt(want), n=n))


def _fix_lines(ed: _Editor, direct_only: bool) -> None:
    from .rules._formatting import NEUTRAL
    from .rules.line_spacing import line_issue
    from .writers.ooxml import pt_to_twips, set_spacing
    an = ed.an
    want = an.profile.line_points
    twips = pt_to_twips(want)
    for p in an.doc.paragraphs:
        if p.index not in an.elements:
            continue
        issue = line_issue(p, an.ctx)
        if issue is None or issue is NEUTRAL:
            continue
        rule_kind, value = issue
        old = i18n.t(f"line.{rule_kind}", value=_pt(value))
        pel = an.elements[p.index][0]
        ppr = find_child(pel, _w("pPr"))
        sp = find_child(ppr, _w("spacing")) if ppr is not None else None
        direct = sp is not None and (sp.get(_w("line")) is not None or sp.get(_w("lineRule")) is not None)
        sel, name = ed.style_of(pel)
        if not direct_only and not direct and sel is not None:
            if ("line", sel) not in ed.done_styles:
                ed.done_styles.add(("line", sel))
                set_spacing(_style_child(sel, "pPr"), twips, "exact")
                ed.touched.add(ed.styles_part)
                ed.note("fix.style", style=name, what=i18n.t("fix.line", old=old, new=_pt(want)))
            continue
        if ppr is None:
            ppr = pel.makeelement(_w("pPr"))
            pel.insert(0, ppr)
        set_spacing(ppr, twips, "exact")
        ed.touched.add(ed.main)
        ed.note("fix.para", where=ed.where(p), what=i18n.t("fix.line", old=old, new=_pt(want)))


_STYLE_TAIL = {"pPr": ("rPr", "tblPr", "trPr", "tcPr", "tblStylePr"),
               "rPr": ("tblPr", "trPr", "tcPr", "tblStylePr")}


def _style_child(sel, local: str):
    """A style's w:pPr / w:rPr, created where the schema wants it."""
    found = find_child(sel, _w(local))
    if found is not None:
        return found
    new = sel.makeelement(_w(local))
    tail = {_w(t) for t in _STYLE_TAIL[local]}
    for i, child in enumerate(sel):
        if child.tag in tail:
            sel.insert(i, new)
            return new
    sel.append(new)
    return new


# numbering.xml lvlText shapes the checker calls wrong, and the right one
_LVL_TEXT = {
    re.compile(r"^[(（]\s*%(\d)\s*[)）][、.．]?$"): "（%{n}）",
    re.compile(r"^%(\d)\s*[.．,，)）]$"): "%{n}、",
}


def _fix_markers(ed: _Editor, findings: list[Finding]) -> None:
    """Typed markers: replace the marker text in the first runs; automatic ones: the
    numbering level they are drawn from (its lvlText, or the list's restart value)."""
    an = ed.an
    by_para = {}
    for f in findings:
        if f.location.order and f.expected and f.actual:
            by_para.setdefault(f.location.order, f)
    done = _renumber(ed) if any(f.rule == "numbering-sequence" for f in findings) else set()
    levels_done: set = set()
    for index, f in sorted(by_para.items()):
        p = an.doc.paragraphs[index - 1] if 0 < index <= len(an.doc.paragraphs) else None
        if p is None or index not in an.elements or index in done:
            continue
        if p.marker_auto:
            where = an.reader.numbered.get(index)
            if where is None:
                continue
            if f.rule == "numbering-format" and where[0] not in levels_done:
                # this list's levels the form has (a level still unused would show the
                # wrong shape as soon as it is used); deeper ones are the author's own
                levels_done.add(where[0])
                for ilvl in sorted({where[1], *range(len(an.profile.numbering_levels))}):
                    _fix_lvl_text(ed, where[0], ilvl)
            elif f.rule == "numbering-sequence":
                _fix_restart(ed, index, where, f)
            continue
        if f.rule == "numbering-format" and _replace_prefix(an.elements[index][0], f.actual, f.expected):
            ed.touched.add(ed.main)
            ed.note("fix.para", where=ed.where(p), what=i18n.t("fix.marker", old=f.actual, new=f.expected))


def _renumber(ed: _Editor) -> set:
    """Typed markers numbered in order, each level restarting under its parent — only when
    that is unambiguous: every marker typed and no level entered without its parent."""
    from .text.numbering import format_marker
    an = ed.an
    done: set = set()
    if any(f.rule == "numbering-depth" for f in an.result.findings):
        return done
    items = [p for p in an.doc.paragraphs if p.in_narrative and p.role != "instruction" and p.text.strip()
             and p.outline is not None]
    if any(p.marker_auto for p in items):
        return done
    counters: dict = {}
    for p in items:
        level = p.outline.level
        counters[level] = counters.get(level, 0) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        want = format_marker(level, counters[level])
        old = p.outline.text
        if old != want and p.index in an.elements and _replace_prefix(an.elements[p.index][0], old, want):
            ed.touched.add(ed.main)
            done.add(p.index)
            ed.note("fix.para", where=ed.where(p), what=i18n.t("fix.marker", old=old, new=want))
    return done


def _num_element(num_root, num_id: str):
    """The first w:num with this id (the one the reader uses)."""
    for el in num_root.iter(_w("num")):
        if (el.get(_w("numId")) or "").strip() == num_id:
            return el
    return None


def _lvl_element(ed: _Editor, num_id: str, ilvl: int):
    """The w:lvl a list's level is drawn from: the list's own override, else its abstract
    numbering's level (after a numStyleLink, as the reader resolves it)."""
    num_root = ed.root(ed.numbering_part)
    if num_root is None:
        return None
    num = _num_element(num_root, num_id)
    if num is not None:
        for ov in num.iter(_w("lvlOverride")):
            lvl = find_child(ov, _w("lvl"))
            if ov.get(_w("ilvl")) == str(ilvl) and lvl is not None:
                return lvl
    resolved = ed.an.reader.numbering.resolve(num_id)
    if resolved is None:
        return None
    for absn in num_root.iter(_w("abstractNum")):
        if absn.get(_w("abstractNumId")) == resolved[0]:
            for lvl in absn.iter(_w("lvl")):
                if lvl.get(_w("ilvl")) == str(ilvl):
                    return lvl
            return None
    return None


def _fix_lvl_text(ed: _Editor, num_id: str, ilvl: int) -> bool:
    """The level's text in the form's shape: (%3) → （%3）, %4. → %4、."""
    lvl = _lvl_element(ed, num_id, ilvl)
    lt = find_child(lvl, _w("lvlText")) if lvl is not None else None
    val = lt.get(_w("val")) if lt is not None else None
    if val is None:
        return False
    for pattern, shape in _LVL_TEXT.items():
        m = pattern.match(val)
        if m:
            new = shape.format(n=m.group(1))
            if new == val:
                return False
            lt.set(_w("val"), new)
            ed.touched.add(ed.numbering_part)
            ed.note("fix.numbering", level=_level_no(lvl),
                    what=i18n.t("fix.lvltext", old=val.replace("%" + m.group(1), "1"),
                                new=new.replace("%" + m.group(1), "1")))
            return True
    return False


def _fix_restart(ed: _Editor, index: int, where: tuple, f: Finding) -> bool:
    """An automatic number that restarts or jumps where it should continue. Word and
    Writer write "restart at N" as a list of its own (a w:num on the same abstract
    numbering, with a startOverride); when this paragraph is that list's first, the
    restart is undone: the list's paragraphs go back to the list before it (plain
    continuation, which also survives LibreOffice's ODT round trip), or, when they cannot
    (the number comes from a style), the override gets the value that continues. Anything
    else is not unambiguous and stays for a person."""
    from .text.numbering import parse_marker
    num_id, ilvl = where
    numbered = ed.an.reader.numbered
    mine = sorted(i for i, w in numbered.items() if w[0] == num_id)
    actual, expected = parse_marker(f.actual), parse_marker(f.expected)
    num_root = ed.root(ed.numbering_part)
    if not mine or mine[0] != index or actual is None or expected is None or num_root is None:
        return False
    num = _num_element(num_root, num_id)
    overrides = list(num.iter(_w("lvlOverride"))) if num is not None else []
    override = next((find_child(ov, _w("startOverride")) for ov in overrides if ov.get(_w("ilvl")) == str(ilvl)), None)
    value = override.get(_w("val")) if override is not None else None
    if value is None or not value.isdigit():
        return False
    p = ed.an.doc.paragraphs[index - 1]
    resolve = ed.an.reader.numbering.resolve
    key = resolve(num_id)[0] if resolve(num_id) else None
    before = [w[0] for i, w in sorted(numbered.items())
              if i < index and w[0] != num_id and resolve(w[0]) and resolve(w[0])[0] == key]
    refs = [_direct_num_id(ed.an.elements[i][0]) for i in mine if i in ed.an.elements]
    if before and len(refs) == len(mine) and all(r is not None for r in refs) and \
            not any(find_child(ov, _w("lvl")) is not None for ov in overrides):
        for ref in refs:
            ref.set(_w("val"), before[-1])
        ed.touched.add(ed.main)
    else:
        new = int(value) + expected.value - actual.value
        if new < 0:
            return False
        override.set(_w("val"), str(new))
        ed.touched.add(ed.numbering_part)
    ed.note("fix.para", where=ed.where(p), what=i18n.t("fix.marker", old=f.actual, new=f.expected))
    return True


def _direct_num_id(pel):
    """The paragraph's own w:numPr/w:numId (None when its number comes from its style)."""
    ppr = find_child(pel, _w("pPr"))
    numpr = find_child(ppr, _w("numPr")) if ppr is not None else None
    ref = find_child(numpr, _w("numId")) if numpr is not None else None
    return ref if ref is not None and ref.get(_w("val")) else None


def _replace_prefix(pel, old: str, new: str) -> bool:
    """Replace the typed marker `old` at the start of the paragraph's visible text by `new`.

    Only the w:t texts the marker spans are edited; text after it stays as it was.
    Leading white space before the marker is kept.
    """
    texts = [t for t in pel.iter(_w("t")) if _visible_t(t)]
    joined = "".join(t.text or "" for t in texts)
    stripped = joined.lstrip(" \u3000\ufeff\u200b\u200c\u200d\u2060")
    lead = len(joined) - len(stripped)
    if not stripped.startswith(old):
        return False
    return _put_span(texts, lead, lead + len(old), new)


def _put_span(texts: list, start: int, end: int, new: str, preserve: bool = False) -> bool:
    """Write `new` over [start, end) of the w:t texts joined: into the first w:t the span
    touches, the span's rest cut from the others. `preserve`: mark edge spaces as kept."""
    pos, put = 0, False
    for t in texts:
        s = t.text or ""
        a, b = pos, pos + len(s)
        pos = b
        if b <= start or a >= end:
            continue
        lo, hi = max(start, a) - a, min(end, b) - a
        t.text = s[:lo] + ("" if put else new) + s[hi:]
        put = True
        if preserve and t.text != t.text.strip():
            t.set(_XML_SPACE, "preserve")
    return put


def _fix_norms(ed: _Editor, rule_ids: list) -> None:
    """Write each writing-norm rule's proposed replacements into the paragraphs it reported."""
    from .rules._norms import exceptions, units
    from .text import norms
    an = ed.an
    for u in units(an.ctx):
        p = u.p
        if p is None or p.index not in an.elements:
            continue
        hits: list = []
        for rid in rule_ids:
            for h in norms.check(rid, u.text, skip=u.skip, exceptions=exceptions(an.ctx), context_aware=True):
                if not any(h.start < o.end and o.start < h.end for o in hits):
                    hits.append(h)
        if not hits:
            continue
        placed = _replace_spans(an.elements[p.index][0], p.text, sorted(hits, key=lambda h: h.start))
        if not placed:
            continue
        ed.text_edits[p.index] = placed
        ed.touched.add(ed.main)
        groups = [[placed[0]]]  # changes a few characters apart read as one (“好” → 「好」)
        for h in placed[1:]:
            if h.start - groups[-1][-1].end <= 6:
                groups[-1].append(h)
            else:
                groups.append([h])
        for g in groups:
            a, b = max(0, g[0].start - 3), min(len(p.text), g[-1].end + 3)
            inside = [norms.Hit(h.start - a, h.end - a, h.old, h.new) for h in g]
            ed.note("fix.para", where=ed.where(p), what=i18n.t("fix.text", old=p.text[a:b],
                                                                 new=norms.apply(p.text[a:b], inside)))


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _replace_spans(pel, text: str, hits: list) -> list:
    """Replace hits (positions in the reader's paragraph text) in the paragraph's visible
    w:t texts; the hits that could be placed. The reader's text also holds tabs and breaks,
    which are no w:t: positions are mapped through the common characters."""
    from difflib import SequenceMatcher
    texts = [t for t in pel.iter(_w("t")) if _visible_t(t)]
    joined = "".join(t.text or "" for t in texts)
    if joined == text:
        to_joined = list(range(len(text) + 1))
    else:
        to_joined = [None] * (len(text) + 1)
        for a, b, n in SequenceMatcher(None, text, joined, autojunk=False).get_matching_blocks():
            for k in range(n):
                to_joined[a + k] = b + k
    placed = []
    for h in reversed(hits):  # right to left: earlier offsets stay valid
        span = [to_joined[i] for i in range(h.start, h.end)]
        if any(j is None for j in span) or span != list(range(span[0], span[0] + len(span))) \
                or joined[span[0]:span[0] + len(span)] != h.old:
            continue
        _put_span(texts, span[0], span[0] + len(span), h.new, preserve=True)
        placed.append(h)
    return sorted(placed, key=lambda h: h.start)


def _after_edits(an: _Analysis, texts: list, edits: dict) -> list:
    """What _texts must read after this pass: each paragraph with exactly its norms' edits."""
    from .text import norms
    out = list(texts)
    for index, hits in edits.items():
        p = an.doc.paragraphs[index - 1]
        shift = len(p.text) - len(texts[index - 1])  # _texts leaves a typed marker out
        if shift < 0 or any(h.start < shift for h in hits):
            continue  # not a change _texts can see: the comparison will refuse it
        out[index - 1] = norms.apply(texts[index - 1], [norms.Hit(h.start - shift, h.end - shift, h.old, h.new)
                                                         for h in hits])
    return out


def _visible_t(t) -> bool:
    """A w:t of the final view (not inside a deletion, a text box or a fallback copy)."""
    node = t.getparent()
    while node is not None:
        tag = node.tag
        if tag in (_w("del"), _w("moveFrom"), _w("txbxContent")) or tag.endswith("}Fallback"):
            return False
        if tag == _w("p"):
            return True
        node = node.getparent()
    return True


# -- orchestration --------------------------------------------------------------------------
def _texts(doc) -> list[str]:
    """Each paragraph's text apart from its marker (what the author wrote)."""
    from .text.numbering import parse_marker
    out = []
    for p in doc.paragraphs:
        text = p.text
        if not p.marker_auto:
            m = parse_marker(text)
            if m is not None:
                s = text.lstrip().lstrip("\ufeff\u200b\u200c\u200d\u2060").lstrip()
                text = s[len(m.text):]
        out.append(text)
    return out


def _same_texts(expected: list, texts: list) -> None:
    if len(texts) != len(expected):
        raise InputError("fix.changed_text", n=min(len(texts), len(expected)) + 1)
    for n, (a, b) in enumerate(zip(expected, texts), start=1):
        if a != b:
            raise InputError("fix.changed_text", n=n)


def _repair(an: _Analysis, rules: set, direct: bool) -> _Editor:
    """One pass: every fixable rule that fires; `direct` sets values on the runs themselves."""
    firing = {f.rule for f in an.result.findings}
    ed = _Editor(an, rules)
    if "font-family" in rules and "font-family" in firing:
        _fix_fonts(ed, direct)
    if "font-size" in rules and "font-size" in firing:
        _fix_sizes(ed, direct)
    if "line-spacing" in rules and "line-spacing" in firing:
        _fix_lines(ed, direct)
    markers = [f for f in an.result.findings if f.rule in rules and
               f.rule in ("numbering-format", "numbering-sequence")]
    if markers:
        _fix_markers(ed, markers)
    norms_firing = [r for r in NORMS if r in rules and r in firing]
    if norms_firing:
        _fix_norms(ed, norms_firing)
    return ed


def fix_file(path: Path, *, output: Optional[Path] = None, only: Optional[set] = None,
             dry_run: bool = False, in_place: bool = False, options=None, config=None) -> FixOutcome:
    """Repair one DOCX (or ODT, through LibreOffice: docgen.fixodt); raise InputError for
    what cannot be repaired (one-line reason)."""
    from .check import CheckOptions
    from .config import find_config

    path = Path(path)
    options = options or CheckOptions()
    config = config or find_config(path)
    rules = set(only or FIXABLE)
    suffix = path.suffix.lower()
    if suffix == ".odt" and path.is_file():
        from .fixodt import fix_odt
        return fix_odt(path, output=output, only=only, dry_run=dry_run, in_place=in_place,
                       options=options, config=config)
    if suffix not in (".docx", ".docm") or not path.is_file():
        if not path.exists():
            raise InputError("input.missing", path=str(path))
        raise InputError("fix.not_docx", path=str(path))
    from .fsutil import read_input
    from .readers.ooxml.package import MAX_FILE
    raw = read_input(path, MAX_FILE)  # read once: what is repaired and what a backup keeps
    if b"purl.oclc.org/ooxml/" in raw:
        raise InputError("fix.strict")

    outcome = FixOutcome(path=str(path))
    # every pass reads the trees the last one edited, in memory; the package is written once
    expected, final, first, an = None, None, None, None
    touched: set = set()
    norms_wanted = bool(rules & set(NORMS))
    try:
        for attempt in range(MAX_PASSES + 1):
            an = _analyse(path, options, config, *((first.profile, first.result.form) if first else ()),
                          norms_wanted=norms_wanted, data=raw, again=an)
            texts = _texts(an.doc)
            if first is None:
                first, expected = an, texts
            # the words are as the last pass meant them: unchanged, but for the norms' edits
            _same_texts(expected, texts)
            ed = _repair(an, rules, direct=attempt > 0) if attempt < MAX_PASSES else None
            if ed is None or not ed.touched:
                final = an
                break
            outcome.changes += ed.changes
            touched |= ed.touched
            expected = _after_edits(an, texts, ed.text_edits)
        # what needs a person is what the first full check found (the norms' edits swap
        # characters and marks one for one, which no other rule judges)
        outcome.remaining = [f for f in final.result.findings if f.rule in rules]
        outcome.manual = [f for f in first.result.findings if f.rule not in rules]
        if dry_run or not outcome.changes:
            return outcome
        data = write_package(an.pkg, an.parts, touched)
    finally:
        if an is not None:
            an.pkg.close()
    return write_result(path, raw, data, outcome, output=output, in_place=in_place)


def write_result(path: Path, raw: bytes, data: bytes, outcome: FixOutcome, *, output: Optional[Path],
                 in_place: bool) -> FixOutcome:
    """Write the repaired file: beside the input as <name>.fixed<ext> (or `output`), or over
    the input after a <name>.bak<ext> copy of it; atomically, never over an input."""
    from .fsutil import atomic_write
    if in_place:
        backup = path.with_name(path.stem + ".bak" + path.suffix)
        atomic_write(backup, raw, [path])
        outcome.backup = str(backup)
        target = path
        atomic_write(target, data)
    else:
        target = output or path.with_name(path.stem + ".fixed" + path.suffix)
        atomic_write(target, data, [path])
    outcome.output = str(target)
    return outcome


def render_outcome(o: FixOutcome, *, diff: bool, dry_run: bool) -> str:
    """The text `docgen fix` prints: each change (with --diff / --dry-run), then what needs a person."""
    lines = []
    if diff or dry_run:
        lines += [f"  {c}" for c in o.changes]
    if not o.changes:
        lines.append(i18n.t("fix.nothing"))
    elif dry_run:
        lines.append(i18n.t("fix.dry_run"))
    if o.backup:
        lines.append(i18n.t("fix.backup", path=o.backup))
    if o.output:
        lines.append(i18n.t("fix.wrote", path=o.output, n=len(o.changes)))
    if o.manual or o.remaining:
        lines.append(i18n.t("fix.manual") + "：")
        for f in o.remaining + o.manual:
            lines.append(f"  [{f.rule}] {f.message}")
    return "\n".join(lines) + "\n"


def run_fix(path: str, *, output: Optional[str] = None, only: Optional[str] = None, dry_run: bool = False,
            diff: bool = False, in_place: bool = False, form: str = "auto", config: Optional[str] = None,
            echo=None) -> int:
    """`docgen fix`: 0 nothing left to do, 1 something still needs a person, 2 unusable input."""
    import sys

    from .check import CheckOptions
    from .config import find_config, load_file
    from .entry import EXIT_FINDINGS, EXIT_OK, fail
    from .errors import DocgenError

    echo = echo or sys.stdout.write
    rules = None
    if only:
        rules = {r.strip() for r in only.split(",") if r.strip()}
        if not rules or not rules <= set(FIXABLE):
            return fail(i18n.t("fix.bad_only", rules=i18n.join(FIXABLE)))
    options = CheckOptions(form=form, config_file=config, lang=i18n.get_lang())
    try:
        cfg = load_file(Path(config)) if config else find_config(Path(path))
        outcome = fix_file(Path(path), output=Path(output) if output else None, only=rules,
                           dry_run=dry_run, in_place=in_place, options=options, config=cfg)
    except DocgenError as err:
        return fail(err.message())
    echo(render_outcome(outcome, diff=diff, dry_run=dry_run))
    left = outcome.remaining + [f for f in outcome.manual if f.severity == "error"]
    return EXIT_FINDINGS if left else EXIT_OK
