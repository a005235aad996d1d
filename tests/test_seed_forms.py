"""The seeds' other forms, added as data only (validators/*.yaml, templates/*.docx,
samples/*): 高雄 附件2 執行計畫, 附件3 工作計畫 (seed 002) and a district's 實施計畫 (seed
004); and the 專案摘要表 as seed 000 prints it. Each through the real command: built,
checked clean, a fault caught, and round-tripped through LibreOffice (DOCX → PDF → check)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SUMMARY_BODY, SUMMARY_FIELDS, write_source

SEED_FORMS = {
    # form id: (title printed after the agency, the 肆 table's column heads or None)
    "kaohsiung_execution_plan": ("提升服務品質執行計畫", ["執行要項（內容同本府實施要項）", "執行重點（步驟、方法）", "執行成果"]),
    "kaohsiung_work_plan": ("提升服務品質工作計畫", ["工作要項（內容同本府實施要項）", "工作重點（步驟、方法）", "工作成果"]),
    "district_plan": ("提升服務品質實施計畫", None),
}


def docgen(*args, cwd):
    return subprocess.run([sys.executable, "-m", "docgen", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(REPO), "DOCGEN_LANG": "zh",
                                            "XDG_CACHE_HOME": str(Path(cwd) / ".cache")})


def report(*paths, cwd, form=None) -> dict:
    extra = ["--form", form] if form else []
    out = docgen("check", "--format", "json", *extra, *map(str, paths), cwd=cwd)
    assert out.returncode in (0, 1), out.stdout + out.stderr
    return {Path(f["path"]).name: f for f in json.loads(out.stdout)["files"]}


def errors(entry: dict) -> list[str]:
    assert entry["error"] is None, entry["error"]
    return sorted({f["rule"] for f in entry["findings"] if f["severity"] == "error"})


def soffice_or_skip():
    from docgen.render.office import find_soffice
    if find_soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI")
        pytest.skip("LibreOffice is not installed")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every seed form's sample and the summary form's, built once with --pdf by one LibreOffice."""
    soffice_or_skip()
    work = tmp_path_factory.mktemp("seedforms")
    sources = [REPO / "samples" / form for form in SEED_FORMS] + [REPO / "samples" / "summary_form"]
    out = docgen("build", *map(str, sources), "-o", str(work / "out"), "--pdf", cwd=work)
    assert out.returncode == 0, out.stdout + out.stderr
    return work


# -- the registry lists them; a new form's files are data -----------------------------------

def test_the_seed_forms_are_registered_with_template_sample_and_schema(tmp_path):
    out = docgen("forms", "--format", "json", cwd=tmp_path)
    forms = {f["id"]: f for f in json.loads(out.stdout)}
    for form, (title, _) in SEED_FORMS.items():
        assert forms[form]["name"] == title
        assert forms[form]["template"] == str(REPO / "templates" / f"{form}.docx")
        assert (REPO / "samples" / form / "application.md").is_file()
        assert (REPO / "validators" / f"{form}.schema.json").is_file()
    assert forms["kaohsiung_execution_plan"]["seed"] == forms["kaohsiung_work_plan"]["seed"] == "002_e0dbac59c8f7f20e.txt"
    assert forms["district_plan"]["seed"] == "004_b8f3f39838d851ff.txt"


@pytest.mark.parametrize("form", SEED_FORMS)
def test_the_template_prints_the_seeds_title_with_the_agency_blank(form):
    from docx import Document
    title, _ = SEED_FORMS[form]
    texts = [p.text for p in Document(str(REPO / "templates" / f"{form}.docx")).paragraphs]
    assert "{{ f.agency }}" + title in texts
    assert "{{p narrative }}" in texts


# -- build, check clean, round trip -----------------------------------------------------------

@pytest.mark.parametrize("form", SEED_FORMS)
def test_the_sample_builds_and_checks_clean_as_source_docx_and_pdf(built, form):
    out = built / "out"
    found = report(REPO / "samples" / form, out / f"{form}.docx", out / f"{form}.pdf", cwd=built)
    source, docx, pdf = found[form], found[f"{form}.docx"], found[f"{form}.pdf"]
    for entry in (source, docx, pdf):
        assert entry["form"] == form, entry["path"]
        assert errors(entry) == [], (entry["path"], entry["findings"])
    assert {f["rule"] for f in pdf["findings"]} <= {"font-substituted"}
    assert docx["findings"] == []
    # the same words counted from the source, the Word file and the PDF LibreOffice made of it
    assert source["stats"]["count"] == docx["stats"]["count"] == pdf["stats"]["count"] > 300
    # the agency is read back from the printed title 「（機關全銜）…計畫」
    agency = re.search(r"^agency: (.+)$", (REPO / "samples" / form / "application.md").read_text(encoding="utf-8"),
                       re.M).group(1)
    from docx import Document
    title = SEED_FORMS[form][0]
    assert agency + title in [p.text for p in Document(str(out / f"{form}.docx")).paragraphs]


@pytest.mark.parametrize("form", [f for f, (_, cols) in SEED_FORMS.items() if cols])
def test_the_plan_content_is_a_word_table_with_the_seeds_columns(built, form):
    from docx import Document
    doc = Document(str(built / "out" / f"{form}.docx"))
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == SEED_FORMS[form][1]
    assert len(table.rows) >= 4
    first = table.rows[1].cells
    assert re.match("一、", first[0].text) and re.match("（一）", first[1].text)
    # the table sits under 肆、計畫內容 and before 伍、考核與獎勵
    body = doc.element.body
    heads = [p._p for p in doc.paragraphs if p.text in ("肆、計畫內容", "伍、考核與獎勵")]
    assert [body.index(h) for h in heads][0] < body.index(table._tbl) < body.index(heads[1])


# -- faults are caught ------------------------------------------------------------------------

def _sample(form: str, folder: Path, edit) -> Path:
    src = folder / form
    src.mkdir(parents=True)
    text = (REPO / "samples" / form / "application.md").read_text(encoding="utf-8")
    changed = edit(text)
    assert changed != text
    (src / "application.md").write_text(changed, encoding="utf-8")
    return src


FAULTS = {
    # 伍 left out
    "kaohsiung_execution_plan": (lambda t: t.split("## 考核與獎勵")[0], "section-missing"),
    # the seed's own half-width (一) in the table
    "kaohsiung_work_plan": (lambda t: t.replace("（一）設置單一窗口", "(一)設置單一窗口"), "numbering-format"),
    # 1、 straight under 二、 (（一） skipped)
    "district_plan": (lambda t: t.replace("#### 建置臨櫃單一窗口整合服務", "##### 建置臨櫃單一窗口整合服務"),
                      "numbering-depth"),
}


@pytest.mark.parametrize("form", SEED_FORMS)
def test_a_fault_is_caught_in_the_source_and_in_the_built_docx(tmp_path, form):
    edit, rule = FAULTS[form]
    src = _sample(form, tmp_path, edit)
    out = docgen("build", str(src), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert out.returncode == 1, out.stdout + out.stderr
    assert rule in out.stdout
    found = report(src, tmp_path / "out" / f"{form}.docx", cwd=tmp_path)
    assert rule in errors(found[form]) and rule in errors(found[f"{form}.docx"])


@pytest.mark.parametrize("form", SEED_FORMS)
def test_the_agency_left_as_the_forms_blank_is_caught(tmp_path, form):
    src = _sample(form, tmp_path, lambda t: re.sub(r"^agency: .+$", "agency: （機關全銜）", t, flags=re.M))
    docgen("build", str(src), "-o", str(tmp_path / "out"), cwd=tmp_path)
    found = report(src, tmp_path / "out" / f"{form}.docx", cwd=tmp_path)
    for entry in found.values():
        hits = [f for f in entry["findings"] if f["rule"] == "required-field"]
        assert hits and hits[0]["actual"] == "（機關全銜）", entry


def test_a_work_plan_citing_its_parents_execution_plan_is_a_work_plan(built):
    """壹、計畫依據 names 「…民政局提升服務品質執行計畫」: the title, found first, decides."""
    text = (REPO / "samples" / "kaohsiung_work_plan" / "application.md").read_text(encoding="utf-8")
    assert "提升服務品質執行計畫" in text
    found = report(built / "out" / "kaohsiung_work_plan.docx", cwd=built)
    assert found["kaohsiung_work_plan.docx"]["form"] == "kaohsiung_work_plan"


# -- docgen init ------------------------------------------------------------------------------

@pytest.mark.parametrize("form", SEED_FORMS)
def test_init_gives_a_source_that_builds_and_asks_for_every_section(tmp_path, form):
    out = docgen("init", "--form", form, "src", cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    text = (tmp_path / "src" / "application.md").read_text(encoding="utf-8")
    assert f"form: {form}" in text and 'agency: ""' in text
    columns = SEED_FORMS[form][1]
    if columns:  # the table section starts as a Markdown table with the seed's column heads
        assert "| " + " | ".join(columns) + " |" in text
    built = docgen("build", "src", "-o", "out", cwd=tmp_path)
    assert built.returncode == 1  # nothing written yet: each box still asks for its text
    found = report(tmp_path / "src", cwd=tmp_path)["src"]
    assert errors(found) == ["required-field"]
    assert "section-missing" not in {f["rule"] for f in found["findings"]}


# -- the 專案摘要表 as the seed prints it -------------------------------------------------------

def _pdf_lines(pdf: Path) -> list[str]:
    """The PDF's text lines (words on one baseline joined), as a reader sees the page."""
    import pdfplumber
    lines = []
    with pdfplumber.open(str(pdf)) as doc:
        for page in doc.pages:
            lines += [re.sub(r"\s+", "", line["text"]) for line in page.extract_text_lines()]
    return lines


def test_the_signature_line_is_one_line_on_an_a4_page(built):
    lines = _pdf_lines(built / "out" / "summary_form.pdf")
    sign = [line for line in lines if "首長：" in line]
    assert len(sign) == 1, sign
    assert re.fullmatch(r"機關\(構\)首長：\(請簽名或蓋章\)日期：中華民國年月日", sign[0]), sign[0]
    assert not any(line.startswith(("月", "日")) for line in lines)


def test_the_summary_notes_close_part_2_and_are_never_counted_numbered_or_found(built):
    out = built / "out"
    lines = _pdf_lines(out / "summary_form.pdf")
    notes = lines[lines.index("摘要撰寫說明："):]
    assert notes[1:5] == ["1、請於上開表格依各標項說明專案（2000字以內）。", "2、字體規格：",
                          "(1)標題為16號字標楷體；內文為14號字標楷體；行距為固定行高20點。",
                          "(2)數字標號：依序為壹、一、（一）、1、（1），其餘標號自訂。"]
    found = report(REPO / "samples" / "summary_form", out / "summary_form.docx", out / "summary_form.pdf", cwd=built)
    counts = {name: entry["stats"]["count"] for name, entry in found.items()}
    assert len(set(counts.values())) == 1, counts  # the notes are in the DOCX and PDF, not counted
    for entry in found.values():
        assert errors(entry) == [], entry["findings"]
        assert not [f for f in entry["findings"] if "摘要撰寫說明" in json.dumps(f, ensure_ascii=False)]


def test_amounts_carry_thousands_separators_wherever_the_form_prints_them(tmp_path):
    src = write_source(tmp_path / "app", {**SUMMARY_FIELDS, "budget": 120000, "funding": "3500", "staff": 1250},
                       SUMMARY_BODY)
    out = docgen("build", str(src), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert out.returncode in (0, 1), out.stdout + out.stderr
    from docx import Document
    doc = Document(str(tmp_path / "out" / "app.docx"))
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert "120,000千元" in cells and "共計：1,250人（含約聘僱及臨時人員）" in cells
    assert any(c.startswith("3,500千元") for c in cells)
    # read back as the same numbers
    found = report(tmp_path / "out" / "app.docx", cwd=tmp_path)["app.docx"]
    assert "required-field" not in errors(found)


def test_the_builder_follows_the_profiles_indents_signature_and_title(tmp_path):
    """A city's copy of the summary form with other indents, blanks and document title."""
    import yaml
    data = yaml.safe_load((REPO / "validators" / "summary_form.yaml").read_text(encoding="utf-8"))
    data.update(id="city_summary", numbering={**data["numbering"], "indents": [[0, 0], [3, 3], [6, 3], [8, 2], [10, 3]]},
                signature={"name": 3, "year": 3, "month": 1, "day": 1}, docx_title="{agency}：{award_name}")
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "city_summary.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    shutil.copy(REPO / "templates" / "summary_form.docx", tmp_path / "forms")
    (tmp_path / "docgen.toml").write_text('forms = ["forms"]\n', encoding="utf-8")
    write_source(tmp_path / "app", {**SUMMARY_FIELDS, "form": "city_summary"}, SUMMARY_BODY)
    out = docgen("build", "app", "-o", "out", cwd=tmp_path)
    assert out.returncode in (0, 1), out.stdout + out.stderr
    from docx import Document
    doc = Document(str(tmp_path / "out" / "app.docx"))
    assert doc.core_properties.title == "臺南市測試區公所：行動櫃檯到府服務"
    texts = {p.text: p for p in doc.paragraphs}
    assert "機關(構)首長：　　　(請簽名或蓋章)\t日期：中華民國　　　年　月　日" in texts
    level2 = next(p for t, p in texts.items() if t.startswith("一、服務對象"))
    assert level2.paragraph_format.left_indent.pt == 3 * 14 and level2.paragraph_format.first_line_indent.pt == -3 * 14


def test_a_configured_form_without_a_template_builds_with_the_one_its_profile_describes(tmp_path):
    import yaml
    data = yaml.safe_load((REPO / "validators" / "district_plan.yaml").read_text(encoding="utf-8"))
    data.update(id="town_plan", template="town_plan.docx")
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "town_plan.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "docgen.toml").write_text('forms = ["forms"]\n', encoding="utf-8")
    src = _sample("district_plan", tmp_path, lambda t: t.replace("form: district_plan", "form: town_plan"))
    out = docgen("build", str(src), "-o", "out", cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert not (tmp_path / "forms" / "town_plan.docx").exists()  # nothing written beside the profile
    from docx import Document
    texts = [p.text for p in Document(str(tmp_path / "out" / "district_plan.docx")).paragraphs]
    assert texts[0] == "臺南市竹溪區公所提升服務品質實施計畫" and "伍、本計畫奉區長核定後實施，如有未盡事宜，得依實際需要修正或另行補充規定。" in texts


@pytest.mark.parametrize("form", SEED_FORMS)
def test_a_form_whose_seed_sets_no_length_is_counted_but_never_over(tmp_path, form):
    # the seeds give these plans no 字數 limit: a long plan is shown its count, never a char-limit error
    long_para = "本所推動單一窗口整合服務，民眾臨櫃一次辦結多項申請，節省往返時間與交通成本。" * 120
    src = _sample(form, tmp_path, lambda t: t.replace("\n## ", f"\n{long_para}\n\n## ", 2))
    entry = report(src, cwd=tmp_path)[form]
    assert entry["stats"]["count"] > 4000 and entry["stats"]["limit"] is None
    assert "char-limit" not in errors(entry)
    text = docgen("check", str(src), cwd=tmp_path).stdout
    assert re.search(r"字數 \d+/不限", text), text
    listed = json.loads(docgen("forms", "--format", "json", cwd=tmp_path).stdout)
    assert next(f for f in listed if f["id"] == form)["limit"] is None
    assert "不限字數" in docgen("forms", cwd=tmp_path).stdout
