"""The HTML report in a real browser (headless Chromium): page images are shown and every
finding's box lies inside its page image (issue #12 item 4)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docgen.render.office import find_soffice

from handmade import BODY_RPR, summary_docx

IN_CI = bool(os.environ.get("CI"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif((not CHROMIUM or not DRIVER or find_soffice() is None) and not IN_CI,
                                reason="chromium, chromium-driver or LibreOffice missing (CI=true makes it a failure)")
MING = BODY_RPR.replace('w:eastAsia="標楷體"', 'w:eastAsia="新細明體"')
TIGHT = '<w:spacing w:line="360" w:lineRule="exact"/>'  # 18 pt where the form says 20
SHOTS = os.environ.get("DOCGEN_SCREENSHOTS")  # keep the screenshots here to look at them


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1800",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_report_shows_pages_with_boxes_inside_them(browser, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    summary_docx(folder / "ming.docx", body_rpr=MING, line=TIGHT)
    summary_docx(folder / "ok.docx")
    report = tmp_path / "report.html"
    subprocess.run([sys.executable, "-m", "docgen", "check", str(folder), "--format", "html", "-o", str(report)],
                   capture_output=True, timeout=300)
    browser.get(report.as_uri())
    # the summary is sortable: a click on 錯誤 orders the rows by it
    rows = lambda: [r.text for r in browser.find_elements("css selector", "#summary tbody tr")]  # noqa: E731
    assert len(rows()) == 2
    browser.find_elements("css selector", "#summary th")[6].click()
    first = rows()[0]
    browser.find_elements("css selector", "#summary th")[6].click()
    assert rows()[0] != first
    # filter
    box = browser.find_element("id", "filter")
    box.send_keys("ming")
    visible = [r for r in browser.find_elements("css selector", "#summary tbody tr") if r.is_displayed()]
    assert len(visible) == 1 and "ming.docx" in visible[0].text
    box.clear()

    browser.find_element("css selector", "#summary tbody a[href='#file1']").click()
    shot = Path(SHOTS or tmp_path) / "report.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(shot))

    pages = browser.find_elements("css selector", "[data-page]")
    assert pages
    for page in pages:
        img = page.find_element("css selector", "img")
        loaded = browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img)
        assert loaded and loaded > 500  # the image decoded, at a readable width
    boxes = browser.find_elements("css selector", "[data-page] [data-rule][data-finding]")
    assert {b.get_attribute("data-rule") for b in boxes} >= {"font-family", "line-spacing"}
    for b in boxes:
        page = b.find_element("xpath", "ancestor::*[@data-page][1]")
        outer = page.find_element("css selector", "img").rect
        inner = b.rect
        assert inner["width"] > 0 and inner["height"] > 0
        assert outer["x"] - 1 <= inner["x"] and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 1
        assert outer["y"] - 1 <= inner["y"] and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 1
    # a box links to its finding and back
    b = boxes[0]
    browser.execute_script("arguments[0].click()", b)  # boxes may overlap (a table and its cells)
    target = "#" + b.get_attribute("href").split("#", 1)[1]
    assert browser.execute_script("return location.hash") == target
    back = browser.find_element("css selector", f"{target} a")
    assert back.get_attribute("href").endswith(f"-b{b.get_attribute('data-finding')}")
