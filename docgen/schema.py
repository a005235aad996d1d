"""JSON Schema for a form's front matter, generated from its profile.

Editors autocomplete with it (yaml-language-server); the source reader
validates with the same schema, so there is one definition of a valid value.
"""

from __future__ import annotations

from . import i18n
from .profile import FieldSpec, FormProfile

META_KEYS = {
    "form": {"type": "string", "description": "表單代號 (form id)"},
    "award_year": {"type": "integer", "minimum": 100, "maximum": 200,
                   "description": "評獎年度（民國年）/ award year (ROC)"},
}
META_ALIASES = {"表單": "form", "評獎年度": "award_year"}

CONTACT_KEYS = {"name": ("姓名",), "title": ("職稱",), "phone": ("聯絡電話", "電話"),
                "email": ("電子信箱", "信箱", "e-mail")}


def _value_schema(spec: FieldSpec) -> dict:
    desc = spec.label + (f"（{spec.unit}）" if spec.unit else "")
    if spec.type == "number":
        return {"description": desc, "anyOf": [
            {"type": "number", "minimum": 0},
            {"type": "string", "pattern": r"^\s*([0-9０-９][0-9０-９,，.]*)?\s*$"},
            {"type": "null"},
        ]}
    if spec.type == "choice":
        return {"description": desc, "enum": ["", None, *spec.options, *spec.option_aliases]}
    if spec.type == "date_range":
        return {"description": desc + "：例如 111年1月1日至113年12月31日、111.1.1-迄今",
                "anyOf": [{"type": ["string", "null"]},
                          {"type": "object", "additionalProperties": False,
                           "properties": {"start": {"type": ["string", "integer"]},
                                          "end": {"type": ["string", "integer", "null"]}},
                           "required": ["start"]}]}
    if spec.type == "contact":
        props = {}
        for key, aliases in CONTACT_KEYS.items():
            for name in (key, *aliases):
                props[name] = {"type": ["string", "integer", "null"]}
        return {"description": desc + "：姓名、職稱、聯絡電話、電子信箱",
                "anyOf": [{"type": ["string", "null"]},
                          {"type": "object", "additionalProperties": False, "properties": props}]}
    if spec.type == "picture":
        return {"description": desc + "：圖檔相對路徑 (relative path to a PNG/JPEG)", "type": ["string", "null"]}
    return {"description": desc, "type": ["string", "number", "null"]}


def field_names(profile: FormProfile) -> dict[str, str]:
    """Every accepted front-matter key -> field key (English keys and printed labels)."""
    names = {}
    for spec in profile.fields:
        if spec.from_section:
            continue
        for name in (spec.key, *spec.labels):
            names[name] = spec.key
    return names


def front_matter_schema(profile: FormProfile) -> dict:
    props = dict(META_KEYS)
    for alias, key in META_ALIASES.items():
        props[alias] = META_KEYS[key]
    for name, key in field_names(profile).items():
        props[name] = _value_schema(profile.field(key))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://docgen-tw.invalid/schema/{profile.id}.schema.json",
        "title": f"{profile.name} ({profile.id}) front matter",
        "type": "object",
        "additionalProperties": False,
        "properties": props,
    }


# -- validation errors in words ------------------------------------------------------

META_LABELS = {"form": "表單", "award_year": "評獎年度"}
_TYPE_WORDS = ("string", "number", "integer", "object", "array", "null", "boolean")


def _label(written: str, profile: FormProfile, lang: str | None) -> tuple[str, FieldSpec | None]:
    """The field's printed label (English adds the key) and its spec, from the key as written."""
    key = field_names(profile).get(written)
    spec = profile.field(key) if key else None
    if spec is not None:
        label, key = spec.label, spec.key
    else:
        key = META_ALIASES.get(written, written)
        label = META_LABELS.get(key, written)
    return (f"{label} ({key})" if i18n.lang_of(lang) == "en" and label != key else label), spec


def _shown(value, lang: str | None) -> str:
    """What the author wrote, quoted — or what kind of thing it was."""
    if isinstance(value, dict):
        return i18n.t("schema.kind.object", lang)
    if isinstance(value, list):
        return i18n.t("schema.kind.array", lang)
    if value is None or value == "":
        return i18n.t("schema.kind.empty", lang)
    if isinstance(value, bool):
        value = "true" if value else "false"
    text = str(value)
    return i18n.quote(text if len(text) <= 40 else text[:39] + "…", lang)


def _one_of(values, lang: str | None) -> str:
    """「甲」或「乙」 / “a” or “b”."""
    quoted = [i18n.quote(str(v), lang) for v in values]
    if len(quoted) < 2:
        return "".join(quoted)
    last = i18n.t("schema.or", lang)
    return i18n.join(quoted[:-1], lang) + last + quoted[-1]


def explain(err, profile: FormProfile, lang: str | None = None) -> tuple[str, dict]:
    """(message key, params) for a jsonschema error on the front matter, in the form's words.

    The params hold `label` (the field as printed), `value` (what was written) and
    what the validator allowed; `key` is the front-matter key as written.
    """
    written = str(err.absolute_path[0]) if err.absolute_path else ""
    label, spec = _label(written, profile, lang)
    return _explain(err, spec, label, lang, written)


def _explain(err, spec, label, lang, written) -> tuple[str, dict]:
    from jsonschema.exceptions import best_match

    inst, v = err.instance, err.validator
    base = {"label": label, "key": written, "value": _shown(inst, lang)}
    inner = [str(p) for p in list(err.absolute_path)[1:]]
    if inner:  # a part of a contact or a date range: 「聯絡人1」的「姓名」
        base["label"] = i18n.t("schema.part_of", lang, label=label, part=inner[-1])
    if v in ("anyOf", "oneOf"):
        if isinstance(inst, dict) and spec is not None and spec.type in ("date_range", "contact"):
            branch = [e for e in err.context if e.relative_schema_path and e.relative_schema_path[0] == 1]
            if branch:
                return _explain(best_match(branch), spec, label, lang, written)
        if spec is not None and not inner:
            return f"source.schema.{spec.type}", base
        return _explain(best_match(err.context), spec, label, lang, written)
    if v == "enum":
        allowed = spec.options if spec is not None and spec.options else \
            [x for x in err.validator_value if x not in ("", None)]
        return "source.schema.enum", {**base, "allowed": _one_of(allowed, lang)}
    if v == "type":
        expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        if spec is not None and not inner and spec.type in ("text", "picture"):
            return f"source.schema.{spec.type}", base
        words = [i18n.t(f"schema.type.{x}", lang) for x in expected if x in _TYPE_WORDS and x != "null"]
        return "source.schema.type", {**base, "expected": i18n.t("schema.or", lang).join(words)}
    if v == "additionalProperties" and isinstance(inst, dict):
        known = list(err.schema.get("properties", {}))
        extra = next((str(k) for k in inst if k not in known), "")
        if spec is not None and spec.type == "contact":  # the printed names, not every alias
            known = [key if i18n.lang_of(lang) == "en" else names[0] for key, names in CONTACT_KEYS.items()]
        return "source.schema.unknown_part", {**base, "name": extra, "allowed": i18n.join(known, lang)}
    if v == "required" and isinstance(inst, dict):
        missing = next((str(k) for k in err.validator_value if k not in inst), "")
        return "source.schema.required", {**base, "name": missing}
    if v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        low, high = err.schema.get("minimum"), err.schema.get("maximum")
        if low is not None and high is not None:
            return "source.schema.range", {**base, "low": low, "high": high}
        return f"source.schema.{'minimum' if 'inimum' in v else 'maximum'}", {**base, "limit": err.validator_value}
    if v in ("pattern", "format"):
        return "source.schema.pattern", base
    if v in ("minLength", "minItems", "minProperties"):
        return "source.schema.too_short", {**base, "limit": err.validator_value}
    if v in ("maxLength", "maxItems", "maxProperties"):
        return "source.schema.too_long", {**base, "limit": err.validator_value}
    return "source.bad_value", {**base, "problem": err.message[:120]}


i18n.register({
    "schema.part_of": ("{label}的「{part}」", "“{part}” of {label}"),
    "schema.or": ("或", " or "),
    "schema.kind.object": ("一組欄位", "a group of keys"),
    "schema.kind.array": ("一個清單", "a list"),
    "schema.kind.empty": ("空白", "nothing"),
    "schema.type.string": ("文字", "text"),
    "schema.type.number": ("數字", "a number"),
    "schema.type.integer": ("整數", "a whole number"),
    "schema.type.object": ("一組欄位", "a group of keys"),
    "schema.type.array": ("清單", "a list"),
    "schema.type.boolean": ("是非值（true 或 false）", "true or false"),
})
