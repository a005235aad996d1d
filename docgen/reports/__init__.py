"""Reports for people (text, markdown, html) and for CI (json, junit, sarif)."""

from __future__ import annotations

import re
from typing import Callable

from ..model import FileResult

# what a terminal obeys or XML cannot hold: C0 (but tab, newline), DEL, C1, U+FFFE/U+FFFF
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")

FORMATS = ("text", "json", "markdown", "html", "junit", "sarif")


def render_report(results: list[FileResult], fmt: str, *, strict: bool = False) -> str:
    """The whole run's report as one string in `fmt` (only that format is imported)."""
    import importlib

    if fmt not in FORMATS:
        raise ValueError(fmt)
    module = importlib.import_module(f".{fmt}", __name__)
    render: Callable[..., str] = module.render
    return render([clean_result(r) for r in results], strict=strict)


def clean_text(text):
    """Text every format can carry: a file name's undecodable bytes (surrogate-escaped)
    and lone surrogates become U+FFFD; control characters other than tab and newline
    (which XML cannot hold, and which a terminal would obey) become U+FFFD too."""
    if not isinstance(text, str) or (text.isprintable() and text.isascii()):
        return text
    # lone surrogates other than the ones surrogateescape makes (U+DC80–U+DCFF) first
    text = "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF and not 0xDC80 <= ord(ch) <= 0xDCFF else ch
                   for ch in text)
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _CONTROL.sub("\ufffd", text)


def clean_result(r: FileResult) -> FileResult:
    import dataclasses

    findings = [dataclasses.replace(
        f, message=clean_text(f.message), expected=clean_text(f.expected), actual=clean_text(f.actual),
        hint=clean_text(f.hint),
        location=dataclasses.replace(f.location, part=clean_text(f.location.part),
                                     section=clean_text(f.location.section), cell=clean_text(f.location.cell),
                                     excerpt=clean_text(f.location.excerpt)))
        for f in r.findings]
    return dataclasses.replace(r, path=clean_text(r.path), error=clean_text(r.error), findings=findings)
