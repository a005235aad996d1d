"""Readers: each turns one input format into the one document model.

The helpers here are cheap on purpose: deciding what a path is must not
import a reader's heavy libraries.
"""

from __future__ import annotations

from pathlib import Path

SOURCE_NAME = "application.md"


def is_source(path: Path) -> bool:
    """A source folder, or a Markdown file (front matter is checked when read)."""
    if path.is_dir():
        return (path / SOURCE_NAME).is_file()
    return path.suffix.lower() in (".md", ".markdown")


def looks_like_source(path: Path) -> bool:
    """For folder scans: a Markdown file that starts with front matter."""
    try:
        with open(path, "rb") as fh:
            return fh.read(4).lstrip(b"\xef\xbb\xbf").startswith(b"---")
    except OSError:
        return False
