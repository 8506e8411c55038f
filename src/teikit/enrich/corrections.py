"""Corrections: what the conventions imply beyond the text (dates, sic corrections, placement).

Each correction takes the :class:`Context` of one document and changes its
``text`` element in place.  What a transform adds that the transcription did not
say carries ``resp="#teikit"`` (a correction) or is a wrapper without text of its
own (a ``date`` around a ``choice``), so the transcription writer can leave it out.
"""

from __future__ import annotations

from lxml import etree

from .. import dates
from ..read.events import Explained
from ..tei import all_text, line_of, set_line, tei
from .context import Context

# A sic date further than this from every date of the document is implausible.
PLAUSIBLE_DAYS = 14


def normalise_dates(ctx: Context) -> None:
    """Give every ``date`` without ``@when`` its ISO value, the year from the document.

    A date that cannot be normalised (a time alone, an all-numeric date of
    unknown order) keeps no ``@when``; a record says why (``--explain``).
    """
    doc = ctx.document_date()
    year = doc.year if doc else None
    for d in ctx.text.iter(tei("date")):
        if d.get("when"):
            continue
        text = all_text(d)
        when, why = dates.parse_when(text, year)
        if when:
            d.set("when", when)
            continue
        line = d.sourceline if isinstance(d.sourceline, int) else 0
        ctx.records.append(
            Explained("date", line, 0, text, "normalise-dates", f"no @when: {why}", d)
        )


def infer_sic_corrections(ctx: Context) -> None:
    """Correct a date marked [sic] when the document's own dates show the intended one.

    The sic date must be implausible (more than ``PLAUSIBLE_DAYS`` away from
    every date the document dates itself by) and one field of it (day, month or
    year) must be wrong: changing that field alone must give one of those dates.
    Exactly one such candidate gives ``cert="medium"``; several give
    ``cert="low"`` with the nearest.  With none, the sic stays bare.
    """
    anchors = ctx.anchor_dates()
    if not anchors:
        return
    year = anchors[0].year
    for sic in list(ctx.text.iter(tei("sic"))):
        parent = sic.getparent()
        if parent is None or parent.tag == tei("choice") or len(sic):
            continue
        text = sic.text or ""
        found = dates.find_dates(text, year)
        if len(found) != 1 or found[0].start != 0 or found[0].end != len(text):
            continue
        match = found[0]
        wrong = match.value
        day = wrong.ordinal()
        if day is None:
            continue
        ords = [a.ordinal() for a in anchors]
        if any(o is not None and abs(o - day) <= PLAUSIBLE_DAYS for o in ords):
            continue
        candidates = []
        for anchor in anchors:
            same = [
                wrong.year == anchor.year,
                wrong.month == anchor.month,
                wrong.day == anchor.day,
            ]
            if same.count(False) == 1 and anchor not in candidates:
                candidates.append(anchor)
        if not candidates:
            continue
        best = candidates[0]
        cert = "medium" if len(candidates) == 1 else "low"
        corrected = dates.format_like(match, best)
        date = etree.Element(tei("date"))
        date.set("when", best.iso())
        choice = etree.SubElement(date, tei("choice"))
        date.tail = sic.tail
        sic.tail = None
        parent.replace(sic, date)
        choice.append(sic)
        corr = etree.SubElement(choice, tei("corr"))
        corr.set("resp", "#teikit")
        corr.set("cert", cert)
        corr.text = corrected
        line = sic.sourceline
        if isinstance(line, int):
            for el in (date, choice, corr):
                set_line(el, line)


def place_annotations(ctx: Context) -> None:
    """A handwritten block in the closer is at the bottom of the page, in the opener at the top."""
    for region, place in (("closer", "bottom"), ("opener", "top")):
        for container in ctx.text.iter(tei(region)):
            for add in container.iter(tei("add")):
                if add.get("type") == "annotation" and not add.get("place"):
                    add.set("place", place)


def creation_date(ctx: Context) -> None:
    """Without a date in the metadata, the document is dated by its (last) dateline.

    The date is teikit's inference (``resp="#teikit"``), so the header's
    ``creation`` is made here, after the dates got their ``@when``.
    """
    if ctx.meta.date:
        return
    when = None
    for dateline in ctx.text.iter(tei("dateline")):
        for d in dateline.iter(tei("date")):
            if d.get("when"):
                when = d.get("when")
                break
    header = ctx.conversion.tree.getroot().find(tei("teiHeader"))
    profile_desc = header.find(tei("profileDesc")) if header is not None else None
    if not when or profile_desc is None or profile_desc.find(tei("creation")) is not None:
        return
    creation = etree.Element(tei("creation"))
    date = etree.SubElement(creation, tei("date"), when=when, resp="#teikit")
    date.text = when
    profile_desc.insert(0, creation)
    line = line_of(profile_desc)
    if line is not None:
        for el in (creation, date):
            set_line(el, line)
            ctx.conversion.lines.setdefault(el, line)
