"""The one document model every reader produces and every rule reads.

A source folder, a DOCX, a PDF and an ODT are each read into a `Document`:
plain dataclasses you can print and compare. Readers own their format's
knowledge; rules only see this model.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal, Optional

Role = Literal["title", "body", "instruction", "boilerplate"]
Severity = Literal["error", "warning", "info"]
LineRule = Literal["exact", "atLeast", "auto"]


@dataclass(frozen=True)
class Cell:
    """Where a paragraph sits in a table (all 1-based)."""

    table: int
    row: int
    col: int


@dataclass
class Span:
    """A stretch of text with one effective format (a run, or a PDF line piece).

    `font` is the effective East Asian font for CJK text; `font_latin` the one
    used for half-width Latin/digits. `None` means "unknown" (e.g. source text,
    which has no formatting until it is built).
    """

    text: str
    font: Optional[str] = None
    font_latin: Optional[str] = None
    size: Optional[float] = None  # points
    # PDF only: the font name really embedded, and the page the span is on
    embedded_font: Optional[str] = None
    page: Optional[int] = None


@dataclass
class Paragraph:
    """One paragraph (or table-cell paragraph) in reading order."""

    index: int  # 1-based position in the document's reading order
    text: str
    spans: list[Span] = field(default_factory=list)
    # formatting (None = unknown / not applicable)
    line_rule: Optional[LineRule] = None
    line_value: Optional[float] = None  # points for exact/atLeast, multiple for auto
    line_pitches: list[float] = field(default_factory=list)  # PDF: measured line heights (baseline distances)
    style: Optional[str] = None
    # numbering: the marker as displayed (typed or produced by Word numbering)
    marker: Optional[str] = None
    marker_auto: bool = False  # produced by automatic numbering
    # where it is
    cell: Optional[Cell] = None
    page: Optional[int] = None
    source_line: Optional[int] = None
    pictures: int = 0  # inline pictures in the paragraph
    # set by the structuring step (docgen.structure) from the form profile
    part: Optional[str] = None
    section: Optional[str] = None  # level-1 numeral of the enclosing section, e.g. "貳"
    role: Optional[Role] = None
    in_narrative: bool = False  # inside the counted, author-numbered narrative
    level: Optional[int] = None  # numbering level 1..5 when the paragraph has a marker
    outline: Optional[object] = None  # its text.numbering.Marker as a level of the outline

    @property
    def full_text(self) -> str:
        """Text as a reader sees it, with an automatic marker in front."""
        if self.marker and self.marker_auto:
            return self.marker + self.text
        return self.text


@dataclass
class FieldValue:
    """A filled-in field of the form (a table box, or a front-matter key)."""

    key: str
    text: str  # the value as written ("" when empty)
    paragraph: Optional[int] = None  # index of the paragraph holding it
    cell: Optional[Cell] = None
    source_line: Optional[int] = None
    # for choice fields: option -> ticked?
    options: dict[str, bool] = field(default_factory=dict)
    # for picture fields: how many pictures the box holds
    pictures: int = 0


@dataclass
class Document:
    """One input read into the model: paragraphs in reading order and the filled-in fields."""

    path: str
    kind: Literal["source", "docx", "pdf", "odt"]
    paragraphs: list[Paragraph] = field(default_factory=list)
    fields: dict[str, FieldValue] = field(default_factory=dict)
    form: Optional[str] = None  # profile id once known
    has_formatting: bool = True  # False for sources: formatting rules do not apply
    embedded_fonts: list[str] = field(default_factory=list)  # PDF
    award_year: Optional[int] = None  # from the source front matter, if any
    notes: list[str] = field(default_factory=list)  # reader remarks (e.g. macros present)
    inputs: list[str] = field(default_factory=list)  # files read besides `path` (an output may not replace them)


@dataclass
class Location:
    """Where a finding is, in words a person can act on (part, section, paragraph, cell, page).

    `paragraph`/`paragraph_end` use the one numbering every report shows: the position among
    the non-empty paragraphs of the enclosing section (or part). `order`/`order_end` are the
    paragraphs' places in the document's reading order, for tools that draw on pages.
    """

    part: Optional[str] = None
    section: Optional[str] = None
    paragraph: Optional[int] = None
    page: Optional[int] = None
    line: Optional[int] = None
    cell: Optional[str] = None
    excerpt: str = ""
    heading: Optional[str] = None  # the section's heading as written, e.g. 「貳、服務內容」
    paragraph_end: Optional[int] = None
    cell_end: Optional[str] = None
    order: Optional[int] = None
    order_end: Optional[int] = None

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


@dataclass
class Finding:
    """One problem a rule found: rule id, severity, message, expected/actual and where."""

    rule: str
    severity: Severity
    message: str
    expected: Optional[str] = None
    actual: Optional[str] = None
    location: Location = field(default_factory=Location)
    hint: Optional[str] = None

    def to_dict(self) -> dict:
        return asdict(self)

    def with_location(self) -> str:
        """The message and the rest of its location (what the message does not already say)."""
        from . import i18n
        where = self.location.describe(self.message)
        return self.message + i18n.paren(where) if where else self.message


@dataclass
class FileResult:
    """The outcome for one input: its findings and figures, or why it could not be read."""

    path: str
    form: Optional[str] = None
    error: Optional[str] = None
    error_kind: Optional[str] = None  # "input" (exit 2) or "internal" (docgen failed, exit 3)
    stats: dict = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # rules that do not apply to this input
    info: dict = field(default_factory=dict)  # the form's own answers for the batch summary (agency, category, name)
    inputs: list[str] = field(default_factory=list)  # every file read for it (source, pictures, config)

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
