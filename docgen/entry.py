"""The `docgen` process entry point, and the `check` command's options and body.

`docgen check FILE…` is the command run most, often once per file (pre-commit,
CI), so a plain invocation is read here without importing click (about 10 ms)
and the process ends without interpreter teardown (about 13 ms); a plain
`docgen fix FILE` likewise. Anything this reader is unsure of — help, a typo, a
bad value, an option before the command — goes to the click CLI in `cli.py`,
which owns every usage message. Both read the option tables below.
"""

from __future__ import annotations

import os
import sys
from typing import Callable, Optional

from . import i18n
from .errors import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_UNUSABLE  # noqa: F401 (re-exported)
from .errors import error_message, exit_code_for, print_debug

REPORT_FORMATS = ("text", "json", "markdown", "html", "junit", "sarif", "xlsx", "ods")
LANGS = ("zh-TW", "zh", "en")


class Opt:
    """One command-line option: its flags, destination, help (an i18n key) and how its value is read."""

    __slots__ = ("flags", "dest", "help", "kind", "default", "show_default", "choices", "flag", "path",
                 "must_exist")

    def __init__(self, *flags: str, dest: str, help: str, kind: type = str, default=None,
                 show_default: bool = False, choices: tuple = (), flag: bool = False,
                 path: bool = False, must_exist: bool = False):
        self.flags, self.dest, self.help, self.kind = flags, dest, help, kind
        self.default, self.show_default, self.choices = default, show_default, choices
        self.flag, self.path, self.must_exist = flag, path, must_exist

    def read(self, raw: str):
        """The value, or None when click should judge it (and word the complaint)."""
        if self.choices:
            return raw if raw in self.choices else None
        if self.kind in (int, float):
            try:
                return self.kind(raw.strip())
            except ValueError:
                return None
        if self.path:  # click.Path(dir_okay=False, exists=must_exist)
            if os.path.isdir(raw) or (self.must_exist and not os.path.isfile(raw)):
                return None
        return raw


CHECK_OPTIONS = (
    Opt("--form", dest="form", default="auto", show_default=True,
        help="cli.help.check.form"),
    Opt("--format", dest="fmt", default="text", show_default=True, choices=REPORT_FORMATS,
        help="cli.help.check.format"),
    Opt("-o", "--output", dest="output", path=True, help="cli.help.check.output"),
    Opt("--award-year", dest="award_year", kind=int, help="cli.help.award_year"),
    Opt("--config", dest="config", path=True, must_exist=True, help="cli.help.check.config"),
    Opt("--strict", dest="strict", flag=True, default=False, help="cli.help.strict"),
    Opt("-j", "--jobs", dest="jobs", kind=int, help="cli.help.check.jobs"),
    Opt("--no-pages", dest="no_pages", flag=True, default=False, help="cli.help.check.no_pages"),
    Opt("--time-budget", dest="time_budget", kind=float, help="cli.help.time_budget"),
)
FIX_OPTIONS = (
    Opt("-o", "--output", dest="output", path=True, help="cli.help.fix.output"),
    Opt("--only", dest="only", help="cli.help.fix.only"),
    Opt("--dry-run", dest="dry_run", flag=True, default=False, help="cli.help.fix.dry_run"),
    Opt("--diff", dest="diff", flag=True, default=False, help="cli.help.fix.diff"),
    Opt("--in-place", dest="in_place", flag=True, default=False, help="cli.help.fix.in_place"),
    Opt("--form", dest="form", default="auto", show_default=True, help="cli.help.fix.form"),
    Opt("--config", dest="config", path=True, must_exist=True, help="cli.help.fix.config"),
)
LANG_OPTION = Opt("--lang", dest="lang", choices=LANGS, help="cli.help.lang")


def parse_check(args: list[str], table: tuple = CHECK_OPTIONS) -> Optional[dict]:
    """The options of a plain `check` (or, with FIX_OPTIONS, `fix`) invocation, or None to
    leave it to click."""
    by_flag = {f: o for o in (*table, LANG_OPTION) for f in o.flags}
    values = {o.dest: o.default for o in (*table, LANG_OPTION)}
    paths: list[str] = []
    it = iter(args)
    for arg in it:
        if not arg.startswith("-") or arg == "-":
            paths.append(arg)
            continue
        name, eq, raw = arg.partition("=")
        opt = by_flag.get(name)
        if opt is None:  # --help, --, -ofile, a typo…
            return None
        if opt.flag:
            if eq:
                return None
            values[opt.dest] = True
            continue
        if not eq:
            raw = next(it, None)
            if raw is None:
                return None
        value = opt.read(raw)
        if value is None:
            return None
        values[opt.dest] = value
    if not paths:
        return None
    values["paths"] = paths
    return values


def fail(message: str, code: int = EXIT_UNUSABLE) -> int:
    from .reports import clean_text  # a file name's control characters never reach the terminal
    sys.stderr.write(f"docgen: {clean_text(message)}\n")
    return code


def crash_code(err: BaseException) -> int:
    """One line for the user instead of a traceback (DOCGEN_DEBUG=1 adds it): 2 when
    the input is unusable, 3 when docgen failed (see errors.py)."""
    if isinstance(err, KeyboardInterrupt):
        return fail(i18n.t("cli.interrupted"), 130)
    if isinstance(err, BrokenPipeError):  # the reader of our output left (`| head`): not a failure to report
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush
        except (OSError, ValueError):
            pass
        return 141  # as a shell reports SIGPIPE
    print_debug(err)
    return fail(error_message(err), exit_code_for(err))


def console(file=None):
    from rich.console import Console
    return Console(file=file, highlight=False, soft_wrap=True, emoji=False)  # ":x:" in a path stays text


def run_check(paths: list[str], form: str = "auto", fmt: str = "text", output: Optional[str] = None,
              award_year: Optional[int] = None, config: Optional[str] = None, strict: bool = False,
              jobs: Optional[int] = None, no_pages: bool = False, time_budget: Optional[float] = None,
              echo: Callable[[str], object] = sys.stdout.write,
              annotate: Optional[str] = None, annotate_dir: Optional[str] = None,
              annotate_pdf: Optional[str] = None) -> int:
    """`docgen check`: check every path, print or write the report; the exit code."""
    from pathlib import Path

    from .check import CheckOptions, check_many, expand, exit_code
    from .reports import render_report

    if fmt in ("xlsx", "ods") and not output and sys.stdout.isatty():  # a spreadsheet is no use on a terminal
        return fail(i18n.t("cli.binary_needs_output", fmt=fmt))
    files = expand(paths)
    if not files:
        return fail(i18n.t("cli.nothing_to_check"))
    if output:  # before any work: the report may not replace what it reports on
        from .fsutil import refuse_if_input
        from .readers import SOURCE_NAME
        refuse_if_input(Path(output), [*files, *(Path(f) / SOURCE_NAME for f in files if os.path.isdir(f)),
                                        *([config] if config else [])])
    if len(files) > 1:
        import gc
        gc.enable()  # `run` turned it off for a quick start; a batch may run long
    options = CheckOptions(form=form, award_year=award_year, config_file=config, lang=i18n.get_lang(),
                           time_budget=time_budget)
    if award_year is not None and award_notice(award_year, config, files[0]) is not None:
        return EXIT_UNUSABLE
    progress = None
    bar = None
    if len(files) > 1 and sys.stderr.isatty():
        from rich.progress import Progress
        bar = Progress(console=console(sys.stderr), transient=True)
        bar.start()
        task = bar.add_task(i18n.t("cli.checking"), total=len(files))
        progress = lambda _r: bar.advance(task)  # noqa: E731
    try:
        results = check_many(files, options, jobs=jobs, progress=progress)
    finally:
        if bar:
            bar.stop()
    if annotate or annotate_dir:  # a commented copy of each DOCX (docgen/annotate.py)
        from .annotate import annotate_results
        for line in annotate_results(results, annotate, annotate_dir):
            sys.stderr.write(line + "\n")
    pdf_code = EXIT_OK
    if annotate_pdf:  # the annotated copy printed with its comments in the margin
        from .annotate import annotate_pdf as write_pdf
        line, pdf_code = write_pdf(results, annotate if annotate and len(results) == 1 else None, annotate_pdf)
        if line:
            sys.stderr.write(line + "\n")
    from .rules import batch_findings
    batch = batch_findings(results, strict) if len(results) > 1 else []
    code = _batch_code(exit_code(results, strict), batch, strict)
    code = max(code, pdf_code)  # the PDF asked for is not there: whose fault it is
    if fmt == "text" and not output:
        from .reports.text import write
        write(results, strict, batch=batch)  # rich colours only on a terminal
        return code
    report = render_report(results, fmt, strict=strict, batch=batch, pages=not no_pages, time_budget=time_budget)
    if output:
        from .fsutil import atomic_write
        data = report if isinstance(report, bytes) else report.encode("utf-8")
        # and not what the checks read besides (a source's pictures, a config found on the way)
        atomic_write(Path(output), data, [f for r in results for f in (r.path, *r.inputs)])
    elif isinstance(report, bytes):  # a spreadsheet into a pipe
        sys.stdout.flush()
        sys.stdout.buffer.write(report)
        sys.stdout.buffer.flush()
    else:
        echo(report)
    return code


def award_notice(award_year: int, config: Optional[str], near: str) -> Optional[int]:
    """--award-year: the exit code when it is no ROC year; a line on stderr when it is a
    past cycle with no pack (the checks go on with the forms' own values)."""
    from pathlib import Path

    from .awards import unknown_year_notice, year_problem
    from .config import find_config, load_file
    from .errors import InputError
    if year_problem(award_year):
        return fail(year_problem(award_year))
    try:
        dirs = (load_file(Path(config)) if config else find_config(Path(near))).awards
    except InputError:  # the checks report it
        dirs = ()
    notice = unknown_year_notice(award_year, dirs)
    if notice:
        fail(notice)
    return None


def _batch_code(code: int, batch, strict: bool) -> int:
    """A batch finding fails a batch that otherwise passed (a warning only with --strict)."""
    if code == EXIT_OK and any(strict or f.severity == "error" for f in batch):
        return EXIT_FINDINGS
    return code


def parse_fix(args: list[str]) -> Optional[dict]:
    """The options of a plain `fix FILE` invocation (run_fix's arguments), or None."""
    opts = parse_check(args, FIX_OPTIONS)
    if opts is None or len(opts["paths"]) != 1:
        return None
    opts["path"] = opts.pop("paths")[0]
    return opts


def _run_fix(**opts) -> int:
    from .fix import run_fix
    return run_fix(**opts)


def run(argv: Optional[list[str]] = None) -> None:
    """`docgen …` as a process: never returns."""
    args = sys.argv[1:] if argv is None else argv
    quick = {"check": (parse_check, run_check), "fix": (parse_fix, _run_fix)}.get(args[0] if args else "")
    opts = quick[0](args[1:]) if quick else None
    if opts is None:
        try:
            from .cli import main
        except ImportError as err:  # click missing, an incomplete install: docgen's fault, exit 3
            i18n.set_lang("en" if "en" in (os.environ.get("DOCGEN_LANG"), *_lang_args(args)) else "zh")
            sys.exit(crash_code(err))
        main(args=args, prog_name="docgen")  # raises SystemExit
        return
    import gc
    # collection passes while importing cost ~5-10 ms and free nothing; a batch turns it back on
    gc.disable()
    i18n.set_lang(opts.pop("lang") or os.environ.get("DOCGEN_LANG") or "zh")
    try:
        code = quick[1](**opts)
    except BaseException as err:  # noqa: BLE001 — one line for the user, whatever happened
        if isinstance(err, SystemExit):
            raise
        code = crash_code(err)
    _exit(code)


def _lang_args(args: list[str]) -> list[str]:
    """The values given to --lang, read without click."""
    return [v for i, a in enumerate(args) for v in
            ([a.partition("=")[2]] if a.startswith("--lang=") else args[i + 1:i + 2] if a == "--lang" else [])]


def _exit(code: int) -> None:
    """End without tearing the interpreter down once all output is out.

    Only when nothing waits for an exit handler: a LibreOffice started for an
    .odt is stopped by its atexit hook, so then the ordinary exit runs.
    """
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        sys.exit(code)
    if "docgen.render.office" in sys.modules:
        sys.exit(code)
    os._exit(code)


i18n.register({
    "cli.interrupted": ("已中斷", "Interrupted"),
    "cli.nothing_to_check": ("找不到可檢查的檔案（.docx、.pdf、.odt 或來源資料夾）", "Nothing to check (.docx, .pdf, .odt or a source folder)"),
    "cli.checking": ("檢查中", "Checking"),
    "cli.binary_needs_output": ("{fmt} 報告請用 -o 指定檔案（例如 -o 彙整.{fmt}）",
                                "A {fmt} report needs a file: pass -o (e.g. -o summary.{fmt})"),
})
