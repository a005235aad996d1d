"""One finding, one location: every report format carries the same part, section, paragraph
number, cell and excerpt (issue #12 item 2)."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from docgen import i18n
from docgen.check import check_path
from docgen.reports import render_report

from handmade import BODY_RPR, summary_docx

MING = BODY_RPR.replace('w:eastAsia="標楷體"', 'w:eastAsia="新細明體"')


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    i18n.set_lang("zh")
    path = summary_docx(tmp_path_factory.mktemp("loc") / "ming.docx", body_rpr=MING)
    r = check_path(str(path))
    assert r.error is None
    return r


def _narrative(r):
    """The font finding in section 貳 of the narrative (a stretch of its paragraphs)."""
    return next(f for f in r.findings if f.rule == "font-family" and f.location.section == "貳")


def test_location_is_complete_and_numbered_like_the_message(result):
    f = _narrative(result)
    loc = f.location
    assert loc.part and loc.heading.startswith("貳") and loc.excerpt
    assert loc.paragraph == 1 and loc.paragraph_end and loc.paragraph_end > 1
    # the message names the same numbers as the structured location
    assert f"第{loc.paragraph}–{loc.paragraph_end}段" in f.message
    assert loc.place() in f.message


def test_cell_finding_names_the_cell(result):
    f = next(f for f in result.findings if f.rule == "font-family" and f.location.cell
             and f.location.paragraph is None)
    assert f.location.cell.startswith("表1第") and f.location.cell in f.message


def test_every_format_carries_the_same_location(result):
    f = _narrative(result)
    where = f.location.describe()
    number = f"第{f.location.paragraph}–{f.location.paragraph_end}段"
    assert f.location.excerpt in where and f.location.part in where and number in where

    data = json.loads(render_report([result], "json"))
    loc = next(x["location"] for x in data["files"][0]["findings"] if x["message"] == f.message)
    assert (loc["paragraph"], loc["paragraph_end"], loc["section"]) == (1, f.location.paragraph_end, "貳")
    assert loc["text"] == where

    sarif = json.loads(render_report([result], "sarif"))
    res = next(x for x in sarif["runs"][0]["results"] if x["message"]["text"] == f.message)
    assert res["properties"]["location"] == loc
    assert res["locations"][0]["logicalLocations"][0]["name"] == f.location.place()

    md = render_report([result], "markdown")
    row = next(line for line in md.splitlines() if line.startswith("|") and f.message in line)
    assert f"| {where} |" in row  # the 位置 column holds the location, not the message

    html = render_report([result], "html")
    assert where.replace("「", "「") in html.replace("&quot;", '"')

    junit = etree.fromstring(render_report([result], "junit").encode())
    text = "".join(junit.itertext())
    assert f.location.excerpt in text and number in text

    plain = render_report([result], "text")
    assert f.location.excerpt in plain and number in plain


def test_english_location(result, tmp_path):
    i18n.set_lang("en")
    try:
        path = summary_docx(tmp_path / "ming.docx", body_rpr=MING)
        r = check_path(str(path), __import__("docgen.check", fromlist=["CheckOptions"]).CheckOptions(lang="en"))
        f = _narrative(r)
        assert "paragraph 1–" in f.location.describe()
    finally:
        i18n.set_lang("zh")
