"""Theme fonts (word/theme/theme1.xml) and how w:*Theme attributes resolve to a typeface."""

from __future__ import annotations

from .xml import A_NS, find_child, find_children, w

_A = "{%s}" % A_NS

# w:themeFontLang / w:lang value -> a:font script
_EA_SCRIPTS = {
    "zh-tw": "Hant", "zh-hk": "Hant", "zh-mo": "Hant", "zh-hant": "Hant",
    "zh-cn": "Hans", "zh-sg": "Hans", "zh-hans": "Hans", "zh": "Hans",
    "ja-jp": "Jpan", "ja": "Jpan",
    "ko-kr": "Hang", "ko": "Hang",
}
_BIDI_SCRIPTS = {"ar": "Arab", "he": "Hebr", "fa": "Arab", "ur": "Arab", "th": "Thai"}


# (plain slotted classes: reader-internal, never printed or compared, cheaper to define than dataclasses)
class FontCollection:
    """A theme's major or minor fonts: latin, ea, cs and per-script faces."""

    __slots__ = ("latin", "ea", "cs", "scripts")

    def __init__(self, latin: str | None = None, ea: str | None = None, cs: str | None = None):
        self.latin, self.ea, self.cs = latin, ea, cs
        self.scripts: dict[str, str] = {}


class Theme:
    """theme1.xml's font scheme."""

    __slots__ = ("major", "minor")

    def __init__(self):
        self.major = FontCollection()
        self.minor = FontCollection()


def _typeface(el) -> str | None:
    if el is None:
        return None
    face = (el.get("typeface") or "").strip()
    return face or None


def parse_theme(root) -> Theme:
    theme = Theme()
    if root is None:
        return theme
    for scheme in root.iter(_A + "fontScheme"):
        for name in ("major", "minor"):
            el = find_child(scheme, _A + name + "Font")
            if el is None:
                continue
            coll = FontCollection(
                latin=_typeface(find_child(el, _A + "latin")),
                ea=_typeface(find_child(el, _A + "ea")),
                cs=_typeface(find_child(el, _A + "cs")),
            )
            for font in find_children(el, _A + "font"):
                script, face = font.get("script"), _typeface(font)
                if script and face:
                    coll.scripts.setdefault(script, face)
            setattr(theme, name, coll)
        break
    return theme


class ThemeFonts:
    """Resolves theme font references for one document."""

    __slots__ = ("theme", "ea_lang", "bidi_lang")

    def __init__(self, theme: Theme, ea_lang: str | None = None, bidi_lang: str | None = None):
        self.theme = theme
        self.ea_lang = ea_lang  # w:themeFontLang w:eastAsia (or the default w:lang)
        self.bidi_lang = bidi_lang

    def resolve(self, ref: str) -> str | None:
        """'minorEastAsia', 'majorHAnsi', 'minorBidi', ... -> typeface (None if unknown)."""
        ref_l = ref.lower()
        coll = self.theme.major if ref_l.startswith("major") else self.theme.minor
        if ref_l.endswith("eastasia"):
            script = _EA_SCRIPTS.get((self.ea_lang or "").lower()) or _EA_SCRIPTS.get(
                (self.ea_lang or "").lower().split("-")[0])
            if script and coll.scripts.get(script):
                return coll.scripts[script]
            return coll.ea
        if ref_l.endswith("bidi"):
            script = _BIDI_SCRIPTS.get((self.bidi_lang or "").lower().split("-")[0])
            if script and coll.scripts.get(script):
                return coll.scripts[script]
            return coll.cs
        return coll.latin


def theme_font_lang(settings_root) -> tuple[str | None, str | None]:
    """(eastAsia, bidi) languages of w:themeFontLang in settings.xml."""
    if settings_root is None:
        return None, None
    el = find_child(settings_root, w("themeFontLang"))
    if el is None:
        return None, None
    return el.get(w("eastAsia")), el.get(w("bidi"))
