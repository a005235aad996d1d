"""Source → DOCX through the form's docxtpl template (and PDF/ODT through LibreOffice)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from lxml import etree

from ..check import CheckOptions, check_document
from ..config import Config, find_config
from ..errors import InputError, InternalError
from ..fsutil import atomic_write, normalize_zip
from ..model import Document, FileResult
from ..profile import FormProfile, template_path
from ..readers.source import Source, read_source

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CHAR_TWIPS = 280  # one 14 pt character
# (left indent, hanging) in characters for the text of each level, so a wrapped
# line aligns under the text, not under the marker
LEVEL_INDENT = {1: (0, 0), 2: (2, 2), 3: (4, 3), 4: (5, 2), 5: (7, 3)}


@dataclass
class BuildOutcome:
    source: str
    docx: Path
    report: Path
    result: FileResult
    extra: dict = field(default_factory=dict)  # "pdf" / "odt" -> Path


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _run_props(parent, font: str, half_points: int) -> None:
    rpr = etree.SubElement(parent, _w("rPr"))
    fonts = etree.SubElement(rpr, _w("rFonts"))
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(_w(attr), font)
    etree.SubElement(rpr, _w("sz")).set(_w("val"), str(half_points))
    etree.SubElement(rpr, _w("szCs")).set(_w("val"), str(half_points))
    etree.SubElement(rpr, _w("lang")).set(_w("eastAsia"), "zh-TW")


def narrative_xml(doc: Document, profile: FormProfile) -> str:
    """The 壹…肆 narrative as WordprocessingML paragraphs, formatted from the profile."""
    line = str(int(round(profile.line_points * 20)))
    body = etree.Element(_w("body"), nsmap={"w": W})
    level = 0
    for p in doc.paragraphs:
        if not p.in_narrative:
            continue
        level = p.level or level
        is_title = p.role == "title"
        para = etree.SubElement(body, _w("p"))
        ppr = etree.SubElement(para, _w("pPr"))
        if is_title:
            etree.SubElement(ppr, _w("keepNext"))
        # no punctuation hanging past the margin (Word's default allows it)
        etree.SubElement(ppr, _w("overflowPunct")).set(_w("val"), "0")
        spacing = etree.SubElement(ppr, _w("spacing"))
        spacing.set(_w("before"), "0")
        spacing.set(_w("after"), "0")
        spacing.set(_w("line"), line)
        spacing.set(_w("lineRule"), profile.line_rule)
        ind = etree.SubElement(ppr, _w("ind"))
        left, hanging = LEVEL_INDENT[level] if level else (0, 0)
        if p.level:
            ind.set(_w("left"), str(left * CHAR_TWIPS))
            ind.set(_w("hanging"), str(hanging * CHAR_TWIPS))
        else:  # body text: under its heading's text, first line indented two characters
            ind.set(_w("left"), str(left * CHAR_TWIPS))
            ind.set(_w("firstLine"), str(2 * CHAR_TWIPS))
        # left, not justified: LibreOffice drops a full-width comma that hangs at the
        # end of a justified line, so the PDF would lose characters
        jc = etree.SubElement(ppr, _w("jc"))
        jc.set(_w("val"), "left")
        size = int(round((profile.size_title if is_title else profile.size_body) * 2))
        _run_props(ppr, profile.font_family, size)
        run = etree.SubElement(para, _w("r"))
        _run_props(run, profile.font_family, size)
        t = etree.SubElement(run, _w("t"))
        t.text = p.full_text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return "".join(etree.tostring(child, encoding="unicode") for child in body)


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
    ctx: dict = {"f": f, "narrative": Markup(narrative_xml(doc, profile))}
    ctx["sign"] = {"name": "　" * 8, "year": "　　", "month": "　　", "day": "　　"}
    for key, picture in src.pictures.items():
        ctx[key] = InlineImage(tpl, str(picture), width=Mm(80))
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
        from ..rules.content import split_contact
        for key, piece in zip(CONTACT_KEYS, split_contact(str(value))):
            parts[key] = piece
    return parts


def render_docx(src: Source, template: Optional[Path] = None) -> bytes:
    from docxtpl import DocxTemplate
    from jinja2.sandbox import SandboxedEnvironment

    tpl = DocxTemplate(str(template or template_path(src.profile)))
    env = SandboxedEnvironment(autoescape=True)
    tpl.render(template_context(src, tpl), jinja_env=env, autoescape=True)
    props = tpl.docx.core_properties
    import datetime as _dt
    fixed = _dt.datetime(2000, 1, 1)
    props.created = props.modified = fixed
    props.last_modified_by = "docgen"
    props.revision = 1
    props.title = src.document.fields.get("award_name").text if "award_name" in src.document.fields else src.profile.name
    buf = io.BytesIO()
    tpl.save(buf)
    return normalize_zip(buf.getvalue())


def output_name(source: Path) -> str:
    """`samples/summary_form` → `summary_form`; `x/application.md` → `x`."""
    source = source.resolve()
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


def build_one(source: str, outdir: Path, *, template: Optional[Path] = None,
              options: CheckOptions = CheckOptions(), config: Optional[Config] = None) -> BuildOutcome:
    """Validate, render and write one source; findings never stop the DOCX."""
    from ..reports import render_report

    path = Path(source)
    src = read_source(path, None if options.form in (None, "auto") else options.form)
    config = config or find_config(path)
    result = check_document(src.document, options, config)
    data = render_docx(src, template)
    name = output_name(path)
    inputs = [path, *src.pictures.values(), *( [template] if template else [])]
    from ..readers.source import find_source_file
    inputs.append(find_source_file(path))
    docx_path = atomic_write(outdir / f"{name}.docx", data, inputs)
    # check what was really written: formatting rules run on the DOCX
    from ..check import read_document
    try:
        built_doc = read_document(docx_path)
    except InputError as err:  # docgen's own DOCX: not the user's fault
        raise InternalError("build.self_check", path=str(docx_path), detail=err.message()) from err
    built = check_document(built_doc, CheckOptions(form=src.profile.id, award_year=result.stats.get("award_year"),
                                                   lang=options.lang, today=options.today), config)
    merge_into(result, built)
    result.path = str(path)
    report_path = atomic_write(outdir / f"{name}.checklist.md",
                               render_report([result], "markdown").encode("utf-8"), inputs)
    return BuildOutcome(source=str(path), docx=docx_path, report=report_path, result=result)
