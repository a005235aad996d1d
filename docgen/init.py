"""`docgen init`: a ready-to-edit source folder, written from the form profile."""

from __future__ import annotations

import os
from pathlib import Path

from . import i18n
from .errors import InputError
from .fsutil import atomic_write
from .profile import FieldSpec, get_profile, is_profile_path, load_profile
from .readers.source import SOURCE_NAME

TYPE_HINT = {
    "text": "文字",
    "number": "數字",
    "date_range": "日期區間，例如 112年1月1日至迄今",
    "choice": "擇一",
    "contact": "聯絡人",
    "picture": "圖檔路徑（與本檔同資料夾）",
}


def _field_block(spec: FieldSpec) -> list[str]:
    need = "必填" if spec.required else ("視情況必填：" + "、".join(f"{k}={v}" for k, v in spec.required_if.items())
                                         if spec.required_if else "選填")
    hint = TYPE_HINT[spec.type]
    if spec.unit:
        hint += f"（單位：{spec.unit}）"
    if spec.options:
        hint += "：" + " / ".join(spec.options)
    lines = [f"# {spec.label}｜{need}｜{hint}"]
    if spec.placeholder:
        lines.append(f"#   表單說明：{spec.placeholder}")
    if spec.type == "contact":
        lines += [f"{spec.key}:", "  姓名: ", "  職稱: ", "  聯絡電話: ", "  電子信箱: "]
    else:
        lines.append(f'{spec.key}: ""')
    return lines


def source_text(form: str, dirs: tuple[str, ...] = (), ref: str | None = None) -> str:
    """`ref`: how the source names its form (default `form`)."""
    profile = load_profile(form, dirs)
    out = ["---",
           f"# yaml-language-server: $schema=https://docgen-tw.invalid/schema/{profile.id}.schema.json",
           f"# {profile.authority}「{profile.name}」— 請填寫下列欄位（欄位名稱可用英文代號或表單上的中文標題）",
           f"form: {ref or form}",
           "# 評獎年度（民國年）；不填則為今年",
           "# award_year: 115"]
    for spec in profile.fields:
        if spec.from_section:
            continue
        out += _field_block(spec)
    out += ["---", "",
            "<!-- 以下為敘述內容：每個「## 標題」是一個段落，docgen 會自動編上 壹、貳、參、肆；",
            "     「###」為 一、，「####」為（一），依此類推；有編號的清單（1. 2. 3.）為下一層。",
            *(["     表格（| 欄 | 欄 |）的每一列是表格的一列；格內以 <br> 換段，編號請自行打入（一、（一）1、）。"]
              if any(s.table_columns for s in profile.sections) else []),
            f"     字數上限 {profile.limit} 字（含標題）。 -->" if profile.limit is not None else "     -->", ""]
    for section in profile.sections:
        out += [f"## {section.title}", ""]
        if section.instruction:
            out += [f"<!-- {section.instruction} -->", ""]
        if section.table_columns:  # a table section: one row per item, <br> for a new line in a cell
            n = len(section.table_columns)
            out += ["| " + " | ".join(section.table_columns) + " |", "|" + "---|" * n,
                    "| （請在此撰寫） |" + " |" * (n - 1), ""]
            continue
        out += ["（請在此撰寫）", ""]
    return "\n".join(out)


def init_source(directory: Path, form: str, dirs: tuple[str, ...] = ()) -> Path:
    """`dirs`: the configured form folders (a source in them names its form by id)."""
    get_profile(form, dirs)  # an unknown or broken form: one line, before anything is written
    target = directory / SOURCE_NAME
    if target.exists():
        raise InputError("init.exists", path=str(target))
    ref = None
    if is_profile_path(form):  # the source names the profile by a path from its own folder
        ref = os.path.relpath(Path(form).resolve(), directory.resolve())
    return atomic_write(target, source_text(form, dirs, ref).encode("utf-8"))


i18n.register({
    "init.exists": ("{path} 已存在，為避免覆寫已停止", "{path} already exists; not overwriting it"),
})
