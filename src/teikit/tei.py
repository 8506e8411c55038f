"""The TEI core: namespaces, element names, and the small helpers every layer shares.

Everything TEI-generic is defined here once; the reader, the profiles, the
builder, the enrichment steps, the writers and validation all import it.
"""

from __future__ import annotations

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
NSMAP = {"t": TEI_NS}
# the rend token of an element whose bracket the transcription never closed
UNCLOSED = "unclosed"


def tei(name: str) -> str:
    """Clark notation for a TEI element name."""
    return T + name


def local_name(tag: str) -> str:
    """``{ns}name`` → ``name``."""
    return tag.rpartition("}")[2]


def set_line(el: etree._Element, line: int) -> None:
    """Record a source line on an element (lxml keeps at most 65,535)."""
    if line <= 65535:
        el.sourceline = line  # type: ignore[assignment]


def line_of(el: etree._Element) -> int | None:
    """The source line lxml recorded for ``el``, if any."""
    line = getattr(el, "sourceline", None)
    return line if isinstance(line, int) else None


def all_text(el: etree._Element) -> str:
    """All the text inside ``el``, as it stands (whitespace kept)."""
    return "".join(str(t) for t in el.itertext())


def choice_reading(el: etree._Element, choice: etree._Element | None, i: int) -> str:
    """The text of ``el`` with only the ``i``-th reading of ``choice``."""
    if el is choice:
        child = el[i]
        return all_text(child) if isinstance(child.tag, str) else ""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            parts.append(choice_reading(child, choice, i))
        parts.append(child.tail or "")
    return "".join(parts)
