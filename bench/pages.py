"""Measure teikit on whole published pages it was not tuned on.

Run with ``python bench/pages.py [FOLDER ...]`` (by default every folder of
``bench/pages*/``).  The pages in ``bench/pages/``, ``bench/pages2/`` and
``bench/pages3/`` (three batches) were written for this measurement, imitating the
layouts and bracket habits of real Wilson Center, FRUS and FBIS pages, before
the reader was tried on them; each folder's ``pages.tsv`` says what each page
gives (title, date, original language).  Nothing is asserted: the figures are
printed, as the issue's targets state them:

- converts without ``--strict`` (no refusal), and the TEI is valid for teikit
  and, when jing and ``tei_all.rng`` are at hand, for tei_all;
- the round trip is exact (the input comes back byte for byte);
- no bracket left as plain text, and the share of brackets read as
  ``unrecognised`` (target: at most 3 %), and those read tentatively;
- the header: the title (never the file name), the date, the original
  language in ``langUsage``, and each field whose label the page shows
  (translator, summary, archive reference, source URL).
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import teikit
from teikit.errors import TeikitError
from teikit.validate import validate_file
from teikit.xmlio import serialise

ROOT = Path(__file__).resolve().parent
TEI_ALL = ROOT.parent.parent / "shared" / "ref" / "schema" / "tei_all.rng"
NS = {"t": "http://www.tei-c.org/ns/1.0"}

LANGS = {
    "english": "en", "russian": "ru", "chinese": "zh", "hungarian": "hu", "polish": "pl",
    "romanian": "ro", "german": "de", "korean": "ko", "czech": "cs", "bulgarian": "bg",
    "spanish": "es", "french": "fr", "vietnamese": "vi", "albanian": "sq", "mongolian": "mn",
    "serbo-croatian": "sh", "japanese": "ja", "italian": "it", "portuguese": "pt",
}

# a label the page shows -> the header element that must then hold it
FIELDS = {
    "translator": (r"(?im)\btranslated (?:for|by)\b", ".//t:titleStmt/t:respStmt/t:persName"
                   "|.//t:titleStmt/t:respStmt/t:orgName"),
    "summary": (r"(?m)^(?:Summary:?|Abstract:?)\s*$|get citation", ".//t:profileDesc/t:abstract"),
    "archive": (r"(?m)^(?:Source:|Archive:)|Archive, |Fond \d", ".//t:sourceDesc//t:idno"
                "|.//t:sourceDesc//t:msIdentifier"),
    "url": (r"https?://", ".//t:publicationStmt/t:idno[@type='URL']|.//t:sourceDesc//t:ref"),
}


@dataclass
class Page:
    """What one page gave."""

    name: str
    refused: str = ""
    valid: bool = False
    tei_all: bool | None = None
    round_trip: bool = False
    brackets: int = 0
    unrecognised: list[str] = field(default_factory=list)
    tentative: list[str] = field(default_factory=list)
    plain_brackets: int = 0
    header_lost: list[str] = field(default_factory=list)
    language: str = ""


def manifest(folder: Path) -> dict[str, dict[str, str]]:
    """The folder's pages.tsv rows by file name (empty without one)."""
    path = folder / "pages.tsv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["file"]: row for row in csv.DictReader(fh, delimiter="\t")}


def jing_valid(paths: list[Path]) -> dict[Path, bool]:
    """tei_all verdicts by jing (one JVM), or {} when jing or the grammar is missing."""
    if not paths or shutil.which("jing") is None or not TEI_ALL.is_file():
        return {}
    run = subprocess.run(["jing", str(TEI_ALL), *map(str, paths)], capture_output=True,
                         text=True, check=False)
    bad = {Path(line.split(":", 1)[0]) for line in run.stdout.splitlines() if ": error:" in line}
    return {p: p not in bad for p in paths}


def text_outside_tags(xml: str) -> str:
    """The text of the TEI body with its markup dropped (to find brackets left as text)."""
    return re.sub(r"<[^>]+>", "", xml)


def measure(path: Path, meta: dict[str, str], out: Path) -> tuple[Page, Path | None]:
    """Convert one page and measure it; the TEI is written under ``out``."""
    page = Page(f"{path.parent.parent.name}/{path.parent.name}/{path.name}")
    raw = path.read_bytes()
    try:
        conv = teikit.convert_document(raw, name=str(path))
    except TeikitError as exc:
        page.refused = str(exc)
        return page, None
    tree = conv.tree
    root = tree.getroot()
    xml_path = out / f"{path.parent.parent.name}-{path.parent.name}-{path.stem}.xml"
    xml_path.write_bytes(serialise(tree))
    page.valid = validate_file(xml_path, "teikit").status == "valid"
    back = teikit.write(tree, "transcription")
    page.round_trip = back.encode("utf-8") == raw
    for rec in conv.records:
        if rec.kind != "bracket":
            continue
        page.brackets += 1
        if rec.rule == "unrecognised":
            page.unrecognised.append(f"{rec.line}:{rec.column} {rec.source[:70]}")
        elif "tentative" in rec.note.lower() or "ambiguous" in rec.note.lower():
            page.tentative.append(f"{rec.line}:{rec.column} {rec.rule} {rec.source[:60]}")
    body = root.find("t:text", NS)
    if body is not None:
        from lxml import etree
        plain = text_outside_tags(etree.tostring(body, encoding="unicode"))
        page.plain_brackets = plain.count("[")
    header_checks(page, root, raw.decode("utf-8", "replace"), meta, path)
    return page, xml_path


def header_checks(page: Page, root: object, text: str, meta: dict[str, str], path: Path) -> None:
    """Record every header field the page gives and the TEI lost."""
    title = " ".join("".join(root.xpath("string(.//t:titleStmt/t:title[1])",  # type: ignore[attr-defined]
                                        namespaces=NS)).split())
    if not title or path.name in title or title == path.stem:  # teikit's fallback title
        page.header_lost.append("title")
    elif meta.get("title") and _norm(meta["title"]) not in _norm(title) \
            and _norm(title) not in _norm(meta["title"]):
        page.header_lost.append(f"title≠ ({title[:50]})")
    dates = root.xpath(".//t:profileDesc/t:creation/t:date/@when"  # type: ignore[attr-defined]
                       "|.//t:sourceDesc/t:bibl//t:date/@when", namespaces=NS)
    want_date = meta.get("date", "")
    if want_date and not any(str(d).startswith(want_date[:7]) for d in dates):
        page.header_lost.append(f"date ({want_date} ≠ {sorted(set(map(str, dates)))[:2]})")
    langs = [str(x) for x in root.xpath(".//t:langUsage/t:language/@ident",  # type: ignore[attr-defined]
                                        namespaces=NS)]
    want = LANGS.get(meta.get("original_language", "").strip().lower(), "")
    page.language = ",".join(langs)
    if want and want not in langs:
        page.header_lost.append(f"language ({want} not in {langs})")
    if want and meta.get("has_original_text") == "yes":
        parts = root.xpath(".//t:text//t:div[@type='original']/@xml:lang"  # type: ignore[attr-defined]
                           "|.//t:text//t:div[@type='original']//@xml:lang", namespaces=NS)
        if not parts or str(parts[0]).split("-")[0] != want:
            page.header_lost.append(f"original part ({want} ≠ {[str(p) for p in parts[:1]]})")
    for name, (label, xpath) in FIELDS.items():
        if re.search(label, text) and not root.xpath(xpath, namespaces=NS):  # type: ignore[attr-defined]
            page.header_lost.append(name)


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def main(folders: list[Path]) -> int:
    """Measure every page of ``folders``; print one line a page and the totals."""
    pages: list[Page] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        written: dict[Path, Page] = {}
        for folder in folders:
            meta = manifest(folder)
            for path in sorted(folder.glob("*.txt")):
                page, xml = measure(path, meta.get(path.name, {}), out)
                pages.append(page)
                if xml is not None:
                    written[xml] = page
        for xml, ok in jing_valid(list(written)).items():
            written[xml].tei_all = ok
    total = Counter[str]()
    for page in pages:
        flags = []
        if page.refused:
            flags.append("REFUSED " + page.refused[:90])
        else:
            if not page.valid:
                flags.append("invalid(teikit)")
            if page.tei_all is False:
                flags.append("invalid(tei_all)")
            if not page.round_trip:
                flags.append("round-trip")
            if page.plain_brackets:
                flags.append(f"{page.plain_brackets} '[' as text")
            if page.header_lost:
                flags.append("header: " + "; ".join(page.header_lost))
        print(f"{page.name:56} {page.brackets:4} brackets {len(page.unrecognised):3} unrec "
              f"{len(page.tentative):3} tent  {'ok' if not flags else ' | '.join(flags)}")
        for item in page.unrecognised:
            print(f"    unrecognised {item}")
        total["pages"] += 1
        total["converted"] += not page.refused
        total["valid"] += page.valid
        total["tei_all"] += page.tei_all is True
        total["round_trip"] += page.round_trip
        total["brackets"] += page.brackets
        total["unrecognised"] += len(page.unrecognised)
        total["tentative"] += len(page.tentative)
        total["plain"] += bool(page.plain_brackets)
        total["header_ok"] += not page.refused and not page.header_lost
    n = total["pages"] or 1
    b = total["brackets"] or 1
    print()
    print(f"pages {total['pages']}: converted {total['converted'] / n:.0%}, valid (teikit) "
          f"{total['valid'] / n:.0%}, valid (tei_all, jing) {total['tei_all'] / n:.0%}, "
          f"exact round trip {total['round_trip'] / n:.0%}, header complete {total['header_ok'] / n:.0%}")
    print(f"brackets {total['brackets']}: unrecognised {total['unrecognised'] / b:.1%}, "
          f"tentative {total['tentative'] / b:.1%}; pages with a bracket left as text: {total['plain']}")
    return 0


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    if not args:
        args = sorted(p for p in ROOT.glob("pages*/*") if p.is_dir())
    sys.exit(main(args))
