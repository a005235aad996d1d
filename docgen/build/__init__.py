"""`docgen build`: sources → DOCX (+ PDF/ODT) and a checklist beside each.

With --pdf/--odt one LibreOffice serves the whole batch. It starts while the
DOCX files are written, and each PDF is checked in a worker process while
LibreOffice converts the next document.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Callable, Optional

from .. import i18n
from ..errors import EXIT_INTERNAL, DocgenError, blame, error_message, exit_code_for, internal_frame, print_debug


def run_build(sources: list[str], outdir: Path, *, pdf: bool = False, odt: bool = False,
              template: Optional[Path] = None, award_year: Optional[int] = None, strict: bool = False,
              lang: str = "zh", echo: Callable[[str], None] = print) -> int:
    """Build every source; returns the worst exit code (0 ok, 1 findings, 2 unusable input,
    3 docgen failed: e.g. LibreOffice missing or crashing)."""
    from ..check import CheckOptions

    options = CheckOptions(award_year=award_year, lang=lang)
    worst = 0
    with ExitStack() as stack:
        office = pool = None
        if pdf or odt:
            from ..render.office import Office, find_soffice
            if find_soffice() is None:
                echo(internal_frame(i18n.t("build.no_office")))
                worst = EXIT_INTERNAL
                pdf = odt = False
            else:
                if pdf:
                    # PDF checkers, warmed up while LibreOffice starts; they
                    # never outlive docgen (workers.py). Forked first, while
                    # docgen has one thread: a fork during another thread's
                    # Popen would inherit its pipes and hang it
                    from ..workers import worker_pool
                    pool = stack.enter_context(worker_pool(2))
                    for _ in range(2):
                        pool.submit(_warm_up)
                office = Office()  # not entered: __enter__ would start it synchronously
                # interrupted (Ctrl-C, SIGTERM): stop LibreOffice at once, no graceful quit
                stack.push(lambda kind, *_: office.close(graceful=kind is None))
                office.open_in_background()

        from .builder import build_one  # after LibreOffice is on its way: docxtpl takes a while

        converter = None
        if office is not None:
            converter = _Converter(office, pool, pdf=pdf, odt=odt, lang=lang)
            stack.callback(converter.stop)  # first out: on Ctrl-C the thread must not outlive the batch
        outcomes = []
        for source in sources:
            try:
                outcome = build_one(source, outdir, template=template, options=options)
            except DocgenError as err:
                print_debug(err)
                echo(f"✗ {source}：{err.message()}")
                worst = max(worst, exit_code_for(err))
                continue
            outcomes.append(outcome)
            if converter is not None:
                converter.put(outcome)  # converts while the next source is built
        if converter is not None:
            for message, code in converter.finish(strict):
                echo(message)
                worst = max(worst, code)

    for outcome in outcomes:
        result = outcome.result
        files = "、".join(str(p) for p in [outcome.docx, *outcome.extra.values()])
        mark = "✓" if result.passed(strict) else "✗"
        echo(i18n.t("build.done", mark=mark, files=files, report=str(outcome.report),
                    errors=result.errors, warnings=result.warnings))
        for f in result.findings:
            echo(f"    {i18n.t('severity.' + f.severity)} {f.rule}：{f.message}")
        if not result.passed(strict):
            worst = max(worst, 1)
    return worst


def _warm_up() -> None:
    """Import what a PDF check needs, in a worker, before the first PDF exists."""
    import docgen.check  # noqa: F401
    import docgen.readers.pdf  # noqa: F401
    import docgen.rules  # noqa: F401
    docgen.rules.all_rules()


class _Converter:
    """A thread that converts each built DOCX in turn and hands PDFs to the checkers."""

    def __init__(self, office, pool, *, pdf: bool, odt: bool, lang: str):
        import queue
        import threading

        self.office, self.pool, self.lang = office, pool, lang
        self.formats = [f for f, on in (("pdf", pdf), ("odt", odt)) if on]
        self.queue: "queue.Queue" = queue.Queue()
        self.checks: list = []  # (outcome, future)
        self.errors: list[tuple[str, int]] = []  # (message, exit code)
        self.stopping = False
        self.thread = threading.Thread(target=self._run, name="docgen-convert", daemon=True)
        self.thread.start()

    def put(self, outcome) -> None:
        self.queue.put(outcome)

    def stop(self) -> None:
        self.stopping = True
        self.queue.put(None)

    def _run(self) -> None:
        from ..check import CheckOptions, check_path

        while (outcome := self.queue.get()) is not None and not self.stopping:
            for fmt in self.formats:
                target = outcome.docx.with_suffix(f".{fmt}")
                try:
                    self.office.convert(outcome.docx, target, fmt)
                except BaseException as err:  # never leave the main thread waiting
                    print_debug(err)
                    self.errors.append((f"✗ {outcome.docx}：{_not_users_fault(error_message(err), blame(err))}",
                                        EXIT_INTERNAL))
                    continue
                outcome.extra[fmt] = target
            if "pdf" in outcome.extra and self.pool is not None:
                result = outcome.result
                opts = CheckOptions(form=result.form, award_year=result.stats.get("award_year"), lang=self.lang)
                try:
                    self.checks.append((outcome, self.pool.submit(check_path, str(outcome.extra["pdf"]), opts)))
                except RuntimeError:  # the pool is shut: the batch was interrupted
                    return

    def finish(self, strict: bool) -> list[tuple[str, int]]:
        """Wait for every conversion and PDF check; merge findings; return (error line, exit code)s."""
        from ..fsutil import atomic_write
        from ..reports import render_report
        from .builder import merge_into

        self.queue.put(None)
        self.thread.join()
        for outcome, future in self.checks:
            checked = future.result()
            if checked.error:
                message = _not_users_fault(checked.error, checked.error_kind)
                self.errors.append((f"! {outcome.extra['pdf']}：{message}", EXIT_INTERNAL))
                continue
            merge_into(outcome.result, checked)
            atomic_write(outcome.report, render_report([outcome.result], "markdown", strict=strict).encode())
        return self.errors


def _not_users_fault(message: str, kind: str | None) -> str:
    """Converting or checking a file docgen itself wrote failed: docgen's failure (exit 3)."""
    return message if kind == "internal" else internal_frame(message)


i18n.register({
    "build.self_check": ("無法檢查剛產生的 {path}（{detail}）", "Could not check the DOCX just written, {path} ({detail})"),
    "build.done": ("{mark} 已產生 {files}（檢查清單：{report}；{errors} 個錯誤、{warnings} 個警告）",
                   "{mark} wrote {files} (checklist {report}; {errors} errors, {warnings} warnings)"),
    "build.no_office": ("找不到 LibreOffice，無法輸出 PDF/ODT（DOCX 仍會產生）。安裝：sudo apt-get install -y libreoffice-writer-nogui fonts-cns11643-kai",
                        "LibreOffice not found: no PDF/ODT (DOCX is still written). Install: sudo apt-get install -y libreoffice-writer-nogui fonts-cns11643-kai"),
})
