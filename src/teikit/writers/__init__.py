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
RECURSION_ROOM = 5000
VIEW_NAMES = tuple(VIEWS)


def render(
    tree: etree._ElementTree | etree._Element,
    to: str = "transcription",
    *,
    view: str | None = None,
    entity_format: str = "json",
) -> bytes:
    """Render a TEI document in the format ``to`` (one of :data:`FORMATS`), UTF-8 encoded.

    ``view`` (``reading``, the default, or ``diplomatic``) chooses what the text
    and Markdown show, and the view an HTML page opens in (the page holds
    both); the transcription has no views.  ``entities`` lists every name
    occurrence (register id, kind, language, paragraph) as ``entity_format``
    (``json`` or ``csv``).  A document whose root is not a TEI
    element raises :class:`TeikitError`.
    """
    if to == "transcription":
        if view is not None:
            raise TeikitError("--view applies to html, text and markdown, not to transcription")
        check_root(tree.getroot() if isinstance(tree, etree._ElementTree) else tree)
        return write_transcription(tree).encode("utf-8")
    if to == "entities":
        if view is not None:
            raise TeikitError("--view applies to html, text and markdown, not to entities")
        if entity_format not in ENTITY_FORMATS:
            raise TeikitError(
                f"unknown entities format {entity_format!r}; choose one of: "
                + ", ".join(ENTITY_FORMATS)
            )
        check_root(tree.getroot() if isinstance(tree, etree._ElementTree) else tree)
        return write_entities(tree, entity_format).encode("utf-8")
    if to not in FORMATS:
        raise TeikitError(f"unknown export format {to!r}; choose one of: {', '.join(FORMATS)}")
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
    "ENTITY_FORMATS",
    "FORMATS",
    "VIEW_NAMES",
    "render",
    "write",
    "write_entities",
    "write_transcription",
]
