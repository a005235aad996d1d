"""Check one input or a batch: read → detect form → structure → rules → result."""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import Callable, Iterable, Optional

from . import i18n
from .config import Config, current_award_year, find_config, load_file
from .errors import (EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_UNUSABLE, INPUT, INTERNAL, DocgenError, InputError,
                     blame, error_message, print_debug)
from .model import Document, FileResult

DOCX_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm", ".doc")
CHECKABLE = (*DOCX_SUFFIXES, ".pdf", ".odt", ".md", ".markdown")


class CheckOptions:
    """What the user asked for (form, award year, config file, language); the same for every
    file of a batch. A plain class: never compared, and a dataclass costs ~0.3 ms to define
    at every start."""

    __slots__ = ("form", "award_year", "config_file", "lang", "today", "time_budget")

    def __init__(self, form: str = "auto", award_year: Optional[int] = None, config_file: Optional[str] = None,
                 lang: str = "zh", today: Optional[_dt.date] = None, time_budget: Optional[float] = None):
        self.form, self.award_year, self.config_file, self.lang = form, award_year, config_file, lang
        self.today = today
        self.time_budget = time_budget  # seconds per file; None: the config's or the default, 0: none

    def __repr__(self) -> str:
        return "CheckOptions(" + ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__slots__) + ")"


def read_document(path: Path, form: Optional[str] = None, forms: Optional[tuple[str, ...]] = None) -> Document:
    """Dispatch on the file type; each reader owns its format."""
    from .fsutil import vet_input
    from .readers import is_source

    if not path.is_dir():
        vet_input(path)  # a regular file (after symlinks), before any reader opens it
    if path.is_dir() or is_source(path):
        from .readers.source import read_source
        return read_source(path, None if form in (None, "auto") else form, forms).document
    if not path.exists():
        raise InputError("input.missing", path=str(path))
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from .readers.pdf import read_pdf
        return read_pdf(path)
    if suffix == ".odt":
        from .readers.odt import read_odt
        return read_odt(path)
    if suffix in DOCX_SUFFIXES:
        from .readers.docx import read_docx
        return read_docx(path)
    raise InputError("input.unsupported", path=str(path))


def structure_for(doc: Document, form: Optional[str], config: Config):
    """The form's profile (given, from the source, or detected from the title) with the
    config applied; `doc` is structured by it."""
    from .profile import all_profiles, form_ids, get_profile
    from .structure import detect_form, structure

    form = None if form in (None, "auto") else form
    form = form or doc.form
    if form is None:
        # a broken profile makes only its own form unavailable
        profiles, broken = all_profiles(config.forms)
        form = detect_form(doc, profiles)
        if form is None:
            if broken:
                raise broken[0]
            raise InputError("check.unknown_form", forms=i18n.join(form_ids(config.forms)))
    profile = get_profile(form, config.forms).with_overrides(extra_fonts=config.fonts, policy=config.policy,
                                                latin=config.latin)
    structure(doc, profile)
    return profile


def check_document(doc: Document, options: CheckOptions, config: Config) -> FileResult:
    from .rules import CheckContext, run_rules

    profile = structure_for(doc, options.form, config)
    form = profile.id
    from .awards import find_pack, quota_for

    award_year = options.award_year or doc.award_year or config.award_year or current_award_year(options.today)
    award = find_pack(award_year, config.awards)  # a broken pack fails only the checks of its year
    ctx = CheckContext(doc=doc, profile=profile, award_year=award_year,
                       today=options.today or _dt.date.today(), severities=dict(config.rules), award=award,
                       settings={"tw_standard_exceptions": config.tw_standard_exceptions})
    findings, skipped = run_rules(ctx)
    stats = dict(ctx.stats)
    stats["award_year"] = award_year
    quota = quota_for(profile, award)
    if quota is not None:  # the `quota` batch rule reads it
        stats["quota"] = quota
    return FileResult(path=doc.path, form=form, stats=stats, findings=findings, skipped=skipped,
                      info=summary_info(doc, profile))


def summary_info(doc: Document, profile) -> dict:
    """The batch summary's columns from the form's own fields (which ones: the profile's `summary`)."""
    info = {}
    for column, key in profile.summary_fields:
        fv = doc.fields.get(key)
        if fv is None:
            continue
        ticked = [o for o, on in fv.options.items() if on]
        info[column] = "、".join(ticked) if fv.options else " ".join(fv.text.split())
    return info


def check_path(path: str, options: CheckOptions = CheckOptions(), config: Optional[Config] = None) -> FileResult:
    """Check one path; never raises — unusable input becomes `FileResult.error`. `config`: the
    settings to use instead of the file's own (`docgen serve` never looks beside an upload)."""
    from .budget import budget_seconds, time_budget

    i18n.set_lang(options.lang)
    p = Path(path)
    inputs = [str(path)]
    try:
        if config is None:
            config = load_file(Path(options.config_file)) if options.config_file else find_config(p)
        if config.path:
            inputs.append(config.path)
        with time_budget(budget_seconds(options.time_budget, config.time_budget)):
            doc = read_document(p, options.form, config.forms)
            inputs += doc.inputs
            result = check_document(doc, options, config)
        result.inputs = inputs
        return result
    except DocgenError as err:
        print_debug(err)
        return FileResult(path=str(path), error=err.message(), error_kind=err.kind, inputs=inputs)
    except Exception as err:  # past the readers, so docgen's fault; never a traceback for the user
        return failed(str(path), err)


def failed(path: str, err: BaseException) -> FileResult:
    """The result for a file docgen could not check because of `err`."""
    print_debug(err)
    return FileResult(path=path, error=error_message(err), error_kind=blame(err))


def exit_code(results: list[FileResult], strict: bool) -> int:
    """The worst outcome of a batch: 3 docgen failed on some file, 2 some input
    unusable, 1 findings (warnings too with `strict`), 0 passed."""
    kinds = {r.error_kind or INPUT for r in results if r.error}
    if INTERNAL in kinds:
        return EXIT_INTERNAL
    if kinds:
        return EXIT_UNUSABLE
    if any(not r.passed(strict) for r in results):
        return EXIT_FINDINGS
    return EXIT_OK


def expand(paths: Iterable[str]) -> list[str]:
    """Files to check: folders are searched (a source folder counts as one input)."""
    from .readers import is_source, looks_like_source

    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir() and not is_source(p):
            for sub in sorted(p.rglob("*")):
                if any(part.startswith(".") for part in sub.relative_to(p).parts):
                    continue
                if sub.is_dir() and is_source(sub):
                    out.append(str(sub))
                elif sub.is_file() and sub.suffix.lower() in CHECKABLE and not _skip(sub, is_source) \
                        and (sub.suffix.lower() not in (".md", ".markdown") or looks_like_source(sub)):
                    out.append(str(sub))
        else:
            out.append(raw)
    return out


def _skip(path: Path, is_source) -> bool:
    """Word lock files, docgen's own checklists, and a source folder's own .md."""
    name = path.name
    if name.startswith("~$") or name.endswith(".checklist.md"):
        return True
    return path.suffix.lower() in (".md", ".markdown") and is_source(path.parent)


def check_many(paths: list[str], options: CheckOptions, jobs: Optional[int] = None,
               progress: Optional[Callable[[FileResult], None]] = None) -> list[FileResult]:
    """Check in parallel on the available cores; results keep the input order."""
    jobs = jobs or os.cpu_count() or 1
    if len(paths) < 4 or jobs == 1:
        results = []
        for path in paths:
            results.append(check_path(path, options))
            if progress:
                progress(results[-1])
        return results
    import multiprocessing

    from .workers import worker_pool  # workers that never outlive docgen

    if multiprocessing.get_start_method() == "fork":
        _load_for(paths)  # forked workers then start with it, instead of each loading it again
    results: list[Optional[FileResult]] = [None] * len(paths)
    # a few files per task: each task is a round trip through the pool's queues and threads
    # (~0.4 ms of CPU), and at least 8 tasks per worker keep the cores evenly busy
    size = max(1, min(4, len(paths) // (jobs * 8)))
    with worker_pool(jobs, initializer=_worker_start) as pool:
        futures = {pool.submit(_check_chunk, paths[i:i + size], options): i for i in range(0, len(paths), size)}
        from concurrent.futures import as_completed
        for fut in as_completed(futures):
            first = futures[fut]
            chunk = paths[first:first + size]
            try:
                done = fut.result()
            except Exception as err:  # a worker that died (e.g. out of memory): not the files' fault
                done = [failed(path, err) for path in chunk]
            for i, result in enumerate(done, start=first):
                results[i] = result
                if progress:
                    progress(result)
    return [r for r in results if r is not None]


def _check_chunk(paths: list[str], options: CheckOptions) -> list[FileResult]:
    return [check_path(path, options) for path in paths]


def _load_for(paths: list[str]) -> None:
    """Import the readers these paths need, the rules, and the form profiles."""
    from .profile import all_profiles
    from .rules import all_rules
    from . import structure  # noqa: F401

    suffixes = {Path(p).suffix.lower() for p in paths}
    if suffixes & set(DOCX_SUFFIXES):
        from .readers import docx  # noqa: F401
    if ".pdf" in suffixes:
        from .readers import pdf  # noqa: F401
    if ".odt" in suffixes:
        from .readers import odt  # noqa: F401
    all_rules()
    all_profiles()  # a broken one is reported with the file that needs it


def _worker_start() -> None:
    import gc
    gc.freeze()  # what the worker inherited lives as long as it does: no collection pass need scan it


i18n.register({
    "check.unknown_form": ("無法從標題判斷表單類型，請用 --form 指定（{forms}）",
                           "Cannot tell the form from its title; pass --form ({forms})"),
    "check.form_tie": ("標題同樣符合多種表單（{forms}），請用 --form 指定", "The title fits several forms equally ({forms}); name one with --form"),
    "check.bad_form": ("未知的表單「{form}」（可用：{forms}）", "Unknown form “{form}” (known: {forms})"),
})
