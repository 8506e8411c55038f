"""The FRUS heading layout: the document's number, its title and a note mark on one line.

``79. Telegram From the Embassy in Moscow to the Department of State1``: the
profile's ``metadata.heading`` pattern names the parts (``n``, ``title``,
``note``); the body follows at once, with no fields.
"""

from __future__ import annotations

import re

from ..events import DocTitle, Layout
from .page import Found, Page


def read(page: Page) -> Found | None:
    """The heading's title, number and note mark, when the page starts with one."""
    heading = page.state.profile.metadata.get("heading")
    i = page.start
    line = page.single_line(i)
    if not heading or line is None:
        return None
    m = re.fullmatch(str(heading), line)
    if m is None or not (i == 0 or page.blocks[i][2] == 1):
        return None
    title = DocTitle(m.group("title"), page.line_of(i), m.group("n"), m.groupdict().get("note"))
    layout = Layout(tuple([*page.layout, "heading", "body"]))
    return Found([title, layout], page.blocks[i][1], len(page.text))
