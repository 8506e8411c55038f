"""The archive's web pages: the body between a funder line and the labelled fields.

Two generations of the page are read.  The current one: web chrome
(``Skip to content``), the date, the title, the funder line, the body, then an
unlabelled summary and labelled fields such as ``Source`` and ``Rights``.  The
older one: the date, the funder line, the summary and a citation string
(``"Title," date, Archive…``) before the body.  The order of the parts is kept
as a :class:`Layout` event, so the transcription writer gives the page back.
"""

from __future__ import annotations

import re

from ..events import DocDate, DocTitle, Event, Layout, MetaField
from .page import Found, Page


def is_citation(text: str) -> bool:
    """A citation string of the web page: a quoted title, a date, the archive, a signature."""
    return bool(re.match(r'^["“].+?,?["”],? ', text)) and "Archive" in text and "\n" not in text


def _funder(page: Page) -> int | None:
    """The funder line's block, when the page is laid out as a web page."""
    prefix = str(page.state.profile.metadata.get("funder_line", "\0"))
    i = page.after_date
    found = next(
        (j for j in range(i, min(i + 3, len(page.blocks)))
         if (page.single_line(j) or "").startswith(prefix)),
        None,
    )
    first_label = page.first_label()
    if (
        found is not None
        and (first_label is None or found < first_label)
        and found - i <= 1
        and all(page.blocks[k][2] == 1 for k in range(max(page.start, 1), found + 1))
    ):
        return found
    return None


def _citation_chrome(page: Page) -> int | None:
    """The first chrome block of the older page's citation box (``• Citation``), when
    the page has no funder line: the title (if any) stands just above it."""
    i = page.after_date
    if not page.has_date:
        return None
    for j in range(i, min(i + 2, len(page.blocks))):
        line = page.single_line(j)
        if line is None or page.blocks[j][2] != 1:
            return None
        if page.is_chrome(line):
            return j
    return None


def read(page: Page) -> Found | None:
    """The metadata of a web page: before the body, and the labelled fields after it."""
    funder = _funder(page)
    anchor = funder if funder is not None else _citation_chrome(page)
    if anchor is None:
        return None
    blocks, state = page.blocks, page.state
    layout = list(page.layout)
    events: list[Event] = []
    start = page.start
    if page.has_date:
        events.append(DocDate(page.chunk(start), page.line_of(start)))
        layout.append("date")
    if anchor > page.after_date:
        i = page.after_date
        events.append(DocTitle(page.chunk(i), page.line_of(i)))
        layout.append("title")
    if funder is not None:
        events.append(MetaField("Credits", (page.chunk(funder),), page.line_of(funder)))
        layout.append("funder-line")
        i = funder + 1
    else:
        i = anchor
    while i < len(blocks) and blocks[i][2] == 1:
        line = page.chunk(i)
        if page.is_chrome(line):
            layout.append(f"chrome:{line}")
        elif re.fullmatch(r"https?://\S+", line) and "page-url" not in layout:
            events.append(MetaField("Page URL", (line,), page.line_of(i)))
            layout.append("page-url")
        elif "citation-string" in layout:
            break  # one summary and one citation string, the summary first
        elif is_citation(line):
            events.append(MetaField("Citation", (line,), page.line_of(i)))
            layout.append("citation-string")
        elif (
            "summary" not in layout
            and i + 1 < len(blocks)
            and is_citation(page.chunk(i + 1))
            and blocks[i + 1][2] == 1
        ):
            events.append(MetaField("Summary", tuple(line.split("\n")), page.line_of(i)))
            layout.append("summary")
        else:
            break
        i += 1
    if i >= len(blocks):
        return Found([state.warn("no-body", "a web page layout without a body", 0)], 0,
                     len(page.text))
    body_start = blocks[i - 1][1]
    body_end = len(page.text)
    trailing = None if "summary" in layout else _trailing(page, i)
    tail_layout: list[str] = []
    if trailing is not None:
        first, fields, tail_layout = trailing
        body_end = blocks[first - 1][1]
        events.extend(fields)
    events.append(Layout(tuple([*layout, "body", *tail_layout])))
    return Found(events, body_start, body_end)


def _trailing(page: Page, body: int) -> tuple[int, list[Event], list[str]] | None:
    """The labelled fields after the body of a web page (and the summary before them)."""
    blocks, text = page.blocks, page.text
    labels = {str(f["label"]) for f in page.state.profile.metadata.get("web_fields", [])}

    def label_of(i: int) -> str | None:
        line = page.chunk(i)
        if "\n" in line:
            return None
        bare = line[:-1] if line.endswith(":") else line
        return line if bare in labels else None

    first = next((k for k in range(body + 1, len(blocks)) if label_of(k)), None)
    if first is None:
        return None
    summary = first - 1
    if summary <= body or any(blocks[k][2] != 1 for k in range(summary, len(blocks))):
        return None
    depth = 0  # the fields must not stand inside a bracket of the body
    for ch in text[blocks[body][0] : blocks[summary][0]]:
        depth += {"[": 1, "]": -1}.get(ch, 0)
    rest = text[blocks[summary][0] :]
    if depth > 0 and rest.count("]") - rest.count("[") >= depth:
        return None  # (a bracket never closed is closed at the end of its block: no matter)
    events: list[Event] = [
        MetaField("Summary", tuple(page.chunk(summary).split("\n")), page.line_of(summary))
    ]
    layout = ["summary"]
    k = first
    while k < len(blocks):
        line = page.chunk(k)
        label = label_of(k)
        if label is None and page.is_chrome(line):
            layout.append(f"chrome:{line}")
            k += 1
            continue
        if label is None:
            return None
        values: list[str] = []
        m = k + 1
        while m < len(blocks) and label_of(m) is None and not page.is_chrome(page.chunk(m)):
            if values:
                values.append("")
            values.extend(page.chunk(m).split("\n"))
            m += 1
        bare = label[:-1] if label.endswith(":") else label
        events.append(MetaField(bare, tuple(values), page.line_of(k)))
        layout.append(f"field:{label}")
        k = m
    names = [e.label for e in events if isinstance(e, MetaField)]
    if len(set(names)) != len(names):
        return None
    return summary, events, layout
