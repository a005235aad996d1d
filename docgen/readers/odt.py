"""Read an ODT by converting it to DOCX with LibreOffice, then the DOCX reader.

The ODF package is vetted with the same caps as a DOCX (size, members, ratio,
no DOCTYPE) before LibreOffice sees it; findings are the DOCX findings.
"""

from __future__ import annotations

from pathlib import Path

from .. import i18n
from ..errors import InputError, InternalError
from ..model import Document


def vet_odt(path: Path) -> None:
    """Refuse (InputError) an ODF package LibreOffice should not be given."""
    from .ooxml import open_package
    from .ooxml.package import read_all_parts

    pkg = open_package(path)
    try:
        if not pkg.has("content.xml"):
            raise InputError("odt.not_odt")
        read_all_parts(pkg)  # LibreOffice reads every part: each within the caps, no DOCTYPE, no absurd depth
    finally:
        pkg.close()


def read_odt(path: str | Path) -> Document:
    from ..render.office import Office, find_soffice
    from .docx import read_docx

    path = Path(path)
    vet_odt(path)
    if find_soffice() is None:
        raise InternalError("odt.no_office")
    # the DOCX is written and read inside LibreOffice's private folder, which
    # goes with it (even when docgen is killed); LibreOffice gets a copy with
    # outside references cut (render/offline.py) and has no network anyway
    with Office() as office:
        converted = office.convert(path, office.scratch_dir() / (path.stem + ".docx"), "docx")
        doc = read_docx(converted)
    doc.path = str(path)
    doc.kind = "odt"
    return doc


i18n.register({
    "odt.not_odt": ("不是 OpenDocument 文字檔（.odt）", "Not an OpenDocument text file (.odt)"),
    "odt.no_office": ("檢查 .odt 需要 LibreOffice：sudo apt-get install -y libreoffice-writer-nogui",
                      "Checking .odt needs LibreOffice: sudo apt-get install -y libreoffice-writer-nogui"),
})
