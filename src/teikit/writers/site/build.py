"""A site's parts: one document's edition page, then the site's own pages around them.

:func:`edition` turns one parsed document into its edition page (the HTML
writer's page, with the site's navigation bar put after ``<body>``) and what
the site needs of it (:class:`Part`: its index row, its mentions, its words).
:func:`write_site` writes the index, the register pages, the search index and
the assets from the parts of every document.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from html import escape
from importlib.resources import files
from pathlib import Path

from lxml import etree

from ...version import __version__
from .. import render
from ..document import Document
from .mentions import Mention, entries, mark_mentions
from .meta import DocInfo, doc_info
from .pages import REGISTERS, RegisterEntry, index_page, nav, register_page
from .search import word_counts, write_documents, write_index

ASSETS = ("site.css", "site.js")
MARKER = "teikit-site.json"  # names a folder as a teikit site (--force may replace it)


@dataclass
class Part:
    """What the site needs of one document (it travels back from a worker process)."""

    info: DocInfo
    mentions: list[Mention] = field(default_factory=list)
    # register key -> (entry name, details), for the keys of this document's register
    entries: dict[str, tuple[str, str]] = field(default_factory=dict)
    words: dict[str, int] = field(default_factory=dict)


def with_nav(page: bytes, prefix: str) -> bytes:
    """The edition page with the site's navigation bar first in its ``body``."""
    start = page.find(b"<body")
    end = page.find(b">", start) + 1 if start >= 0 else 0
    if end <= 0:
        return page
    bar = nav(prefix, "").encode("utf-8")
    style = (b'<link rel="stylesheet" href="' + prefix.encode() + b'assets/site.css">')
    head = page.find(b"</head>")
    if 0 <= head < start:
        return page[:head] + style + page[head:end] + bar + page[end:]
    return page[:end] + bar + page[end:]


def edition(tree: etree._ElementTree, href: str, name: str, view: str | None) -> tuple[bytes, Part]:
    """The edition page of ``tree`` (to be found at ``href`` from the site's root) and its
    part of the site.  ``name`` is the title when the header gives none."""
    doc = Document(tree)
    mentions = mark_mentions(doc)
    known = {k: (e.name, e.details) for k, e in entries(doc).items()}
    info = doc_info(doc, href, name)
    page = render(tree, "html", view=view)
    for mention in mentions:
        if mention.anchor and f' id="{escape(mention.anchor, quote=True)}"'.encode() not in page:
            mention.anchor = None  # the edition has no element with this id: link the page
    words = word_counts(render(tree, "text").decode("utf-8") + " " + info.title)
    prefix = "../" * href.count("/")
    return with_nav(page, prefix), Part(info, mentions, known, words)


def registers(parts: list[Part]) -> dict[str, list[RegisterEntry]]:
    """The register entries of the corpus, by kind, each with every mention."""
    found: dict[tuple[str, str], RegisterEntry] = {}
    for number, part in enumerate(parts):
        for mention in part.mentions:
            item = found.get((mention.kind, mention.key))
            if item is None:
                item = found[(mention.kind, mention.key)] = RegisterEntry(mention.key)
            item.names[mention.text] += 1
            item.mentions.append((number, mention.text, mention.anchor))
            if not item.label and mention.key in part.entries:
                item.label, item.details = part.entries[mention.key]
    out: dict[str, list[RegisterEntry]] = {kind: [] for kind in REGISTERS}
    for (kind, _), item in found.items():
        out[kind].append(item)
    return out


def write_site(root: Path, parts: list[Part], title: str) -> dict[str, int]:
    """Write the site's own pages into ``root`` (the edition pages are there already);
    returns counts: documents, register entries of each kind, mentions, words."""
    (root / "assets").mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        data = (files("teikit.writers.site") / "assets" / name).read_bytes()
        (root / "assets" / name).write_bytes(data)
    found = registers(parts)
    counts = {kind: len(items) for kind, items in found.items()}
    named = {REGISTERS[kind][0].removesuffix(".html"): n for kind, n in counts.items()}
    docs = [p.info for p in parts]
    mentions = [len(p.mentions) for p in parts]
    (root / "index.html").write_text(index_page(title, docs, mentions, counts), encoding="utf-8")
    for kind, items in found.items():
        page = register_page(kind, items, docs)
        (root / REGISTERS[kind][0]).write_text(page, encoding="utf-8")
    search = root / "search"
    distinct = write_index(search, (p.words for p in parts))
    write_documents(search, [{"href": d.href, "title": d.title, "date": d.date} for d in docs])
    summary = {"documents": len(parts), **named, "mentions": sum(mentions), "words": distinct}
    manifest = {"generator": f"teikit {__version__}", "title": title, **summary,
                "documents_list": [asdict(d) for d in docs]}
    (root / MARKER).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                               encoding="utf-8")
    return summary
