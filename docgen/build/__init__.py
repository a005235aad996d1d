"""`docgen build`: sources → DOCX (+ PDF/ODT) and a checklist beside each."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from .. import i18n
from ..errors import InputError


def run_build(sources: list[str], outdir: Path, *, pdf: bool = False, odt: bool = False,
              template: Optional[Path] = None, award_year: Optional[int] = None, strict: bool = False,
              lang: str = "zh", echo: Callable[[str], None] = print) -> int:
    """Build every source; returns the exit code (0 ok, 1 findings, 2 unusable input)."""
    from contextlib import nullcontext

    from ..check import CheckOptions
    from ..reports import render_report
    from .builder import build_one, merge_findings

    options = CheckOptions(award_year=award_year, lang=lang)
    worst = 0
    office_cm = nullcontext(None)
    if pdf or odt:
        from ..render.office import Office, find_soffice
        if find_soffice() is None:
            echo(i18n.t("build.no_office"))
            worst = 2
            pdf = odt = False
        else:
            office_cm = Office()
    with office_cm as office:
        for source in sources:
            try:
                outcome = build_one(source, outdir, template=template, options=options)
            except InputError as err:
                echo(f"✗ {source}：{err.message()}")
                worst = 2
                continue
            result = outcome.result
            if office is not None:
                from ..check import check_path
                from ..fsutil import atomic_write
                for fmt in [f for f, on in (("pdf", pdf), ("odt", odt)) if on]:
                    target = outcome.docx.with_suffix(f".{fmt}")
                    office.convert(outcome.docx, target, fmt)
                    outcome.extra[fmt] = target
                if "pdf" in outcome.extra:
                    checked = check_path(str(outcome.extra["pdf"]),
                                         CheckOptions(form=result.form, award_year=result.stats.get("award_year"),
                                                      lang=lang))
                    if checked.error:
                        echo(f"! {outcome.extra['pdf']}：{checked.error}")
                    else:
                        result.findings = merge_findings(result.findings, checked.findings)
                        atomic_write(outcome.report, render_report([result], "markdown", strict=strict).encode())
            files = "、".join(str(p) for p in [outcome.docx, *outcome.extra.values()])
            mark = "✓" if result.passed(strict) else "✗"
            echo(i18n.t("build.done", mark=mark, files=files, report=str(outcome.report),
                        errors=result.errors, warnings=result.warnings))
            for f in result.findings:
                echo(f"    {i18n.t('severity.' + f.severity)} {f.rule}：{f.message}")
            if not result.passed(strict):
                worst = max(worst, 1)
    return worst


i18n.register({
    "build.done": ("{mark} 已產生 {files}（檢查清單：{report}；{errors} 個錯誤、{warnings} 個警告）",
                   "{mark} wrote {files} (checklist {report}; {errors} errors, {warnings} warnings)"),
    "build.no_office": ("找不到 LibreOffice，無法輸出 PDF/ODT（DOCX 仍會產生）。安裝：sudo apt-get install -y libreoffice-writer-nogui fonts-cns11643-kai",
                        "LibreOffice not found: no PDF/ODT (DOCX is still written). Install: sudo apt-get install -y libreoffice-writer-nogui fonts-cns11643-kai"),
})
