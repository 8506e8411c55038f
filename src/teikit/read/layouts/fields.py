"""The PDF export's layout: a date line, the title, then ``Label:`` fields, then the body.

The title may stand above the date line instead (a copy that puts it first).

Each field is a label alone on its line (``Archive:``) and its value in the
next block, or in the blocks up to the next label (a summary of several
paragraphs).  Any other blank-line spacing, or a label given twice, makes the
layout irregular: the page is then converted as body text, with a warning.
"""

from __future__ import annotations

from ... import dates
from ..events import DocDate, DocTitle, Event, FieldOrder, Layout, MetaField
from .page import Found, Page


def read(page: Page) -> Found | None:
    """The date, title and fields, when a field label follows the title."""
    blocks, text, state = page.blocks, page.text, page.state
    i = page.after_date
    first_label = page.first_label()
    layout = list(page.layout)
    events: list[Event] = []
    title_first = _title_above_date(page)
    if title_first:  # the title, then the date line, then the fields
        start = page.start
        events.append(DocTitle(page.chunk(start), page.line_of(start)))
        events.append(DocDate(page.chunk(start + 1), page.line_of(start + 1)))
        layout.extend(["title", "date"])
        first_label = start + 2
    elif first_label is None or first_label - i > 1:
        return None
    if not title_first and page.has_date:
        events.append(DocDate(page.chunk(page.start), page.line_of(page.start)))
        layout.append("date")
    if not title_first and first_label == i + 1:
        events.append(DocTitle(page.chunk(i), page.line_of(i)))
        layout.append("title")
    labels: list[str] = []
    inner_gaps: set[int] = set()
    j = last = first_label
    while j < len(blocks):
        label = page.label(j)
        if label is None:
            break
        nxt = next((k for k in range(j + 1, min(j + 5, len(blocks))) if page.label(k)), None)
        if nxt is not None:
            values = list(range(j + 1, nxt))
        else:
            values = [j + 1] if j + 1 < len(blocks) else []
        lines: list[str] = []
        for n, k in enumerate(values):
            if n:
                lines.extend([""] * blocks[k][2])
                inner_gaps.add(k)
            lines.extend(page.chunk(k).split("\n"))
        events.append(MetaField(label, tuple(lines), page.line_of(j)))
        labels.append(label)
        last = values[-1] if values else j
        j = last + 1
    irregular = [k for k in range(1, last + 1) if blocks[k][2] != 1 and k not in inner_gaps]
    if irregular or len(set(labels)) != len(labels):
        offset = blocks[irregular[0]][0] if irregular else blocks[first_label][0]
        message = (
            "the metadata block has an irregular layout (more than one blank line "
            "between its parts, or a label given twice); converting it as body text"
        )
        return Found([state.warn("metadata-layout", message, offset)], 0, len(text))
    known = [f.label for f in state.profile.fields]
    default = [lab for lab in known if lab in labels] + [lab for lab in labels if lab not in known]
    if labels != default:
        events.append(FieldOrder(tuple(labels)))
    if title_first or any(item.startswith("chrome:") for item in layout):
        events.append(Layout(tuple([*layout, "fields", "body"])))
    return Found(events, blocks[last][1], len(text))


def _title_above_date(page: Page) -> bool:
    """A title line, the date line below it, then a field label (a PDF copy whose
    title stands above its date)."""
    if page.has_date:
        return False
    title, date = page.single_line(page.start), page.single_line(page.start + 1)
    return (
        title is not None and date is not None and dates.parse_date(date) is not None
        and page.label(page.start) is None and page.label(page.start + 2) is not None
        and all(page.blocks[k][2] == 1 for k in (page.start + 1, page.start + 2))
    )
