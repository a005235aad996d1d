"""Errors that end the reading of one input with a one-line user message."""

from __future__ import annotations

from . import i18n


class InputError(Exception):
    """Unusable input (exit code 2): carries a message key and its parameters.

    `str(err)` is the one-line message in the current language.
    """

    def __init__(self, key: str, /, **params):
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str | None = None) -> str:
        return i18n.t(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.message()


i18n.register({
    "input.missing": ("找不到檔案或資料夾：{path}", "File or folder not found: {path}"),
    "input.unsupported": ("不支援的檔案類型：{path}（可檢查 .docx、.pdf、.odt 或來源資料夾）",
                          "Unsupported file type: {path} (docgen checks .docx, .pdf, .odt or a source folder)"),
    "input.too_large": ("檔案過大（{size}），上限為 {limit}", "File too large ({size}); the limit is {limit}"),
    "input.internal": ("無法處理此檔案（{detail}）", "Could not process this file ({detail})"),
})
