"""Award-year packs: the 政府服務獎's rules of one cycle (屆/年度) as data.

`validators/awards/<ROC year>.yaml` (and the same in a folder named by `awards` in
docgen.toml) holds the cycle's categories, the project-period cut-off, what a
category reports, the quota and the scoring dimensions; validated against
`validators/awards/award.schema.json` when loaded. A new cycle is a new file.

What rules take from the pack, and the form profile's value they override:

- `date-window`: a category's `earliest_start` (else the profile's `date_window`);
  `reports: previous_year` holds the period to the calendar year before the award year;
- `quota`: `quota.max_entries` (else the profile's `quota.max_entries`);
- `award-category`: the categories a form prints must be the cycle's.

A year with no pack leaves every rule on the profile's values.
"""

from __future__ import annotations

from collections import namedtuple
import datetime as _dt
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from . import i18n

PREVIOUS_YEAR = "previous_year"


# a pack's records are named tuples: immutable, compared and printed like the frozen
# dataclasses they were, at a quarter of the cost to define at every start
class Dimension(namedtuple("Dimension", "name points name_en kind items", defaults=("", "individual", ()))):
    """A scoring dimension (評核構面) and its weight."""

    __slots__ = ()

    # fields:
    #   name: str
    #   points: int
    #   name_en: str = ""
    #   kind: str = "individual"  # 個別評核構面 / overall: 整體評核構面
    #   items: tuple[str, ...] = ()


class Category(namedtuple("Category", "name name_en aliases earliest_start reports total scoring",
                          defaults=("", (), None, None, None, ()))):
    """A category (評獎類別) of one cycle and the rules that differ by category."""

    __slots__ = ()

    # fields:
    #   name: str
    #   name_en: str = ""
    #   aliases: tuple[str, ...] = ()
    #   earliest_start: Optional[_dt.date] = None
    #   reports: Optional[str] = None
    #   total: Optional[int] = None
    #   scoring: tuple[Dimension, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class AwardPack(namedtuple("AwardPack", "year name categories edition name_en seed default_category quota path",
                           defaults=(None, "", "", None, None, ""))):
    """One cycle of the award, as its pack file says."""

    __slots__ = ()

    # fields:
    #   year: int
    #   name: str
    #   categories: tuple[Category, ...]
    #   edition: Optional[int] = None
    #   name_en: str = ""
    #   seed: str = ""
    #   default_category: Optional[str] = None
    #   quota: Optional[int] = None
    #   path: str = ""

    def category(self, name: Optional[str]) -> Optional[Category]:
        """The category printed as `name` (its own name or an alias)."""
        return next((c for c in self.categories if name in c.names), None) if name else None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for c in self.categories for n in c.names)

    def title(self, lang=None) -> str:
        return self.name_en if i18n.lang_of(lang) == "en" and self.name_en else self.name


def _schema_text() -> str:
    from .profile import resource_dir
    return resource_dir("validators").joinpath("awards", "award.schema.json").read_text(encoding="utf-8")


def award_schema() -> dict:
    import json
    return json.loads(_schema_text())


def _date(text, path: str, key: str) -> _dt.date:
    from .errors import InputError
    from .text.dates import DateFormatError, parse_date

    try:
        day = parse_date(str(text))
    except DateFormatError:
        day = None
    if not isinstance(day, _dt.date):
        raise InputError("award.invalid", path=path, problem=i18n.t("profile.bad_value", key=key, value=text))
    return day


def validate_pack(data, path: str) -> None:
    """The schema, then what a schema cannot say: the year is the file's name, the dates
    read, the points add up, the default category is one of the pack's."""
    from .errors import InputError
    from .profile import validate_data

    validate_data(data, path, award_schema(), "award.invalid")
    stem = Path(path).stem
    if stem != str(data["year"]):
        raise InputError("award.invalid", path=path, problem=i18n.t("award.year_not_name", year=data["year"]))
    names = []
    for i, c in enumerate(data["categories"]):
        names += [c["name"], *c.get("aliases", ())]
        if "earliest_start" in c:
            _date(c["earliest_start"], path, f"categories.{i}.earliest_start")
        scoring = c.get("scoring") or {}
        total = sum(d["points"] for d in scoring.get("dimensions", ()))
        if scoring.get("total") is not None and total != scoring["total"]:
            raise InputError("award.invalid", path=path, problem=i18n.t(
                "award.points", key=f"categories.{i}.scoring", sum=total, total=scoring["total"]))
    if len(set(names)) != len(names):
        twice = next(n for n in names if names.count(n) > 1)
        raise InputError("award.invalid", path=path, problem=i18n.t("award.name_twice", name=twice))
    default = data.get("default_category")
    if default is not None and default not in names:
        raise InputError("award.invalid", path=path, problem=i18n.t(
            "profile.bad_choice", key="default_category", value=default, choices=", ".join(names)))


def pack_from_dict(d: dict, path: str = "") -> AwardPack:
    categories = []
    for i, c in enumerate(d["categories"]):
        scoring = c.get("scoring") or {}
        categories.append(Category(
            name=c["name"], name_en=c.get("name_en", ""), aliases=tuple(c.get("aliases") or ()),
            earliest_start=_date(c["earliest_start"], path, f"categories.{i}.earliest_start")
            if c.get("earliest_start") is not None else None,
            reports=c.get("reports"), total=scoring.get("total"),
            scoring=tuple(Dimension(name=x["name"], points=int(x["points"]), name_en=x.get("name_en", ""),
                                    kind=x.get("kind", "individual"), items=tuple(x.get("items") or ()))
                          for x in scoring.get("dimensions", ())),
        ))
    return AwardPack(year=int(d["year"]), name=d["name"], categories=tuple(categories), edition=d.get("edition"),
                     name_en=d.get("name_en", ""), seed=d.get("seed", ""),
                     default_category=d.get("default_category"),
                     quota=int(d["quota"]["max_entries"]) if d.get("quota") else None, path=path)


@lru_cache(maxsize=None)
def _shipped_files() -> dict[str, str]:
    from .profile import _yaml_files, resource_dir
    return _yaml_files(resource_dir("validators").joinpath("awards"))


def pack_files(dirs: Iterable[str] = ()) -> dict[str, str]:
    """File stem (the award year) -> pack YAML: the shipped packs, then each configured
    folder's (a later folder's pack for a year replaces an earlier one)."""
    from .profile import _yaml_files

    out = dict(_shipped_files())
    for d in dirs:
        out.update(_yaml_files(Path(d)))
    return out


def known_years(dirs: Iterable[str] = ()) -> list[str]:
    return sorted(pack_files(tuple(dirs)), key=lambda s: (not s.isdigit(), int(s) if s.isdigit() else 0, s))


@lru_cache(maxsize=None)
def _load_file(path: str) -> AwardPack:
    from .profile import read_validated
    return pack_from_dict(read_validated(path, "award", _schema_text(), validate_pack, "award.invalid"), path)


def find_pack(year: Optional[int], dirs: Iterable[str] = ()) -> Optional[AwardPack]:
    """The pack of an award year, or None when there is none. A broken pack raises its
    one-line InputError: only the checks of that year are affected."""
    path = pack_files(tuple(dirs)).get(str(year)) if year is not None else None
    return _load_file(path) if path else None


def all_packs(dirs: Iterable[str] = ()) -> tuple[list[AwardPack], list[Exception]]:
    """Every pack that loads, and the errors of those that do not."""
    good, bad = [], []
    files = pack_files(tuple(dirs))
    for stem in known_years(dirs):
        try:
            good.append(_load_file(files[stem]))
        except Exception as err:  # noqa: BLE001 — a broken pack is reported, never fatal to the others
            bad.append(err)
    return good, bad


FIRST_YEAR, LAST_YEAR = 100, 200  # ROC years docgen takes (as a source's award_year)


def unknown_year_notice(year: Optional[int], dirs: Iterable[str] = (), checking: bool = True) -> Optional[str]:
    """One line when an award year asked for has no pack, or None.

    Checking, only a year up to the newest pack's is noticed (a cycle docgen has no data
    for); a later one — the cycle being prepared — quietly uses the forms' own values."""
    files = pack_files(tuple(dirs))
    if year is None or str(year) in files:
        return None
    years = known_years(dirs)
    newest = max((int(y) for y in years if y.isdigit()), default=0)
    if checking and year > newest:
        return None
    return i18n.t("award.unknown_year" if checking else "award.no_pack", year=year, years=i18n.join(years) or "—")


def year_problem(year: int) -> Optional[str]:
    """A --award-year that is no ROC year docgen takes (2026 for 115), as one line."""
    if FIRST_YEAR <= year <= LAST_YEAR:
        return None
    gregorian = FIRST_YEAR + 1911 <= year <= LAST_YEAR + 1911  # 2026 meant 115
    return i18n.t("award.bad_year", year=year, first=FIRST_YEAR, last=LAST_YEAR,
                  roc=year - 1911 if gregorian else current_year())


def current_year() -> int:
    return _dt.date.today().year - 1911


# -- what the rules ask ----------------------------------------------------------

def category_field(profile):
    """The form's category box: the choice field its profile names as the batch summary's
    `category` column (nomination_list: 參獎類別); None for a form without one."""
    key = dict(profile.summary_fields).get("category")
    spec = next((f for f in profile.fields if f.key == key), None)
    return spec if spec is not None and spec.type == "choice" else None


def entry_category(ctx) -> Optional[Category]:
    """The category an entry is in: its ticked box, else the pack's default category."""
    pack = ctx.award
    if pack is None:
        return None
    spec = category_field(ctx.profile)
    if spec is not None:
        fv = ctx.doc.fields.get(spec.key)
        ticked = [o for o, on in (fv.options if fv else {}).items() if on]
        if len(ticked) == 1:  # (None for another cycle's category: none of this pack's rules apply)
            return pack.category(ticked[0]) or next(
                (pack.category(a) for a, o in spec.option_aliases.items() if o == ticked[0] and pack.category(a)),
                None)
    return pack.category(pack.default_category)


def window_problems(ctx, start: _dt.date, end) -> list[tuple[str, dict]]:
    """date-window's findings about the award's window: (message key, parameters).

    The entry's category decides: `reports: previous_year` → the period lies within the
    calendar year before the award year; `earliest_start` → the start is no earlier;
    else the form profile's cut-off for the year.
    """
    from .text.dates import ONGOING, format_roc

    category = entry_category(ctx)
    if category is not None and category.reports == PREVIOUS_YEAR:
        roc = ctx.award_year - 1
        first, last = _dt.date(roc + 1911, 1, 1), _dt.date(roc + 1911, 12, 31)
        if start < first or end is ONGOING or end > last:
            return [("date.outside_year", dict(
                category=category.name, roc=roc, start=format_roc(start), end=format_roc(end),
                expected=f"{first.isoformat()} – {last.isoformat()}",
                actual=f"{start.isoformat()} – {'ongoing' if end is ONGOING else end.isoformat()}"))]
        return []
    if category is not None and category.earliest_start is not None:
        cutoff = category.earliest_start
    else:
        cutoff = ctx.profile.cutoff(ctx.award_year)
    if start < cutoff:
        return [("date.before_cutoff", dict(start=format_roc(start), cutoff=format_roc(cutoff), year=ctx.award_year,
                                            expected=f">= {cutoff.isoformat()}", actual=start.isoformat()))]
    return []


def quota_for(profile, pack: Optional[AwardPack]) -> Optional[int]:
    """Entries one authority may recommend: the pack's quota, else the form profile's."""
    if pack is not None and pack.quota is not None:
        return pack.quota
    return profile.quota


def printed_categories(ctx, spec) -> list[str]:
    """The category names the form prints in its category box: read from the box's
    text in a document; a source prints the form's own options (its template)."""
    fv = ctx.doc.fields.get(spec.key)
    packs = all_packs()[0]
    known = {*(n for p in (ctx.award, *packs) for n in p.names), *spec.options, *spec.option_aliases}
    p = ctx.paragraph(fv.paragraph) if fv is not None else None
    if p is not None and p.cell is not None:
        text = "\n".join(q.full_text for q in ctx.doc.paragraphs if q.cell == p.cell)
        found = [n for n in known if n in text]
        found = [n for n in found if not any(n != m and n in m for m in found)]  # the longest name only
        if found:
            return sorted(found, key=text.index)
    return list(fv.options) if fv is not None and fv.options else list(spec.options)


# -- `docgen awards` -----------------------------------------------------------

def pack_row(pack: AwardPack) -> dict:
    """A pack as `docgen awards --format json` lists it."""
    return {
        "year": pack.year, "edition": pack.edition, "name": pack.name, "name_en": pack.name_en or None,
        "seed": pack.seed or None,
        "categories": [{"name": c.name, "name_en": c.name_en or None, "aliases": list(c.aliases),
                        "earliest_start": c.earliest_start.isoformat() if c.earliest_start else None,
                        "reports": c.reports, "total": c.total,
                        "scoring": [{"name": d.name, "name_en": d.name_en or None, "points": d.points,
                                     "kind": d.kind, "items": list(d.items)} for d in c.scoring]}
                       for c in pack.categories],
        "default_category": pack.default_category, "quota": pack.quota, "path": pack.path,
    }


def pack_lines(pack: AwardPack, lang=None) -> list[str]:
    """A pack as `docgen awards` prints it: one line, then one per category."""
    from .text.dates import format_roc

    en = i18n.lang_of(lang) == "en"
    head = i18n.t("award.row", lang, year=pack.year, name=pack.title(lang),
                  quota=pack.quota if pack.quota is not None else i18n.t("award.from_form", lang))
    lines = [head]
    for c in pack.categories:
        rules = []
        if c.aliases:
            rules.append(i18n.t("award.aliases", lang, names=i18n.join(c.aliases, lang)))
        if c.earliest_start:
            rules.append(i18n.t("award.earliest", lang,
                                date=c.earliest_start.isoformat() if en else format_roc(c.earliest_start)))
        if c.reports == PREVIOUS_YEAR:
            rules.append(i18n.t("award.previous_year", lang, roc=pack.year - 1))
        if c.scoring:
            dims = ", " if en else "、"
            rules.append(dims.join(f"{(d.name_en or d.name) if en else d.name} {d.points}" for d in c.scoring))
        name = f"{c.name_en} ({c.name})" if en and c.name_en else c.name
        lines.append("    " + (i18n.labelled(name, "; ".join(rules) if en else "；".join(rules), lang)
                               if rules else name))
    return lines


i18n.register({
    "award.invalid": ("評獎資料檔 {path} 有誤：{problem}，此年度的評獎資料暫不可用",
                      "Award pack {path} is not valid: {problem}; this award year's pack is unavailable"),
    "award.year_not_name": ("year（{year}）應與檔名相同（{year}.yaml）",
                            "year ({year}) must be the file's name ({year}.yaml)"),
    "award.points": ("「{key}」各構面配分合計 {sum} 分，與 total {total} 分不符",
                     "“{key}”: the dimensions add up to {sum} points, not the total {total}"),
    "award.name_twice": ("類別名稱「{name}」重複", "the category name “{name}” appears twice"),
    "award.unknown_year": ("沒有第 {year} 年度的評獎資料（已有：{years}；docgen awards 可列出），執行期間與推薦名額改依表單設定",
                           "No award pack for year {year} (known: {years}; see docgen awards); the project period "
                           "and quota follow the form profiles"),
    "award.bad_year": ("評獎年度應為民國年（{first} 到 {last} 之間，例如 {roc}），而不是「{year}」",
                       "The award year must be an ROC year ({first} to {last}, e.g. {roc}), not “{year}”"),
    "award.no_pack": ("沒有第 {year} 年度的評獎資料（已有：{years}）", "No award pack for year {year} (known: {years})"),
    "award.row": ("{year} 年度　{name}　推薦名額 {quota}", "{year}  {name}  quota {quota}"),
    "award.from_form": ("依表單設定", "as the form says"),
    "award.aliases": ("表單亦作 {names}", "forms also print {names}"),
    "award.earliest": ("專案起始日不得早於 {date}", "projects start no earlier than {date}"),
    "award.previous_year": ("提出 {roc} 年度（1月至12月）成果", "reports the year {roc} (January to December)"),
    "award.none": ("找不到評獎資料", "No award packs found"),
})


def run_awards(fmt: str = "text", year: Optional[int] = None, config: Optional[str] = None,
               echo=print) -> int:
    """`docgen awards`: the packs (or one year's), text or JSON; broken packs on stderr, exit 2."""
    import json
    import sys

    from .config import find_config, load_file
    from .entry import EXIT_OK, EXIT_UNUSABLE, fail
    from .errors import InputError

    dirs = (load_file(Path(config)) if config else find_config(Path.cwd())).awards
    if year is not None:
        if year_problem(year):
            return fail(year_problem(year))
        notice = unknown_year_notice(year, dirs, checking=False)
        if notice:
            return fail(notice)
        packs, broken = [], []
        try:
            packs.append(find_pack(year, dirs))
        except InputError as err:  # its one line, as for a broken pack in the listing
            broken.append(err)
    else:
        packs, broken = all_packs(dirs)
    if fmt == "json":
        echo(json.dumps([pack_row(p) for p in packs], ensure_ascii=False, indent=2))
    else:
        for p in packs:
            echo("\n".join(pack_lines(p)))
        if not packs and not broken:
            echo(i18n.t("award.none"))
    for err in broken:
        sys.stderr.write(f"{err}\n")
    return EXIT_OK if not broken else EXIT_UNUSABLE
