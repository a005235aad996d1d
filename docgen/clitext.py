"""click in the user's language: help texts, usage lines and usage errors.

Commands and options carry i18n keys, read when help is shown, so one process
can answer in either language. click marks its own strings for gettext but
reads them from the process-wide gettext domain, and ships no zh-TW; docgen
routes those calls to the table below (`install`). The usage errors a user
meets most — no such command or option, a missing argument, a bad value —
are worded here from the exception's parts, not from click's English.
"""

from __future__ import annotations

import difflib
import gettext as _gettext
import os
import re
import sys
import unicodedata

import click

from . import i18n

# click's msgid -> zh-TW. Placeholders are kept (a dropped `!r` only drops quotes).
CLICK_ZH = {
    "Usage:": "用法：",
    "Options": "選項",
    "Commands": "指令",
    "Positional arguments": "參數",
    "Error: {message}": "錯誤：{message}",
    "Try '{command} {option}' for help.": "請執行「{command} {option}」查看說明。",
    "Show this message and exit.": "顯示此說明後結束。",
    "Show the version and exit.": "顯示版本後結束。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "default: {default}": "預設：{default}",
    "required": "必填",
    "env var: {var}": "環境變數：{var}",
    "(dynamic)": "（動態）",
    "deprecated": "已停用",
    "Aborted!": "已中斷。",
    "Missing command.": "缺少指令。",
    "Missing argument": "缺少參數",
    "Missing option": "缺少選項",
    "Missing parameter": "缺少參數",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少參數：{param_name}",
    "No such option {name!r}.": "沒有「{name}」這個選項。",
    "No such command {name!r}.": "沒有「{name}」這個指令。",
    "Did you mean {possibility}?": "您是不是要輸入 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（您是不是要輸入以下其中之一：{possibilities}？）",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不正確：{message}",
    "Invalid value: {message}": "值不正確：{message}",
    "Got unexpected extra argument ({args})": "多了無法辨識的參數（{args}）",
    "Got unexpected extra arguments ({args})": "多了無法辨識的參數（{args}）",
    "Option {name!r} does not take a value.": "選項「{name}」不接受值。",
    "Option {name!r} requires an argument.": "選項「{name}」後面需要一個值。",
    "Option {name!r} requires {nargs} arguments.": "選項「{name}」後面需要 {nargs} 個值。",
    "Argument {name!r} takes {nargs} values.": "參數「{name}」需要 {nargs} 個值。",
    "Invalid start character for option ({option})": "選項開頭的字元不正確（{option}）",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 個值，但只給了 1 個。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 個值，但給了 {len} 個。",
    "Value must be an iterable.": "值必須是一串項目。",
    "Choose from:\n\t{choices}": "可選：\n\t{choices}",
    "{value!r} is not {choice}.": "「{value}」不是可用的值（只能是 {choice}）。",
    "{value!r} is not one of {choices}.": "「{value}」不是可用的值（可用：{choices}）。",
    "{value!r} is not a valid {number_type}.": "「{value}」不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在範圍 {range} 內。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "「{value}」不是有效的是非值（可用：{states}）",
    "{value!r} is not a valid UUID.": "「{value}」不是有效的 UUID。",
    "{value!r} does not match the format {format}.": "「{value}」不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "「{value}」不符合格式 {formats}。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 個值，但給了 {len_value} 個。",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 個值，但給了 {len_value} 個。",
    "file": "檔案",
    "directory": "資料夾",
    "path": "路徑",
    "{name} {filename!r} does not exist.": "找不到{name}「{filename}」。",
    "{name} {filename!r} is a file.": "{name}「{filename}」是檔案。",
    "{name} {filename!r} is a directory.": "{name}「{filename}」是資料夾。",
    "{name} {filename!r} is not readable.": "無法讀取{name}「{filename}」。",
    "{name} {filename!r} is not writable.": "無法寫入{name}「{filename}」。",
    "{name} {filename!r} is not executable.": "{name}「{filename}」不是可執行檔。",
    "Could not open file {filename!r}: {message}": "無法開啟檔案「{filename}」：{message}",
    "unknown error": "不明的錯誤",
    "Error: invalid input": "錯誤：輸入不正確",
    "Error: The two entered values do not match.": "錯誤：兩次輸入的值不同。",
    "Repeat for confirmation": "請再輸入一次確認",
    "Do you want to continue?": "要繼續嗎？",
    "Press any key to continue...": "按任意鍵繼續…",
}


def _gettext_zh(message: str) -> str:
    if i18n.get_lang() == "en":
        return message
    return CLICK_ZH.get(message, message)


def _ngettext_zh(singular: str, plural: str, n: int) -> str:
    message = singular if n == 1 else plural
    if i18n.get_lang() == "en":
        return message
    return CLICK_ZH.get(message) or CLICK_ZH.get(plural, message)


def install() -> None:
    """Route click's gettext calls through docgen's language (idempotent)."""
    for name, module in list(sys.modules.items()):
        if name == "click" or name.startswith("click."):
            if getattr(module, "_", None) is _gettext.gettext:
                module._ = _gettext_zh
            if getattr(module, "ngettext", None) is _gettext.ngettext:
                module.ngettext = _ngettext_zh


def prescan_lang(args) -> str:
    """The language asked for before click parses (so click's own errors use it too)."""
    args = list(args or ())
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return os.environ.get("DOCGEN_LANG") or "zh"


# -- help texts as keys ----------------------------------------------------------

class _HelpKey:
    """`help` holds an i18n key; click reads the translation whenever it formats help."""

    @property
    def help(self):
        return i18n.t(self._help_key) if self._help_key else self._help_key

    @help.setter
    def help(self, value):
        self._help_key = value


class Option(_HelpKey, click.Option):
    """An option whose help is an i18n key and whose value type words its complaints."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type = _localised(self.type)


def _localised(kind):
    """click's plain int/str/choice types -> the ones below (same behaviour, translated words)."""
    if type(kind) is click.types.IntParamType:
        return Int()
    if type(kind) is click.types.StringParamType:
        return Text()
    if type(kind) is click.Choice:
        return Choice(kind.choices, case_sensitive=kind.case_sensitive)
    return kind


def option(*decls, **attrs):
    """`click.option` with docgen's Option class."""
    return click.option(*decls, cls=Option, **attrs)


def argument(*decls, **attrs):
    """`click.argument` with docgen's Argument class."""
    return click.argument(*decls, cls=Argument, **attrs)


class Argument(click.Argument):
    """A positional argument whose metavar is an i18n key."""

    def __init__(self, *args, metavar_key: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.metavar_key = metavar_key

    def make_metavar(self, *args) -> str:
        if not self.metavar_key:
            return super().make_metavar(*args)
        var = i18n.t(self.metavar_key)
        if not self.required:
            var = f"[{var}]"
        return var + ("..." if self.nargs != 1 else "")

    @property
    def human_readable_name(self) -> str:
        return self.make_metavar() if self.metavar_key else super().human_readable_name


def _cells(text: str) -> int:
    """Terminal columns: a CJK character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_TOKEN = re.compile(r"\[[^\]\n]{0,40}\]|\s+|[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+")
_NO_LINE_START = set("，。、；：？！）」』,.;:?!)")


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns, broken at spaces or between CJK characters."""
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        line = ""
        for tok in _TOKEN.findall(para):
            if tok.isspace():
                line += " " if line else ""
                continue
            if line.strip() and _cells(line) + _cells(tok) > width and tok not in _NO_LINE_START:
                lines.append(line.rstrip())
                line = tok
            else:
                line += tok
        lines.append(line.rstrip())
    return lines


class HelpFormatter(click.HelpFormatter):
    """click's layout, measured in terminal columns so Chinese lines up and wraps."""

    def write_usage(self, prog, args="", prefix=None):
        super().write_usage(prog, args, i18n.t("cli.usage") if prefix is None else prefix)

    def write_heading(self, heading):
        self.write(f"{'':>{self.current_indent}}{heading}{'：' if i18n.get_lang() == 'zh' else ':'}\n")

    def write_text(self, text):
        indent = " " * self.current_indent
        for line in wrap(text, max(self.width - self.current_indent, 11)):
            self.write(f"{indent}{line}\n" if line else "\n")

    def write_dl(self, rows, col_max=30, col_spacing=2):
        rows = list(rows)
        first_col = min(max((_cells(r[0]) for r in rows), default=0), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if _cells(first) <= first_col - col_spacing:
                self.write(" " * (first_col - _cells(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(second, max(self.width - first_col - 2 - self.current_indent, 10))
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class Context(click.Context):
    formatter_class = HelpFormatter


class _Localised:
    """What Command and Group share: translated usage pieces and usage errors."""

    context_class = Context

    @property
    def options_metavar(self):
        return None if self._options_metavar is None else i18n.t("cli.metavar.options")

    @options_metavar.setter
    def options_metavar(self, value):
        self._options_metavar = value

    def get_help_option(self, ctx):
        opt = super().get_help_option(ctx)
        if opt is not None:
            opt.help = i18n.t("cli.help.help")  # click builds it once, in whatever language was current
        return opt

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as err:
            raise localise(err) from None


class Command(_HelpKey, _Localised, click.Command):
    pass


class Group(_HelpKey, _Localised, click.Group):
    command_class = Command

    @property
    def subcommand_metavar(self):
        return i18n.t("cli.metavar.command")

    @subcommand_metavar.setter
    def subcommand_metavar(self, value):
        pass

    def main(self, args=None, prog_name=None, *rest, **extra):
        # every invocation starts from the language asked for (tests run many in one process)
        i18n.set_lang(prescan_lang(sys.argv[1:] if args is None else args))
        return super().main(args, prog_name, *rest, **extra)

    def resolve_command(self, ctx, args):
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=2, cutoff=0.5)
            hint = i18n.t("cli.did_you_mean", names=i18n.join(close)) if close else ""
            raise click.UsageError(i18n.t("cli.no_such_command", name=name, hint=hint), ctx)
        return super().resolve_command(ctx, args)


def _param_name(param) -> str:
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    return param.human_readable_name


def localise(err: click.ClickException) -> click.ClickException:
    """A usage error worded from its parts in the current language."""
    ctx = getattr(err, "ctx", None)
    if isinstance(err, click.NoSuchOption):
        hint = ""
        if err.possibilities:
            hint = i18n.t("cli.did_you_mean", names=i18n.join(sorted(err.possibilities)))
        return click.UsageError(i18n.t("cli.no_such_option", name=err.option_name, hint=hint), ctx)
    if isinstance(err, click.MissingParameter) and err.param is not None:
        key = "cli.missing_option" if isinstance(err.param, click.Option) else "cli.missing_argument"
        return click.UsageError(i18n.t(key, name=_param_name(err.param)), ctx)
    if isinstance(err, click.BadParameter) and err.param is not None:
        return click.UsageError(i18n.t("cli.bad_value", name=_param_name(err.param), message=err.message), ctx)
    return err


# -- value types that say what is wrong in the user's language ---------------------

class Choice(click.Choice):
    def convert(self, value, param, ctx):
        if value in self.choices:
            return value
        self.fail(i18n.t("cli.bad_choice", value=value, choices=i18n.join(self.choices)), param, ctx)


class Int(click.types.IntParamType):
    def get_metavar(self, *args, **kwargs):
        return i18n.t("cli.metavar.integer")

    def convert(self, value, param, ctx):
        try:
            return int(str(value).strip())
        except ValueError:
            self.fail(i18n.t("cli.bad_int", value=value), param, ctx)


class Text(click.types.StringParamType):
    def get_metavar(self, *args, **kwargs):
        return i18n.t("cli.metavar.text")


class Path(click.Path):
    def get_metavar(self, *args, **kwargs):
        if not self.dir_okay:
            return i18n.t("cli.metavar.file")
        if not self.file_okay:
            return i18n.t("cli.metavar.folder")
        return i18n.t("cli.metavar.path")

    def convert(self, value, param, ctx):
        path = os.fspath(value)
        if self.exists and not os.path.exists(path):
            self.fail(i18n.t("cli.no_such_path", path=path), param, ctx)
        if not self.dir_okay and os.path.isdir(path):
            self.fail(i18n.t("cli.path_is_folder", path=path), param, ctx)
        if not self.file_okay and os.path.isfile(path):
            self.fail(i18n.t("cli.path_is_file", path=path), param, ctx)
        return super().convert(value, param, ctx)


i18n.register({
    "cli.usage": ("用法：", "Usage: "),
    "cli.metavar.options": ("[選項]", "[OPTIONS]"),
    "cli.metavar.command": ("指令 [參數]...", "COMMAND [ARGS]..."),
    "cli.metavar.integer": ("整數", "INTEGER"),
    "cli.metavar.text": ("文字", "TEXT"),
    "cli.metavar.file": ("檔案", "FILE"),
    "cli.metavar.folder": ("資料夾", "FOLDER"),
    "cli.metavar.path": ("路徑", "PATH"),
    "cli.help.help": ("顯示此說明後結束。", "Show this message and exit."),
    "cli.did_you_mean": ("（您是不是要輸入 {names}？）", " (did you mean {names}?)"),
    "cli.no_such_command": ("沒有「{name}」這個指令{hint}", "No such command “{name}”{hint}"),
    "cli.no_such_option": ("沒有「{name}」這個選項{hint}", "No such option “{name}”{hint}"),
    "cli.missing_argument": ("缺少參數 {name}", "Missing argument {name}"),
    "cli.missing_option": ("缺少選項 {name}", "Missing option {name}"),
    "cli.bad_value": ("{name} 的值不正確：{message}", "Invalid value for {name}: {message}"),
    "cli.bad_choice": ("「{value}」不是可用的值（可用：{choices}）", "“{value}” is not one of {choices}"),
    "cli.bad_int": ("「{value}」不是整數", "“{value}” is not a whole number"),
    "cli.no_such_path": ("找不到「{path}」", "“{path}” does not exist"),
    "cli.path_is_folder": ("「{path}」是資料夾，這裡需要檔案", "“{path}” is a folder; a file is needed here"),
    "cli.path_is_file": ("「{path}」是檔案，這裡需要資料夾", "“{path}” is a file; a folder is needed here"),
})
