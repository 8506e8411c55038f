"""The site's own pages: the index of documents and the register pages.

Every page is HTML5 with the stylesheet ``assets/site.css`` and the script
``assets/site.js`` beside it (sorting, filtering, search); without
JavaScript the table and the registers are still there to read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape

from ...version import __version__
from .meta import DocInfo

# register kind -> (file, heading)
REGISTERS = {
    "person": ("people.html", "People"),
    "org": ("bodies.html", "Bodies and organisations"),
    "place": ("places.html", "Places"),
}
SLUG = re.compile(r"[^A-Za-z0-9_.-]+")


def esc(text: str) -> str:
    """Text or an attribute value, escaped for HTML."""
    return escape(text, quote=True)


@dataclass
class RegisterEntry:
    """One entry of a register page: its key, name, details and every mention."""

    key: str
    names: Counter[str] = field(default_factory=Counter)
    label: str = ""
    details: str = ""
    # (document number, words, anchor or None)
    mentions: list[tuple[int, str, str | None]] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The entry's name: a register's, else the words it is mentioned with most."""
        if self.label:
            return self.label
        return self.names.most_common(1)[0][0] if self.names else self.key


def nav(prefix: str, current: str) -> str:
    """The site's navigation bar (``prefix`` leads from the page to the site's root)."""
    links = [("index.html", "Documents")] + [(f, h) for f, h in REGISTERS.values()]
    items = []
    for href, label in links:
        here = ' aria-current="page"' if href == current else ""
        items.append(f'<a href="{prefix}{href}"{here}>{esc(label)}</a>')
    return f'<nav class="tk-site-nav" aria-label="Site">{" ".join(items)}</nav>'


def frame(title: str, body: str, current: str, scripts: tuple[str, ...] = ()) -> str:
    """A page of the site's root folder around ``body``."""
    extra = "".join(f'<script src="{esc(s)}"></script>\n' for s in scripts)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="teikit {__version__}">\n'
        f"<title>{esc(title)}</title>\n"
        '<link rel="stylesheet" href="assets/site.css">\n</head>\n<body class="tk-site">\n'
        f"{nav('', current)}\n<main>\n{body}\n</main>\n"
        f'<footer class="tk-site-foot">Made with teikit {__version__} from TEI P5.</footer>\n'
        f'<script src="assets/site.js"></script>\n{extra}</body>\n</html>\n'
    )


def _row(info: DocInfo, mentions: int) -> str:
    date_key = "" if info.sort_date is None else f"{info.sort_date:.0f}"
    names = "; ".join(f"{c}: {n}" for c, n in info.language_names.items())
    langs = ", ".join(info.languages)
    lang_cell = f'<td title="{esc(names)}">{esc(langs)}</td>' if names else f"<td>{esc(langs)}</td>"
    return (
        f'<tr data-langs="{esc(" ".join(info.languages))}">'
        f'<td data-sort="{date_key}">{esc(info.date)}</td>'
        f'<td><a href="{esc(info.href)}">{esc(info.title)}</a></td>'
        f"<td>{esc(info.archive)}</td>{lang_cell}"
        f'<td data-sort="{mentions}">{mentions}</td></tr>'
    )


def index_page(title: str, docs: list[DocInfo], mentions: list[int],
               counts: dict[str, int]) -> str:
    """The index: the search box and the table of documents (by date, then title)."""
    order = sorted(range(len(docs)), key=lambda i: (
        docs[i].sort_date is None, docs[i].sort_date or 0.0, docs[i].title.casefold()))
    languages = sorted({code for d in docs for code in d.languages})
    options = "".join(f'<option value="{esc(c)}">{esc(c)}</option>' for c in languages)
    registers = ", ".join(
        f'<a href="{f}">{counts.get(kind, 0)} {esc(h.lower())}</a>'
        for kind, (f, h) in REGISTERS.items()
    )
    head = "".join(
        f'<th scope="col"{sort}><button type="button" data-col="{i}">{label}</button></th>'
        for i, (label, sort) in enumerate((("Date", ' aria-sort="ascending"'), ("Title", ""),
                                           ("Archive / repository", ""), ("Languages", ""),
                                           ("Names", "")))
    )
    rows = "\n".join(_row(docs[i], mentions[i]) for i in order)
    body = (
        f"<h1>{esc(title)}</h1>\n"
        f'<p class="tk-summary">{len(docs)} documents; registers: {registers}.</p>\n'
        '<section class="tk-search" role="search" aria-labelledby="tk-search-h">'
        '<h2 id="tk-search-h">Search the texts</h2>'
        '<form id="tk-search-form"><input type="search" id="tk-search-q" name="q" '
        'aria-label="Words to search for" placeholder="words (all must occur)">'
        '<button type="submit">Search</button></form>'
        '<p id="tk-search-status" aria-live="polite">Search needs JavaScript.</p>'
        '<ol id="tk-search-results"></ol></section>\n'
        '<section aria-labelledby="tk-docs-h"><h2 id="tk-docs-h">Documents</h2>'
        '<div class="tk-filters"><label>Filter <input type="search" id="tk-doc-filter" '
        'placeholder="title, date, archive…"></label> '
        f'<label>Language <select id="tk-lang-filter"><option value="">all</option>{options}'
        f'</select></label> <span id="tk-doc-count">{len(docs)} of {len(docs)} documents</span>'
        '</div>\n<table id="tk-documents" class="tk-table">'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody></table></section>"
    )
    return frame(title, body, "index.html", ("search/docs.js",))


def entry_ids(entries: list[RegisterEntry]) -> list[str]:
    """An id for each entry, made of its key where that can be (unique on the page)."""
    out: list[str] = []
    seen: set[str] = set()
    for number, item in enumerate(entries, 1):
        key = item.key if not item.key.startswith("~") else ""
        slug = SLUG.sub("-", key.rsplit("/", 1)[-1]).strip("-")
        ident = f"e-{slug}" if slug else f"e{number}"
        while ident in seen:
            ident = f"{ident}-{number}"
        seen.add(ident)
        out.append(ident)
    return out


def _entry(item: RegisterEntry, ident: str, docs: list[DocInfo]) -> str:
    by_doc: dict[int, list[str]] = {}
    for doc, words, anchor in item.mentions:
        href = docs[doc].href + (f"#{anchor}" if anchor else "")
        by_doc.setdefault(doc, []).append(
            f'<a class="tk-mention" href="{esc(href)}">{esc(words)}</a>')
    items = []
    for doc, links in by_doc.items():
        info = docs[doc]
        date = f' <span class="tk-date">{esc(info.date)}</span>' if info.date else ""
        items.append(f'<li><a class="tk-doc" href="{esc(info.href)}">{esc(info.title)}</a>'
                     f"{date}: {', '.join(links)}</li>")
    key = "" if item.key.startswith("~") else f'<p class="tk-key">{esc(item.key)}</p>'
    details = f'<p class="tk-details">{esc(item.details)}</p>' if item.details else ""
    count = len(item.mentions)
    return (
        f'<section class="tk-entry" id="{esc(ident)}" data-name="{esc(item.name.casefold())}">'
        f"<h2>{esc(item.name)} <small>{count} mention{'s' if count != 1 else ''}</small></h2>"
        f'{key}{details}<ul class="tk-mentions">{"".join(items)}</ul></section>'
    )


def register_page(kind: str, entries: list[RegisterEntry], docs: list[DocInfo]) -> str:
    """A register page: every entry of ``kind``, by name, with every mention's link."""
    file, heading = REGISTERS[kind]
    entries = sorted(entries, key=lambda e: (e.name.casefold(), e.key))
    ids = entry_ids(entries)
    mentions = sum(len(e.mentions) for e in entries)
    body = (
        f"<h1>{esc(heading)}</h1>\n"
        f'<p class="tk-summary">{len(entries)} entries, {mentions} mentions.</p>\n'
        '<div class="tk-filters"><label>Filter <input type="search" id="tk-entry-filter" '
        f'placeholder="name…"></label> <span id="tk-entry-count">{len(entries)} of '
        f"{len(entries)} entries</span></div>\n"
        + "\n".join(_entry(e, i, docs) for e, i in zip(entries, ids, strict=True))
    )
    return frame(heading, body, file)
