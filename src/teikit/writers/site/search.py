"""The site's full-text search: an index of words written as JavaScript files.

Each word of a document's reading text is folded (compatibility decomposition,
combining accents dropped, lower case) exactly as ``assets/site.js`` folds a
query.  The index maps each word to the documents it occurs in and how often;
it is split into :data:`SHARDS` files by the word's first two characters, each
a script that hands its part to the page (``teikitSearch.shard(...)``), so that
a query loads only the parts it needs, with ``<script>`` elements: that works
from ``file://``, where a browser refuses ``fetch``.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path

SHARDS = 64
MIN_LENGTH = 2
MAX_LENGTH = 40


@cache
def _fold_table() -> dict[int, str | None]:
    """For ``str.translate``: combining marks (``Mn``) dropped, every character that is no
    letter, digit or mark made a space (the Basic Multilingual Plane)."""
    table: dict[int, str | None] = {}
    for point in range(0x10000):
        category = unicodedata.category(chr(point))
        if category == "Mn":
            table[point] = None
        elif category[0] not in "LNM":
            table[point] = " "
    return table


def words(text: str) -> list[str]:
    """The folded words of ``text`` that the index holds (2 to 40 characters)."""
    folded = unicodedata.normalize("NFKD", text).translate(_fold_table()).lower()
    return [w for w in folded.split() if MIN_LENGTH <= len(w) <= MAX_LENGTH]


def word_counts(text: str) -> dict[str, int]:
    """How often each folded word occurs in ``text``."""
    return dict(Counter(words(text)))


def shard_of(word: str) -> int:
    """The index file that holds ``word`` (as ``site.js`` computes it)."""
    return (ord(word[0]) * 31 + ord(word[1])) % SHARDS


def shard_name(number: int) -> str:
    """The file name of index part ``number``."""
    return f"s{number:02d}.js"


def write_index(folder: Path, counts: Iterable[dict[str, int]]) -> int:
    """Write the index of the documents' word ``counts`` (document *i* is the *i*-th)
    into ``folder``; returns the number of distinct words."""
    shards: list[dict[str, list[int]]] = [{} for _ in range(SHARDS)]
    for doc, found in enumerate(counts):
        for word, count in found.items():
            shards[shard_of(word)].setdefault(word, []).extend((doc, count))
    folder.mkdir(parents=True, exist_ok=True)
    for number, shard in enumerate(shards):
        data = json.dumps(shard, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        (folder / shard_name(number)).write_text(
            f'teikitSearch.shard({number},{data});\n', encoding="utf-8"
        )
    return sum(len(s) for s in shards)


def write_documents(folder: Path, rows: list[dict[str, str]]) -> None:
    """The list of documents the index numbers (link, title, date) as a script."""
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    (folder / "docs.js").write_text(f"teikitSearch.docs({data},{SHARDS});\n", encoding="utf-8")
