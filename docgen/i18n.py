"""User-facing messages: zh-TW by default, English with `--lang en`.

Each module registers its own catalogue fragment (key -> (zh-TW, en)), so
messages live next to the code that raises them and one lookup serves all.
"""

from __future__ import annotations

_CATALOGUE: dict[str, tuple[str, str]] = {}
_LANG = ["zh"]  # the CLI sets it once per process


def register(messages: dict[str, tuple[str, str]]) -> None:
    _CATALOGUE.update(messages)


def set_lang(lang: str) -> None:
    _LANG[0] = "en" if lang.lower().startswith("en") else "zh"


def get_lang() -> str:
    return _LANG[0]


def t(key: str, lang: str | None = None, /, **params) -> str:
    """Translate `key` and fill `{params}`; unknown keys fall back to the key."""
    zh, en = _CATALOGUE.get(key, (key, key))
    text = en if (lang or _LANG[0]) == "en" else zh
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text
