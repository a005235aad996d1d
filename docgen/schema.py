"""JSON Schema for a form's front matter, generated from its profile.

Editors autocomplete with it (yaml-language-server); the source reader
validates with the same schema, so there is one definition of a valid value.
"""

from __future__ import annotations

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
