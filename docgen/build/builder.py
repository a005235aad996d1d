"""Source → DOCX through the form's docxtpl template (and PDF/ODT through LibreOffice)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from copy import deepcopy

from lxml import etree

from .. import i18n
from ..check import CheckOptions, check_document
from ..config import Config, find_config
from ..errors import InputError, InternalError
from ..fsutil import atomic_write, normalize_zip
from ..model import Document, FileResult, Paragraph
from ..profile import FormProfile, template_path
from ..readers.source import Source, read_source
from ..writers import ooxml


@dataclass
class BuildOutcome:
    source: str
    docx: Path
    report: Path
    result: FileResult
    extra: dict = field(default_factory=dict)  # "pdf" / "odt" -> Path


def narrative_xml(doc: Document, profile: FormProfile) -> str:
    """The 壹…肆 narrative as WordprocessingML paragraphs (and the tables a section holds),
    formatted from the profile."""
    body = etree.Element(ooxml.qn("w:body"), nsmap={"w": ooxml.W_NS})
    paragraphs = [p for p in doc.paragraphs if p.in_narrative]
    level, heading, i = 0, "", 0
    while i < len(paragraphs):
        p = paragraphs[i]
        if p.cell is None:
            level = p.level or level
            if p.level == 1:
                heading = p.text
            body.append(_narrative_paragraph(p, profile, level))
            i += 1
            continue
        j = i
        while j < len(paragraphs) and paragraphs[j].cell is not None and paragraphs[j].cell.table == p.cell.table:
            j += 1
        body.append(_narrative_table(paragraphs[i:j], profile, heading))
        i = j
    return "".join(etree.tostring(child, encoding="unicode") for child in body)


def _narrative_paragraph(p, profile: FormProfile, level: int, in_cell: bool = False):
    def chars(n: float) -> int:
        return ooxml.chars_to_twips(n, profile.size_body)

    is_title = p.role == "title"
    para = ooxml.el("w:p")
    ppr = ooxml.sub(para, "w:pPr")
    if is_title:
        ooxml.sub(ppr, "w:keepNext")
    # no punctuation hanging past the margin (Word's default allows it)
    ooxml.sub(ppr, "w:overflowPunct", {"w:val": "0"})
    ppr.append(ooxml.spacing(ooxml.pt_to_twips(profile.line_points), profile.line_rule))
    # (left, hanging) of the level's text from the profile: a wrapped line aligns under
    # the text, not under the marker
    indents = profile.level_indents
    left, hanging = indents[min(level, len(indents)) - 1] if level else (0, 0)
    if in_cell:  # a cell starts at its own edge: only the marker hangs
        ind = {"w:left": chars(hanging), "w:hanging": chars(hanging)} if p.level else None
    elif p.level:
        ind = {"w:left": chars(left), "w:hanging": chars(hanging)}
    else:  # body text: under its heading's text, first line indented two characters
        ind = {"w:left": chars(left), "w:firstLine": chars(2)}
    if ind:
        ooxml.sub(ppr, "w:ind", ind)
    # left, not justified: LibreOffice drops a full-width comma that hangs at the
    # end of a justified line, so the PDF would lose characters
    ooxml.sub(ppr, "w:jc", {"w:val": "left"})
    size = ooxml.half_points(profile.size_title if is_title else profile.size_body)
    props = ooxml.rpr(profile.font_family, size)
    ppr.append(props)
    para.append(ooxml.run(p.full_text, deepcopy(props)))
    return para


def _narrative_table(cells: list, profile: FormProfile, heading: str):
    """A Markdown table of the narrative as a Word table: the first row is the head (shaded,
    repeated on each page); column widths from the section's `table.widths`, else equal."""
    from ..normalize import norm
    from ..structure import heading_title
    from .template import cell_element, table_element, text_width

    ncols = max(p.cell.col for p in cells)
    title = norm(heading_title(Paragraph(index=0, text=heading))) if heading else ""
    section = next((s for s in profile.sections if title and any(norm(t) == title for t in s.titles)), None)
    shares = list(section.table_widths if section and len(section.table_widths) == ncols else [1] * ncols)
    total = text_width(profile)
    widths = [int(total * w / sum(shares)) for w in shares]
    widths[-1] += total - sum(widths)
    tbl = table_element(widths)
    by_cell: dict = {}
    for p in cells:
        by_cell.setdefault((p.cell.row, p.cell.col), []).append(p)
    for row in sorted({r for r, _ in by_cell}):
        props = [ooxml.el("w:tblHeader")] if row == 1 else []
        tr = ooxml.el("w:tr", children=[ooxml.el("w:trPr", children=props)])
        level = 0
        for col in range(1, ncols + 1):
            paragraphs = []
            for p in by_cell.get((row, col), []):
                level = p.level or level
                paragraphs.append(_narrative_paragraph(p, profile, level, in_cell=True))
            if not paragraphs:  # Word needs a paragraph in every cell
                paragraphs = [_narrative_paragraph(Paragraph(index=0, text=""), profile, 0, in_cell=True)]
            tr.append(cell_element(widths[col - 1], 1, row == 1, paragraphs))
        tbl.append(tr)
    return tbl


def template_context(src: Source, tpl) -> dict:
    """Everything the form's template refers to, from the source's fields."""
    from docxtpl import InlineImage
    from docx.shared import Mm
    from markupsafe import Markup

    doc = src.document
    profile = src.profile
    f = {spec.key: doc.fields[spec.key].text if spec.key in doc.fields else ""
         for spec in profile.fields}
    # separate lines become separate paragraphs in the box ("\a" is docxtpl's paragraph break)
    f = {k: v.replace("\r\n", "\n").replace("\n", "\a") for k, v in f.items()}
    for spec in profile.fields:
        if spec.type == "number":
            f[spec.key] = thousands(f[spec.key])
    ctx: dict = {"f": f, "narrative": Markup(narrative_xml(doc, profile))}
    # the blanks the profile leaves for the head's signature and the date
    ctx["sign"] = {name: "　" * width for name, width in profile.signature.items()}
    for key in src.pictures:
        # the bytes read and vetted with the source, not the path again (it may have changed since)
        ctx[key] = InlineImage(tpl, io.BytesIO(src.picture_data[key]), width=Mm(80))
    for spec in profile.fields:
        if spec.type == "picture":
            ctx.setdefault(spec.key, "")
        if spec.type == "choice":
            fv = doc.fields.get(spec.key)
            ticked = fv.options if fv else {}
            for option in spec.options:
                name = spec.template_names.get(option, option)
                ctx.setdefault("box", {})[name] = "■" if ticked.get(option) else "□"
        if spec.type == "contact":
            ctx[spec.template_name or spec.key] = _contact_parts(src.values.get(spec.key))
    return ctx


def thousands(text: str) -> str:
    """An amount as the form prints every amount: 35000 → 35,000 (a decimal part kept)."""
    plain = text.replace(",", "").replace("，", "").strip()
    whole, dot, frac = plain.partition(".")
    if not whole.isdigit() or (dot and not frac.isdigit()):
        return text
    return f"{int(whole):,}" + (dot + frac if dot else "")


def docx_title(src: Source) -> str:
    """The document title the profile asks for, `{field}` pieces filled; the form's name if empty."""
    import string

    fields = src.document.fields
    try:
        pieces = list(string.Formatter().parse(src.profile.docx_title))
    except ValueError:  # a stray brace: the title as written
        pieces = [(src.profile.docx_title, None, None, None)]
    out, empty = [], False
    for literal, name, _, _ in pieces:
        out.append(literal)
        if name is not None:
            value = fields[name].text.strip() if name in fields else ""
            empty = empty or not value
            out.append(value)
    title = "".join(out).strip()
    return src.profile.name if empty or not title else title


def _contact_parts(value) -> dict:
    from ..schema import CONTACT_KEYS

    parts = {k: "" for k in CONTACT_KEYS}
    if isinstance(value, dict):
        for key, aliases in CONTACT_KEYS.items():
            for name in (key, *aliases):
                if value.get(name) not in (None, ""):
                    parts[key] = str(value[name])
                    break
    elif value:
        from ..rules.contact import split_contact
        for key, piece in zip(CONTACT_KEYS, split_contact(str(value))):
            parts[key] = piece
    return parts


def load_template(path: Path) -> bytes:
    """A user's template, vetted like any DOCX and more: read once (a regular file
    within the cap), every part read within the ZIP caps and every XML part parsed
    safely, every picture in it within the pixel cap. Its bytes, or a one-line refusal."""
    from ..fsutil import read_input
    from ..readers.ooxml.package import MAX_FILE, open_package, read_all_parts

    try:
        data = read_input(path, MAX_FILE)
        pkg = open_package(path, data)
        try:
            pkg.main_part()  # refuses a ZIP with no Word document in it
            read_all_parts(pkg)
        finally:
            pkg.close()
    except InputError as err:
        raise InputError("template.unusable", template=str(path), problem=err.message()) from None
    return data


def render_docx(src: Source, template: Optional[Path] = None, template_data: Optional[bytes] = None) -> bytes:
    """The DOCX bytes for a source; a user's template (`template_data`, from `load_template`)
    renders in a sandbox that also bounds loop work and output size."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    from .sandbox import BoundedSandbox, TooCostly

    name = str(template or template_path(src.profile))
    if template is None and template_data is None and not Path(name).is_file():
        # a form with no template of its own: the one its profile describes
        from .template import template_bytes
        template_data = template_bytes(src.profile)
    try:
        tpl = DocxTemplate(io.BytesIO(template_data) if template_data is not None else name)
    except Exception:  # noqa: BLE001 — python-docx: PackageNotFoundError, KeyError, ValueError…
        raise InputError("template.unusable", template=name, problem=i18n.t("docx.not_docx")) from None
    env = BoundedSandbox(autoescape=True)
    try:
        tpl.render(template_context(src, tpl), jinja_env=env, autoescape=True)
    except TooCostly as err:
        raise InputError("template.too_costly", template=name, what=err.what) from None
    except TemplateError as err:
        line = getattr(err, "lineno", None)
        raise InputError("template.render_failed", template=name,
                         problem=f"{type(err).__name__}: {err.message or ''}"[:160] + (f" (#{line})" if line else "")
                         ) from None
    except etree.XMLSyntaxError as err:
        raise InputError("template.render_failed", template=name, problem=f"XML: {err}"[:160]) from None
    props = tpl.docx.core_properties
    import datetime as _dt
    fixed = _dt.datetime(2000, 1, 1)
    props.created = props.modified = fixed
    props.last_modified_by = "docgen"
    props.revision = 1
    props.title = docx_title(src)
    buf = io.BytesIO()
    tpl.save(buf)
    return normalize_zip(buf.getvalue())


def output_name(source: Path) -> str:
    """`samples/summary_form` → `summary_form`; `x/application.md` → `x`."""
    from ..fsutil import real_path

    source = real_path(source)
    if source.is_file():
        return source.parent.name if source.name == "application.md" else source.stem
    return source.name


def merge_into(result: FileResult, built: FileResult) -> None:
    """Add to `result` (the source's) what only the file built from it shows.

    A content rule finds the same fault in the source and in the DOCX (or PDF)
    built from it, worded with a different place (source line vs paragraph), so
    a built finding is matched to one already there by rule, expected and actual,
    one for one. Rules that did not apply before (formatting, on a source) add
    everything; afterwards they count as applied.
    """
    from collections import Counter

    unmatched = Counter((f.rule, f.expected, f.actual) for f in result.findings)
    for f in built.findings:
        key = (f.rule, f.expected, f.actual)
        if f.rule not in result.skipped and unmatched[key] > 0:
            unmatched[key] -= 1
            continue
        result.findings.append(f)
    result.skipped = [r for r in result.skipped if r in built.skipped]


def planned_outputs(source: Path, outdir: Path, formats: tuple[str, ...] = ()) -> list[Path]:
    """Every file a build of `source` writes: the DOCX, its checklist, and PDF/ODT if asked."""
    name = output_name(source)
    return [outdir / f"{name}.docx", outdir / f"{name}.checklist.md", *(outdir / f"{name}.{f}" for f in formats)]


def build_one(source: str, outdir: Path, *, template: Optional[Path] = None,
              options: CheckOptions = CheckOptions(), config: Optional[Config] = None,
              template_data: Optional[bytes] = None, formats: tuple[str, ...] = ()) -> BuildOutcome:
    """Validate, render and write one source; findings never stop the DOCX.

    Nothing is written until every output is known not to be any file read.
    """
    from ..budget import budget_seconds, time_budget
    from ..fsutil import refuse_if_input
    from ..readers.source import find_source_file
    from ..reports import render_report

    path = Path(source)
    config = config or find_config(path)
    with time_budget(budget_seconds(options.time_budget, config.time_budget)):
        src = read_source(path, None if options.form in (None, "auto") else options.form)
        inputs = [path, find_source_file(path), *src.pictures.values(), template, config.path]
        targets = planned_outputs(path, outdir, formats)
        for target in targets:
            refuse_if_input(target, inputs)
        result = check_document(src.document, options, config)
        if template is not None and template_data is None:
            template_data = load_template(template)
        data = render_docx(src, template, template_data)
        docx_path = atomic_write(targets[0], data, inputs)
        # check what was really written: formatting rules run on the DOCX (inside this budget)
        from ..check import read_document
        try:
            built_doc = read_document(docx_path)
        except InputError as err:  # docgen's own DOCX: not the user's fault
            raise InternalError("build.self_check", path=str(docx_path), detail=err.message()) from err
        built = check_document(built_doc, CheckOptions(form=src.profile.id, award_year=result.stats.get("award_year"),
                                                       lang=options.lang, today=options.today), config)
    merge_into(result, built)
    result.path = str(path)
    report_path = atomic_write(targets[1], render_report([result], "markdown").encode("utf-8"), inputs)
    return BuildOutcome(source=str(path), docx=docx_path, report=report_path, result=result)


i18n.register({
    "template.unusable": ("範本 {template} 無法使用：{problem}", "Template {template} cannot be used: {problem}"),
    "template.too_costly": ("範本 {template} 的運算量超過上限（{what}），已拒絕",
                            "Template {template} needs more work than allowed ({what}); refused"),
    "template.render_failed": ("範本 {template} 無法套用（{problem}）", "Template {template} failed to render ({problem})"),
})
