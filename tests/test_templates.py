"""The generated Word templates (scripts/make_templates.py → templates/*.docx).

Checks the raw OOXML (zipfile + lxml) for the typography contract, the docxtpl
tag contract the builder relies on, byte-for-byte reproducibility, and that a
sandboxed, autoescaped docxtpl render works.
"""
from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import jinja2.sandbox
import pytest
from lxml import etree

docxtpl = pytest.importorskip("docxtpl")

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "make_templates.py"
TEMPLATES = REPO / "templates"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
FONT = "標楷體"


def q(name: str) -> str:
    return f"{{{W}}}{name}"



sys.path.insert(0, str(REPO))
from docgen.profile import form_ids, load_profile, template_path  # noqa: E402

# every shipped form: the expectations below are read from its profile, not typed here
FORMS = form_ids()


def layout_paragraphs(profile):
    """(text, spec) of every paragraph the profile's layout prints, cells included."""
    from docgen.build.template import default_layout

    def texts(spec):
        t = spec.get("text", "")
        return [t] if isinstance(t, str) else list(t)

    for block in profile.layout or default_layout(profile):
        if "table" in block:
            for row in block["table"]["rows"]:
                for cell in row["cells"]:
                    for t in texts(cell):
                        yield t, cell
        else:
            for t in texts(block):
                yield t, block


def expect(form):
    profile = load_profile(form)
    shown = [(re.sub(r"\t", "", t), spec) for t, spec in layout_paragraphs(profile)]
    tags = [tag for t, _ in shown for tag in re.findall(r"\{\{.*?\}\}", t)]
    return {
        "profile": profile,
        "line": str(round(profile.line_points * 20)),
        "rule": profile.line_rule,
        "title_sz": str(round(profile.size_title * 2)),
        "body_sz": str(round(profile.size_body * 2)),
        "font": profile.font_family,
        "titles": {t for t, spec in shown if spec.get("role") == "title"},
        "pictures": {t for t, spec in shown if spec.get("picture")},
        "tags": tags,
        "vars": {re.match(r"\{\{p?\s*(\w+)", tag).group(1) for tag in tags},
    }


def tpl_path(form: str) -> Path:
    return template_path(load_profile(form))


def read_part(path: Path | bytes, name: str) -> etree._Element:
    src = io.BytesIO(path) if isinstance(path, bytes) else path
    with zipfile.ZipFile(src) as zf:
        return etree.fromstring(zf.read(name))


def ptext(p) -> str:
    return "".join(t.text or "" for t in p.iter(q("t")))


def check_rpr(rpr, size: str, where: str, font: str = FONT) -> None:
    assert rpr is not None, f"{where}: no rPr"
    fonts = rpr.find(q("rFonts"))
    assert fonts is not None, f"{where}: no rFonts"
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert fonts.get(q(slot)) == font, f"{where}: rFonts {slot}={fonts.get(q(slot))}"
    for attr in fonts.attrib:
        assert "Theme" not in attr, f"{where}: theme font {attr}"
    lang = rpr.find(q("lang"))
    assert lang is not None and lang.get(q("eastAsia")) == "zh-TW", f"{where}: lang"
    for tag in ("sz", "szCs"):
        e = rpr.find(q(tag))
        assert e is not None, f"{where}: no {tag}"
        assert e.get(q("val")) == size, f"{where}: {tag}={e.get(q('val'))}, want {size}"


def check_spacing(ppr, line: str, where: str, rule: str = "exact") -> None:
    sp = ppr.find(q("spacing")) if ppr is not None else None
    assert sp is not None, f"{where}: no spacing"
    want = {"before": "0", "after": "0", "line": line, "lineRule": rule}
    got = {k: sp.get(q(k)) for k in want}
    assert got == want, f"{where}: spacing {got}, want {want}"


# --------------------------------------------------------------------------
def test_every_form_has_its_template():
    assert {"summary_form", "nomination_list"} <= set(FORMS)
    for form in FORMS:
        assert tpl_path(form).is_file(), f"run scripts/make_templates.py ({form})"


def _registry():
    """Every form in the registry (shipped), read at collection."""
    from docgen.profile import all_profiles
    profiles, broken = all_profiles()
    assert not broken, broken
    return profiles


@pytest.mark.parametrize("profile", _registry(), ids=lambda p: p.id)
def test_every_form_has_a_template_consistent_with_its_profile(profile):
    """Fonts, sizes and line height of the form's template are its profile's; the only
    paragraphs off the line grid hold a picture field's tag."""
    from docgen.profile import template_path
    path = template_path(profile)
    assert path.is_file(), f"no template for {profile.id}: run scripts/make_templates.py"
    doc = read_part(path, "word/document.xml")
    styles = read_part(path, "word/styles.xml")
    sizes = {int(e.get(q("val"))) for root in (doc, styles) for e in root.iter(q("sz"))}
    want = {round(profile.size_title * 2), round(profile.size_body * 2)}
    assert sizes and sizes <= want, (sizes, want)
    for root in (doc, styles):
        for fonts in root.iter(q("rFonts")):
            assert fonts.get(q("eastAsia")) in (None, profile.font_family), fonts.attrib
    pictures = {f"{{{{ {f.key} }}}}" for f in profile.fields if f.type == "picture"}
    line = str(round(profile.line_points * 20))
    for i, p in enumerate(doc.iter(q("p"))):
        where = f"{profile.id} paragraph {i} {ptext(p)[:20]!r}"
        if ptext(p) in pictures:
            continue
        check_spacing(p.find(q("pPr")), line, where, rule=profile.line_rule)


@pytest.mark.parametrize("form", FORMS)
def test_shipped_template_is_what_docgen_template_writes(form, tmp_path):
    """The shipped file is the profile's template, byte for byte, through the real command."""
    out = tmp_path / "t.docx"
    run = subprocess.run([sys.executable, "-m", "docgen", "template", form, "-o", str(out)],
                         capture_output=True, text=True, cwd=tmp_path, timeout=120,
                         env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(tmp_path)})
    assert run.returncode == 0, run.stdout + run.stderr
    assert str(out) in run.stdout
    assert out.read_bytes() == tpl_path(form).read_bytes(), (
        f"{tpl_path(form).name} is stale: run scripts/make_templates.py")


@pytest.mark.parametrize("form", FORMS)
def test_every_run_and_paragraph_mark_has_the_profiles_font_and_role_size(form):
    spec = expect(form)
    doc = read_part(tpl_path(form), "word/document.xml")
    paragraphs = doc.findall(".//w:p", NS)
    assert len(paragraphs) >= 2  # at least a title and the narrative
    seen_titles = set()
    for i, p in enumerate(paragraphs):
        text = ptext(p)
        size = spec["title_sz"] if text in spec["titles"] else spec["body_sz"]
        if text in spec["titles"]:
            seen_titles.add(text)
        where = f"{form} paragraph {i} {text[:20]!r}"
        check_rpr(p.find("w:pPr/w:rPr", NS), size, where + " (mark)", spec["font"])
        for r in p.findall("w:r", NS):
            check_rpr(r.find(q("rPr")), size, where, spec["font"])
    assert seen_titles == spec["titles"] and seen_titles
    # no run outside a paragraph (e.g. directly in a hyperlink or sdt)
    assert len(doc.findall(".//w:r", NS)) == sum(len(p.findall("w:r", NS)) for p in paragraphs)


@pytest.mark.parametrize("form", FORMS)
def test_every_paragraph_has_the_profiles_line_height(form):
    spec = expect(form)
    doc = read_part(tpl_path(form), "word/document.xml")
    exempt = 0
    for i, p in enumerate(doc.findall(".//w:p", NS)):
        where = f"{form} paragraph {i} {ptext(p)[:20]!r}"
        if ptext(p) in spec["pictures"]:
            check_spacing(p.find(q("pPr")), "240", where, rule="auto")
            exempt += 1
        else:
            check_spacing(p.find(q("pPr")), spec["line"], where, spec["rule"])
    assert exempt == len(spec["pictures"])


def test_the_template_follows_the_profiles_values(tmp_path):
    """Change the profile's sizes, font and line rule: the template written from it changes with them."""
    import yaml
    data = yaml.safe_load((REPO / "validators" / "summary_form.yaml").read_text(encoding="utf-8"))
    data.update(id="city_form", name="市府摘要表", template="city_form.docx")
    data["fonts"]["family"] = "DFKai-SB"
    data["fonts"]["sizes"] = {"title": 18, "body": 12}
    data["line_height"] = {"rule": "atLeast", "points": 18}
    (tmp_path / "city_form.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "city.docx"
    run = subprocess.run([sys.executable, "-m", "docgen", "template", str(tmp_path / "city_form.yaml"), "-o", str(out)],
                         capture_output=True, text=True, timeout=120,
                         env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(tmp_path)})
    assert run.returncode == 0, run.stderr
    doc = read_part(out, "word/document.xml")
    title = next(p for p in doc.iter(q("p")) if ptext(p) == "專案摘要表")
    check_rpr(title.find("w:r/w:rPr", NS), "36", "title", "DFKai-SB")
    check_spacing(title.find(q("pPr")), "360", "title", "atLeast")
    body = next(p for p in doc.iter(q("p")) if ptext(p) == "首長")
    check_rpr(body.find("w:r/w:rPr", NS), "24", "body", "DFKai-SB")
    core = etree.tostring(read_part(out, "docProps/core.xml"), encoding="unicode")
    assert "<dc:title>市府摘要表</dc:title>" in core


def test_a_form_without_layout_gets_title_parts_and_narrative(tmp_path):
    from docgen.build.template import template_bytes
    from docgen.profile import profile_from_dict
    import yaml
    data = yaml.safe_load((REPO / "validators" / "summary_form.yaml").read_text(encoding="utf-8"))
    del data["layout"]
    paras = [ptext(p) for p in read_part(template_bytes(profile_from_dict(data)), "word/document.xml").iter(q("p"))]
    assert paras == ["專案摘要表", "第一部分、基本資料", "第二部分、專案摘要", "{{p narrative }}"]


@pytest.mark.parametrize("form", FORMS)
def test_styles_defaults_carry_the_font(form):
    spec = expect(form)
    styles = read_part(tpl_path(form), "word/styles.xml")
    check_rpr(styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS), spec["body_sz"], "rPrDefault", spec["font"])
    check_spacing(styles.find("w:docDefaults/w:pPrDefault/w:pPr", NS), spec["line"], "pPrDefault", spec["rule"])
    normal = styles.find("w:style[@w:styleId='Normal']", NS)
    assert normal is not None and normal.get(q("default")) == "1"
    check_rpr(normal.find(q("rPr")), spec["body_sz"], "Normal", spec["font"])
    check_spacing(normal.find(q("pPr")), spec["line"], "Normal", spec["rule"])
    for style in styles.findall("w:style", NS):
        if style.find(q("rPr")) is not None:
            sid = style.get(q("styleId"))
            size = spec["title_sz"] if sid == "Heading1" else spec["body_sz"]
            check_rpr(style.find(q("rPr")), size, f"style {sid}", spec["font"])
    table_default = styles.find("w:style[@w:type='table'][@w:default='1']", NS)
    assert table_default is not None and table_default.find(q("rPr")) is not None


@pytest.mark.parametrize("form", FORMS)
def test_no_theme_fonts_anywhere(form):
    with zipfile.ZipFile(tpl_path(form)) as zf:
        for name in zf.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                data = zf.read(name).decode("utf-8")
                assert not re.search(r"\w+Theme=", data), f"{form}: theme font in {name}"
                assert "<!DOCTYPE" not in data


@pytest.mark.parametrize("form", FORMS)
def test_page_and_tables(form):
    doc = read_part(tpl_path(form), "word/document.xml")
    sect = doc.find("w:body/w:sectPr", NS)
    size = sect.find(q("pgSz"))
    assert (size.get(q("w")), size.get(q("h"))) == ("11906", "16838")  # A4
    mar = sect.find(q("pgMar"))
    for side in ("top", "bottom", "left", "right"):
        assert 850 <= int(mar.get(q(side))) <= 1440
    for tbl in doc.findall(".//w:tbl", NS):
        borders = tbl.find("w:tblPr/w:tblBorders", NS)
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            assert borders.find(q(side)).get(q("val")) == "single", side
        grid = [int(g.get(q("w"))) for g in tbl.findall("w:tblGrid/w:gridCol", NS)]
        assert all(w > 500 for w in grid)
        assert sum(grid) == 11906 - 2 * 1134
        for tr in tbl.findall("w:tr", NS):
            total = 0
            for tc in tr.findall("w:tc", NS):
                span = tc.find("w:tcPr/w:gridSpan", NS)
                n = int(span.get(q("val"))) if span is not None else 1
                width = int(tc.find("w:tcPr/w:tcW", NS).get(q("w")))
                assert width == sum(grid[total: total + n])
                total += n
            assert total == len(grid)


@pytest.mark.parametrize("form", FORMS)
def test_tags_whole_in_single_runs(form):
    spec = expect(form)
    doc = read_part(tpl_path(form), "word/document.xml")
    run_texts = [ptext(r) for r in doc.iter(q("r"))]
    for text in run_texts:
        # a run never holds half a tag
        assert text.count("{{") == text.count("}}"), text
        assert text.count("{%") == text.count("%}"), text
    for tag in spec["tags"]:
        assert tag in run_texts, f"{form}: {tag} is not one whole run"
    all_tags = set(re.findall(r"\{\{.*?\}\}", "".join(run_texts)))
    assert all_tags == set(spec["tags"])
    # {{p narrative }} must be alone in its paragraph (docxtpl drops the paragraph)
    ps = [p for p in doc.iter(q("p")) if "{{p narrative }}" in ptext(p)]
    assert len(ps) == 1 and ptext(ps[0]) == "{{p narrative }}"


@pytest.mark.parametrize("form", FORMS)
def test_docxtpl_sees_the_contract_variables(form):
    """Every variable the template uses is one the builder provides for this form."""
    spec = expect(form)
    tpl = docxtpl.DocxTemplate(str(tpl_path(form)))
    found = tpl.get_undeclared_template_variables()
    assert found == spec["vars"]
    profile = spec["profile"]
    provided = {"f", "narrative", "box", *(f.template_name or f.key for f in profile.fields
                                             if f.type in ("contact", "picture"))}
    if profile.signature:
        provided.add("sign")
    assert found <= provided, found - provided


def test_seed_text_present():
    sf = "".join(ptext(p) for p in read_part(tpl_path("summary_form"), "word/document.xml").iter(q("p")))
    for needle in [
        "機關(構)名稱", "首長", "職稱", "機關(構)地址", "共計：", "人（含約聘僱及臨時人員）",
        "千元", "參獎名稱", "(必填)", "團隊成員", "投入經費",
        "與行政院重要政策或主要中長程個案計畫之關聯", "(如無免填)", "公私協力合作情形",
        "執行起迄日期", "參獎團隊架構圖",
        "所有法律責任由參獎機關（構）自負，不得異議。",
        "以不限區域、時間、次數及非營利之方式，作為廣宣表揚用途。",
        "若獲獎3年內服務形象有重大缺失", "(請簽名或蓋章)", "日期：中華民國",
        # the notes closing Part 2, as the seed prints them
        "摘要撰寫說明：", "1、請於上開表格依各標項說明專案（2000字以內）。", "2、字體規格：",
        "(1)標題為16號字標楷體；內文為14號字標楷體；行距為固定行高20點。",
        "(2)數字標號：依序為壹、一、（一）、1、（1），其餘標號自訂。",
    ]:
        assert needle in sf, needle
    assert sf.index("{{p narrative }}") < sf.index("摘要撰寫說明：")
    nl = "".join(ptext(p) for p in read_part(tpl_path("nomination_list"), "word/document.xml").iter(q("p")))
    for needle in [
        "附件1", "參獎機關名稱", "參獎類別", "指定參獎/自行報名", "整體服務類", "服務規劃類",
        "指定參獎（一級機關：", "自行報名", "專案名稱：",
        "本構面毋須另闢專節撰寫)等特色。(字體規格：14號字標楷體，固定行高22點。)",
        "窗口人員1：", "窗口人員2：",
    ]:
        assert needle in nl, needle


def test_core_properties_fixed():
    for form in FORMS:
        core = etree.tostring(read_part(tpl_path(form), "docProps/core.xml"), encoding="unicode")
        assert "<dc:creator>docgen</dc:creator>" in core
        assert f"<dc:title>{load_profile(form).name}</dc:title>" in core
        assert core.count("2000-01-01T00:00:00Z") == 2
        assert "lastModifiedBy" not in core and "revision" not in core


def test_script_is_deterministic(tmp_path):
    out1, out2 = tmp_path / "a", tmp_path / "b"
    for out in (out1, out2):
        subprocess.run([sys.executable, str(SCRIPT), "--out", str(out)], check=True,
                       capture_output=True)
    for form in FORMS:
        name = load_profile(form).template
        fresh = (out1 / name).read_bytes()
        assert fresh == (out2 / name).read_bytes(), f"{name}: two runs differ"
        assert fresh == tpl_path(form).read_bytes(), (
            f"templates/{name} is stale: run scripts/make_templates.py"
        )
        with zipfile.ZipFile(out1 / name) as zf:
            infos = zf.infolist()
            assert infos[0].filename == "[Content_Types].xml"
            for info in infos:
                assert info.date_time == (1980, 1, 1, 0, 0, 0)
                assert info.external_attr >> 16 == 0o100644
    assert not [p for p in out1.iterdir() if p.name.startswith(".")], "temp file left behind"


# --------------------------------------------------------------------------
# rendering with the builder's contract
# --------------------------------------------------------------------------
NASTY = "A<B & C>D"


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"\x00\xff\xff\xff" * 1  # one white RGB pixel (filter byte + 3 bytes)
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"pHYs", struct.pack(">IIB", 3780, 3780, 1))
            + chunk(b"IDAT", zlib.compress(raw[:4]))
            + chunk(b"IEND", b""))


def render(form: str, context_fn) -> bytes:
    tpl = docxtpl.DocxTemplate(str(tpl_path(form)))
    ctx = context_fn(tpl)
    env = jinja2.sandbox.SandboxedEnvironment(autoescape=True)
    tpl.render(ctx, jinja_env=env, autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def narrative_subdoc(tpl, heading: str):
    """The narrative as the builder passes it: Markup <w:p> XML."""
    from markupsafe import Markup, escape

    body = "一、內文" + NASTY
    return Markup("".join(f"<w:p><w:r><w:t>{escape(t)}</w:t></w:r></w:p>" for t in (heading, body)))


def summary_ctx(tpl, chart=""):
    return {
        "f": {
            "agency": NASTY, "head": "王大明", "head_title": "局長", "address": "臺南市安平區",
            "staff": "120", "budget": "35,000", "award_name": "智慧服務", "team": "甲\a乙",
            "team_size": "8", "funding": "1,200", "funding_note": "市府預算",
            "policy_link": "數位轉型", "ppp": "與某公司合作", "period": "111年1月1日至迄今",
        },
        "team_chart": chart(tpl) if callable(chart) else chart,
        "sign": {"name": "王大明", "year": "113", "month": "3", "day": "5"},
        "narrative": narrative_subdoc(tpl, "壹、專案簡介"),
    }


def nomination_ctx(tpl):
    return {
        "f": {"agency": NASTY, "parent_agency": "臺北市政府勞動局", "project_name": "職涯導航"},
        "box": {"overall": "□", "planning": "■", "designated": "■", "self": "□"},
        "c1": {"name": "林小華", "title": "專員", "phone": "02-27208889", "email": "a@b.tw"},
        "c2": {"name": "陳一", "title": "科員", "phone": "02-1234", "email": "c@d.tw"},
        "narrative": narrative_subdoc(tpl, "壹、執行期間"),
    }


def rendered_paragraphs(data: bytes) -> list[str]:
    doc = read_part(data, "word/document.xml")
    return [ptext(p) for p in doc.iter(q("p"))]


def test_render_summary_form():
    data = render("summary_form", summary_ctx)
    paras = rendered_paragraphs(data)
    text = "\n".join(paras)
    assert "{{" not in text and "{%" not in text
    assert NASTY in paras  # agency cell, escaped and unescaped intact
    assert "一、內文" + NASTY in paras
    assert "壹、專案簡介" in paras
    assert "共計：120人（含約聘僱及臨時人員）" in paras
    assert "35,000千元" in paras and "共計：8人" in paras
    assert "機關(構)首長：王大明(請簽名或蓋章)日期：中華民國113年3月5日" in paras  # a tab between
    # "\a" in a value splits it into paragraphs that keep the template formatting
    doc = read_part(data, "word/document.xml")
    for p in doc.iter(q("p")):
        if ptext(p) in ("甲", "乙"):
            check_rpr(p.find("w:r/w:rPr", NS), "28", ptext(p))
            check_spacing(p.find(q("pPr")), "400", ptext(p))
    assert "甲" in paras and "乙" in paras
    # narrative paragraph replaced, not left empty behind
    assert paras.index("第二部分、專案摘要") + 1 == paras.index("壹、專案簡介")


def test_render_summary_form_with_picture():
    def chart(tpl):
        from docx.shared import Mm
        return docxtpl.InlineImage(tpl, io.BytesIO(tiny_png()), width=Mm(40))

    data = render("summary_form", lambda tpl: summary_ctx(tpl, chart))
    doc = read_part(data, "word/document.xml")
    drawings = doc.findall(".//w:drawing", NS)
    assert len(drawings) == 1
    p = next(a for a in drawings[0].iterancestors() if a.tag == q("p"))
    check_spacing(p.find(q("pPr")), "240", "picture paragraph", rule="auto")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert any(n.startswith("word/media/") for n in zf.namelist())


def test_render_nomination_list():
    data = render("nomination_list", nomination_ctx)
    paras = rendered_paragraphs(data)
    assert "{{" not in "".join(paras)
    assert NASTY in paras
    assert "□整體服務類" in paras and "■服務規劃類" in paras
    assert "■指定參獎（一級機關：臺北市政府勞動局）" in paras and "□自行報名" in paras
    assert "專案名稱：職涯導航" in paras
    assert "窗口人員1：林小華、專員、02-27208889、a@b.tw" in paras
    assert "窗口人員2：陳一、科員、02-1234、c@d.tw" in paras
    assert "壹、執行期間" in paras and "一、內文" + NASTY in paras
    instr = next(i for i, t in enumerate(paras) if t.startswith("參獎服務規劃類者"))
    assert paras[instr + 1] == "壹、執行期間"


def test_render_narrative_as_markup_string():
    """A pre-built string of <w:p> XML (markupsafe.Markup) also works for {{p narrative }}."""
    from markupsafe import Markup

    p = (f'<w:p><w:r><w:rPr><w:rFonts w:eastAsia="{FONT}"/></w:rPr>'
         "<w:t>壹、執行期間</w:t></w:r></w:p>")

    def ctx(tpl):
        c = nomination_ctx(tpl)
        c["narrative"] = Markup(p)
        return c

    assert "壹、執行期間" in rendered_paragraphs(render("nomination_list", ctx))


@pytest.mark.parametrize("edit, want", [
    (("    - {text: 附件2}", "    - {txt: 附件2}"), "不認得的設定「layout.blocks.0.txt」（是否為「text」？）"),
    (("      widths: [3, 4, 3]", "      widths: [3, 4, x]"), "「sections.3.table.widths.2」應為數字，而不是「x」"),
    (('    - {text: "{{p narrative }}"}', "    - {table: {widths: [3000], rowz: []}}"),
     "不認得的設定「layout.blocks.3.table.rowz」（是否為「rows」？）"),
])
def test_a_bad_layout_is_one_line_naming_the_key(tmp_path, edit, want):
    text = (REPO / "validators" / "kaohsiung_execution_plan.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "plan.yaml"
    bad.write_text(text.replace(*edit), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "docgen", "template", str(bad), "-o", str(tmp_path / "t.docx")],
                         capture_output=True, text=True, timeout=120,
                         env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(tmp_path)})
    assert run.returncode == 2
    assert want in run.stdout + run.stderr, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr and not (tmp_path / "t.docx").exists()
