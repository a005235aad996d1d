"""`docgen serve` over real HTTP: the server is `docgen serve` itself, started by the test on
127.0.0.1 with a free port, spoken to with the standard library's HTTP client.

Every limit of the README's serve section is tested here with a small value: file size and
count (413), a full queue (503 + Retry-After), the job time limit, deletion after the TTL and
at shutdown, the bearer token, random job ids, upload names never used as paths, the
security headers — and the server still answering after hostile uploads.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from pathlib import Path

import pytest

from handmade import BODY_RPR, summary_docx
from hostile_pdfs import tiling_bomb_pdf
from wordfiles import NS, deflated_zeros, make_docx, p, raw_zip

from docgen.render.office import find_soffice

MING = BODY_RPR.replace('w:eastAsia="標楷體"', 'w:eastAsia="新細明體"')
HAS_OFFICE = find_soffice() is not None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A `docgen serve` process with its own temp folder (where its private folder goes)."""

    def __init__(self, tmp: Path, *args: str, host: str = "127.0.0.1"):
        self.tmp = tmp
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k not in ("DOCGEN_LANG", "DOCGEN_DEBUG")}
        env["TMPDIR"] = str(tmp)
        self.proc = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--host", host, "--port", str(self.port),
                                      *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                     cwd=tmp, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(self.url + "/healthz", timeout=2).status == 200:
                    return
            except OSError:
                if self.proc.poll() is not None:
                    raise AssertionError(self.proc.stderr.read())
                time.sleep(0.1)
        raise AssertionError("docgen serve did not start")

    def private(self) -> list[Path]:
        return sorted(self.tmp.glob("docgen-serve-*"))

    def stop(self) -> tuple[int, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode, self.proc.stderr.read()


def request(url: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None):
    """(status, headers, body bytes) — for error statuses too."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def multipart(files: list[tuple[bytes, bytes]], fields: dict | None = None) -> tuple[bytes, str]:
    """A multipart/form-data body written byte by byte: file names exactly as given (NUL, not UTF-8…)."""
    boundary = uuid.uuid4().hex
    out = bytearray()
    for name, value in (fields or {}).items():
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").encode()
    for raw_name, data in files:
        out += f"--{boundary}\r\n".encode()
        out += b'Content-Disposition: form-data; name="files"; filename="' + raw_name + b'"\r\n'
        out += b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def post(server: Server, files, fields=None, headers=None, query: str = ""):
    body, ctype = multipart(files, fields)
    return request(server.url + "/api/check" + query, "POST", body, {"Content-Type": ctype, **(headers or {})})


def submit(server: Server, files, fields=None, headers=None) -> str:
    status, _, body = post(server, files, fields, headers)
    assert status == 202, body.decode()
    job = json.loads(body)["job"]
    assert re.fullmatch(r"[0-9a-f]{32}", job)  # 128 random bits
    return job


def wait(server: Server, job: str, headers=None, seconds: float = 240) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, _, body = request(f"{server.url}/api/jobs/{job}?wait=10", headers=headers)
        assert status == 200, body
        out = json.loads(body)
        if out["status"] in ("done", "failed"):
            return out
    raise AssertionError("the job did not end")


def docx_bytes(tmp: Path, name: str, **kw) -> bytes:
    return summary_docx(tmp / name, **kw).read_bytes()


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("forms")
    return {"ming": docx_bytes(tmp, "ming.docx", body_rpr=MING), "ok": docx_bytes(tmp, "ok.docx")}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("serve") / "tmp", "--workers", "1", "--max-file-mb", "1", "--max-files", "3")
    yield s
    s.stop()


# -- the main path ---------------------------------------------------------------------------
def test_a_faulty_and_a_correct_form_give_the_cli_report_and_downloads(server, forms, tmp_path):
    job = submit(server, [("申請書.docx".encode(), forms["ming"]), (b"ok.docx", forms["ok"])],
                 {"award_year": "115", "pages": "1" if HAS_OFFICE else "0"})
    out = wait(server, job)
    assert out["status"] == "done", out
    report = out["report"]
    assert [f["path"] for f in report["files"]] == ["申請書.docx", "ok.docx"]
    bad, good = report["files"]
    assert not bad["passed"] and good["passed"] and good["findings"] == []
    fonts = [f for f in bad["findings"] if f["rule"] == "font-family"]
    assert fonts and fonts[0]["actual"] == "新細明體" and "新細明體" in fonts[0]["message"]
    # the same report as `docgen check --format json` of the same files
    (tmp_path / "申請書.docx").write_bytes(forms["ming"])
    (tmp_path / "ok.docx").write_bytes(forms["ok"])
    cli = subprocess.run([sys.executable, "-m", "docgen", "check", "申請書.docx", "ok.docx", "--format", "json",
                          "--award-year", "115"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    mine = json.loads(cli.stdout)
    for a, b in zip(report["files"], mine["files"]):
        assert a["findings"] == b["findings"] and a["passed"] == b["passed"]
    files = out["files"]
    assert {"report.json", "report.html", "summary.xlsx", "summary.ods", "1.fixed.docx", "1.annotated.docx"} <= set(files)
    assert "2.fixed.docx" not in files  # nothing to repair in the correct one
    if HAS_OFFICE:
        assert {"pages.json", "p1-1.jpg"} <= set(files)
        pages = json.loads(request(f"{server.url}/api/jobs/{job}/files/pages.json")[2])
        assert pages["files"]["1"]["pages"] and {b["rule"] for b in pages["files"]["1"]["boxes"]} >= {"font-family"}
    # the fixed copy really is fixed; served as an attachment named after the upload
    status, headers, data = request(f"{server.url}/api/jobs/{job}/files/1.fixed.docx")
    assert status == 200 and data[:2] == b"PK"
    assert headers["Content-Disposition"].startswith("attachment;")
    assert "%E7%94%B3%E8%AB%8B%E6%9B%B8.fixed.docx" in headers["Content-Disposition"]  # 申請書.fixed.docx
    assert headers["X-Content-Type-Options"] == "nosniff" and "sandbox" in headers["Content-Security-Policy"]
    (tmp_path / "fixed.docx").write_bytes(data)
    again = subprocess.run([sys.executable, "-m", "docgen", "check", "fixed.docx", "--format", "json",
                            "--award-year", "115"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "font-family" not in {f["rule"] for f in json.loads(again.stdout)["files"][0]["findings"]}
    annotated = zipfile.ZipFile(__import__("io").BytesIO(
        request(f"{server.url}/api/jobs/{job}/files/1.annotated.docx")[2]))
    assert "font-family" in annotated.read("word/comments.xml").decode()
    xlsx = request(f"{server.url}/api/jobs/{job}/files/summary.xlsx")
    assert xlsx[0] == 200 and xlsx[2][:2] == b"PK"
    # the reports (kept in the server's memory, not on disk) download the same way
    status, headers, data = request(f"{server.url}/api/jobs/{job}/files/report.json")
    assert status == 200 and json.loads(data) == report
    assert headers["Content-Disposition"] == 'attachment; filename="report.json"'
    status, headers, data = request(f"{server.url}/api/jobs/{job}/files/report.html")
    assert status == 200 and "新細明體" in data.decode() and headers["Content-Type"].startswith("text/html")
    assert "sandbox" in headers["Content-Security-Policy"] and headers["Content-Disposition"].startswith("attachment")


def test_a_post_with_wait_answers_with_the_report_in_one_request(server, forms):
    """POST /api/check?wait=S: the job's status (and report) as GET /api/jobs/{id} gives it,
    once the job ends within S seconds; without `wait`, only the job's id."""
    fields = {"pages": "0", "copies": "0"}
    status, headers, body = post(server, [(b"ming.docx", forms["ming"])], fields, query="?wait=30")
    assert status == 202, body
    out = json.loads(body)
    assert re.fullmatch(r"[0-9a-f]{32}", out["job"]) and headers["Location"] == f"/api/jobs/{out['job']}"
    assert out["status"] == "done", out
    assert [f["rule"] for f in out["report"]["files"][0]["findings"]].count("font-family") >= 1
    again = wait(server, out["job"])
    assert again["report"] == out["report"] and again["files"] == out["files"]
    status, _, body = post(server, [(b"ok.docx", forms["ok"])], fields)
    assert status == 202 and list(json.loads(body)) == ["job"]


def test_english_on_request_and_one_line_errors(server, forms, tmp_path):
    job = submit(server, [(b"ming.docx", forms["ming"])], {"lang": "en", "pages": "0", "copies": "0"})
    out = wait(server, job)
    msg = [f for f in out["report"]["files"][0]["findings"] if f["rule"] == "font-family"][0]["message"]
    assert re.search(r"[A-Za-z]{4}", msg) and "\n" not in msg
    assert out["files"] == ["report.json", "report.html"]
    # without page pictures the HTML report is made when downloaded: the CLI's, in English here
    (tmp_path / "ming.docx").write_bytes(forms["ming"])
    cli = subprocess.run([sys.executable, "-m", "docgen", "check", "ming.docx", "--format", "html", "--no-pages",
                          "--lang", "en"], cwd=tmp_path, capture_output=True, timeout=120)
    status, headers, data = request(f"{server.url}/api/jobs/{job}/files/report.html")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert data.decode() == cli.stdout.decode() and '<html lang="en">' in data.decode()
    status, _, body = post(server, [], {"form": "nope"}, query="?lang=en")
    assert status == 400 and json.loads(body)["error"] == "No files received (the files field)"
    status, _, body = post(server, [(b"a.docx", forms["ok"])], {"form": "../../etc/passwd.yaml"})
    assert status == 400 and "未知的表單" in json.loads(body)["error"]
    status, _, body = post(server, [(b"a.docx", forms["ok"])], {"award_year": "abc"})
    assert status == 400 and "評獎年度" in json.loads(body)["error"]
    status, _, body = request(server.url + "/api/check", "POST", b"not multipart", {"Content-Type": "text/plain"})
    assert status == 400 and "multipart" in json.loads(body)["error"]


def test_the_page_and_its_headers(server):
    status, headers, body = request(server.url + "/")
    page = body.decode()
    assert status == 200 and '<html lang="zh-Hant-TW">' in page and "開始檢查" in page
    assert '<label for="files"' in page and 'type="file"' in page and "http" not in page.split("<body", 1)[1].replace(
        'href="?lang=en"', "")  # no CDN, nothing fetched from elsewhere
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
    en = request(server.url + "/?lang=en")[2].decode()
    assert '<html lang="en">' in en and ">Check<" in en
    for asset in ("/static/page.js", "/static/page.css"):
        status, headers, _ = request(server.url + asset)
        assert status == 200 and headers["X-Content-Type-Options"] == "nosniff"
    assert request(server.url + "/healthz")[0] == 200


# -- limits ----------------------------------------------------------------------------------
def test_a_file_over_the_size_limit_is_413_with_a_zh_tw_message(server, forms):
    big = forms["ok"] + b"\0" * (1024 * 1024)
    before = set(server.private()[0].iterdir())
    status, _, body = post(server, [(b"ok.docx", forms["ok"]), ("大檔.docx".encode(), big)])
    assert status == 413
    assert json.loads(body)["error"] == "檔案「大檔.docx」超過 1.0 MB 的上限，已拒絕"
    assert set(server.private()[0].iterdir()) == before  # the refused upload left nothing behind
    assert post(server, [(b"ok.docx", forms["ok"][: 1024 * 1024])])[0] == 202  # at the limit: accepted


def test_more_files_than_the_batch_limit_is_413(server, forms):
    status, _, body = post(server, [(f"{k}.docx".encode(), forms["ok"]) for k in range(4)])
    assert status == 413 and json.loads(body)["error"] == "一次最多上傳 3 個檔案，已拒絕"
    status, _, body = post(server, [(b"a.docx", forms["ok"])] * 4, query="?lang=en")
    assert json.loads(body)["error"] == "At most 3 files per upload; refused"


def test_a_body_declared_over_the_batch_limit_is_refused_before_it_is_read(server):
    s = socket.create_connection(("127.0.0.1", server.port))
    s.sendall(b"POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
              b"Content-Length: 999999999999\r\n\r\n")
    s.settimeout(10)
    reply = b""
    while b"\r\n\r\n" not in reply or not reply.endswith(b"}"):
        piece = s.recv(4096)
        if not piece:
            break
        reply += piece
    s.close()
    reply = reply.decode("utf-8", "replace")
    assert reply.startswith("HTTP/1.1 413") and "上限" in reply


def test_upload_names_are_never_paths(server, forms):
    names = [b"../../x.docx", b"a\x00b.docx", b"\xb4\xfa\xb8\xd5.docx"]  # the last: Big5 bytes, not UTF-8
    job = submit(server, [(n, forms["ok"]) for n in names], {"pages": "0"})
    out = wait(server, job)
    shown = [f["path"] for f in out["report"]["files"]]
    assert shown[0] == "x.docx" and shown[1] == "ab.docx" and shown[2].endswith(".docx") and "\ufffd" in shown[2]
    assert all(f["error"] is None for f in out["report"]["files"])
    long = ("很長的檔名" * 200 + ".docx").encode()  # 1,005 characters, 3,005 bytes
    job = submit(server, [(long, forms["ok"])], {"pages": "0"})
    path = wait(server, job)["report"]["files"][0]["path"]
    assert len(path) <= 120 and path.endswith("….docx")
    # a part header over python-multipart's 4 kB cap: the upload is refused, not read
    status, _, body = post(server, [(("很長的檔名" * 2000 + ".docx").encode(), forms["ok"])])
    assert status == 400 and "multipart" in json.loads(body)["error"]
    # on disk only names docgen made: numbers and a known suffix, in the jobs' own folders
    on_disk = [p for p in server.tmp.rglob("*") if p.is_file() and "docgen-serve-" in str(p)]
    assert on_disk
    for p in on_disk:
        assert re.fullmatch(r"(in\d+\.(docx|pdf|odt|docm|doc|bin)|p?\d+[.-].*|report\.\w+|summary\.\w+|pages\.json|progress)",
                            p.name), p
        assert "x.docx" != p.name and "很長" not in str(p)
    assert not (server.tmp / "x.docx").exists() and not (server.tmp.parent / "x.docx").exists()


def test_job_ids_are_random_and_files_only_by_their_id(server, forms):
    jobs = {submit(server, [(b"a.docx", forms["ok"])], {"pages": "0", "copies": "0"}) for _ in range(3)}
    assert len(jobs) == 3
    job = jobs.pop()
    wait(server, job)
    assert request(f"{server.url}/api/jobs/{'0' * 32}")[0] == 404
    for name in ("../report.json", "..%2F..%2Fetc%2Fpasswd", "1.docx", "in1.docx", "progress", "in"):
        assert request(f"{server.url}/api/jobs/{job}/files/{name}")[0] == 404, name
    assert request(f"{server.url}/api/jobs/{job}/files/report.json")[0] == 200


def test_the_server_keeps_answering_after_a_zip_bomb_and_an_xxe(server, forms, tmp_path):
    good = zipfile.ZipFile(summary_docx(tmp_path / "base.docx"))
    members = [(i.filename, good.read(i), 0, i.file_size, i.CRC) for i in good.infolist()
               if i.filename != "word/document.xml"]
    # word/document.xml says 50 kB and inflates to 400 MB: refused by the reader's caps, not by size
    bomb = raw_zip(tmp_path / "bomb.docx", [*members, ("word/document.xml", deflated_zeros(400), 8, 50_000, 0)])
    assert bomb.stat().st_size < 1024 * 1024
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER-4242", encoding="utf-8")
    xxe = make_docx(tmp_path / "xxe.docx", "", document=(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        f'<w:document {NS}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>'))
    started = time.monotonic()
    job = submit(server, [(b"bomb.docx", bomb.read_bytes()), (b"xxe.docx", xxe.read_bytes())])
    out = wait(server, job)
    assert time.monotonic() - started < 60
    assert out["status"] == "done"
    bomb_r, xxe_r = out["report"]["files"]
    assert bomb_r["error"] and bomb_r["error_kind"] == "input" and "\n" not in bomb_r["error"]
    assert "DOCTYPE" in xxe_r["error"]
    assert "SECRET-MARKER" not in json.dumps(out, ensure_ascii=False)
    for name in out["files"]:
        assert b"SECRET-MARKER" not in request(f"{server.url}/api/jobs/{job}/files/{name}")[2]
    assert request(server.url + "/healthz")[0] == 200
    after = wait(server, submit(server, [(b"ming.docx", forms["ming"])], {"pages": "0"}))
    assert after["status"] == "done" and not after["report"]["files"][0]["passed"]


# -- queue, time limit, TTL, shutdown, token --------------------------------------------------
@pytest.fixture(scope="module")
def big_docx(tmp_path_factory) -> bytes:
    """A legal DOCX of 200,000 paragraphs: seconds of work, well under the size limit."""
    path = tmp_path_factory.mktemp("big") / "big.docx"
    return make_docx(path, p("專案摘要表") + "".join(p(f"第{i}段內容說明。") for i in range(200_000))).read_bytes()


def test_a_full_queue_is_503_with_retry_after_and_a_job_stops_at_its_time_limit(tmp_path, big_docx, forms):
    s = Server(tmp_path / "tmp", "--workers", "1", "--queue", "1", "--job-timeout", "2")
    try:
        started = time.monotonic()
        job = submit(s, [(b"big.docx", big_docx)], {"pages": "0", "copies": "0"})
        status, headers, body = post(s, [(b"ok.docx", forms["ok"])])
        assert status == 503 and headers["Retry-After"] == "10"
        assert json.loads(body)["error"] == "伺服器忙碌中，請稍後再試"
        out = wait(s, job)
        assert out["status"] == "failed" and out["error"] == "處理時間超過 2 秒的上限，已停止"
        assert time.monotonic() - started < 15
        # the slot is free again and the worker still works
        again = wait(s, submit(s, [(b"ok.docx", forms["ok"])], {"pages": "0"}))
        assert again["status"] == "done" and again["report"]["files"][0]["passed"]
    finally:
        s.stop()


def test_jobs_are_deleted_after_the_ttl_and_everything_at_shutdown(tmp_path, forms):
    s = Server(tmp_path / "tmp", "--workers", "1", "--ttl", "1")
    try:
        [private] = s.private()
        assert oct(private.stat().st_mode & 0o777) == "0o700"
        job = submit(s, [(b"ok.docx", forms["ok"])], {"pages": "0"})
        assert wait(s, job)["status"] == "done"
        assert (private / job).is_dir()
        deadline = time.monotonic() + 10
        while (private / job).exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not (private / job).exists()
        assert request(f"{s.url}/api/jobs/{job}")[0] == 404
        # a job still there when the server stops goes with it
        s2 = submit(s, [(b"ok.docx", forms["ok"])], {"pages": "0"})
        assert wait(s, s2)["status"] == "done" and (private / s2).is_dir()
    finally:
        code, err = s.stop()
    assert not s.private(), "the private folder outlived the server"
    assert not list(s.tmp.glob("pymp-*")), "multiprocessing's folder outlived the server"
    assert code == 143 and "Traceback" not in err, err


def test_a_bearer_token_guards_the_api(tmp_path, forms):
    token = tmp_path / "token"
    token.write_text("s3cret-token-42\n", encoding="utf-8")
    s = Server(tmp_path / "tmp", "--workers", "1", "--token-file", str(token))
    try:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic s3cret-token-42"}):
            status, h, body = post(s, [(b"ok.docx", forms["ok"])], headers=headers)
            assert status == 401 and h["WWW-Authenticate"] == "Bearer"
            assert "存取權杖" in json.loads(body)["error"]
        good = {"Authorization": "Bearer s3cret-token-42"}
        job = submit(s, [(b"ok.docx", forms["ok"])], {"pages": "0"}, headers=good)
        assert request(f"{s.url}/api/jobs/{job}")[0] == 401
        assert request(f"{s.url}/api/jobs/{job}/files/report.json")[0] == 401
        assert wait(s, job, headers=good)["status"] == "done"
        assert request(f"{s.url}/api/jobs/{job}/files/report.json", headers=good)[0] == 200
        assert request(s.url + "/healthz")[0] == 200  # for monitoring, no token needed
        assert '&quot;token&quot;: true' in request(s.url + "/")[2].decode()  # the page asks for it
    finally:
        s.stop()


def test_listening_beyond_loopback_without_a_token_warns(tmp_path):
    s = Server(tmp_path / "tmp", "--workers", "1", host="0.0.0.0")
    code, err = s.stop()
    assert "警告" in err and "--token-file" in err and "0.0.0.0" in err
    s = Server(tmp_path / "tmp2", "--workers", "1")
    code, err = s.stop()
    assert "警告" not in err and "docgen serve 已啟動" in err


def _descendants(pid: int) -> set[int]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    kids.setdefault(int(fh.read().rsplit(")", 1)[1].split()[1]), []).append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    out, todo = set(), [pid]
    while todo:
        for k in kids.get(todo.pop(), []):
            out.add(k)
            todo.append(k)
    return out


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_nothing_outlives_a_server_killed_with_sigkill(tmp_path, forms):
    s = Server(tmp_path / "tmp", "--workers", "1")
    job = submit(s, [(b"ming.docx", forms["ming"])], {"pages": "1" if HAS_OFFICE else "0"})
    wait(s, job)
    family = _descendants(s.proc.pid)
    assert family  # the worker (and its LibreOffice)
    s.proc.kill()
    s.proc.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (s.private() or any(Path(f"/proc/{p}").exists() for p in family)):
        time.sleep(0.2)
    alive = [p for p in family if Path(f"/proc/{p}").exists()
             and "zombie" not in Path(f"/proc/{p}/status").read_text(errors="replace").lower()]
    assert not s.private() and not alive, (s.private(), alive)


async def _chunks(body: bytes):
    for k in range(0, len(body), 7000):
        yield body[k:k + 7000]


def test_beyond_the_kept_jobs_the_oldest_finished_go_first(tmp_path, monkeypatch, forms):
    """The jobs' own bookkeeping (no HTTP): with room for 2 finished jobs, a third deletes the first;
    small reports stay in memory within the budget, the rest is written to the job's folder; a job's
    uploads stay in memory within `memory_bytes`, the rest goes to its folder."""
    import asyncio

    from docgen.serve.jobs import Jobs
    from docgen.serve.limits import Limits
    from docgen.serve.upload import receive
    from docgen.serve.worker import make_later

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)
    ok, ming = forms["ok"], forms["ming"]

    def run(jobs, files: list[tuple[bytes, bytes]]):
        job = jobs.reserve()
        assert not job.folder.exists()  # made only when something is written there
        body, ctype = multipart(files)
        up = asyncio.run(receive(_chunks(body), ctype, job.folder, jobs.limits))
        jobs.submit(job, {k: shown for k, (_, shown) in enumerate(up.files, 1)},
                    {"files": dict(enumerate(up.files, 1)), "held": up.held, "pages": False, "copies": False})
        deadline = time.monotonic() + 120
        while jobs.get(job.id).live and time.monotonic() < deadline:
            time.sleep(0.05)
        assert jobs.get(job.id).status == "done"
        return job, up

    jobs = Jobs(Limits(memory_bytes=len(ok) + 1000), workers=1)
    try:
        job, up = run(jobs, [(b"ok.docx", ok), (b"ming.docx", ming)])
        # the first file fits in memory, the second not: it goes to the job's folder whole
        assert list(up.held) == ["in1.docx"] and up.held["in1.docx"] == ok
        assert not (job.folder / "in1.docx").exists() and (job.folder / "in2.docx").read_bytes() == ming
        report = json.loads(job.held["report.json"])
        assert [(f["path"], f["passed"]) for f in report["files"]] == [("ok.docx", True), ("ming.docx", False)]
        # the worker wrote the held upload into its scratch folder and zeroed it after the job
        assert [p.read_bytes() for p in jobs.root.glob("slot*/in*")] == [bytes(len(ok))]
    finally:
        jobs.close()
    assert not jobs.root.exists()

    jobs = Jobs(Limits(kept_jobs=2, held_bytes=3000), workers=1)
    try:
        made, html, where = [], set(), set()
        for _ in range(3):
            job, up = run(jobs, [(b"ok.docx", ok)])
            made.append(job)
            # the JSON report (under 1 kB) and what makes the HTML one are held while the budget lasts,
            # else on disk (the HTML report made then)
            assert ("report.json" in job.held) != (job.folder / "report.json").is_file()
            assert ("report.html" in job.later) != (job.folder / "report.html").is_file()
            where.add("report.html" in job.later)
            html.add(make_later(job.later["report.html"]) if "report.html" in job.later
                     else (job.folder / "report.html").read_bytes())
        assert where == {True, False}  # both ways were taken, and give the same report
        assert len(html) == 1 and b"ok.docx" in html.pop()
        assert jobs.get(made[0].id) is None and not made[0].folder.exists()
        assert made[0].held == {} and "report.json" in made[1].held  # a deleted job's memory is given back
        assert jobs._held == sum(len(d) for j in made[1:] for d in [*j.held.values(), *j.later.values()]) <= 3000
        assert jobs.get(made[1].id) and jobs.get(made[2].id)
    finally:
        jobs.close()
    assert not jobs.root.exists()


def _workers(pid: int) -> set[int]:
    """The server's worker processes (multiprocessing's spawned children, not its resource tracker)."""
    out = set()
    for p in _descendants(pid):
        try:
            cmd = Path(f"/proc/{p}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmd:
            out.add(p)
    return out


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_a_worker_stuck_past_the_time_limit_is_killed_and_the_server_keeps_answering(tmp_path, forms):
    """The safety net behind the job's own budget: a worker still busy 15 s (the README's number) after
    the job's time limit is killed and replaced; the job fails with the time-limit message."""
    s = Server(tmp_path / "tmp", "--workers", "1", "--job-timeout", "1")
    try:
        warm = wait(s, submit(s, [(b"ok.docx", forms["ok"])], {"pages": "0", "copies": "0"}))
        assert warm["status"] == "done"
        [before] = _workers(s.proc.pid)
        started = time.monotonic()
        job = submit(s, [(b"bomb.pdf", tiling_bomb_pdf())], {"form": "summary_form", "pages": "1", "copies": "0"})
        time.sleep(3)  # past the limit, the worker is stuck in PDFium: the server still answers at once
        t = time.monotonic()
        assert request(s.url + "/healthz")[0] == 200
        status, _, body = request(f"{s.url}/api/jobs/{job}")
        assert status == 200 and json.loads(body)["status"] == "running"
        assert time.monotonic() - t < 2
        assert before in _workers(s.proc.pid)
        out = wait(s, job)
        took = time.monotonic() - started
        assert out["status"] == "failed" and out["error"] == "處理時間超過 1 秒的上限，已停止", out
        assert 1 + 15 <= took < 1 + 15 + 20, took
        # the killed worker's upload is not left on disk
        assert [p.read_bytes().strip(b"\0") for p in s.private()[0].rglob("in*.pdf")] == [b""]
        deadline = time.monotonic() + 10
        while Path(f"/proc/{before}").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not Path(f"/proc/{before}").exists(), "the stuck worker was not killed"
        # a new worker takes the next job
        again = wait(s, submit(s, [(b"ok.docx", forms["ok"])], {"pages": "0", "copies": "0"}))
        assert again["status"] == "done" and again["report"]["files"][0]["passed"]
        assert _workers(s.proc.pid) and before not in _workers(s.proc.pid)
    finally:
        code, err = s.stop()
    assert "Traceback" not in err, err
