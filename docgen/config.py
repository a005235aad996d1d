"""Configuration: `docgen.toml` or `[tool.docgen]` in `pyproject.toml`.

Found by walking up from the checked file; `--config FILE` overrides.
"""

from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path
from typing import Optional

from .errors import InputError
from . import i18n

SEVERITIES = ("error", "warning", "info", "off")


class Config:
    """Settings from docgen.toml / [tool.docgen]; empty when there is no file. (A plain
    class: never compared, and a dataclass costs ~0.4 ms to define at every start.)"""

    def __init__(self, award_year: Optional[int] = None, policy: Optional[str] = None,
                 fonts: tuple[str, ...] = (), latin: Optional[str] = None, rules: Optional[dict] = None,
                 forms: tuple[str, ...] = (), awards: tuple[str, ...] = (), path: Optional[str] = None,
                 time_budget: Optional[float] = None, tw_standard_exceptions: tuple[str, ...] = ()):
        self.award_year, self.policy, self.fonts, self.latin = award_year, policy, fonts, latin
        self.rules = {} if rules is None else rules  # rule id -> severity / "off"
        self.forms = forms  # folders of an agency's own forms (absolute)
        self.awards = awards  # folders of award-year packs (<year>.yaml), after the shipped ones
        self.path = path
        self.time_budget = time_budget  # seconds per file (0: none)
        self.tw_standard_exceptions = tw_standard_exceptions  # names registered with 台 (tw-standard-form stays quiet)

    def __repr__(self) -> str:
        return "Config(" + ", ".join(f"{k}={v!r}" for k, v in vars(self).items()) + ")"


def current_award_year(today: Optional[_dt.date] = None) -> int:
    """The current ROC year: the cycle a form written now is submitted to."""
    return (today or _dt.date.today()).year - 1911


def _parse(data: dict, path: Path) -> Config:
    from .rules import all_rules
    from .text.counting import POLICIES

    known = {r.id for r in all_rules()}
    rules = {}
    for rid, sev in (data.get("rules") or {}).items():
        if rid not in known:
            raise InputError("config.unknown_rule", path=str(path), rule=rid)
        if sev not in SEVERITIES:
            raise InputError("config.bad_severity", path=str(path), rule=rid, value=sev)
        rules[rid] = sev
    policy = data.get("policy")
    if policy is not None and policy not in POLICIES:
        raise InputError("config.bad_policy", path=str(path), value=policy)
    latin = data.get("latin")
    if latin is not None and latin not in ("any", "kai"):
        raise InputError("config.bad_latin", path=str(path), value=latin)
    year = data.get("award_year")
    if isinstance(year, str) and year.strip().isdigit():
        year = int(year)
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 100 <= year <= 200):
        raise InputError("config.bad_award_year", path=str(path), value=year)
    budget = data.get("time_budget")
    if budget is not None and (isinstance(budget, bool) or not isinstance(budget, (int, float)) or budget < 0):
        raise InputError("config.bad_budget", path=str(path), value=budget)
    exceptions = data.get("tw_standard_exceptions") or []
    if isinstance(exceptions, str):
        exceptions = [exceptions]
    if not isinstance(exceptions, list) or not all(isinstance(e, str) for e in exceptions):
        raise InputError("config.bad_exceptions", path=str(path))
    return Config(award_year=int(year) if year else None, policy=policy,
                  tw_standard_exceptions=tuple(e for e in exceptions if e.strip()),
                  fonts=tuple(data.get("fonts") or ()), latin=latin, rules=rules, path=str(path),
                  forms=_folders(data, "forms", path), awards=_folders(data, "awards", path), time_budget=budget)


def _folders(data: dict, key: str, path: Path) -> tuple[str, ...]:
    """`forms = [...]` / `awards = [...]`: folders relative to the config file, which must exist."""
    entries = data.get(key) or []
    if isinstance(entries, str):
        entries = [entries]
    folders = []
    for entry in entries:
        folder = path.parent / str(entry)
        if not folder.is_dir():
            raise InputError(f"config.bad_{key}_dir", path=str(path), value=str(entry))
        folders.append(str(folder.resolve()))
    return tuple(folders)


def _tomllib():
    """Imported only when there is a file to read (it costs a few ms at every start)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


MAX_CONFIG_BYTES = 1024 * 1024


def _read_text(path: Path) -> str:
    """A config file's text: a regular file within the cap (a FIFO never blocks)."""
    from .fsutil import read_input
    return read_input(path, MAX_CONFIG_BYTES).decode("utf-8")


def load_file(path: Path) -> Config:
    tomllib = _tomllib()
    try:
        data = tomllib.loads(_read_text(path))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise InputError("config.unreadable", path=str(path), problem=str(err)[:100]) from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("docgen", {})
    return _parse(data, path)


def find_config(start: Path) -> Config:
    """The nearest docgen.toml / pyproject.toml with [tool.docgen], upward from start."""
    from .fsutil import real_path

    here = real_path(start)
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "docgen.toml"
        if candidate.is_file():
            return load_file(candidate)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                text = _read_text(pyproject)
            except (InputError, UnicodeDecodeError):
                continue
            if "docgen" not in text:  # most projects' pyproject: no need to parse it
                continue
            tomllib = _tomllib()
            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError:
                continue
            if "docgen" in data.get("tool", {}):
                return _parse(data["tool"]["docgen"], pyproject)
    return Config()


i18n.register({
    "config.unknown_rule": ("設定檔 {path}：未知的規則「{rule}」", "{path}: unknown rule “{rule}”"),
    "config.bad_severity": ("設定檔 {path}：規則「{rule}」的等級「{value}」不正確（可用 error、warning、info、off）",
                            "{path}: rule “{rule}” has bad severity “{value}” (error, warning, info, off)"),
    "config.bad_policy": ("設定檔 {path}：字數計算方式「{value}」不正確（可用 word、chars、han）",
                          "{path}: bad counting policy “{value}” (word, chars, han)"),
    "config.bad_latin": ("設定檔 {path}：latin 應為 any 或 kai，而不是「{value}」", "{path}: latin must be any or kai, not “{value}”"),
    "config.bad_budget": ("設定檔 {path}：time_budget 應為秒數（0 表示不限），而不是「{value}」",
                          "{path}: time_budget must be a number of seconds (0: none), not “{value}”"),
    "config.bad_forms_dir": ("設定檔 {path}：forms 所列的資料夾「{value}」不存在",
                             "{path}: the forms folder “{value}” does not exist"),
    "config.bad_exceptions": ("設定檔 {path}：tw_standard_exceptions 應為名稱的清單，例如 [\"台灣大哥大\"]",
                               "{path}: tw_standard_exceptions must be a list of names, e.g. [\"台灣大哥大\"]"),
    "config.bad_award_year": ("設定檔 {path}：award_year 應為民國年（100 到 200 之間，例如 115），而不是「{value}」",
                              "{path}: award_year must be an ROC year (100 to 200, e.g. 115), not “{value}”"),
    "config.bad_awards_dir": ("設定檔 {path}：awards 所列的資料夾「{value}」不存在",
                              "{path}: the awards folder “{value}” does not exist"),
    "config.unreadable": ("無法讀取設定檔 {path}（{problem}）", "Cannot read config {path} ({problem})"),
})
