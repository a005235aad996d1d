"""Errors with a one-line user message, and whose fault a failure is.

Exit codes (README): 2 when the input is unusable (`InputError`), 3 when docgen
itself failed (`InternalError`, or any other exception: a bug, a missing
dependency, LibreOffice crashing). Readers turn everything a bad file can cause
into an InputError, so an exception that gets past them is docgen's.
"""

from __future__ import annotations

import os
import sys

from . import i18n

INPUT, INTERNAL = "input", "internal"
EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE, EXIT_INTERNAL = 0, 1, 2, 3
DISTRIBUTION = "docgen-tw"  # pyproject.toml [project] name

# what no input can excuse: a bug or a broken install (readers let these through)
PROGRAM_ERRORS = (ImportError, AttributeError, TypeError, NameError, AssertionError)

# import name -> distribution on PyPI, where they differ
_DISTRIBUTIONS = {"docx": "python-docx", "yaml": "PyYAML", "jinja2": "Jinja2", "markdown_it": "markdown-it-py",
                  "pypdfium2_raw": "pypdfium2", "PIL": "Pillow"}


class DocgenError(Exception):
    """An error with a message key and its parameters; `kind` says whose fault it is.

    `str(err)` is the one-line message in the current language.
    """

    kind = INPUT

    def __init__(self, key: str, /, **params):
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str | None = None) -> str:
        text = i18n.t(self.key, lang, **self.params)
        return internal_frame(text, lang) if self.kind == INTERNAL else text

    def __str__(self) -> str:
        return self.message()


class InputError(DocgenError):
    """Unusable input (exit code 2): missing, not a DOCX, encrypted, corrupt…"""


class InternalError(DocgenError):
    """docgen itself cannot do the job (exit code 3), whatever the file."""

    kind = INTERNAL


def blame(err: BaseException) -> str:
    """"input" or "internal": only what docgen raises as unusable input is the file's fault."""
    return err.kind if isinstance(err, DocgenError) else INTERNAL


def exit_code_for(err: BaseException) -> int:
    return EXIT_UNUSABLE if blame(err) == INPUT else EXIT_INTERNAL


def error_message(err: BaseException, lang: str | None = None) -> str:
    """The one-line message for any exception (an unexpected one is docgen's fault)."""
    if isinstance(err, DocgenError):
        return err.message(lang)
    return internal_frame(_detail(err, lang), lang)


def internal_frame(detail: str, lang: str | None = None) -> str:
    return i18n.t("internal.error", lang, detail=detail.rstrip("。.").strip())


def debug_enabled() -> bool:
    return os.environ.get("DOCGEN_DEBUG", "") not in ("", "0")


def print_debug(err: BaseException) -> None:
    """With DOCGEN_DEBUG=1, the traceback on stderr (the one-line message follows)."""
    if debug_enabled():
        import traceback
        traceback.print_exception(type(err), err, err.__traceback__, file=sys.stderr)
        sys.stderr.flush()


def _detail(err: BaseException, lang: str | None) -> str:
    if isinstance(err, ImportError) and err.name:
        top = err.name.split(".")[0]
        if top == "docgen":
            from . import __version__
            wheel = f"{DISTRIBUTION.replace('-', '_')}-{__version__}-py3-none-any.whl"
            return i18n.t("internal.incomplete", lang, module=err.name, command=_pip(f"--force-reinstall {wheel}"))
        dist = _DISTRIBUTIONS.get(top, top)
        if isinstance(err, ModuleNotFoundError):
            return i18n.t("internal.missing_package", lang, package=dist, command=_pip(_requirement(dist)))
        # there, but without what docgen imports from it: too old, or a broken install
        return i18n.t("internal.broken_package", lang, package=dist, detail=str(err)[:120],
                      command=_pip("--upgrade --force-reinstall " + _requirement(dist)))
    text = " ".join(str(err).split())
    text = f"{type(err).__name__}: {text}" if text else type(err).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def _pip(args: str) -> str:
    exe = sys.executable or "python"
    exe = f'"{exe}"' if " " in exe else exe
    return f"{exe} -m pip install {args}"


def _requirement(dist: str) -> str:
    """`dist` with the lower bound docgen declares for it (quoted for the shell)."""
    try:
        from importlib.metadata import requires
        for req in requires(DISTRIBUTION) or ():
            spec = req.split(";")[0].strip()
            name = spec.split(">")[0].split("=")[0].split("<")[0].split("[")[0].strip()
            if name.lower().replace("_", "-") == dist.lower().replace("_", "-"):
                return f'"{spec}"' if any(c in spec for c in "<>=") else spec
    except Exception:  # metadata missing (a plain checkout): the bare name will do
        pass
    return dist


i18n.register({
    "input.missing": ("找不到檔案或資料夾：{path}", "File or folder not found: {path}"),
    "input.unsupported": ("不支援的檔案類型：{path}（可檢查 .docx、.pdf、.odt 或來源資料夾）",
                          "Unsupported file type: {path} (docgen checks .docx, .pdf, .odt or a source folder)"),
    "input.too_large": ("檔案過大（{size}），上限為 {limit}", "File too large ({size}); the limit is {limit}"),
    "internal.error": ("docgen 內部錯誤（不是您的檔案的問題）：{detail}。請回報，並附上 DOCGEN_DEBUG=1 的輸出",
                       "docgen internal error (not a problem with your file): {detail}. "
                       "Please report it with the output of DOCGEN_DEBUG=1"),
    "internal.missing_package": ("缺少 Python 套件 {package}，請執行 {command} 安裝",
                                 "the Python package {package} is missing; install it with {command}"),
    "internal.broken_package": ("Python 套件 {package} 版本不符或已損壞（{detail}），請執行 {command} 重新安裝",
                                "the Python package {package} is too old or broken ({detail}); reinstall it with {command}"),
    "internal.incomplete": ("docgen 安裝不完整（缺少 {module}），請用原本的安裝檔重新安裝：{command}",
                            "docgen is installed incompletely ({module} is missing); reinstall it from its wheel: {command}"),
})
