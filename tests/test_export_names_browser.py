"""Names, the register panel and the table of contents in headless Chromium (see
tests/test_export_browser.py for the set-up: Debian's chromium driven by Playwright)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_TEI
from test_export_browser import SHOTS, Page, browser

import teikit
from teikit.xmlio import parse_bytes

__all__ = ["browser"]  # the fixture, shared with tests/test_export_browser.py


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("names") / "seed.html"
    teikit.export_file(SEED_TEI, "html", path)
    return path


@pytest.fixture(scope="module")
def long_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A long document: 300 sections of text, so that most are far off screen."""
    para = "<p>" + "Words of the section, and more words. " * 40 + "</p>"
    divs = "".join(f"<div><head>Part {i}</head>{para * 3}</div>" for i in range(1, 301))
    data = (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Long'
        "</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/>"
        f"</sourceDesc></fileDesc></teiHeader><text><body>{divs}</body></text></TEI>"
    )
    path = tmp_path_factory.mktemp("long") / "long.html"
    path.write_text(teikit.write(parse_bytes(data.encode()), "html"))
    return path


@pytest.fixture
def seed_page(browser: Any, seed_file: Path) -> Iterator[Page]:
    page = Page(browser, seed_file)
    yield page
    page.close()


def test_clicking_a_name_opens_its_entry_with_every_mention(seed_page: Page) -> None:
    page = seed_page.page
    name = page.locator('main a.nm-person[href="#peng-dehuai"]').first
    name.click()
    panel = page.locator(".entry-panel")
    assert panel.is_visible()
    assert panel.locator("h2").inner_text() == "Peng Dehuai"
    assert "Minister of Defence" in panel.inner_text()
    mentions = page.locator("#peng-dehuai dd.mentions a").count()
    assert mentions > 2 and panel.locator("ol li").count() == mentions
    assert "Peng Dehuai" in panel.locator("ol li b").nth(1).inner_text()
    # a mention in the panel scrolls to the name in the text
    last = panel.locator("ol li a").last
    href = str(last.get_attribute("href"))
    last.click()
    page.wait_for_timeout(100)
    assert seed_page.in_viewport(href)
    page.keyboard.press("Escape")
    assert not panel.is_visible()
    assert seed_page.errors == []


def test_names_are_styled_in_both_views(seed_page: Page) -> None:
    page = seed_page.page
    style = "a.nm-place >> nth=0"
    for view in ("reading", "diplomatic"):
        page.click(f"button[data-view={view}]")
        line = page.locator(style).evaluate("e => getComputedStyle(e).textDecorationStyle")
        assert line == "dashed"  # not colour alone: each kind has its own line
    person = page.locator("a.nm-person >> nth=0").evaluate(
        "e => getComputedStyle(e).textDecorationStyle"
    )
    assert person == "solid"


def test_without_javascript_a_name_is_a_link_to_the_register(browser: Any, seed_file: Path) -> None:
    page = Page(browser, seed_file, js=False)
    try:
        page.page.locator('main a[href="#mao-zedong"]').first.click()
        assert page.in_viewport("#mao-zedong")
        back = page.page.locator("#mao-zedong dd.mentions a").first
        target = str(back.get_attribute("href"))
        back.click()
        assert page.in_viewport(target)
    finally:
        page.close()


def test_table_of_contents_reveals_a_lazy_section(browser: Any, long_file: Path) -> None:
    page = Page(browser, long_file)
    try:
        toc = page.page.locator("nav.toc")
        toc.locator("summary").click()  # 300 entries: the table starts closed
        toc.locator("a", has_text="Part 290").click()
        page.page.wait_for_timeout(300)
        assert page.in_viewport("#tk-s290")
        assert "Words of the section" in page.page.locator("#tk-s290").inner_text()
        lazy = page.page.locator("#tk-s1").evaluate("e => getComputedStyle(e).contentVisibility")
        assert lazy == "auto"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.page.screenshot(path=str(SHOTS / "toc.png"))
        assert page.errors == []
    finally:
        page.close()
