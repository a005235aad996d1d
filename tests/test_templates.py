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


FORMS = {
    "summary_form": {
        "line": "400",
        "title_sz": "32",
        "body_sz": "28",
        "titles": {"專案摘要表", "第一部分、基本資料", "第二部分、專案摘要"},
        "vars": {"f", "team_chart", "sign", "narrative"},
        "tags": [
            "{{ f.agency }}", "{{ f.head }}", "{{ f.head_title }}", "{{ f.address }}",
            "{{ f.staff }}", "{{ f.budget }}", "{{ f.award_name }}", "{{ f.team }}",
            "{{ f.team_size }}", "{{ f.funding }}", "{{ f.funding_note }}",
            "{{ f.policy_link }}", "{{ f.ppp }}", "{{ f.period }}", "{{ team_chart }}",
            "{{ sign.name }}", "{{ sign.year }}", "{{ sign.month }}", "{{ sign.day }}",
            "{{p narrative }}",
        ],
    },
    "nomination_list": {
        "line": "440",
        "title_sz": "28",
        "body_sz": "28",
        "titles": {"臺北市政府報名參加「政府服務獎」參獎機關名單"},
        "vars": {"f", "box", "c1", "c2", "narrative"},
        "tags": [
            "{{ f.agency }}", "{{ box.overall }}", "{{ box.planning }}",
            "{{ box.designated }}", "{{ f.parent_agency }}", "{{ box.self }}",
            "{{ f.project_name }}", "{{p narrative }}",
            "{{ c1.name }}", "{{ c1.title }}", "{{ c1.phone }}", "{{ c1.email }}",
            "{{ c2.name }}", "{{ c2.title }}", "{{ c2.phone }}", "{{ c2.email }}",
        ],
    },
}

# The only paragraph allowed off the exact grid: the team chart picture
# (an exact line height would clip an inline image to one line).
PICTURE_PARAGRAPHS = {"summary_form": {"{{ team_chart }}"}, "nomination_list": set()}


def tpl_path(form: str) -> Path:
    return TEMPLATES / f"{form}.docx"


def read_part(path: Path | bytes, name: str) -> etree._Element:
    src = io.BytesIO(path) if isinstance(path, bytes) else path
    with zipfile.ZipFile(src) as zf:
        return etree.fromstring(zf.read(name))


def ptext(p) -> str:
    return "".join(t.text or "" for t in p.iter(q("t")))


def check_rpr(rpr, size: str, where: str) -> None:
    assert rpr is not None, f"{where}: no rPr"
    fonts = rpr.find(q("rFonts"))
    assert fonts is not None, f"{where}: no rFonts"
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert fonts.get(q(slot)) == FONT, f"{where}: rFonts {slot}={fonts.get(q(slot))}"
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
@pytest.fixture(scope="module", autouse=True)
def templates_exist():
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
def test_every_run_and_paragraph_mark_is_kai_with_role_size(form):
    spec = FORMS[form]
    doc = read_part(tpl_path(form), "word/document.xml")
    paragraphs = doc.findall(".//w:p", NS)
    assert len(paragraphs) > 5
    seen_titles = set()
    for i, p in enumerate(paragraphs):
        text = ptext(p)
        size = spec["title_sz"] if text in spec["titles"] else spec["body_sz"]
        if text in spec["titles"]:
            seen_titles.add(text)
        where = f"{form} paragraph {i} {text[:20]!r}"
        check_rpr(p.find("w:pPr/w:rPr", NS), size, where + " (mark)")
        runs = p.findall("w:r", NS)
        for r in runs:
            check_rpr(r.find(q("rPr")), size, where)
    assert seen_titles == spec["titles"]
    # no run outside a paragraph (e.g. directly in a hyperlink or sdt)
    assert len(doc.findall(".//w:r", NS)) == sum(len(p.findall("w:r", NS)) for p in paragraphs)


@pytest.mark.parametrize("form", FORMS)
def test_every_paragraph_has_exact_line_spacing(form):
    spec = FORMS[form]
    doc = read_part(tpl_path(form), "word/document.xml")
    exempt = 0
    for i, p in enumerate(doc.findall(".//w:p", NS)):
        where = f"{form} paragraph {i} {ptext(p)[:20]!r}"
        if ptext(p) in PICTURE_PARAGRAPHS[form]:
            check_spacing(p.find(q("pPr")), "240", where, rule="auto")
            exempt += 1
        else:
            check_spacing(p.find(q("pPr")), spec["line"], where)
    assert exempt == len(PICTURE_PARAGRAPHS[form])


@pytest.mark.parametrize("form", FORMS)
def test_styles_defaults_carry_kai(form):
    spec = FORMS[form]
    styles = read_part(tpl_path(form), "word/styles.xml")
    check_rpr(styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS), "28", "rPrDefault")
    check_spacing(styles.find("w:docDefaults/w:pPrDefault/w:pPr", NS), spec["line"], "pPrDefault")
    normal = styles.find("w:style[@w:styleId='Normal']", NS)
    assert normal is not None and normal.get(q("default")) == "1"
    check_rpr(normal.find(q("rPr")), "28", "Normal")
    check_spacing(normal.find(q("pPr")), spec["line"], "Normal")
    for style in styles.findall("w:style", NS):
        if style.find(q("rPr")) is not None:
            sid = style.get(q("styleId"))
            size = spec["title_sz"] if sid == "Heading1" else "28"
            check_rpr(style.find(q("rPr")), size, f"style {sid}")
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
    tables = doc.findall(".//w:tbl", NS)
    assert len(tables) == 1
    tbl = tables[0]
    borders = tbl.find("w:tblPr/w:tblBorders", NS)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        assert borders.find(q(side)).get(q("val")) == "single", side
    grid = [int(g.get(q("w"))) for g in tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert all(w > 500 for w in grid)
    assert sum(grid) <= 11906 - 2 * 1134
    spans = []
    for tr in tbl.findall("w:tr", NS):
        total = 0
        for tc in tr.findall("w:tc", NS):
            span = tc.find("w:tcPr/w:gridSpan", NS)
            n = int(span.get(q("val"))) if span is not None else 1
            width = int(tc.find("w:tcPr/w:tcW", NS).get(q("w")))
            assert width == sum(grid[total : total + n])
            total += n
            spans.append(n)
        assert total == len(grid)
    assert max(spans) == len(grid) - (1 if form == "summary_form" else 0)


@pytest.mark.parametrize("form", FORMS)
def test_tags_whole_in_single_runs(form):
    doc = read_part(tpl_path(form), "word/document.xml")
    run_texts = [ptext(r) for r in doc.iter(q("r"))]
    for text in run_texts:
        # a run never holds half a tag
        assert text.count("{{") == text.count("}}"), text
        assert text.count("{%") == text.count("%}"), text
    for tag in FORMS[form]["tags"]:
        assert tag in run_texts, f"{form}: {tag} is not one whole run"
    all_tags = set(re.findall(r"\{\{.*?\}\}", "".join(run_texts)))
    assert all_tags == set(FORMS[form]["tags"])
    # {{p narrative }} must be alone in its paragraph (docxtpl drops the paragraph)
    ps = [p for p in doc.iter(q("p")) if "{{p narrative }}" in ptext(p)]
    assert len(ps) == 1 and ptext(ps[0]) == "{{p narrative }}"


@pytest.mark.parametrize("form", FORMS)
def test_docxtpl_sees_the_contract_variables(form):
    tpl = docxtpl.DocxTemplate(str(tpl_path(form)))
    assert tpl.get_undeclared_template_variables() == FORMS[form]["vars"]


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
    ]:
        assert needle in sf, needle
    assert "摘要撰寫說明" not in sf
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
        assert core.count("2000-01-01T00:00:00Z") == 2
        assert "lastModifiedBy" not in core and "revision" not in core


def test_script_is_deterministic(tmp_path):
    out1, out2 = tmp_path / "a", tmp_path / "b"
    for out in (out1, out2):
        subprocess.run([sys.executable, str(SCRIPT), "--out", str(out)], check=True,
                       capture_output=True)
    for form in FORMS:
        name = f"{form}.docx"
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
    assert "機關(構)首長：王大明(請簽名或蓋章)　日期：中華民國113年3月5日" in paras
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
