import datetime as dt
import textwrap
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "docx"
TODAY = dt.date(2026, 11, 22)

SUMMARY_FIELDS = {
    "form": "summary_form",
    "award_year": 115,
    "agency": "臺南市測試區公所",
    "head": "王大明",
    "head_title": "區長",
    "address": "臺南市測試區中正路1號",
    "staff": 45,
    "budget": 120000,
    "award_name": "行動櫃檯到府服務",
    "team": "臺南市測試區公所-王小明（課長）",
    "team_size": 12,
    "funding": 3500,
    "funding_note": "由區公所年度預算支應。",
    "period": "112年3月1日至迄今",
}

SUMMARY_BODY = """
## 專案簡介

本所推動行動櫃檯，服務偏鄉長者。

### 服務對象

#### 長者

##### 獨居長者

###### 高齡八十歲以上

## 服務內容

說明內容。

## 推動成效

成效良好。

## 未來努力方向

持續精進。
"""

NOMINATION_FIELDS = {
    "form": "nomination_list",
    "award_year": 115,
    "agency": "臺北市測試服務處",
    "category": "服務規劃類",
    "entry": "指定參獎",
    "parent_agency": "臺北市政府社會局",
    "project_name": "長者數位陪伴計畫",
    "contact1": {"姓名": "陳小美", "職稱": "科員", "聯絡電話": "(02)2720-8889#1234",
                 "電子信箱": "chen@mail.taipei.gov.tw"},
}

NOMINATION_BODY = """
## 執行期間

112年1月1日起迄今。

## 問題分析

長者不熟悉數位服務。

## 規劃內容

### 設立陪伴站

於各區設立陪伴站。

## 推動成效(或預期成效)

服務人次成長。
"""


def write_source(folder: Path, fields: dict, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    (folder / "application.md").write_text(f"---\n{front}---\n{textwrap.dedent(body)}", encoding="utf-8")
    return folder


@pytest.fixture
def summary_source(tmp_path):
    def make(body=SUMMARY_BODY, **overrides):
        fields = {**SUMMARY_FIELDS, **overrides}
        fields = {k: v for k, v in fields.items() if v is not None}
        return write_source(tmp_path / "app", fields, body)
    return make


@pytest.fixture
def nomination_source(tmp_path):
    def make(body=NOMINATION_BODY, **overrides):
        fields = {**NOMINATION_FIELDS, **overrides}
        fields = {k: v for k, v in fields.items() if v is not None}
        return write_source(tmp_path / "nom", fields, body)
    return make


def check(path, **kw):
    from docgen.check import CheckOptions, check_path
    kw.setdefault("today", TODAY)
    return check_path(str(path), CheckOptions(**kw))


def rules_fired(result):
    return sorted({f.rule for f in result.findings})


# -- the LibreOffice-authored acceptance set (tests/lo_author, tests/test_lo_acceptance.py) --
LO_AUTHOR = Path(__file__).resolve().parent / "lo_author" / "author.py"


def lo_set_key(soffice: str | None) -> str:
    """Cache key: the authoring script, the text it borrows, the samples it authors, the
    fonts docgen gives LibreOffice, which LibreOffice (its launcher's path and date) and
    which fonts are installed."""
    import hashlib
    import os
    h = hashlib.sha256()
    tests = LO_AUTHOR.parents[1]
    for f in (LO_AUTHOR, tests / "handmade.py", tests / "wordfiles.py",
              REPO / "samples" / "summary_form" / "application.md",
              REPO / "samples" / "nomination_list" / "application.md",
              REPO / "docgen" / "render" / "fonts.conf"):
        h.update(f.read_bytes())
    if soffice:
        real = os.path.realpath(soffice)
        h.update(f"{real}:{os.stat(real).st_mtime_ns}".encode())
    h.update(_font_files().encode())  # another Latin font moves every line break
    return h.hexdigest()[:16]


def _font_files() -> str:
    """The font files fontconfig gives LibreOffice (what it lays the forms out with)."""
    import os
    import subprocess
    from docgen.render.office import fontconfig_env
    try:
        run = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True,
                             timeout=60, env={**os.environ, **fontconfig_env()})
    except (OSError, subprocess.SubprocessError):
        return ""
    return "\n".join(sorted(set(run.stdout.splitlines())))


def lo_cache_root(request) -> Path:
    """pytest's cache folder; with the cache plugin off, the user's cache folder."""
    import os
    cache = getattr(request.config, "cache", None)
    if cache is not None:
        return Path(cache.mkdir("lo_author"))
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    root = base / "docgen-tests" / "lo_author"
    root.mkdir(parents=True, exist_ok=True)
    return root


@pytest.fixture(scope="session")
def lo_set(request):
    """Folder of the Writer-authored forms (CASE.docx, CASE.pdf, manifest.json).

    Authored once per version of tests/lo_author/author.py (see `lo_set_key`;
    cached in `lo_cache_root`), by one LibreOffice for the whole set.
    """
    import json
    import os
    import shutil
    import subprocess
    import time

    from docgen.render.office import Office, _helper_env, find_soffice, find_uno_python

    soffice = find_soffice()
    root = lo_cache_root(request)
    folder = root / lo_set_key(soffice)
    if (folder / "manifest.json").is_file():
        return folder
    if soffice is None or find_uno_python(soffice) is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice with python3-uno is required in CI")
        pytest.skip("LibreOffice with python3-uno is not installed")
    work = Path(root) / f".{folder.name}.{os.getpid()}.part"
    shutil.rmtree(work, ignore_errors=True)
    started = time.monotonic()
    with Office(mode="uno") as office:
        run = subprocess.run([office.uno_python, str(LO_AUTHOR), office.connection, str(work)],
                             env=_helper_env(office.soffice), stdin=subprocess.DEVNULL,
                             capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        shutil.rmtree(work, ignore_errors=True)
        pytest.fail(f"authoring the LibreOffice set failed:\n{run.stderr[-3000:]}")
    manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
    manifest["total_seconds"] = round(time.monotonic() - started, 1)
    manifest["office"] = office.version
    (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    try:
        os.replace(work, folder)
    except OSError:  # another session got there first
        shutil.rmtree(work, ignore_errors=True)
    # sets made by other versions of the script a week ago or more are stale
    for old in root.iterdir():
        if old.is_dir() and old.name != folder.name and time.time() - old.stat().st_mtime > 7 * 86400:
            shutil.rmtree(old, ignore_errors=True)
    return folder
