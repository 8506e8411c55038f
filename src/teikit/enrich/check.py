"""Cross-language checks: the original and its translation read against each other.

For every aligned pair of paragraphs (``@corresp``): numbers, dates and
register entities one side has and the other lacks; a ``[sic]`` the translator
marked on a date, propagated to the same date in the original (as ``sic`` with
``resp="#teikit"`` and ``cert``, its correction made in the original's language
and form); dates that contradict the document's own chronology (a departure
dated before the talks that decided it); and OCR suspects in the original
(Latin letters inside Cyrillic words, Roman numerals typed with Cyrillic
letters, rare spellings of a register name beside its usual one).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from lxml import etree

from .. import dates
from ..errors import Diagnostic
from ..tei import XML_ID, XML_LANG, all_text, line_of, set_line, tei
from .align import anchors, hour

NAME_TAGS = {tei("persName"), tei("orgName"), tei("placeName")}
_FUTURE = re.compile(
    r"\b(?:fly|flies|leave|leaves|depart|departs|arrive|arrives|will|shall|travel)\b|"
    r"(?:вылета|выезжа|отбыва|прибуд|поед|вылетим|выедем)",
    re.I,
)
_MIXED = re.compile(
    r"\b\w*(?:[А-Яа-яЁё][A-Za-z]|[A-Za-z][А-Яа-яЁё])\w*\b"  # a word of both alphabets
    r"|\b\d+[.\-]?[IVX1]*[XVI][IVX1]*\b"  # a Roman month typed with Latin letters and digits
)
_CYRILLIC_ROMAN = re.compile(r"(?<![\w])(?=[IVXУШХ]*[УШ])[IVXУШХ]{2,4}(?![\w])")


_ISO = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")


def from_iso(text: str) -> dates.DateValue | None:
    """The calendar date of an ISO 8601 ``@when`` (YYYY-MM-DD), else None."""
    m = _ISO.match(text.strip())
    if not m:
        return None
    value = dates.DateValue(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return value if value.is_valid() else None


def finding(
    kind: str,
    message: str,
    line: int | None = None,
    original: str | None = None,
    translation: str | None = None,
) -> Diagnostic:
    """A finding of the checks: ``kind`` (``numbers``, ``sic``, ``ocr`` …) at ``line``.

    ``original`` and ``translation`` are the ``xml:id`` values of the paragraphs
    compared, when the finding compares two.
    """
    related = (original, translation) if original or translation else ()
    return Diagnostic("warning", kind, message, line, origin="check", related=related)


def describe(found: Diagnostic) -> str:
    """A finding as the check report lists it: ``line N (transcription line M): kind: message``."""
    where = f"line {found.line}: " if found.line else ""
    if found.source_line is not None:
        where = f"line {found.line} (transcription line {found.source_line}): "
    return f"{where}{found.code}: {found.message}"


def _pairs(text: etree._Element) -> list[tuple[list[etree._Element], list[etree._Element]]]:
    ids = {p.get(XML_ID): p for p in text.iter(tei("p")) if p.get(XML_ID)}
    pairs = []
    seen: set[int] = set()
    for div in text.iter(tei("div")):
        if div.get("type") != "original":
            continue
        for p in div.iter(tei("p")):
            if id(p) in seen or not p.get("corresp"):
                continue
            right = [ids[r[1:]] for r in (p.get("corresp") or "").split() if r[1:] in ids]
            left = [ids[r[1:]] for r in (right[0].get("corresp") or "").split()
                    if r[1:] in ids] if right else [p]
            seen.update(id(q) for q in left)
            pairs.append((left, right))
    return pairs


def divisions_of(text: etree._Element) -> list[etree._Element]:
    """The original and translation ``div``s of a text."""
    return [d for d in text.iter(tei("div")) if d.get("type") in ("original", "translation")]


def source_text(el: etree._Element) -> str:
    """The text of ``el`` as the source reads it: teikit's additions left out."""
    parts: list[str] = []
    if el.text:
        parts.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            if "#teikit" in (child.get("resp") or "").split() and child.tag != tei("sic"):
                pass
            elif child.tag in (tei("lb"), tei("pb")):
                parts.append(" ")
            else:
                parts.append(source_text(child))
        if child.tail:
            parts.append(child.tail)
    return "".join(parts)


def _names(paragraphs: list[etree._Element]) -> Counter[str]:
    found: Counter[str] = Counter()
    for p in paragraphs:
        for el in p.iter(*NAME_TAGS):
            if el.get("ref"):
                found[str(el.get("ref"))[1:]] += 1
    return found


def _ids(paragraphs: list[etree._Element]) -> str:
    return " ".join(str(p.get(XML_ID)) for p in paragraphs)


def check_document(tree: etree._ElementTree, *, apply: bool = False) -> list[Diagnostic]:
    """Findings of the cross-language checks; with ``apply``, propagated sics are written."""
    root = tree.getroot()
    text = root.find(tei("text"))
    if text is None:
        return []
    created = root.find(f".//{tei('profileDesc')}/{tei('creation')}/{tei('date')}")
    doc = from_iso(str(created.get("when") or "")) if created is not None else None
    year = doc.year if doc else None
    findings: list[Diagnostic] = []
    pairs = _pairs(text)
    if not pairs and len(divisions_of(text)) == 2:
        findings.append(finding(
            "alignment",
            "the original and the translation are not aligned (no @corresp): convert "
            "with enrichment (the default) to compare them",
            line_of(text),
        ))
    for left, right in pairs:
        lt = " ".join(source_text(p) for p in left)
        rt = " ".join(source_text(p) for p in right)
        a1, a2 = anchors(lt, year), anchors(rt, year)
        only_orig = sorted(n for n in a1 - a2 if hour(n) not in a2)
        only_trans = sorted(n for n in a2 - a1 if hour(n) not in a1)
        line = line_of(left[0])
        if only_orig or only_trans:
            findings.append(finding(
                "numbers",
                "the original has " + (", ".join(only_orig) or "nothing more")
                + "; the translation has " + (", ".join(only_trans) or "nothing more"),
                line, _ids(left), _ids(right),
            ))
        n1, n2 = _names(left), _names(right)
        missing = sorted(set(n1) ^ set(n2))
        if missing:
            findings.append(finding(
                "entities",
                "named on one side only: " + ", ".join(
                    f"{m} ({'original' if m in n1 else 'translation'})" for m in missing),
                line, _ids(left), _ids(right),
            ))
        findings += _propagate_sic(left, right, year, apply)
    if doc is not None:
        findings += _chronology(text, doc)
    findings += _ocr_suspects(text)
    return findings


def _propagate_sic(
    left: list[etree._Element], right: list[etree._Element], year: int | None, apply: bool
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for p in right:
        for sic in p.iter(tei("sic")):
            wrong = dates.parse_date(all_text(sic), year)
            choice = sic.getparent()
            corr = choice.find(tei("corr")) if choice is not None and choice.tag == tei(
                "choice") else None
            if wrong is None:
                continue
            parent = corr.getparent() if corr is not None else None
            target = parent.getparent() if parent is not None else None
            right_value = from_iso(str(target.get("when"))) if (
                target is not None and target.tag == tei("date") and target.get("when")) else None
            for q in left:
                for date in list(q.iter(tei("date"))):
                    when = str(date.get("when") or "")
                    if when[:10] != wrong.iso()[:10] or date.find(tei("choice")) is not None:
                        continue
                    found = dates.find_dates(all_text(date), year)
                    match = found[0] if found and found[0].start == 0 else None
                    wrong_text = match.date_text if match else all_text(date)
                    fix = ""
                    if right_value is not None and match is not None:
                        fix = dates.format_like(
                            replace(match, text=match.date_text, value=replace(
                                match.value, hour=None, minute=None)),
                            right_value,
                        )
                    out.append(finding(
                        "sic",
                        f"the translation marks {all_text(sic)!r} [sic]; the original reads "
                        f"{wrong_text!r} too" + (f", to be read {fix!r}" if fix else ""),
                        line_of(date), str(q.get(XML_ID)), str(p.get(XML_ID)),
                    ))
                    if apply:
                        _mark_sic(date, match, fix, right_value)
    return out


def _mark_sic(
    date: etree._Element,
    match: dates.DateMatch | None,
    fix: str,
    value: dates.DateValue | None,
) -> None:
    """Turn a date into teikit's sic (and correction), in place.

    Without a correction the ``sic`` stands alone (a ``choice`` needs two
    readings).  Only the date itself is marked: a time that follows it (``в 7 час.``) stays
    outside the ``choice``, inside the ``date``.
    """
    choice = etree.Element(tei("choice"))
    sic = etree.SubElement(choice, tei("sic"))  # alone when there is no correction
    sic.set("resp", "#teikit")
    sic.set("cert", "medium")
    whole = date.text or ""
    if len(date) == 0 and match is not None and match.date_end is not None:
        cut = len(match.date_text)
        sic.text, choice.tail = whole[:cut], whole[cut:]
    else:
        sic.text = whole
        for child in list(date):
            sic.append(child)
    date.text = None
    if fix and value is not None:
        corr = etree.SubElement(choice, tei("corr"))
        corr.set("resp", "#teikit")
        corr.set("cert", "medium")
        corr.text = fix
        old = match.value if match is not None else None
        if old is not None and old.hour is not None:
            value = replace(value, hour=old.hour, minute=old.minute)
        date.set("when", value.iso())
        marked = choice
    else:
        choice.remove(sic)
        sic.tail = choice.tail
        marked = sic
    date.insert(0, marked)
    line = line_of(date)
    if line is not None:
        for el in marked.iter():
            set_line(el, line)


def _chronology(text: etree._Element, doc: dates.DateValue) -> list[Diagnostic]:
    """Dates of future acts (a departure) that fall well before the document's own date."""
    out: list[Diagnostic] = []
    doc_day = doc.ordinal()
    if doc_day is None:
        return out
    for p in text.iter(tei("p")):
        for date in p.iter(tei("date")):
            when = from_iso(str(date.get("when") or ""))
            day = when.ordinal() if when else None
            if day is None or doc_day - day <= 14:
                continue
            sentence = _sentence_around(p, date)
            if _FUTURE.search(sentence):
                out.append(finding(
                    "chronology",
                    f"{all_text(date)!r} ({when.iso() if when else ''}) is a future act in "
                    f"a document dated {doc.iso()}: {' '.join(sentence.split())[:80]!r}",
                    line_of(date), str(p.get(XML_ID)),
                ))
    return out


def _sentence_around(p: etree._Element, el: etree._Element) -> str:
    whole = all_text(p)
    marker = all_text(el)
    at = whole.find(marker)
    start = max(whole.rfind(".", 0, at), whole.rfind("!", 0, at)) + 1 if at >= 0 else 0
    end = whole.find(".", at + len(marker)) if at >= 0 else -1
    return whole[start : end if end > 0 else len(whole)]


def _ocr_suspects(text: etree._Element) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for div in text.iter(tei("div")):
        if div.get("type") != "original" or div.get(XML_LANG) not in (
            "ru", "uk", "bg", "be", "sr", "mk"
        ):
            continue
        for el in div.iter(tei("p"), tei("opener"), tei("closer")):
            body = source_text(el)
            for token in dict.fromkeys(m.group() for m in _MIXED.finditer(body)):
                out.append(finding("ocr", f"Latin letters in a Cyrillic text: {token!r}",
                                   line_of(el)))
            for m in _CYRILLIC_ROMAN.finditer(body):
                out.append(finding("ocr", f"a Roman numeral typed in Cyrillic letters: "
                                   f"{m.group()!r}", line_of(el)))
        spellings: dict[str, Counter[str]] = {}
        for el in div.iter(tei("persName")):
            name = all_text(el)
            if el.get("ref") and not name.isupper() and "." not in name:
                form = _base_form(name)
                spellings.setdefault(str(el.get("ref")), Counter())[form] += 1
        for ref, forms in sorted(spellings.items()):
            if len(forms) < 2:
                continue
            usual, _ = forms.most_common(1)[0]
            for form, count in sorted(forms.items()):
                if form != usual and count < forms[usual]:
                    out.append(finding(
                        "spelling", f"{form!r} ({count}x) beside the usual {usual!r} "
                        f"({forms[usual]}x) for {ref[1:]}", None))
    return out


def _base_form(name: str) -> str:
    """A name without a Russian case ending on its last word, for comparing spellings."""
    words = name.split()
    last = re.sub(r"(?:ом|ем|ой|ою|ей|ам|ах|а|у|е|ы|и|ю|я)$", "", words[-1]) if len(
        words[-1]) > 3 else words[-1]
    return " ".join([*words[:-1], last])
