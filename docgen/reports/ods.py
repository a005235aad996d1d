"""The batch summary as an OpenDocument spreadsheet (the government prefers ODF, seed 002)."""

from __future__ import annotations

import io

from .. import i18n
from ..model import FileResult, Finding
from .summary import FINDING_COLUMNS, finding_rows, fixed_zip, headers, summary_row

FIXED_TIME = "2000-01-01T00:00:00"


def render_bytes(results: list[FileResult], strict: bool = False, batch: list[Finding] = ()) -> bytes:
    from odf import meta
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    # odfpy writes the generator and the creation date (now): fix both for identical bytes
    doc.meta.childNodes[:] = []
    doc.meta.addElement(meta.Generator(text="docgen"))
    doc.meta.addElement(meta.CreationDate(text=FIXED_TIME))
    for name, head, rows in ((i18n.t("summary.sheet"), headers(), [summary_row(r, strict) for r in results]),
                             (i18n.t("summary.findings_sheet"), headers(FINDING_COLUMNS),
                              finding_rows(results, batch))):
        table = Table(name=name)
        for row in [head, *rows]:
            tr = TableRow()
            for value in row:
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    cell = TableCell(valuetype="float", value=value)
                else:
                    cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    buf = io.BytesIO()
    doc.write(buf)
    return fixed_zip(buf.getvalue())
