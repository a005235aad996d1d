"""The smallest inputs that show a rule firing or staying quiet, kept in the rule's module
(`RuleDocs(fires=…, quiet=…)`). Plain descriptions: tests/test_rule_units.py makes the
real input from each (a source folder, a Word file written with python-docx, a PDF that
LibreOffice exports, a batch of results) and runs the rule alone on it.

Immutable named tuples rather than frozen dataclasses: every rule module builds its
examples at import, on every check, and a frozen dataclass costs ~0.8 ms to create
against ~0.1 ms for a named tuple."""

from __future__ import annotations

from typing import NamedTuple


class Source(NamedTuple):
    """A source's application.md — YAML front matter (naming its `form`) and Markdown —
    read by the real source reader."""

    text: str


class Para(NamedTuple):
    """A paragraph of an example Word file: its text, East Asian font, size in points and
    line height (`("exact", 20)`, `("atLeast", 20)` or `("auto", 1.5)` lines)."""

    text: str
    font: str = "標楷體"
    size: float = 14
    line: tuple[str, float] = ("exact", 20)


class Docx(NamedTuple):
    """A Word file of these paragraphs, checked as form `form`; with `pdf`, the PDF
    LibreOffice exports from it is checked instead."""

    form: str
    paragraphs: tuple[Para, ...]
    pdf: bool = False


class Batch(NamedTuple):
    """A batch: `passed` files of form `form` that passed their checks."""

    form: str
    passed: int


Example = Source | Docx | Batch
