"""`docgen check --annotate`: a copy of the DOCX with one Word comment per finding.

Comments are by 「docgen」 (initials DG), dated with the run's date (SOURCE_DATE_EPOCH,
when set, makes it reproducible). A finding is anchored on its paragraph; one without
a paragraph on its section's heading (a missing section: on the heading of the section
before it), else on the document's first paragraph. Annotating an annotated file
replaces docgen's earlier comments and keeps everybody else's. Only document.xml, the
comments part and — when the file had no comments — the content types and the
document's relationships are rewritten. `--annotate-pdf` prints the annotated copy with
its comments in the page margin (render/margin.py).
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import Optional

from . import i18n
from .errors import InputError
from .model import FileResult, Finding

AUTHOR, INITIALS = "docgen", "DG"

i18n.register({
    "annotate.not_docx": ("只能在 Word 檔（.docx）上加註解：{path}", "Comments can only be added to Word files (.docx): {path}"),
    "annotate.wrote": ("已寫入加註解的檔案 {path}（{n} 則註解）", "Wrote the annotated copy {path} ({n} comments)"),
    "annotate.hint": ("建議：{hint}", "Fix: {hint}"),
    "annotate.pdf_one_file": ("--annotate-pdf 只能用於單一 Word 檔", "--annotate-pdf takes a single Word file"),
    "annotate.strict": ("此檔為 Strict Open XML 格式，無法加註解；請在 Word 另存為一般 .docx",
                        "The file is Strict Open XML and cannot be annotated; save it as an ordinary .docx in Word"),
})


def run_date() -> str:
    """The comments' date: now, or SOURCE_DATE_EPOCH when set (reproducible output)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (_dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc) if epoch and epoch.isdigit()
            else _dt.datetime.now(_dt.timezone.utc))
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def comment_lines(f: Finding) -> list[str]:
    from .rules import RULES
    hint = f.hint or (RULES[f.rule].hint() if f.rule in RULES else None)
    lines = [f"[{f.rule}] {f.message}"]
    if hint:
        lines.append(i18n.t("annotate.hint", hint=hint))
    return lines


def _missing_section_anchor(f: Finding, doc, profile) -> Optional[int]:
    """A missing section's comment: on the heading of the last present section the form
    puts before it, else on the narrative's first paragraph (where it would begin)."""
    from .normalize import norm
    from .structure import heading_title
    titles = [norm(s.title) for s in profile.sections]
    wanted = norm(f.location.excerpt or "")
    if f.rule != "section-missing" or wanted not in titles:
        return None
    before = profile.sections[:titles.index(wanted)]
    narrative = [p for p in doc.paragraphs if p.in_narrative]
    heads = [p for p in narrative if p.level == 1
             and any(norm(heading_title(p)).startswith(norm(t)) for s in before for t in s.titles)]
    if heads:
        return heads[-1].index
    return narrative[0].index if narrative else None


def _anchor_index(f: Finding, doc, profile=None) -> int:
    """The paragraph a finding's comment sits on (1-based)."""
    loc = f.location
    n = len(doc.paragraphs)
    if loc.order and 0 < loc.order <= n:
        return loc.order
    if profile is not None and not loc.section:
        index = _missing_section_anchor(f, doc, profile)
        if index:
            return index
    if loc.section:
        for p in doc.paragraphs:
            if p.in_narrative and p.level == 1 and p.section == loc.section:
                return p.index
    if loc.part:
        for p in doc.paragraphs:
            if p.part == loc.part:
                return p.index
    return 1


def annotate_file(path: Path, result: FileResult, out: Path, date: Optional[str] = None) -> int:
    """Write `out`: `path` with one comment per finding of `result`; the number of comments."""
    from .fix import read_recorded
    from .writers.ooxml.package import write_package
    from .fsutil import atomic_write
    from .profile import load_profile
    from .readers.ooxml.package import normalize_part
    from .structure import structure
    from .writers.ooxml import qn
    from .writers.ooxml import comments as wc
    from .writers.ooxml import tostring

    path = Path(path)
    if path.suffix.lower() not in (".docx", ".docm"):
        raise InputError("annotate.not_docx", path=str(path))
    if b"purl.oclc.org/ooxml/" in path.read_bytes():
        raise InputError("annotate.strict")
    date = date or run_date()
    pkg, reader, parts, elements, doc = read_recorded(path)
    try:
        profile = None
        if result.form:  # sections and parts, for findings without a paragraph
            profile = load_profile(result.form).replace(fields=())
            structure(doc, profile)
        main = normalize_part(pkg.main_part())
        folder = main.rsplit("/", 1)[0] + "/" if "/" in main else ""
        document = parts[main]
        touched, added = {main}, {}
        existing = pkg.related(main, "comments")
        if existing is not None:
            cpart = normalize_part(existing)
            croot = pkg.xml(existing)
            touched.add(cpart)
        else:
            cpart, croot = folder + "comments.xml", wc.comments_root()
        # docgen's earlier comments go; people's stay
        ours = {c.get(qn("w:id")) for c in croot.iter(qn("w:comment"))
                if c.get(qn("w:author")) == AUTHOR and c.get(qn("w:initials")) == INITIALS}
        for c in list(croot.iter(qn("w:comment"))):
            if c.get(qn("w:id")) in ours:
                croot.remove(c)
        wc.remove_anchors(document, ours)
        ids = [int(c.get(qn("w:id"))) for c in croot.iter(qn("w:comment"))
               if (c.get(qn("w:id")) or "").lstrip("-").isdigit()]
        used = {int(x) for x in (n.get(qn("w:id")) for n in document.iter(qn("w:commentRangeStart")))
                if x and x.lstrip("-").isdigit()}
        next_id = max([*ids, *used, -1]) + 1
        count = 0
        for f in result.findings:
            index = _anchor_index(f, doc, profile)
            if index not in elements:
                index = min(elements) if elements else None
            if index is None:
                continue
            croot.append(wc.comment(next_id, AUTHOR, INITIALS, date, comment_lines(f)))
            wc.anchor_paragraph(elements[index][0], next_id)
            next_id += 1
            count += 1
        if existing is None:
            added[cpart] = tostring(croot)
            types = pkg.xml("[Content_Types].xml")
            wc.add_override(types, cpart, wc.COMMENTS_TYPE)
            touched.add(normalize_part("[Content_Types].xml"))
            rels_name = folder + "_rels/" + main[len(folder):] + ".rels"
            rels = pkg.xml(rels_name)
            if rels is None:
                raise InputError("docx.corrupt")
            wc.add_relationship(rels, wc.COMMENTS_REL, "comments.xml")
            touched.add(normalize_part(rels_name))
        data = write_package(pkg, parts, touched, added)
    finally:
        pkg.close()
    atomic_write(Path(out), data, [path])
    return count


def annotate_results(results: list[FileResult], out: Optional[str], out_dir: Optional[str]) -> list[str]:
    """`--annotate` / `--annotate-dir` for a checked batch: one line per file written or refused."""
    from .errors import DocgenError
    lines = []
    date = run_date()
    for r in results:
        if r.error or Path(r.path).suffix.lower() not in (".docx", ".docm"):
            continue
        target = Path(out) if out and len(results) == 1 else \
            Path(out_dir or ".") / (Path(r.path).stem + ".annotated" + Path(r.path).suffix)
        try:
            n = annotate_file(Path(r.path), r, target, date)
            lines.append(i18n.t("annotate.wrote", path=str(target), n=n))
        except DocgenError as err:
            lines.append(f"{r.path}: {err.message()}")
    return lines


def annotate_pdf(results: list[FileResult], docx_out: Optional[str], pdf_out: str) -> tuple[Optional[str], int]:
    """`--annotate-pdf`: the annotated copy as a PDF with the comments printed in the margin.

    Needs a LibreOffice with ExportNotesInMargin (render/margin.py); without one, the
    line says what is missing. Returns (the line to print or None, an exit code): 0 when
    the PDF was written; 2 when the request or the file is at fault (not one Word file,
    the output is the input); 3 when docgen cannot (no LibreOffice that can, or it failed).
    A file the check could not read was reported there already: no line, exit 2.
    """
    from .errors import EXIT_INTERNAL, EXIT_OK, EXIT_UNUSABLE
    import tempfile

    from .errors import INTERNAL, DocgenError, error_message
    from .fsutil import refuse_if_input
    from .render.margin import find_margin_office, missing_texts, render_margin_pdf
    docx = [r for r in results if Path(r.path).suffix.lower() in (".docx", ".docm")]
    if len(results) != 1 or len(docx) != 1:
        return i18n.t("annotate.pdf_one_file"), EXIT_UNUSABLE
    if docx[0].error:
        return None, EXIT_UNUSABLE
    office, found = find_margin_office()
    if office is None:
        return i18n.t("margin.missing", found=found), EXIT_INTERNAL
    with tempfile.TemporaryDirectory(prefix="docgen-annotate-") as tmp:
        source = Path(tmp) / (Path(docx[0].path).stem + ".annotated.docx")
        try:
            refuse_if_input(Path(pdf_out), [docx[0].path, *([docx_out] if docx_out else [])])
            if docx_out and Path(docx_out).is_file():  # --annotate wrote it already
                source = Path(docx_out)
            else:
                annotate_file(Path(docx[0].path), docx[0], source, run_date())
            render_margin_pdf(source, Path(pdf_out), office)
            cut = missing_texts(Path(pdf_out), ["".join(comment_lines(f)) for f in docx[0].findings])
        except DocgenError as err:
            return f"{docx[0].path}: {err.message()}", EXIT_INTERNAL if err.kind == INTERNAL else EXIT_UNUSABLE
        except Exception as err:  # LibreOffice failing is not the file's fault, and never a traceback
            return error_message(err), EXIT_INTERNAL
    if cut:
        return i18n.t("margin.cut", path=pdf_out, version=office.version, n=cut), EXIT_OK
    return i18n.t("margin.wrote", path=pdf_out, version=office.version), EXIT_OK
