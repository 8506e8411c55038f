"""A trailing ``Source: GARF, Fond 5446, Opis 1, Delo 12, List 3.`` line after the body.

Pages copied from the archive often end with the archival source on one line.
It belongs in the header (``sourceDesc``: the signature as the ``msIdentifier``,
the translator in a ``respStmt``), not in the text.  The line must be the last
block, a single line, after a body of at least one block; the layout records it
(``line:Source``) so that the transcription writer gives it back where it stood.
"""

from __future__ import annotations

import re

from ..events import DocDate, DocTitle, Layout, MetaField
from .page import Found, Page

_SOURCE_LINE = re.compile(r"(?P<label>Source): (?P<value>\S.*)")


def read(page: Page, found: Found) -> Found:
    """``found`` with the trailing source line taken into the metadata, when there is one."""
    if found.meta_end == 0 or found.body_end != len(page.text):
        return found  # no metadata at the top, or the layout already read the end
    last = len(page.blocks) - 1
    a, b, gap = page.blocks[last]
    line = page.text[a:b]
    m = _SOURCE_LINE.fullmatch(line)
    if m is None or "\n" in line or gap != 1 or a <= found.meta_end + 1:
        return found
    if not _plain_brackets(line) or _open_bracket(page.text, found.meta_end, a):
        return found
    if any(isinstance(e, MetaField) and e.label == "Source" for e in found.events):
        return found
    layouts = [e for e in found.events if isinstance(e, Layout)]
    items = layouts[0].items if layouts else _default_items(found)
    events = [e for e in found.events if not isinstance(e, Layout)]
    events.append(MetaField("Source", (m.group("value"),), page.line_of(last)))
    events.append(Layout((*items, "line:Source")))
    return Found(events, found.meta_end, page.blocks[last - 1][1])


def _default_items(found: Found) -> tuple[str, ...]:
    """The PDF export's layout, as the fields layout found it (no Layout event)."""
    items = []
    if any(isinstance(e, DocDate) for e in found.events):
        items.append("date")
    if any(isinstance(e, DocTitle) for e in found.events):
        items.append("title")
    return (*items, "fields", "body")


def _open_bracket(text: str, start: int, end: int) -> bool:
    """Is a bracket of the body still open where the source line starts?"""
    depth = 0
    for ch in text[start:end]:
        depth += {"[": 1, "]": -1}.get(ch, 0)
    return depth > 0


def _plain_brackets(line: str) -> bool:
    """Brackets a source line may hold as written: none, or balanced expansions with no
    label (``TsDA [Central State Archive], Sofia``), which the citation keeps as text."""
    inner = re.findall(r"\[([^\[\]]*)\]", line)
    rest = re.sub(r"\[[^\[\]]*\]", "", line)
    return "[" not in rest and "]" not in rest and all(":" not in i for i in inner)
