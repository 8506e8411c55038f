"""The document the enrichment steps work on, and the dates it dates itself by."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .. import dates
from ..build import Conversion
from ..build.header import Metadata
from ..read.events import Explained
from ..tei import XML_LANG, all_text, tei
from .register import Register


@dataclass
class Context:
    """One document under enrichment: the conversion, and the register (None: corrections only).

    ``records`` collect what the steps explain (``--explain``), ``counts`` what
    they added.
    """

    conversion: Conversion
    register: Register | None = None
    records: list[Explained] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def text(self) -> etree._Element:
        """The document's ``text`` element."""
        found = self.conversion.tree.getroot().find(tei("text"))
        assert found is not None  # the builder always makes one
        return found

    @property
    def meta(self) -> Metadata:
        """What the reader found in the metadata block."""
        return self.conversion.meta

    def sides(self) -> list[tuple[etree._Element, str]]:
        """The original and the translation (``div`` elements) with their languages."""
        out = []
        for div in self.text.iter(tei("div")):
            lang = div.get(XML_LANG)
            if lang and div.get("type") in ("original", "translation"):
                out.append((div, lang))
        return out

    def year(self) -> int | None:
        """The document's year, when its date gives one."""
        doc = self.document_date()
        return doc.year if doc else None

    def document_date(self) -> dates.DateValue | None:
        """The document's own date: the metadata date line, else the first dateline."""
        if self.meta.date:
            value = dates.parse_date(self.meta.date[0])
            if value:
                return value
        for d in self.text.iter(tei("date")):
            parent = d.getparent()
            if parent is not None and parent.tag == tei("dateline"):
                value = dates.parse_date(d.text or "")
                if value and value.year:
                    return value
        return None

    def anchor_dates(self) -> list[dates.DateValue]:
        """The dates by which the document dates itself (metadata date, datelines)."""
        out: list[dates.DateValue] = []
        doc = self.document_date()
        if doc:
            out.append(doc)
        year = doc.year if doc else None
        for dl in self.text.iter(tei("dateline")):
            for d in dl.iter(tei("date")):
                value = dates.parse_date(all_text(d), year)
                if value and value.year and value not in out:
                    out.append(value)
        return out
