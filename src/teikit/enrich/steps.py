"""Enrichment: what teikit adds to a converted document beyond its conventions.

- the paragraphs of the original and the translation aligned (``@corresp``), and
  their sentences (``s`` with ``@corresp``) where both sides split the same way;
- the names of the register tagged in both languages (``persName``, ``orgName``,
  ``placeName`` with ``@ref``);
- dates in the running text of both languages normalised (``date @when``, the
  year taken from the document's date when the text leaves it out).

None of it is text: the transcription writer passes these elements through and
ignores their attributes, so the round trip stays exact.  The entries the names
point to are copied from the register into the document's ``standOff``, so that
every ``@ref`` resolves inside the document.  ``convert`` enriches
by default; ``--no-enrich`` leaves it out.
"""

from __future__ import annotations

from lxml import etree

from .. import dates
from ..tei import XML_NS, line_of, set_line, tei
from .align import align_divisions, align_sentences
from .corrections import Context
from .register import KINDS, Register, load_register, tag_names

_NO_DATES_IN = {tei(n) for n in ("date", "dateline", "sic", "corr", "reg", "expan", "idno",
                                  "persName", "orgName", "placeName", "note", "gap", "hi",
                                  "lb", "pb", "space", "num", "time")}


def _inside(el: etree._Element, names: set[str], top: etree._Element) -> bool:
    cur: etree._Element | None = el
    while cur is not None and cur is not top:
        if cur.tag in names:
            return True
        cur = cur.getparent()
    return False


def tag_dates(container: etree._Element, year: int | None) -> int:
    """Wrap the dates in the text of ``container`` as ``date @when``; how many."""
    count = 0
    for el in list(container.iter()):
        if not isinstance(el.tag, str) or _inside(el, _NO_DATES_IN, container):
            continue
        slots: list[etree._Element | None] = [None, *[c for c in el if isinstance(c.tag, str)]]
        for before in slots:
            text = el.text if before is None else before.tail
            if not text:
                continue
            found = [d for d in dates.find_dates(text, year) if d.value.is_valid()]
            if not found:
                continue
            pieces = []
            for i, d in enumerate(found):
                date = etree.Element(tei("date"))
                date.set("when", d.value.iso())
                date.text = d.text
                nxt = found[i + 1].start if i + 1 < len(found) else len(text)
                date.tail = text[d.end : nxt]
                line = line_of(el if before is None else before)
                if line is not None:
                    set_line(date, line)
                pieces.append(date)
            lead = text[: found[0].start]
            if before is None:
                el.text = lead
                for offset, date in enumerate(pieces):
                    el.insert(offset, date)
            else:
                before.tail = lead
                index = el.index(before)
                for offset, date in enumerate(pieces, start=1):
                    el.insert(index + offset, date)
            count += len(pieces)
    return count


def divisions(text: etree._Element) -> list[tuple[etree._Element, str]]:
    """The text's divisions with their languages."""
    out = []
    for div in text.iter(tei("div")):
        lang = div.get(f"{{{XML_NS}}}lang")
        if lang and div.get("type") in ("original", "translation"):
            out.append((div, lang))
    return out


def enrich(ctx: Context, register: Register | None = None) -> dict[str, int]:
    """Align, tag names and tag dates in a converted document; counts of what was added."""
    doc = ctx.document_date()
    year = doc.year if doc else None
    reg = register or load_register()
    counts = {"aligned": 0, "names": 0, "dates": 0, "sentences": 0}
    beads = align_divisions(ctx.text, year)
    counts["aligned"] = sum(1 for b in beads if b.original and b.translation)
    for div, lang in divisions(ctx.text):
        counts["names"] += tag_names(div, reg, lang)
        counts["dates"] += tag_dates(div, year)
    counts["sentences"] = sum(align_sentences(a, b) for a, b in one_to_one(ctx.text))
    return counts


def one_to_one(text: etree._Element) -> list[tuple[etree._Element, etree._Element]]:
    """The pairs of paragraphs aligned one to one (original, translation)."""
    xml_id = f"{{{XML_NS}}}id"
    ids = {str(p.get(xml_id)): p for p in text.iter(tei("p")) if p.get(xml_id)}
    pairs = []
    for div in text.iter(tei("div")):
        if div.get("type") != "original":
            continue
        for p in div.iter(tei("p")):
            targets = (p.get("corresp") or "").split()
            if len(targets) != 1 or targets[0][1:] not in ids:
                continue
            partner = ids[targets[0][1:]]
            if (partner.get("corresp") or "") == f"#{p.get(xml_id)}":
                pairs.append((p, partner))
    return pairs


_LISTS = {"person": "listPerson", "org": "listOrg", "place": "listPlace"}
_NAME_TAGS = {tei(n) for n in KINDS.values()}


def attach_register(tree: etree._ElementTree, register: Register) -> int:
    """Copy the register entries the document's names point to into its ``standOff``.

    The lists go into the document's ``standOff`` (made before ``text`` when
    there is none), marked ``resp="#teikit"``; how many entries were copied.
    An entry whose ``xml:id`` the document already uses for something else is
    not copied, and the names pointing to it lose their ``@ref``.
    """
    root = tree.getroot()
    text = root.find(tei("text"))
    if text is None:
        return 0
    xml_id = f"{{{XML_NS}}}id"
    taken = {str(i) for el in root.iter() if (i := el.get(xml_id))}
    wanted: list[str] = []
    for el in text.iter(*_NAME_TAGS):
        ref = el.get("ref") or ""
        ident = ref[1:] if ref.startswith("#") else ""
        if ident not in register.entries:
            continue
        if ident in taken:
            del el.attrib["ref"]  # the document's own id: not the register's entry
        elif ident not in wanted:
            wanted.append(ident)
    if not wanted:
        return 0
    stand_off = root.find(tei("standOff"))
    if stand_off is None:
        stand_off = etree.Element(tei("standOff"))
        text.addprevious(stand_off)
    lists: dict[str, etree._Element] = {}
    for kind in _LISTS:  # persons, then bodies, then places
        for ident in wanted:
            entry = register.entries[ident]
            if entry.kind != kind:
                continue
            if kind not in lists:
                lists[kind] = etree.SubElement(stand_off, tei(_LISTS[kind]))
                lists[kind].set("resp", "#teikit")
            lists[kind].append(register.element(ident))
    return len(wanted)
