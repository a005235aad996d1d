"""Reports for people (text, markdown, html) and for CI (json, junit, sarif)."""

from __future__ import annotations

from typing import Callable

from ..model import FileResult

FORMATS = ("text", "json", "markdown", "html", "junit", "sarif")


def render_report(results: list[FileResult], fmt: str, *, strict: bool = False) -> str:
    """The whole run's report as one string in `fmt`."""
    from . import html, json, junit, markdown, sarif, text

    renderers: dict[str, Callable[..., str]] = {
        "text": text.render, "json": json.render, "markdown": markdown.render,
        "html": html.render, "junit": junit.render, "sarif": sarif.render,
    }
    return renderers[fmt](results, strict=strict)
