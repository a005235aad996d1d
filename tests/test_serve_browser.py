"""`docgen serve`'s page in a real browser (headless Chromium through Selenium): a file chosen
with the keyboard through the file input, the report with findings and page pictures with
boxes, the English page, and the layout at 200% zoom (no sideways scrolling)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from handmade import summary_docx
from test_browser import CHROMIUM, DRIVER, IN_CI, MING, SHOTS, TIGHT, browser  # noqa: F401 (the fixture)
from test_serve import Server

from docgen.render.office import find_soffice

pytestmark = pytest.mark.skipif((not CHROMIUM or not DRIVER or find_soffice() is None) and not IN_CI,
                                reason="chromium, chromium-driver or LibreOffice missing (CI=true makes it a failure)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("serve") / "tmp", "--workers", "1")
    yield s
    s.stop()


def until(condition, seconds: float = 180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def shot(browser, tmp_path, name: str) -> Path:  # noqa: F811
    path = Path(SHOTS or tmp_path) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(path))
    return path


def test_upload_through_the_page_shows_findings_and_boxed_pages(browser, server, tmp_path):  # noqa: F811
    from selenium.webdriver.common.keys import Keys

    faulty = summary_docx(tmp_path / "申請書.docx", body_rpr=MING, line=TIGHT)
    browser.get(server.url + "/")
    assert browser.find_element("css selector", "h1").text == "政府服務獎表單格式檢查"
    # the keyboard reaches the file input (after the skip link and the language link)
    body = browser.find_element("css selector", "body")
    body.send_keys(Keys.TAB)
    order = []
    for _ in range(4):
        active = browser.switch_to.active_element
        order.append(active.get_attribute("id") or active.tag_name)
        if order[-1] == "files":
            break
        active.send_keys(Keys.TAB)
    assert "files" in order
    picker = browser.find_element("id", "files")
    label = browser.find_element("css selector", "label[for=files]")
    assert label.text and picker.get_attribute("aria-describedby")
    picker.send_keys(str(faulty))
    assert "申請書.docx" in browser.find_element("id", "chosen").text
    browser.find_element("id", "go").send_keys(Keys.ENTER)  # submitted from the keyboard

    until(lambda: browser.find_element("id", "report").is_displayed())
    status = browser.find_element("id", "status").text
    assert status == "檢查完成", status
    rows = browser.find_elements("css selector", "#file1 tbody tr")
    rules = {r.get_attribute("data-rule") for r in rows}
    assert {"font-family", "line-spacing"} <= rules
    assert "新細明體" in browser.find_element("id", "file1").text
    img = until(lambda: browser.execute_script(
        "var i = document.querySelector('#file1 [data-page] img'); return i && i.complete && i.naturalWidth && i;"))
    assert browser.execute_script("return arguments[0].naturalWidth", img) > 500
    boxes = browser.find_elements("css selector", "#file1 [data-page] a.box")
    assert {b.get_attribute("data-rule") for b in boxes} >= {"font-family"}
    for b in boxes:  # each box lies on its page picture
        page = b.find_element("xpath", "ancestor::*[@data-page][1]").find_element("css selector", "img").rect
        r = b.rect
        assert r["width"] > 0 and r["height"] > 0
        assert page["x"] - 1 <= r["x"] and r["x"] + r["width"] <= page["x"] + page["width"] + 1
        assert page["y"] - 1 <= r["y"] and r["y"] + r["height"] <= page["y"] + page["height"] + 1
    downloads = browser.find_element("id", "file1").text
    assert "下載修正版" in downloads and "下載加註解版" in downloads
    # a box leads to its finding
    box = boxes[0]
    browser.execute_script("arguments[0].click()", box)
    assert browser.execute_script("return location.hash") == "#" + box.get_attribute("href").split("#", 1)[1]
    browser.execute_script("document.getElementById('report').scrollIntoView()")
    picture = shot(browser, tmp_path, "serve-report.png")
    assert picture.stat().st_size > 20_000


def test_english_page_and_200_percent_zoom(browser, server, tmp_path):  # noqa: F811
    from selenium.webdriver.common.keys import Keys

    faulty = summary_docx(tmp_path / "form.docx", body_rpr=MING)
    browser.get(server.url + "/?lang=en")
    assert browser.find_element("css selector", "h1").text == "Government Service Award form checker"
    assert browser.find_element("id", "go").text == "Check"
    # 200% zoom of a 1400-pixel-wide window: 700 CSS pixels, two device pixels each
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 700, "height": 900, "deviceScaleFactor": 2, "mobile": False})
    try:
        browser.get(server.url + "/?lang=en")
        wide = browser.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert wide[0] <= wide[1] + 1, wide  # nothing to scroll sideways
        for el in browser.find_elements("css selector", "label, button, select, input"):
            if el.is_displayed():
                r = el.rect
                assert r["x"] >= 0 and r["x"] + r["width"] <= wide[1] + 1, el.get_attribute("outerHTML")
        shot(browser, tmp_path, "serve-zoom200-en.png")
        # the report too: findings and pages stack, still nothing to scroll sideways
        browser.find_element("id", "files").send_keys(str(faulty))
        browser.find_element("id", "go").send_keys(Keys.ENTER)
        until(lambda: browser.execute_script(
            "var i = document.querySelector('#file1 [data-page] img'); return i && i.complete && i.naturalWidth;"))
        assert "East Asian font" in browser.find_element("id", "file1").text or \
            "font" in browser.find_element("id", "file1").text.lower()
        wide = browser.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert wide[0] <= wide[1] + 1, wide
        browser.execute_script("document.querySelector('#file1 .findings').scrollIntoView()")
        shot(browser, tmp_path, "serve-zoom200-report-en.png")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_with_a_token_the_page_asks_for_it_and_then_works(browser, tmp_path):  # noqa: F811
    from selenium.webdriver.common.keys import Keys

    token = tmp_path / "token"
    token.write_text("page-token-7", encoding="utf-8")
    s = Server(tmp_path / "tmp", "--workers", "1", "--token-file", str(token))
    try:
        browser.get(s.url + "/")
        field = browser.find_element("id", "token")
        assert field.is_displayed() and browser.find_element("css selector", "label[for=token]").text == "存取權杖"
        browser.find_element("id", "files").send_keys(str(summary_docx(tmp_path / "a.docx", body_rpr=MING)))
        field.send_keys("wrong")
        browser.find_element("id", "go").send_keys(Keys.ENTER)
        until(lambda: "存取權杖" in browser.find_element("id", "status").text)
        field.clear()
        field.send_keys("page-token-7")
        browser.find_element("id", "go").send_keys(Keys.ENTER)
        until(lambda: browser.execute_script(
            "var i = document.querySelector('#file1 [data-page] img'); return i && i.complete && i.naturalWidth;"))
        assert "font-family" in {r.get_attribute("data-rule") for r in
                                 browser.find_elements("css selector", "#file1 tbody tr")}
    finally:
        browser.execute_script("sessionStorage.clear()")
        s.stop()
