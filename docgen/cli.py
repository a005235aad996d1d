"""The `docgen` command. Thin: parses options, imports the heavy parts lazily.

Help texts are i18n keys (`cli.help.*`), shown in the language asked for; see clitext.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__, clitext, i18n
from .clitext import Group as _Group, Path as PathType, argument, option
from .entry import CHECK_OPTIONS, EXIT_FINDINGS, FIX_OPTIONS, EXIT_OK, EXIT_UNUSABLE, LANG_OPTION, crash_code, fail, run_check

clitext.install()


def _lang_option(f):
    def set_lang(ctx, param, value):
        if value:
            i18n.set_lang(value)
        return value
    return option(*LANG_OPTION.flags, type=click.Choice(LANG_OPTION.choices), default=None,
                  expose_value=False, is_eager=True, callback=set_lang, help=LANG_OPTION.help)(f)


def _options(table):
    """click options from an option table in `entry.py` (the quick reader reads it too)."""
    def decorate(f):
        for o in reversed(table):
            kw = dict(default=o.default, show_default=o.show_default, help=o.help)
            if o.flag:
                kw["is_flag"] = True
            elif o.choices:
                kw["type"] = click.Choice(o.choices)
            elif o.path:
                kw["type"] = PathType(exists=o.must_exist, dir_okay=False)
            else:
                kw["type"] = o.kind
            f = option(*o.flags, o.dest, **kw)(f)
        return f
    return decorate


def _fail(message: str, code: int = EXIT_UNUSABLE) -> None:
    sys.exit(fail(message, code))


class Group(_Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.ClickException as err:
            raise clitext.localise(err) from None
        except (click.Abort, click.exceptions.Exit, SystemExit):
            raise
        except (KeyboardInterrupt, Exception) as err:  # never a traceback for the user
            sys.exit(crash_code(err))


def _show_version(ctx, param, value):
    if value and not ctx.resilient_parsing:
        click.echo(f"docgen {__version__}")
        ctx.exit()


@click.group(cls=Group, help="cli.help.main", context_settings={"help_option_names": ["-h", "--help"]})
@option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version, help="cli.help.version")
@_lang_option
def main():
    """docgen: write, build and check 政府服務獎 forms."""


@main.command(help="cli.help.init")
@option("--form", "form", default="summary_form", show_default=True, help="cli.help.init.form")
@argument("directory", metavar_key="cli.metavar.folder", type=PathType(file_okay=False))
@_lang_option
def init(form, directory):
    """A ready-to-edit source folder."""
    from .config import find_config
    from .init import init_source
    path = init_source(Path(directory), form, find_config(Path.cwd()).forms)
    click.echo(i18n.t("cli.init_done", path=str(path)))


@main.command(help="cli.help.build")
@argument("sources", metavar_key="cli.metavar.sources", nargs=-1, required=True, type=PathType())
@option("-o", "--output", "outdir", default="out", show_default=True, type=PathType(file_okay=False),
        help="cli.help.build.output")
@option("--pdf", is_flag=True, help="cli.help.build.pdf")
@option("--odt", is_flag=True, help="cli.help.build.odt")
@option("--template", type=PathType(exists=True, dir_okay=False), help="cli.help.build.template")
@option("--award-year", type=int, help="cli.help.award_year")
@option("--strict", is_flag=True, help="cli.help.strict")
@option("--time-budget", type=float, help="cli.help.time_budget")
@_lang_option
def build(sources, outdir, pdf, odt, template, award_year, strict, time_budget):
    """Sources (YAML + Markdown) to DOCX (+ PDF, ODT) and a checklist."""
    from .build import run_build
    from .entry import award_notice
    if award_year is not None and award_notice(award_year, None, sources[0]) is not None:
        sys.exit(EXIT_UNUSABLE)
    code = run_build(list(sources), Path(outdir), pdf=pdf, odt=odt,
                     template=Path(template) if template else None,
                     award_year=award_year, strict=strict, lang=i18n.get_lang(),
                     time_budget=time_budget)
    sys.exit(code)


@main.command(help="cli.help.check")
@argument("paths", metavar_key="cli.metavar.paths", nargs=-1, required=True, type=PathType())
@_options(CHECK_OPTIONS)
@option("--annotate", type=click.Path(dir_okay=False), help="cli.help.check.annotate")
@option("--annotate-dir", type=click.Path(file_okay=False), help="cli.help.check.annotate_dir")
@option("--annotate-pdf", type=click.Path(dir_okay=False), help="cli.help.check.annotate_pdf")
@_lang_option
def check(paths, **options):
    """Check sources, DOCX, PDF, ODT or whole folders."""
    sys.exit(run_check(list(paths), **options, echo=lambda text: click.echo(text, nl=False)))


@main.command(help="cli.help.fix")
@argument("path", metavar_key="cli.metavar.path", type=PathType())
@_options(FIX_OPTIONS)
@_lang_option
def fix(path, output, only, dry_run, diff, in_place, form, config):
    """Repair fonts, sizes, line spacing and numbering markers of a DOCX (never its words)."""
    from .fix import run_fix
    sys.exit(run_fix(path, output=output, only=only, dry_run=dry_run, diff=diff, in_place=in_place,
                     form=form, config=config, echo=lambda text: click.echo(text, nl=False)))


@main.command(help="cli.help.serve")
@option("--host", default="127.0.0.1", show_default=True, help="cli.help.serve.host")
@option("--port", default=8000, show_default=True, type=int, help="cli.help.serve.port")
@option("--workers", type=int, help="cli.help.serve.workers")
@option("--token-file", type=PathType(exists=True, dir_okay=False), help="cli.help.serve.token_file")
@option("--max-file-mb", default=20.0, show_default=True, type=float, help="cli.help.serve.max_file_mb")
@option("--max-files", default=100, show_default=True, type=int, help="cli.help.serve.max_files")
@option("--queue", default=16, show_default=True, type=int, help="cli.help.serve.queue")
@option("--job-timeout", default=600.0, show_default=True, type=float, help="cli.help.serve.job_timeout")
@option("--ttl", default=3600.0, show_default=True, type=float, help="cli.help.serve.ttl")
@_lang_option
def serve(host, port, workers, token_file, max_file_mb, max_files, queue, job_timeout, ttl):
    """The checker as a web page and an HTTP API (the web stack loads only here)."""
    from .serve import run_serve
    from .serve.limits import MB, Limits
    for name, value, least in (("--port", port, 0), ("--workers", workers or 1, 1), ("--max-file-mb", max_file_mb, 0.001),
                               ("--max-files", max_files, 1), ("--queue", queue, 1), ("--job-timeout", job_timeout, 0),
                               ("--ttl", ttl, 1)):
        if value < least or (name == "--port" and value > 65535):
            _fail(i18n.t("cli.serve_bad_value", option=name, value=value))
    limits = Limits(file_bytes=int(max_file_mb * MB), files=max_files, queue=queue, job_seconds=job_timeout,
                    ttl_seconds=ttl, batch_bytes=max(Limits().batch_bytes, int(max_file_mb * MB) + MB))
    sys.exit(run_serve(host, port, workers, token_file, limits))


@main.command(help="cli.help.count")
@argument("path", metavar_key="cli.metavar.path", required=False, default="-", type=PathType(allow_dash=True))
@option("--form", "form", default="auto", show_default=True, help="cli.help.count.form")
@option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
        help="cli.help.count.format")
@_lang_option
def count(path, form, fmt):
    """Word's 字數 of a form's counted scope (source, DOCX, PDF, ODT) or of text on stdin (-)."""
    from .count import run_count
    sys.exit(run_count(path, form=form, fmt=fmt, echo=lambda text: click.echo(text, nl=False)))


@main.command(help="cli.help.rules")
@option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
        help="cli.help.rules.format")
@_lang_option
def rules(fmt):
    """Every rule: id, severity, explanation and fix hint."""
    from .config import find_config
    from .rules import all_rules
    rs = all_rules()
    forms = find_config(Path.cwd()).forms  # the texts name every form's values, the agency's too
    if fmt == "json":
        import json
        click.echo(json.dumps([{"id": r.id, "severity": r.severity, "title": r.title(),
                                "explanation": r.explain(forms=forms), "hint": r.hint(forms=forms)} for r in rs],
                              ensure_ascii=False, indent=2))
        return
    if fmt == "markdown":  # the README's rule table is this (scripts/make_rule_table.py)
        from .rules._listing import markdown_table
        click.echo(markdown_table(rs, forms), nl=False)
        return
    for r in rs:
        click.echo(f"{r.id:<20} {r.severity:<8} {r.title()}\n    {r.explain(forms=forms)}\n    → {r.hint(forms=forms)}")


@main.command(help="cli.help.schema")
@argument("form", metavar_key="cli.metavar.form", required=False)
@option("--profile", "profile_schema", is_flag=True, help="cli.help.schema.profile")
@option("--award", "award_schema", is_flag=True, help="cli.help.schema.award")
@_lang_option
def schema(form, profile_schema, award_schema):
    """The JSON Schema of a form's front matter (for editors); FORM is a form id or a profile path."""
    import json
    from .profile import profile_schema as the_profile_schema
    if profile_schema or award_schema:
        from .awards import award_schema as the_award_schema
        click.echo(json.dumps(the_profile_schema() if profile_schema else the_award_schema(),
                              ensure_ascii=False, indent=2))
        return
    if not form:
        _fail(i18n.t("cli.schema_needs_form"))
    from .schema import front_matter_schema
    click.echo(json.dumps(front_matter_schema(_form_profile(form)), ensure_ascii=False, indent=2))


def _form_profile(form: str):
    """A form by id (shipped or in the config's folders) or by profile path; one line when not."""
    from .config import find_config
    from .profile import get_profile
    return get_profile(form, find_config(Path.cwd()).forms)


@main.command(help="cli.help.template")
@argument("form", metavar_key="cli.metavar.form")
@option("-o", "--output", "output", required=True, type=PathType(dir_okay=False), help="cli.help.template.output")
@_lang_option
def template(form, output):
    """Write a form's Word template from its profile."""
    from .build.template import write_template
    path = write_template(_form_profile(form), Path(output))
    click.echo(i18n.t("cli.template_done", path=str(path)))


@main.command(help="cli.help.forms")
@option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
        help="cli.help.forms.format")
@option("--config", "config", type=PathType(exists=True, dir_okay=False), help="cli.help.forms.config")
@_lang_option
def forms(fmt, config):
    """The forms: shipped and in the config's forms folders."""
    import json
    from .config import find_config, load_file
    from .profile import all_profiles, template_path
    dirs = (load_file(Path(config)) if config else find_config(Path.cwd())).forms
    profiles, broken = all_profiles(dirs)
    rows = []
    for p in profiles:
        tpl = template_path(p)
        rows.append({"id": p.id, "name": p.name_en if i18n.get_lang() == "en" and fmt == "text" else p.name,
                     "authority": p.authority, "seed": p.seed or None, "limit": p.limit,
                     "template": str(tpl) if tpl.is_file() else None, "path": p.path})
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            click.echo(f"{r['id']:<20} {i18n.t('cli.forms_row' if r['limit'] is not None else 'cli.forms_row_nolimit', name=r['name'], authority=r['authority'], limit=r['limit'])}")
    for err in broken:
        click.echo(str(err), err=True)
    sys.exit(EXIT_OK if not broken else EXIT_UNUSABLE)


@main.command(help="cli.help.awards")
@option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
        help="cli.help.forms.format")
@option("--year", type=int, help="cli.help.awards.year")
@option("--config", "config", type=PathType(exists=True, dir_okay=False), help="cli.help.forms.config")
@_lang_option
def awards(fmt, year, config):
    """The award-year packs: shipped and in the config's awards folders."""
    from .awards import run_awards
    sys.exit(run_awards(fmt, year, config, echo=click.echo))


@main.command(help="cli.help.doctor")
@_lang_option
def doctor():
    """Is LibreOffice there, which font 標楷體 resolves to, can a page render."""
    from .doctor import run_doctor
    items = run_doctor(i18n.get_lang())
    bad = 0
    for item in items:
        click.echo(f"{item.mark} {i18n.labelled(item.name, item.detail)}")
        if not item.ok:
            bad += 1
            if item.fix:
                click.echo(f"    → {item.fix}")
    sys.exit(EXIT_OK if bad == 0 else EXIT_FINDINGS)


i18n.register({
    "cli.schema_needs_form": ("請指定表單代號或表單設定檔，或用 --profile", "Name a form id or profile file, or use --profile"),
    "cli.forms_row": ("{name}（{authority}）上限 {limit} 字", "{name} ({authority}), limit {limit} words"),
    "cli.forms_row_nolimit": ("{name}（{authority}）不限字數", "{name} ({authority}), no length limit"),
    "cli.template_done": ("已寫出範本 {path}", "Wrote the template {path}"),
    "cli.help.template": ("由表單設定檔產生該表單的 Word 範本。", "Write a form's Word template from its profile."),
    "cli.help.template.output": ("範本寫入的 DOCX 檔", "The DOCX file to write"),
    "cli.init_done": ("已建立 {path}，請編輯後執行 docgen build", "Created {path}; edit it, then run docgen build"),
    "cli.help.main": ("docgen：政府服務獎表單的撰寫、產生與格式檢查。",
                      "docgen: write, build and check the forms of the Government Service Award."),
    "cli.help.version": ("顯示版本後結束。", "Show the version and exit."),
    "cli.help.lang": ("訊息語言：zh-TW（預設）或 en", "Message language: zh-TW (default) or en"),
    "cli.help.init": ("建立可直接編輯的來源資料夾。", "Create a ready-to-edit source folder."),
    "cli.help.init.form": ("表單代號（docgen forms 所列，例如 summary_form、nomination_list）或表單設定檔路徑",
                           "Form id (as listed by docgen forms, for example summary_form, nomination_list) or a form profile path"),
    "cli.help.build": ("由來源（YAML + Markdown）產生 DOCX（及 PDF、ODT）與檢查清單。",
                       "Build DOCX (and PDF, ODT) and a checklist from sources (YAML + Markdown)."),
    "cli.help.build.output": ("輸出資料夾", "Output folder"),
    "cli.help.build.pdf": ("另輸出 PDF（需要 LibreOffice）", "Also write a PDF (needs LibreOffice)"),
    "cli.help.build.odt": ("另輸出 ODT（需要 LibreOffice）", "Also write an ODT (needs LibreOffice)"),
    "cli.help.build.template": ("改用自己的 Word 範本", "Use your own Word template"),
    "cli.help.award_year": ("評獎年度（民國年）", "Award year (ROC year)"),
    "cli.help.strict": ("警告也視為未通過", "Treat warnings as failures"),
    "cli.help.time_budget": ("每個檔案的處理時間上限（秒，0 表示不限；預設 60）",
                             "Time limit per file in seconds (0: none; default 60)"),
    "cli.help.check": ("檢查來源、DOCX、PDF、ODT 或整個資料夾。",
                       "Check sources, DOCX, PDF, ODT files or whole folders."),
    "cli.help.check.form": ("auto（由標題判斷）、表單代號（見 docgen forms）或表單設定檔路徑",
                            "auto (from the title), a form id (see docgen forms) or a form profile path"),
    "cli.help.check.format": ("報告格式", "Report format"),
    "cli.help.check.output": ("報告寫入檔案", "Write the report to this file"),
    "cli.help.check.config": ("設定檔（docgen.toml）", "Settings file (docgen.toml)"),
    "cli.help.check.jobs": ("平行處理數（預設為 CPU 核心數）", "Parallel jobs (default: the number of CPU cores)"),
    "cli.help.check.no_pages": ("HTML 報告不附頁面圖（不需 LibreOffice，較快）",
                                "HTML report without page pictures (no LibreOffice needed; faster)"),
    "cli.help.fix": ("修正 DOCX 或 ODT 的字型、字級、行距與編號格式（不改動文字；ODT 經 LibreOffice）。",
                     "Repair fonts, sizes, line spacing and numbering markers of a DOCX or ODT (never its words; "
                     "an ODT through LibreOffice)."),
    "cli.help.fix.output": ("修正後的檔案（預設：存在原檔旁）", "The repaired file (default: <name>.fixed.docx / .odt)"),
    "cli.help.fix.only": ("只修正這些規則，以逗號分隔", "Repair only these rules (comma-separated)"),
    "cli.help.fix.dry_run": ("只列出會做的修正，不寫入檔案", "List the repairs; write nothing"),
    "cli.help.fix.diff": ("列出每一項修正", "List every repair"),
    "cli.help.fix.in_place": ("直接修改原檔（先另存一份備份）", "Change the file itself (after saving <name>.bak.docx / .odt)"),
    "cli.help.fix.form": ("auto（由標題判斷）或表單代號", "auto (from the titles) or a form id"),
    "cli.help.fix.config": ("設定檔（docgen.toml）", "Settings file (docgen.toml)"),
    "cli.help.check.annotate": ("另存一份每個問題一則 Word 註解的 DOCX（單一檔案）",
                                "Save a copy of the DOCX with one Word comment per finding (one file)"),
    "cli.help.check.annotate_dir": ("每個 DOCX 各存一份加註解的檔案到此資料夾",
                                    "Save an annotated copy of each DOCX into this folder"),
    "cli.help.check.annotate_pdf": ("另存加註解版的 PDF，註解印在頁邊（單一檔案；需 LibreOffice 7.6 以上）",
                                    "Save the annotated copy as a PDF with the comments in the margin "
                                    "(one file; needs LibreOffice 7.6 or later)"),
    "cli.help.count": ("計算字數（Word 字數）：來源、DOCX、PDF、ODT 的計數範圍及各段，或以 - 讀取標準輸入的文字。",
                       "Count characters as Word does: a form's counted scope (source, DOCX, PDF, ODT) by section, "
                       "or text on standard input with -."),
    "cli.help.count.form": ("auto（由標題判斷）或表單代號；標準輸入時用來顯示該表單的字數上限",
                            "auto (from the title) or a form id; with standard input, whose limit to show"),
    "cli.help.count.format": ("輸出格式", "Output format"),
    "cli.help.rules": ("列出所有規則：代號、等級、說明與修正建議。",
                       "List every rule: id, severity, explanation and fix hint."),
    "cli.help.rules.format": ("輸出格式", "Output format"),
    "cli.help.schema": ("輸出表單 YAML 欄位的 JSON Schema（供編輯器自動完成）。",
                        "Print the JSON Schema of a form's YAML fields (for editor autocompletion)."),
    "cli.help.schema.profile": ("改為輸出表單設定檔本身的 JSON Schema",
                                "Print the JSON Schema of a form profile (validators/*.yaml) itself instead"),
    "cli.help.schema.award": ("改為輸出評獎年度資料檔的 JSON Schema",
                              "Print the JSON Schema of an award-year pack (validators/awards/*.yaml) instead"),
    "cli.help.forms": ("列出可用的表單：內建的與設定檔 forms 所列資料夾中的。",
                       "List the forms: the shipped ones and those in the config's forms folders."),
    "cli.help.forms.format": ("輸出格式", "Output format"),
    "cli.help.forms.config": ("設定檔（docgen.toml；預設由目前資料夾往上尋找）",
                              "Settings file (docgen.toml; default: the one found upwards from the current folder)"),
    "cli.help.awards": ("列出各屆（年度）評獎資料：參獎類別、專案起算日、推薦名額與評核構面配分。",
                        "List the award-year packs: categories, project cut-off, quota, scoring dimensions and weights."),
    "cli.help.awards.year": ("只列出這個評獎年度（民國年）", "Only this award year (ROC)"),
    "cli.help.doctor": ("檢查 LibreOffice 與標楷體字型是否就緒。",
                        "Check that LibreOffice and the 標楷體 font are ready."),
    "cli.help.serve": ("網頁版檢查：在瀏覽器上傳 Word/PDF/ODT 檔並看結果（也可由其他程式呼叫）。",
                       "Serve the checker as a web page (upload Word/PDF/ODT files in a browser) and an HTTP API."),
    "cli.serve_bad_value": ("{option} 的值 {value} 超出可用範圍", "{option}: {value} is out of range"),
    "cli.help.serve.host": ("監聽的位址（對外開放時請加 --token-file）", "Address to listen on (add --token-file when not loopback)"),
    "cli.help.serve.port": ("連接埠", "Port"),
    "cli.help.serve.workers": ("檢查程序數（各自保留一個 LibreOffice；預設為 CPU 核心數，最多 4）",
                               "Checking processes, each keeping one LibreOffice (default: CPU cores, at most 4)"),
    "cli.help.serve.token_file": ("存取權杖檔：設定後，每個程式介面請求都須附上此權杖",
                                  "Token file: the API then needs Authorization: Bearer <token>"),
    "cli.help.serve.max_file_mb": ("每個檔案的大小上限（百萬位元組）", "Size limit per file (MB)"),
    "cli.help.serve.max_files": ("每批檔案數上限", "Files per batch, at most"),
    "cli.help.serve.queue": ("同時排隊或處理中的工作數上限（超過回應 503）", "Jobs waiting or running at once, at most (then 503)"),
    "cli.help.serve.job_timeout": ("每個工作的處理時間上限（秒，0 表示不限）", "Time limit per job in seconds (0: none)"),
    "cli.help.serve.ttl": ("上傳檔與結果保留的秒數，之後刪除", "Seconds uploads and results are kept before deletion"),
    "cli.metavar.sources": ("來源", "SOURCES"),
    "cli.metavar.paths": ("路徑", "PATHS"),
    "cli.metavar.form": ("表單", "FORM"),
})


if __name__ == "__main__":  # pragma: no cover
    from .entry import run
    run()
