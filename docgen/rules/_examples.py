"""The smallest inputs that show a rule firing or staying quiet, kept in the rule's module
(`RuleDocs(fires=…, quiet=…)`). Plain descriptions: tests/test_rule_units.py makes the
real input from each (a source folder, a Word file written with python-docx, a PDF that
LibreOffice exports, a batch of results) and runs the rule alone on it.

Immutable named tuples rather than frozen dataclasses: every rule module builds its
examples at import, on every check, and a frozen dataclass costs ~0.8 ms to create
against ~0.1 ms for a named tuple."""

from __future__ import annotations

from collections import namedtuple


class Source(namedtuple("Source", "text")):
    """A source's application.md — YAML front matter (naming its `form`) and Markdown —
    read by the real source reader."""

    __slots__ = ()

    # fields:
    #   text: str


class Para(namedtuple("Para", "text font size line", defaults=("標楷體", 14, ("exact", 20)))):
    """A paragraph of an example Word file: its text, East Asian font, size in points and
    line height (`("exact", 20)`, `("atLeast", 20)` or `("auto", 1.5)` lines)."""

    __slots__ = ()

    # fields:
    #   text: str
    #   font: str = "標楷體"
    #   size: float = 14
    #   line: tuple[str, float] = ("exact", 20)


class Docx(namedtuple("Docx", "form paragraphs pdf", defaults=(False,))):
    """A Word file of these paragraphs, checked as form `form`; with `pdf`, the PDF
    LibreOffice exports from it is checked instead."""

    __slots__ = ()

    # fields:
    #   form: str
    #   paragraphs: tuple[Para, ...]
    #   pdf: bool = False


class Batch(namedtuple("Batch", "form passed")):
    """A batch: `passed` files of form `form` that passed their checks."""

    __slots__ = ()

    # fields:
    #   form: str
    #   passed: int


Example = Source | Docx | Batch
