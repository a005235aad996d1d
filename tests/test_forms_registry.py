"""Forms as data: every profile validated against validators/profile.schema.json, a
registry of shipped and configured forms, and detection by the most specific title.
All through the real command."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import REPO
from wordfiles import make_docx, p, r

DOCGEN = [sys.executable, "-m", "docgen"]
SUMMARY_YAML = (REPO / "validators" / "summary_form.yaml").read_text(encoding="utf-8")


def docgen(*args, cwd, lang=None):
    pre = ["--lang", lang] if lang else []
    return subprocess.run([*DOCGEN, *pre, *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(Path(cwd) / ".cache"),
                               "PYTHONPATH": str(REPO)})


def registry(cwd) -> list[dict]:
    out = docgen("forms", "--format", "json", cwd=cwd)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def titled_docx(path, title, *more):
    return make_docx(path, p(r(title)) + "".join(p(r(t)) for t in more))


def city_form(folder: Path, form_id: str, title: str, yaml_text: str = SUMMARY_YAML) -> Path:
    """A copy of the summary form under another id that detects `title`."""
    data = yaml.safe_load(yaml_text)
    data.update(id=form_id, name=title, detect={"titles": [title]})
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{form_id}.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


@pytest.fixture
def agency(tmp_path):
    """A folder with a docgen.toml naming its own forms folder."""
    (tmp_path / "forms").mkdir()
    (tmp_path / "docgen.toml").write_text('forms = ["forms"]\n', encoding="utf-8")
    return tmp_path


# -- the schema --------------------------------------------------------------

def test_every_registered_profile_matches_the_published_schema(tmp_path):
    schema = json.loads(docgen("schema", "--profile", cwd=tmp_path).stdout)
    assert schema == json.loads((REPO / "validators" / "profile.schema.json").read_text(encoding="utf-8"))
    forms = registry(tmp_path)
    assert {f["id"] for f in forms} >= {"summary_form", "nomination_list"}
    for form in forms:
        data = json.loads(json.dumps(yaml.safe_load(Path(form["path"]).read_text(encoding="utf-8")), default=str))
        jsonschema.validate(data, schema)
        assert Path(form["path"]).stem == form["id"] == data["id"]
        assert form["template"] and Path(form["template"]).is_file(), form["id"]
        assert form["limit"] == data["counting"].get("limit")


@pytest.mark.parametrize("edit, zh, en", [
    (("line_height:", "line_hieght:"), "不認得的設定「line_hieght」（是否為「line_height」？）",
     "unknown key “line_hieght” (did you mean “line_height”?)"),
    (("  points: 20", "  points: twenty"), "「line_height.points」應為數字，而不是「twenty」",
     "“line_height.points” must be a number, not “twenty”"),
    (("  limit: 2000", "  limitt: 2000"), "「counting.limitt」", "“counting.limitt”"),
    (("  policy: word", "  policy: words"), "「counting.policy」應為 word, chars, han 之一",
     "“counting.policy” must be one of word, chars, han"),
])
def test_a_bad_profile_is_one_line_naming_file_and_key(tmp_path, edit, zh, en):
    bad = tmp_path / "city.yaml"
    bad.write_text(SUMMARY_YAML.replace(*edit), encoding="utf-8")
    doc = titled_docx(tmp_path / "a.docx", "專案摘要表")
    for lang, want in (("zh", zh), ("en", en)):
        out = docgen("check", "--form", str(bad), str(doc), cwd=tmp_path, lang=lang)
        assert out.returncode == 2
        line = next(l for l in out.stdout.splitlines() if "city.yaml" in l)
        assert want in line, line
        assert "Traceback" not in out.stdout + out.stderr


def test_a_broken_configured_profile_leaves_the_other_forms_working(agency):
    bad = city_form(agency / "forms", "city_plan", "為民服務精進計畫")
    bad.write_text(bad.read_text(encoding="utf-8").replace("line_height:", "line_hieght:"), encoding="utf-8")
    summary = titled_docx(agency / "summary.docx", "臺南市政府「政府服務獎」專案摘要表", "第一部分、基本資料")
    nomination = titled_docx(agency / "nom.docx", "報名參加「政府服務獎」參獎機關名單")
    plan = titled_docx(agency / "plan.docx", "臺南市政府為民服務精進計畫")
    out = docgen("check", "--format", "json", str(summary), str(nomination), str(plan), cwd=agency)
    files = {Path(f["path"]).name: f for f in json.loads(out.stdout)["files"]}
    assert files["summary.docx"]["form"] == "summary_form" and files["summary.docx"]["error"] is None
    assert files["nom.docx"]["form"] == "nomination_list" and files["nom.docx"]["error"] is None
    assert "city_plan.yaml" in files["plan.docx"]["error"] and "line_hieght" in files["plan.docx"]["error"]
    listed = docgen("forms", cwd=agency)
    assert listed.returncode == 2 and "line_hieght" in listed.stderr
    assert "summary_form" in listed.stdout and "city_plan" not in listed.stdout


# -- the registry ----------------------------------------------------------------

def test_a_configured_form_is_listed_checked_and_initialised(agency):
    city_form(agency / "forms", "city_summary", "工作摘要表")
    shutil.copy(REPO / "templates" / "summary_form.docx", agency / "forms" / "summary_form.docx")
    forms = {f["id"]: f for f in registry(agency)}
    assert forms["city_summary"]["path"] == str((agency / "forms" / "city_summary.yaml").resolve())
    assert forms["city_summary"]["template"] == str((agency / "forms" / "summary_form.docx").resolve())
    assert forms["summary_form"]["template"].endswith("templates/summary_form.docx")
    for form in forms:  # every listed id can start a source
        out = docgen("init", "--form", form, f"src_{form}", cwd=agency)
        assert out.returncode == 0, out.stdout + out.stderr
        assert f"form: {form}" in (agency / f"src_{form}" / "application.md").read_text(encoding="utf-8")
    out = docgen("check", "--format", "json", "src_city_summary", cwd=agency)
    assert json.loads(out.stdout)["files"][0]["form"] == "city_summary"
    assert docgen("schema", "city_summary", cwd=agency).returncode == 0
    assert docgen("count", "--form", "city_summary", "-", cwd=agency).returncode in (0, 1)


def test_form_by_path_works_for_check_init_schema_and_count(tmp_path):
    profile = city_form(tmp_path / "elsewhere", "new_form", "新表單")
    assert docgen("schema", str(profile), cwd=tmp_path).returncode == 0
    doc = titled_docx(tmp_path / "a.docx", "新表單")
    out = docgen("check", "--format", "json", "--form", str(profile), str(doc), cwd=tmp_path)
    assert json.loads(out.stdout)["files"][0]["form"] == "new_form", out.stdout
    out = docgen("init", "--form", str(profile), "src", cwd=tmp_path)
    assert out.returncode == 0, out.stdout
    assert "form: ../elsewhere/new_form.yaml" in (tmp_path / "src" / "application.md").read_text(encoding="utf-8")
    out = docgen("check", "--format", "json", "src", cwd=tmp_path)
    assert json.loads(out.stdout)["files"][0]["form"] == "new_form", out.stdout
    out = subprocess.run([*DOCGEN, "count", "--form", str(profile), "--format", "json", "-"], input="你好",
                         capture_output=True, text=True, cwd=tmp_path)
    assert json.loads(out.stdout)["limit"] == 2000, out.stdout


def test_detection_picks_the_most_specific_title_and_reports_a_tie(agency):
    city_form(agency / "forms", "short_summary", "摘要表")
    summary = titled_docx(agency / "summary.docx", "臺南市政府「政府服務獎」專案摘要表")
    other = titled_docx(agency / "other.docx", "本局工作摘要表")
    out = docgen("check", "--format", "json", str(summary), str(other), cwd=agency)
    forms = {Path(f["path"]).name: f["form"] for f in json.loads(out.stdout)["files"]}
    assert forms == {"summary.docx": "summary_form", "other.docx": "short_summary"}
    city_form(agency / "forms", "twin_summary", "摘要表")
    out = docgen("check", str(other), cwd=agency)
    assert out.returncode == 2
    assert "標題同樣符合多種表單（short_summary、twin_summary），請用 --form 指定" in out.stdout
    out = docgen("check", "--form", "twin_summary", "--format", "json", str(other), cwd=agency)
    assert json.loads(out.stdout)["files"][0]["form"] == "twin_summary"


def test_a_missing_forms_folder_in_the_config_is_one_line(tmp_path):
    (tmp_path / "docgen.toml").write_text('forms = ["nowhere"]\n', encoding="utf-8")
    out = docgen("forms", cwd=tmp_path)
    assert out.returncode == 2
    assert "forms 所列的資料夾「nowhere」不存在" in out.stdout + out.stderr


# -- every form in the registry ---------------------------------------------------

def _shipped():
    from docgen.profile import all_profiles
    profiles, broken = all_profiles()
    assert not broken, broken
    return profiles


@pytest.mark.parametrize("form", [pf.id for pf in _shipped()])
def test_every_shipped_form_has_seed_template_and_a_sample_that_builds_and_checks_clean(tmp_path, form):
    from docgen.profile import load_profile, template_path
    profile = load_profile(form)
    assert profile.seed and (REPO.parent / "shared" / "seeds" / profile.seed).is_file() or \
        not (REPO.parent / "shared" / "seeds").is_dir(), profile.seed
    assert template_path(profile).is_file()
    sample = REPO / "samples" / form
    assert sample.is_dir(), f"no sample for {form} (samples/{form})"
    out = docgen("build", str(sample), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    (built,) = (tmp_path / "out").glob("*.docx")
    out = docgen("check", "--format", "json", str(built), cwd=tmp_path)
    result = json.loads(out.stdout)["files"][0]
    assert out.returncode == 0 and result["form"] == form and result["error"] is None, out.stdout


@pytest.mark.parametrize("form", [pf.id for pf in _shipped()])
def test_every_listed_form_initialises_and_its_schema_is_served(tmp_path, form):
    """`docgen init --form ID` works for every id `docgen forms` lists: the new source is read
    as that form (its blanks are findings, not errors); `docgen schema ID` is the published one."""
    assert form in {f["id"] for f in registry(tmp_path)}
    out = docgen("init", "--form", form, "src", cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    out = docgen("check", "--format", "json", "src", cwd=tmp_path)
    result = json.loads(out.stdout)["files"][0]
    assert out.returncode in (0, 1) and result["form"] == form and result["error"] is None, out.stdout
    out = docgen("schema", form, cwd=tmp_path)
    assert out.returncode == 0
    assert json.loads(out.stdout) == json.loads((REPO / "validators" / f"{form}.schema.json").read_text(encoding="utf-8"))


# -- line_height.rule does what it says ---------------------------------------------

def test_line_rule_at_least_is_built_and_checked(agency, tmp_path):
    import zipfile

    from handmade import summary_docx
    from wordfiles import spacing

    atleast = SUMMARY_YAML.replace("  rule: exact", "  rule: atLeast")
    assert atleast != SUMMARY_YAML
    city_form(agency / "forms", "atleast_form", "提升服務品質摘要表", atleast)
    out = docgen("init", "--form", "atleast_form", "src", cwd=agency)
    assert out.returncode == 0, out.stdout
    md = agency / "src" / "application.md"
    md.write_text(md.read_text(encoding="utf-8").replace("（請在此撰寫）", "本所推動行動櫃檯。"), encoding="utf-8")
    docgen("build", "src", "-o", "out", cwd=agency)
    from lxml import etree
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(agency / "out" / "src.docx") as z:
        root = etree.fromstring(z.read("word/document.xml"))
    rules = [(para.find(f"{w}pPr/{w}spacing").get(w + "lineRule"), para.find(f"{w}pPr/{w}spacing").get(w + "line"))
             for para in root.iter(w + "p") if "本所推動行動櫃檯" in "".join(para.itertext())]
    assert rules and set(rules) == {("atLeast", "400")}, rules

    # the rule holds a DOCX to the profile's rule: exact 20 is wrong for an at-least form…
    exact = summary_docx(tmp_path / "exact.docx", title="提升服務品質摘要表")
    least = summary_docx(tmp_path / "least.docx", title="提升服務品質摘要表", line=spacing(400, "atLeast"))
    out = docgen("check", "--format", "json", str(exact), str(least), cwd=agency)
    files = {Path(f["path"]).name: f for f in json.loads(out.stdout)["files"]}
    assert {f["form"] for f in files.values()} == {"atleast_form"}
    fired = {name: [x for x in f["findings"] if x["rule"] == "line-spacing"] for name, f in files.items()}
    assert fired["least.docx"] == [] and fired["exact.docx"], fired
    assert "應為最小行高 20 點" in fired["exact.docx"][0]["message"]
    # …and the same at-least file is wrong for the exact form
    least_summary = summary_docx(tmp_path / "least2.docx", line=spacing(400, "atLeast"))
    out = docgen("check", "--format", "json", str(least_summary), cwd=agency)
    findings = json.loads(out.stdout)["files"][0]["findings"]
    assert any(x["rule"] == "line-spacing" and "應為固定行高 20 點" in x["message"] for x in findings)


# -- rule texts come from the profiles ---------------------------------------------------

def test_rule_texts_name_the_forms_values_from_their_profiles(agency, tmp_path):
    five = yaml.safe_load(SUMMARY_YAML)
    five["sections"].append({"title": "附錄"})
    five["counting"]["limit"] = 3000
    five["line_height"]["points"] = 18
    city_form(agency / "forms", "five_form", "五段摘要表", yaml.safe_dump(five, allow_unicode=True))
    out = docgen("rules", "--format", "json", cwd=agency)
    rules = {r["id"]: r for r in json.loads(out.stdout)}
    assert "五段摘要表 3000 字" in rules["char-limit"]["explanation"]
    assert "專案摘要表 2000 字" in rules["char-limit"]["explanation"]
    assert "五段摘要表 固定行高 18 點" in rules["line-spacing"]["explanation"]
    # a finding's fix hint names its own form's sections: five of them here
    src = agency / "src"
    docgen("init", "--form", "five_form", str(src), cwd=agency)
    md = src / "application.md"
    md.write_text(md.read_text(encoding="utf-8").replace("## 推動成效", "## 其他"), encoding="utf-8")
    out = docgen("check", "--format", "json", str(src), cwd=agency)
    hints = {f["hint"] for f in json.loads(out.stdout)["files"][0]["findings"] if f["rule"] == "section-missing"}
    assert hints == {"依表單補上缺少的段落標題，並依壹、貳、參、肆、伍排列。"}, out.stdout


def test_every_key_the_schema_allows_is_read_by_the_loader():
    """A key in the schema that profile.py never reads would do nothing (as counting.scope did)."""
    schema = json.loads((REPO / "validators" / "profile.schema.json").read_text(encoding="utf-8"))
    loader = (REPO / "docgen" / "profile.py").read_text(encoding="utf-8")

    def keys(node):
        for name, sub in (node.get("properties") or {}).items():
            yield name
            yield from keys(sub)
            yield from keys(sub.get("items") or {})

    unread = sorted(k for k in set(keys(schema)) if f'"{k}"' not in loader)
    assert unread == []


def test_numbering_levels_limit_the_outline_depth(agency):
    three = yaml.safe_load(SUMMARY_YAML)
    three["numbering"]["levels"] = ["壹、", "一、", "（一）"]
    city_form(agency / "forms", "three_levels", "三層摘要表", yaml.safe_dump(three, allow_unicode=True))
    deep = "## 專案簡介\n\n### 服務對象\n\n#### 長者\n\n1. 獨居長者\n\n本所推動行動櫃檯。\n"
    results = {}
    for form in ("three_levels", "summary_form"):
        src = agency / f"src_{form}"
        docgen("init", "--form", form, str(src), cwd=agency)
        md = src / "application.md"
        text = md.read_text(encoding="utf-8")
        md.write_text(text.replace("## 專案簡介\n", deep.replace("本所推動行動櫃檯。\n", ""), 1), encoding="utf-8")
        out = docgen("check", "--format", "json", str(src), cwd=agency)
        results[form] = [f["message"] for f in json.loads(out.stdout)["files"][0]["findings"]
                         if f["rule"] == "numbering-depth"]
    assert results["summary_form"] == []
    assert len(results["three_levels"]) == 1 and "超過本表單的 3 層編號（壹、 → 一、 → （一））" in \
        results["three_levels"][0], results
    # levels must be a prefix of the supported outline
    bad = dict(three, numbering={"levels": ["壹、", "（一）"]})
    city_form(agency / "forms", "three_levels", "三層摘要表", yaml.safe_dump(bad, allow_unicode=True))
    out = docgen("forms", cwd=agency)
    assert out.returncode == 2 and "「numbering.levels.1」應為「一、」，而不是「（一）」" in out.stderr, out.stderr
