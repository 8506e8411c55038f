"""Writers: TEI rendered as other formats.

``transcription`` writes the TEI back to the plain-text convention; ``html``,
``text`` and ``markdown`` are renderings that follow one policy
(:mod:`teikit.writers.policy`) in a *reading* or a *diplomatic* view.
"""

from __future__ import annotations

import gc
import sys

from lxml import etree

from ..errors import TeikitError
from .document import Document, check_root
from .entities import ENTITY_FORMATS, write_entities
from .html import HtmlWriter
from .markdown import MarkdownWriter
from .policy import VIEWS
from .text import TextWriter
from .transcription import write_transcription
from .walk import Walker

FORMATS = ("transcription", "html", "text", "markdown", "entities")
# binary formats, each behind an optional extra (pip install teikit[pdf], teikit[epub])
BINARY_FORMATS = ("pdf", "epub")
EXPORT_FORMATS = FORMATS + BINARY_FORMATS
VIEW_APPLIES = "--view applies to html, text, markdown, pdf and epub"
RECURSION_ROOM = 5000
VIEW_NAMES = tuple(VIEWS)


def render(
    tree: etree._ElementTree | etree._Element,
    to: str = "transcription",
    *,
    view: str | None = None,
    entity_format: str = "json",
) -> bytes:
    """Render a TEI document in the format ``to`` (one of :data:`EXPORT_FORMATS`).

    The text formats (:data:`FORMATS`) are UTF-8 encoded; ``pdf`` and ``epub``
    (:data:`BINARY_FORMATS`) are the HTML edition typeset for print and made
    an e-book, each needing its optional extra (see :func:`require_extra`).

    ``view`` (``reading``, the default, or ``diplomatic``) chooses what the text
    and Markdown show, and the view an HTML page opens in (the page holds
    both); the transcription has no views.  ``entities`` lists every name
    occurrence (register id, kind, language, paragraph) as ``entity_format``
    (``json`` or ``csv``).  A document whose root is not a TEI
    element raises :class:`TeikitError`.
    """
    if to == "transcription":
        if view is not None:
            raise TeikitError(f"{VIEW_APPLIES}, not to transcription")
        check_root(tree.getroot() if isinstance(tree, etree._ElementTree) else tree)
        return write_transcription(tree).encode("utf-8")
    if to == "entities":
        if view is not None:
            raise TeikitError(f"{VIEW_APPLIES}, not to entities")
        if entity_format not in ENTITY_FORMATS:
            raise TeikitError(
                f"unknown entities format {entity_format!r}; choose one of: "
                + ", ".join(ENTITY_FORMATS)
            )
        check_root(tree.getroot() if isinstance(tree, etree._ElementTree) else tree)
        return write_entities(tree, entity_format).encode("utf-8")
    if to in BINARY_FORMATS:
        check_root(tree.getroot() if isinstance(tree, etree._ElementTree) else tree)
        return render_binary(tree, to, view)
    if to not in FORMATS:
        raise TeikitError(
            f"unknown export format {to!r}; choose one of: {', '.join(EXPORT_FORMATS)}"
        )
    if view is not None and view not in VIEWS:
        raise TeikitError(f"unknown view {view!r}; choose one of: {', '.join(VIEWS)}")
    code = VIEWS[view or "reading"]
    doc = Document(tree)
    writer: Walker
    if to == "html":
        writer = HtmlWriter(doc, code)
    elif to == "markdown":
        writer = MarkdownWriter(doc, code)
    else:
        writer = TextWriter(doc, code)
    # The walk recurses once or twice per level of the XML, which the parser limits to
    # 256 levels: make sure Python has room for that.  It makes many small objects and
    # no cycles: the cyclic garbage collector is paused meanwhile (10 to 20 % faster).
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, RECURSION_ROOM))
    collecting = gc.isenabled()
    gc.disable()
    try:
        return writer.render()
    except RecursionError:
        raise TeikitError("the document nests elements too deeply to export") from None
    finally:
        writer.close()  # no cycle keeps the tree alive after this
        if collecting:
            gc.enable()
        sys.setrecursionlimit(limit)


def require_extra(to: str) -> None:
    """Raise :class:`TeikitError` (code ``missing-extra``) when the library that the
    format ``to`` needs is not installed (WeasyPrint for ``pdf``, ebooklib for ``epub``)."""
    if to == "pdf":
        from .pdf import require

        require()
    elif to == "epub":
        from .epub import require as require_epub

        require_epub()


def render_binary(
    tree: etree._ElementTree | etree._Element, to: str, view: str | None = None
) -> bytes:
    """The document as a PDF (``to="pdf"``) or an EPUB 3 book (``to="epub"``)."""
    # imported here: the writers import this package for the HTML edition
    if to == "pdf":
        from .pdf import write_pdf

        return write_pdf(tree, view)
    from .epub import write_epub

    return write_epub(tree, view)


def write(
    tree: etree._ElementTree | etree._Element,
    to: str = "transcription",
    *,
    view: str | None = None,
) -> str:
    """Render a TEI document in the format ``to`` (one of :data:`FORMATS`) as a string.

    See :func:`render` for ``view``.
    """
    if to == "transcription" and view is None:
        return write_transcription(tree)
    return render(tree, to, view=view).decode("utf-8")


__all__ = [
    "BINARY_FORMATS",
    "ENTITY_FORMATS",
    "EXPORT_FORMATS",
    "FORMATS",
    "VIEW_NAMES",
    "render",
    "render_binary",
    "require_extra",
    "write",
    "write_entities",
    "write_transcription",
]
