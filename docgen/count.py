"""`docgen count`: Word's 字數 of a form's counted scope, or of text on standard input.

A 承辦人 pastes a draft (`docgen count -`) or points at a source, DOCX, PDF or
ODT; the figures are the ones `char-limit` compares with the form's limit.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from . import i18n
from .errors import DocgenError, InputError

STDIN_CAP = 16 * 1024 * 1024  # a pasted draft is a few kB


@dataclass
class Figures:
    """What `docgen count` reports: the three counts, the form's limit and the sections."""

    word: int
    chars: int
    han: int
    limit: Optional[int] = None
    policy: str = "word"
    sections: dict = field(default_factory=dict)  # numeral -> count under `policy`
    headings: dict = field(default_factory=dict)  # numeral -> heading title
    form: object = None  # the FormProfile, when known

    def to_json(self) -> dict:
        return {"word": self.word, "chars": self.chars, "han": self.han, "limit": self.limit,
                "sections": self.sections}

    def get(self, policy: str) -> int:
        return getattr(self, policy)


def count_document(path: str, form: Optional[str] = None) -> Figures:
    """The figures of a file's counted scope (the form's narrative)."""
    from .check import read_document, structure_for
    from .config import find_config
    from .rules.char_limit import narrative_count
    from .structure import heading_title

    p = Path(path)
    doc = read_document(p, form)
    profile = structure_for(doc, form, find_config(p))
    total, sections, _ = narrative_count(doc, profile.policy)
    headings = {}
    for q in doc.paragraphs:
        if q.in_narrative and q.level == 1 and q.section in sections and q.section not in headings:
            headings[q.section] = heading_title(q)
    return Figures(total.word, total.chars, total.han, profile.limit, profile.policy, sections, headings, profile)


def count_stdin(data: bytes, form: Optional[str] = None) -> Figures:
    """The same figures for plain text (no sections); the limit only when a form is named."""
    from .text.counting import count_text

    if len(data) > STDIN_CAP:
        raise InputError("count.stdin_too_large", limit=f"{STDIN_CAP // (1024 * 1024)} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("count.stdin_not_utf8") from None
    profile = None
    if form not in (None, "auto"):
        from . import check  # noqa: F401  (its messages)
        from .config import find_config
        from .profile import get_profile
        profile = get_profile(form, find_config(Path.cwd()).forms)
    c = count_text(text)
    if profile is None:
        return Figures(c.word, c.chars, c.han)
    return Figures(c.word, c.chars, c.han, profile.limit, profile.policy, form=profile)


def render_text(figures: Figures, label: str) -> str:
    profile = figures.form
    name = (profile.name_en if i18n.get_lang() == "en" else profile.name) if profile else ""
    lines = [i18n.t("count.title", label=label, form=name) if profile else label]
    main = figures.get(figures.policy)
    if figures.limit is not None:
        over = main - figures.limit
        key = "count.over" if over > 0 else "count.within"
        lines.append(i18n.t(key, count=main, limit=figures.limit, over=over, left=-over, policy=figures.policy))
    lines.append(i18n.t("count.figures", word=figures.word, chars=figures.chars, han=figures.han))
    for numeral, n in figures.sections.items():
        title = figures.headings.get(numeral, "")
        lines.append(i18n.t("count.section", section=f"{numeral}、{title}" if title else numeral, n=n))
    return "\n".join(lines) + "\n"


def run_count(path: str = "-", form: str = "auto", fmt: str = "text",
              echo: Callable[[str], object] = sys.stdout.write, stdin=None) -> int:
    """`docgen count`: 0 counted, 2 unusable input, 3 docgen failed (one line on stderr)."""
    from .entry import EXIT_OK, crash_code

    try:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            figures = count_stdin(stream.read(STDIN_CAP + 1), form)
            label = i18n.t("count.stdin")
        else:
            figures = count_document(path, form)
            label = path
    except DocgenError as err:
        return crash_code(err)
    if fmt == "json":
        echo(json.dumps(figures.to_json(), ensure_ascii=False) + "\n")
    else:
        echo(render_text(figures, label))
    return EXIT_OK


i18n.register({
    "count.stdin": ("標準輸入", "standard input"),
    "count.title": ("{label}（{form}）", "{label} ({form})"),
    "count.within": ("字數 {count}/{limit}（{policy}；尚可增加 {left} 字）",
                     "{count}/{limit} characters ({policy}; {left} left)"),
    "count.over": ("字數 {count}/{limit}（{policy}；超過 {over} 字）",
                   "{count}/{limit} characters ({policy}; {over} over the limit)"),
    "count.figures": ("Word 字數 {word}、字元數（不含空白）{chars}、中文字 {han}",
                      "Word count {word}, characters (no spaces) {chars}, Han characters {han}"),
    "count.section": ("  {section}：{n}", "  “{section}”: {n}"),
    "count.stdin_not_utf8": ("標準輸入不是 UTF-8 文字（Big5 文字請先轉為 UTF-8）",
                             "Standard input is not UTF-8 text (convert Big5 text to UTF-8 first)"),
    "count.stdin_too_large": ("標準輸入過大，上限為 {limit}", "Standard input too large; the limit is {limit}"),
})
