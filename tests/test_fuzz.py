"""Fuzzing: mutated real DOCX files (bytes, zip entries, XML) and sources.

Every case must end in a report or an `InputError` (exit 2) — never another
exception — within a bounded time. CI runs a short sample; run thousands locally:

    DOCGEN_FUZZ_EXAMPLES=2500 .venv/bin/python -m pytest tests/test_fuzz.py -q

Inputs that ever crashed are kept in tests/fuzz_regressions/ and replayed.
"""

import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import CORPUS, SUMMARY_BODY, SUMMARY_FIELDS, TODAY, write_source
from docgen.check import CheckOptions, check_document, read_document
from docgen.errors import InputError

EXAMPLES = int(os.environ.get("DOCGEN_FUZZ_EXAMPLES", "120"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("DOCGEN_FUZZ_RANDOM"),
                suppress_health_check=list(HealthCheck))
REGRESSIONS = Path(__file__).parent / "fuzz_regressions"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SEEDS = [p for p in (CORPUS / "python-docx").glob("*.docx")][:6]


def _seed_docx() -> bytes:
    from docgen.build.builder import build_one
    import tempfile
    tmp = Path(tempfile.mkdtemp())
    src = write_source(tmp / "seed", SUMMARY_FIELDS, SUMMARY_BODY)
    return build_one(str(src), tmp / "out", options=CheckOptions(today=TODAY)).docx.read_bytes()


SEED = None


def seed_bytes() -> list[bytes]:
    global SEED
    if SEED is None:
        SEED = [_seed_docx(), *(p.read_bytes() for p in SEEDS)]
    return SEED


def must_answer(path: Path) -> None:
    """A report or a clean refusal, in bounded time."""
    t = time.perf_counter()
    try:
        doc = read_document(path)
        check_document(doc, CheckOptions(today=TODAY, form="summary_form"), _config())
    except InputError as err:
        assert err.message()  # a one-line reason
        assert "\n" not in err.message()
    assert time.perf_counter() - t < 10


def _config():
    from docgen.config import Config
    return Config()


def _rezip(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
    return buf.getvalue()


def _entries(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]


@FUZZ
@given(seed=st.integers(0, 100), edits=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=0, max_size=8)),
                                                min_size=1, max_size=6),
       cut=st.one_of(st.none(), st.floats(0, 1)))
def test_fuzz_bytes(tmp_path_factory, seed, edits, cut):
    data = bytearray(seed_bytes()[seed % len(seed_bytes())])
    for where, blob in edits:
        i = int(where * (len(data) - 1))
        data[i:i + len(blob)] = blob
    if cut is not None:
        data = data[: int(cut * len(data))]
    path = tmp_path_factory.mktemp("fb") / "f.docx"
    path.write_bytes(bytes(data))
    must_answer(path)


@FUZZ
@given(seed=st.integers(0, 100), op=st.sampled_from(["drop", "dup", "garbage", "rename", "empty"]),
       which=st.floats(0, 1), junk=st.binary(max_size=64))
def test_fuzz_zip_entries(tmp_path_factory, seed, op, which, junk):
    entries = _entries(seed_bytes()[seed % len(seed_bytes())])
    i = int(which * (len(entries) - 1))
    name, blob = entries[i]
    if op == "drop":
        del entries[i]
    elif op == "dup":
        entries.append((name, blob))
    elif op == "garbage":
        entries[i] = (name, junk)
    elif op == "rename":
        entries[i] = (name + "x", blob)
    else:
        entries[i] = (name, b"")
    path = tmp_path_factory.mktemp("fz") / "f.docx"
    path.write_bytes(_rezip(entries))
    must_answer(path)


ATTRS = [f"{{{W}}}{a}" for a in ("val", "eastAsia", "ascii", "line", "lineRule", "numId", "ilvl", "gridSpan",
                                 "vMerge", "styleId", "hint", "eastAsiaTheme", "fill", "w", "type")]
XML_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc", "Co")), max_size=12)
VALUES = st.one_of(XML_TEXT, st.integers(-10**9, 10**9).map(str),
                   st.sampled_from(["exact", "exactly", "auto", "atLeast", "minorEastAsia", "0", "-1", "99999999999",
                                    "標楷體", "新細明體", "", "restart", "continue"]))
TAGS = [f"{{{W}}}{t}" for t in ("p", "r", "t", "tbl", "tr", "tc", "pPr", "rPr", "rFonts", "sz", "spacing",
                                 "numPr", "ilvl", "numId", "pStyle", "rStyle", "gridSpan", "vMerge", "sdt",
                                 "sdtContent", "txbxContent", "br", "tab", "sym", "drawing", "ins", "del")]


@FUZZ
@given(seed=st.integers(0, 100), part=st.sampled_from(["word/document.xml", "word/styles.xml",
                                                        "word/numbering.xml", "word/settings.xml"]),
       ops=st.lists(st.tuples(st.sampled_from(["delete", "attr", "insert", "text", "dup"]),
                              st.floats(0, 1), st.sampled_from(ATTRS), VALUES, st.sampled_from(TAGS)),
                    min_size=1, max_size=8))
def test_fuzz_xml(tmp_path_factory, seed, part, ops):
    entries = _entries(seed_bytes()[seed % len(seed_bytes())])
    names = [n for n, _ in entries]
    if part not in names:
        part = "word/document.xml"
        if part not in names:
            return
    idx = names.index(part)
    root = etree.fromstring(entries[idx][1])
    for op, where, attr, value, tag in ops:
        nodes = list(root.iter())
        node = nodes[int(where * (len(nodes) - 1))]
        if op == "delete" and node is not root:
            node.getparent().remove(node)
        elif op == "attr":
            node.set(attr, value)
        elif op == "insert":
            etree.SubElement(node, tag).set(f"{{{W}}}val", value)
        elif op == "text":
            node.text = value
        elif op == "dup" and node is not root:
            node.addnext(etree.fromstring(etree.tostring(node)))
    entries[idx] = (part, etree.tostring(root))
    path = tmp_path_factory.mktemp("fx") / "f.docx"
    path.write_bytes(_rezip(entries))
    must_answer(path)


@FUZZ
@given(front=st.dictionaries(st.sampled_from(list(SUMMARY_FIELDS) + ["參獎名稱", "contact1", "x"]),
                             st.one_of(st.text(max_size=30), st.integers(), st.none(), st.lists(st.text(max_size=5)),
                                       st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=3)),
                             max_size=8),
       body=st.text(alphabet=st.sampled_from(list("#壹一（）()1、.\n -*>`[]!專案簡介服務內容0123456789")), max_size=300),
       raw=st.one_of(st.none(), st.binary(max_size=200)))
def test_fuzz_source(tmp_path_factory, front, body, raw):
    import yaml
    folder = tmp_path_factory.mktemp("fs") / "src"
    folder.mkdir()
    if raw is not None:
        (folder / "application.md").write_bytes(b"---\n" + raw + b"\n---\n" + body.encode())
    else:
        text = yaml.safe_dump({**SUMMARY_FIELDS, **front}, allow_unicode=True)
        (folder / "application.md").write_text(f"---\n{text}---\n{body}", encoding="utf-8")
    must_answer(folder)


@pytest.mark.parametrize("path", sorted(REGRESSIONS.glob("*")), ids=lambda p: p.name)
def test_fuzz_regressions(path):
    must_answer(path)
