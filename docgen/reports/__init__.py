"""Reports for people (text, markdown, html, xlsx, ods) and for CI (json, junit, sarif)."""

from __future__ import annotations

import re
from typing import Callable, Union

from ..model import FileResult

FORMATS = ("text", "json", "markdown", "html", "junit", "sarif", "xlsx", "ods")
BINARY = ("xlsx", "ods")  # spreadsheets: bytes, written to a file (or a pipe)

# what a terminal obeys or XML cannot hold: C0 (but tab, newline), DEL, C1, U+FFFE/U+FFFF
# (a pattern string: compiled on the first text that needs it, not at every start)
_CONTROL = "[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]"


def render_report(results: list[FileResult], fmt: str, *, strict: bool = False, **extra) -> Union[str, bytes]:
    """The whole run's report in `fmt` (only that format is imported); `extra` (batch findings,
    pages…) goes to the formats that take it."""
    import importlib

    if fmt not in FORMATS:
        raise ValueError(fmt)
    module = importlib.import_module(f".{fmt}", __name__)
    render: Callable[..., Union[str, bytes]] = module.render_bytes if fmt in BINARY else module.render
    return render([clean_result(r) for r in results], strict=strict,
                  **{k: v for k, v in extra.items() if _takes(render, k)})


def _takes(fn, name: str) -> bool:
    """Does `fn` take the keyword `name`? Read from its code, not inspect.signature: importing
    inspect costs ~7 ms at every start."""
    code = fn.__code__
    return bool(code.co_flags & 0x08) or name in code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]


def clean_text(text):
    """Text every format can carry: a file name's undecodable bytes (surrogate-escaped)
    and lone surrogates become U+FFFD; control characters other than tab and newline
    (which XML cannot hold, and which a terminal would obey) become U+FFFD too."""
    if not isinstance(text, str) or text.isprintable():
        return text  # printable: no control character and no surrogate, nothing to change
    # lone surrogates other than the ones surrogateescape makes (U+DC80–U+DCFF) first
    text = "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF and not 0xDC80 <= ord(ch) <= 0xDCFF else ch
                   for ch in text)
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return re.sub(_CONTROL, "\ufffd", text)


def clean_result(r: FileResult) -> FileResult:
    findings = [f.replace(
        message=clean_text(f.message), expected=clean_text(f.expected), actual=clean_text(f.actual),
        hint=clean_text(f.hint),
        location=f.location.replace(part=clean_text(f.location.part),
                                    section=clean_text(f.location.section), cell=clean_text(f.location.cell),
                                    excerpt=clean_text(f.location.excerpt)))
        for f in r.findings]
    return r.replace(path=clean_text(r.path), error=clean_text(r.error), findings=findings)
