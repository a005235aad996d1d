"""The `docgen serve` web app (Starlette, served by uvicorn).

    GET  /                               the page (zh-TW; ?lang=en)
    POST /api/check                      multipart: files (1..N), form, award_year, lang, pages, copies
                                         → 202 {"job": id}; 413 over a limit; 503 + Retry-After when full
    GET  /api/jobs/{id}[?wait=S]         {"status", "report", "files", "error", "progress"}; with wait, answers
                                         when the job ends or after S seconds (at most limits.wait_seconds)
    GET  /api/jobs/{id}/files/{name}     a produced file, always as an attachment
    GET  /healthz                        200 "ok"

Every response carries a strict Content-Security-Policy and nosniff; with a token
(`--token-file`) every /api/ request needs `Authorization: Bearer <token>`.
"""

from __future__ import annotations

import asyncio
import hmac
import json
from contextlib import asynccontextmanager
from html import escape
from pathlib import Path
from typing import Optional

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__, i18n
from .jobs import Full, Jobs
from .limits import Limits
from .upload import BadUpload, TooLarge, receive
from .worker import shown_name

STATIC = Path(__file__).with_name("static")
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
FILE_CSP = "default-src 'none'; sandbox"
TYPES = {".json": "application/json", ".html": "text/html; charset=utf-8", ".jpg": "image/jpeg",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         ".ods": "application/vnd.oasis.opendocument.spreadsheet"}
NO = ("0", "false", "no", "off")


class Security:
    """ASGI middleware: the same strict headers on every response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-security-policy"]
                own = dict(message.get("headers", []))
                headers += [(b"content-security-policy", own.get(b"content-security-policy", PAGE_CSP.encode())),
                            (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                            (b"x-frame-options", b"DENY"), (b"cross-origin-opener-policy", b"same-origin"),
                            (b"cache-control", b"no-store")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _lang(request: Request, given: Optional[str] = None) -> str:
    raw = given or request.query_params.get("lang") or ""
    return "en" if raw.lower().startswith("en") else "zh"


def _error(status: int, key: str, lang: str, headers: Optional[dict] = None, **params) -> JSONResponse:
    return JSONResponse({"error": i18n.t(key, lang, **params)}, status_code=status, headers=headers)


def create_app(limits: Limits = Limits(), workers: int = 2, token: Optional[str] = None, config=None,
               today=None) -> Starlette:
    """The app; its jobs (and their worker processes) start with it and stop with it."""
    from ..config import Config
    from ..profile import form_ids

    config = config or Config()
    forms = form_ids(config.forms)
    state: dict = {"jobs": None, "waiters": {}, "pages": {}}

    def wake(job_id: str) -> None:
        for ended in state["waiters"].pop(job_id, ()):
            _settle(ended)

    @asynccontextmanager
    async def lifespan(app):
        loop = asyncio.get_running_loop()
        state["jobs"] = Jobs(limits, workers, config=config, today=today,
                             on_end=lambda job_id: loop.call_soon_threadsafe(wake, job_id))
        try:
            yield
        finally:
            await asyncio.to_thread(state["jobs"].close)

    def authorized(request: Request) -> bool:
        if token is None:
            return True
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), token.encode())

    def refuse(request: Request) -> JSONResponse:
        return _error(401, "serve.token", _lang(request), headers={"WWW-Authenticate": "Bearer"})

    async def page(request: Request) -> Response:
        lang = _lang(request)
        if lang not in state["pages"]:
            state["pages"][lang] = render_page(lang, forms, token is not None, limits)
        return Response(state["pages"][lang], media_type="text/html; charset=utf-8")

    async def healthz(request: Request) -> Response:
        return Response("ok\n", media_type="text/plain")

    async def check(request: Request) -> Response:
        lang = _lang(request)
        if not authorized(request):
            return refuse(request)
        try:
            declared = int(request.headers.get("content-length") or 0)
        except ValueError:
            declared = 0
        if declared > limits.batch_bytes:
            return _error(413, "serve.batch_too_large", lang, limit=_size(limits.batch_bytes))
        try:
            job = state["jobs"].reserve()
        except Full:
            return _error(503, "serve.busy", lang, headers={"Retry-After": str(limits.retry_after)})
        try:
            up = await receive(request.stream(), request.headers.get("content-type", ""), job.folder, limits)
        except TooLarge as err:
            state["jobs"].discard(job)
            return _error(413, err.key, lang, **err.params)
        except BadUpload:
            state["jobs"].discard(job)
            return _error(400, "serve.bad_upload", lang)
        except BaseException:
            state["jobs"].discard(job)
            raise
        lang = _lang(request, up.fields.get("lang"))
        form = up.fields.get("form") or "auto"
        year = up.fields.get("award_year") or ""
        problem = None
        if not up.files:
            problem = ("serve.no_files", {})
        elif form != "auto" and form not in forms:  # an id, never a path on the server
            problem = ("serve.bad_form", {"form": form[:40], "forms": i18n.join(forms, lang)})
        elif year and not (year.isdigit() and 1 <= int(year) <= 999):
            problem = ("serve.bad_year", {"value": year[:20]})
        if problem:
            state["jobs"].discard(job)
            return _error(400, problem[0], lang, **problem[1])
        options = {"files": {k: up.files[k - 1] for k in range(1, len(up.files) + 1)},
                   "form": form, "award_year": int(year) if year else None, "lang": lang,
                   "pages": up.fields.get("pages", "1").lower() not in NO,
                   "copies": up.fields.get("copies", "1").lower() not in NO, "held": up.held}
        state["jobs"].submit(job, {k: shown for k, (_, shown) in options["files"].items()}, options)
        headers = {"Location": f"/api/jobs/{job.id}"}
        if request.query_params.get("wait"):  # the job's status too, as GET /api/jobs/{id}?wait=S gives it
            await wait_for_end(job, request)
            return Response(job_body(job, {"job": job.id}), status_code=202, headers=headers,
                            media_type="application/json")
        return JSONResponse({"job": job.id}, status_code=202, headers=headers)

    def find(request: Request):
        job = state["jobs"].get(request.path_params["job_id"])
        return job

    async def wait_for_end(job, request: Request) -> None:
        """With `?wait=S`: until the job ends or S seconds pass (at most the limit's)."""
        try:
            wait = min(float(request.query_params.get("wait") or 0), limits.wait_seconds)
        except ValueError:
            wait = 0.0
        if wait > 0 and job.live:
            # a bare future and a timer: asyncio.wait_for + Event cost a task and more per check
            loop = asyncio.get_running_loop()
            ended = loop.create_future()
            state["waiters"].setdefault(job.id, []).append(ended)
            timer = loop.call_later(wait, _settle, ended)
            try:
                await ended
            finally:
                timer.cancel()
                waiting = state["waiters"].get(job.id)
                if waiting and ended in waiting:
                    waiting.remove(ended)

    def job_body(job, head: dict) -> bytes:
        body = json.dumps({**head, "status": job.status, "report": None, "files": job.files, "error": job.error,
                           "progress": job.progress() if job.live else None,
                           "names": {str(k): v for k, v in job.names.items()}}, ensure_ascii=False).encode("utf-8")
        if job.status == "done" and "report.json" in job.files:
            # the report as the worker made it (the --format json object), not parsed and written again
            report = job.held.get("report.json") or (job.folder / "report.json").read_bytes()
            report = report.strip()
            body = body.replace(b'"report": null', b'"report": ' + report, 1)
        return body

    async def status(request: Request) -> Response:
        if not authorized(request):
            return refuse(request)
        job = find(request)
        if job is None:
            return _error(404, "serve.no_job", _lang(request))
        await wait_for_end(job, request)
        return Response(job_body(job, {}), media_type="application/json")

    async def produced(request: Request) -> Response:
        if not authorized(request):
            return refuse(request)
        job = find(request)
        name = request.path_params["name"]
        if job is None or name not in job.files:  # only what the job made, by its own name
            return _error(404, "serve.no_file", _lang(request))
        media_type = TYPES.get(Path(name).suffix, "application/octet-stream")
        held = job.held.get(name)
        recipe = job.later.get(name)
        if held is None and recipe is not None:  # made now, in a thread (a batch's report takes a while)
            from .worker import make_later
            held = await asyncio.to_thread(make_later, recipe)
        if held is not None:
            return Response(held, media_type=media_type, headers={"Content-Security-Policy": FILE_CSP,
                                                                  "Content-Disposition": _attachment(shown_name(name, job.names))})
        return FileResponse(job.folder / name, media_type=media_type,
                            filename=shown_name(name, job.names), content_disposition_type="attachment",
                            headers={"Content-Security-Policy": FILE_CSP})

    routes = [
        Route("/", page),
        Route("/healthz", healthz),
        Route("/api/check", check, methods=["POST"]),
        Route("/api/jobs/{job_id}", status),
        Route("/api/jobs/{job_id}/files/{name}", produced),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.docgen = state
    return Security(app)


def _settle(future: asyncio.Future) -> None:
    if not future.done():
        future.set_result(None)


def _attachment(filename: str) -> str:
    """Content-Disposition for a download, as Starlette's FileResponse writes it."""
    from urllib.parse import quote

    quoted = quote(filename)
    return f"attachment; filename*=utf-8''{quoted}" if quoted != filename else f'attachment; filename="{filename}"'


def _size(n: int) -> str:
    from ..fsutil import human_size
    return human_size(n)


def render_page(lang: str, forms: list[str], needs_token: bool, limits: Limits) -> bytes:
    """index.html with its texts in `lang`: every {{key}} is the i18n key serve.page.key."""
    import re

    from ..profile import get_profile

    template = (STATIC / "index.html").read_text("utf-8")
    names = []
    for f in forms:
        try:
            p = get_profile(f)
            names.append((f, p.name_en if lang == "en" else p.name))
        except Exception:  # a broken profile: offered by id
            names.append((f, f))
    options = "".join(f'<option value="{escape(f)}">{escape(n)}</option>' for f, n in names)
    messages = {k[len("serve.js."):]: i18n.t(k, lang) for k in sorted(i18n.load_all()) if k.startswith("serve.js.")}
    config = {"token": needs_token, "lang": lang, "maxFiles": limits.files, "maxBytes": limits.file_bytes,
              "messages": messages}
    values = {"lang": "en" if lang == "en" else "zh-Hant-TW", "forms": options, "version": escape(__version__),
              "config": escape(json.dumps(config, ensure_ascii=False)), "other": "?lang=zh" if lang == "en" else "?lang=en",
              "limits": escape(i18n.t("serve.page.limits", lang, files=limits.files, size=_size(limits.file_bytes)))}

    def fill(m):
        key = m.group(1)
        return values[key] if key in values else escape(i18n.t("serve.page." + key, lang))

    return re.sub(r"\{\{([a-z_]+)\}\}", fill, template).encode("utf-8")


i18n.register({
    "serve.token": ("需要存取權杖（Authorization: Bearer …），或權杖不正確", "An access token is needed (Authorization: Bearer …), or it is wrong"),
    "serve.busy": ("伺服器忙碌中，請稍後再試", "The server is busy; please try again shortly"),
    "serve.too_many": ("一次最多上傳 {limit} 個檔案，已拒絕", "At most {limit:#file|files} per upload; refused"),
    "serve.file_too_large": ("檔案「{name}」超過 {limit} 的上限，已拒絕", "The file “{name}” is over the {limit} limit; refused"),
    "serve.batch_too_large": ("上傳內容合計超過 {limit} 的上限，已拒絕", "The upload is over the {limit} limit in total; refused"),
    "serve.bad_upload": ("無法讀取上傳的內容（請以 multipart/form-data 上傳 files 欄位；檔名不可超過 4 KB）",
                         "Cannot read the upload (send the files field as multipart/form-data; names up to 4 kB)"),
    "serve.no_files": ("沒有收到檔案（files 欄位）", "No files received (the files field)"),
    "serve.bad_form": ("未知的表單「{form}」（可用：auto、{forms}）", "Unknown form “{form}” (known: auto, {forms})"),
    "serve.bad_year": ("評獎年度「{value}」不正確（民國年，例如 115）", "Bad award year “{value}” (an ROC year such as 115)"),
    "serve.no_job": ("找不到這個工作（可能已逾時刪除）", "No such job (it may have expired and been deleted)"),
    "serve.no_file": ("找不到這個檔案", "No such file"),
})

# the page's own texts: serve.page.* fill index.html, serve.js.* go to page.js
i18n.register({
    "serve.page.title": ("政府服務獎表單格式檢查", "Government Service Award form checker"),
    "serve.page.skip": ("跳到主要內容", "Skip to the main content"),
    "serve.page.other_lang": ("English（英文版）", "中文版 (Traditional Chinese)"),
    "serve.page.intro": ("選擇或拖放 Word（.docx）、PDF 或 ODT 檔，即可檢查字型、字級、行距、編號、字數與必填欄位。"
                         "可一次檢查多個檔案。",
                         "Pick or drop Word (.docx), PDF or ODT files to check fonts, sizes, line spacing, numbering, "
                         "the word count and required fields. Several files can be checked at once."),
    "serve.page.pick": ("選擇要檢查的檔案", "Files to check"),
    "serve.page.drop": ("也可以把檔案拖放到這個框內。", "You can also drop the files onto this box."),
    "serve.page.limits": ("每次最多 {files} 個檔案，每個檔案最大 {size}。",
                          "At most {files:#file|files} at once, each at most {size}."),
    "serve.page.chosen": ("已選擇的檔案", "Chosen files"),
    "serve.page.form": ("表單", "Form"),
    "serve.page.auto": ("自動判斷（由標題）", "Automatic (from the title)"),
    "serve.page.year": ("評獎年度（民國）", "Award year (ROC)"),
    "serve.page.year_hint": ("例如 115；空白表示今年", "e.g. 115; blank for this year"),
    "serve.page.extras": ("另外提供", "Also make"),
    "serve.page.pages": ("頁面圖（在頁面上框出問題）", "Page pictures (the faults boxed on the pages)"),
    "serve.page.copies": ("修正版與加註解版 Word 檔", "The fixed and the annotated Word files"),
    "serve.page.token": ("存取權杖", "Access token"),
    "serve.page.check": ("開始檢查", "Check"),
    "serve.page.progress": ("進度", "Progress"),
    "serve.page.report": ("檢查結果", "Results"),
    "serve.page.privacy": ("上傳的檔案與結果只保留在伺服器上一段時間，之後自動刪除。",
                           "Uploaded files and results stay on the server for a limited time, then are deleted."),
    "serve.js.pick_first": ("請先選擇要檢查的檔案", "Choose the files to check first"),
    "serve.js.too_many": ("一次最多 {limit} 個檔案", "At most {limit:#file|files} at once"),
    "serve.js.too_big": ("檔案「{name}」太大", "The file “{name}” is too large"),
    "serve.js.uploading": ("上傳中…", "Uploading…"),
    "serve.js.queued": ("排隊等候檢查…", "Waiting to be checked…"),
    "serve.js.running": ("檢查中…", "Checking…"),
    "serve.js.running_n": ("檢查中…（{done}/{total}）", "Checking… ({done}/{total})"),
    "serve.js.done": ("檢查完成", "Done"),
    "serve.js.failed": ("檢查失敗：{reason}", "The check failed: {reason}"),
    "serve.js.network": ("無法連線到伺服器，請稍後再試", "Cannot reach the server; please try again"),
    "serve.js.summary": ("共 {n} 個檔案，{passed} 個通過。", "{n:#file|files}, {passed} passed."),
    "serve.js.passed": ("✓ 通過", "✓ Passed"),
    "serve.js.not_passed": ("✗ 未通過", "✗ Not passed"),
    "serve.js.unreadable": ("✗ 無法檢查：{reason}", "✗ Could not be checked: {reason}"),
    "serve.js.count": ("字數 {count}／上限 {limit}", "{count} words of {limit}"),
    "serve.js.no_findings": ("沒有發現問題。", "No problems found."),
    "serve.js.findings_n": ("{n} 個問題", "{n:#problem|problems}"),
    "serve.js.pages_of": ("{name} 的頁面", "Pages of {name}"),
    "serve.js.page_n": ("第 {page} 頁", "Page {page}"),
    "serve.js.finding_box": ("問題 {n}：{message}", "Problem {n}: {message}"),
    "serve.js.to_box": ("在頁面上看問題 {n}", "See problem {n} on its page"),
    "serve.js.col_num": ("#", "#"),
    "serve.js.col_sev": ("等級", "Severity"),
    "serve.js.col_rule": ("規則", "Rule"),
    "serve.js.col_msg": ("說明", "Message"),
    "serve.js.col_where": ("位置", "Where"),
    "serve.js.col_hint": ("建議", "Fix"),
    "serve.js.sev_error": ("錯誤", "Error"),
    "serve.js.sev_warning": ("警告", "Warning"),
    "serve.js.sev_info": ("提示", "Note"),
    "serve.js.download_json": ("下載 JSON 報告", "Download the JSON report"),
    "serve.js.download_html": ("下載 HTML 報告", "Download the HTML report"),
    "serve.js.download_xlsx": ("下載彙整表（xlsx）", "Download the summary (xlsx)"),
    "serve.js.download_ods": ("下載彙整表（ods）", "Download the summary (ods)"),
    "serve.js.download_fixed": ("下載修正版（.docx）", "Download the fixed copy (.docx)"),
    "serve.js.download_annotated": ("下載加註解版（.docx）", "Download the annotated copy (.docx)"),
})
