"""A LibreOffice that prints Word comments in the page margin of a PDF.

The PDF export option for that, ExportNotesInMargin, came with LibreOffice 7.6; Debian 12
ships 7.4, which ignores it silently. So docgen looks, in order, at:

1. `DOCGEN_LO_MARGIN` — a soffice launcher the user names (used only if new enough);
2. the private LibreOffice 25.2 `scripts/lo_margin.sh` unpacks beside the system's
   (``$XDG_CACHE_HOME/docgen/libreoffice-margin/soffice``, or ``DOCGEN_LO_MARGIN_HOME``);
3. the system's LibreOffice (discover.py), if it is 7.6 or later.

The PDF itself is made by `Office` (office.py): private profile (here one that shows
comments), no network, docgen's fonts, atomic write, and the same bytes for the same input.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from .. import i18n

MIN_VERSION = (7, 6)
OPTIONS = {"ExportNotesInMargin": True}

i18n.register({
    "margin.missing": (
        "無法輸出註解印在頁邊的 PDF：需要 LibreOffice 7.6 以上（{found}）；Debian 12 執行 bash scripts/setup.sh "
        "即另裝一份 LibreOffice 25.2，或以環境變數 DOCGEN_LO_MARGIN 指定其 soffice",
        "Cannot write the PDF with the comments in the margin: it needs LibreOffice 7.6 or later ({found}); "
        "on Debian 12, bash scripts/setup.sh installs a private LibreOffice 25.2, or set DOCGEN_LO_MARGIN "
        "to the soffice of one"),
    "margin.found_none": ("找不到 LibreOffice", "no LibreOffice found"),
    "margin.found_old": ("找到的是 {version}", "found {version}"),
    "margin.not_lo": ("{path} 無法以 LibreOffice 執行", "{path} does not run as LibreOffice"),
    "margin.wrote": ("已寫入註解印在頁邊的 PDF {path}（{version}）",
                     "Wrote the PDF with the comments in the margin: {path} ({version})"),
    "margin.cut": ("已寫入註解印在頁邊的 PDF {path}（{version}）；其中 {n} 則註解在頁邊放不下，未完整印出（DOCX 裡是完整的）",
                   "Wrote the PDF with the comments in the margin: {path} ({version}); {n} of the comments did not "
                   "fit beside their page and are cut short there (the DOCX has them whole)"),
})


@dataclass(frozen=True)
class MarginOffice:
    soffice: str
    version: str  # "LibreOffice 25.2.3.2"
    source: str   # "env", "private" or "system"


def private_dir(env: Optional[Mapping[str, str]] = None) -> Path:
    """Where scripts/lo_margin.sh unpacks its LibreOffice (the same rule as the script)."""
    env = os.environ if env is None else env
    if env.get("DOCGEN_LO_MARGIN_HOME"):
        return Path(env["DOCGEN_LO_MARGIN_HOME"])
    cache = env.get("XDG_CACHE_HOME") or str(Path(env.get("HOME") or Path.home()) / ".cache")
    return Path(cache) / "docgen" / "libreoffice-margin"


def parse_version(text: str) -> Optional[tuple[int, ...]]:
    """(25, 2, 3, 2) from `soffice --version`'s "LibreOffice 25.2.3.2 520(Build:2)"."""
    m = re.search(r"LibreOffice\s+(\d+(?:\.\d+)*)", text or "")
    return tuple(int(n) for n in m.group(1).split(".")) if m else None


def probe_version(soffice: str, timeout: float = 60.0) -> Optional[str]:
    """"LibreOffice 25.2.3.2" as `soffice --version` says it (a throwaway profile), or None."""
    with tempfile.TemporaryDirectory(prefix="docgen-lo-version-") as tmp:
        try:
            r = subprocess.run([soffice, f"-env:UserInstallation={Path(tmp).as_uri()}", "--version"],
                               stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, cwd=tmp)
        except (OSError, subprocess.SubprocessError):
            return None
    version = parse_version(r.stdout.decode("utf-8", "replace"))
    return "LibreOffice " + ".".join(map(str, version)) if version else None


def candidates(env: Optional[Mapping[str, str]] = None) -> list[tuple[str, str]]:
    """(source, soffice) to try, in order; `DOCGEN_LO_MARGIN` alone when it is set."""
    env = os.environ if env is None else env
    forced = env.get("DOCGEN_LO_MARGIN")
    if forced:
        return [("env", forced)]
    out = []
    launcher = private_dir(env) / "soffice"
    if launcher.is_file() and os.access(launcher, os.X_OK):
        out.append(("private", str(launcher)))
    from .discover import find_soffice
    system = find_soffice()
    if system:
        out.append(("system", system))
    return out


def find_margin_office(env: Optional[Mapping[str, str]] = None) -> tuple[Optional[MarginOffice], str]:
    """The LibreOffice to use, or None and what was found instead (for the message)."""
    found = []
    for source, soffice in candidates(env):
        version = probe_version(soffice)
        parsed = parse_version(version or "")
        if parsed and parsed[:2] >= MIN_VERSION:
            return MarginOffice(soffice, version or "", source), ""
        found.append(i18n.t("margin.found_old", version=version) if version
                     else i18n.t("margin.not_lo", path=soffice))
    return None, "; ".join(found) or i18n.t("margin.found_none")


def render_margin_pdf(docx: Path, pdf: Path, office: MarginOffice, timeout: float = 240.0) -> Path:
    """`pdf`: `docx` as LibreOffice prints it with its comments beside each page."""
    from .office import Office
    with Office(soffice=office.soffice, pdf_options=OPTIONS, show_comments=True, timeout=timeout) as lo:
        return lo.convert(Path(docx), Path(pdf), "pdf")


def missing_texts(pdf: Path, texts: list[str]) -> int:
    """How many of `texts` the PDF's pages do not show whole (spaces and line breaks aside).

    LibreOffice gives a page's comments only the page's height: when they need more, it
    shortens them all and scrolls the rest out of sight, and the PDF prints that view.
    """
    import pypdfium2
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        shown = "".join("".join(page.get_textpage().get_text_range().split()) for page in doc)
    finally:
        doc.close()
    return sum("".join(t.split()) not in shown for t in texts)
