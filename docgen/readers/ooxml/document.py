"""Walking word/document.xml into docgen.model paragraphs with effective formatting.

Reading order: body paragraphs and tables (cell paragraphs row by row, nested
tables in place), content controls, hyperlinks, smart tags and tracked
insertions included, tracked deletions left out; text-box paragraphs come
right after the paragraph that anchors them (only the mc:Choice copy of an
mc:AlternateContent is read, so a text box is never read twice).
"""

from __future__ import annotations

from ...errors import InputError
from ...model import Cell, Document, Paragraph, Span
from .fonts import font_slot, is_symbol_font, symbol_glyph
from .numbering import Numbering
from .package import Package
from .styles import REGION_ORDER, TOGGLES, Styles, parse_ppr, parse_rpr
from .theme import ThemeFonts, parse_theme, theme_font_lang
from .xml import MC_NS, V_NS, W14_NS, find_child, on_off, w

# element names --------------------------------------------------------------------------
W_BODY, W_P, W_TBL, W_TR, W_TC = w("body"), w("p"), w("tbl"), w("tr"), w("tc")
W_R, W_RPR, W_PPR, W_T, W_TAB, W_PTAB = w("r"), w("rPr"), w("pPr"), w("t"), w("tab"), w("ptab")
W_BR, W_CR, W_SYM, W_NBH = w("br"), w("cr"), w("sym"), w("noBreakHyphen")
W_SDT, W_SDTPR, W_SDTCONTENT = w("sdt"), w("sdtPr"), w("sdtContent")
W_FLDCHAR, W_DRAWING, W_PICT, W_OBJECT = w("fldChar"), w("drawing"), w("pict"), w("object")
W_RUBY, W_RUBYBASE, W_TXBX = w("ruby"), w("rubyBase"), w("txbxContent")
W_RSTYLE, W_VAL, W_DEL, W_MOVEFROM = w("rStyle"), w("val"), w("del"), w("moveFrom")
W_TBLPR, W_TBLSTYLE, W_TRPR, W_GRIDBEFORE = w("tblPr"), w("tblStyle"), w("trPr"), w("gridBefore")
W_TCPR, W_GRIDSPAN, W_VMERGE, W_FLDCHARTYPE = w("tcPr"), w("gridSpan"), w("vMerge"), w("fldCharType")
W_TBLHEADER, W_TBLLOOK = w("tblHeader"), w("tblLook")
MC_ALT, MC_CHOICE, MC_FALLBACK = ("{%s}%s" % (MC_NS, n) for n in ("AlternateContent", "Choice", "Fallback"))
W14_CHECKBOX, W14_CHECKED, W14_VAL = ("{%s}%s" % (W14_NS, n) for n in ("checkbox", "checked", "val"))

_BLOCK_WRAPPERS = {w("customXml"), w("ins"), w("moveTo"), W_SDTCONTENT}
_INLINE_WRAPPERS = {w("hyperlink"), w("smartTag"), w("customXml"), w("ins"), w("moveTo"),
                    w("fldSimple"), w("dir"), w("bdo"), W_SDTCONTENT}
_ROW_WRAPPERS = {W_SDT, W_SDTCONTENT, w("customXml"), w("ins")}

# a w:drawing is a picture when it holds one of these (a lone text box or line is not)
_PICTURE_TAGS = {
    "{http://schemas.openxmlformats.org/drawingml/2006/main}blip",
    "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic",
    "{http://schemas.openxmlformats.org/drawingml/2006/chart}chart",
    "{http://schemas.openxmlformats.org/drawingml/2006/diagram}relIds",
    "{http://schemas.microsoft.com/office/word/2010/wordprocessingGroup}wgp",
    "{http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas}wpc",
    "{http://schemas.openxmlformats.org/drawingml/2006/lockedCanvas}lockedCanvas",
    "{%s}imagedata" % V_NS,
    "{%s}group" % V_NS,
    "{urn:schemas-microsoft-com:office:office}OLEObject",
}

CHECKED, UNCHECKED = "■", "□"
_NEUTRAL = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
MAX_BOX_DEPTH = 8
DEFAULT_HALF_POINTS = 20.0  # Word's 10 pt when nothing sets a size


def _mc_branch(alt):
    """The branch of an mc:AlternateContent that is read: the first Choice, else the Fallback."""
    choice = find_child(alt, MC_CHOICE)
    if choice is not None:
        return choice
    return find_child(alt, MC_FALLBACK)


def _iter_chosen(el):
    """Descendants of el (el included), skipping mc:Fallback copies and text-box contents."""
    stack = [el]
    while stack:
        node = stack.pop()
        if node.tag == MC_FALLBACK:
            continue
        yield node
        if node.tag != W_TXBX:
            stack.extend(reversed(node))


# (hint, cs flag) -> {character: font slot}: a memo of fonts.font_slot, shared by all readers
_SLOT_TABLES: dict = {}


class Fmt:
    """Effective run formatting, resolved to font names and sizes."""

    __slots__ = ("ea", "ascii", "hansi", "cs", "size", "size_cs", "hint", "cs_all", "vanish",
                 "key_main", "key_hansi", "key_cs", "symbol", "_slots", "_slot_keys")

    def __init__(self, props: dict, themes: ThemeFonts, slot_tables: dict | None = None):
        def font(slot):
            val = props.get(slot)
            if val is None:
                return None
            is_theme, name = val
            return themes.resolve(name) if is_theme else name

        self.ea, self.ascii, self.hansi, self.cs = font("eastAsia"), font("ascii"), font("hAnsi"), font("cs")
        self.size = props.get("sz", DEFAULT_HALF_POINTS) / 2
        self.size_cs = props.get("szCs", DEFAULT_HALF_POINTS) / 2
        self.hint = props.get("hint")
        self.cs_all = bool(props.get("csflag") or props.get("rtl"))
        self.vanish = bool(props.get("vanish"))
        self.key_main = (self.ea, self.ascii if self.ascii is not None else self.hansi, self.size)
        self.key_hansi = (self.ea, self.hansi if self.hansi is not None else self.ascii, self.size)
        self.key_cs = (self.cs, self.cs, self.size_cs)
        self.symbol = is_symbol_font(self.ascii) or is_symbol_font(self.hansi)
        # a character's font slot depends only on the hint and the cs flag: formats that share
        # them share one table, so each character is classified once (per process, in a batch)
        tables = slot_tables if slot_tables is not None else {}
        table = tables.get((self.hint, self.cs_all))
        if table is None:
            table = {}
            if len(tables) < 64:  # hints come from the file: a hostile one has many
                tables[(self.hint, self.cs_all)] = table
        self._slots: dict = table
        self._slot_keys = {"cs": self.key_cs, "hAnsi": self.key_hansi, "ascii": self.key_main,
                           "eastAsia": self.key_main}

    def key(self, ch: str):
        slot = self._slots.get(ch)
        if slot is None:
            slot = font_slot(ch, self.hint, self.cs_all)
            if len(self._slots) < 20000:
                self._slots[ch] = slot
        return self._slot_keys[slot]

    def common_key(self, text: str):
        """The key every character of `text` has, or None when they differ."""
        get = self._slots.get
        slots = set(map(get, text))
        if None in slots:  # characters not classified yet: classify only those
            table = self._slots
            for ch in set(text):
                if ch not in table:
                    self.key(ch)
            slots = set(map(get, text))
            if None in slots:  # the table is full
                return None
        keys = {self._slot_keys[slot] for slot in slots}
        return keys.pop() if len(keys) == 1 else None


# reader-internal records are plain slotted classes: a dataclass costs ~0.3 ms to define at every start
class _Ctx:
    """Where the walk through the body is: table cell, table style, text boxes."""

    __slots__ = ("cell", "table_style", "regions", "in_table", "box_depth")

    def __init__(self, cell: Cell | None = None, table_style: str | None = None, regions: tuple = (),
                 in_table: bool = False, box_depth: int = 0):
        self.cell, self.table_style = cell, table_style
        self.regions = regions  # the table style regions (firstRow…) this cell is in
        self.in_table, self.box_depth = in_table, box_depth


# w:tblLook: attribute names and the bits of its older hex w:val
_LOOK_BITS = {"firstRow": 0x20, "lastRow": 0x40, "firstColumn": 0x80, "lastColumn": 0x100,
              "noHBand": 0x200, "noVBand": 0x400}


def _table_look(tblpr) -> frozenset:
    """Which table style regions the table turns on (absent: none, banding on)."""
    el = find_child(tblpr, W_TBLLOOK) if tblpr is not None else None
    if el is None:
        return frozenset()
    on = set()
    try:
        bits = int(el.get(W_VAL) or "0", 16)
    except ValueError:
        bits = 0
    for name, bit in _LOOK_BITS.items():
        attr = el.get(w(name))
        if (on_off(el, w(name)) if attr is not None else bits & bit):
            on.add(name)
    return frozenset(on)


class _TableLayout:
    """Which conditional-formatting regions of a table style a cell falls in."""

    def __init__(self, look: frozenset, rows: int, cols: int, header_rows: int, bands: tuple[int, int]):
        self.look, self.rows, self.cols = look, rows, cols
        self.header_rows = header_rows if "firstRow" in look else 0
        self.band_rows, self.band_cols = bands

    def regions(self, row: int, col: int, last_col: int, used: set) -> tuple[str, ...]:
        look = self.look
        first_row = "firstRow" in look and row <= self.header_rows
        last_row = "lastRow" in look and row == self.rows and not first_row
        first_col = "firstColumn" in look and col == 1
        last_col_ = "lastColumn" in look and last_col == self.cols
        found = set()
        if "noHBand" not in look and not first_row:
            band = (row - 1 - self.header_rows) // self.band_rows
            found.add("band1Horz" if band % 2 == 0 else "band2Horz")
        if "noVBand" not in look:
            band = (col - 1 - (1 if "firstColumn" in look else 0)) // self.band_cols
            if band >= 0:
                found.add("band1Vert" if band % 2 == 0 else "band2Vert")
        for flag, name in ((first_col, "firstCol"), (last_col_, "lastCol"), (first_row, "firstRow"),
                           (last_row, "lastRow"), (first_row and first_col, "nwCell"),
                           (first_row and last_col_, "neCell"), (last_row and first_col, "swCell"),
                           (last_row and last_col_, "seCell")):
            if flag:
                found.add(name)
        return tuple(r for r in REGION_ORDER if r in found and r in used)


class _Para:
    """What is collected while reading one paragraph's content."""

    __slots__ = ("base", "segments", "prefix", "pictures", "boxes")

    def __init__(self, base: dict):
        self.base = base
        self.segments: list = []  # [key, [text pieces]]
        self.prefix: list = []  # neutral characters before any segment
        self.pictures = 0
        self.boxes: list = []

    def add(self, text: str, fmt: Fmt) -> None:
        if not text or fmt.vanish:
            return
        key = fmt.common_key(text)
        if key is None:
            self._add_chars(text, fmt)
            return
        # the usual run: one font for all its characters, so it is added in (at most) two pieces;
        # spaces and invisible characters before the first visible one join what comes before
        segs = self.segments
        i, n = 0, len(text)
        while i < n and (text[i].isspace() or text[i] in _NEUTRAL):
            i += 1
        if i:
            (segs[-1][1] if segs else self.prefix).append(text[:i])
            if i == n:
                return
        if segs and segs[-1][0] == key:
            segs[-1][1].append(text[i:])
        else:
            segs.append([key, [text[i:]]])

    def _add_chars(self, text: str, fmt: Fmt) -> None:
        """A run whose characters fall in different font slots: split character by character."""
        segs = self.segments
        for ch in text:
            if ch.isspace() or ch in _NEUTRAL:
                if segs:
                    segs[-1][1].append(ch)
                else:
                    self.prefix.append(ch)
                continue
            key = fmt.key(ch)
            if segs and segs[-1][0] == key:
                segs[-1][1].append(ch)
            else:
                segs.append([key, [ch]])

    def text(self) -> str:
        return "".join(self.prefix) + "".join("".join(chars) for _, chars in self.segments)

    def spans(self) -> list[Span]:
        out = []
        for i, (key, chars) in enumerate(self.segments):
            text = "".join(chars)
            if i == 0 and self.prefix:
                text = "".join(self.prefix) + text
            font, latin, size = key
            out.append(Span(text=text, font=font, font_latin=latin, size=size))
        return out


def _line_spacing(props: dict) -> tuple[str, float]:
    line = props.get("line")
    rule = (props.get("lineRule") or "auto").strip().lower()
    if line is None and "lineRule" not in props:
        return "auto", 1.0
    if line is None:
        line = 240.0
    line = abs(line)
    if rule in ("exact", "exactly"):
        return "exact", round(line / 20, 4)
    if rule == "atleast":
        return "atLeast", round(line / 20, 4)
    return "auto", round(line / 240, 4)


def _part_or_default(pkg: Package, main: str, kind: str, default: str) -> str | None:
    part = pkg.related(main, kind)
    if part is None and pkg.has(default):
        part = default
    return part


class DocxReader:
    def __init__(self, pkg: Package):
        self.pkg = pkg
        main = pkg.main_part()
        root = pkg.xml(main)
        if root is None:
            raise InputError("docx.no_document")
        if root.tag != w("document"):
            raise InputError("docx.not_docx")
        self.root = root
        folder = main.rsplit("/", 1)[0] if "/" in main else ""
        prefix = folder + "/" if folder else ""

        def load(kind, default):
            part = _part_or_default(pkg, main, kind, prefix + default)
            return pkg.xml(part) if part else None

        self.styles = Styles(load("styles", "styles.xml"))
        self.numbering = Numbering(load("numbering", "numbering.xml"), self.styles)
        theme = parse_theme(load("theme", "theme/theme1.xml"))
        ea_lang, bidi_lang = theme_font_lang(load("settings", "settings.xml"))
        self.themes = ThemeFonts(
            theme,
            ea_lang or self.styles.defaults_r.get("langEA"),
            bidi_lang or self.styles.defaults_r.get("langBidi"),
        )
        self.paragraphs: list[Paragraph] = []
        self.tables = 0
        self._fmt_cache: dict = {}
        self._slot_tables = _SLOT_TABLES
        self._base_cache: dict = {}
        self._run_cache: dict = {}
        self._ppr_cache: dict = {}
        self._line_cache: dict = {}

    # -- formatting -----------------------------------------------------------------------
    def fmt(self, props: dict) -> Fmt:
        key = tuple(sorted(props.items()))
        fmt = self._fmt_cache.get(key)
        if fmt is None:
            fmt = self._fmt_cache[key] = Fmt(props, self.themes, self._slot_tables)
        return fmt

    def base_rpr(self, ctx: _Ctx, style_id: str | None) -> dict:
        """docDefaults -> table style -> paragraph style chain."""
        key = (ctx.in_table, ctx.table_style, ctx.regions, style_id)
        base = self._base_cache.get(key)
        if base is None:
            base = dict(self.styles.defaults_r)
            if ctx.in_table:
                base.update(self.styles.table_props(ctx.table_style, ctx.regions)[0])
            base.update(self.styles.para_rpr(style_id))
            self._base_cache[key] = base
        return base

    def run_fmt(self, rpr_el, base: dict) -> Fmt:
        if rpr_el is None:
            return self.fmt(base)
        rstyle = find_child(rpr_el, W_RSTYLE)
        style_id = rstyle.get(W_VAL) if rstyle is not None else None
        own = parse_rpr(rpr_el)
        # a document repeats a few run formats over and over: merging them with the
        # paragraph's and the character style's is done once for each
        key = (id(base), style_id, tuple(own.items()))
        hit = self._run_cache.get(key)
        if hit is not None and hit[0] is base:
            return hit[1]
        props = dict(base)
        if style_id:
            char = self.styles.char_rpr(style_id)
            props.update(char)
            # toggle properties (ECMA-376 17.7.3): a character style's `on` flips the
            # value the paragraph level gave, `off` leaves it; direct formatting is absolute
            for name in TOGGLES.intersection(char):
                props[name] = bool(base.get(name)) ^ bool(char[name])
        props.update(own)
        fmt = self.fmt(props)
        if len(self._run_cache) < 4096:  # a hostile file's every run different: bounded
            self._run_cache[key] = (base, fmt)
        return fmt

    # -- reading --------------------------------------------------------------------------
    def read(self, path: str) -> Document:
        for body in self.root.iter(W_BODY):
            self.block(body, _Ctx())
        return Document(path=path, kind="docx", paragraphs=self.paragraphs, notes=list(self.pkg.notes))

    def block(self, container, ctx: _Ctx) -> None:
        for child in container:
            tag = child.tag
            if tag == W_P:
                self.paragraph(child, ctx)
            elif tag == W_TBL:
                self.table(child, ctx)
            elif tag == W_SDT:
                content = find_child(child, W_SDTCONTENT)
                if content is not None:
                    self.block(content, ctx)
            elif tag in _BLOCK_WRAPPERS:
                self.block(child, ctx)
            elif tag == MC_ALT:
                branch = _mc_branch(child)
                if branch is not None:
                    self.block(branch, ctx)

    def _rows(self, tbl):
        for child in tbl:
            if child.tag == W_TR:
                yield child
            elif child.tag in _ROW_WRAPPERS:
                yield from self._rows(child)

    def _cells(self, tr):
        for child in tr:
            if child.tag == W_TC:
                yield child
            elif child.tag in _ROW_WRAPPERS:
                yield from self._cells(child)

    def table(self, tbl, ctx: _Ctx) -> None:
        self.tables += 1
        number = self.tables
        style_id = None
        tblpr = find_child(tbl, W_TBLPR)
        if tblpr is not None:
            st = find_child(tblpr, W_TBLSTYLE)
            if st is not None:
                style_id = st.get(W_VAL)
        cells = []  # (row, tc, first column, last column)
        rows = header_rows = 0  # header rows: the first row and repeated header rows after it
        for row_no, tr in enumerate(self._rows(tbl), start=1):
            rows = row_no
            col = 1
            trpr = find_child(tr, W_TRPR)
            header = row_no == 1
            if trpr is not None:
                gb = find_child(trpr, W_GRIDBEFORE)
                if gb is not None:
                    col += _bounded_int(gb.get(W_VAL), 0)
                hd = find_child(trpr, W_TBLHEADER)
                header = header or (hd is not None and on_off(hd))
            if header and header_rows == row_no - 1:
                header_rows = row_no
            for tc in self._cells(tr):
                span, continuation = 1, False
                tcpr = find_child(tc, W_TCPR)
                if tcpr is not None:
                    gs = find_child(tcpr, W_GRIDSPAN)
                    if gs is not None:
                        span = max(1, _bounded_int(gs.get(W_VAL), 1))
                    vm = find_child(tcpr, W_VMERGE)
                    if vm is not None and (vm.get(W_VAL) or "continue") == "continue":
                        continuation = True
                if not continuation:
                    cells.append((row_no, tc, col, col + span - 1))
                col += span
        used, bands = self.styles.table_regions_used(style_id)
        layout = None
        if used:
            layout = _TableLayout(_table_look(tblpr), rows, max((c[3] for c in cells), default=1),
                                  header_rows, bands)
        for row_no, tc, col, last in cells:
            regions = layout.regions(row_no, col, last, used) if layout else ()
            cell_ctx = _Ctx(cell=Cell(number, row_no, col), table_style=style_id, regions=regions,
                            in_table=True, box_depth=ctx.box_depth)
            self.block(tc, cell_ctx)

    def _para_props(self, ppr_el) -> tuple:
        """(a key, direct properties, style id, style name, style chain's pPr) of a paragraph's
        w:pPr; a document repeats a few, so the style lookups are done once for each."""
        direct = parse_ppr(ppr_el)
        key = tuple(direct.items())
        hit = self._ppr_cache.get(key)
        if hit is None:
            styles = self.styles
            style = styles.paragraph_style(direct.get("pStyle"))
            style_id = style.id if style is not None else None
            style_name = style.name if style is not None else direct.get("pStyle")
            hit = (key, direct, style_id, style_name, styles.para_ppr(style_id))
            if len(self._ppr_cache) < 4096:  # bounded, whatever a hostile file holds
                self._ppr_cache[key] = hit
        return hit

    def _line(self, ctx: _Ctx, level, ppr_key: tuple, direct: dict, style_ppr: dict) -> tuple[str, float]:
        """Line spacing from defaults -> table style -> numbering -> style chain -> direct."""
        key = (ctx.in_table, ctx.table_style, ctx.regions, level, ppr_key)
        hit = self._line_cache.get(key)
        if hit is None:
            styles = self.styles
            merged = dict(styles.defaults_p)
            if ctx.in_table:
                merged.update(styles.table_props(ctx.table_style, ctx.regions)[1])
            if level is not None:
                merged.update(level.ppr)
            merged.update(style_ppr)
            merged.update(direct)
            hit = _line_spacing(merged)
            if len(self._line_cache) < 4096:
                self._line_cache[key] = hit
        return hit

    def paragraph(self, p, ctx: _Ctx) -> None:
        styles = self.styles
        ppr_el = find_child(p, W_PPR)
        ppr_key, direct, style_id, style_name, style_ppr = self._para_props(ppr_el)

        base = self.base_rpr(ctx, style_id)
        para = _Para(base=base)
        self.inline(p, para)
        mark_rpr = find_child(ppr_el, W_RPR) if ppr_el is not None else None
        if (mark_rpr is not None and not para.segments and not para.pictures and not para.boxes
                and (find_child(mark_rpr, W_DEL) is not None or find_child(mark_rpr, W_MOVEFROM) is not None)):
            return  # a paragraph deleted with tracked changes: gone in the final view

        # automatic numbering
        marker, level = None, None
        num_id = direct.get("numId", style_ppr.get("numId"))
        if num_id and num_id != "0":
            ilvl = direct.get("ilvl", style_ppr.get("ilvl"))
            if ilvl is None:
                ilvl = self.numbering.level_for_style(num_id, style_id) or 0
            res = self.numbering.advance(num_id, ilvl)
            if res is not None:
                marker, level = res

        line_rule, line_value = self._line(ctx, level, ppr_key, direct, style_ppr)

        spans = para.spans()
        if marker and level is not None:
            mark_props = dict(base)
            if mark_rpr is not None:
                rstyle = find_child(mark_rpr, W_RSTYLE)
                if rstyle is not None and rstyle.get(W_VAL):
                    mark_props.update(styles.char_rpr(rstyle.get(W_VAL)))
                mark_props.update(parse_rpr(mark_rpr))
            mark_props.update(level.rpr)
            mfmt = self.fmt(mark_props)
            if mfmt.symbol:
                # a bullet drawn from a symbol font (often a Wingdings box: a list of check boxes)
                marker = self._symbol_text(marker, mfmt)
            if any(font_slot(ch) == "eastAsia" for ch in marker):
                key = mfmt.key_main
                spans.insert(0, Span(text=marker, font=key[0], font_latin=key[1], size=key[2]))

        self.paragraphs.append(Paragraph(
            index=len(self.paragraphs) + 1,
            text=para.text(),
            spans=spans,
            line_rule=line_rule,
            line_value=line_value,
            style=style_name,
            marker=marker or None,
            marker_auto=bool(marker),
            cell=ctx.cell,
            pictures=para.pictures,
        ))
        if para.boxes and ctx.box_depth < MAX_BOX_DEPTH:
            box_ctx = _Ctx(box_depth=ctx.box_depth + 1)
            for box in para.boxes:
                self.block(box, box_ctx)

    # -- run-level content ----------------------------------------------------------------
    def inline(self, container, para: _Para) -> None:
        for child in container:
            tag = child.tag
            if tag == W_R:
                fmt = self.run_fmt(find_child(child, W_RPR), para.base)
                self.run_content(child, fmt, para)
            elif tag in _INLINE_WRAPPERS:
                self.inline(child, para)
            elif tag == W_SDT:
                self.inline_sdt(child, para)
            elif tag == MC_ALT:
                branch = _mc_branch(child)
                if branch is not None:
                    self.inline(branch, para)

    def inline_sdt(self, sdt, para: _Para) -> None:
        content = find_child(sdt, W_SDTCONTENT)
        sdtpr = find_child(sdt, W_SDTPR)
        box = find_child(sdtpr, W14_CHECKBOX) if sdtpr is not None else None
        if box is None:
            if content is not None:
                self.inline(content, para)
            return
        checked_el = find_child(box, W14_CHECKED)
        checked = checked_el is not None and on_off(checked_el, W14_VAL)
        first_run = next(content.iter(W_R), None) if content is not None else None
        fmt = self.run_fmt(find_child(first_run, W_RPR) if first_run is not None else None, para.base)
        if fmt.vanish:
            fmt = self.fmt({**para.base, "vanish": False})
        para.add(CHECKED if checked else UNCHECKED, fmt)

    def run_content(self, run, fmt: Fmt, para: _Para) -> None:
        if fmt.vanish:
            return
        for child in run:
            tag = child.tag
            if tag == W_T:
                text = child.text
                if text:
                    if fmt.symbol:
                        text = self._symbol_text(text, fmt)
                    para.add(text, fmt)
            elif tag == W_TAB or tag == W_PTAB:
                para.add("\t", fmt)
            elif tag == W_BR or tag == W_CR:
                para.add("\n", fmt)
            elif tag == W_SYM:
                para.add(self._sym(child), fmt)
            elif tag == W_NBH:
                para.add("\u2011", fmt)
            elif tag == W_FLDCHAR:
                if child.get(W_FLDCHARTYPE) == "begin":
                    glyph = _legacy_checkbox(child)
                    if glyph:
                        para.add(glyph, fmt)
            elif tag == W_DRAWING or tag == W_PICT or tag == W_OBJECT:
                self.graphic(child, para)
            elif tag == MC_ALT:
                branch = _mc_branch(child)
                if branch is not None:
                    self.run_content(branch, fmt, para)
            elif tag == W_RUBY:
                base = find_child(child, W_RUBYBASE)
                if base is not None:
                    self.inline(base, para)

    @staticmethod
    def _sym(el) -> str:
        try:
            code = int((el.get(w("char")) or "").strip(), 16)
        except ValueError:
            return ""
        glyph = symbol_glyph(code, el.get(w("font")))
        if glyph:
            return glyph
        if 0 < code < 0x110000 and not 0xD800 <= code <= 0xDFFF:
            return chr(code)
        return ""

    @staticmethod
    def _symbol_text(text: str, fmt: Fmt) -> str:
        out = []
        for ch in text:
            slot = font_slot(ch, fmt.hint, fmt.cs_all)
            font = fmt.ascii if slot == "ascii" else fmt.hansi if slot == "hAnsi" else None
            out.append(symbol_glyph(ord(ch), font) or ch)
        return "".join(out)

    def graphic(self, el, para: _Para) -> None:
        picture = el.tag == W_OBJECT
        for node in _iter_chosen(el):
            tag = node.tag
            if tag in _PICTURE_TAGS:
                picture = True
            elif tag == W_TXBX:
                para.boxes.append(node)
        if picture:
            para.pictures += 1


def _legacy_checkbox(fld) -> str | None:
    """A FORMCHECKBOX legacy form field draws a box: ■ when checked, □ when not."""
    ff = find_child(fld, w("ffData"))
    if ff is None:
        return None
    box = find_child(ff, w("checkBox"))
    if box is None:
        return None
    checked = find_child(box, w("checked"))
    if checked is not None:
        state = on_off(checked)
    else:
        default = find_child(box, w("default"))
        state = on_off(default) if default is not None else False
    return CHECKED if state else UNCHECKED


def _bounded_int(val, default: int) -> int:
    try:
        n = int(val)
    except (TypeError, ValueError):
        return default
    return min(max(n, 0), 1000)
