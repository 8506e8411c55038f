"""The PDF writer: the HTML edition typeset for print by WeasyPrint (``pip install teikit[pdf]``).

The page of the HTML writer, made static (:mod:`teikit.writers.printable`),
with the stylesheet ``writers/print.css`` after the edition's own: the header
is a title page (title, date, archive, shelfmark, translator, source …), the
original and its translations stand in columns side by side (row by row
where they are aligned), the notes are footnotes (``float: footnote``), and
the pages are numbered.  WeasyPrint is imported only here, when a PDF is made.
"""

from __future__ import annotations

import logging
from functools import cache
from importlib.resources import files
from typing import Any

from lxml import etree, html

from ..errors import TeikitError
from .printable import edition, has_class, inline_notes

MISSING = "the PDF export needs WeasyPrint: pip install 'teikit[pdf]'"


@cache
def print_css() -> str:
    """The print stylesheet (``teikit/writers/print.css``), read once."""
    return (files("teikit.writers") / "print.css").read_text(encoding="utf-8")


def weasyprint() -> Any:
    """The ``weasyprint`` module, or a :class:`TeikitError` saying how to install it."""
    try:
        import weasyprint as module
    except ImportError:
        raise TeikitError(MISSING, code="missing-extra") from None
    except OSError as exc:  # the module is there, the Pango libraries are not
        raise TeikitError(
            f"WeasyPrint cannot load its system libraries (Pango): {exc}", code="missing-extra"
        ) from None
    return module


def require() -> None:
    """Raise :class:`TeikitError` (exit 2) unless WeasyPrint can be used."""
    weasyprint()


def print_page(tree: etree._ElementTree | etree._Element, view: str | None = None) -> bytes:
    """The HTML page the PDF is typeset from: the edition for print (UTF-8)."""
    page = edition(tree, view)
    body = page.find("body")
    if body is not None:
        for el in body:
            if el.tag == "header" and has_class(el, "citation"):
                el.set("class", f"{el.get('class')} title-page")
                break
    inline_notes(page)
    head = page.find("head")
    if head is not None:
        style = etree.SubElement(head, "style")
        style.text = print_css()
    return bytes(html.tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8"))


def write_pdf(tree: etree._ElementTree | etree._Element, view: str | None = None) -> bytes:
    """The document as a PDF (``view``: ``reading``, the default, or ``diplomatic``)."""
    module = weasyprint()
    source = print_page(tree, view)
    # WeasyPrint logs each CSS property it does not know (the screen stylesheet has some)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = module.HTML(string=source.decode("utf-8"), base_url=None)
    data = document.write_pdf()
    if not isinstance(data, bytes):
        raise TeikitError("WeasyPrint returned no PDF")
    return data
