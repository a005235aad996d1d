"""The batch summary a 研考會 files: one row per form, and every finding with its location.

HTML, xlsx and ods show the same rows (built here once)."""

from __future__ import annotations

from .. import i18n
from ..model import FileResult, Finding
from .checklist import count_text, form_name, verdict

COLUMNS = ("report.file", "summary.agency", "report.form", "summary.category", "summary.name",
           "summary.chars", "report.errors", "report.warnings", "report.result")
FINDING_COLUMNS = ("report.file", "summary.rule", "summary.severity", "report.message", "report.where")


def fixed_zip(data: bytes, fix=None) -> bytes:
    """The archive again with fixed entry times (and `fix(name, bytes)` applied), the ODF
    mimetype first and stored: same report -> same bytes."""
    import io
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if fix is not None:
                body = fix(item.filename, body)
            info = zipfile.ZipInfo(item.filename, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if item.filename == "mimetype" else zipfile.ZIP_DEFLATED
            dst.writestr(info, body)
    return out.getvalue()


def headers(columns=COLUMNS) -> list[str]:
    return [i18n.t(k) for k in columns]


def summary_row(r: FileResult, strict: bool = False) -> list:
    """File, 機關, 表單, 參獎類別, 專案名稱/參獎名稱, 字數/上限, 錯誤, 警告, 結果 (numbers stay numbers)."""
    info = r.info or {}
    return [r.path, info.get("agency", ""), form_name(r), info.get("category", ""), info.get("name", ""),
            count_text(r), r.errors, r.warnings, verdict(r, strict)]


def finding_rows(results: list[FileResult], batch: list[Finding] = ()) -> list[list]:
    rows = []
    for r in results:
        if r.error:
            rows.append([r.path, "unreadable", i18n.t("severity.error"), r.error, ""])
        for f in r.findings:
            rows.append([r.path, f.rule, i18n.t("severity." + f.severity), f.message, f.location.describe()])
    for f in batch:
        rows.append([i18n.t("summary.batch"), f.rule, i18n.t("severity." + f.severity), f.message, ""])
    return rows


i18n.register({
    "summary.agency": ("機關", "Agency"),
    "summary.chars": ("字數／上限", "Characters / limit"),
    "summary.category": ("參獎類別", "Category"),
    "summary.name": ("專案名稱／參獎名稱", "Project / entry name"),
    "summary.rule": ("規則", "Rule"),
    "summary.severity": ("等級", "Severity"),
    "summary.batch": ("（整批）", "(batch)"),
    "summary.sheet": ("摘要", "Summary"),
    "summary.findings_sheet": ("問題", "Findings"),
    "summary.filter": ("篩選", "Filter"),
})
