"""Form profiles: `validators/<form>.yaml` read into plain records.

The builder and every rule read these; nothing form-specific is in Python.
"""

from __future__ import annotations

import datetime as _dt
import marshal
import os
import zlib
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable, Optional

from . import i18n
from .records import Record

FIELD_TYPES = ("text", "number", "date_range", "choice", "contact", "picture")
A4_PAGE = {"width": 11906, "height": 16838, "margin": 1134}


class _Record(Record):
    """A profile's records compare by identity: each form is loaded once, and caches key on them."""

    __slots__ = ()
    __eq__ = object.__eq__
    __hash__ = object.__hash__


class FieldSpec(_Record):
    """One field of the form: key, printed labels, type and what makes it required."""

    __slots__ = ("key", "label", "type", "required", "required_if", "aliases", "in_label", "unit", "printed",
                 "placeholder", "options", "option_aliases", "exactly_one", "from_section", "template_name",
                 "template_names", "in_title")

    def __init__(self, key: str, label: str, type: str = "text", required: bool = False,
                 required_if: Optional[dict] = None, aliases: tuple[str, ...] = (), in_label: Optional[str] = None,
                 unit: Optional[str] = None, printed: tuple[str, ...] = (), placeholder: Optional[str] = None,
                 options: tuple[str, ...] = (), option_aliases: Optional[dict] = None, exactly_one: bool = False,
                 from_section: Optional[int] = None, template_name: Optional[str] = None,
                 template_names: Optional[dict] = None, in_title: Optional[str] = None):
        self.key, self.label, self.type, self.required = key, label, type, required
        self.required_if = {} if required_if is None else required_if
        self.aliases = aliases
        self.in_label = in_label  # shares the table box printed under this label
        self.unit = unit
        self.printed = printed  # words the form prints around a number (共計, （含…）)
        self.placeholder, self.options = placeholder, options
        self.option_aliases = {} if option_aliases is None else option_aliases
        self.exactly_one, self.from_section = exactly_one, from_section
        self.template_name = template_name  # name in the template context, default the key
        self.template_names = {} if template_names is None else template_names  # choice option -> box.<name>
        self.in_title = in_title  # printed in the form's title, just before this text

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)

    def is_required(self, values: dict[str, str]) -> bool:
        """Required outright, or because another field has a given value."""
        if self.required:
            return True
        return any(values.get(k) == v for k, v in self.required_if.items())


class SectionSpec(_Record):
    """One numbered section of the narrative (壹、專案簡介…), with accepted titles."""

    __slots__ = ("title", "aliases", "instructions", "table_columns", "table_widths")

    def __init__(self, title: str, aliases: tuple[str, ...] = (), instructions: tuple[str, ...] = (),
                 table_columns: tuple[str, ...] = (), table_widths: tuple[float, ...] = ()):
        self.title, self.aliases = title, aliases
        # the form's instruction printed under the heading (﹝簡要介紹…﹞), one or more paragraphs
        self.instructions = instructions
        # the section is a table (計畫內容): its printed column heads, and their relative widths
        self.table_columns, self.table_widths = table_columns, table_widths

    @property
    def instruction(self) -> Optional[str]:
        return self.instructions[0] if self.instructions else None

    @property
    def titles(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)


class PartSpec(_Record):
    """A printed part of the form (第一部分、基本資料…) and the headings that start it."""

    __slots__ = ("id", "title", "match", "narrative", "required_if")

    def __init__(self, id: str, title: str, match: tuple[str, ...] = (), narrative: bool = False,
                 required_if: Optional[dict] = None):
        self.id, self.title, self.match, self.narrative = id, title, match, narrative
        # the part must be written only when fields have these values (else it may stay empty)
        self.required_if = {} if required_if is None else required_if


class FormProfile(_Record):
    """A whole form as data: fields, parts, sections, limits, fonts, line height, date window."""

    _fields = ("id", "name", "name_en", "template", "detect_titles", "parts", "fields", "sections",
               "instruction_starts", "instruction_brackets", "limit", "policy", "font_family", "fonts_accepted",
               "fonts_substitutes", "latin_policy", "size_title", "size_body", "line_rule", "line_points",
               "numbering_levels", "window_field", "window_lookback", "window_cutoffs", "allow_ongoing",
               "authority", "seed", "path", "instruction_texts", "summary_fields", "quota", "layout", "page",
               "level_indents", "signature", "docx_title")
    level_indents_default = ((0, 0), (2, 2), (4, 3), (5, 2), (7, 3))

    def __init__(self, *, id: str, name: str, name_en: str, template: str, detect_titles: tuple[str, ...],
                 parts: tuple[PartSpec, ...], fields: tuple[FieldSpec, ...], sections: tuple[SectionSpec, ...],
                 instruction_starts: tuple[str, ...], instruction_brackets: tuple[str, ...], limit: Optional[int],
                 policy: str, font_family: str, fonts_accepted: tuple[str, ...], fonts_substitutes: tuple[str, ...],
                 latin_policy: str, size_title: float, size_body: float, line_rule: str, line_points: float,
                 numbering_levels: tuple[str, ...], window_field: Optional[str], window_lookback: int,
                 window_cutoffs: dict, allow_ongoing: bool, authority: str = "", seed: str = "", path: str = "",
                 instruction_texts: tuple[str, ...] = (), summary_fields: tuple[tuple[str, str], ...] = (),
                 quota: Optional[int] = None, layout: Optional[list] = None, page: Optional[dict] = None,
                 level_indents: Optional[tuple[tuple[float, float], ...]] = None, signature: Optional[dict] = None,
                 docx_title: str = ""):
        self.id, self.name, self.name_en, self.template = id, name, name_en, template
        self.detect_titles, self.parts, self.fields, self.sections = detect_titles, parts, fields, sections
        self.instruction_starts, self.instruction_brackets = instruction_starts, instruction_brackets
        self.limit = limit  # None: the form sets no length (the count is still shown)
        self.policy = policy
        self.font_family, self.fonts_accepted, self.fonts_substitutes = font_family, fonts_accepted, fonts_substitutes
        self.latin_policy, self.size_title, self.size_body = latin_policy, size_title, size_body
        self.line_rule, self.line_points, self.numbering_levels = line_rule, line_points, numbering_levels
        self.window_field, self.window_lookback = window_field, window_lookback
        self.window_cutoffs, self.allow_ongoing = window_cutoffs, allow_ongoing
        self.authority, self.seed = authority, seed
        self.path = path  # the YAML it was read from
        # other instructions the form prints inside the narrative box, to be replaced by the author
        self.instruction_texts = instruction_texts
        # the batch summary's columns: 機關 / 參獎類別 / 專案名稱 -> this form's field keys
        self.summary_fields = summary_fields
        # at most this many entries per authority and award (the `quota` rule); None: no limit known
        self.quota = quota
        # the printed form, block by block (`docgen template`); None: title, part headings, narrative
        self.layout = layout
        # the page in twips: A4 portrait, 2 cm margins unless the layout says otherwise
        self.page = dict(A4_PAGE) if page is None else page
        # (left, hanging) indent in characters of each outline level's text, level 1 first
        self.level_indents = self.level_indents_default if level_indents is None else level_indents
        # blanks (full-width spaces) left for the head's signature and the date: sign.<name> in the template
        self.signature = {} if signature is None else signature
        # the built DOCX's document title, `{field}` pieces filled from the source; the form's name if empty
        self.docx_title = docx_title

    @cached_property  # asked for every paragraph; a profile's texts never change
    def placeholders(self) -> tuple[str, ...]:
        """Every instruction text the author must replace: the sections' and the box's."""
        return (*(t for s in self.sections for t in s.instructions), *self.instruction_texts)

    def field(self, key: str) -> FieldSpec:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    @property
    def narrative_part(self) -> Optional[PartSpec]:
        return next((p for p in self.parts if p.narrative), None)

    def cutoff(self, award_year: int) -> _dt.date:
        """Earliest allowed project start for an award year (ROC)."""
        if award_year in self.window_cutoffs:
            return self.window_cutoffs[award_year]
        return _dt.date(award_year - self.window_lookback + 1911, 1, 1)

    def with_overrides(self, *, extra_fonts=(), policy=None, latin=None) -> "FormProfile":
        return self.replace(
            fonts_accepted=tuple(dict.fromkeys((*self.fonts_accepted, *extra_fonts))),
            policy=policy or self.policy,
            latin_policy=latin or self.latin_policy,
        )


def _tuple(v) -> tuple:
    return tuple(v or ())


def _texts(v) -> tuple[str, ...]:
    """One text or a list of them."""
    return (v,) if isinstance(v, str) else _tuple(v)


def profile_from_dict(d: dict, path: str = "") -> FormProfile:
    fonts = d.get("fonts", {})
    window = d.get("date_window") or {}
    cutoffs = {}
    for year, day in (window.get("cutoffs") or {}).items():
        cutoffs[int(year)] = day if isinstance(day, _dt.date) else _dt.date.fromisoformat(str(day))
    return FormProfile(
        id=d["id"],
        name=d["name"],
        name_en=d.get("name_en", d["id"]),
        authority=d.get("authority", ""),
        seed=d.get("seed", ""),
        path=path,
        template=d.get("template", f"{d['id']}.docx"),
        detect_titles=_tuple(d.get("detect", {}).get("titles")),
        parts=tuple(
            PartSpec(id=p["id"], title=p["title"], match=_tuple(p.get("match")),
                     narrative=bool(p.get("narrative")), required_if=dict(p.get("required_if") or {}))
            for p in d.get("parts", [])
        ),
        fields=tuple(
            FieldSpec(
                key=f["key"], label=f["label"], type=f.get("type", "text"),
                required=bool(f.get("required")), required_if=dict(f.get("required_if") or {}),
                aliases=_tuple(f.get("aliases")), in_label=f.get("in_label"),
                unit=f.get("unit"), printed=_tuple(f.get("printed")), placeholder=f.get("placeholder"),
                options=_tuple(f.get("options")), option_aliases=dict(f.get("option_aliases") or {}),
                exactly_one=bool(f.get("exactly_one")), from_section=f.get("from_section"),
                template_name=f.get("template_name"), template_names=dict(f.get("template_names") or {}),
                in_title=f.get("in_title"),
            )
            for f in d.get("fields", [])
        ),
        sections=tuple(
            SectionSpec(title=s["title"], aliases=_tuple(s.get("aliases")),
                        instructions=_texts(s.get("instruction")),
                        table_columns=_tuple((s.get("table") or {}).get("columns")),
                        table_widths=tuple(float(w) for w in (s.get("table") or {}).get("widths") or ()))
            for s in d.get("sections", [])
        ),
        instruction_starts=_tuple(d.get("instructions", {}).get("starts")),
        instruction_brackets=_tuple(d.get("instructions", {}).get("brackets")),
        instruction_texts=_texts(d.get("instructions", {}).get("texts")),
        limit=None if d["counting"].get("limit") is None else int(d["counting"]["limit"]),
        policy=d["counting"].get("policy", "word"),
        font_family=fonts.get("family", "標楷體"),
        fonts_accepted=_tuple(fonts.get("accepted")),
        fonts_substitutes=_tuple(fonts.get("substitutes")),
        latin_policy=fonts.get("latin", "any"),
        size_title=float(fonts["sizes"]["title"]),
        size_body=float(fonts["sizes"]["body"]),
        line_rule=d["line_height"].get("rule", "exact"),
        line_points=float(d["line_height"]["points"]),
        numbering_levels=_tuple(d.get("numbering", {}).get("levels")),
        window_field=window.get("field"),
        window_lookback=int(window.get("lookback_years", 3)),
        window_cutoffs=cutoffs,
        allow_ongoing=bool(window.get("allow_ongoing", True)),
        summary_fields=tuple((str(k), str(v)) for k, v in (d.get("summary") or {}).items()),
        quota=int(d["quota"]["max_entries"]) if (d.get("quota") or {}).get("max_entries") else None,
        layout=list(d["layout"]["blocks"]) if d.get("layout") else None,
        page={**A4_PAGE, **{k: int(v) for k, v in ((d.get("layout") or {}).get("page") or {}).items()
                            if k in ("width", "height", "margin")}},
        level_indents=tuple((float(a), float(b)) for a, b in d.get("numbering", {}).get("indents") or ())
        or FormProfile.level_indents_default,
        signature={str(k): int(v) for k, v in (d.get("signature") or {}).items()},
        docx_title=d.get("docx_title", ""),
    )


@lru_cache(maxsize=None)
def resource_dir(name: str):
    """`templates` / `validators`: inside the installed package, or the repo's top level.

    A wheel maps the top-level folders into `docgen.<name>`; a checkout (or an
    editable install) keeps them one level above `docgen/`. Plain folders are
    looked for first: importlib.resources costs several ms at every start and is
    only needed when the package is not on the file system (a zip).
    """
    here = Path(__file__).resolve().parent
    for folder in (here / name, here.parent / name):
        # (a `validators` beside an installed package could be another project's)
        try:
            names = os.listdir(folder)  # not Path.glob: its pattern is a regex compiled at every start
        except OSError:
            continue
        if any(n.endswith((".yaml", ".docx")) for n in names):
            return folder
    from importlib import resources
    return resources.files(f"docgen.{name}")


def _validators_dir():
    return resource_dir("validators")


@lru_cache(maxsize=None)  # shipped with docgen: read once, not once per form
def _schema_text() -> str:
    return _validators_dir().joinpath("profile.schema.json").read_text(encoding="utf-8")


def profile_schema() -> dict:
    """The JSON Schema every profile is validated against (`docgen schema --profile`)."""
    import json
    return json.loads(_schema_text())


_TYPE_WORDS = {"string": ("文字", "text"), "integer": ("整數", "an integer"), "number": ("數字", "a number"),
               "boolean": ("true 或 false", "true or false"), "array": ("清單", "a list"),
               "object": ("對照表（鍵: 值）", "a mapping (key: value)")}


def _problem(err, instance: dict) -> tuple[str, dict]:
    """The i18n key and parameters saying what one schema error is about."""
    import difflib

    while err.validator in ("anyOf", "oneOf") and err.context:
        # a layout block (a table or a paragraph): what is wrong with the reading that got
        # deepest into it; on a tie a wrong key before a missing one, the last reading first
        err = min(err.context, key=lambda e: (-len(e.absolute_path), e.validator == "required",
                                              -(e.relative_schema_path[0] if e.relative_schema_path else 0)))
    where = ".".join(str(k) for k in err.absolute_path)
    value = err.instance if not isinstance(err.instance, (dict, list)) else ""
    if err.validator == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        key = f"{where}.{extra[0]}" if where else str(extra[0])
        close = difflib.get_close_matches(str(extra[0]), list(err.schema.get("properties", {})), n=1)
        return "profile.unknown_key", {"key": key, "hint": i18n.t("profile.did_you_mean", close=close[0]) if close else ""}
    if err.validator == "required":
        missing = next(k for k in err.validator_value if k not in err.instance)
        return "profile.missing_key", {"key": f"{where}.{missing}" if where else missing}
    if err.validator == "type":
        words = _TYPE_WORDS.get(err.validator_value, (err.validator_value, err.validator_value))
        return "profile.bad_type", {"key": where, "value": value,
                                    "type": words[1] if i18n.get_lang() == "en" else words[0]}
    if err.validator == "enum":
        return "profile.bad_choice", {"key": where, "value": value,
                                      "choices": ", ".join(map(str, err.validator_value))}
    if err.validator == "const":
        return "profile.bad_const", {"key": where, "value": value, "want": err.validator_value}
    return "profile.bad_value", {"key": where or "id", "value": value}


def validate_profile(data, path: str) -> None:
    """Raise one InputError naming the file, the key and what is wrong."""
    validate_data(data, path, profile_schema(), "profile.invalid")


def validate_data(data, path: str, schema: dict, error_key: str) -> None:
    """`data` against a JSON Schema; the first problem as one InputError(`error_key`)
    naming the file, the key and what is wrong (award packs use it too)."""
    from .errors import InputError

    if not isinstance(data, dict):
        raise InputError(error_key, path=path, problem=i18n.t("profile.not_mapping"))
    import json

    import jsonschema

    plain = json.loads(json.dumps(data, ensure_ascii=False, default=str))  # YAML dates/int keys as JSON
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(plain), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    if errors:
        key, params = _problem(errors[0], plain)
        raise InputError(error_key, path=path, problem=i18n.t(key, **params))


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "docgen"


def read_validated(path: str, kind: str, schema_text: str, validate, error_key: str) -> dict:
    """A YAML file's data, validated (profiles, award packs); unreadable → one InputError line."""
    from .errors import InputError

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(error_key, path=path, problem=type(err).__name__) from None
    return parse_cached(text, path, kind, schema_text, validate, error_key)


def parse_cached(text: str, path: str, kind: str, schema_text: str, validate, error_key: str) -> dict:
    """YAML data, validated by `validate(data, path)`; a copy holding the YAML it came from
    (and the schema it passed) saves importing PyYAML and jsonschema next time. The copy is
    marshal, not JSON: reading it needs no import (json costs ~1.5 ms at every start)."""
    raw = text.encode("utf-8")
    schema_sum = zlib.crc32(schema_text.encode("utf-8"))
    cached = _cache_dir() / f"{kind}-{zlib.crc32(raw):08x}-{len(raw)}.marshal"
    try:
        entry = marshal.loads(cached.read_bytes())
        if entry["yaml"] == text and entry.get("schema") == schema_sum:
            return entry["data"]
    except (OSError, ValueError, EOFError, KeyError, TypeError):
        pass
    import json

    import yaml

    from .errors import InputError

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise InputError(error_key, path=path,
                         problem=i18n.t("profile.yaml", line=(mark.line + 1) if mark else 1)) from None
    validate(data, path)
    try:
        from .fsutil import atomic_write
        # as JSON would keep it: dates as text, keys as strings (the readers take both)
        plain = json.loads(json.dumps(data, ensure_ascii=False, default=str))
        atomic_write(cached, marshal.dumps({"yaml": text, "schema": schema_sum, "data": plain}))
    except (OSError, ValueError):
        pass  # a read-only home (or data marshal cannot hold) only costs the cache
    return data


def _yaml_files(folder) -> dict[str, str]:
    """Form id -> YAML path in a folder (os.listdir, not pathlib: ~0.3 ms less at every start;
    a package inside a zip gives an importlib Traversable instead of a path)."""
    try:
        if isinstance(folder, (str, os.PathLike)):
            return {name[:-5]: os.path.join(folder, name) for name in sorted(os.listdir(folder))
                    if name.endswith(".yaml")}
        return {p.name[:-5]: str(p) for p in sorted(folder.iterdir(), key=lambda p: p.name)
                if p.name.endswith(".yaml")}
    except OSError:
        return {}


@lru_cache(maxsize=None)  # the shipped forms do not change while docgen runs (a batch asks per file)
def _shipped_files() -> dict[str, str]:
    return _yaml_files(_validators_dir())


def _form_files(dirs: Iterable[str] = ()) -> dict[str, str]:
    """Form id -> profile YAML: the shipped forms, then each configured folder's (a later
    folder's form replaces an earlier one of the same id)."""
    out = dict(_shipped_files())
    for d in dirs:
        out.update(_yaml_files(Path(d)))
    return out


def form_ids(dirs: Iterable[str] = ()) -> list[str]:
    return sorted({*_form_files(tuple(dirs)), *_LOADED})


# id -> YAML of each form loaded by path this run, so that a report can name it by id
_LOADED: dict[str, str] = {}


def is_profile_path(form: str) -> bool:
    return form.endswith((".yaml", ".yml"))


@lru_cache(maxsize=None)
def _load_file(path: str) -> FormProfile:
    profile = profile_from_dict(read_validated(path, "profile", _schema_text(), validate_profile,
                                               "profile.invalid"), path)
    _LOADED.setdefault(profile.id, path)
    return profile


def load_profile(form: str, dirs: Iterable[str] = ()) -> FormProfile:
    """A form by id (shipped, in a configured folder, or loaded by path before) or by YAML path.

    KeyError for an unknown id; InputError (one line) for a profile that is not valid.
    """
    if is_profile_path(form):
        return _load_file(str(Path(form).resolve()) if Path(form).exists() else form)
    files = _form_files(tuple(dirs))
    path = files.get(form) or _LOADED.get(form)
    if path is None:
        raise KeyError(form)
    return _load_file(path)


def get_profile(form: str, dirs: Iterable[str] = ()) -> FormProfile:
    """`load_profile`, with an unknown id as the one-line `check.bad_form`."""
    from .errors import InputError

    dirs = tuple(dirs)
    try:
        return load_profile(form, dirs)
    except KeyError:
        raise InputError("check.bad_form", form=form, forms=i18n.join(form_ids(dirs))) from None


def all_profiles(dirs: Iterable[str] = ()) -> tuple[list[FormProfile], list[Exception]]:
    """Every registered form that loads, and the errors of those that do not (a broken
    profile makes only its own form unavailable)."""
    good, bad = [], []
    for form in form_ids(tuple(dirs)):
        try:
            good.append(load_profile(form, dirs))
        except Exception as err:  # noqa: BLE001 — reported by the caller, never fatal to the others
            bad.append(err)
    return good, bad


def template_path(profile: FormProfile) -> Path:
    """The form's Word template: beside its profile, else among the shipped templates."""
    if profile.path:
        beside = Path(profile.path).parent / profile.template
        if beside.is_file():
            return beside
    return Path(str(resource_dir("templates").joinpath(profile.template)))


i18n.register({
    "profile.invalid": ("表單設定檔 {path} 有誤：{problem}，此表單暫不可用",
                        "Form profile {path} is not valid: {problem}; this form is unavailable"),
    "profile.unknown_key": ("不認得的設定「{key}」{hint}", "unknown key “{key}”{hint}"),
    "profile.did_you_mean": ("（是否為「{close}」？）", " (did you mean “{close}”?)"),
    "profile.missing_key": ("缺少必要的設定「{key}」", "required key “{key}” is missing"),
    "profile.bad_type": ("「{key}」應為{type}，而不是「{value}」", "“{key}” must be {type}, not “{value}”"),
    "profile.bad_choice": ("「{key}」應為 {choices} 之一，而不是「{value}」",
                           "“{key}” must be one of {choices}, not “{value}”"),
    "profile.bad_const": ("「{key}」應為「{want}」，而不是「{value}」", "“{key}” must be “{want}”, not “{value}”"),
    "profile.bad_value": ("「{key}」的值「{value}」不正確", "“{key}” has a bad value “{value}”"),
    "profile.not_mapping": ("內容應為「鍵: 值」的對照表", "the file must be a mapping of keys to values"),
    "profile.yaml": ("第{line}行 YAML 語法錯誤", "YAML syntax error on line {line}"),
})
