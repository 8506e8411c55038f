"""The metadata layouts a page may have, in the order they are tried.

Each layout reader is a module with ``read(page) -> Found | None``: None when
the page is not laid out its way.  A new layout is one new module and one entry
in :data:`LAYOUTS`.
"""

from __future__ import annotations

from collections.abc import Callable

from . import fields, heading, web
from .page import Found, Page

LayoutReader = Callable[[Page], Found | None]

LAYOUTS: list[tuple[str, LayoutReader]] = [
    ("frus-heading", heading.read),
    ("web-page", web.read),
    ("pdf-fields", fields.read),
]

__all__ = ["LAYOUTS", "Found", "LayoutReader", "Page"]
