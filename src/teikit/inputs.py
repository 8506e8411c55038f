"""What kind of input a file is, checked before any work: a transcription, TEI, or neither.

``convert`` reads plain-text transcriptions and refuses XML (a TEI file given
to it would otherwise be wrapped whole as escaped text); ``export`` and
``check`` read TEI and refuse HTML, plain text (with the hint to convert it
first) and XML whose root is not a TEI element.  The kind is told from the
first bytes of the file (:func:`sniff`), so a wrong input is refused before it
is parsed or converted.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from .errors import TeikitError
from .xmlio import parse_bytes

HEAD_BYTES = 65_536
TEXT = "text"
TEI = "tei"
XML = "xml"
HTML = "html"
EMPTY = "empty"
TEI_ROOTS = ("TEI", "teiCorpus")
TEI_NS = "http://www.tei-c.org/ns/1.0"

# what may come before the root element: the declaration, instructions, comments, a DOCTYPE
_PROLOG = re.compile(
    r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)", re.S | re.I
)
_ROOT = re.compile(r"\s*<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")


def sniff(head: bytes | str) -> tuple[str, str | None]:
    """The kind of a document from its first bytes, and its root element's name when seen.

    The kind is :data:`TEXT` (no markup first), :data:`HTML` (an HTML DOCTYPE or
    an ``html`` root), :data:`TEI` (a ``TEI`` or ``teiCorpus`` root), :data:`XML`
    (another root, or markup whose root is not in ``head``) or :data:`EMPTY`.
    """
    text = _decode(head) if isinstance(head, bytes) else head
    text = text.lstrip("\ufeff \t\r\n")
    if not text:
        return EMPTY, None
    if not text.startswith("<"):
        return TEXT, None
    if re.match(r"<!DOCTYPE\s+html\b", text, re.I):
        return HTML, "html"
    pos = 0
    while True:
        prolog = _PROLOG.match(text, pos)
        if prolog is None or prolog.end() == pos:
            break
        pos = prolog.end()
    root = _ROOT.match(text, pos)
    if root is None:
        return XML, None
    name = root.group(2)
    if name.lower() == "html":
        return HTML, name
    return (TEI if name in TEI_ROOTS else XML), name


def _decode(head: bytes) -> str:
    """The first bytes as text: UTF-16 (by its byte-order mark or its zero bytes), else UTF-8."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "replace")
    if head.startswith(b"<\x00"):
        return head.decode("utf-16-le", "replace")
    if head.startswith(b"\x00<"):
        return head.decode("utf-16-be", "replace")
    return head.decode("utf-8", "replace")


def _head(path: str | Path) -> bytes | None:
    """The first bytes of ``path``; None when it cannot be read (the reader says why)."""
    try:
        with open(path, "rb") as stream:
            return stream.read(HEAD_BYTES)
    except OSError:
        return None


def _looks_like_xml(data: bytes | str) -> bool:
    """True for an XML declaration first, or for a document that parses as XML.

    A transcription may begin with an angle bracket (``<illegible>`` says so):
    it is refused only when it is XML indeed.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml"):
        return True
    try:
        parse_bytes(raw)
    except TeikitError:
        return False
    return True


def refuse_markup(data: bytes | str, name: str) -> None:
    """Raise :class:`TeikitError` (exit 2) when a transcription to convert is XML or HTML."""
    kind, root = sniff(data[:HEAD_BYTES])
    if kind in (TEI, XML) and not _looks_like_xml(data):
        return
    if kind in (TEI, XML):
        what = "TEI" if kind == TEI else f"XML (root element {root})" if root else "XML"
        raise TeikitError(
            f"this is XML: validate or export it (convert reads plain-text "
            f"transcriptions; this file is {what})",
            path=name,
            code="input-kind",
        )
    if kind == HTML:
        raise TeikitError(
            "this is HTML, not a transcription: convert reads plain-text transcriptions",
            path=name,
            code="input-kind",
        )


def require_tei_file(path: str | Path, command: str) -> None:
    """Raise :class:`TeikitError` (exit 2) when the file ``path`` is not TEI.

    Plain text gets the hint to convert it first; HTML and XML of another root
    are named as what they are.  A file that cannot be read, or whose root is
    not in its first bytes, passes: the parser reports it.
    """
    head = _head(path)
    if head is None:
        return
    kind, root = sniff(head)
    name = str(path)
    if kind == TEXT:
        raise TeikitError(
            f"this is plain text, not TEI: `teikit {command}` reads TEI; convert it "
            f"first (teikit convert {name} -o FILE.xml)",
            path=name,
            code="input-kind",
        )
    if kind == HTML:
        raise TeikitError(
            f"this is HTML, not TEI: `teikit {command}` reads TEI documents "
            "(not a TEI P5 document: the root element <html>)",
            path=name,
            code="input-kind",
        )
    if kind == XML and root is not None:
        raise TeikitError(
            f"this is XML but not TEI (the root element is {root}, not TEI or teiCorpus)",
            path=name,
            code="input-kind",
        )


def require_tei_tree(tree: etree._ElementTree, name: str) -> None:
    """Raise :class:`TeikitError` (exit 2) when a parsed document's root is not TEI."""
    root = tree.getroot()
    qname = etree.QName(root)
    if qname.localname not in TEI_ROOTS:
        raise TeikitError(
            f"this is XML but not TEI (the root element is {qname.localname}, "
            "not TEI or teiCorpus)",
            path=name,
            code="input-kind",
        )
