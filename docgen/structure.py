"""Annotate a read Document with the form's structure, from the profile alone.

Readers give paragraphs in reading order (with table-cell positions); this
step finds the parts, the titles, the author's narrative (sections 壹…肆 and
their numbering) and the filled-in fields — the same way for a source, a DOCX
and a PDF, so every rule downstream sees one view.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Optional

from . import i18n
from .model import Cell, Document, FieldValue, Paragraph
from .normalize import flatten, norm
from .profile import FieldSpec, FormProfile
from .text.numbering import Marker, parse_marker

CHECKED = "■☑☒✓✔▣◼"
UNCHECKED = "□☐◻"

# what a blank box is filled with (and white space): a set, not a regex compiled at every start
_FILL = frozenset("_＿-－:：、,，.。()（）")


def detect_form(doc: Document, profiles: Iterable[FormProfile]) -> Optional[str]:
    """The form whose printed title appears among the first lines, the most specific
    match winning: the longest title found, then the one found first (a plan's title
    comes before the plans it cites: 依據「…執行計畫」), then the most titles found.
    Two forms matching equally well are an error, never a guess."""
    from .errors import InputError

    head = [norm(p.text) for p in doc.paragraphs[:40] if p.text.strip()][:15]
    scores = {}
    for profile in profiles:
        found = [t for t in map(norm, profile.detect_titles) if t and any(t in line for line in head)]
        if found:
            longest = max(map(len, found))
            first = min(i for i, line in enumerate(head) for t in found if len(t) == longest and t in line)
            scores[profile.id] = (longest, -first, len(found))
    if not scores:
        return None
    best = max(scores.values())
    winners = sorted(f for f, s in scores.items() if s == best)
    if len(winners) > 1:
        raise InputError("check.form_tie", forms=i18n.join(winners))
    return winners[0]


def marker_of(p: Paragraph):
    """The paragraph's numbering marker, automatic or typed."""
    if p.marker:
        return parse_marker(p.marker + (p.text[:1] if not p.marker_auto else "X"))
    return parse_marker(p.text)


def outline_marker(p: Paragraph, profile: FormProfile, seen: frozenset = frozenset()):
    """The marker as a level of the author's outline.

    A heading titled like a section of the form not met yet is a level-1
    heading whatever number it carries: `1、專案簡介` is 壹 in the wrong shape.
    (`二、預期成效` under 肆、推動成效(或預期成效) stays a level-2 heading.)
    """
    m = marker_of(p)
    if m is not None and m.level != 1:
        k = _section_title_match(heading_title(p), profile)
        if k is not None and k not in seen:
            return Marker(text=m.text, level=1, value=m.value, canonical=False)
    return m


def heading_title(p: Paragraph) -> str:
    """A heading's text without its numbering marker."""
    m = None if p.marker_auto else parse_marker(p.text)
    text = p.text[len(m.text):] if m else p.text
    return text.strip()


def _starts_part(p: Paragraph, match: tuple[str, ...]) -> bool:
    text = norm(p.text)
    if not text:
        return False
    return any(text.startswith(norm(m)) or (len(text) <= 30 and norm(m) in text) for m in match)


def _is_instruction(p: Paragraph, profile: FormProfile) -> bool:
    text = p.text.strip()
    if not text:
        return False
    if any(text.startswith(s) for s in profile.instruction_starts):
        return True
    # an opening bracket alone does not make one: （請參閱附件）本所… is the author's, and counts
    return is_placeholder(text, profile)


_CLOSERS = ("）", ")", "﹞", "〕")


def is_placeholder(text: str, profile: FormProfile) -> bool:
    """Instruction text the author should have replaced: one the profile lists (matched
    on its first 12 characters, so a retyped tail still counts), or a whole paragraph
    in the form's instruction brackets — （請…）, ﹝…﹞."""
    text = text.strip()
    n = norm(text)
    if n and n[:12] in _heads(profile.placeholders):
        return True
    return text.startswith(profile.instruction_brackets) and text.endswith(_CLOSERS)


@lru_cache(maxsize=64)  # asked for every paragraph: each form's texts are normalised once
def _heads(placeholders: tuple[str, ...]) -> frozenset:
    return frozenset(norm(t)[:12] for t in placeholders)


@lru_cache(maxsize=64)
def _section_titles(sections: tuple) -> dict[str, int]:
    """normalised title -> index of the first section that has it."""
    out: dict[str, int] = {}
    for i, s in enumerate(sections):
        for t in s.titles:
            out.setdefault(norm(t), i)
    return out


def _section_title_match(title: str, profile: FormProfile) -> Optional[int]:
    return _section_titles(profile.sections).get(norm(title))


def _next_part(p: Paragraph, parts: list, current: Optional[int]) -> Optional[int]:
    """The first later part whose printed heading this paragraph is (parts may be missing)."""
    start = 0 if current is None else current + 1
    return next((k for k in range(start, len(parts)) if _starts_part(p, parts[k].match)), None)


def _starts_narrative(p: Paragraph, profile: FormProfile) -> bool:
    """A 壹、 section heading outside the tables: the narrative began without its part heading."""
    if p.cell is not None:
        return False
    marker = outline_marker(p, profile)
    return marker is not None and marker.level == 1 and _section_title_match(heading_title(p), profile) is not None


def _is_section_heading(p: Paragraph, profile: FormProfile) -> bool:
    """A heading of one of the form's sections (壹、專案簡介), numbered or not."""
    marker = outline_marker(p, profile)
    if marker is not None:
        return marker.level == 1 and _section_title_match(heading_title(p), profile) is not None
    return bool(p.text.strip()) and _section_title_match(p.text.strip(), profile) is not None


def structure(doc: Document, profile: FormProfile) -> Document:
    doc.form = profile.id
    parts = list(profile.parts)
    narrative_at = next((k for k, part in enumerate(parts) if part.narrative), None)
    current: Optional[int] = None  # index into parts
    section = None
    seen: set[int] = set()  # form sections whose heading has been met
    # inside the form's printed notes (摘要撰寫說明： and its numbered lines), which run
    # from a paragraph opening with `instructions.starts` to the next section heading
    instructing = False
    for p in doc.paragraphs:
        k = _next_part(p, parts, current)
        if k is not None:
            current, section, instructing = k, None, False
            p.part = parts[k].title
            long_text = len(norm(p.text)) > 30
            p.role = "instruction" if long_text or _is_instruction(p, profile) else "title"
            continue
        if narrative_at is not None and (current is None or current < narrative_at) \
                and _starts_narrative(p, profile):
            current = narrative_at
        if current is None:
            p.role = "title" if any(norm(t) in norm(p.text) for t in profile.detect_titles) else "body"
            continue
        part = parts[current]
        p.part = part.title
        if not part.narrative:
            p.role = "body"
            continue
        if instructing and _is_section_heading(p, profile):
            instructing = False
        if instructing or _is_instruction(p, profile):
            p.role = "instruction"
            p.section = section
            instructing = instructing or any(p.text.strip().startswith(s) for s in profile.instruction_starts)
            continue
        p.in_narrative = True
        marker = outline_marker(p, profile, frozenset(seen))
        p.outline = marker
        if marker is not None:
            p.level = marker.level
            if marker.level == 1:
                section = _numeral(marker.expected)
                k = _section_title_match(heading_title(p), profile)
                if k is not None:
                    seen.add(k)
        elif p.text.strip() and _section_title_match(p.text.strip(), profile) is not None:
            # a section heading typed without its 壹、 marker
            p.level = 1
            section = p.text.strip()
        p.section = section
        p.role = "title" if p.level == 1 else "body"
    extract_fields(doc, profile, from_tables=doc.kind != "source")
    return doc


def _numeral(marker_text: str) -> str:
    return marker_text.rstrip("、.．,，:： ").strip("（()）")


# --- fields -----------------------------------------------------------------

def _cells(doc: Document) -> dict[Cell, list[Paragraph]]:
    cells: dict[Cell, list[Paragraph]] = {}
    for p in doc.paragraphs:
        if p.cell is not None:
            cells.setdefault(p.cell, []).append(p)
    return cells


def _label_forms(spec: FieldSpec) -> list[str]:
    return [norm(lbl) for lbl in spec.labels]


_NOTES = r"\((必填|如無免填)\)"


def _label_core(text: str) -> str:
    """A label cell's text without the printed (必填)/(如無免填) notes."""
    return re.sub(_NOTES, "", norm(text))


_NOTE_FORMS = ("(必填)", "(如無免填)")


def _find_inline(spec: FieldSpec, paragraphs: list[Paragraph],
                 flats: Optional[dict] = None) -> Optional[tuple[Paragraph, str]]:
    """`標籤：值` inside one paragraph (labels and values in the same cell).

    The label may be typed spaced out, with either bracket width, and be
    followed by its printed (必填) note before the colon. `flats` keeps each
    paragraph's flattened text across calls (one pass per field would
    otherwise flatten the whole document again).
    """
    wants = [flatten(label)[0] for label in spec.labels]
    flats = {} if flats is None else flats
    for p in paragraphs:
        text = p.full_text
        flat = flats.get(id(p))
        if flat is None:
            flat = flats[id(p)] = flatten(text)[0]
        for want in wants:
            i = flat.find(want)
            while i >= 0:
                j = i + len(want)
                j += next((len(n) for n in _NOTE_FORMS if flat.startswith(n, j)), 0)
                if flat.startswith(":", j):
                    at = flatten(text)[1]
                    value = text[at[j] + 1:].lstrip().split("\n", 1)[0]
                    if "(" + want in flat:  # inside an enclosing （…）: stop at its close
                        value = value.replace("）", ")").split(")", 1)[0]
                    return p, value.strip()
                i = flat.find(want, i + 1)
    return None


def extract_fields(doc: Document, profile: FormProfile, from_tables: bool = True) -> None:
    """Fill `doc.fields` from the form's boxes (and fields read from a section's text)."""
    if from_tables:
        _table_fields(doc, profile)
        for spec in profile.fields:
            if spec.in_title and spec.key not in doc.fields:
                fv = _title_field(doc, spec)
                if fv is not None:
                    doc.fields[spec.key] = fv
    for spec in profile.fields:
        if spec.from_section:
            fv = _section_text(doc, spec)
            if fv is not None:
                doc.fields.setdefault(spec.key, fv)


def _table_fields(doc: Document, profile: FormProfile) -> None:
    cells = _cells(doc)
    labels = {spec.key: _label_forms(spec) for spec in profile.fields}
    all_labels = [lbl for forms in labels.values() for lbl in forms]
    # each cell's text as a label, worked out once (every field looks through every cell)
    cores = {cell: _label_core("".join(p.text for p in ps)) for cell, ps in cells.items()}

    label_cells: dict = {}  # cell -> is it a label (asked again for the same cells)

    def is_label_cell(cell: Cell) -> bool:
        found = label_cells.get(cell)
        if found is None:
            core = cores.get(cell, "")
            found = label_cells[cell] = bool(core) and any(
                core == lbl or core.startswith(lbl) and len(core) - len(lbl) < 3 for lbl in all_labels)
        return found

    def label_cell(spec: FieldSpec) -> Optional[Cell]:
        forms = labels[spec.key]
        for cell, core in cores.items():
            if core and any(core == f or (core.startswith(f) and len(core) - len(f) < 3) for f in forms):
                return cell
        return None

    def right_of(cell: Cell, row: int) -> Optional[Cell]:
        right = sorted((c for c in cells if c.table == cell.table and c.row == row and c.col > cell.col),
                       key=lambda c: c.col)
        return right[0] if right and not is_label_cell(right[0]) else None

    def value_cells(cell: Cell) -> list[Cell]:
        """The box beside a label — over every row the label cell is merged down (vMerge)."""
        first = right_of(cell, cell.row)
        if first is not None:
            found, row = [first], cell.row + 1
            rows = {c.row for c in cells if c.table == cell.table}
            # a merged label leaves no cell of its own in the rows below it
            while row in rows and Cell(cell.table, row, cell.col) not in cells:
                more = right_of(cell, row)
                if more is None or more.col != first.col:
                    break
                found.append(more)
                row += 1
            return found
        below = [c for c in cells if c.table == cell.table and c.col == cell.col and c.row == cell.row + 1]
        if below and not is_label_cell(below[0]):
            return [below[0]]
        return []

    by_label = {spec.key: spec for spec in profile.fields}
    flats: dict = {}  # id(paragraph) -> flattened text, for the whole-document searches below
    with_colon: Optional[list[Paragraph]] = None
    for spec in profile.fields:
        if spec.key in doc.fields or spec.from_section:
            continue
        host = by_label.get(_key_for_label(profile, spec.in_label)) if spec.in_label else spec
        cell = label_cell(host) if host else None
        inline = _find_inline(spec, cells[cell]) if cell is not None and not spec.in_label else None
        if inline is not None and (inline[1].strip() or right_of(cell, cell.row) is None):
            # `標籤：值` in one box (an empty `標籤：` with no box beside it is an empty value)
            p, value = inline
            fv = FieldValue(spec.key, _strip_fill(value), paragraph=p.index, cell=p.cell, pictures=p.pictures)
            if spec.type == "choice":
                fv.options = read_choice(spec, value)
            doc.fields[spec.key] = fv
            continue
        paragraphs = [q for vcell in (value_cells(cell) if cell else []) for q in cells[vcell]]
        fv = None
        if spec.in_label and paragraphs and spec.type == "text" and _find_inline(spec, paragraphs):
            p, value = _find_inline(spec, paragraphs)
            fv = FieldValue(spec.key, value, paragraph=p.index, cell=p.cell)
        elif paragraphs:
            fv = _value_from_paragraphs(spec, paragraphs, profile)
        else:
            if with_colon is None:  # only a paragraph with a colon can hold `標籤：值`
                with_colon = [q for q in doc.paragraphs if ":" in q.full_text or "：" in q.full_text]
            found = _find_inline(spec, with_colon, flats)
            if found:
                p, value = found
                fv = FieldValue(spec.key, value, paragraph=p.index, cell=p.cell,
                                pictures=p.pictures)
                if spec.type == "choice":
                    fv.options = read_choice(spec, value)
        if fv is not None:
            doc.fields[spec.key] = fv


def _title_field(doc: Document, spec: FieldSpec) -> Optional[FieldValue]:
    """A field printed in the form's title, before `in_title` (（機關全銜）提升服務品質執行計畫)."""
    for p in [q for q in doc.paragraphs[:40] if q.text.strip()][:15]:
        text = re.sub(r"\s", "", p.text)
        at = text.find(re.sub(r"\s", "", spec.in_title))
        if at >= 0:
            return FieldValue(spec.key, _strip_fill(text[:at]), paragraph=p.index, cell=p.cell)
    return None


def _key_for_label(profile: FormProfile, label: str) -> Optional[str]:
    for spec in profile.fields:
        if norm(label) in (norm(lbl) for lbl in spec.labels):
            return spec.key
    return None


def _value_from_paragraphs(spec: FieldSpec, paragraphs: list[Paragraph], profile: FormProfile) -> FieldValue:
    first = paragraphs[0]
    lines = [p.full_text for p in paragraphs]
    fv = FieldValue(spec.key, "", paragraph=first.index, cell=first.cell,
                    pictures=sum(p.pictures for p in paragraphs))
    if spec.type == "choice":
        fv.options = read_choice(spec, "\n".join(lines))
        fv.text = "、".join(o for o, on in fv.options.items() if on)
    elif spec.type == "number":
        fv.text = read_number("\n".join(lines), spec.unit)
    else:
        # a box shared with number fields (團隊成員 + 共計 N 人): drop their lines
        host = spec.in_label or spec.label
        numbers = [s for s in profile.fields
                   if s is not spec and s.type == "number" and s.unit
                   and (_label_matches(host, s) or (s.in_label and norm(s.in_label) == norm(host)))]
        keep = [ln for ln in lines if not any(_is_number_line(ln, s) for s in numbers)]
        fv.text = _strip_fill("\n".join(keep))
    return fv


def _label_matches(label: str, spec: FieldSpec) -> bool:
    return norm(label) in (norm(lbl) for lbl in spec.labels)


def _is_number_line(line: str, spec: FieldSpec) -> bool:
    """`共計：12人`, `3,500千元` — a line that holds a number field (its unit and the
    words the form prints around it) and nothing else. `本所18人` is the author's
    text, not the form's count line."""
    if spec.unit not in line:
        return False
    line = flatten(line)[0]
    for words in (spec.unit, *spec.printed):
        line = line.replace(flatten(words)[0], "")
    return all(ch.isdecimal() or ch in ",，.．:" for ch in line)


def _strip_fill(text: str) -> str:
    text = text.strip()
    return "" if all(ch in _FILL or ch.isspace() for ch in text) else text


_DIGITS = frozenset("0123456789０１２３４５６７８９")
_IN_NUMBER = _DIGITS | frozenset(",，.．")


def _numbers(text: str):
    """(start, end) of each number written in the text: a digit, then digits and separators
    (what re.finditer(r"[0-9０-９][0-9０-９,，.．]*") finds, without compiling it at every start)."""
    i, n = 0, len(text)
    while i < n:
        if text[i] in _DIGITS:
            j = i + 1
            while j < n and text[j] in _IN_NUMBER:
                j += 1
            yield i, j
            i = j
        else:
            i += 1


def read_number(text: str, unit: Optional[str]) -> str:
    """The first number written before `unit` (`3,500 千元` → 3500)."""
    for start, end in _numbers(text):
        if not unit or text[end:].lstrip().startswith(unit):
            return norm(text[start:end]).replace(",", "")
    return ""


def read_choice(spec: FieldSpec, text: str) -> dict[str, bool]:
    """Options ticked with ■/☑/☒ (or unticked □/☐) before their printed name."""
    options: dict[str, bool] = {}
    names = {o: o for o in spec.options}
    names.update({alias: target for alias, target in spec.option_aliases.items()})
    for name, target in names.items():
        box = _box_before(text, name)
        if box:
            options[target] = options.get(target, False) or box in CHECKED
        elif target not in options and name in text:
            options[target] = False
    for o in spec.options:
        options.setdefault(o, False)
    return options


def _box_before(text: str, name: str) -> str:
    """The tick box (□/■…) just before the first `name` that has one, or ''."""
    i = text.find(name)
    while i >= 0:
        before = text[:i].rstrip()
        if before and before[-1] in CHECKED + UNCHECKED:
            return before[-1]
        i = text.find(name, i + 1)
    return ""


def _section_text(doc: Document, spec: FieldSpec) -> Optional[FieldValue]:
    body = []
    numeral = None
    for p in doc.paragraphs:
        if p.in_narrative and p.level == 1:
            if numeral is not None:
                break
            count = sum(1 for q in doc.paragraphs if q.in_narrative and q.level == 1 and q.index <= p.index)
            if count == spec.from_section:
                numeral = p.section
                continue
        if numeral is not None and p.in_narrative and p.section == numeral:
            body.append(p)
    if numeral is None:
        return None
    text = "\n".join(p.full_text for p in body if p.text.strip())
    first = body[0] if body else None
    return FieldValue(spec.key, text, paragraph=first.index if first else None,
                      cell=first.cell if first else None,
                      source_line=first.source_line if first else None)
