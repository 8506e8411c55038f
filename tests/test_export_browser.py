"""The seed's HTML edition in a real browser: headless Chromium driven by Playwright.

Needs the Debian package ``chromium`` (``/usr/bin/chromium``) and the Python
package ``playwright`` (the ``test`` extra); never ``playwright install``.
Skipped with a reason where they are missing, failed in CI (``CI=true``).
Screenshots go to out/browser/ for a person to look at.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import IN_CI, ROOT, SEED_TEI

import teikit

SHOTS = ROOT / "out" / "browser"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI must run the browser test: {reason}")
    pytest.skip(reason)


def chromium_path() -> str:
    found = os.environ.get("TEIKIT_CHROMIUM") or shutil.which("chromium")
    if not found:
        _missing("Chromium is not installed (apt-get install chromium)")
    return str(found)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed (pip install -e '.[test]')")
    executable = chromium_path()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "seed.html"
    teikit.export_file(SEED_TEI, "html", path)
    return path


class Page:
    """A page opened from file://, with its console errors and every request it made."""

    def __init__(self, browser: Any, path: Path, width: int = 1280, js: bool = True) -> None:
        self.context = browser.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=js
        )
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("request", lambda req: self.requests.append(req.url))
        self.page.goto(path.as_uri())

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(message.text)

    def box(self, selector: str) -> dict[str, float]:
        box = self.page.locator(selector).first.bounding_box()
        assert box is not None, f"{selector} is not rendered"
        return dict(box)

    def in_viewport(self, selector: str) -> bool:
        return bool(
            self.page.evaluate(
                """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                   return r.top >= 0 && r.top < window.innerHeight; }""",
                selector,
            )
        )

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def seed_page(browser: Any, page_file: Path) -> Iterator[Page]:
    page = Page(browser, page_file)
    yield page
    page.close()


ROW = ".parallel.aligned > .prow:not(.labels)"
FIRST_ROW = ".parallel.aligned > .prow:nth-child(2)"  # after the row of labels
DELETION = ".tei-rdg del.tei-del"  # "reprisals …", deleted in the handwritten draft


def test_both_language_columns_are_visible_side_by_side(seed_page: Page) -> None:
    """The seed is aligned: each row holds a Russian paragraph and its English one."""
    page = seed_page.page
    ru = page.locator(f"{ROW} > .pcell[lang=ru]")
    en = page.locator(f"{ROW} > .pcell[lang=en]")
    assert ru.first.is_visible() and en.first.is_visible()
    assert "Сегодня состоялась беседа" in ru.nth(1).inner_text()
    assert "A conversation with the Chinese comrades" in en.nth(1).inner_text()
    left, right = seed_page.box(f"{FIRST_ROW} > .pcell[lang=ru]"), seed_page.box(
        f"{FIRST_ROW} > .pcell[lang=en]"
    )
    assert left["x"] + left["width"] <= right["x"] and abs(left["y"] - right["y"]) < 2
    assert seed_page.errors == [] and all(u.startswith("file://") for u in seed_page.requests)


def test_hovering_a_sentence_lights_up_its_translation(seed_page: Page) -> None:
    page = seed_page.page
    page.hover("#p-ru-2-s3")
    assert page.locator("#p-ru-2-s3.paired").count() == 1
    assert page.locator("#p-en-2-s3.paired").count() == 1
    assert page.locator(".tei-s.paired").count() == 2
    page.hover("h1")
    assert page.locator(".tei-s.paired").count() == 0
    assert seed_page.errors == []


def test_columns_stack_on_a_narrow_screen(browser: Any, page_file: Path) -> None:
    narrow = Page(browser, page_file, width=480)
    try:
        ru = narrow.box(f"{FIRST_ROW} > .pcell[lang=ru]")
        en = narrow.box(f"{FIRST_ROW} > .pcell[lang=en]")
        assert en["y"] >= ru["y"] + ru["height"] and abs(ru["x"] - en["x"]) < 2
        narrow.page.screenshot(path=str(shot("seed-narrow.png")))
    finally:
        narrow.close()


def test_view_switch_shows_and_hides_what_each_view_holds(seed_page: Page) -> None:
    page = seed_page.page
    deletion = page.locator(DELETION)
    assert deletion.inner_text() == "reprisals against honest Party members are halted"
    assert not deletion.is_visible()  # reading view: the draft's deletion is out
    assert page.locator(".tei-corr.by-teikit").first.is_visible()  # 19 September
    assert not page.locator(".tei-sic").last.is_visible()
    page.screenshot(path=str(shot("seed-reading.png")), full_page=True)
    page.click("button[data-view=diplomatic]")
    assert page.locator("body.view-diplomatic").count() == 1
    assert deletion.is_visible()
    style = deletion.evaluate("el => getComputedStyle(el).textDecorationLine")
    assert "line-through" in style
    assert page.locator(".hyph").first.is_visible()  # созда- kept at the line end
    assert not page.locator(".tei-corr.by-teikit").first.is_visible()
    sic = page.locator(".tei-sic[data-mark]")  # the [SIC] date, shown with its correction
    assert sic.is_visible() and sic.inner_text() == "19 August"
    after = sic.evaluate("el => getComputedStyle(el, '::after').content")
    assert "(!)" in after and "19 September" in after and "teikit" in after
    assert page.locator("button[data-view=diplomatic]").get_attribute("aria-pressed") == "true"
    page.screenshot(path=str(shot("seed-diplomatic.png")), full_page=True)
    page.click("button[data-view=reading]")
    assert not deletion.is_visible()
    assert seed_page.errors == []


def test_footnote_links_jump_and_back(seed_page: Page) -> None:
    page = seed_page.page
    page.click("a#tk-fnref-1")
    page.wait_for_function("location.hash === '#tk-fn-1'")
    assert seed_page.in_viewport("#tk-fn-1")
    assert "crossed out" in page.locator("#tk-fn-1").inner_text()
    page.click("#tk-fn-1 a.backref")
    page.wait_for_function("location.hash === '#tk-fnref-1'")
    assert seed_page.in_viewport("#tk-fnref-1")
    assert seed_page.errors == []


def test_screenshot_for_the_readme(browser: Any, page_file: Path) -> None:
    """The README's picture: the diplomatic view at the draft's deletion (TEIKIT_SCREENSHOT=PATH
    writes it there, e.g. docs/seed-page.png; by default it goes to out/browser/)."""
    target = Path(os.environ.get("TEIKIT_SCREENSHOT") or shot("seed-page.png"))
    view = Page(browser, page_file, width=1100)
    try:
        page = view.page
        page.set_viewport_size({"width": 1100, "height": 620})
        page.click("button[data-view=diplomatic]")
        page.locator(DELETION).scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, window.innerHeight / 2 - 140)")
        page.screenshot(path=str(target))
        assert target.stat().st_size > 10_000
        assert view.errors == []
    finally:
        view.close()


def test_readable_without_javascript(browser: Any, page_file: Path) -> None:
    off = Page(browser, page_file, js=False)
    try:
        page = off.page
        assert page.locator(f"{ROW} > .pcell[lang=en]").first.is_visible()
        assert not page.locator(DELETION).is_visible()  # the reading view
        assert not page.locator("nav.controls").is_visible()  # a switch that cannot work
        assert page.get_by_text("The diplomatic view needs JavaScript").is_visible()
    finally:
        off.close()
    on = Page(browser, page_file)
    try:
        assert not on.page.get_by_text("The diplomatic view needs JavaScript").is_visible()
    finally:
        off.close()


def shot(name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS / name
