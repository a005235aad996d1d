"""One job (a batch of uploaded files) in a `docgen serve` worker process.

Each worker process keeps one LibreOffice running between jobs (for page pictures;
started at the first DOCX/ODT that needs them) — the per-process state below. A
job is checked exactly as `docgen check` checks files, with the server's settings,
then gets what the page offers: page pictures with the findings boxed
(reports/pages.py), the fixed and the annotated DOCX (fix.py, annotate.py), the JSON
and HTML reports and, for a batch, the xlsx/ods summary. Every file it writes has a
name made here (`3.fixed.docx`, `p3-1.jpg`); the uploads' own names are only text.
Uploads that came in memory are written to the worker's scratch folder (`in3.docx`, the same
names every job: writing over a file costs far less than making one) and zeroed after the
job; the others, and the produced files, are in the job's folder, made when first written.
"""

from __future__ import annotations

import json
import os
import pickle
import threading
from pathlib import Path
from typing import Optional

from .. import i18n

HELD_BYTES = 256 * 1024  # a report up to this size goes back as bytes, not as a file

# this worker's LibreOffice (one per worker process, kept between jobs)
_OFFICE: list = [None]


def start() -> None:
    """Worker initializer: load what every job needs once, then keep it out of the collector's way."""
    import gc

    from .. import check, structure  # noqa: F401
    from ..profile import all_profiles
    from ..readers import docx  # noqa: F401
    from ..reports import json as _json, pages  # noqa: F401
    from ..rules import all_rules
    all_rules()
    all_profiles()
    gc.freeze()


def _office():
    from ..render.office import Office, find_soffice

    if _OFFICE[0] is None and find_soffice() is not None:
        _OFFICE[0] = Office()
    return _OFFICE[0]


def _drop_office() -> None:
    office, _OFFICE[0] = _OFFICE[0], None
    if office is not None:
        office.close(graceful=False)


def _progress(folder: Path, done: int, total: int) -> None:
    if total <= 1:  # one step: nothing to show between "running" and "done"
        return
    _write(folder / "progress", f"{done} {total}".encode("ascii"))  # a torn read is just no progress


class JobTimeout(Exception):
    """The job's time limit is spent."""


def run_job(spec: dict) -> dict:
    """Do one job; {"files": [produced names], "code": exit code like `docgen check`}.

    spec: folder, scratch, inputs [(index, file name, display name, its bytes or None if in
    folder)], form, award_year, lang, pages, copies, config (a Config), job_seconds,
    file_seconds, today (optional date).
    Raises JobTimeout past `job_seconds`: each step gets what is left of it as its time budget.
    """
    import time

    i18n.set_lang(spec["lang"])
    deadline = time.monotonic() + spec["job_seconds"] if spec["job_seconds"] else None

    def left() -> Optional[float]:
        if deadline is None:
            return None
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise JobTimeout()
        return remaining

    scratch = Path(spec["scratch"])
    inputs = []
    written = []
    try:
        for k, name, shown, data in spec["inputs"]:
            if data is None:
                inputs.append((k, Path(spec["folder"]) / name, shown))
                continue
            written.append(scratch / name)
            rewrite(written[-1], data)
            inputs.append((k, written[-1], shown))
        return _run(spec, inputs, left)
    finally:
        for path in written:
            blank(path)


def rewrite(path: Path, data: bytes) -> None:
    """`path` holds `data`, written over what it held: on ext4 a new file, or one truncated to
    nothing and filled again, costs 0.15-0.5 ms of CPU; writing over its blocks costs 0.02 ms."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with memoryview(data) as view:
            done = 0
            while done < len(view):
                done += os.pwrite(fd, view[done:], done)
        os.ftruncate(fd, len(data))
    finally:
        os.close(fd)


def blank(path: Path) -> None:
    """An upload done with: its bytes overwritten with zeros (the file stays, for the next job)."""
    try:
        rewrite(path, bytes(path.stat().st_size))
    except OSError:
        pass


def _step(left):
    """A time budget of what is left of the job, turned into JobTimeout when it runs out."""
    from contextlib import contextmanager

    from ..budget import time_budget
    from ..errors import InputError

    @contextmanager
    def budget():
        try:
            with time_budget(left()):
                yield
        except InputError as err:
            if err.key == "input.time_budget":
                _drop_office()  # stopped midway: LibreOffice may be mid-conversion
                raise JobTimeout() from None
            raise
    return budget()


def _run(spec: dict, inputs: list, left) -> dict:
    from ..check import CheckOptions, check_path, exit_code
    from ..reports import render_report
    from ..rules import batch_findings

    # one flat folder per job: uploads `in<n>.<suffix>` (those not in scratch), produced files beside them
    folder = out = Path(spec["folder"])
    config = spec["config"]
    steps = len(inputs) * (1 + bool(spec["pages"]) + bool(spec["copies"]))
    results = []
    for k, path, _ in inputs:
        remaining = left()
        budget = spec["file_seconds"] if remaining is None else min(spec["file_seconds"] or remaining, remaining)
        options = CheckOptions(form=spec["form"] or "auto", award_year=spec["award_year"], lang=spec["lang"],
                               time_budget=budget, today=spec.get("today"))
        results.append(check_path(str(path), options, config))
        left()  # a file stopped by what was left of the job stops the job
        _progress(folder, len(results), steps)
    files: list[str] = []
    done = len(results)
    pictures = None
    if spec["pages"]:
        with _step(left):
            pictures = _pictures(results, inputs, out, files)
        done += len(inputs)
        _progress(folder, done, steps)
    if spec["copies"]:
        for (k, path, _), r in zip(inputs, results):
            with _step(left):
                files += _copies(k, path, r, out, options, config)
            done += 1
            _progress(folder, done, steps)
    # from here on the reports name each file as it was uploaded, never by its place on disk
    shown = {str(path): name for _, path, name in inputs}
    for r in results:
        disk = r.path
        r.path = shown.get(disk, r.path)
        if r.error:
            r.error = r.error.replace(disk, r.path).replace(str(folder), "").replace(spec["scratch"], "")
        r.inputs = []
    if pictures is not None:
        pictures = ({shown.get(p, p): v for p, v in pictures[0].items()}, pictures[1])
    batch = batch_findings(results) if len(results) > 1 else []
    reports = [("report.json", "json", {}), ("report.html", "html", {"pages": bool(pictures), "pictures": pictures})]
    if len(results) > 1:
        reports += [("summary.xlsx", "xlsx", {}), ("summary.ods", "ods", {})]
    held: dict[str, bytes] = {}
    later: dict[str, bytes] = {}
    for name, fmt, extra in reports:
        if name == "report.html" and pictures is None:
            # without page pictures the HTML report is made when first downloaded (most never are)
            recipe = pickle.dumps((results, batch, spec["lang"]), pickle.HIGHEST_PROTOCOL)
            if len(recipe) <= HELD_BYTES:
                later[name] = recipe
                files.append(name)
                continue
        data = render_report(results, fmt, batch=batch, **extra)
        data = data if isinstance(data, bytes) else data.encode("utf-8")
        if name.startswith("report.") and len(data) <= HELD_BYTES:
            held[name] = data  # back to the server through the pipe: creating a file costs more
        else:
            _write(out / name, data)
        files.append(name)
    code = exit_code(results, strict=False)
    if code == 0 and any(f.severity == "error" for f in batch):
        code = 1
    return {"files": files, "code": code, "held": held, "later": later}


_LATER = threading.Lock()  # the report's language is the process's (i18n): one at a time


def make_later(recipe: bytes) -> bytes:
    """A report the worker left to be made when asked for (in the server: its pickled results,
    made by the worker, never by an upload), exactly as the worker would have made it."""
    from ..reports import render_report

    results, batch, lang = pickle.loads(recipe)
    with _LATER:
        was = i18n.get_lang()
        i18n.set_lang(lang)
        try:
            return render_report(results, "html", batch=batch, pages=False, pictures=None).encode("utf-8")
        finally:
            i18n.set_lang(was)


def _write(path: Path, data: bytes) -> None:
    # a plain write: the job's files are listed (so readable) only once the job is done, and
    # they live in a private temp folder that is deleted anyway (fsync + rename cost 20 ms a job)
    path.parent.mkdir(mode=0o700, exist_ok=True)  # the job's folder is made when first needed
    path.write_bytes(data)


def _pictures(results, inputs, out: Path, files: list[str]):
    """Page pictures (`p{k}-{n}.jpg`) and pages.json: per file its pages and the boxes on them."""
    from ..reports.pages import render_all

    office = _office()
    try:
        drawn, note = render_all(results, office=office) if office is not None else render_all(results)
    except Exception:  # pictures are a help; the report stands without them
        _drop_office()
        return None
    if office is not None and not office.alive and office.mode == "uno":
        _drop_office()  # LibreOffice died under a hostile file: the next job gets a fresh one
    listing: dict[str, dict] = {}
    for k, path, _ in inputs:
        pages = drawn.get(str(path))
        if pages is None:
            continue
        entry = {"pages": [], "boxes": []}
        for page in pages.pages:
            name = f"p{k}-{page.number}.jpg"
            _write(out / name, page.jpeg)
            files.append(name)
            entry["pages"].append({"number": page.number, "file": name,
                                   "width": round(page.width, 2), "height": round(page.height, 2)})
        entry["boxes"] = [{"finding": b.finding, "rule": b.rule, "page": b.page, "left": round(b.left, 5),
                           "top": round(b.top, 5), "width": round(b.width, 5), "height": round(b.height, 5)}
                          for b in pages.boxes]
        listing[str(k)] = entry
    _write(out / "pages.json", json.dumps({"files": listing, "note": i18n.t(note) if note else None},
                                          ensure_ascii=False).encode("utf-8"))
    files.append("pages.json")
    return drawn, note


def _copies(k: int, path: Path, r, out: Path, options, config) -> list[str]:
    """The fixed and the annotated copy of a DOCX (none for a PDF/ODT or an unreadable file)."""
    from ..annotate import annotate_file
    from ..fix import fix_file

    if r.error or path.suffix.lower() not in (".docx", ".docm"):
        return []
    out.mkdir(mode=0o700, exist_ok=True)
    made = []
    try:
        outcome = fix_file(path, output=out / f"{k}.fixed.docx", options=options, config=config)
        if outcome.output:
            made.append(f"{k}.fixed.docx")
    except Exception:  # unrepairable (Strict OOXML…) or docgen's own failure: the report stands without it
        pass
    if r.findings:
        try:
            annotate_file(path, r, out / f"{k}.annotated.docx")
            made.append(f"{k}.annotated.docx")
        except Exception:
            pass
    return made


def shown_name(name: str, names: dict) -> Optional[str]:
    """The name a produced file is downloaded as: `3.fixed.docx` → `申請書.fixed.docx`."""
    import re

    m = re.fullmatch(r"(?:p)?(\d+)([.-].+)", name)
    if not m or int(m.group(1)) not in names:
        return name
    stem = names[int(m.group(1))].rsplit(".", 1)[0]
    return (f"{stem}-p{m.group(2)[1:]}" if name.startswith("p") else stem + m.group(2))
