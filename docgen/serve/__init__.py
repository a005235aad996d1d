"""`docgen serve`: the checker as a web page and an HTTP API for an intranet.

Nothing here is imported by the other commands: the web stack (Starlette, uvicorn,
python-multipart) loads only when `docgen serve` runs.
"""

from __future__ import annotations

import ipaddress
import signal
import sys
from pathlib import Path
from typing import Optional

from .. import i18n


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def read_token(path: str) -> str:
    from ..errors import InputError
    from ..fsutil import read_input

    token = read_input(Path(path), 4096).decode("utf-8", "replace").strip()
    if not token or any(ch.isspace() for ch in token):
        raise InputError("serve.bad_token_file", path=path)
    return token


def _exit_on_signal(signum, frame):
    sys.exit(128 + signum)


def run_serve(host: str = "127.0.0.1", port: int = 8000, workers: Optional[int] = None,
              token_file: Optional[str] = None, limits=None, echo=None) -> int:
    """Serve until Ctrl-C / SIGTERM; every job's files are deleted on the way out."""
    import os

    import uvicorn

    from ..config import find_config
    from .app import create_app
    from .limits import Limits

    echo = echo or (lambda text: sys.stderr.write(text + "\n"))
    token = read_token(token_file) if token_file else None
    if token is None and not is_loopback(host):
        echo(i18n.t("serve.open_warning", host=host))
    workers = workers or min(os.cpu_count() or 1, 4)
    app = create_app(limits or Limits(), workers=workers, token=token, config=find_config(Path.cwd()))
    shown = f"[{host}]" if ":" in host else host
    echo(i18n.t("serve.started", url=f"http://{shown}:{port}/", workers=workers))
    # uvicorn shuts down gracefully (every job's files deleted), then raises the signal again:
    # as SystemExit, so the exit handlers still run (multiprocessing's temp folder goes too)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, lifespan="on",
                server_header=False, timeout_graceful_shutdown=5,
                proxy_headers=False)  # the client's address is never used: no X-Forwarded-* to read
    return 0


i18n.register({
    "serve.open_warning": ("警告：伺服器在 {host} 上對外開放，但沒有設定存取權杖；同網路上的任何人都能上傳檔案。"
                           "請用 --token-file 設定權杖",
                           "Warning: the server listens on {host} without an access token; anyone on the network can "
                           "upload files. Set one with --token-file"),
    "serve.started": ("docgen serve 已啟動：{url}（{workers} 個檢查程序；按 Ctrl-C 結束）",
                      "docgen serve is running at {url} ({workers:#worker|workers}; Ctrl-C to stop)"),
    "serve.bad_token_file": ("權杖檔 {path} 是空的或含有空白，請放一行不含空白的權杖",
                             "The token file {path} is empty or holds spaces; put one token on one line"),
})
