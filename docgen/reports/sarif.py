"""SARIF 2.1.0, for code-scanning annotations in CI."""

from __future__ import annotations

import json

from .. import __version__
from ..model import FileResult
from ..rules import all_rules

LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render(results: list[FileResult], strict: bool = False, batch=()) -> str:
    rules = [{"id": r.id, "name": r.id, "shortDescription": {"text": r.title()},
              "fullDescription": {"text": r.explain()}, "help": {"text": r.hint()},
              "defaultConfiguration": {"level": LEVEL[r.severity]}} for r in all_rules()]
    out = []
    for r in results:
        uri = r.path.replace("\\", "/")
        if r.error:
            out.append({"ruleId": "unreadable", "level": "error", "message": {"text": r.error},
                        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}]})
            continue
        for f in r.findings:
            physical = {"artifactLocation": {"uri": uri}}
            if f.location.line:
                physical["region"] = {"startLine": f.location.line}
            logical = [{"name": f.location.place() or f.location.part or "", "kind": "section"}]
            out.append({"ruleId": f.rule, "level": LEVEL[f.severity], "message": {"text": f.message},
                        "locations": [{"physicalLocation": physical, "logicalLocations": logical}],
                        "properties": {"location": f.location.public()}})
    for f in batch:  # about the whole batch: no one file to point at
        out.append({"ruleId": f.rule, "level": LEVEL[f.severity], "message": {"text": f.message}})
    sarif = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
             "runs": [{"tool": {"driver": {"name": "docgen", "version": __version__,
                                           "informationUri": "https://pypi.org/project/docgen-tw/",
                                           "rules": rules}},
                       "results": out}]}
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"
