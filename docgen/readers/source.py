"""Read a source (Markdown with YAML front matter) into the document model.

The paragraphs mirror what the builder renders — form title, part headings,
the numbered narrative — so the same structuring and rules apply.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml

from .. import i18n
from ..errors import InputError
from ..fsutil import read_input
from ..model import Cell, Document, FieldValue, Paragraph
from ..profile import FormProfile, form_ids, is_profile_path, load_profile
from ..schema import CONTACT_KEYS, META_ALIASES, META_KEYS, explain, field_names, front_matter_schema
from ..text.numbering import format_marker, parse_marker
from . import SOURCE_NAME

MAX_SOURCE_BYTES = 2 * 1024 * 1024
# characters no XML document can hold: C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp")


@dataclass
class Source:
    """A parsed source: the model plus what only the builder needs."""

    document: Document
    profile: FormProfile
    folder: Path
    values: dict  # field key -> raw front-matter value
    pictures: dict  # field key -> resolved picture path
    picture_data: dict = field(default_factory=dict)  # field key -> the bytes vetted (what is embedded)


def find_source_file(path: Path) -> Path:
    if path.is_dir():
        candidate = path / SOURCE_NAME
        if candidate.is_file():
            return candidate
        mds = sorted(path.glob("*.md"))
        if len(mds) == 1:
            return mds[0]
        raise InputError("source.no_file", path=str(path), name=SOURCE_NAME)
    from ..fsutil import vet_input
    vet_input(path)  # missing, a symlink loop, a FIFO: each its own one-line reason
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


class _DuplicateKey(yaml.MarkedYAMLError):
    def __init__(self, key: str, first, second):
        super().__init__(problem=f"duplicate key {key!r}", problem_mark=second)
        self.key, self.first = key, first


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice (PyYAML keeps the last one silently)."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                if key_node.value in seen:
                    raise _DuplicateKey(key_node.value, seen[key_node.value], key_node.start_mark)
                seen[key_node.value] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)


FM_FIRST_LINE = 2  # the front matter's first line in the file (line 1 is ---)


_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?[^#\s'"][^:#]*:\s+(["'])""")


def _unclosed_quote(lines: list[str], upto: int):
    """(line, column, quote) of a value opened with a quote and not closed on its line, before `upto`."""
    for i, line in enumerate(lines[:upto + 1]):
        m = _QUOTED_VALUE.match(line)
        if m and m.group(1) not in line[m.end():].replace("\\" + m.group(1), ""):
            return i, m.start(1), m.group(1)
    return None


def _fullwidth_colon(lines: list[str], i: int, path: Path) -> InputError:
    """`agency：臺南市` — a key written with the full-width colon (line i of the front matter)."""
    line = lines[i]
    return InputError("source.yaml.fullwidth_colon", path=str(path), line=i + FM_FIRST_LINE,
                      col=len(line) - len(line.lstrip()) + 1, key=line.split("\uff1a")[0].strip())


def _yaml_error(err: yaml.MarkedYAMLError, text: str, path: Path) -> InputError:
    """The parser's complaint as one line a person can act on, at the file's line and column."""
    lines = text.split("\n")
    problem, context = err.problem or "", err.context or ""
    mark = err.problem_mark or err.context_mark

    def at(m, msg: str, **params) -> InputError:
        return InputError(msg, path=str(path), line=(m.line if m else 0) + FM_FIRST_LINE,
                          col=(m.column if m else 0) + 1, **params)

    def line_of(m) -> str:
        return lines[m.line] if m and m.line < len(lines) else ""

    if isinstance(err, _DuplicateKey):
        return at(err.problem_mark, "source.yaml.duplicate", key=err.key, first=err.first.line + FM_FIRST_LINE)
    if "quoted scalar" in context and ("end of stream" in problem or "document separator" in problem):
        m = err.context_mark
        return at(m, "source.yaml.quote", quote=text[m.index] if m and m.index < len(text) else '"')
    if "double-quoted" in context and "escape" in problem:
        return at(err.problem_mark, "source.yaml.escape")
    open_quote = _unclosed_quote(lines, mark.line if mark else len(lines))
    if open_quote is not None:  # a quote closed lines later makes the parser stumble further down
        line, col, quote = open_quote
        return at(yaml.Mark("", 0, line, col, None, None), "source.yaml.quote", quote=quote)
    if mark is not None and mark.index < len(text) and text[mark.index] == "\t":
        return at(mark, "source.yaml.tab")
    if "cannot start any token" in problem or "undefined alias" in problem:
        char = text[mark.index] if mark is not None and mark.index < len(text) else "?"
        return at(mark, "source.yaml.reserved", char=char)
    if "flow sequence" in context or "flow mapping" in context:
        m = err.context_mark
        opening = text[m.index] if m and m.index < len(text) else "["
        return at(m, "source.yaml.bracket", opening=opening, closing="]" if opening == "[" else "}")
    if "could not find expected ':'" in problem:
        m = err.context_mark
        if m is not None and "\uff1a" in line_of(m).split(": ")[0]:
            return _fullwidth_colon(lines, m.line, path)
        return at(m, "source.yaml.no_colon")
    if "mapping values are not allowed" in problem and mark is not None:
        before = line_of(mark)[:mark.column]
        if re.search(r":(\s|$)", before):
            return at(mark, "source.yaml.colon_in_value")
        prev = next((m for m in range(mark.line - 1, -1, -1) if lines[m].strip()), None)
        if prev is not None and "\uff1a" in lines[prev] and ": " not in lines[prev]:
            return _fullwidth_colon(lines, prev, path)
        indent = len(line_of(mark)) - len(line_of(mark).lstrip(" "))
        return at(yaml.Mark("", 0, mark.line, indent, None, None), "source.yaml.indent")
    if "expected <block end>" in problem and mark is not None:
        return at(mark, "source.yaml.indent")
    return at(mark, "source.yaml", problem=(problem or context).strip())


def _refuse_bad_chars(text: str, path: Path) -> None:
    """A character no DOCX/XML can hold, typed into the file: refused where it stands."""
    bad = _NOT_XML.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise InputError("source.bad_char", path=str(path), line=line, col=col, char=f"U+{ord(bad.group()):04X}")


def _refuse_bad_scalars(node, path: Path) -> None:
    """The same for a value made by a YAML escape ("\\ud800", "\\x01"): refused at the value."""
    seen, stack = 0, [node]
    while stack and seen <= MAX_YAML_NODES:
        n = stack.pop()
        seen += 1
        if isinstance(n, yaml.ScalarNode):
            bad = _NOT_XML.search(n.value)
            if bad:
                raise InputError("source.bad_char", path=str(path), line=n.start_mark.line + 2,
                                 col=n.start_mark.column + 1, char=f"U+{ord(bad.group()):04X}")
        elif isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack += [k, v]
        elif isinstance(n, yaml.SequenceNode):
            stack += n.value


def _load_yaml(text: str, path: Path) -> tuple[dict, dict]:
    """(mapping, key -> (line, column)) — errors carry line and column."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if _expanded_size(node) > MAX_YAML_NODES:
            raise InputError("source.yaml_too_big", path=str(path))
        _refuse_bad_scalars(node, path)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        raise _yaml_error(err, text, path) from None
    except (yaml.YAMLError, RecursionError) as err:
        raise InputError("source.yaml", path=str(path), line=1, col=1, problem=type(err).__name__) from None
    finally:
        loader.dispose()
    if data is None:
        return {}, {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        lines = text.split("\n")
        first = next((i for i, line in enumerate(lines) if line.strip()), 0)
        if isinstance(data, str) and "\uff1a" in lines[first]:  # `agency：臺南市` alone reads as one string
            raise _fullwidth_colon(lines, first, path)
        raise InputError("source.not_mapping", path=str(path))
    lines = {}
    for key_node, _ in node.value:
        lines[str(key_node.value)] = (key_node.start_mark.line + FM_FIRST_LINE, key_node.start_mark.column + 1)
    return {str(k): v for k, v in data.items()}, lines


def read_source(path: Path | str, form: Optional[str] = None, forms: Optional[tuple[str, ...]] = None) -> Source:
    """`forms`: the configured form folders (default: those of the config found from `path`)."""
    path = Path(path)
    file = find_source_file(path)
    text = decode(read_input(file, MAX_SOURCE_BYTES), file)
    _refuse_bad_chars(text, file)
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
                         forms=i18n.join(form_ids(forms))) from None
    values, value_lines = _field_values(profile, data, key_lines, file)
    award_year = data.get("award_year", data.get("評獎年度"))

    doc = Document(path=str(path), kind="source", has_formatting=False, form=profile.id,
                   award_year=int(award_year) if award_year else None, inputs=[str(file)])
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
            for text, line, marker, cell in narrative_paragraphs(body, body_line):
                add(text, line, marker=marker, marker_auto=marker is not None, cell=cell)

    pictures, picture_data = {}, {}
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
            pictures[key], picture_data[key] = _picture(folder, str(value), file, line, value_lines[key][1])
            doc.inputs.append(str(pictures[key]))
            fv.pictures = 1
        doc.fields[key] = fv
    # fields without a paragraph point at a synthetic line so locations stay useful
    return Source(doc, profile, folder, values, pictures, picture_data)


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
    for err in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.path]):
        message, params = explain(err, profile)
        line, col = key_lines.get(params["key"], (1, 1))
        raise InputError(message, path=str(file), line=line, col=col, **params)
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


def _picture(folder: Path, rel: str, file: Path, line: int, col: int) -> tuple[Path, bytes]:
    """The picture's resolved path and its bytes, read once and vetted (what the builder embeds)."""
    from ..fsutil import real_path
    from .images import MAX_PICTURE_BYTES, picture_problem

    target = real_path(folder / rel)  # a symlink is judged by where it points
    try:
        target.relative_to(real_path(folder))
    except ValueError:
        raise InputError("source.picture_escape", path=str(file), line=line, col=col, picture=rel) from None
    if not target.exists():
        raise InputError("source.picture_missing", path=str(file), line=line, col=col, picture=rel)
    if target.suffix.lower() not in PICTURE_SUFFIXES:
        raise InputError("source.picture_type", path=str(file), line=line, col=col, picture=rel)
    data = b""
    try:
        data = read_input(target, MAX_PICTURE_BYTES)
        problem = picture_problem(data)
    except InputError as err:
        problem = err.message()
    if problem:
        raise InputError("source.picture_bad", path=str(file), line=line, col=col, picture=rel, problem=problem)
    return target, data


def narrative_paragraphs(body: str, first_line: int):
    """(text, source line, generated marker or None, table cell or None) for the Markdown body.

    `##` is level 1 (壹、), `###` level 2 (一、) and so on; ordered list items
    sit one level below the heading above them. Markers an author typed are
    kept (and validated later) rather than doubled. A Markdown table (a form's
    計畫內容 table) gives one paragraph per cell line (`<br>` starts a new one),
    each with its cell; numbers typed in cells are the outline's too.
    """
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    counters = [0] * 6
    heading_level = 0
    list_depth = 0
    lists: list[bool] = []  # the open lists, innermost last: ordered or not
    pending_level: Optional[int] = None
    tables = row = col = 0
    in_cell = False
    for i, tok in enumerate(tokens):
        if tok.type == "table_open":
            tables, row = tables + 1, 0
        elif tok.type == "tr_open":
            row, col = row + 1, 0
        elif tok.type in ("th_open", "td_open"):
            col, in_cell = col + 1, True
        elif tok.type in ("th_close", "td_close"):
            in_cell = False
        elif tok.type == "heading_open":
            pending_level = max(1, int(tok.tag[1]) - 1)
        elif tok.type in ("ordered_list_open", "bullet_list_open"):
            lists.append(tok.type == "ordered_list_open")
            list_depth += lists[-1]
        elif tok.type in ("ordered_list_close", "bullet_list_close"):
            list_depth -= lists.pop()
        elif tok.type == "list_item_open" and list_depth > 0 and lists[-1]:
            pending_level = min(5, heading_level + list_depth)
        elif tok.type == "inline" and in_cell:
            line = first_line + (tok.map[0] if tok.map else 0)
            for text in _inline_text(tok, br="\x00").split("\x00"):
                text = text.strip()
                if not text:
                    continue
                typed = parse_marker(text)
                if typed is not None:
                    counters[typed.level] = typed.value
                    _reset_below(counters, typed.level)
                yield text, line, None, Cell(tables, row, col)
        elif tok.type == "inline":
            text = _inline_text(tok)
            line = first_line + (tok.map[0] if tok.map else 0)
            if pending_level is None or not text.strip():
                if text.strip():
                    yield text, line, None, None
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
                yield text, line, None, None
                continue
            counters[level] += 1
            _reset_below(counters, level)
            if tokens[i - 1].type == "heading_open":
                heading_level = level
            yield text.strip(), line, format_marker(level, counters[level]), None


def _reset_below(counters: list[int], level: int) -> None:
    for deeper in range(level + 1, len(counters)):
        counters[deeper] = 0


def _inline_text(tok, br: Optional[str] = None) -> str:
    """The inline's text; `br`: what a `<br>` becomes (kept as written when None)."""
    out = []
    for child in tok.children or []:
        if br is not None and child.type == "html_inline" and child.content.strip().lower() in ("<br>", "<br/>", "<br />"):
            out.append(br)
        elif child.type in ("text", "code_inline", "html_inline"):
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
    "source.yaml": ("{path} 第{line}行第{col}欄：YAML 格式錯誤，無法讀取這裡；請檢查這一行的引號、冒號與縮排",
                    "{path}:{line}:{col}: YAML error ({problem}); check the quotes, colons and indentation of this line"),
    "source.yaml.quote": ("{path} 第{line}行第{col}欄：這裡的引號 {quote} 沒有結束；請在值的結尾補上 {quote}，或拿掉開頭的引號",
                          "{path}:{line}:{col}: the quote {quote} opened here is never closed; add a closing {quote} at the end of the value, or remove this one"),
    "source.yaml.indent": ("{path} 第{line}行第{col}欄：縮排不對；同一層的欄位要對齊，最上層的欄位前面不要有空格",
                           "{path}:{line}:{col}: bad indentation; keys at the same level must line up, and top-level keys start at column 1"),
    "source.yaml.tab": ("{path} 第{line}行第{col}欄：這裡有定位字元（Tab）；YAML 只能用空格，請把 Tab 換成空格",
                        "{path}:{line}:{col}: a tab character; YAML allows only spaces here, so replace the tab with spaces"),
    "source.yaml.duplicate": ("{path} 第{line}行第{col}欄：欄位「{key}」重複（第{first}行已經有了）；請只保留一個",
                              "{path}:{line}:{col}: “{key}” is given twice (first on line {first}); keep one"),
    "source.yaml.colon_in_value": ("{path} 第{line}行第{col}欄：值裡有半形冒號加空格「: 」；請把整個值用引號括起來（例如 \"專案: 說明\"），或改用全形冒號「：」",
                                   "{path}:{line}:{col}: a colon and a space inside a value; put the whole value in quotes (\"a: b\")"),
    "source.yaml.no_colon": ("{path} 第{line}行第{col}欄：這一行不是「欄位: 值」的形式；欄位名稱後面要有半形冒號「:」和一個空格",
                             "{path}:{line}:{col}: this line is not “key: value”; a key needs a colon and a space after it"),
    "source.yaml.fullwidth_colon": ("{path} 第{line}行第{col}欄：「{key}」後面是全形冒號「：」；欄位名稱後面請改用半形冒號加空格，例如「{key}: 值」",
                                    "{path}:{line}:{col}: “{key}” is followed by a full-width colon (U+FF1A); use a half-width colon and a space, as in “{key}: value”"),
    "source.yaml.bracket": ("{path} 第{line}行第{col}欄：「{opening}」沒有對應的「{closing}」；如果值本身以「{opening}」開頭，請把整個值用引號括起來",
                            "{path}:{line}:{col}: “{opening}” is never closed with “{closing}”; if the value starts with “{opening}”, put it in quotes"),
    "source.yaml.reserved": ("{path} 第{line}行第{col}欄：值不能直接以「{char}」開頭；請把整個值用引號括起來",
                             "{path}:{line}:{col}: a value cannot start with “{char}”; put the whole value in quotes"),
    "source.yaml.escape": ("{path} 第{line}行第{col}欄：雙引號裡的反斜線「\\」是跳脫字元；路徑請改用單引號（'C:\\資料\\圖.png'）或斜線「/」",
                           "{path}:{line}:{col}: a backslash inside double quotes starts an escape; write paths in single quotes ('C:\\data\\chart.png') or with /"),
    "source.yaml_too_big": ("{path} 的 YAML 欄位區塊過於龐大或巢狀過深（可能含大量別名 &/*），已拒絕", "{path}: the front matter is too large or nested (YAML aliases?); refused"),
    "source.not_mapping": ("{path} 的 YAML 欄位區塊應為「欄位: 值」的形式", "{path}: the front matter must be a mapping of key: value"),
    "source.unknown_form": ("{path} 第{line}行第{col}欄：未知的表單「{form}」（可用：{forms}）", "{path}:{line}:{col}: unknown form “{form}” (known: {forms})"),
    "source.unknown_key": ("{path} 第{line}行第{col}欄：未知的欄位「{key}」{hint}", "{path}:{line}:{col}: unknown field “{key}”{hint}"),
    "source.did_you_mean": ("，您是不是要輸入「{name}」？", "; did you mean “{name}”?"),
    "source.bad_value": ("{path} 第{line}行第{col}欄：{label}的值不正確，您填的是{value}",
                         "{path}:{line}:{col}: bad value for {label} ({problem}); you wrote {value}"),
    "source.schema.enum": ("{path} 第{line}行第{col}欄：{label}只能是{allowed}，您填的是{value}",
                           "{path}:{line}:{col}: {label} must be {allowed}; you wrote {value}"),
    "source.schema.type": ("{path} 第{line}行第{col}欄：{label}應填{expected}，您填的是{value}",
                           "{path}:{line}:{col}: {label} must be {expected}; you wrote {value}"),
    "source.schema.number": ("{path} 第{line}行第{col}欄：{label}應填數字（例如 120），您填的是{value}",
                             "{path}:{line}:{col}: {label} must be a number (for example 120); you wrote {value}"),
    "source.schema.text": ("{path} 第{line}行第{col}欄：{label}應填一段文字，您填的是{value}",
                           "{path}:{line}:{col}: {label} must be text; you wrote {value}"),
    "source.schema.choice": ("{path} 第{line}行第{col}欄：{label}應填其中一個選項，您填的是{value}",
                             "{path}:{line}:{col}: {label} must be one of its options; you wrote {value}"),
    "source.schema.date_range": ("{path} 第{line}行第{col}欄：{label}應填日期區間（例如 111年1月1日至113年12月31日），您填的是{value}",
                                 "{path}:{line}:{col}: {label} must be a date range (for example 111年1月1日至113年12月31日); you wrote {value}"),
    "source.schema.contact": ("{path} 第{line}行第{col}欄：{label}應填姓名、職稱、聯絡電話、電子信箱（每項一行，例如「  姓名: 王小明」），您填的是{value}",
                              "{path}:{line}:{col}: {label} takes 姓名, 職稱, 聯絡電話 and 電子信箱, one per line (“  姓名: 王小明”); you wrote {value}"),
    "source.schema.picture": ("{path} 第{line}行第{col}欄：{label}應填圖檔的相對路徑（例如 team_chart.png），您填的是{value}",
                              "{path}:{line}:{col}: {label} must be the relative path of a picture (for example team_chart.png); you wrote {value}"),
    "source.schema.unknown_part": ("{path} 第{line}行第{col}欄：{label}裡沒有「{name}」這一項（可用：{allowed}）",
                                   "{path}:{line}:{col}: {label} has no part “{name}” (known: {allowed})"),
    "source.schema.required": ("{path} 第{line}行第{col}欄：{label}缺少「{name}」", "{path}:{line}:{col}: {label} lacks “{name}”"),
    "source.schema.range": ("{path} 第{line}行第{col}欄：{label}應在 {low} 到 {high} 之間，您填的是{value}",
                            "{path}:{line}:{col}: {label} must be between {low} and {high}; you wrote {value}"),
    "source.schema.minimum": ("{path} 第{line}行第{col}欄：{label}不能小於 {limit}，您填的是{value}",
                              "{path}:{line}:{col}: {label} must be at least {limit}; you wrote {value}"),
    "source.schema.maximum": ("{path} 第{line}行第{col}欄：{label}不能大於 {limit}，您填的是{value}",
                              "{path}:{line}:{col}: {label} must be at most {limit}; you wrote {value}"),
    "source.schema.pattern": ("{path} 第{line}行第{col}欄：{label}的格式不正確，您填的是{value}",
                              "{path}:{line}:{col}: {label} is not in the expected format; you wrote {value}"),
    "source.schema.too_short": ("{path} 第{line}行第{col}欄：{label}太短（至少 {limit}），您填的是{value}",
                                "{path}:{line}:{col}: {label} is too short (at least {limit}); you wrote {value}"),
    "source.schema.too_long": ("{path} 第{line}行第{col}欄：{label}太長（最多 {limit}），您填的是{value}",
                               "{path}:{line}:{col}: {label} is too long (at most {limit}); you wrote {value}"),
    "source.picture_escape": ("{path} 第{line}行第{col}欄：圖片「{picture}」不在來源資料夾內，已拒絕", "{path}:{line}:{col}: picture “{picture}” is outside the source folder; refused"),
    "source.picture_missing": ("{path} 第{line}行第{col}欄：找不到圖片「{picture}」", "{path}:{line}:{col}: picture “{picture}” not found"),
    "source.bad_char": ("{path} 第{line}行第{col}欄：含有文件無法容納的字元 {char}（控制字元或不成對的代理字元），請刪除",
                        "{path}:{line}:{col}: holds a character no document can hold ({char}: a control character or a lone surrogate); remove it"),
    "source.picture_bad": ("{path} 第{line}行第{col}欄：圖片「{picture}」無法使用：{problem}", "{path}:{line}:{col}: picture “{picture}” cannot be used: {problem}"),
    "source.picture_type": ("{path} 第{line}行第{col}欄：「{picture}」不是支援的圖片格式（PNG、JPEG、GIF、BMP）", "{path}:{line}:{col}: “{picture}” is not a supported picture (PNG, JPEG, GIF, BMP)"),
})
