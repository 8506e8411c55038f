"""The citation panel at the top of the page (and of each member of a corpus).

The title and the header fields that exist
(:meth:`~teikit.writers.document.Document.citation`), then, on the page's own
panel, the hands with their colours and the witnesses.  The colour of each
hand is a CSS rule too (:func:`hand_colours`).  These are functions of the
document alone: they write nothing into the text.
"""

from __future__ import annotations

from lxml import etree

from ..document import MAX_HANDS_LISTED, Document, Field, Hand
from .markup import attr, esc, short


def citation(doc: Document, header: etree._Element | None, level: int, member: bool) -> str:
    """The citation panel of a header: title and the fields that exist.

    ``level`` is the heading's level; a ``member`` of a corpus has no hands or
    witnesses of its own (the page's panel lists them).
    """
    title = doc.title(header)
    rows: list[str] = []
    for found in doc.citation(header) if header is not None else []:
        rows.append(field(found))
    if not member:
        listed = hands(doc)
        if listed:
            rows.append(f'<dt>Hands</dt><dd><ul class="hands">{listed}</ul></dd>')
        if doc.witnesses:
            items = "".join(
                f"<li><b>{esc(k)}</b>: {esc(short(v, 200))}</li>" for k, v in doc.witnesses.items()
            )
            rows.append(f'<dt>Witnesses</dt><dd><ul class="plain">{items}</ul></dd>')
    if header is None and not member:
        rows.append("<dt>Header</dt><dd>This document has no teiHeader.</dd>")
    meta = f'<dl class="meta">{"".join(rows)}</dl>' if rows else ""
    cls = "citation member" if member else "citation"
    return f'<header class="{cls}"><h{level}>{esc(title)}</h{level}>{meta}</header>'


def field(found: Field) -> str:
    """One citation field."""
    if found.paragraphs:
        value = "".join(f"<p>{esc(p)}</p>" for p in found.paragraphs)
    elif found.href:
        value = f'<a href="{attr(found.href)}">{esc(found.value)}</a>'
    else:
        value = esc(found.value)
    return f"<dt>{esc(found.label)}</dt><dd>{value}</dd>"


def hands(doc: Document) -> str:
    """The hands with their colours: declared ones (if not too many) and undeclared ones."""
    declared = [h for h in doc.hands.values() if h.declared]
    used = {h.ident for h in doc.used_hands}
    if len(declared) > MAX_HANDS_LISTED:
        declared = [h for h in declared if h.ident in used]
    shown: list[Hand] = declared + [h for h in doc.used_hands if not h.declared]
    items = []
    for hand in shown:
        note = "" if hand.ident in used else " (not referred to in the text)"
        items.append(
            f'<li class="{hand.css_class}"><span class="swatch"></span>'
            f"<b>{esc(hand.ident)}</b>: {esc(short(hand.label, 200))}{esc(note)}</li>"
        )
    return "".join(items)


def hand_colours(doc: Document) -> str:
    """CSS giving each declared hand its colour (only those the text uses, if too many)."""
    declared = [h for h in doc.hands.values() if h.declared]
    if len(declared) > MAX_HANDS_LISTED:
        used = {h.ident for h in doc.used_hands}
        declared = [h for h in declared if h.ident in used]
    return "".join(f".{h.css_class}{{--hand:{h.colour}}}" for h in declared)
