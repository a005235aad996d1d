"""Reports for people (text, markdown, html, xlsx, ods) and for CI (json, junit, sarif)."""

from __future__ import annotations

import inspect
from typing import Callable, Union

from ..model import FileResult

FORMATS = ("text", "json", "markdown", "html", "junit", "sarif", "xlsx", "ods")
BINARY = ("xlsx", "ods")  # spreadsheets: bytes, written to a file (or a pipe)


def render_report(results: list[FileResult], fmt: str, *, strict: bool = False, **extra) -> Union[str, bytes]:
    """The whole run's report in `fmt` (only that format is imported); `extra` (batch findings,
    pages…) goes to the formats that take it."""
    import importlib

    if fmt not in FORMATS:
        raise ValueError(fmt)
    module = importlib.import_module(f".{fmt}", __name__)
    render: Callable[..., Union[str, bytes]] = module.render_bytes if fmt in BINARY else module.render
    params = inspect.signature(render).parameters
    return render(results, strict=strict, **{k: v for k, v in extra.items() if k in params})
