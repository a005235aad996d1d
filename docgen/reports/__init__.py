"""Reports for people (text, markdown, html) and for CI (json, junit, sarif)."""

from __future__ import annotations

from typing import Callable

from ..model import FileResult

FORMATS = ("text", "json", "markdown", "html", "junit", "sarif")


def render_report(results: list[FileResult], fmt: str, *, strict: bool = False) -> str:
    """The whole run's report as one string in `fmt` (only that format is imported)."""
    import importlib

    if fmt not in FORMATS:
        raise ValueError(fmt)
    module = importlib.import_module(f".{fmt}", __name__)
    render: Callable[..., str] = module.render
    return render(results, strict=strict)
