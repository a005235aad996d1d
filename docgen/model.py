"""The one document model every reader produces and every rule reads.

A source folder, a DOCX, a PDF and an ODT are each read into a `Document`:
plain records you can print and compare (`records.Record`: repr, ==,
`replace`, `as_dict`). Readers own their format's knowledge; rules only see
this model.
"""

from __future__ import annotations

from typing import Literal, Optional

from .records import Record

Role = Literal["title", "body", "instruction", "boilerplate"]
Severity = Literal["error", "warning", "info"]
LineRule = Literal["exact", "atLeast", "auto"]


class Cell(Record):
    """Where a paragraph sits in a table (all 1-based). Never changed: a dict key."""

    __slots__ = ("table", "row", "col")

    def __init__(self, table: int, row: int, col: int):
        self.table, self.row, self.col = table, row, col

    def __hash__(self) -> int:
        return hash((self.table, self.row, self.col))


class Span(Record):
    """A stretch of text with one effective format (a run, or a PDF line piece).

    `font` is the effective East Asian font for CJK text; `font_latin` the one
    used for half-width Latin/digits. `None` means "unknown" (e.g. source text,
    which has no formatting until it is built).
    """

    __slots__ = ("text", "font", "font_latin", "size", "embedded_font", "page")

    def __init__(self, text: str, font: Optional[str] = None, font_latin: Optional[str] = None,
                 size: Optional[float] = None, embedded_font: Optional[str] = None, page: Optional[int] = None):
        self.text, self.font, self.font_latin = text, font, font_latin
        self.size = size  # points
        # PDF only: the font name really embedded, and the page the span is on
        self.embedded_font, self.page = embedded_font, page


class Paragraph(Record):
    """One paragraph (or table-cell paragraph) in reading order."""

    __slots__ = ("index", "text", "spans", "line_rule", "line_value", "line_pitches", "style", "marker",
                 "marker_auto", "cell", "page", "source_line", "pictures", "part", "section", "role",
                 "in_narrative", "level", "outline")

    def __init__(self, index: int, text: str, spans: Optional[list[Span]] = None,
                 line_rule: Optional[LineRule] = None, line_value: Optional[float] = None,
                 line_pitches: Optional[list[float]] = None, style: Optional[str] = None,
                 marker: Optional[str] = None, marker_auto: bool = False, cell: Optional[Cell] = None,
                 page: Optional[int] = None, source_line: Optional[int] = None, pictures: int = 0,
                 part: Optional[str] = None, section: Optional[str] = None, role: Optional[Role] = None,
                 in_narrative: bool = False, level: Optional[int] = None, outline: Optional[object] = None):
        self.index = index  # 1-based position in the document's reading order
        self.text = text
        self.spans = [] if spans is None else spans
        # formatting (None = unknown / not applicable)
        self.line_rule = line_rule
        self.line_value = line_value  # points for exact/atLeast, multiple for auto
        # PDF: measured line heights (baseline distances)
        self.line_pitches = [] if line_pitches is None else line_pitches
        self.style = style
        # numbering: the marker as displayed (typed or produced by Word numbering)
        self.marker = marker
        self.marker_auto = marker_auto  # produced by automatic numbering
        # where it is
        self.cell, self.page, self.source_line = cell, page, source_line
        self.pictures = pictures  # inline pictures in the paragraph
        # set by the structuring step (docgen.structure) from the form profile
        self.part = part
        self.section = section  # level-1 numeral of the enclosing section, e.g. "貳"
        self.role = role
        self.in_narrative = in_narrative  # inside the counted, author-numbered narrative
        self.level = level  # numbering level 1..5 when the paragraph has a marker
        self.outline = outline  # its text.numbering.Marker as a level of the outline

    @property
    def full_text(self) -> str:
        """Text as a reader sees it, with an automatic marker in front."""
        if self.marker and self.marker_auto:
            return self.marker + self.text
        return self.text


class FieldValue(Record):
    """A filled-in field of the form (a table box, or a front-matter key)."""

    __slots__ = ("key", "text", "paragraph", "cell", "source_line", "options", "pictures")

    def __init__(self, key: str, text: str, paragraph: Optional[int] = None, cell: Optional[Cell] = None,
                 source_line: Optional[int] = None, options: Optional[dict[str, bool]] = None, pictures: int = 0):
        self.key = key
        self.text = text  # the value as written ("" when empty)
        self.paragraph = paragraph  # index of the paragraph holding it
        self.cell, self.source_line = cell, source_line
        self.options = {} if options is None else options  # for choice fields: option -> ticked?
        self.pictures = pictures  # for picture fields: how many pictures the box holds


class Document(Record):
    """One input read into the model: paragraphs in reading order and the filled-in fields."""

    __slots__ = ("path", "kind", "paragraphs", "fields", "form", "has_formatting", "embedded_fonts",
                 "award_year", "notes", "inputs")

    def __init__(self, path: str, kind: Literal["source", "docx", "pdf", "odt"],
                 paragraphs: Optional[list[Paragraph]] = None, fields: Optional[dict[str, FieldValue]] = None,
                 form: Optional[str] = None, has_formatting: bool = True,
                 embedded_fonts: Optional[list[str]] = None, award_year: Optional[int] = None,
                 notes: Optional[list[str]] = None, inputs: Optional[list[str]] = None):
        self.path, self.kind = path, kind
        self.paragraphs = [] if paragraphs is None else paragraphs
        self.fields = {} if fields is None else fields
        self.form = form  # profile id once known
        self.has_formatting = has_formatting  # False for sources: formatting rules do not apply
        self.embedded_fonts = [] if embedded_fonts is None else embedded_fonts  # PDF
        self.award_year = award_year  # from the source front matter, if any
        self.notes = [] if notes is None else notes  # reader remarks (e.g. macros present)
        # files read besides `path` (an output may not replace them)
        self.inputs = [] if inputs is None else inputs


class Location(Record):
    """Where a finding is, in words a person can act on (part, section, paragraph, cell, page).

    `paragraph`/`paragraph_end` use the one numbering every report shows: the position among
    the non-empty paragraphs of the enclosing section (or part). `order`/`order_end` are the
    paragraphs' places in the document's reading order, for tools that draw on pages.
    """

    __slots__ = ("part", "section", "paragraph", "page", "line", "cell", "excerpt", "heading", "paragraph_end",
                 "cell_end", "order", "order_end")

    def __init__(self, part: Optional[str] = None, section: Optional[str] = None, paragraph: Optional[int] = None,
                 page: Optional[int] = None, line: Optional[int] = None, cell: Optional[str] = None,
                 excerpt: str = "", heading: Optional[str] = None, paragraph_end: Optional[int] = None,
                 cell_end: Optional[str] = None, order: Optional[int] = None, order_end: Optional[int] = None):
        self.part, self.section, self.paragraph, self.page, self.line = part, section, paragraph, page, line
        self.cell, self.excerpt = cell, excerpt
        self.heading = heading  # the section's heading as written, e.g. 「貳、服務內容」
        self.paragraph_end, self.cell_end, self.order, self.order_end = paragraph_end, cell_end, order, order_end

    def place(self) -> str:
        """Cell, section paragraph, heading or part paragraph — what a finding's message names."""
        from . import i18n
        if self.cell and self.paragraph is None and not self.heading:
            return i18n.t("where.cells", first=self.cell, last=self.cell_end) if self.cell_end else self.cell
        n = self.paragraph_range()
        if self.heading or self.section:
            heading = self.heading or self.section
            if self.paragraph is not None:
                return i18n.t("where.section_para", section=heading, n=n)
            if self.paragraph_end:
                return i18n.t("where.heading_paras", section=heading,
                              n="1" if self.paragraph_end == 1 else f"1–{self.paragraph_end}")
            return i18n.t("where.heading", section=heading)
        if self.paragraph is not None:
            return i18n.t("where.paragraph", part=self.part or "", n=n)
        return ""

    def paragraph_range(self) -> str:
        if self.paragraph is None:
            return ""
        if self.paragraph_end and self.paragraph_end != self.paragraph:
            return f"{self.paragraph}–{self.paragraph_end}"
        return str(self.paragraph)

    def bits(self, said: str = "") -> list[str]:
        """The location's pieces (part, place, page, line, excerpt) less what `said` already tells."""
        from . import i18n
        place = self.place()
        out = []
        if self.part and self.part not in place:
            out.append(i18n.quote(self.part) if i18n.get_lang() == "en" else self.part)
        out.append(place)
        if self.cell and self.cell not in place:
            out.append(self.cell)
        if self.page:
            out.append(i18n.t("loc.page", page=self.page))
        if self.line:
            out.append(i18n.t("loc.line", line=self.line))
        if self.excerpt and self.excerpt not in place:
            out.append(i18n.t("loc.excerpt", excerpt=self.excerpt))
        return [b for b in out if b and b not in said]

    def public(self) -> dict:
        """The location as reports export it (JSON, SARIF): the fields and the formatted string."""
        return {"part": self.part, "section": self.section, "heading": self.heading,
                "paragraph": self.paragraph, "paragraph_end": self.paragraph_end, "page": self.page,
                "line": self.line, "cell": self.cell, "cell_end": self.cell_end, "excerpt": self.excerpt,
                "text": self.describe()}

    def describe(self, said: str = "") -> str:
        """The one where-string of every report: part, place, page, line, excerpt — less what
        `said` (the finding's message) already tells."""
        from . import i18n
        return (", " if i18n.get_lang() == "en" else "，").join(self.bits(said))


class Finding(Record):
    """One problem a rule found: rule id, severity, message, expected/actual and where."""

    __slots__ = ("rule", "severity", "message", "expected", "actual", "location", "hint")

    def __init__(self, rule: str, severity: Severity, message: str, expected: Optional[str] = None,
                 actual: Optional[str] = None, location: Optional[Location] = None, hint: Optional[str] = None):
        self.rule, self.severity, self.message, self.expected, self.actual = rule, severity, message, expected, actual
        self.location = Location() if location is None else location
        self.hint = hint

    def to_dict(self) -> dict:
        return self.as_dict()

    def with_location(self) -> str:
        """The message and the rest of its location (what the message does not already say)."""
        from . import i18n
        where = self.location.describe(self.message)
        return self.message + i18n.paren(where) if where else self.message


class FileResult(Record):
    """The outcome for one input: its findings and figures, or why it could not be read."""

    __slots__ = ("path", "form", "error", "error_kind", "stats", "findings", "skipped", "info", "inputs")

    def __init__(self, path: str, form: Optional[str] = None, error: Optional[str] = None,
                 error_kind: Optional[str] = None, stats: Optional[dict] = None,
                 findings: Optional[list[Finding]] = None, skipped: Optional[list[str]] = None,
                 info: Optional[dict] = None, inputs: Optional[list[str]] = None):
        self.path, self.form, self.error = path, form, error
        self.error_kind = error_kind  # "input" (exit 2) or "internal" (docgen failed, exit 3)
        self.stats = {} if stats is None else stats
        self.findings = [] if findings is None else findings
        self.skipped = [] if skipped is None else skipped  # rules that do not apply to this input
        # the form's own answers for the batch summary (agency, category, name)
        self.info = {} if info is None else info
        self.inputs = [] if inputs is None else inputs  # every file read for it (source, pictures, config)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def passed(self, strict: bool = False) -> bool:
        if self.error:
            return False
        return self.errors == 0 and (not strict or self.warnings == 0)


def excerpt(text: str, width: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
