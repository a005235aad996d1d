"""`docgen fix` of an .odt: through LibreOffice, ODT → DOCX → fix → ODT.

The checker reads an ODT as the DOCX LibreOffice makes of it (readers/odt.py), so the
repair is made on that DOCX, and LibreOffice writes the ODT back. A round trip through
DOCX could lose what only ODF can say, so the result is read back the same way and
written only when it holds exactly the words, paragraphs and pictures the input held
and shows no rule the input did not break; otherwise nothing is written and the reason
is given. One LibreOffice does the three conversions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from . import i18n
from .errors import InputError

i18n.register({
    "fix.odt_no_office": ("修正 .odt 需要 LibreOffice：sudo apt-get install -y libreoffice-writer-nogui",
                          "Repairing an .odt needs LibreOffice: sudo apt-get install -y libreoffice-writer-nogui"),
    "fix.odt_lost": ("經 LibreOffice 轉回 ODT 後內容有所改變（第 {n} 段），未寫入；請在 Writer 另存為 DOCX 後再修正",
                     "Written back as ODT by LibreOffice, the content changed (paragraph {n}), so nothing was "
                     "written; save it as DOCX in Writer and repair that"),
    "fix.odt_new_faults": ("經 LibreOffice 轉回 ODT 後出現原本沒有的問題（{rules}），未寫入；請在 Writer 另存為 DOCX 後再修正",
                           "Written back as ODT by LibreOffice, it breaks rules the input did not ({rules}), so "
                           "nothing was written; save it as DOCX in Writer and repair that"),
})


def _content(doc) -> list[tuple]:
    """What a round trip must keep: each paragraph's words (markers aside) and pictures."""
    from .fix import _texts
    return [(t, p.pictures, p.cell is not None) for t, p in zip(_texts(doc), doc.paragraphs)]


def fix_odt(path: Path, *, output: Optional[Path], only: Optional[set], dry_run: bool, in_place: bool,
            options, config):
    """Repair an ODT; the FixOutcome names the ODT written (or, dry, what would change)."""
    from .check import check_document
    from .fix import FIXABLE, fix_file, write_result
    from .fsutil import read_input
    from .readers.ooxml.package import MAX_FILE
    from .readers.docx import read_docx
    from .readers.odt import vet_odt
    from .render.office import Office, find_soffice

    vet_odt(path)
    if find_soffice() is None:
        raise InputError("fix.odt_no_office")
    rules = set(only or FIXABLE)
    raw = read_input(path, MAX_FILE)  # capped, as every input is
    with Office() as office:
        work = office.scratch_dir()
        as_docx = office.convert(path, work / "in.docx", "docx")
        fixed_docx = work / "fixed.docx"
        outcome = fix_file(as_docx, output=fixed_docx, only=only, dry_run=dry_run,
                           options=options, config=config)
        outcome.path = str(path)
        if dry_run or not outcome.output:
            outcome.output = None
            return outcome
        back = office.convert(fixed_docx, work / "fixed.odt", "odt")
        # read the result as the checker will: the DOCX LibreOffice makes of it
        before = read_docx(as_docx)
        after = read_docx(office.convert(back, work / "check.docx", "docx"))
        # the words as fix_file left them (the writing norms' edits, checked there, included)
        a, b = _content(read_docx(fixed_docx)), _content(after)
        for n, (x, y) in enumerate(zip(a, b), start=1):
            if x != y:
                raise InputError("fix.odt_lost", n=n)
        if len(a) != len(b):
            raise InputError("fix.odt_lost", n=min(len(a), len(b)) + 1)
        first = {f.rule for f in check_document(before, options, config).findings}
        final = check_document(after, options, config).findings
        new = sorted({f.rule for f in final} - first)
        if new:
            raise InputError("fix.odt_new_faults", rules=i18n.join(new))
        outcome.remaining = [f for f in final if f.rule in rules]
        data = read_input(back, MAX_FILE)
    return write_result(path, raw, data, outcome, output=output, in_place=in_place)
