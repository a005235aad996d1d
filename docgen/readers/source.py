"""Read a source (Markdown with YAML front matter) into the document model.

The paragraphs mirror what the builder renders — form title, part headings,
the numbered narrative — so the same structuring and rules apply.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import yaml

from .. import i18n
from ..errors import InputError
from ..model import Document, FieldValue, Paragraph
from ..profile import FormProfile, form_ids, is_profile_path, load_profile
from ..schema import CONTACT_KEYS, META_ALIASES, META_KEYS, field_names, front_matter_schema
from ..text.numbering import format_marker, parse_marker
from . import SOURCE_NAME

MAX_SOURCE_BYTES = 2 * 1024 * 1024
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp")


@dataclass
class Source:
    """A parsed source: the model plus what only the builder needs."""

    document: Document
    profile: FormProfile
    folder: Path
    values: dict  # field key -> raw front-matter value
    pictures: dict  # field key -> resolved picture path


def find_source_file(path: Path) -> Path:
    if path.is_dir():
        candidate = path / SOURCE_NAME
        if candidate.is_file():
            return candidate
        mds = sorted(path.glob("*.md"))
        if len(mds) == 1:
            return mds[0]
        raise InputError("source.no_file", path=str(path), name=SOURCE_NAME)
    if not path.exists():
        raise InputError("input.missing", path=str(path))
    return path


def decode(raw: bytes, path: Path) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("source.utf16", path=str(path))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        try:
            raw.decode("cp950")
        except UnicodeDecodeError:
            raise InputError("source.not_utf8", path=str(path), line=line) from None
        raise InputError("source.big5", path=str(path), line=line) from None


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """(yaml text, markdown body, line number where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise InputError("source.no_front_matter", path=str(path))
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    raise InputError("source.unclosed_front_matter", path=str(path))


MAX_YAML_NODES = 20_000  # aliases can make a small file expand enormously


def _expanded_size(node) -> int:
    """Nodes as a consumer sees them, aliases expanded; stops past the cap."""
    count, stack = 0, [node]
    while stack and count <= MAX_YAML_NODES:
        n = stack.pop()
        count += 1
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack += [k, v]
        elif isinstance(n, yaml.SequenceNode):
            stack += n.value
    return count


def _load_yaml(text: str, path: Path) -> tuple[dict, dict]:
    """(mapping, key -> (line, column)) — errors carry line and column."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is None:
            return {}, {}
        if _expanded_size(node) > MAX_YAML_NODES:
            raise InputError("source.yaml_too_big", path=str(path))
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise InputError("source.yaml", path=str(path), line=(mark.line + 2) if mark else 1,
                         col=(mark.column + 1) if mark else 1,
                         problem=(err.problem or err.context or "").strip()) from None
    except (yaml.YAMLError, RecursionError) as err:
        raise InputError("source.yaml", path=str(path), line=1, col=1, problem=type(err).__name__) from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise InputError("source.not_mapping", path=str(path))
    lines = {}
    for key_node, _ in node.value:
        lines[str(key_node.value)] = (key_node.start_mark.line + 2, key_node.start_mark.column + 1)
    return {str(k): v for k, v in data.items()}, lines


def read_source(path: Path | str, form: Optional[str] = None, forms: Optional[tuple[str, ...]] = None) -> Source:
    """`forms`: the configured form folders (default: those of the config found from `path`)."""
    path = Path(path)
    file = find_source_file(path)
    if file.stat().st_size > MAX_SOURCE_BYTES:
        raise InputError("input.too_large", size=f"{file.stat().st_size // 1024} KB", limit="2 MB")
    text = decode(file.read_bytes(), file)
    fm_text, body, body_line = split_front_matter(text, file)
    data, key_lines = _load_yaml(fm_text, file)

    form_id = str(data.get("form") or data.get("表單") or form or "summary_form")
    if forms is None:
        from ..config import find_config
        forms = find_config(file).forms
    if is_profile_path(form_id) and (data.get("form") or data.get("表單")):
        form_id = str(file.parent / form_id)  # a profile named by a path from the source's folder
    try:
        profile = load_profile(form_id, forms)
    except KeyError:
        line, col = key_lines.get("form", key_lines.get("表單", (2, 1)))
        raise InputError("source.unknown_form", path=str(file), line=line, col=col, form=form_id,
                         forms="、".join(form_ids(forms))) from None
    values, value_lines = _field_values(profile, data, key_lines, file)
    award_year = data.get("award_year", data.get("評獎年度"))

    doc = Document(path=str(path), kind="source", has_formatting=False, form=profile.id,
                   award_year=int(award_year) if award_year else None)
    index = [0]

    def add(text: str, line: Optional[int] = None, **kw) -> Paragraph:
        index[0] += 1
        p = Paragraph(index=index[0], text=text, source_line=line, **kw)
        doc.paragraphs.append(p)
        return p

    add(profile.name)
    for part in profile.parts:
        if part.title != profile.name:
            add(part.title)
        if part.narrative:
            for text, line, marker in narrative_paragraphs(body, body_line):
                add(text, line, marker=marker, marker_auto=marker is not None)

    pictures = {}
    folder = file.parent
    for key, value in values.items():
        spec = profile.field(key)
        line = value_lines[key][0]
        fv = FieldValue(key, _as_text(spec.type, value, spec), source_line=line)
        if spec.type == "choice":
            chosen = spec.option_aliases.get(str(value), str(value))
            fv.options = {o: o == chosen for o in spec.options}
            fv.text = chosen
        if spec.type == "picture" and str(value).strip():
            pictures[key] = _picture(folder, str(value), file, line, value_lines[key][1])
            fv.pictures = 1
        doc.fields[key] = fv
    # fields without a paragraph point at a synthetic line so locations stay useful
    return Source(doc, profile, folder, values, pictures)


def _field_values(profile: FormProfile, data: dict, key_lines: dict, file: Path):
    import jsonschema

    names = field_names(profile)
    known = [*names, *META_KEYS, *META_ALIASES]
    values, lines = {}, {}
    for key, value in data.items():
        key = str(key)
        line, col = key_lines.get(key, (1, 1))
        if key in META_KEYS or key in META_ALIASES:
            continue
        if key not in names:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
            hint = i18n.t("source.did_you_mean", name=close[0]) if close else ""
            raise InputError("source.unknown_key", path=str(file), line=line, col=col, key=key, hint=hint)
        values[names[key]] = value
        lines[names[key]] = (line, col)
    schema = front_matter_schema(profile)
    validator = jsonschema.Draft202012Validator(schema)
    for err in sorted(validator.iter_errors(data), key=lambda e: list(e.path)):
        key = str(err.path[0]) if err.path else ""
        line, col = key_lines.get(key, (1, 1))
        raise InputError("source.bad_value", path=str(file), line=line, col=col, key=key,
                         problem=err.message[:120])
    return values, lines


def _as_text(kind: str, value, spec) -> str:
    if value is None:
        return ""
    if kind == "contact" and isinstance(value, dict):
        parts = []
        for key, aliases in CONTACT_KEYS.items():
            for name in (key, *aliases):
                if value.get(name) not in (None, ""):
                    parts.append(str(value[name]))
                    break
        return "、".join(parts)
    if kind == "date_range" and isinstance(value, dict):
        return f"{value.get('start', '')}至{value.get('end', '迄今') or '迄今'}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _picture(folder: Path, rel: str, file: Path, line: int, col: int) -> Path:
    target = (folder / rel).resolve()
    try:
        target.relative_to(folder.resolve())
    except ValueError:
        raise InputError("source.picture_escape", path=str(file), line=line, col=col, picture=rel) from None
    if not target.is_file():
        raise InputError("source.picture_missing", path=str(file), line=line, col=col, picture=rel)
    if target.suffix.lower() not in PICTURE_SUFFIXES:
        raise InputError("source.picture_type", path=str(file), line=line, col=col, picture=rel)
    return target


def narrative_paragraphs(body: str, first_line: int):
    """(text, source line, generated marker or None) for the Markdown body.

    `##` is level 1 (壹、), `###` level 2 (一、) and so on; ordered list items
    sit one level below the heading above them. Markers an author typed are
    kept (and validated later) rather than doubled.
    """
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(body)
    counters = [0] * 6
    heading_level = 0
    list_depth = 0
    pending_level: Optional[int] = None
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            pending_level = max(1, int(tok.tag[1]) - 1)
        elif tok.type == "ordered_list_open":
            list_depth += 1
        elif tok.type == "ordered_list_close":
            list_depth -= 1
        elif tok.type == "list_item_open" and list_depth > 0 and tokens[i - 1].type != "bullet_list_open":
            if _in_ordered(tokens, i):
                pending_level = min(5, heading_level + list_depth)
        elif tok.type == "inline":
            text = _inline_text(tok)
            line = first_line + (tok.map[0] if tok.map else 0)
            if pending_level is None or not text.strip():
                if text.strip():
                    yield text, line, None
                continue
            level = pending_level
            pending_level = None
            typed = parse_marker(text)
            if typed is not None:
                # the heading's depth says the level; a wrong-shaped number is the checker's business
                counters[level] = typed.value
                _reset_below(counters, level)
                if tokens[i - 1].type == "heading_open":
                    heading_level = level
                yield text, line, None
                continue
            counters[level] += 1
            _reset_below(counters, level)
            if tokens[i - 1].type == "heading_open":
                heading_level = level
            yield text.strip(), line, format_marker(level, counters[level])


def _in_ordered(tokens, i: int) -> bool:
    depth = 0
    for tok in reversed(tokens[:i]):
        if tok.type in ("ordered_list_close", "bullet_list_close"):
            depth += 1
        elif tok.type in ("ordered_list_open", "bullet_list_open"):
            if depth == 0:
                return tok.type == "ordered_list_open"
            depth -= 1
    return False


def _reset_below(counters: list[int], level: int) -> None:
    for deeper in range(level + 1, len(counters)):
        counters[deeper] = 0


def _inline_text(tok) -> str:
    out = []
    for child in tok.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "softbreak":
            # CJK lines join without a space; Latin words keep one
            prev = out[-1][-1:] if out and out[-1] else ""
            out.append(" " if prev.isascii() and prev.isalnum() else "")
    return "".join(out)


i18n.register({
    "source.no_file": ("資料夾 {path} 中找不到 {name}", "No {name} in folder {path}"),
    "source.utf16": ("{path} 是 UTF-16 編碼，請另存為 UTF-8", "{path} is UTF-16; save it as UTF-8"),
    "source.big5": ("{path} 第{line}行起是 Big5（CP950）編碼，請另存為 UTF-8", "{path} is Big5 (CP950)-encoded from line {line}; save it as UTF-8"),
    "source.not_utf8": ("{path} 第{line}行不是 UTF-8 編碼，請另存為 UTF-8", "{path} line {line} is not UTF-8; save it as UTF-8"),
    "source.no_front_matter": ("{path} 開頭缺少 YAML 欄位區塊（第一行應為 ---）", "{path} has no YAML front matter (the first line must be ---)"),
    "source.unclosed_front_matter": ("{path} 的 YAML 欄位區塊沒有結束的 ---", "{path}: the front matter is not closed with ---"),
    "source.yaml": ("{path} 第{line}行第{col}欄：YAML 格式錯誤（{problem}）", "{path}:{line}:{col}: YAML error ({problem})"),
    "source.yaml_too_big": ("{path} 的 YAML 欄位區塊過於龐大或巢狀過深（可能含大量別名 &/*），已拒絕", "{path}: the front matter is too large or nested (YAML aliases?); refused"),
    "source.not_mapping": ("{path} 的 YAML 欄位區塊應為「欄位: 值」的形式", "{path}: the front matter must be a mapping of key: value"),
    "source.unknown_form": ("{path} 第{line}行第{col}欄：未知的表單「{form}」（可用：{forms}）", "{path}:{line}:{col}: unknown form “{form}” (known: {forms})"),
    "source.unknown_key": ("{path} 第{line}行第{col}欄：未知的欄位「{key}」{hint}", "{path}:{line}:{col}: unknown field “{key}”{hint}"),
    "source.did_you_mean": ("，您是不是要輸入「{name}」？", "; did you mean “{name}”?"),
    "source.bad_value": ("{path} 第{line}行第{col}欄：欄位「{key}」的值不正確（{problem}）", "{path}:{line}:{col}: bad value for “{key}” ({problem})"),
    "source.picture_escape": ("{path} 第{line}行第{col}欄：圖片「{picture}」不在來源資料夾內，已拒絕", "{path}:{line}:{col}: picture “{picture}” is outside the source folder; refused"),
    "source.picture_missing": ("{path} 第{line}行第{col}欄：找不到圖片「{picture}」", "{path}:{line}:{col}: picture “{picture}” not found"),
    "source.picture_type": ("{path} 第{line}行第{col}欄：「{picture}」不是支援的圖片格式（PNG、JPEG、GIF、BMP）", "{path}:{line}:{col}: “{picture}” is not a supported picture (PNG, JPEG, GIF, BMP)"),
})
