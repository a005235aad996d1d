"""zh-TW everywhere, clean English with --lang en.

Walks every registered message key and every command's --help in both
languages, and runs the real `docgen` command on real files for click's usage
errors, YAML and schema errors and the reports.
"""

import ast
import json
import os
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import click
import pytest

from docgen import clitext, i18n
from docgen.cli import main

REPO = Path(__file__).resolve().parents[1]
HAN = re.compile(r"[\u4e00-\u9fff]")
# full-width forms and CJK punctuation; English text uses half-width punctuation only
FULLWIDTH = re.compile(r"[\uff00-\uff5e\u3000-\u303f]")
# "1 errors": a count of one with a plural noun
BAD_PLURAL = re.compile(r"(?<![\d/.,])\b1 (errors|warnings|files|characters|paragraphs|values|pages|entries|rules|lines|"
                        r"items|seconds|fields|cells|boxes)\b")
# words that are names, not English prose: formats, products, file types, form ids
TECHNICAL = {"docgen", "DOCX", "PDF", "ODT", "YAML", "Markdown", "JSON", "Schema", "LibreOffice", "Word", "auto",
             "summary_form", "nomination_list", "toml", "CPU", "zh-TW", "en", "TW", "zh", "text", "json",
             "markdown", "html", "junit", "sarif", "out", "help", "Tab", "UNO", "Debian", "Ubuntu", "sudo",
             "apt-get", "install", "Windows", "macOS", "TW-Kai", "DFKai-SB", "Python", "uno"}


def docgen(*args, env=None, cwd=None):
    """The real command, as a user runs it."""
    run_env = {k: v for k, v in os.environ.items() if k != "DOCGEN_LANG"}
    run_env.update(env or {})
    r = subprocess.run([sys.executable, "-m", "docgen", *args], capture_output=True, text=True,
                       env=run_env, cwd=cwd, timeout=300)
    return r.returncode, r.stdout + r.stderr


def cli(*args, env=None):
    """The same command in-process (click's CliRunner): for the many cases of one kind."""
    from click.testing import CliRunner

    run_env = {"DOCGEN_LANG": None, **(env or {})}
    try:
        result = CliRunner().invoke(main, list(args), env=run_env, prog_name="docgen")
    finally:
        i18n.set_lang("zh")
    return result.exit_code, result.output


def english_words(text: str, allowed: set[str] = frozenset()) -> set[str]:
    """ASCII words that are neither technical names nor in `allowed` (option names, choices, paths)."""
    words = set()
    for token in re.findall(r"[A-Za-z][A-Za-z_\-]*[A-Za-z]", text):
        if token in TECHNICAL or token in allowed or token.lower() in allowed:
            continue
        words.add(token)
    return words


def unquoted(text: str) -> str:
    """English text without what it quotes (“…”) — document text keeps its own punctuation."""
    return re.sub(r"“[^”]*”", "", text)


# -- every registered key -------------------------------------------------------------

def _all_modules():
    """Import every docgen module, so each catalogue fragment is registered."""
    import importlib
    import pkgutil

    import docgen
    for info in pkgutil.walk_packages(docgen.__path__, "docgen."):
        if info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)


def _params(*templates: str, number=2) -> dict:
    params = {}
    for template in templates:
        for _, name, spec, _ in string.Formatter().parse(template):
            if name is None:
                continue
            if spec:  # a format spec means a number: {n:#error|errors}, {n:,}, {s:.1f}
                params[name] = 1.5 if spec[-1:] in "f%" else number
            else:
                params.setdefault(name, "X" if number != 1 else 1)
    return params


PROPER_NAMES = {"doctor.soffice"}  # a product's name, the same in every language


def _messages():
    _all_modules()
    return sorted(i18n._CATALOGUE.items())


MESSAGES = _messages()


def test_every_module_that_registers_is_found_by_the_lazy_loader():
    found = set(i18n.catalogue_modules())
    for path in (REPO / "docgen").rglob("*.py"):
        if "i18n.register(" in path.read_text(encoding="utf-8") and path.name != "i18n.py":
            rel = path.relative_to(REPO).with_suffix("")
            name = ".".join(rel.parts[:-1] if rel.parts[-1] == "__init__" else rel.parts)
            assert name in found


@pytest.mark.parametrize("key,texts", MESSAGES, ids=[k for k, _ in MESSAGES])
def test_message_in_both_languages(key, texts):
    zh, en = texts
    for number in (1, 2):
        params = _params(zh, en, number=number)
        out_zh = i18n.fill(zh, params)  # raises on a placeholder that cannot be filled
        out_en = i18n.fill(en, params)
        words = re.sub(r"\{[^}]*\}", "", zh)  # the template's own text: a pure layout ("{a}（{b}）") has none
        assert HAN.search(words) or not re.search("[A-Za-z]", words) or key in PROPER_NAMES, \
            f"{key}: zh message without Chinese: {out_zh!r}"
        assert not FULLWIDTH.search(unquoted(out_en)), f"{key}: full-width punctuation in English: {out_en!r}"
        assert not BAD_PLURAL.search(out_en), f"{key}: wrong plural: {out_en!r}"
        for other in (out_zh, out_en):
            assert "{" not in other.replace("{{", ""), f"{key}: unfilled placeholder: {other!r}"
            assert not any(k in other.split() for k, _ in MESSAGES), f"{key}: raw key in {other!r}"


def test_every_key_used_in_the_code_is_registered():
    """A literal key passed to t() or InputError() that no catalogue holds would print raw."""
    keys = {k for k, _ in MESSAGES}
    missing = []
    for path in (REPO / "docgen").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            first = node.args[0]
            if name in ("t", "InputError", "finding") and isinstance(first, ast.Constant) \
                    and isinstance(first.value, str) and re.fullmatch(r"[a-z_]+(\.[a-z_0-9\-]+)+", first.value):
                if first.value not in keys:
                    missing.append(f"{path.name}:{node.lineno} {first.value}")
            if name == "finding" and len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
                if node.args[1].value not in keys:
                    missing.append(f"{path.name}:{node.lineno} {node.args[1].value}")
    assert not missing


def test_every_rule_has_its_texts():
    from docgen.rules import all_rules

    keys = {k for k, _ in MESSAGES}
    for r in all_rules():
        for part in ("title", "explain", "hint"):
            assert f"rule.{r.id}.{part}" in keys
        assert f"severity.{r.severity}" in keys


def test_every_field_type_has_its_schema_message():
    from docgen.profile import FIELD_TYPES

    keys = {k for k, _ in MESSAGES}
    assert {f"source.schema.{kind}" for kind in FIELD_TYPES} <= keys


def test_unknown_form_is_a_message_not_a_key(tmp_path):
    code, out = docgen("forms", "--format", "json")
    known = ", ".join(sorted(f["id"] for f in json.loads(out)))  # every form in the registry
    for args in (["init", str(tmp_path / "x"), "--form", "nosuch"], ["schema", "nosuch"]):
        code, out = docgen(*args)
        assert code == 2 and "check.bad_form" not in out and "未知的表單「nosuch」" in out
        code, out = docgen("--lang", "en", *args)
        assert code == 2 and f"Unknown form “nosuch” (known: {known})" in out


def test_a_key_whose_module_is_not_imported_is_still_found():
    code = ("import sys; from docgen import i18n; assert 'docgen.check' not in sys.modules; "
            "print(i18n.t('check.bad_form', form='x', forms='y'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "未知的表單「x」（可用：y）"


def test_a_zipped_install_finds_its_catalogues_too(tmp_path):
    import zipfile

    archive = tmp_path / "docgen.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in (REPO / "docgen").rglob("*.py"):
            z.write(path, path.relative_to(REPO).as_posix())
    code = ("import docgen; from docgen import i18n; assert '.zip' in docgen.__file__; "
            "print(i18n.t('check.bad_form', form='x', forms='y'))")
    # -S: no site-packages, so no editable finder takes docgen from the work tree
    r = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(archive)}, cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.strip() == "未知的表單「x」（可用：y）", r.stderr


# -- click's own strings ----------------------------------------------------------------

# msgids click marks for translation that docgen never shows (programming errors, prompts it does not use)
CLICK_UNUSED = {
    "Name '{name}' defined twice", "Could not determine name for option with declarations {decls!r}",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Boolean option {decl!r} cannot use the same flag for true/false.", "Unknown standard stream '{name}'",
    "Unknown color {colour!r}", "Windows error: {error}", "{editor}: Editing failed", "{editor}: Editing failed: {e}",
    "Couldn't detect Bash version, shell completion is not supported.",
    "Shell completion is not supported for Bash versions older than 4.4.", "Choice({choices})",
    "Confirm the action without prompting.",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?",
}


def _click_msgids():
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                for arg in node.args[:2]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        yield arg.value


def test_every_click_message_has_a_translation():
    missing = {m for m in _click_msgids() if m not in clitext.CLICK_ZH and m not in CLICK_UNUSED
               and m != "d" and not m.startswith("DeprecationWarning")}
    assert not missing


@pytest.mark.parametrize("msgid,zh", sorted(clitext.CLICK_ZH.items()))
def test_click_translation_keeps_placeholders(msgid, zh):
    names = lambda s: {n for _, n, _, _ in string.Formatter().parse(s) if n}  # noqa: E731
    assert HAN.search(zh)
    assert names(zh) <= names(msgid)
    assert re.findall(r"%\(\w+\)s", zh) == re.findall(r"%\(\w+\)s", msgid)


# -- every command's --help ---------------------------------------------------------------

COMMANDS = [[]] + [[name] for name in sorted(main.commands)]


def _allowed_words(cmd: list[str]) -> set[str]:
    """Option names, choices and command names: the same in both languages."""
    command = main.commands[cmd[0]] if cmd else main
    words = set(main.commands)
    for p in command.params:
        for opt in (*p.opts, *p.secondary_opts):
            words.update(re.findall(r"[A-Za-z][A-Za-z_\-]*[A-Za-z]", opt))
        if isinstance(p.type, click.Choice):
            words.update(str(c) for c in p.type.choices)
        if isinstance(p.default, str):
            words.add(p.default)
    return words | {"h", "o", "j", "summary_form", "nomination_list"}


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: c[0] if c else "docgen")
def test_help_in_both_languages(cmd):
    code, zh = docgen(*cmd, "--help")
    assert code == 0 and zh.startswith("用法：docgen")
    assert "選項：" in zh and "顯示此說明後結束" in zh
    assert not english_words(zh, _allowed_words(cmd)), zh
    assert not re.search(r"\bcli\.\w", zh)
    for run, env, args in ((docgen, {}, ["--lang", "en", *cmd, "--help"]), (cli, {"DOCGEN_LANG": "en"}, [*cmd, "--help"])):
        code, en = run(*args, env=env)
        assert code == 0 and en.startswith("Usage: docgen") and "Options:" in en
        assert not FULLWIDTH.search(en), en
        assert not re.search(r"\bcli\.\w", en)
        assert "Show this message and exit." in en


def test_help_lines_up_chinese_columns():
    """Columns and wrapping measured in terminal cells: a CJK character takes two."""
    code, out = docgen("build", "--help", env={"COLUMNS": "60"})
    rows = [re.match(r"^(\s+-\S.*?\s{2,})\S", line) for line in out.splitlines()]
    columns = {clitext._cells(m.group(1)) for m in rows if m}
    assert len([m for m in rows if m]) >= 5 and len(columns) == 1, out
    assert max(clitext._cells(line) for line in out.splitlines()) <= 60, out


# -- click's usage errors -------------------------------------------------------------------

USAGE_ERRORS = [
    (["chek"], "沒有「chek」這個指令（您是不是要輸入 check", "No such command “chek” (did you mean check"),
    (["check"], "缺少參數 路徑...", "Missing argument PATHS..."),
    (["check", "--format", "nope", "x"], "--format 的值不正確：「nope」不是可用的值（可用：text、json",
     "Invalid value for --format: “nope” is not one of text, json"),
    (["check", "--award-year", "十", "x"], "--award-year 的值不正確：「十」不是整數",
     "Invalid value for --award-year: “十” is not a whole number"),
    (["check", "--config", "nofile.toml", "x"], "--config 的值不正確：找不到「nofile.toml」",
     "Invalid value for --config: “nofile.toml” does not exist"),
    (["check", "--formt", "x", "y"], "沒有「--formt」這個選項（您是不是要輸入 --form", "No such option “--formt” (did you mean --form"),
    (["rules", "extra"], "多了無法辨識的參數（extra）", "Got unexpected extra argument (extra)"),
    (["check", "x", "-o"], "選項「-o」後面需要一個值", "Option '-o' requires an argument."),
]


@pytest.mark.parametrize("args,zh,en", USAGE_ERRORS, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_usage_errors_in_both_languages(tmp_path, args, zh, en):
    code, out = docgen(*args, cwd=tmp_path)
    assert code == 2 and zh in out, out
    assert "Error" not in out and "Usage" not in out and "Try" not in out
    allowed = _allowed_words(args[:1] if args[0] in main.commands else []) | set(re.findall(r"[A-Za-z]+", " ".join(args)))
    assert not english_words(out, allowed), out
    code, out = docgen("--lang", "en", *args, cwd=tmp_path)
    assert code == 2 and en in out, out
    assert not FULLWIDTH.search(out.replace("十", "")), out
    with _chdir(tmp_path):
        code, out = cli(*args, env={"DOCGEN_LANG": "en"})
    assert code == 2 and en in out, out
    assert not FULLWIDTH.search(out.replace("十", "")), out


class _chdir:
    def __init__(self, path):
        self.path, self.old = path, None

    def __enter__(self):
        self.old = os.getcwd()
        os.chdir(self.path)

    def __exit__(self, *exc):
        os.chdir(self.old)


def test_lang_after_the_bad_part_still_counts(tmp_path):
    code, out = docgen("check", "--formt", "x", "--lang", "en", cwd=tmp_path)
    assert code == 2 and "No such option" in out


# -- YAML errors, at the file's line and column -----------------------------------------------

def _source(tmp_path, front: str, body: str = "## 專案簡介\n\n內容\n") -> Path:
    folder = tmp_path / "src"
    folder.mkdir(exist_ok=True)
    (folder / "application.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return folder


YAML_CASES = [
    # (front matter, zh expected, en expected)
    ('form: summary_form\nagency: 臺南市\nhead: "王小明\nhead_title: 區長\nstaff: 3\nbudget: 5\nteam_size: 2\n',
     "第4行第7欄：這裡的引號 \" 沒有結束", ":4:7: the quote \" opened here is never closed"),
    ("form: summary_form\nagency: 臺南市\n  head: 王小明\n", "第4行第3欄：縮排不對", ":4:3: bad indentation"),
    ("form: summary_form\nnomination:\n  姓名: 王\n   職稱: 科長\n", "第5行第4欄：縮排不對", ":5:4: bad indentation"),
    ("form: summary_form\n\thead: 王小明\n", "第3行第1欄：這裡有定位字元（Tab）", ":3:1: a tab character"),
    ("form: summary_form\nhead:\t王小明\n", "第3行第6欄：這裡有定位字元（Tab）", ":3:6: a tab character"),
    ("form: summary_form\nhead: 王小明\nagency: 臺南市\nhead: 李大華\n", "第5行第1欄：欄位「head」重複（第3行已經有了）",
     ":5:1: “head” is given twice (first on line 3)"),
    ("form: summary_form\naward_name: 專案: 智慧\n", "第3行第15欄：值裡有半形冒號加空格", ":3:15: a colon and a space inside a value"),
    ("form: summary_form\nagency：臺南市\nhead: 王\n", "第3行第1欄：「agency」後面是全形冒號「：」",
     ":3:1: “agency” is followed by a full-width colon (U+FF1A)"),
    ("agency：臺南市\n", "第2行第1欄：「agency」後面是全形冒號「：」", ":2:1: “agency” is followed by a full-width colon"),
    ("form: summary_form\nagency: [臺南市\nhead: 王\n", "第3行第9欄：「[」沒有對應的「]」", ":3:9: “[” is never closed"),
    ('form: summary_form\nteam_chart: "C:\\docs\\chart.png"\n', "雙引號裡的反斜線", "a backslash inside double quotes"),
]


@pytest.mark.parametrize("front,zh,en", YAML_CASES, ids=range(len(YAML_CASES)))
def test_yaml_errors_in_words(tmp_path, front, zh, en):
    src = _source(tmp_path, front)
    code, out = docgen("check", str(src))
    assert code == 2 and zh in out, out
    assert not english_words(out.replace(str(src / "application.md"), "").replace(str(src), ""),
                             {"agency", "head", "award_name", "team_chart", "png"}), out
    code, out = cli("--lang", "en", "check", str(src))
    assert code == 2 and en in out, out
    assert not FULLWIDTH.search(unquoted(out)), out


def test_yaml_fallback_has_no_parser_english_in_chinese(tmp_path):
    src = _source(tmp_path, "form: summary_form\nhead: !!python/name:os.system 王\n")
    code, out = docgen("check", str(src))
    assert code == 2 and "第3行第7欄：YAML 格式錯誤" in out
    assert not english_words(out.replace(str(src / "application.md"), "").replace(str(src), ""), set()), out
    code, out = docgen("--lang", "en", "check", str(src))
    assert code == 2 and ":3:7: YAML error (could not determine a constructor" in out


# -- schema errors: label, allowed values, what was written -----------------------------------

SCHEMA_CASES = [
    ("form: nomination_list\ncategory: 其他\n", "參獎類別只能是「整體服務類」或「服務規劃類」，您填的是「其他」",
     "參獎類別 (category) must be “整體服務類” or “服務規劃類”; you wrote “其他”"),
    ("form: nomination_list\n參獎類別: 全部\n", "參獎類別只能是「整體服務類」或「服務規劃類」，您填的是「全部」",
     "you wrote “全部”"),
    ("form: summary_form\nstaff: 很多\n", "機關(構)員額應填數字（例如 120），您填的是「很多」",
     "機關(構)員額 (staff) must be a number (for example 120); you wrote “很多”"),
    ("form: summary_form\naward_year: 2025\n", "評獎年度應在 100 到 200 之間，您填的是「2025」",
     "評獎年度 (award_year) must be between 100 and 200; you wrote “2025”"),
    ("form: summary_form\naward_year: 一一五\n", "評獎年度應填整數，您填的是「一一五」", "must be a whole number; you wrote “一一五”"),
    ("form: summary_form\nagency: [甲, 乙]\n", "機關(構)名稱應填一段文字，您填的是一個清單", "must be text; you wrote a list"),
    ("form: summary_form\nperiod:\n  end: 113年12月31日\n", "執行起迄日期缺少「start」", "lacks “start”"),
    ("form: summary_form\nperiod:\n  start: 111年\n  finish: 113年\n", "執行起迄日期裡沒有「finish」這一項（可用：start、end）",
     "has no part “finish” (known: start, end)"),
    ("form: nomination_list\ncontact1:\n  姓名: 王\n  手機: 0912\n", "窗口人員1裡沒有「手機」這一項（可用：姓名、職稱、聯絡電話、電子信箱）",
     "has no part “手機” (known: name, title, phone, email)"),
    ("form: nomination_list\ncontact1:\n  姓名: [王]\n", "窗口人員1的「姓名」應填文字或整數，您填的是一個清單",
     "“姓名” of 窗口人員1 (contact1) must be text or a whole number; you wrote a list"),
    ("form: summary_form\nagnecy: 臺南市\n", "未知的欄位「agnecy」，您是不是要輸入「agency」？", "did you mean “agency”?"),
]


@pytest.mark.parametrize("front,zh,en", SCHEMA_CASES, ids=range(len(SCHEMA_CASES)))
def test_schema_errors_name_the_field(tmp_path, front, zh, en):
    src = _source(tmp_path, front)
    code, out = docgen("check", str(src))
    assert code == 2 and zh in out, out
    assert "is not one of" not in out and "None" not in out and "'" not in out.replace(str(src), "")
    code, out = cli("--lang", "en", "check", str(src))
    assert code == 2 and en in out, out
    assert not FULLWIDTH.search(unquoted(out)), out


# -- English output: half-width punctuation and plurals -----------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A source with faults, built to DOCX (English checklist), and an unreadable file."""
    root = tmp_path_factory.mktemp("reports")
    shutil.copytree(REPO / "samples" / "summary_form", root / "app")
    md = root / "app" / "application.md"
    text = md.read_text(encoding="utf-8")
    text = text.replace("head: ", "head: \"\"\n# head: ", 1)
    md.write_text(text + "\n### (一)台南\n\n內容\n", encoding="utf-8")
    (root / "broken.docx").write_bytes(b"not a zip")
    code, out = docgen("--lang", "en", "build", str(root / "app"), "-o", str(root / "out"))
    assert code == 1, out
    return root, out


def _check_english(text: str):
    assert not FULLWIDTH.search(unquoted(text)), [m for m in re.finditer(r".{0,30}[\uff00-\uff5e\u3000-\u303f].{0,10}",
                                                                          unquoted(text))]
    assert not BAD_PLURAL.search(text), BAD_PLURAL.search(text)


def test_build_output_and_checklist_in_english(built):
    root, out = built
    assert "wrote" in out and "1 error" in out or "errors" in out
    _check_english(out)
    checklist = next((root / "out").glob("*.checklist.md")).read_text(encoding="utf-8")
    assert "Result: **failed" in checklist
    _check_english(checklist)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "junit", "sarif", "json"])
def test_reports_in_english(built, fmt):
    root, _ = built
    docx = next((root / "out").glob("*.docx"))
    code, out = docgen("--lang", "en", "check", str(docx), str(root / "app"), str(root / "broken.docx"),
                       "--format", fmt)
    assert code == 2, out
    if fmt == "json":  # document data (parts, excerpts, markers) keeps its own punctuation
        data = json.loads(out)
        out = "\n".join([f["error"] or "" for f in data["files"]] +
                         [x["message"] + (x["hint"] or "") for f in data["files"] for x in f["findings"]])
    if fmt == "sarif":
        run = json.loads(out)["runs"][0]
        out = "\n".join([r["message"]["text"] for r in run["results"]] +
                         [r[k]["text"] for r in run["tool"]["driver"]["rules"]
                          for k in ("shortDescription", "fullDescription", "help")])
    assert "wrong shape" in out or "Required" in out
    # the batch summary's cells (機關, 專案名稱…) are the documents' own text
    out = "\n".join(line for line in out.splitlines() if "\t" not in line)
    out = re.sub(r'<table id="summary">.*?</table>', "", out, flags=re.S)
    _check_english(out)
    if fmt == "text":
        assert "Result: failed" in out and "(line " in out


def test_text_report_in_chinese_keeps_chinese_punctuation(built):
    root, _ = built
    code, out = docgen("check", str(root / "app"))
    assert code == 1 and "結果：未通過" in out and "（第" in out


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_reports_in_chinese_have_no_english_words(built, fmt):
    from docgen.rules import all_rules

    root, _ = built
    docx = next((root / "out").glob("*.docx"))
    paths = [str(docx), str(root / "app"), str(root / "broken.docx")]
    code, out = docgen("check", *paths, "--format", fmt)
    assert code == 2
    out = re.split(r"[┏┌]", out)[0]  # the summary table folds long paths over lines
    if fmt == "html":
        out = re.sub(r"<style>.*?</style>|<script>.*?</script>|<!DOCTYPE[^>]*>|<[^>]+>", " ", out, flags=re.S)
    for p in paths:
        out = out.replace(p, "")
    allowed = {r.id for r in all_rules()} | {"word", "pt", "docx"}
    assert not english_words(out, allowed), english_words(out, allowed)


def test_a_check_never_needs_the_whole_catalogue(built):
    """The lazy loader is a safety net: a normal check finds every message it prints already loaded."""
    root, _ = built
    paths = [str(next((root / "out").glob("*.docx"))), str(root / "app"), str(root / "broken.docx")]
    code = ("import sys; from docgen import entry, i18n\n"
            "from docgen.reports import BINARY, FORMATS\n"
            "for fmt in [f for f in FORMATS if f not in BINARY]:  # spreadsheets: test_visual.py\n"
            "    for lang in ('zh', 'en'):\n"
            "        i18n.set_lang(lang)\n"
            f"        entry.run_check({paths!r}, fmt=fmt, echo=lambda s: None)\n"
            "assert not i18n._LOADED[0], 'a message was missing from the loaded modules'\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_plurals():
    i18n.set_lang("en")
    try:
        assert i18n.t("report.failed", errors=1, warnings=2) == "failed (1 error, 2 warnings)"
        assert i18n.t("report.failed", errors=2, warnings=1) == "failed (2 errors, 1 warning)"
        assert i18n.t("report.passed", warnings=0) == "passed (0 warnings)"
    finally:
        i18n.set_lang("zh")
    assert i18n.t("report.failed", errors=1, warnings=2) == "未通過（1 個錯誤、2 個警告）"


def test_rules_in_english():
    for fmt in ("text", "markdown", "json"):
        code, out = docgen("--lang", "en", "rules", "--format", fmt)
        assert code == 0
        _check_english(out)


def test_doctor_in_english():
    code, out = docgen("--lang", "en", "doctor")
    assert code in (0, 1)
    _check_english(out)
    assert "LibreOffice" in out
