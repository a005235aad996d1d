"""`docgen fix` on the forms LibreOffice Writer wrote (tests/lo_author, the `lo_set` fixture).

Writer writes its own styles.xml (its paragraph styles carry the East Asian font and
size), its own list numbering (w:numPr on the paragraphs, a restart as a w:num with a
startOverride) and its own table paragraphs ("Table Contents"): every faulty case of
the acceptance set whose rule `docgen fix` repairs must come out clean — checked by
the real CLI as DOCX and as the PDF LibreOffice renders from the fixed file — with the
author's words unchanged, the input untouched, and the output readable by python-docx
(and by LibreOffice, which renders it).
"""

from __future__ import annotations

import hashlib
import json
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_fix import members, words  # noqa: E402
from test_lo_acceptance import CASES, run_check  # noqa: E402

from docgen.fix import FIXABLE  # noqa: E402
from docgen.readers.docx import read_docx  # noqa: E402

# the Writer cases of the rules fix repairs (a numbering-depth fault is not one of them)
FIX_CASES = [name for name, c in CASES.items() if c.rules & set(FIXABLE)]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def fixed(lo_set, tmp_path_factory):
    """{case: (input, input hash before, outcome)}, each case fixed once."""
    from docgen.check import CheckOptions
    from docgen.config import Config
    from docgen.fix import fix_file
    out = tmp_path_factory.mktemp("fixed_lo")
    done = {}
    for name in FIX_CASES:
        src = lo_set / f"{name}.docx"
        digest = sha(src)
        outcome = fix_file(src, output=out / f"{name}.docx", options=CheckOptions(), config=Config())
        done[name] = (src, digest, outcome)
    return done


@pytest.fixture(scope="module")
def fixed_reports(fixed, tmp_path_factory):
    """{(case, "docx"|"pdf"): report entry} of every fixed DOCX and of the PDF LibreOffice
    renders from it, from one `docgen check` run."""
    from docgen.render.office import Office
    folder = tmp_path_factory.mktemp("fixed_lo_pdf")
    files = {}
    with Office() as office:
        for name, (_, _, outcome) in fixed.items():
            assert outcome.output, f"{name}: nothing was written ({outcome.changes})"
            docx = Path(outcome.output)
            files[name, "docx"] = docx
            files[name, "pdf"] = office.convert(docx, folder / f"{name}.pdf", "pdf")
    run = run_check(*files.values())
    assert run.returncode in (0, 1), run.stderr
    by_path = {f["path"]: f for f in json.loads(run.stdout)["files"]}
    return {key: by_path[str(path)] for key, path in files.items()}


def test_the_writer_cases_cover_every_repaired_rule():
    covered = set().union(*(CASES[n].rules for n in FIX_CASES))
    assert set(FIXABLE) <= covered, set(FIXABLE) - covered


@pytest.mark.parametrize("name", FIX_CASES)
def test_writer_case_checks_clean_after_fix(fixed, fixed_reports, name):
    src, digest, outcome = fixed[name]
    assert outcome.changes and not outcome.remaining, (outcome.changes, outcome.remaining)
    for fmt in ("docx", "pdf"):
        entry = fixed_reports[name, fmt]
        assert entry["error"] is None, entry["error"]
        left = [(f["rule"], f["message"]) for f in entry["findings"] if f["rule"] != "font-substituted"]
        # each case breaks one thing on a correct form: nothing at all is left
        assert not left, (fmt, left, outcome.changes)
    # the author's words are the same, the input is untouched
    assert words(outcome.output) == words(src)
    assert sha(src) == digest


@pytest.mark.parametrize("name", FIX_CASES)
def test_writer_case_fixed_file_opens_and_keeps_other_members(fixed, name):
    import docx
    src, _, outcome = fixed[name]
    docx.Document(outcome.output)
    a, b = members(src), members(outcome.output)
    assert list(a) == list(b)
    rewritable = {"word/document.xml", "word/styles.xml", "word/numbering.xml"}
    assert {n for n in a if a[n] != b[n]} <= rewritable
    with zipfile.ZipFile(outcome.output) as zf:
        assert zf.testzip() is None


def test_writer_styles_are_fixed_on_the_style(fixed):
    """Writer puts the East Asian font, size and line height on its paragraph styles: the
    repair goes there, and the paragraphs gain no formatting of their own."""
    for name, what in (("summary_all_ming", "中文字型 新細明體 → 標楷體"),
                       ("summary_titles_14", "字級 14 → 16 點"),
                       ("summary_all_single", "行距 1 倍行高 → 固定行高 20 點")):
        src, _, outcome = fixed[name]
        assert any(c.startswith("樣式「") and c.endswith(what) for c in outcome.changes), outcome.changes
        assert members(outcome.output)["word/document.xml"] == members(src)["word/document.xml"], name


def test_writer_list_numbering_is_fixed_on_its_own_list(fixed):
    """Writer's half-width (一) level is fixed in that list's level only; its restart
    at 3 (一、三、) is undone: the paragraph goes back to its siblings' list."""
    _, _, outcome = fixed["summary_halfwidth_parens"]
    assert outcome.changes == ["自動編號第 3 層：編號格式「(1)」→「（1）」"]
    numbering = members(outcome.output)["word/numbering.xml"].decode()
    assert 'w:val="%6."' in numbering  # deeper levels, not the form's, are the author's
    src, _, outcome = fixed["summary_numbering_gap"]
    assert outcome.changes == ["「壹、專案簡介」第3段：編號「三、」→「二、」"]
    assert members(outcome.output)["word/numbering.xml"] == members(src)["word/numbering.xml"]
    lists = [(p.text[:4], p.marker) for p in read_docx(outcome.output).paragraphs if p.marker_auto][:3]
    assert lists == [("專案簡介", "壹、"), ("服務地區", "一、"), ("專案緣起", "二、")], lists


def test_a_restart_that_cannot_rejoin_its_siblings_continues_by_its_start_value(lo_set, tmp_path):
    """When the restarted list differs from its siblings' (here: a level of its own), the
    paragraphs cannot go back to the siblings' list; the restart value then continues."""
    from docgen.check import CheckOptions
    from docgen.config import Config
    from docgen.fix import fix_file
    parts = members(lo_set / "summary_numbering_gap.docx")
    numbering = parts["word/numbering.xml"].decode()
    restart = '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="3"/></w:lvlOverride>'
    assert restart in numbering
    own_level = ('<w:lvlOverride w:ilvl="5"><w:lvl w:ilvl="5"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                 '<w:lvlText w:val="%6)"/></w:lvl></w:lvlOverride>')
    parts["word/numbering.xml"] = numbering.replace(restart, restart + own_level).encode()
    src = tmp_path / "gap.docx"
    with zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    outcome = fix_file(src, options=CheckOptions(), config=Config())
    assert outcome.changes == ["「壹、專案簡介」第3段：編號「三、」→「二、」"] and not outcome.remaining
    fixed = members(outcome.output)
    assert '<w:startOverride w:val="2"/>' in fixed["word/numbering.xml"].decode()
    assert fixed["word/document.xml"] == parts["word/document.xml"]
    markers = [p.marker for p in read_docx(outcome.output).paragraphs if p.marker_auto][:4]
    assert markers == ["壹、", "一、", "二、", "貳、"], markers
