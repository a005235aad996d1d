"""User-facing messages: zh-TW by default, English with `--lang en`.

Each module registers its own catalogue fragment (key -> (zh-TW, en)), so
messages live next to the code that raises them and one lookup serves all.
A key whose module has not been imported yet is still found: on a miss, `t()`
imports every docgen module that registers messages, then looks again.

Templates are `str.format` templates with one addition for English plurals:
`{n:#error|errors}` gives "1 error" / "2 errors".
"""

from __future__ import annotations

_CATALOGUE: dict[str, tuple[str, str]] = {}
_LANG = ["zh"]  # the CLI sets it once per invocation
_LOADED = [False]


def register(messages: dict[str, tuple[str, str]]) -> None:
    _CATALOGUE.update(messages)


def set_lang(lang: str) -> None:
    _LANG[0] = "en" if lang.lower().startswith("en") else "zh"


def get_lang() -> str:
    return _LANG[0]


def lang_of(value: str | None) -> str:
    return get_lang() if value is None else ("en" if value.lower().startswith("en") else "zh")


def catalogue_modules() -> list[str]:
    """Every docgen module that registers messages (read from the package, zipped or not)."""
    import importlib.util
    import pkgutil

    package = __name__.rpartition(".")[0]
    root = importlib.util.find_spec(package)
    names = []
    for info in pkgutil.walk_packages(root.submodule_search_locations, package + "."):
        if info.name in (__name__, package + ".__main__"):
            continue
        try:
            source = importlib.util.find_spec(info.name).loader.get_source(info.name)
        except (ImportError, OSError, AttributeError):
            source = None
        if source is None or "i18n.register(" in source:  # no source to read: import it to be sure
            names.append(info.name)
    return names


def load_all() -> dict[str, tuple[str, str]]:
    """Import every catalogue fragment (once); the whole catalogue."""
    if not _LOADED[0]:
        _LOADED[0] = True
        import importlib

        for name in catalogue_modules():
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 — a module that cannot load must not take messages down
                pass
    return _CATALOGUE


class _Count(int):
    """An int that also formats as a counted English noun: `{n:#error|errors}` (`{n:#,…}`: 1,000)."""

    def __format__(self, spec: str) -> str:
        if spec.startswith("#"):
            grouped = spec.startswith("#,")
            one, _, many = spec[2 if grouped else 1:].partition("|")
            return f"{int(self):{',' if grouped else ''}} {one if self == 1 else (many or one)}"
        return int.__format__(self, spec)


def fill(template: str, params: dict) -> str:
    """`template` filled with `params` (raises on a placeholder it cannot fill)."""
    return template.format(**{k: _Count(v) if type(v) is int else v for k, v in params.items()})


def t(key: str, lang: str | None = None, /, **params) -> str:
    """Translate `key` and fill `{params}`."""
    entry = _CATALOGUE.get(key)
    if entry is None:
        entry = load_all().get(key, (key, key))
    text = entry[1] if lang_of(lang) == "en" else entry[0]
    try:
        return fill(text, params)
    except (KeyError, IndexError, ValueError, AttributeError):
        return text


def join(items, lang: str | None = None) -> str:
    """A list in running text: 甲、乙 / a, b."""
    return (", " if lang_of(lang) == "en" else "、").join(str(i) for i in items)


def labelled(label: str, value: str, lang: str | None = None) -> str:
    """標籤：值 / Label: value."""
    return f"{label}{': ' if lang_of(lang) == 'en' else '：'}{value}"


def limit(value, lang: str | None = None) -> str:
    """A form's length limit as reports print it: the number, or 「不限」 for a form that sets none."""
    return t("limit.none", lang) if value is None else str(value)


def paren(text: str, lang: str | None = None) -> str:
    """（附註） / " (note)"."""
    return f" ({text})" if lang_of(lang) == "en" else f"（{text}）"


def quote(text: str, lang: str | None = None) -> str:
    """「值」 / “value”."""
    return f"“{text}”" if lang_of(lang) == "en" else f"「{text}」"


register({"limit.none": ("不限", "no limit")})
register({"report.pages_slow": ("此檔案的頁面圖繪製超過時間上限，未附頁面圖（檢查結果不受影響）",
                                "Drawing this file's pages took too long: no page pictures (the findings stand)")})
