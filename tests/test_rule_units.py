"""Each rule as a unit: its docs, and its own examples (docgen/rules/<rule>.py) run with
every other rule off — a firing example must give a finding of the rule, a quiet one none.

The inputs are real: a source folder read by the source reader, a Word file written with
python-docx, the PDF LibreOffice exports from it, a batch of results.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from docgen.rules import BatchContext, Rule, all_rules
from docgen.rules._examples import Batch, Docx, Source

TODAY = dt.date(2026, 11, 22)  # date-window's "in the future" is measured from it
RULES = all_rules()
HAN = re.compile(r"[\u4e00-\u9fff]")
CASES = [pytest.param(r, kind, example, id=f"{r.id}-{kind}-{i}")
         for r in RULES for kind in ("fires", "quiet") for i, example in enumerate(getattr(r.docs, kind))]


@pytest.mark.parametrize("r", RULES, ids=[r.id for r in RULES])
def test_every_rule_has_docs_and_examples(r: Rule):
    for part in ("title", "explain", "hint"):
        zh, en = getattr(r.docs, part)
        assert HAN.search(zh), f"{r.id}: {part} has no zh-TW text"
        assert re.search("[A-Za-z]{2}", en), f"{r.id}: {part} has no English text"
    assert r.docs.fires, f"{r.id}: no example on which it fires (RuleDocs(fires=…))"
    assert r.docs.quiet, f"{r.id}: no example on which it stays quiet (RuleDocs(quiet=…))"
    for example in (*r.docs.fires, *r.docs.quiet):
        assert isinstance(example, Batch) == r.batch, f"{r.id}: a batch rule takes Batch examples, others not"


@pytest.mark.parametrize("r,kind,example", CASES)
def test_rule_alone_on_its_example(r: Rule, kind: str, example, tmp_path):
    findings = run_alone(r, example, tmp_path)
    if kind == "fires":
        assert findings, f"{r.id} did not fire on its example"
        for f in findings:  # a message key missing from the rule's docs would print raw
            assert f.message and not re.fullmatch(r"[a-z_]+(\.[a-z_\-]+)+", f.message), f.message
    else:
        assert not findings, [f.message for f in findings]


def run_alone(r: Rule, example, tmp_path: Path) -> list:
    """The rule's findings on the example, every other rule off; the rule must apply to it."""
    if isinstance(example, Batch):
        from docgen.model import FileResult
        results = [FileResult(path=f"{i}.docx", form=example.form) for i in range(example.passed)]
        assert all(x.passed(False) for x in results)
        return list(r.check(BatchContext(results)))

    from docgen.check import CheckOptions, check_document, read_document
    from docgen.config import Config

    path, form = materialise(example, tmp_path)
    doc = read_document(path, form)
    config = Config(rules={other.id: "off" for other in RULES if other.id != r.id})
    result = check_document(doc, CheckOptions(form=form or "auto", today=TODAY), config)
    assert r.id not in result.skipped, f"{r.id} does not apply to its example ({doc.kind})"
    assert {f.rule for f in result.findings} <= {r.id}
    return result.findings


def materialise(example, tmp_path: Path) -> tuple[Path, str | None]:
    """The real input an example describes: (path, form to check it as, None: its own)."""
    if isinstance(example, Source):
        folder = tmp_path / "app"
        folder.mkdir()
        (folder / "application.md").write_text(example.text, encoding="utf-8")
        return folder, None
    assert isinstance(example, Docx)
    docx = write_docx(example, tmp_path / "example.docx")
    if not example.pdf:
        return docx, example.form
    from docgen.render.office import Office, find_soffice
    if find_soffice() is None and not os.environ.get("CI"):
        pytest.skip("LibreOffice is not installed (set CI=true to make this a failure)")
    with Office() as office:
        return office.convert(docx, tmp_path / "example.pdf", "pdf"), example.form


def write_docx(example: Docx, path: Path) -> Path:
    """A Word file of the example's paragraphs, each run's fonts (East Asian too), size and
    line height set directly, as a person formatting by hand would."""
    import docx
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    for para in example.paragraphs:
        p = document.add_paragraph()
        run = p.add_run(para.text)
        run.font.size = Pt(para.size)
        run.font.name = para.font
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), para.font)
        rule, value = para.line
        if rule == "auto":
            p.paragraph_format.line_spacing = value
        else:
            p.paragraph_format.line_spacing = Pt(value)
            p.paragraph_format.line_spacing_rule = {"exact": WD_LINE_SPACING.EXACTLY,
                                                    "atLeast": WD_LINE_SPACING.AT_LEAST}[rule]
    document.save(str(path))
    return path


def test_readme_rule_table_is_up_to_date():
    """The README's table is what `docgen --lang en rules --format markdown` prints now."""
    import sys
    repo = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(repo / "scripts"))
    from make_rule_table import BEGIN, END, rule_table, with_table

    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert BEGIN in readme and END in readme
    table = rule_table()
    assert all(f"| `{r.id}` |" in table for r in RULES)
    assert with_table(readme, table) == readme, "the README's rule table is stale: run python scripts/make_rule_table.py"
