"""`docgen doctor`: is this machine ready to build PDFs and check fonts?

Each check is a DoctorItem: what was checked, whether it is fine, what was
found, and — when something is wrong — the exact command or step to fix it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from . import i18n
from .errors import DocgenError

DEBIAN_FIX = "sudo apt-get install -y libreoffice-writer-nogui fonts-cns11643-kai"
UNO_FIX = "sudo apt-get install -y python3-uno"
KAI_NAMES = ("標楷體", "DFKai-SB", "DFKaiShu-SB-Estd-BF", "BiauKai", "BiauKaiTC", "標楷體-繁")
TWKAI_NAMES = ("TW-Kai", "全字庫正楷體")

i18n.register({
    "doctor.soffice": ("LibreOffice", "LibreOffice"),
    "doctor.soffice.ok": ("{version}（位於 {path}）", "{version} ({path})"),
    "doctor.soffice.silent": ("找到 {path}，但它不回答 --version", "found {path}, but it does not answer --version"),
    "doctor.soffice.missing": ("找不到 LibreOffice：無法輸出 PDF/ODT（DOCX 仍可輸出）",
                               "LibreOffice not found: no PDF/ODT output (DOCX still works)"),
    "doctor.soffice.fix": (
        "Debian/Ubuntu 請執行：" + DEBIAN_FIX + "；Windows/macOS：請至 https://www.libreoffice.org 下載安裝 LibreOffice",
        "Debian/Ubuntu: " + DEBIAN_FIX + "; Windows/macOS: install LibreOffice from https://www.libreoffice.org"),
    "doctor.uno": ("LibreOffice UNO 介面（批次轉檔）", "LibreOffice UNO bridge (batch conversion)"),
    "doctor.uno.ok": ("使用 {python}，整批文件共用一個 LibreOffice", "using {python}: one LibreOffice serves a whole batch"),
    "doctor.uno.missing": ("找不到可載入 uno 模組的 Python：每份文件都要重新啟動 LibreOffice（較慢）",
                           "No Python with the uno module: LibreOffice is restarted for every document (slower)"),
    "doctor.uno.fix": ("Debian/Ubuntu 請執行：" + UNO_FIX, "Debian/Ubuntu: " + UNO_FIX),
    "doctor.margin": ("註解印在頁邊的 PDF（check --annotate-pdf）", "PDF with the comments in the margin (check --annotate-pdf)"),
    "doctor.margin.ok": ("{version}（位於 {path}）", "{version} ({path})"),
    "doctor.margin.missing": ("無法輸出：需要 LibreOffice 7.6 以上（{found}）",
                              "not available: it needs LibreOffice 7.6 or later ({found})"),
    "doctor.margin.fix": ("Debian 12 請執行 bash scripts/setup.sh（另裝一份 LibreOffice 25.2），或以 DOCGEN_LO_MARGIN 指定其 soffice",
                          "on Debian 12 run bash scripts/setup.sh (a private LibreOffice 25.2), or set DOCGEN_LO_MARGIN "
                          "to the soffice of one"),
    "doctor.fcmatch": ("標楷體 字型對應（docgen 的 fontconfig 設定）", "標楷體 font mapping (docgen's fontconfig)"),
    "doctor.fcmatch.real": ("標楷體 → {font}（真正的標楷體）", "標楷體 → {font} (the real 標楷體)"),
    "doctor.fcmatch.twkai": ("標楷體 → {font}（全字庫正楷體，替代字型，檢查時會提出警告）",
                             "標楷體 → {font} (TW-Kai substitute; checks report it as a warning)"),
    "doctor.fcmatch.wrong": ("標楷體 → {font}（不是標楷體，也不是全字庫正楷體）",
                             "標楷體 → {font} (neither 標楷體 nor TW-Kai)"),
    "doctor.fcmatch.na": ("此系統沒有 fc-match（Windows/macOS 由系統字型直接提供標楷體）",
                          "fc-match is not available (on Windows/macOS the system provides 標楷體 directly)"),
    "doctor.fcmatch.fix": ("Debian/Ubuntu 請執行：sudo apt-get install -y fontconfig fonts-cns11643-kai",
                           "Debian/Ubuntu: sudo apt-get install -y fontconfig fonts-cns11643-kai"),
    "doctor.twkai": ("全字庫正楷體（TW-Kai）", "TW-Kai (全字庫正楷體)"),
    "doctor.twkai.ok": ("已安裝：{files}", "installed: {files}"),
    "doctor.fonts.unknown": ("無法確認：沒有 fc-list", "cannot tell: fc-list is not available"),
    "doctor.twkai.not_needed": ("未安裝（已有真正的標楷體，不需要）", "not installed (not needed: the real 標楷體 is present)"),
    "doctor.twkai.missing": ("未安裝：沒有標楷體時 PDF 會改用其他字型",
                             "not installed: without 標楷體, PDFs fall back to another font"),
    "doctor.twkai.fix": ("Debian/Ubuntu 請執行：sudo apt-get install -y fonts-cns11643-kai",
                         "Debian/Ubuntu: sudo apt-get install -y fonts-cns11643-kai"),
    "doctor.realkai": ("標楷體（DFKai-SB）", "標楷體 (DFKai-SB)"),
    "doctor.realkai.ok": ("已安裝：{files}", "installed: {files}"),
    "doctor.realkai.missing": ("未安裝：PDF 會以全字庫正楷體替代（Windows 內建標楷體；Linux 上屬正常情況）",
                               "not installed: PDFs use TW-Kai instead (標楷體 ships with Windows; normal on Linux)"),
    "doctor.render": ("試轉 PDF（標楷體 文字）", "Test PDF render (標楷體 text)"),
    "doctor.render.ok": ("成功：PDF 內嵌字型 {font}（{mode}，{seconds:.1f} 秒）",
                         "works: the PDF embeds {font} ({mode}, {seconds:.1f} s)"),
    "doctor.render.wrong_font": ("PDF 內嵌字型是 {font}，不是標楷體或全字庫正楷體",
                                 "the PDF embeds {font}, neither 標楷體 nor TW-Kai"),
    "doctor.render.failed": ("失敗：{detail}", "failed: {detail}"),
    "doctor.render.skipped": ("略過：沒有 LibreOffice", "skipped: LibreOffice is missing"),
})


MARKS = {"ok": "✓", "warn": "!", "fail": "✗", "na": "–"}


@dataclass
class DoctorItem:
    """`status`: "ok" (✓), "warn" (! missing or a stand-in, PDFs still work),
    "fail" (✗ something docgen needs is missing or broken), "na" (– not needed here)."""

    name: str
    status: str
    detail: str
    fix: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.status != "fail"

    @property
    def mark(self) -> str:
        return MARKS[self.status]


def _fc(cmd: list[str], env: Optional[dict] = None) -> Optional[str]:
    exe = shutil.which(cmd[0])
    if not exe:
        return None
    try:
        r = subprocess.run([exe, *cmd[1:]], capture_output=True, timeout=30,
                           env={**os.environ, **(env or {})})
    except (OSError, subprocess.SubprocessError):
        return None
    return r.stdout.decode("utf-8", "replace")


def _is_real_kai(name: str) -> bool:
    low = name.lower().replace(" ", "")
    return any(n.lower().replace(" ", "") in low for n in KAI_NAMES) or "dfkai" in low or "biaukai" in low


def _is_twkai(name: str) -> bool:
    return "tw-kai" in name.lower() or "全字庫正楷體" in name


def _installed(families: tuple[str, ...]) -> list[str]:
    files: list[str] = []
    for fam in families:
        out = _fc(["fc-list", f":family={fam}", "file"])
        for line in (out or "").splitlines():
            f = line.strip().rstrip(":")
            if f and f not in files:
                files.append(f)
    return files


def match_kai() -> Optional[str]:
    """What 標楷體 resolves to through docgen's fonts.conf (None without fc-match)."""
    from .render.office import fontconfig_env

    out = _fc(["fc-match", "-f", "%{family}", "標楷體"], env=fontconfig_env())
    if out is None:
        return None
    return out.strip() or "?"


def _tiny_docx(path: Path) -> None:
    from docx import Document as Docx

    from .writers import ooxml

    d = Docx()
    props = ooxml.rpr("標楷體", ooxml.half_points(14))
    d.element.body.insert(0, ooxml.el("w:p", children=[ooxml.run("政府服務獎字型測試：標楷體", props)]))
    d.save(str(path))


def _windows_fonts(files: tuple[str, ...]) -> list[str]:
    """Font files in Windows' system and per-user font folders (no fontconfig there)."""
    folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    if os.environ.get("LOCALAPPDATA"):
        folders.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    return [str(d / f) for d in folders for f in files if (d / f).is_file()]


def run_doctor(lang: Optional[str] = None) -> list[DoctorItem]:
    from .render.office import Office, find_soffice, find_uno_python

    def t(key: str, **kw) -> str:
        return i18n.t(key, lang, **kw)

    items: list[DoctorItem] = []

    soffice = find_soffice()
    if soffice:
        version = None
        try:
            r = subprocess.run([soffice, "--version"], capture_output=True, timeout=60)
            if r.returncode == 0:
                version = r.stdout.decode("utf-8", "replace").strip().splitlines()[0] or None
        except (OSError, subprocess.SubprocessError, IndexError):
            pass
        if version:
            items.append(DoctorItem(t("doctor.soffice"), "ok", t("doctor.soffice.ok", version=version, path=soffice)))
        else:  # there, but it does not answer: the render test below says more
            items.append(DoctorItem(t("doctor.soffice"), "warn", t("doctor.soffice.silent", path=soffice)))
        py = find_uno_python(soffice)
        if py:
            items.append(DoctorItem(t("doctor.uno"), "ok", t("doctor.uno.ok", python=py)))
        else:  # PDFs still work, one LibreOffice start per document
            items.append(DoctorItem(t("doctor.uno"), "warn", t("doctor.uno.missing"), t("doctor.uno.fix")))
    else:
        items.append(DoctorItem(t("doctor.soffice"), "fail", t("doctor.soffice.missing"), t("doctor.soffice.fix")))

    from .render.margin import find_margin_office
    margin, found = find_margin_office()
    if margin:
        items.append(DoctorItem(t("doctor.margin"), "ok", t("doctor.margin.ok", version=margin.version,
                                                             path=margin.soffice)))
    else:  # optional: everything else works without it
        items.append(DoctorItem(t("doctor.margin"), "warn", t("doctor.margin.missing", found=found),
                                t("doctor.margin.fix")))

    real = _installed(("DFKai-SB", "標楷體", "BiauKai", "BiauKaiTC"))
    if sys.platform == "win32":
        real = real or _windows_fonts(("kaiu.ttf",))
    twkai = _installed(("TW-Kai",))
    blind = not real and shutil.which("fc-list") is None and sys.platform.startswith("linux")  # cannot tell
    matched = match_kai()
    if matched is None:  # no fontconfig: normal on Windows/macOS, a missing package on Linux
        status = "na" if sys.platform in ("win32", "darwin") else "warn"
        items.append(DoctorItem(t("doctor.fcmatch"), status, t("doctor.fcmatch.na"),
                                None if status == "na" else t("doctor.fcmatch.fix")))
    elif _is_real_kai(matched):
        items.append(DoctorItem(t("doctor.fcmatch"), "ok", t("doctor.fcmatch.real", font=matched)))
    elif _is_twkai(matched):
        items.append(DoctorItem(t("doctor.fcmatch"), "ok", t("doctor.fcmatch.twkai", font=matched)))
    else:
        items.append(DoctorItem(t("doctor.fcmatch"), "fail", t("doctor.fcmatch.wrong", font=matched),
                                t("doctor.fcmatch.fix")))
    if twkai:
        items.append(DoctorItem(t("doctor.twkai"), "ok", t("doctor.twkai.ok", files=", ".join(twkai[:3]))))
    elif blind:
        items.append(DoctorItem(t("doctor.twkai"), "warn", t("doctor.fonts.unknown"), t("doctor.fcmatch.fix")))
    elif real:
        items.append(DoctorItem(t("doctor.twkai"), "na", t("doctor.twkai.not_needed")))
    elif matched is None:  # no fontconfig (macOS): nothing docgen can install for it
        items.append(DoctorItem(t("doctor.twkai"), "warn", t("doctor.twkai.missing")))
    else:
        items.append(DoctorItem(t("doctor.twkai"), "fail", t("doctor.twkai.missing"), t("doctor.twkai.fix")))
    if real:
        items.append(DoctorItem(t("doctor.realkai"), "ok", t("doctor.realkai.ok", files=", ".join(real[:3]))))
    elif blind:
        items.append(DoctorItem(t("doctor.realkai"), "warn", t("doctor.fonts.unknown")))
    else:  # TW-Kai stands in; checks of such PDFs warn
        items.append(DoctorItem(t("doctor.realkai"), "warn", t("doctor.realkai.missing")))

    if not soffice:
        items.append(DoctorItem(t("doctor.render"), "fail", t("doctor.render.skipped"), t("doctor.soffice.fix")))
        return items
    import time

    from .readers.pdf import read_pdf

    with tempfile.TemporaryDirectory(prefix="docgen-doctor-") as tmp:
        src, dst = Path(tmp) / "test.docx", Path(tmp) / "test.pdf"
        started = time.monotonic()
        try:
            _tiny_docx(src)
            with Office() as office:
                office.convert(src, dst, "pdf")
                mode = office.mode or "?"
            doc = read_pdf(dst)
        except DocgenError as e:
            items.append(DoctorItem(t("doctor.render"), "fail",
                                    t("doctor.render.failed", detail=e.message(lang)), t("doctor.soffice.fix")))
            return items
        except Exception as e:  # doctor reports, never crashes
            items.append(DoctorItem(t("doctor.render"), "fail",
                                    t("doctor.render.failed", detail=f"{type(e).__name__}: {e}"),
                                    t("doctor.soffice.fix")))
            return items
        seconds = time.monotonic() - started
        cjk = [s.embedded_font or "?" for p in doc.paragraphs for s in p.spans
               if re.search(r"[\u4e00-\u9fff]", s.text)]
        font = max(set(cjk), key=cjk.count) if cjk else (doc.embedded_fonts[0] if doc.embedded_fonts else "?")
        if _is_real_kai(font) or _is_twkai(font):
            items.append(DoctorItem(t("doctor.render"), "ok",
                                    t("doctor.render.ok", font=font, mode=mode, seconds=seconds)))
        else:
            items.append(DoctorItem(t("doctor.render"), "fail", t("doctor.render.wrong_font", font=font),
                                    t("doctor.twkai.fix")))
    return items
