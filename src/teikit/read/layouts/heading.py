"""The FRUS heading layout: the document's number, its title and a note mark on one line.

``79. Telegram From the Embassy in Moscow to the Department of State1``: the
profile's ``metadata.heading`` pattern names the parts (``n``, ``title``,
``note``); the body follows at once, with no fields.  The web edition may print
the volume or chapter above it.
"""

from __future__ import annotations

import re

from ... import dates
from ..events import DocTitle, Layout
from .page import Found, Page

CHROME = 24  # single lines above the heading, at most


def read(page: Page) -> Found | None:
    """The heading's title, number and note mark, when the page starts with one.

    The lines above the heading (the volume or chapter of the edition, as the web
    edition prints them, and the site's menus) are kept as chrome of the layout.
    """
    heading = page.state.profile.metadata.get("heading")
    if not heading:
        return None
    funder = str(page.state.profile.metadata.get("funder_line", "\0"))
    for i in range(page.start, min(page.start + CHROME + 1, len(page.blocks))):
        line = page.single_line(i)
        if line is None or (i and page.blocks[i][2] != 1) or len(line) > 250:
            return None
        m = re.fullmatch(str(heading), line)
        if m is None:
            if dates.parse_date(line) is not None or line.startswith(funder):
                return None  # a web page's date or funder line: no FRUS heading below it
            continue
        title = DocTitle(m.group("title"), page.line_of(i), m.group("n"), m.groupdict().get("note"))
        chrome = [f"chrome:{page.chunk(k)}" for k in range(page.start, i)]
        layout = Layout(tuple([*page.layout, *chrome, "heading", "body"]))
        return Found([title, layout], page.blocks[i][1], len(page.text))
    return None
