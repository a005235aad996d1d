"""The `docgen` command. Thin: parses options, imports the heavy parts lazily."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__, i18n
from .entry import CHECK_OPTIONS, EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, LANG_OPTION, crash_code, fail, run_check


def _lang_option(f):
    def set_lang(ctx, param, value):
        if value:
            ctx.find_root().meta["docgen.lang"] = value
            i18n.set_lang(value)
        return value
    return click.option(*LANG_OPTION.flags, type=click.Choice(LANG_OPTION.choices), default=None,
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
                kw["type"] = click.Path(exists=o.must_exist, dir_okay=False)
            else:
                kw["type"] = o.kind
            f = click.option(*o.flags, o.dest, **kw)(f)
        return f
    return decorate


def _fail(message: str, code: int = EXIT_UNUSABLE) -> None:
    sys.exit(fail(message, code))


class Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.Abort, click.exceptions.Exit, SystemExit):
            raise
        except (KeyboardInterrupt, Exception) as err:  # never a traceback for the user
            sys.exit(crash_code(err))


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
@_lang_option
@click.pass_context
def main(ctx):
    """docgen：政府服務獎表單的撰寫、產生與格式檢查。"""
    # every invocation starts from the default language (or the one asked for)
    i18n.set_lang(ctx.meta.get("docgen.lang") or os.environ.get("DOCGEN_LANG") or "zh")


@main.command()
@click.option("--form", "form", default="summary_form", show_default=True,
              help="表單代號（docgen forms 所列，例如 summary_form、nomination_list）或表單設定檔路徑")
@click.argument("directory", type=click.Path(file_okay=False))
@_lang_option
def init(form, directory):
    """建立可直接編輯的來源資料夾。"""
    from .config import find_config
    from .init import init_source
    path = init_source(Path(directory), form, find_config(Path.cwd()).forms)
    click.echo(i18n.t("cli.init_done", path=str(path)))


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "outdir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="輸出資料夾")
@click.option("--pdf", is_flag=True, help="另輸出 PDF（需要 LibreOffice）")
@click.option("--odt", is_flag=True, help="另輸出 ODT（需要 LibreOffice）")
@click.option("--template", type=click.Path(exists=True, dir_okay=False), help="改用自己的 Word 範本")
@click.option("--award-year", type=int, help="評獎年度（民國年）")
@click.option("--strict", is_flag=True, help="警告也視為未通過")
@_lang_option
def build(sources, outdir, pdf, odt, template, award_year, strict):
    """由來源（YAML + Markdown）產生 DOCX（及 PDF、ODT）與檢查清單。"""
    from .build import run_build
    code = run_build(list(sources), Path(outdir), pdf=pdf, odt=odt,
                     template=Path(template) if template else None,
                     award_year=award_year, strict=strict, lang=i18n.get_lang(), echo=click.echo)
    sys.exit(code)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_options(CHECK_OPTIONS)
@_lang_option
def check(paths, **options):
    """檢查來源、DOCX、PDF 或整個資料夾。"""
    sys.exit(run_check(list(paths), **options, echo=lambda text: click.echo(text, nl=False)))


@main.command()
@click.argument("path", required=False, default="-", type=click.Path(allow_dash=True))
@click.option("--form", "form", default="auto", show_default=True,
              help="auto（由標題判斷）或表單代號；標準輸入時用來顯示該表單的字數上限")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="輸出格式")
@_lang_option
def count(path, form, fmt):
    """計算字數（Word 字數）：來源、DOCX、PDF、ODT 的計數範圍及各段，或以 - 讀取標準輸入的文字。"""
    from .count import run_count
    sys.exit(run_count(path, form=form, fmt=fmt, echo=lambda text: click.echo(text, nl=False)))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text")
@_lang_option
def rules(fmt):
    """列出所有規則：代號、等級、說明與修正建議。"""
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
    for r in rs:
        if fmt == "markdown":
            click.echo(f"### `{r.id}` — {r.title()} ({r.severity})\n\n{r.explain(forms=forms)}\n\n"
                       f"{i18n.t('report.hint')}：{r.hint(forms=forms)}\n")
        else:
            click.echo(f"{r.id:<20} {r.severity:<8} {r.title()}\n    {r.explain(forms=forms)}\n    → {r.hint(forms=forms)}")


@main.command()
@click.argument("form", required=False)
@click.option("--profile", "profile_schema", is_flag=True, help="改為輸出表單設定檔（validators/*.yaml）本身的 JSON Schema")
@_lang_option
def schema(form, profile_schema):
    """輸出表單 YAML 欄位的 JSON Schema（供編輯器自動完成）；FORM 為表單代號或表單設定檔路徑。"""
    import json
    from .profile import profile_schema as the_profile_schema
    if profile_schema:
        click.echo(json.dumps(the_profile_schema(), ensure_ascii=False, indent=2))
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


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="輸出格式")
@click.option("--config", "config", type=click.Path(exists=True, dir_okay=False),
              help="設定檔（預設由目前資料夾往上尋找 docgen.toml 或 pyproject.toml）")
@_lang_option
def forms(fmt, config):
    """列出可用的表單：內建的與設定檔 forms 所列資料夾中的。"""
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
            click.echo(f"{r['id']:<20} {r['name']}（{r['authority']}）{i18n.t('cli.forms_limit', limit=r['limit'])}")
    for err in broken:
        click.echo(str(err), err=True)
    sys.exit(EXIT_OK if not broken else EXIT_UNUSABLE)


@main.command()
@_lang_option
def doctor():
    """檢查 LibreOffice 與標楷體字型是否就緒。"""
    from .doctor import run_doctor
    items = run_doctor(i18n.get_lang())
    bad = 0
    for item in items:
        click.echo(f"{item.mark} {item.name}：{item.detail}")
        if not item.ok:
            bad += 1
            if item.fix:
                click.echo(f"    → {item.fix}")
    sys.exit(EXIT_OK if bad == 0 else EXIT_FINDINGS)


i18n.register({
    "cli.schema_needs_form": ("請指定表單代號或表單設定檔，或用 --profile", "Name a form id or profile file, or use --profile"),
    "cli.forms_limit": ("上限 {limit} 字", "limit {limit} words"),
    "cli.init_done": ("已建立 {path}，請編輯後執行 docgen build", "Created {path}; edit it, then run docgen build"),
})


if __name__ == "__main__":  # pragma: no cover
    from .entry import run
    run()
