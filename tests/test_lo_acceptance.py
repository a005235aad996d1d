"""The acceptance set written by LibreOffice Writer, checked through the real CLI.

Every other hand-made test file is raw WordprocessingML written by the tests
(tests/handmade.py); these forms are authored in Writer through UNO
(tests/lo_author/author.py: paragraph styles, Writer's own list numbering with
Chinese numbering types, tables with merged cells, typed ■/□ ☑/☐) and exported
by Writer as DOCX and as PDF (the `lo_set` fixture in conftest.py, cached).

For every single-file rule there is a case that fires and one that stays
quiet, each checked as DOCX and as PDF with `docgen check --format json`:
the rule id and where (section, table cell for DOCX, page for PDF). The case
names are tests/lo_author/author.py's CASES (what each changes is said there);
CASES below says what docgen must report for each. Faults of other parts found
by this set are strict xfails whose reason says what went wrong.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ANY = object()
AWARD_YEAR = "115"


@dataclass(frozen=True)
class At:
    """A finding expected: its rule and where (ANY: not asserted).

    `cell` is asserted on both (a PDF's table going on over a page break is the
    DOCX's one table, a row the break cuts one row), `page` on the PDF (a DOCX
    has no pages).
    """

    rule: str
    section: object = ANY
    cell: object = ANY
    page: object = ANY
    excerpt: str = ""  # the finding's excerpt starts with this

    def matches(self, finding: dict, fmt: str) -> bool:
        loc = finding["location"]
        return (finding["rule"] == self.rule
                and (self.section is ANY or loc["section"] == self.section)
                and (self.cell is ANY or loc["cell"] == self.cell)
                and (fmt != "pdf" or self.page is ANY or loc["page"] == self.page)
                and (loc["excerpt"] or "").startswith(self.excerpt))


@dataclass(frozen=True)
class Case:
    form: str
    rules: frozenset  # every rule expected to report (font-substituted aside)
    at: tuple = ()  # where
    pdf_rules: frozenset | None = None  # when what LibreOffice prints differs from the DOCX
    spread: bool = False  # the rule reports in many places: only `at` is asserted
    quiet: tuple = ()  # rules this case is a near miss for


def case(form, *at, rules=None, pdf_rules=None, spread=False, quiet=()):
    rules = frozenset(rules if rules is not None else {a.rule for a in at})
    return Case(form, rules, tuple(at), None if pdf_rules is None else frozenset(pdf_rules), spread,
                tuple(quiet))


S, N = "summary_form", "nomination_list"
S_BODY = "南瀛區位於臺南市北側"
N_BODY = "本中心服務轄內3個行政區"
PERIOD_CELL = "表1第10列第2欄"

CASES = {
    # correct forms: the samples' content, authored in Writer
    "summary_good": case(S),
    "nomination_good": case(N),
    "nomination_ticks": case(N, quiet=("choice",)),  # ☑/☐ instead of ■/□
    # 內文 justified, first line indented two characters
    "summary_indented": case(S),
    # 「第 N 頁」 in the footer at 10 pt: not the form's text
    "summary_page_numbers": case(S),
    # rows may not break across pages: both contact lines wrap at 「yjfsc-」 within page 3
    "nomination_rows_kept": case(N, quiet=("contact",)),
    # numbered by Writer's chapter numbering (the Heading 1–5 styles), not a list style
    "summary_chapter_numbering": case(S, quiet=("numbering-sequence", "numbering-depth",
                                                "numbering-format", "font-size")),
    "summary_over_limit": case(S, At("char-limit", "壹", page=3, excerpt="壹、專案簡介")),
    "summary_placeholder": case(S, At("required-field", None, "表1第5列第2欄", 1, "（請填寫參獎")),
    "summary_empty_team": case(S, At("required-field", None, "表1第6列第2欄", 1, "團隊成員"),
                               At("required-field", None, "表1第6列第2欄", 1, "團隊成員人數")),
    "summary_instruction_left": case(S, At("required-field", "壹", page=3, excerpt="﹝簡要介紹")),
    "summary_no_section3": case(S, At("section-missing", excerpt="推動成效")),
    "nomination_no_section2": case(N, At("section-missing", excerpt="問題分析")),
    "summary_ming_run": case(S, At("font-family", "壹", page=3, excerpt=S_BODY)),
    "summary_all_ming": case(S, At("font-family", None, page=1, excerpt="專案摘要表"),
                             At("font-family", "肆", page=5), spread=True),
    # Writer shows CJK at the styles' Asian size (14/16 pt), so the PDF is right; its DOCX
    # export keeps only the Western size (12 pt) in w:sz, which Word applies to CJK too
    "summary_western_12": case(S, At("font-size", "壹", excerpt="壹、專案簡介"),
                               At("font-size", None, "表1第1列第1欄", excerpt="機關(構)名稱"),
                               pdf_rules=set(), spread=True),
    "summary_char_style_ming": case(S, At("font-family", "壹", page=3, excerpt="本所於111年")),
    "summary_small_para": case(S, At("font-size", "壹", page=3, excerpt=S_BODY)),
    "summary_titles_14": case(S, At("font-size", None, page=1, excerpt="專案摘要表"),
                              At("font-size", "貳", page=3, excerpt="貳、服務內容"), spread=True),
    "nomination_16pt_para": case(N, At("font-size", "貳", "表1第4列第1欄", 1, N_BODY)),
    "summary_one_para_28": case(S, At("line-spacing", "壹", page=3, excerpt=S_BODY)),
    "summary_one_para_24": case(S, At("line-spacing", "壹", page=3, excerpt=S_BODY)),
    "summary_one_para_double": case(S, At("line-spacing", "壹", page=3, excerpt=S_BODY)),
    "summary_one_para_atleast": case(S, At("line-spacing", "壹", page=3)),
    "summary_all_single": case(S, At("line-spacing", "貳", page=3), spread=True),
    "nomination_one_para_28": case(N, At("line-spacing", "貳", "表1第4列第1欄", 1, N_BODY)),
    # DOCX only: "at least 22 pt" on CJK text that needs less prints exactly 22 pt apart, so a
    # PDF shows nothing wrong (only a taller line, e.g. Latin digits, would give it away)
    "nomination_atleast_cjk": case(N, At("line-spacing", "貳", "表1第4列第1欄", 1, "中低收入及單親家庭"),
                                   pdf_rules=set()),
    "summary_numbering_gap": case(S, At("numbering-sequence", "壹", page=3, excerpt="三、專案緣起")),
    # Writer prints 二、 for the 一、 after an orphan 1、 (it counts the skipped level
    # once); Word, reading the DOCX, prints 一、: each is judged on what it shows
    "summary_depth_skip": case(S, At("numbering-depth", "壹", page=3, excerpt="1、服務地區"),
                               pdf_rules={"numbering-depth", "numbering-sequence"}),
    "summary_halfwidth_parens": case(S, At("numbering-format", "貳", page=3, excerpt="(一)一站式"),
                                     spread=True),
    "summary_decimal_dot": case(S, At("numbering-format", "貳", page=3, excerpt="1.服務對象"),
                                At("numbering-format", "貳", page=3, excerpt="2.預約及服務流程")),
    "summary_bad_date": case(S, At("date-format", None, PERIOD_CELL, 2, "112年13月45日")),
    "summary_early_start": case(S, At("date-window", None, PERIOD_CELL, 2, "111年6月1日")),
    "summary_future_start": case(S, At("date-window", None, PERIOD_CELL, 2, "199年1月1日")),  # 2110
    "summary_cutoff_start": case(S, quiet=("date-window", "date-format", "date-order")),
    "summary_end_before_start": case(S, At("date-order", None, PERIOD_CELL, 2, "113年5月1日")),
    "nomination_early_start": case(N, At("date-window", "壹", "表1第4列第1欄", 1, "110年7月1日")),
    "nomination_dotted_date": case(N, quiet=("date-format", "date-window")),
    "nomination_both_categories": case(N, At("choice", None, "表1第2列第2欄", 1, "整體服務類、服務規劃類")),
    "nomination_no_entry": case(N, At("choice", None, "表1第2列第3欄", 1)),
    "nomination_bad_email": case(N, At("contact", None, "表1第5列第1欄", 2, "陳怡君")),
    "nomination_no_contact1": case(N, At("contact")),
    "summary_norms": case(S, At("tw-standard-form", "壹", page=3, excerpt="南瀛區位於台南市"),
                          At("tw-standard-form", None, "表1第6列第2欄", excerpt="台南市南瀛區"),
                          At("simplified-char", "壹"), At("halfwidth-punct", "貳"), At("quote-style", "參")),
    "summary_norms_quiet": case(S, quiet=("tw-standard-form", "simplified-char", "halfwidth-punct",
                                          "quote-style")),
}

FORMATS = ("docx", "pdf")

# -- known faults of other parts (strict: each must still fail, so a fix is noticed) ---------
XFAIL_FIRES: dict = {}
XFAIL_ONLY = dict(XFAIL_FIRES)


def params(xfails: dict, only=lambda c: True):
    out = []
    for name, c in CASES.items():
        if not only(c):
            continue
        for fmt in FORMATS:
            reason = xfails.get((name, fmt))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(name, fmt, id=f"{name}-{fmt}", marks=marks))
    return out


# -- running the real CLI -------------------------------------------------------------------
def docgen_cmd() -> list[str]:
    script = Path(sys.executable).with_name("docgen")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "docgen"]


def run_check(*paths: Path, extra=(), year: str = AWARD_YEAR) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([*docgen_cmd(), "check", *map(str, paths), "--format", "json",
                           "--award-year", year, *extra],
                          capture_output=True, text=True, env=env, timeout=600)


@pytest.fixture(scope="session")
def reports(lo_set):
    """{file name: the JSON report's entry} for the whole set, from one `docgen check` run."""
    files = [lo_set / f"{name}.{fmt}" for name in CASES for fmt in FORMATS]
    run = run_check(*files)
    assert run.returncode in (0, 1), run.stderr
    data = json.loads(run.stdout)
    return {Path(f["path"]).name: f for f in data["files"]}


def findings(reports, name: str, fmt: str) -> list[dict]:
    entry = reports[f"{name}.{fmt}"]
    assert entry["error"] is None, entry["error"]
    assert entry["form"] == CASES[name].form
    return [f for f in entry["findings"] if f["rule"] != "font-substituted"]


def expected_rules(c: Case, fmt: str) -> frozenset:
    return c.pdf_rules if fmt == "pdf" and c.pdf_rules is not None else c.rules


# -- the tests ------------------------------------------------------------------------------
def test_the_set_is_authored(lo_set):
    manifest = json.loads((lo_set / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["cases"]) == set(CASES)
    for name in CASES:
        for fmt in FORMATS:
            assert (lo_set / f"{name}.{fmt}").stat().st_size > 1000


@pytest.mark.parametrize("name,fmt", params(XFAIL_FIRES, only=lambda c: bool(c.at)))
def test_rule_fires_where_expected(reports, name, fmt):
    found = findings(reports, name, fmt)
    if not expected_rules(CASES[name], fmt):  # this format shows nothing wrong (see the case)
        assert not {at.rule for at in CASES[name].at} & {f["rule"] for f in found}
        return
    for at in CASES[name].at:
        assert any(at.matches(f, fmt) for f in found), (at, [(f["rule"], f["location"]) for f in found])


@pytest.mark.parametrize("name,fmt", params(XFAIL_ONLY))
def test_nothing_else_reported(reports, name, fmt):
    """Exactly the expected rules report — and, unless spread, only at the expected places."""
    c = CASES[name]
    found = findings(reports, name, fmt)
    assert {f["rule"] for f in found} == expected_rules(c, fmt), [(f["rule"], f["message"]) for f in found]
    if not c.spread:
        for f in found:
            if f["rule"] in c.rules:
                assert any(at.matches(f, fmt) for at in c.at if at.rule == f["rule"]), f


GOOD = [pytest.param(name, fmt, id=f"{name}-{fmt}",
                     marks=[pytest.mark.xfail(strict=True, reason=XFAIL_ONLY[name, fmt])]
                     if (name, fmt) in XFAIL_ONLY else [])
        for name in ("summary_good", "nomination_good", "nomination_rows_kept") for fmt in FORMATS]


@pytest.mark.parametrize("name,fmt", GOOD)
def test_good_form_checks_clean(lo_set, name, fmt):
    """A correct form written in Writer: exit 0; on the PDF at most the TW-Kai warning."""
    run = run_check(lo_set / f"{name}.{fmt}")
    report = json.loads(run.stdout)["files"][0]
    left = [(f["rule"], f["message"]) for f in report["findings"]]
    assert run.returncode == 0, left
    assert {f["rule"] for f in report["findings"]} <= ({"font-substituted"} if fmt == "pdf" else set()), left
    assert report["stats"]["count"] <= report["stats"]["limit"]


COUNTED = [pytest.param(name, fmt, id=f"{name}-{fmt}")
           for name in ("summary_good", "summary_chapter_numbering", "summary_indented",
                        "summary_page_numbers", "nomination_good", "nomination_rows_kept")
           for fmt in FORMATS]


@pytest.fixture(scope="session")
def sample_stats():
    """{form: the figures `docgen check` gives for samples/<form>, the source}."""
    samples = Path(__file__).resolve().parents[1] / "samples"
    run = run_check(samples / S, samples / N)
    return {f["form"]: f["stats"] for f in json.loads(run.stdout)["files"]}


@pytest.mark.parametrize("name,fmt", COUNTED)
def test_counts_like_the_sample_source(lo_set, reports, sample_stats, name, fmt):
    """Writer's forms hold the samples' text. The source's markers are typed when it is built,
    so they count; Writer's are automatic numbers, which Word does not count in the DOCX but
    which a PDF prints as text: the PDF counts as the source, the DOCX as the source less
    its automatic markers."""
    from docgen.check import read_document
    from docgen.text.counting import count_text
    source = sample_stats[CASES[name].form]
    stats = reports[f"{name}.{fmt}"]["stats"]
    if fmt == "pdf":
        assert (stats["count"], stats["sections"]) == (source["count"], source["sections"])
        return
    markers = [p.marker for p in read_document(lo_set / f"{name}.docx").paragraphs
               if p.marker and p.marker_auto]
    assert len(markers) > 20  # the narrative's outline, numbered by Writer
    assert stats["count"] == source["count"] - sum(count_text(m).word for m in markers)


@pytest.mark.parametrize("fmt", FORMATS)
def test_font_substituted(reports, fmt):
    """PDF only: TW-Kai embedded for 標楷體 is a warning; a PDF with no Kai text has none;
    a DOCX names fonts, it embeds none, so the rule does not apply to it."""
    def subs(name):
        return [f for f in reports[f"{name}.{fmt}"]["findings"] if f["rule"] == "font-substituted"]
    if fmt == "docx":
        for name in CASES:
            assert not subs(name)
        return
    for name in CASES:
        if name == "summary_all_ming":
            assert not subs(name)  # the quiet case: no Kai font embedded at all
        else:
            (warning,) = subs(name)
            assert warning["severity"] == "warning"
            assert warning["actual"].startswith("TW-Kai")


@pytest.mark.parametrize("fmt", ["docx"])
def test_malformed_email_is_called_malformed(reports, fmt):
    """「電子信箱格式不正確」, not 「缺少電子信箱」 (a false alarm of #10)."""
    (f,) = [f for f in findings(reports, "nomination_bad_email", fmt) if f["rule"] == "contact"]
    assert "格式" in f["message"] and "缺少" not in f["message"], f["message"]


def test_pdf_names_table_cells_like_the_docx(reports):
    (f,) = findings(reports, "summary_bad_date", "pdf")
    assert f["location"]["cell"] == PERIOD_CELL


@pytest.mark.parametrize("name", CASES)
def test_pdf_cells_are_the_docx_cells(lo_set, name):
    """Every table paragraph of the PDF is in the cell the DOCX has its text in, and the PDF
    has a paragraph in every cell the DOCX has (an empty cell too): tables going on over a
    page break, rows the break cuts, repeated header rows. In nomination_no_section2 and
    nomination_one_para_28 the break falls between two paragraphs of the one-cell 專案簡介
    row, after a heading (參、…) whose first subheading (一、…) opens the next page: the
    same row, so the contact row after it is 第5列 as in the DOCX."""
    from docgen.check import read_document
    docx: dict = {}
    for p in read_document(lo_set / f"{name}.docx").paragraphs:
        if p.cell is not None:
            docx.setdefault(p.cell, []).append("".join(p.full_text.split()))
    cells = {c: "".join(texts) for c, texts in docx.items()}
    pdf = [p for p in read_document(lo_set / f"{name}.pdf").paragraphs if p.cell is not None]
    for p in pdf:
        text = "".join(p.full_text.split())
        assert text in cells.get(p.cell, "\0") and (text or not cells[p.cell]), (p.page, p.cell, text)
    assert {p.cell for p in pdf} == set(docx)


@pytest.mark.parametrize("name", ["summary_good", "summary_one_para_atleast", "summary_indented"])
def test_pdf_keeps_paragraphs_whole(lo_set, name):
    """No PDF paragraph is a piece of a DOCX paragraph (the same form, read both ways)."""
    from docgen.check import read_document
    def texts(fmt):
        return ["".join(p.full_text.split()) for p in read_document(lo_set / f"{name}.{fmt}").paragraphs
                if p.text.strip()]
    whole, pieces = texts("docx"), texts("pdf")
    cut = [t for t in pieces if t not in whole and any(t in w for w in whole)]
    assert not cut, cut


# -- rules that depend on the award year's pack: the same Writer files, another year ------------
# rule -> (case, a year it fires for, a year it is quiet for)
BY_YEAR = {"award-category": ("nomination_good", "114", "107")}  # 臺北市's categories are not the 8th award's


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("rule", sorted(BY_YEAR))
def test_award_year_rules_follow_the_year(lo_set, rule, fmt):
    name, fires, quiet = BY_YEAR[rule]
    fired = [f for f in json.loads(run_check(lo_set / f"{name}.{fmt}", year=fires).stdout)["files"][0]["findings"]
             if f["rule"] == rule]
    assert len(fired) == 1 and At(rule, None, "表1第2列第2欄", 1).matches(fired[0], fmt), fired
    report = json.loads(run_check(lo_set / f"{name}.{fmt}", year=quiet).stdout)["files"][0]
    assert rule not in {f["rule"] for f in report["findings"]}


# -- coverage: every single-file rule has a firing and a quiet case, in DOCX and PDF --------
PDF_ONLY = {"font-substituted"}
BATCH_ONLY = {"quota"}


def test_every_rule_has_a_firing_and_a_quiet_case():
    from docgen.rules import all_rules
    quiet_forms = {"summary_good", "nomination_good"}
    for r in all_rules():
        if r.id in BATCH_ONLY or r.id in PDF_ONLY or r.id in BY_YEAR:  # BY_YEAR: its own test above
            continue
        fires = [n for n, c in CASES.items() if r.id in c.rules]
        assert fires, f"no Writer-authored case fires {r.id}"
        forms = {CASES[n].form for n in fires}
        quiet = [n for n in CASES if n in quiet_forms and CASES[n].form in forms] + \
                [n for n, c in CASES.items() if r.id in c.quiet]
        assert quiet, f"no quiet case for {r.id}"
