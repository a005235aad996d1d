"""Hostile, broken and odd input: every file gives a Document or a one-line InputError, fast."""

from __future__ import annotations

import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wordfiles import (  # noqa: E402
    DECL, NS, deflated_zeros, document_xml, make_docx, ole_file, p, r, raw_zip, write_zip,
)

from docgen.errors import InputError  # noqa: E402
from docgen.model import Document  # noqa: E402
from docgen.readers import docx as docx_reader  # noqa: E402
from docgen.readers.docx import read_docx  # noqa: E402
from docgen.readers.ooxml import package as pkg_mod  # noqa: E402
from docgen.readers.ooxml.xml import _parser  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DOCX_CORPUS = CORPUS / "docx"
POI = DOCX_CORPUS / "poi"


@pytest.fixture(autouse=True)
def _raise_programming_errors(monkeypatch):
    monkeypatch.setattr(docx_reader, "RAISE_UNEXPECTED", True)


def refused(path, key: str, within: float = 1.0) -> InputError:
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_docx(path)
    elapsed = time.perf_counter() - start
    err = info.value
    assert err.key == key, (err.key, str(err))
    assert elapsed < within, f"took {elapsed:.2f}s"
    for lang in ("zh", "en"):
        msg = err.message(lang)
        assert msg and "\n" not in msg and "{" not in msg
    return err


def good_docx(tmp_path, name="ok.docx", text="正常內容") -> Path:
    return make_docx(tmp_path / name, p(text))


# -- XML entity tricks ------------------------------------------------------------------------
def xxe_document(secret: Path) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
            f'<w:document {NS}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>')


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + f']><w:document {NS}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
)


def test_xxe_is_refused_and_the_file_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER-4242", encoding="utf-8")
    path = make_docx(tmp_path / "xxe.docx", "", document=xxe_document(secret))
    err = refused(path, "docx.doctype")
    assert str(err) == "檔案含有不安全的 XML 宣告（DOCTYPE），已拒絕"
    assert "SECRET-MARKER" not in str(err) and "SECRET-MARKER" not in err.message("en")


def test_parser_itself_never_resolves_entities(tmp_path):
    # defence in depth: even without the DOCTYPE check, the parser does not expand or fetch
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER-4242", encoding="utf-8")
    root = etree.fromstring(xxe_document(secret).encode(), _parser())
    assert "SECRET-MARKER" not in etree.tostring(root, encoding="unicode", method="text")
    start = time.perf_counter()
    try:
        root = etree.fromstring(BILLION_LAUGHS.encode(), _parser())
        assert len(etree.tostring(root, method="text")) < 1000
    except etree.XMLSyntaxError:
        pass
    assert time.perf_counter() - start < 1.0


def test_expat_tree_never_resolves_entities_either():
    # the tree a check reads with (xml.parse_part, editable=False), also without the DOCTYPE check
    from xml.etree.ElementTree import ParseError, XMLParser, tostring

    for text in (xxe_document(Path(__file__)), BILLION_LAUGHS):
        start = time.perf_counter()
        parser = XMLParser()
        try:
            parser.feed(text.encode())
            root = parser.close()
            assert len(tostring(root, method="text")) < 1000
        except ParseError:
            pass
        assert time.perf_counter() - start < 1.0


def test_deep_nesting_in_a_small_part_is_refused_cleanly(tmp_path):
    # under QUICK_PART_MAX, so expat (which has no depth limit) builds the tree: the reader's
    # recursion limit refuses it
    from docgen.readers.ooxml.xml import QUICK_PART_MAX

    depth = 50_000
    body = "<w:customXml>" * depth + "</w:customXml>" * depth
    doc = DECL + f"<w:document {NS}><w:body>{body}</w:body></w:document>"
    assert len(doc.encode()) < QUICK_PART_MAX
    path = make_docx(tmp_path / "deep.docx", "", document=doc, compression=zipfile.ZIP_STORED)
    refused(path, "docx.too_deep", within=3.0)


def test_a_part_expat_cannot_read_is_judged_by_lxml(tmp_path):
    # expat knows no Big5; libxml2 does, as before the check read with expat
    big5 = ('<?xml version="1.0" encoding="Big5"?>' + document_xml(p("正常內容"))[len(DECL):]).encode("big5")
    doc = read_docx(make_docx(tmp_path / "big5.docx", "", document=big5))
    assert [x.text for x in doc.paragraphs] == ["正常內容"]
    # an entity no DTD declares: expat refuses it, libxml2 reads past it, as it did before
    path = make_docx(tmp_path / "ent.docx", "", document=document_xml(p("a &nosuch; b")))
    from docgen.readers.ooxml.document import DocxReader

    pkg = pkg_mod.open_package(path, editable=True)
    try:
        assert read_docx(path) == DocxReader(pkg).read(str(path))
    finally:
        pkg.close()


def test_billion_laughs_is_refused(tmp_path):
    refused(make_docx(tmp_path / "lol.docx", "", document=BILLION_LAUGHS), "docx.doctype")


def test_doctype_in_any_part_and_in_utf16_is_refused(tmp_path):
    styles = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>' + f"<w:styles {NS}/>"
    refused(make_docx(tmp_path / "s.docx", p("x"), styles_xml=styles), "docx.doctype")
    utf16 = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w:document [<!ENTITY a "b">]>'
             f"<w:document {NS}><w:body/></w:document>").encode("utf-16")
    refused(make_docx(tmp_path / "u.docx", "", document=utf16), "docx.doctype")
    rels = ('<?xml version="1.0"?><!DOCTYPE r><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')
    refused(make_docx(tmp_path / "r.docx", p("x"), package_rels=rels), "docx.doctype")


def test_deep_nesting_is_refused_cleanly(tmp_path):
    depth = 200_000
    body = "<w:customXml>" * depth + "</w:customXml>" * depth
    doc = DECL + f"<w:document {NS}><w:body>{body}</w:body></w:document>"
    # stored, not deflated: repetitive XML deflates past the 200:1 ratio limit
    path = make_docx(tmp_path / "deep.docx", "", document=doc, compression=zipfile.ZIP_STORED)
    refused(path, "docx.too_deep", within=3.0)


# -- ZIP bombs and limits ----------------------------------------------------------------------
def _bomb_package(tmp_path, name, data, declared, crc=0) -> Path:
    good = zipfile.ZipFile(good_docx(tmp_path, "base-" + name))
    members = [(i.filename, good.read(i), 0, i.file_size, i.CRC) for i in good.infolist()
               if i.filename != "word/document.xml"]
    members.append(("word/document.xml", data, 8, declared, crc))
    return raw_zip(tmp_path / name, members)


def test_zip_declaring_a_2gb_document_is_refused_before_inflating(tmp_path):
    two_gb = 2 * 1024 ** 3
    stream = deflated_zeros(2048)  # really inflates to 2 GiB (about 2 MB on disk)
    path = _bomb_package(tmp_path, "bomb2g.docx", stream, two_gb)
    assert zipfile.ZipFile(path).getinfo("word/document.xml").file_size == two_gb
    err = refused(path, "docx.too_big_unpacked", within=1.0)
    assert "2.0 GB" in str(err)


def test_zip_lying_about_a_2gb_document_is_refused_while_reading(tmp_path):
    stream = deflated_zeros(2048)
    small = 4096
    path = _bomb_package(tmp_path, "liar.docx", stream, small, crc=zlib.crc32(bytes(small)))
    refused(path, "docx.bad_xml", within=1.0)  # only the declared 4 KB were ever inflated
    path2 = _bomb_package(tmp_path, "liar2.docx", stream, small, crc=12345)
    refused(path2, "docx.corrupt", within=1.0)


def test_real_high_ratio_bomb_is_refused(tmp_path):
    zeros = bytes(50 * 1024 * 1024)
    path = make_docx(tmp_path / "ratio.docx", p("x"), extra_parts={"word/media/zeros.bin": zeros})
    info = zipfile.ZipFile(path).getinfo("word/media/zeros.bin")
    assert info.file_size / info.compress_size > 200
    err = refused(path, "docx.zip_bomb", within=1.0)
    assert "zeros.bin" in str(err)


def test_too_many_members_is_refused(tmp_path):
    parts = {f"customXml/item{i}.xml": "<a/>" for i in range(2001)}
    refused(make_docx(tmp_path / "many.docx", p("x"), extra_parts=parts), "docx.too_many_parts")


def test_member_over_100mb_and_total_over_200mb_are_refused(tmp_path):
    good = zipfile.ZipFile(good_docx(tmp_path))
    members = [(i.filename, good.read(i), 0, i.file_size, i.CRC) for i in good.infolist()]
    big = raw_zip(tmp_path / "big.docx", members + [("word/media/a.bin", b"\0" * 1000, 0, 101 * 2 ** 20, 0)])
    refused(big, "docx.too_big_unpacked")
    many = raw_zip(tmp_path / "total.docx", members + [
        (f"word/media/{i}.bin", b"\0" * 1000, 0, 90 * 2 ** 20, 0) for i in range(3)])
    err = refused(many, "docx.too_big_unpacked")
    assert "200.0 MB" in str(err)


# -- not a docx, legacy, encrypted, broken -------------------------------------------------------
def test_empty_file(tmp_path):
    (tmp_path / "empty.docx").write_bytes(b"")
    assert str(refused(tmp_path / "empty.docx", "docx.empty")) == "檔案是空的"


@pytest.mark.parametrize("content", [b"%PDF-1.7\n...", "純文字檔案".encode("big5"), b"PK", b"<html></html>"])
def test_not_a_zip(tmp_path, content):
    (tmp_path / "x.docx").write_bytes(content)
    assert str(refused(tmp_path / "x.docx", "docx.not_docx")) == "不是 Word 檔（.docx）"


def test_legacy_doc_and_encrypted_ole(tmp_path):
    doc = ole_file(tmp_path / "old.doc", ["WordDocument", "1Table", "\x05SummaryInformation"])
    assert str(refused(doc, "docx.legacy_doc")) == "這是舊版 Word 97-2003 (.doc) 檔，請另存為 .docx"
    enc = ole_file(tmp_path / "locked.docx", ["\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"])
    assert str(refused(enc, "docx.encrypted")) == "檔案有密碼保護，請移除密碼後另存為 .docx 再檢查"


@pytest.mark.skipif(not POI.is_dir(), reason="shared corpus not present")
@pytest.mark.parametrize("name, key", [
    ("bug53475-password-is-pass.docx", "docx.encrypted"),
    ("bug53475-password-is-solrcell.docx", "docx.encrypted"),
    ("cpansearch.perl.org_src_tobyink_acme-rundoc-0.001_word-lib_hello_world.docm", "docx.legacy_doc"),
    ("ExternalEntityInText.docx", "docx.doctype"),
    ("truncated62886.docx", "docx.corrupt"),
])
def test_real_refused_files_from_the_corpus(name, key):
    refused(POI / name, key)


@pytest.mark.skipif(not POI.is_dir(), reason="shared corpus not present")
def test_real_macro_file_from_the_corpus():
    doc = read_docx(POI / "SimpleMacro.docm")
    assert "macros" in doc.notes


def test_truncated_zip(tmp_path):
    data = good_docx(tmp_path).read_bytes()
    (tmp_path / "cut.docx").write_bytes(data[: len(data) // 2])
    refused(tmp_path / "cut.docx", "docx.corrupt")


def test_bad_crc(tmp_path):
    path = write_zip(tmp_path / "crc.docx", {
        "[Content_Types].xml": "<Types/>",
        "word/document.xml": document_xml(p("正確的內容")),
    }, compression=zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    pos = data.index("正確".encode())
    data[pos] ^= 0x01
    path.write_bytes(bytes(data))
    refused(path, "docx.corrupt")


def test_zip_without_document(tmp_path):
    path = write_zip(tmp_path / "nodoc.docx", {"[Content_Types].xml": "<Types/>", "hello.txt": "hi"})
    refused(path, "docx.no_document")


def test_other_office_package_is_not_a_word_file(tmp_path):
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>')
    path = write_zip(tmp_path / "book.docx", {
        "_rels/.rels": rels,
        "xl/workbook.xml": '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
    })
    refused(path, "docx.not_docx")


def test_malformed_document_xml(tmp_path):
    path = make_docx(tmp_path / "bad.docx", "", document="<w:document><w:body>")
    err = refused(path, "docx.bad_xml")
    assert "word/document.xml" in str(err)


def test_dangling_relationships_and_missing_parts_are_not_errors(tmp_path):
    rel = ('<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"'
           ' Target="nowhere/styles.xml"/>'
           '<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"'
           ' Target="media/missing.png"/>'
           '<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"'
           ' Target="../../../../etc/passwd"/>')
    pkg_rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                'relationships/officeDocument" Target="word/gone.xml"/></Relationships>')
    path = make_docx(tmp_path / "dangling.docx", p("內容"), extra_rels=rel, package_rels=pkg_rels,
                     extra_parts={"word/unknown/part.bin": b"\x00\x01"})
    doc = read_docx(path)
    assert isinstance(doc, Document)
    assert [x.text for x in doc.paragraphs] == ["內容"]
    assert doc.paragraphs[0].spans[0].size == 10.0


def test_missing_file_and_directory(tmp_path):
    refused(tmp_path / "nope.docx", "input.missing")
    refused(tmp_path, "docx.not_docx")


def test_unexpected_errors_become_a_generic_refusal(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_reader, "RAISE_UNEXPECTED", False)
    monkeypatch.delenv("DOCGEN_DEBUG", raising=False)

    def boom(self, path):
        raise ValueError("internal detail")

    monkeypatch.setattr(docx_reader.DocxReader, "read", boom)
    err = refused(good_docx(tmp_path), "docx.unreadable")
    assert str(err) == "無法讀取此 Word 檔（ValueError）"
    assert err.message("en") == "Could not read this Word file (ValueError)"


def test_declared_entry_count_is_checked_before_parsing_the_directory(tmp_path, monkeypatch):
    parts = {f"customXml/item{i}.xml": "<a/>" for i in range(30)}
    path = make_docx(tmp_path / "few.docx", p("x"), extra_parts=parts)
    monkeypatch.setattr(pkg_mod, "MAX_MEMBERS", 10)

    def must_not_open(*a, **k):
        raise AssertionError("zipfile opened before the entry count was checked")

    monkeypatch.setattr(pkg_mod.zipfile, "ZipFile", must_not_open)
    refused(path, "docx.too_many_parts")


# -- the shared corpus ----------------------------------------------------------------------------
CORPUS_FILES = sorted(x for x in DOCX_CORPUS.rglob("*") if x.is_file()) if DOCX_CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS_FILES, reason="shared corpus not present")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=[str(x.relative_to(DOCX_CORPUS)) for x in CORPUS_FILES])
def test_every_corpus_file_gives_a_document_or_a_refusal(path):
    start = time.perf_counter()
    try:
        doc = read_docx(path)
    except InputError as err:
        msg = str(err)
        assert msg and "\n" not in msg
        assert err.key != "docx.unreadable"  # a generic refusal would hide a reader bug
    else:
        assert isinstance(doc, Document) and doc.kind == "docx"
        for i, par in enumerate(doc.paragraphs, start=1):
            assert par.index == i
            assert all(span.text.strip() for span in par.spans)
    assert time.perf_counter() - start < 10.0


@pytest.mark.skipif(not CORPUS_FILES, reason="shared corpus not present")
def test_both_trees_read_every_corpus_file_alike():
    """A check reads with expat, fix and annotate with lxml (xml.parse_part): the same model."""
    from xml.etree.ElementTree import Element

    from docgen.readers.ooxml.document import DocxReader

    def read(path, editable):
        try:
            pkg = pkg_mod.open_package(path, editable=editable)
        except InputError as err:
            return err.key
        try:
            return DocxReader(pkg).read(str(path))
        except InputError as err:
            return err.key
        finally:
            pkg.close()

    read_with_expat = 0
    for path in CORPUS_FILES:
        assert read(path, True) == read(path, False), path
        try:
            pkg = pkg_mod.open_package(path, editable=False)
        except InputError:
            continue
        try:
            read_with_expat += pkg.xml(pkg.main_part()).__class__ is Element
        except InputError:
            pass
        finally:
            pkg.close()
    assert read_with_expat > 150


@pytest.mark.skipif(not POI.is_dir(), reason="shared corpus not present")
def test_real_word_numbering_with_restarts_and_overrides():
    doc = read_docx(POI / "ComplexNumberedLists.docx")
    got = {x.text: x.marker for x in doc.paragraphs if x.marker}
    assert got["Entry #1"] == "1." and got["2-c"] == "c." and got["Entry #4"] == "4."
    assert got["Restarted to 1 from 5"] == "1." and got["Jump to new list at 10"] == "10."
    assert got["Carrying on @ 12"] == "12."
    # in this file each paragraph's text is the number Word shows for it
    doc = read_docx(POI / "NumberingWOverrides.docx")
    numbered = [x for x in doc.paragraphs if x.marker]
    assert len(numbered) >= 6 and all(x.marker == x.text for x in numbered)


@pytest.mark.skipif(not POI.is_dir(), reason="shared corpus not present")
def test_real_word_checkboxes():
    doc = read_docx(POI / "checkboxes.docx")
    texts = [x.text for x in doc.paragraphs]
    assert "■□■" in texts
    cells = [(x.cell, x.text) for x in doc.paragraphs if x.cell]
    assert (cells[0][1], cells[1][1]) == ("□", "■")


# -- properties ------------------------------------------------------------------------------------
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_XML_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x0b\x0c\ufffe\uffff",
                           min_codepoint=0x09),
    min_size=0, max_size=40,
).filter(lambda s: all(ord(c) >= 0x20 or c in "\t\n" for c in s))


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_XML_TEXT)
def test_any_text_reads_back_exactly(tmp_path, text):
    import unicodedata
    doc = read_docx(make_docx(tmp_path / "prop.docx", p(r(text))))
    assert [x.text for x in doc.paragraphs] == [text]
    spans = doc.paragraphs[0].spans
    visible = [c for c in text if not c.isspace() and unicodedata.category(c) != "Cf"]
    if visible:
        assert "".join(s.text for s in spans) == text
    else:
        assert spans == []


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_bytes_give_a_document_or_a_refusal(tmp_path, data):
    original = make_docx(tmp_path / "orig.docx", p("壹、專案簡介") + p("內容"), compression=zipfile.ZIP_STORED)
    raw = bytearray(original.read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(raw)))
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(bytes(raw[:cut]))
    try:
        doc = read_docx(damaged)
    except InputError as err:
        assert err.key != "docx.unreadable" and "\n" not in str(err)
    else:
        assert isinstance(doc, Document)
