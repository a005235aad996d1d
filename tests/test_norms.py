"""The writing-norm rules (tw-standard-form, simplified-char, halfwidth-punct, quote-style):
a corpus of Taiwanese government sentences through the real checker, real DOCX and PDF
files, and `docgen fix` changing exactly the reported spans."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from conftest import SUMMARY_FIELDS, write_source  # noqa: E402

from docgen.text import norms  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "data" / "norms_corpus.tsv"
RULES = norms.RULE_IDS


def corpus() -> list[tuple[frozenset, str, str]]:
    """(rules that must fire, sentence, right answer) for every line of the corpus."""
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        want = frozenset() if cols[0] == "-" else frozenset(cols[0].split(","))
        rows.append((want, cols[1], cols[1] if not want else cols[2]))
    return rows


def docgen(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("docgen")
    cmd = [str(exe)] if exe.is_file() else [sys.executable, "-m", "docgen"]
    return subprocess.run([*cmd, *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "NO_COLOR": "1", **(env or {})}, timeout=600)


def test_corpus_is_half_correct():
    rows = corpus()
    good = [r for r in rows if not r[0]]
    assert len(rows) >= 150
    assert len(good) >= len(rows) // 2 and len(rows) - len(good) >= 0.45 * len(rows)
    assert {r for want, _, _ in rows for r in want} == set(RULES)  # every rule seeded


def test_corpus_through_the_functions():
    """Each sentence: exactly its rules fire, and the proposed replacements give the right answer."""
    wrong, fixed_wrong = [], []
    for want, sentence, right in corpus():
        got = frozenset(r for r in RULES if norms.check(r, sentence))
        if got != want:
            wrong.append((sentence, sorted(want), sorted(got)))
        hits = [h for r in RULES for h in norms.check(r, sentence, context_aware=True)]
        if norms.apply(sentence, hits) != right:
            fixed_wrong.append((sentence, norms.apply(sentence, hits), right))
    assert not wrong, wrong
    assert not fixed_wrong, fixed_wrong


@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory):
    """The whole corpus as one source's narrative (one paragraph per sentence), checked by
    `docgen check --format json`: {source line: set of rules reported}."""
    rows = corpus()
    body = ["", "## 專案簡介", ""]
    line_of = {}
    first = 2 + len(SUMMARY_FIELDS) + 1 + len(body)  # ---, the front matter, ---, the heading
    for i, (_, sentence, _) in enumerate(rows):
        line_of[i] = first + 2 * i
        body += [sentence, ""]
    folder = write_source(tmp_path_factory.mktemp("corpus") / "app", SUMMARY_FIELDS, "\n".join(body))
    text = (folder / "application.md").read_text(encoding="utf-8").splitlines()
    for i, (_, sentence, _) in enumerate(rows):
        assert text[line_of[i] - 1] == sentence, (line_of[i], text[line_of[i] - 1], sentence)
    run = docgen("check", folder, "--format", "json")
    assert run.returncode in (0, 1), run.stderr
    report = json.loads(run.stdout)["files"][0]
    fired: dict[int, set] = {}
    for f in report["findings"]:
        if f["rule"] in RULES:
            fired.setdefault(f["location"]["line"], set()).add(f["rule"])
    return rows, line_of, fired


def test_corpus_through_docgen_check(corpus_report):
    """Target: no false alarm on the correct half, every seeded fault found (printed)."""
    rows, line_of, fired = corpus_report
    good = [i for i, r in enumerate(rows) if not r[0]]
    bad = [i for i, r in enumerate(rows) if r[0]]
    false_alarms = [(rows[i][1], fired[line_of[i]]) for i in good if fired.get(line_of[i])]
    faults = sum(len(rows[i][0]) for i in bad)
    found = sum(len(rows[i][0] & fired.get(line_of[i], set())) for i in bad)
    extra = [(rows[i][1], fired.get(line_of[i], set()) - rows[i][0]) for i in bad
             if fired.get(line_of[i], set()) - rows[i][0]]
    print(f"\nnorms corpus: {len(rows)} sentences, {len(good)} correct, {len(bad)} with "
          f"{faults} seeded faults; found {found}/{faults}; false alarms {len(false_alarms)}/{len(good)} "
          f"correct sentences; wrong rule on a faulty sentence: {len(extra)}")
    for rule in RULES:
        seeded = [i for i in bad if rule in rows[i][0]]
        hit = [i for i in seeded if rule in fired.get(line_of[i], set())]
        print(f"  {rule:<18} {len(hit)}/{len(seeded)} found")
    assert not false_alarms, false_alarms
    assert found == faults
    assert not extra, extra
    assert set(fired) <= set(line_of.values())  # nothing reported off the corpus


def test_every_rule_file_sentences():
    """Each rule's documented firing and quiet sentences (FIRES, QUIET) through the functions
    (tests/test_rule_units.py runs the rules on them as sources)."""
    from docgen.rules import halfwidth_punct, quote_style, simplified_char, tw_standard_form
    for module, rule in ((tw_standard_form, "tw-standard-form"), (simplified_char, "simplified-char"),
                         (halfwidth_punct, "halfwidth-punct"), (quote_style, "quote-style")):
        for text in module.FIRES:
            assert norms.check(rule, text), (rule, text)
        for text in module.QUIET:
            assert not norms.check(rule, text), (rule, text)


def test_simplified_pre_test_covers_opencc():
    """OpenCC is consulted only for characters outside Big5 and the few simplified ones
    Big5 also holds (BIG5_SIMPLIFIED): re-derived here from the installed OpenCC's data.
    Those in Big5's common block are standard Traditional characters as well, and count
    only beside other simplified ones."""
    cc = norms.opencc_data()
    in_big5 = set()
    for cp in [*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000), *range(0xF900, 0xFB00)]:
        ch = chr(cp)
        if norms._big5(ch) and cc.is_simplified(ch):
            in_big5.add(ch)
    common = sorted(ch for ch in in_big5 if norms._common(ch))
    print(f"\nsimplified-only (OpenCC) yet in Big5: {len(in_big5)}; in its common block: {''.join(common)}")
    assert in_big5 <= norms.BIG5_SIMPLIFIED, "".join(sorted(in_big5 - norms.BIG5_SIMPLIFIED))
    assert 0 < len(common) <= 15
    assert all(cc.is_simplified(ch) for ch in "务湾质机构") and not any(cc.is_simplified(ch) for ch in "干后里台于范咸余斗")
    for ch in common:
        assert not norms.simplified(f"他{ch}說")  # alone: a Traditional character
        assert norms.simplified(f"服务{ch}说")  # among simplified ones: simplified


def test_check_never_loads_opencc_for_correct_text(tmp_path):
    """`docgen check` of a correct form does not import OpenCC at all (it costs 30 ms)."""
    code = textwrap.dedent(f"""
        import sys
        from docgen.check import CheckOptions, check_path
        r = check_path({str(REPO / 'samples' / 'summary_form')!r}, CheckOptions())
        assert not [f for f in r.findings if f.rule in {RULES!r}], r.findings
        print("opencc" in sys.modules)
        r = check_path({str(REPO / 'samples' / 'nomination_list')!r}, CheckOptions())
        print("opencc" in sys.modules)
    """)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False", "False"]
    assert norms.simplified("提升服务") and "opencc" in sys.modules


def test_opencc_dictionary_values_are_read():
    """The values' table of OpenCC's STCharacters dictionary: the Traditional forms."""
    values = norms.ocd2_values(os.path.join(norms._share_dir(), "STCharacters.ocd2"))
    assert len(values) > 4000
    assert {"務", "幹", "乾", "干", "臺", "台"} <= set(values)
    assert "务" not in values


# -- real files: the "done when" -------------------------------------------------------
FAULTY_BODY = """
## 專案簡介

南瀛區位於台南市北側，長者洽公不便。

## 服務內容

本所提供服务到家，兼顧「服務,品質」。

## 推動成效

長者皆稱“好”。

## 未來努力方向

持續精進。
"""


@pytest.fixture(scope="module")
def faulty_files(tmp_path_factory):
    """A source with the four faults built to DOCX (python-docx through docxtpl) and to the PDF
    and ODT LibreOffice renders from it; the team box names 台灣大哥大 (quiet)."""
    work = tmp_path_factory.mktemp("faulty")
    fields = {**SUMMARY_FIELDS, "team": "臺南市測試區公所：王小明（課長）\n台灣大哥大股份有限公司：李大同"}
    src = write_source(work / "app", fields, FAULTY_BODY)
    run = docgen("build", src, "-o", work / "out", "--pdf", "--odt")
    if run.returncode != 0 and "LibreOffice" in run.stderr + run.stdout and not os.environ.get("CI"):
        pytest.skip("LibreOffice is not installed")
    assert (work / "out" / "app.docx").is_file(), run.stderr + run.stdout
    return src, work / "out" / "app.docx", work / "out" / "app.pdf", work / "out" / "app.odt"


EXPECTED = {  # rule: (section, paragraph, excerpt holds)
    "tw-standard-form": ("壹", 1, "台南市"),
    "simplified-char": ("貳", 1, "服务"),
    "halfwidth-punct": ("貳", 1, "服務,品質"),
    "quote-style": ("參", 1, "“好”"),
}


@pytest.mark.parametrize("kind", ["source", "docx", "pdf", "odt"])
def test_four_warnings_at_the_right_places(faulty_files, kind):
    path = dict(zip(("source", "docx", "pdf", "odt"), faulty_files))[kind]
    run = docgen("check", path, "--format", "json")
    assert run.returncode == 0, run.stdout + run.stderr  # warnings only
    found = [f for f in json.loads(run.stdout)["files"][0]["findings"] if f["rule"] in RULES]
    assert sorted(f["rule"] for f in found) == sorted(RULES), [(f["rule"], f["message"]) for f in found]
    for f in found:
        section, paragraph, text = EXPECTED[f["rule"]]
        loc = f["location"]
        assert f["severity"] == "warning"
        assert (loc["section"], loc["paragraph"]) == (section, paragraph), (f["rule"], loc)
        assert text in loc["excerpt"], (f["rule"], loc["excerpt"])
        if kind == "pdf":
            assert loc["page"], loc
    assert all("台灣大哥大" not in f["location"]["excerpt"] for f in found)


def test_fix_repairs_exactly_the_reported_spans(faulty_files, tmp_path):
    from docgen.readers.docx import read_docx
    docx = faulty_files[1]
    out = tmp_path / "fixed.docx"
    run = docgen("fix", docx, "-o", out, "--diff")
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    for old, new in (("台南市", "臺南市"), ("服务", "服務"), ("服務,品質", "服務，品質"), ("“好”", "「好」")):
        assert any(old in ln and new in ln for ln in lines), (old, run.stdout)
    before = [p.text for p in read_docx(docx).paragraphs]
    after = [p.text for p in read_docx(out).paragraphs]
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after)
    assert sorted(changed) == sorted([
        ("南瀛區位於台南市北側，長者洽公不便。", "南瀛區位於臺南市北側，長者洽公不便。"),
        ("本所提供服务到家，兼顧「服務,品質」。", "本所提供服務到家，兼顧「服務，品質」。"),
        ("長者皆稱“好”。", "長者皆稱「好」。"),
    ])
    recheck = docgen("check", out, "--format", "json")
    assert not [f for f in json.loads(recheck.stdout)["files"][0]["findings"] if f["rule"] in RULES]
    assert docx.read_bytes() != out.read_bytes()  # the input is untouched, the output differs


def test_fix_only_one_rule_leaves_the_others(faulty_files, tmp_path):
    from docgen.readers.docx import read_docx
    docx = faulty_files[1]
    out = tmp_path / "fixed.docx"
    run = docgen("fix", docx, "-o", out, "--only", "halfwidth-punct")
    assert run.returncode == 0, run.stdout + run.stderr
    text = "\n".join(p.text for p in read_docx(out).paragraphs)
    assert "服務，品質" in text and "台南市" in text and "服务" in text and "“好”" in text


def test_fix_across_runs_and_in_a_table_cell(tmp_path):
    """台|南市 split over two runs with different formatting, and a Part 1 value in a cell."""
    import docx as python_docx
    fields = {**SUMMARY_FIELDS, "team": "台南市測試區公所:王小明"}
    src = write_source(tmp_path / "app", fields, FAULTY_BODY)
    assert docgen("build", src, "-o", tmp_path / "out").returncode == 0
    built = tmp_path / "out" / "app.docx"
    d = python_docx.Document(str(built))
    para = next(p for p in d.paragraphs if "台南市北側" in p.text)
    text = para.text
    for r in list(para.runs)[1:]:
        r._r.getparent().remove(r._r)
    para.runs[0].text = text[:text.index("台") + 1]
    tail = para.add_run(text[text.index("台") + 1:])
    tail.bold = True
    d.save(str(tmp_path / "split.docx"))
    out = tmp_path / "fixed.docx"
    run = docgen("fix", tmp_path / "split.docx", "-o", out, "--diff")
    assert run.returncode == 0, run.stdout + run.stderr
    fixed = python_docx.Document(str(out))
    para = next(p for p in fixed.paragraphs if "南市北側" in p.text)
    assert para.text == "南瀛區位於臺南市北側，長者洽公不便。"
    assert [r.bold for r in para.runs] == [None, True]  # the formatting stays where it was
    cells = [c.text for t in fixed.tables for row in t.rows for c in row.cells]
    assert any("臺南市測試區公所：王小明" in c for c in cells), cells


def test_config_exceptions_and_severity(tmp_path):
    body = FAULTY_BODY.replace("南瀛區位於台南市北側", "與台南好物協會合作")
    src = write_source(tmp_path / "app", SUMMARY_FIELDS, body)
    run = docgen("check", src, "--format", "json")
    rules = [f["rule"] for f in json.loads(run.stdout)["files"][0]["findings"]]
    assert "tw-standard-form" in rules
    (tmp_path / "docgen.toml").write_text('tw_standard_exceptions = ["台南好物協會"]\n'
                                          '[rules]\nquote-style = "error"\nsimplified-char = "off"\n',
                                          encoding="utf-8")
    run = docgen("check", src, "--format", "json")
    findings = json.loads(run.stdout)["files"][0]["findings"]
    rules = {f["rule"]: f["severity"] for f in findings}
    assert "tw-standard-form" not in rules and "simplified-char" not in rules
    assert rules["quote-style"] == "error" and run.returncode == 1
    (tmp_path / "docgen.toml").write_text("tw_standard_exceptions = 3\n", encoding="utf-8")
    run = docgen("check", src)
    assert run.returncode == 2 and "tw_standard_exceptions" in run.stderr + run.stdout


def test_numbering_format_marker_is_not_double_reported(tmp_path):
    """A narrative paragraph typed as 「(一)服務對象」 is numbering-format's alone; the same
    half-width parentheses inside a sentence are halfwidth-punct's."""
    body = FAULTY_BODY.replace("南瀛區位於", "### (一)服務地區\n\n南瀛區位於").replace("長者洽公不便", "長者(多為獨居)洽公不便")
    src = write_source(tmp_path / "app", SUMMARY_FIELDS, body)
    run = docgen("check", src, "--format", "json")
    findings = json.loads(run.stdout)["files"][0]["findings"]
    half = [f for f in findings if f["rule"] == "halfwidth-punct"]
    assert any(f["rule"] == "numbering-format" for f in findings), findings
    assert all("(一)" not in f["message"] for f in half)
    assert any("多為獨居" in f["location"]["excerpt"] for f in half), half


def test_english_messages(faulty_files):
    src = faulty_files[0]
    run = docgen("check", src, "--lang", "en")
    out = run.stdout
    assert "should use the standard form: 台→臺" in out
    assert "1 simplified character: 务" in out
    assert "1 half-width mark should be full-width" in out
    assert "2 quotation marks should be “「」” or “『』”" in out


def test_tai_words_and_company_names_read_as_the_former_regexes_did():
    """tw-standard-form finds 台 words and company names by hand (a regex with the Han range
    cost ~1.3 ms to compile); random texts from their pieces give what the regexes gave."""
    import random
    import re

    tai = "|".join(sorted(norms.TAI_WORDS, key=len, reverse=True))
    company = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{0,14}?(?:股份有限公司|有限公司|有限合夥)")

    def regex_company(text, start):
        m = company.match(text, start)
        return m is not None and not re.search(r"[與和及暨並或同]|政府", m.group())

    rng = random.Random(20261203)
    pieces = ["台", "灣", "北", "南", "新", "幣", "省", "全", "來", "在", "上", "有限公司", "股份", "有限合夥",
              "政府", "與", "a", "1", "，", " ", "市", "好物", "台灣省", "新台幣", "xyz", "一"]
    companies = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        assert list(norms._tai_words(text)) == [(m.start(), m.group()) for m in re.finditer(tai, text)], text
        for start in range(len(text) + 1):
            assert norms._company(text, start) == regex_company(text, start), (text, start)
            companies += norms._company(text, start)
    assert companies > 100
