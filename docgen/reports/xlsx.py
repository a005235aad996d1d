"""The batch summary as an Excel workbook: a summary sheet and a sheet of every finding."""

from __future__ import annotations

import datetime as _dt
import io

from .. import i18n
from ..model import FileResult, Finding
from .summary import FINDING_COLUMNS, finding_rows, fixed_zip, headers, summary_row

FIXED_TIME = _dt.datetime(2000, 1, 1)  # same input -> same bytes: no "now" in the metadata


def render_bytes(results: list[FileResult], strict: bool = False, batch: list[Finding] = ()) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = "docgen"
    ws = wb.active
    ws.title = i18n.t("summary.sheet")
    sheets = [(ws, headers(), [summary_row(r, strict) for r in results]),
              (wb.create_sheet(i18n.t("summary.findings_sheet")), headers(FINDING_COLUMNS),
               finding_rows(results, batch))]
    for sheet, head, rows in sheets:
        sheet.append(head)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for col, width in zip("ABCDEFGHI", (40, 24, 14, 12, 30, 12, 8, 8, 24)):
            sheet.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps docProps/core.xml's modified time and each zip entry with the clock
    return fixed_zip(buf.getvalue(), _fixed_core)


def _fixed_core(name: str, data: bytes) -> bytes:
    if name != "docProps/core.xml":
        return data
    import re
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data)
