"""JUnit XML: one test suite per file, one test case per rule."""

from __future__ import annotations

from lxml import etree

from ..model import FileResult
from .checklist import checklist


def render(results: list[FileResult], strict: bool = False, batch=()) -> str:
    suites = etree.Element("testsuites", name="docgen")
    for r in results:
        suite = etree.SubElement(suites, "testsuite", name=r.path)
        failures = errors = tests = 0
        if r.error:
            case = etree.SubElement(suite, "testcase", classname=r.path, name="read")
            etree.SubElement(case, "error", message=r.error).text = r.error
            errors += 1
            tests += 1
        else:
            for line in checklist(r):
                tests += 1
                case = etree.SubElement(suite, "testcase", classname=r.path, name=line.rule.id)
                failing = [f for f in line.findings if f.severity == "error" or (strict and f.severity == "warning")]
                if failing:
                    failures += 1
                    body = "\n".join(f.with_location() for f in failing)
                    etree.SubElement(case, "failure", message=failing[0].message, type=line.rule.id).text = body
                elif line.findings:
                    etree.SubElement(case, "system-out").text = "\n".join(f.with_location() for f in line.findings)
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
    if batch:  # the batch rules, as one more suite
        suite = etree.SubElement(suites, "testsuite", name="batch", tests=str(len(batch)), errors="0",
                                 failures=str(sum(1 for f in batch if strict or f.severity == "error")))
        for f in batch:
            case = etree.SubElement(suite, "testcase", classname="batch", name=f.rule)
            tag = "failure" if strict or f.severity == "error" else "system-out"
            node = etree.SubElement(case, tag, message=f.message) if tag == "failure" else etree.SubElement(case, tag)
            node.text = f.message
    return etree.tostring(suites, encoding="unicode", pretty_print=True)
