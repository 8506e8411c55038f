"""Benchmark: how soon the HTML edition of each large file shows in a browser.

Run with `.venv/bin/python bench/browser.py`.  Each file of ../shared/ref/corpus/large
is exported to HTML, then opened from file:// in headless Chromium (the Debian
package, driven by Playwright, as in tests/test_export_browser.py), three times;
printed are the best times of first contentful paint (the page shows something),
of the load event (the whole page parsed, its script run), and of jumping to the
last entry of the table of contents (the section is laid out and in view).
Nothing is asserted.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import teikit

ROOT = Path(__file__).resolve().parent.parent
LARGE = ROOT.parent / "shared" / "ref" / "corpus" / "large"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def measure(browser: object, path: Path) -> tuple[float, float, float]:
    """First contentful paint, load and TOC jump, in seconds (best of three)."""
    fcp, load, jump = [], [], []
    for _ in range(3):
        context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        page = context.new_page()
        start = time.perf_counter()
        page.goto(path.as_uri(), wait_until="load", timeout=120_000)
        load.append(time.perf_counter() - start)
        paint = page.evaluate(
            "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
        )
        fcp.append((paint or 0) / 1000)
        links = page.locator("nav.toc a")
        if links.count():
            start = time.perf_counter()
            page.evaluate("() => { document.querySelector('nav.toc details').open = true; }")
            links.last.click()
            page.wait_for_function(
                "() => { const t = document.getElementById(location.hash.slice(1));"
                " if (!t) return false; const r = t.getBoundingClientRect();"
                " return r.top >= 0 && r.top < innerHeight && r.height > 0; }"
            )
            jump.append(time.perf_counter() - start)
        else:
            jump.append(float("nan"))
        context.close()
    return min(fcp), min(load), min(jump)


def main() -> None:
    """Export and open each large file."""
    from playwright.sync_api import sync_playwright

    files = sorted(LARGE.glob("*.xml"))
    if not files:
        print(f"{LARGE} is absent: the figures need ../shared")
        return
    chromium = shutil.which("chromium") or sys.exit("Chromium is not installed")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        for f in files:
            out = Path(tmp) / (f.stem + ".html")
            teikit.export_file(f, "html", out)
            fcp, load, jump = measure(browser, out)
            size = out.stat().st_size / 1e6
            print(
                f"{f.name} ({size:.0f} MB of HTML): first paint {fcp:.2f} s, "
                f"load {load:.2f} s, TOC jump to the last section {jump:.2f} s"
            )
        browser.close()


if __name__ == "__main__":
    main()
