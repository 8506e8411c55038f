"""``export --to site``: the index, the edition pages, the registers and the search.

Built from the seed and three small hand-written TEI files of other shapes; the
browser part (headless Chromium, as in test_export_browser) opens the site from
file://: the search, the sorting and filtering, a register's links, no console error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import IN_CI, ROOT, SEED_TEI, shared
from lxml import etree, html

from teikit.api import export_site

FIXTURES = ROOT / "tests" / "fixtures" / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("site")
    src = base / "tei"
    src.mkdir()
    for path in [SEED_TEI, *sorted(FIXTURES.glob("*.xml"))]:
        (src / path.name).write_bytes(path.read_bytes())
    outcomes, counts = export_site([str(src)], base / "out")
    assert [o.status for o in outcomes] == ["ok"] * 4
    assert counts["documents"] == 4
    return base / "out"


def _pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def test_every_page_is_well_formed(site: Path) -> None:
    for page in _pages(site):
        etree.fromstring(page.read_bytes(), etree.HTMLParser(recover=False))
        assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_index_rows_come_from_the_headers(site: Path) -> None:
    doc = html.fromstring((site / "index.html").read_bytes())
    cells = [tr.findall("td") for tr in doc.iter("tr")]
    rows = [[c.text_content() for c in row] for row in cells if row]
    by_title = {r[1]: r for r in rows}
    assert by_title["Letter to Anna Weber, Vienna"][:4] == [
        "4 March 1901", "Letter to Anna Weber, Vienna", "Literaturarchiv, Marbach", "de"]
    assert by_title["Dedication to Apollo"][2:4] == ["Museo Civico", "la"]
    assert "State Archive of the Russian Federation" in by_title[
        "Telegram from A. Mikoyan to the CPSU Central Committee"][2]
    # sorted by date: the inscription (BC) first, the play (1600) next
    assert [r[1] for r in rows][:2] == ["Dedication to Apollo", "A Short Play"]


def test_register_links_resolve_to_anchors(site: Path) -> None:
    checked = 0
    for name in ("people.html", "bodies.html", "places.html"):
        doc = html.fromstring((site / name).read_bytes())
        for link in doc.iterfind(".//a[@class='tk-mention']"):
            href, _, anchor = link.get("href").partition("#")
            target = site / href
            assert target.is_file(), href
            ids = set(re.findall(r' id="([^"]+)"', target.read_text(encoding="utf-8")))
            assert anchor in ids, link.get("href")
            checked += 1
    assert checked > 200
    people = (site / "people.html").read_text(encoding="utf-8")
    assert "Anna Weber" in people and "Frau Weber" in people and "Apollini" in people
    places = html.fromstring((site / "places.html").read_bytes())
    roma = [e for e in places.iterfind(".//section") if e.get("data-name") == "roma"]
    assert len(roma) == 1 and len(roma[0].findall(".//a[@class='tk-mention']")) == 2


def test_a_site_is_not_overwritten_without_force(site: Path, tmp_path: Path) -> None:
    from teikit.errors import TeikitError

    with pytest.raises(TeikitError, match="--force"):
        export_site([str(FIXTURES)], site)
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    with pytest.raises(TeikitError, match="no teikit site"):
        export_site([str(FIXTURES)], other, force=True)
    assert (other / "notes.txt").read_text() == "keep me"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp left


def test_corpus_subset_builds(tmp_path: Path) -> None:
    corpus = shared("ref", "corpus")
    folders = ("schnitzler-briefe", "casebooks", "iip-epidoc", "hsg-milestones")
    picked = [str(p) for folder in folders
              for p in sorted((corpus / folder).glob("*.xml"))[:5]]
    outcomes, counts = export_site(picked, tmp_path / "site", jobs=2)
    assert all(o.status == "ok" for o in outcomes), [o.message for o in outcomes if o.message]
    assert counts["documents"] == len(picked) and counts["people"] > 0


# ---------------------------------------------------------------- in a browser

@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from test_export_browser import ARGS, chromium_path

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if IN_CI:
            pytest.fail("CI must run the browser test: Playwright is missing")
        pytest.skip("Playwright for Python is not installed")
    executable = chromium_path()
    with sync_playwright() as p:
        found = p.chromium.launch(executable_path=executable, args=ARGS)
        yield found
        found.close()


def _open(browser: Any, path: Path, errors: list[str]) -> Any:
    page = browser.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.as_uri())
    return page


def test_site_in_a_browser(browser: Any, site: Path) -> None:
    errors: list[str] = []
    page = _open(browser, site / "index.html", errors)
    page.fill("#tk-search-q", "zitronenb")
    page.press("#tk-search-q", "Enter")
    page.wait_for_selector("#tk-search-results li")
    assert page.locator("#tk-search-results li").all_inner_texts()[0].startswith(
        "Letter to Anna Weber")
    page.fill("#tk-search-q", "marmalade sailed")
    page.press("#tk-search-q", "Enter")
    page.wait_for_function("document.querySelectorAll('#tk-search-results li').length == 1")
    assert "A Short Play" in page.inner_text("#tk-search-results")
    page.click("th:nth-child(2) button")  # by title
    titles = page.locator("#tk-documents tbody td:nth-child(2)").all_inner_texts()
    assert titles == sorted(titles, key=str.casefold)
    page.select_option("#tk-lang-filter", "la")
    assert page.locator("#tk-documents tbody tr:visible").count() == 1
    assert page.inner_text("#tk-doc-count") == "1 of 4 documents"
    page.screenshot(path=str(site / "shot.png"))
    page.close()
    page = _open(browser, site / "people.html", errors)
    page.click("a.tk-mention:text('Frau Weber')")
    page.wait_for_load_state()
    assert page.url.endswith("letter.html#" + page.url.rsplit("#", 1)[1])
    assert page.evaluate("document.querySelector(':target').textContent") == "Frau Weber"
    page.close()
    for other in _pages(site):
        _open(browser, other, errors).close()
    assert errors == []
