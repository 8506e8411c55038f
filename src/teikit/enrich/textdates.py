"""Dates in the running text of both languages, tagged as ``date`` with ``@when``.

The year comes from the document's own date when the text leaves it out.
Nothing is tagged inside names, notes, existing dates and other elements that
already say what their text is.
"""

from __future__ import annotations

from lxml import etree

from .. import dates
from ..tei import line_of, set_line, tei

_NO_DATES_IN = {tei(n) for n in ("date", "dateline", "sic", "corr", "reg", "expan", "idno",
                                  "persName", "orgName", "placeName", "note", "gap", "hi",
                                  "lb", "pb", "space", "num", "time")}


def _inside(el: etree._Element, names: set[str], top: etree._Element) -> bool:
    cur: etree._Element | None = el
    while cur is not None and cur is not top:
        if cur.tag in names:
            return True
        cur = cur.getparent()
    return False


def tag_dates(container: etree._Element, year: int | None) -> int:
    """Wrap the dates in the text of ``container`` as ``date @when``; how many."""
    count = 0
    for el in list(container.iter()):
        if not isinstance(el.tag, str) or _inside(el, _NO_DATES_IN, container):
            continue
        slots: list[etree._Element | None] = [None, *[c for c in el if isinstance(c.tag, str)]]
        for before in slots:
            text = el.text if before is None else before.tail
            if not text:
                continue
            found = [d for d in dates.find_dates(text, year) if d.value.is_valid()]
            if not found:
                continue
            pieces = []
            for i, d in enumerate(found):
                date = etree.Element(tei("date"))
                date.set("when", d.value.iso())
                date.text = d.text
                nxt = found[i + 1].start if i + 1 < len(found) else len(text)
                date.tail = text[d.end : nxt]
                line = line_of(el if before is None else before)
                if line is not None:
                    set_line(date, line)
                pieces.append(date)
            lead = text[: found[0].start]
            if before is None:
                el.text = lead
                for offset, date in enumerate(pieces):
                    el.insert(offset, date)
            else:
                before.tail = lead
                index = el.index(before)
                for offset, date in enumerate(pieces, start=1):
                    el.insert(index + offset, date)
            count += len(pieces)
    return count
