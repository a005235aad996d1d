"""styles.xml: document defaults, styles and their basedOn chains, as property dicts.

Run properties (rPr) and paragraph properties (pPr) are reduced to small
dicts holding only what docgen needs; merging a chain is `dict.update` from
the most general level to the most specific one.

rPr keys: 'ascii', 'hAnsi', 'eastAsia', 'cs' -> (is_theme, name) — a theme
attribute wins over the plain one at the same level; 'hint'; 'sz', 'szCs'
(half-points); 'csflag', 'rtl', 'vanish' (bool). Of the toggle properties
(ECMA-376 17.7.3: b, i, caps, strike, vanish…) only `vanish` changes what
docgen reads (hidden text is not text); see `TOGGLES`.
pPr keys: 'line' (twentieths of a point or 240ths of a line), 'lineRule',
'numId' (str), 'ilvl' (int), 'pStyle'.
"""

from __future__ import annotations

from .xml import find_child, find_children, float_attr, int_attr, on_off, w

_SLOTS = tuple((slot, w(slot), w(theme)) for slot, theme in (
    ("ascii", "asciiTheme"), ("hAnsi", "hAnsiTheme"), ("eastAsia", "eastAsiaTheme"), ("cs", "cstheme")))
_W_HINT, _W_EA, _W_BIDI = w("hint"), w("eastAsia"), w("bidi")
_W_SPACING, _W_LINE, _W_LINERULE = w("spacing"), w("line"), w("lineRule")
_W_PSTYLE, _W_NUMPR, _W_NUMID, _W_ILVL = w("pStyle"), w("numPr"), w("numId"), w("ilvl")
_W_RFONTS, _W_SZ, _W_SZCS = w("rFonts"), w("sz"), w("szCs")
_W_CS, _W_RTL, _W_VANISH, _W_SPECVANISH = w("cs"), w("rtl"), w("vanish"), w("specVanish")
_W_VAL = w("val")
_W_LANG = w("lang")

TOGGLES = frozenset({"vanish"})


def _half_points(el) -> float | None:
    val = (el.get(_W_VAL) or "").strip()
    if not val:
        return None
    try:
        if val.endswith("pt"):
            hp = float(val[:-2]) * 2
        else:
            hp = float(val)
    except ValueError:
        return None
    if not (0 < hp < 10000):
        return None
    return hp


def _band(el) -> int | None:
    val = int_attr(el, _W_VAL) if el is not None else None
    return val if val is not None and 0 < val < 1000 else None


def parse_rpr(rpr) -> dict:
    """Properties set by one w:rPr element (empty dict for None)."""
    out: dict = {}
    if rpr is None:
        return out
    for child in rpr:
        tag = child.tag
        if tag == _W_RFONTS:
            for slot, plain_attr, theme_attr in _SLOTS:
                theme = child.get(theme_attr)
                if theme:
                    out[slot] = (True, theme)
                    continue
                plain = (child.get(plain_attr) or "").strip()
                if plain:
                    out[slot] = (False, plain)
            hint = child.get(_W_HINT)
            if hint:
                out["hint"] = hint
        elif tag == _W_SZ:
            hp = _half_points(child)
            if hp is not None:
                out["sz"] = hp
        elif tag == _W_SZCS:
            hp = _half_points(child)
            if hp is not None:
                out["szCs"] = hp
        elif tag == _W_CS:
            out["csflag"] = on_off(child)
        elif tag == _W_RTL:
            out["rtl"] = on_off(child)
        elif tag == _W_VANISH:
            out["vanish"] = on_off(child)
        elif tag == _W_LANG:
            if child.get(_W_EA):
                out["langEA"] = child.get(_W_EA)
            if child.get(_W_BIDI):
                out["langBidi"] = child.get(_W_BIDI)
    return out


def parse_ppr(ppr) -> dict:
    """Properties set by one w:pPr element (empty dict for None)."""
    out: dict = {}
    if ppr is None:
        return out
    for child in ppr:
        tag = child.tag
        if tag == _W_SPACING:
            line = float_attr(child, _W_LINE)
            if line is not None:
                out["line"] = line
            rule = child.get(_W_LINERULE)
            if rule:
                out["lineRule"] = rule
        elif tag == _W_PSTYLE:
            val = child.get(_W_VAL)
            if val:
                out["pStyle"] = val
        elif tag == _W_NUMPR:
            num = find_child(child, _W_NUMID)
            if num is not None and num.get(_W_VAL) is not None:
                out["numId"] = num.get(_W_VAL).strip()
            lvl = find_child(child, _W_ILVL)
            if lvl is not None:
                ilvl = int_attr(lvl, _W_VAL)
                if ilvl is not None and 0 <= ilvl <= 8:
                    out["ilvl"] = ilvl
    return out


# reader-internal records are plain slotted classes, not dataclasses: building a
# dataclass costs ~0.3 ms at every start, and these are never printed or compared
class Style:
    """One w:style with its own (unmerged) run and paragraph properties."""

    __slots__ = ("id", "type", "name", "based_on", "link", "default", "rpr", "ppr", "regions", "bands")

    def __init__(self, id: str, type: str, name: str, based_on: str | None = None, link: str | None = None,
                 default: bool = False, rpr: dict | None = None, ppr: dict | None = None):
        self.id, self.type, self.name, self.based_on, self.link = id, type, name, based_on, link
        self.default = default
        self.rpr = {} if rpr is None else rpr
        self.ppr = {} if ppr is None else ppr
        # a table style's conditional formatting (w:tblStylePr): region -> (rPr, pPr)
        self.regions: dict = {}
        self.bands: tuple = (None, None)  # w:tblStyleRowBandSize, w:tblStyleColBandSize


MAX_CHAIN = 64
# the order Word applies table style regions in, later ones winning ([MS-OI29500] 2.1.251)
REGION_ORDER = ("band1Horz", "band2Horz", "band1Vert", "band2Vert", "firstCol", "lastCol",
                "firstRow", "lastRow", "nwCell", "neCell", "swCell", "seCell")


class Styles:
    def __init__(self, root=None):
        self.defaults_r: dict = {}
        self.defaults_p: dict = {}
        self.by_id: dict[str, Style] = {}
        self._by_id_ci: dict[str, Style] = {}
        self.default_ids: dict[str, str] = {}
        self._cache: dict = {}
        if root is not None:
            self._load(root)

    def _load(self, root) -> None:
        dd = find_child(root, w("docDefaults"))
        if dd is not None:
            r = find_child(dd, w("rPrDefault"))
            if r is not None:
                self.defaults_r = parse_rpr(find_child(r, w("rPr")))
            p = find_child(dd, w("pPrDefault"))
            if p is not None:
                self.defaults_p = parse_ppr(find_child(p, w("pPr")))
                self.defaults_p.pop("pStyle", None)
        for el in find_children(root, w("style")):
            sid = el.get(w("styleId"))
            if not sid:
                continue
            stype = el.get(w("type")) or "paragraph"
            name_el = find_child(el, w("name"))
            name = (name_el.get(_W_VAL) if name_el is not None else None) or sid
            based = find_child(el, w("basedOn"))
            link = find_child(el, w("link"))
            style = Style(
                id=sid, type=stype, name=name,
                based_on=based.get(_W_VAL) if based is not None else None,
                link=link.get(_W_VAL) if link is not None else None,
                default=on_off(el, w("default")) if el.get(w("default")) is not None else False,
                rpr=parse_rpr(find_child(el, w("rPr"))),
                ppr=parse_ppr(find_child(el, w("pPr"))),
            )
            if stype == "table":
                for cond in find_children(el, w("tblStylePr")):
                    region = cond.get(w("type"))
                    rpr, ppr = parse_rpr(find_child(cond, w("rPr"))), parse_ppr(find_child(cond, w("pPr")))
                    if region == "wholeTable":  # applies to every cell, like the style itself
                        style.rpr.update(rpr)
                        style.ppr.update(ppr)
                    elif region in REGION_ORDER:
                        ppr.pop("pStyle", None)
                        style.regions[region] = (rpr, ppr)
                tblpr = find_child(el, w("tblPr"))
                if tblpr is not None:
                    style.bands = tuple(_band(find_child(tblpr, w(tag))) for tag in
                                        ("tblStyleRowBandSize", "tblStyleColBandSize"))
            style.ppr.pop("pStyle", None)
            if sid not in self.by_id:
                self.by_id[sid] = style
                self._by_id_ci.setdefault(sid.lower(), style)
            if style.default and stype not in self.default_ids:
                self.default_ids[stype] = sid

    # -- lookups ----------------------------------------------------------------
    def get(self, sid: str | None) -> Style | None:
        if not sid:
            return None
        return self.by_id.get(sid) or self._by_id_ci.get(sid.lower())

    def default(self, stype: str) -> Style | None:
        return self.get(self.default_ids.get(stype))

    def chain(self, sid: str | None) -> list[Style]:
        """The style and its basedOn ancestors, most general first (cycle-safe)."""
        key = ("chain", sid)
        if key in self._cache:
            return self._cache[key]
        out: list[Style] = []
        seen = set()
        style = self.get(sid)
        while style is not None and style.id not in seen and len(out) < MAX_CHAIN:
            seen.add(style.id)
            out.append(style)
            style = self.get(style.based_on)
        out.reverse()
        self._cache[key] = out
        return out

    def paragraph_style(self, sid: str | None) -> Style | None:
        """The effective paragraph style: the one named if it exists, else the default."""
        style = self.get(sid)
        if style is not None and style.type == "paragraph":
            return style
        return self.default("paragraph")

    def para_rpr(self, sid: str | None) -> dict:
        return self._chain_merged("rpr", sid)

    def para_ppr(self, sid: str | None) -> dict:
        return self._chain_merged("ppr", sid)

    def _chain_merged(self, attr: str, sid: str | None) -> dict:
        """`rpr` or `ppr` merged along a paragraph style's basedOn chain (cached)."""
        key = ("p" + attr, sid)
        if key not in self._cache:
            merged: dict = {}
            for style in self.chain(sid):
                merged.update(getattr(style, attr))
            self._cache[key] = merged
        return self._cache[key]

    def char_rpr(self, sid: str | None) -> dict:
        """Run properties of a character style chain (a linked paragraph style is followed to its character style)."""
        key = ("crpr", sid)
        if key not in self._cache:
            style = self.get(sid)
            if style is not None and style.type == "paragraph" and style.link:
                linked = self.get(style.link)
                if linked is not None and linked.type == "character":
                    style = linked
            merged: dict = {}
            if style is not None:
                for st in self.chain(style.id):
                    merged.update(st.rpr)
            self._cache[key] = merged
        return self._cache[key]

    def table_style(self, sid: str | None) -> Style | None:
        """The table style named, else the document's default table style."""
        style = self.get(sid)
        if style is None or style.type != "table":
            style = self.default("table")
        return style

    def table_props(self, sid: str | None, regions: tuple[str, ...] = ()) -> tuple[dict, dict]:
        """(rPr, pPr) of a table style chain for a cell in `regions` (in REGION_ORDER)."""
        key = ("tbl", sid, regions)
        if key not in self._cache:
            style = self.table_style(sid)
            chain = self.chain(style.id) if style is not None else []
            r: dict = {}
            p: dict = {}
            for st in chain:
                r.update(st.rpr)
                p.update(st.ppr)
            for region in regions:
                for st in chain:
                    rr, pp = st.regions.get(region, ({}, {}))
                    r.update(rr)
                    p.update(pp)
            p.pop("numId", None)
            p.pop("ilvl", None)
            self._cache[key] = (r, p)
        return self._cache[key]

    def table_regions_used(self, sid: str | None) -> tuple[set, tuple[int, int]]:
        """The regions a table style formats, and its row/column band sizes (default 1)."""
        style = self.table_style(sid)
        chain = self.chain(style.id) if style is not None else []
        used = {region for st in chain for region in st.regions}
        rows = next((st.bands[0] for st in reversed(chain) if st.bands[0]), 1)
        cols = next((st.bands[1] for st in reversed(chain) if st.bands[1]), 1)
        return used, (rows, cols)
