"""The HTML edition's stylesheet and script: package files, shipped in the wheel, embedded as is."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch

from conftest import ROOT, SEED_TEI
from lxml import etree

from teikit.writers import render
from teikit.writers.html.page import asset

ASSETS = ROOT / "src" / "teikit" / "writers" / "assets"


def test_every_asset_is_package_data() -> None:
    """A non-editable install has the files only if package-data names them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["teikit"]
    files = sorted(p.relative_to(ROOT / "src" / "teikit").as_posix() for p in ASSETS.iterdir())
    assert files == ["writers/assets/edition.css", "writers/assets/edition.js"]
    assert [f for f in files if not any(fnmatch(f, p) for p in patterns)] == []


def test_the_page_embeds_the_asset_files_verbatim() -> None:
    page = render(etree.parse(str(SEED_TEI)), "html").decode("utf-8")
    css = (ASSETS / "edition.css").read_text(encoding="utf-8")
    js = (ASSETS / "edition.js").read_text(encoding="utf-8")
    assert f"<style>\n{css}" in page
    assert f"<script>\n{js}</script>\n</body>" in page
    assert page.count("<style>") == page.count("<script>") == 1


def test_assets_are_read_once() -> None:
    first = asset("edition.css")
    assert asset("edition.css") is first
    assert asset.cache_info().hits >= 1


def test_asset_files_are_plain_text() -> None:
    """No trailing spaces or tabs an editor might strip, a final newline: the files
    stay what the golden HTML holds (read as text, CRLF line ends would read as LF)."""
    for path in ASSETS.iterdir():
        data = path.read_bytes()
        assert data.endswith(b"\n"), path.name
        assert all(line == line.rstrip(b" \t") for line in data.split(b"\n")), path.name
