"""The metadata layouts a page may have, in the order they are tried.

Each layout reader is a module with ``read(page) -> Found | None``: None when
the page is not laid out its way.  A new layout is one new module and one entry
in :data:`LAYOUTS`.  The readers of :data:`TRAILING` then look at the end of the
body (a ``Source:`` line) with ``read(page, found) -> Found``.
"""

from __future__ import annotations

from collections.abc import Callable

from . import fields, heading, source_line, title, web
from .page import Found, Page

LayoutReader = Callable[[Page], Found | None]
TrailingReader = Callable[[Page, Found], Found]

LAYOUTS: list[tuple[str, LayoutReader]] = [
    ("frus-heading", heading.read),
    ("web-page", web.read),
    ("pdf-fields", fields.read),
    ("title-line", title.read),
]

# What a page may have after its body, read once the layout is known.
TRAILING: list[tuple[str, TrailingReader]] = [
    ("source-line", source_line.read),
]

__all__ = ["LAYOUTS", "TRAILING", "Found", "LayoutReader", "Page", "TrailingReader"]
