"""The smallest inputs that show a rule firing or staying quiet, kept in the rule's module
(`RuleDocs(fires=…, quiet=…)`). Plain descriptions: tests/test_rule_units.py makes the
real input from each (a source folder, a Word file written with python-docx, a PDF that
LibreOffice exports, a batch of results) and runs the rule alone on it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """A source's application.md — YAML front matter (naming its `form`) and Markdown —
    read by the real source reader."""

    text: str


@dataclass(frozen=True)
class Para:
    """A paragraph of an example Word file: its text, East Asian font, size in points and
    line height (`("exact", 20)`, `("atLeast", 20)` or `("auto", 1.5)` lines)."""

    text: str
    font: str = "標楷體"
    size: float = 14
    line: tuple[str, float] = ("exact", 20)


@dataclass(frozen=True)
class Docx:
    """A Word file of these paragraphs, checked as form `form`; with `pdf`, the PDF
    LibreOffice exports from it is checked instead."""

    form: str
    paragraphs: tuple[Para, ...]
    pdf: bool = False


@dataclass(frozen=True)
class Batch:
    """A batch: `passed` files of form `form` that passed their checks."""

    form: str
    passed: int


Example = Source | Docx | Batch
