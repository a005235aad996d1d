"""The JSON report of PRODUCT.md §5."""

from __future__ import annotations

import json as _json

from .. import __version__
from ..model import FileResult


def as_dict(results: list[FileResult], strict: bool = False, batch=()) -> dict:
    files = []
    for r in results:
        files.append({
            "path": r.path, "form": r.form, "passed": r.passed(strict), "error": r.error,
            "error_kind": (r.error_kind or "input") if r.error else None,
            "stats": r.stats if not r.error else {},
            "findings": [] if r.error else [
                {"rule": f.rule, "severity": f.severity, "message": f.message,
                 "expected": f.expected, "actual": f.actual, "hint": f.hint,
                 "location": f.location.public()}
                for f in r.findings],
        })
    return {"tool": "docgen", "version": __version__, "files": files,
            "batch": [{"rule": f.rule, "severity": f.severity, "message": f.message, "expected": f.expected,
                       "actual": f.actual, "hint": f.hint} for f in batch]}


def render(results: list[FileResult], strict: bool = False, batch=()) -> str:
    return _json.dumps(as_dict(results, strict, batch), ensure_ascii=False, indent=2) + "\n"
