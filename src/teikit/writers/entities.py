"""The entities writer: every name occurrence of a TEI document, as JSON or CSV.

One row per ``persName``, ``orgName``, ``placeName`` (and ``rs``) in the text:
the register id it points to (``@ref`` or ``@key``, empty when it has none),
its kind, the name as written, its language (the nearest ``xml:lang``), the
paragraph it stands in (the ``xml:id`` of the nearest ``p``, ``ab``, ``head``,
``opener``, ``closer`` or ``note`` that has one, else that element's name and
number), the register entry's English name when the document's ``standOff``
holds it, and the line of the element in the file.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from lxml import etree

from ..tei import XML_ID, XML_LANG, all_text, choice_reading, line_of, tei

FIELDS = ("ref", "kind", "text", "lang", "paragraph", "entry", "line")
ENTITY_FORMATS = ("json", "csv")
_NAMES = tuple(tei(n) for n in ("persName", "orgName", "placeName", "rs"))
_BLOCKS = {tei(n) for n in ("p", "ab", "head", "opener", "closer", "note", "item", "sp", "l")}


def _entry_names(root: etree._Element) -> dict[str, str]:
    """Register id -> the entry's first English (else first) name, from ``standOff``."""
    names: dict[str, str] = {}
    for stand_off in root.iter(tei("standOff")):
        for entry in stand_off.iter(tei("person"), tei("org"), tei("place")):
            ident = entry.get(XML_ID)
            if not ident:
                continue
            found = [n for n in entry if n.tag in _NAMES[:3]]
            english = [n for n in found if (n.get(XML_LANG) or "en") == "en"]
            best = (english or found)[:1]
            if best:
                names[ident] = " ".join(all_text(best[0]).split())
    return names


def _written(el: etree._Element) -> str:
    """The name as written; a name in two spellings (a ``choice``) as "A / B"."""
    choice = el.find(f".//{tei('choice')}")
    if choice is None:
        return " ".join(all_text(el).split())
    readings = [" ".join(choice_reading(el, choice, i).split()) for i in range(len(choice))]
    return " / ".join(dict.fromkeys(r for r in readings if r))


def _lang(el: etree._Element) -> str:
    cur: etree._Element | None = el
    while cur is not None:
        lang = cur.get(XML_LANG)
        if lang:
            return lang
        cur = cur.getparent()
    return ""


def _paragraph(el: etree._Element, numbers: dict[etree._Element, int]) -> str:
    cur = el.getparent()
    while cur is not None:
        if cur.tag in _BLOCKS:
            ident = cur.get(XML_ID)
            if ident:
                return str(ident)
            name = etree.QName(cur).localname
            return f"{name}[{numbers.setdefault(cur, len(numbers) + 1)}]"
        cur = cur.getparent()
    return ""


def entity_rows(tree: etree._ElementTree | etree._Element) -> list[dict[str, Any]]:
    """Every name occurrence in the document's ``text``, in document order."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    entries = _entry_names(root)
    rows: list[dict[str, Any]] = []
    numbers: dict[etree._Element, int] = {}
    for text in root.iter(tei("text")):
        for el in text.iter(*_NAMES):
            pointer = (el.get("ref") or el.get("key") or "").split()
            ref = pointer[0] if pointer else ""
            ident = ref[1:] if ref.startswith("#") else ref
            rows.append(
                {
                    "ref": ident,
                    "kind": etree.QName(el).localname,
                    "text": _written(el),
                    "lang": _lang(el),
                    "paragraph": _paragraph(el, numbers),
                    "entry": entries.get(ident, ""),
                    "line": line_of(el),
                }
            )
    return rows


def write_entities(tree: etree._ElementTree | etree._Element, fmt: str = "json") -> str:
    """The document's name occurrences as a JSON array or as CSV with a header row."""
    rows = entity_rows(tree)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()
