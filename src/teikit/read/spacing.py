"""Before the passes: the head of a page given the blank-line spacing its layouts expect.

Pages copied from the archive's PDFs or from a browser often run the parts of
their head together: the banner lines in one block, the date and the title on
consecutive lines, a field label with its value on the next line
(``Citation:`` then the citation).  The layout readers expect each part as a
block of its own, as the web page shows it.  This step splits such blocks at
those points (and nowhere else): a blank line is inserted after a date line
that opens a block, between the lines of a banner above the date, before the
funder line and after it, and before and after a field label standing alone on its line;
where the head's parts stand two or more blank lines apart, one is kept; and
the head's lines lose their indentation (a list copied from a browser).  Notes
listed one a line in one block (``[1] …``, ``[2] …``; FRUS ``1. Source: …``,
``2. …``) are split into a block each, as the endnote rules read them, and so
are the lines of web chrome above a FRUS heading, and the labelled fields after the
body when they run together in one block.

The inserted and dropped lines are recorded (:attr:`Source.line_map`, and in
the normalisation record the TEI keeps), so every position reported is still a
line of the file and the transcription writer puts the spacing back: the round
trip stays byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .. import dates
from ..profiles import Profile
from ..verbatim import with_edits
from .layouts.page import Chrome
from .layouts.title import REPORT, is_title
from .layouts.web import is_citation
from .source import Source

# how far down the page the head may reach (blocks) and the longest banner line
HEAD_BLOCKS = 30
BANNER_LINE = 60
HEADING_CHROME = 24  # lines of web chrome above a FRUS heading, at most
REPORT_BLOCKS = 5  # blocks of an FBIS report's head (number, date, series, region)


def canonical(source: Source, profile: Profile) -> Source:
    """``source`` with its head spaced as the layouts expect (see the module docstring)."""
    lines = source.text.split("\n")
    blocks = _blocks(lines)
    if not blocks:
        return source
    labels = _labels(profile)
    meta = profile.metadata
    funder = str(meta.get("funder_line", "")) or None
    chrome = Chrome.of(meta)
    splits: set[int] = set()  # a blank line goes before these lines (0-based)
    date_seen = False
    head_end = -1  # the last block of the head
    quiet = 0  # blocks since the last one of the head
    for n, (a, b) in enumerate(blocks[:HEAD_BLOCKS]):
        head = False
        if not date_seen and n < 4:
            at = next((k for k in range(a, b) if _is_date(lines[k])), None)
            if at is not None:
                date_seen = head = True
                if a < at <= a + 3:
                    banner = (a, at)  # a banner above the date, in the date's block
                    splits.add(at)
                elif n >= 1 and at == a:
                    banner = blocks[n - 1]  # a banner block just above the date's
                else:
                    banner = (a, a)
                if 1 < banner[1] - banner[0] <= 3 and all(
                    len(lines[k]) <= BANNER_LINE for k in range(*banner)
                ):
                    splits.update(range(banner[0] + 1, banner[1]))
                if at + 1 < b and (at == a or at in splits):
                    splits.add(at + 1)
        for k in range(a, b):
            bare = lines[k].strip()
            label = bare.endswith(":") and bare[:-1] in labels
            if label or (funder and bare.startswith(funder) and n < 4):
                head = True
                if k > a:
                    splits.add(k)
                if k + 1 < b:
                    splits.add(k + 1)
            elif chrome.matches(bare):
                head = True
                if k > a and n < 12:
                    splits.add(k)
                if k + 1 < b and n < 12:
                    splits.add(k + 1)
            elif is_citation(bare) and n < 12 and k > a:  # a summary, then the citation
                splits.add(k)
        if head:
            head_end, quiet = n, 0
        else:
            quiet += 1
            if quiet > 2:
                break
    if 0 <= head_end < len(blocks) - 1 and _is_label(lines[blocks[head_end][1] - 1], labels):
        head_end += 1  # the value of the last label
    squeezed: set[int] = set()  # blank lines dropped: one blank line between head blocks
    squeeze = list(range(1, head_end + 1))
    web = {str(f["label"]) for f in meta.get("web_fields", [])}
    tail = next((n for n in range(max(head_end + 2, len(blocks) - 40), len(blocks))
                 if _is_label(lines[blocks[n][0]], web, bare=True)
                 and blocks[n][1] - blocks[n][0] == 1), None)
    if tail is not None:  # the labelled fields after the body, and the summary before them
        squeeze.extend(range(tail, len(blocks)))
    indent: dict[int, str] = {}  # the head's lines lose their indentation
    for n in squeeze:
        gap_start, gap_end = blocks[n - 1][1], blocks[n][0]
        squeezed.update(range(gap_start + 1, gap_end))
    for n in [0, *squeeze]:
        for k in range(*blocks[n]):
            line = lines[k]
            if line[:1] in (" ", "\t"):
                indent[k] = line[: len(line) - len(line.lstrip(" \t"))]
    _chrome_above_heading(lines, blocks, meta.get("heading"), splits)
    if blocks and REPORT.match(lines[blocks[0][0]]):  # an FBIS report's head, one line a block
        for a, b in blocks[:REPORT_BLOCKS]:
            if b - a <= 3 and all(len(lines[k]) <= 60 for k in range(a, b)):
                splits.update(range(a + 1, b))
    if not date_seen and len(blocks) > 1:  # a banner block above a title line
        (a, b), (c, d) = blocks[0], blocks[1]
        if 1 < b - a <= 3 and d - c == 1 and is_title(lines[c]) and all(
            len(lines[k]) <= BANNER_LINE + 20 for k in range(a, b)
        ):
            splits.update(range(a + 1, b))
    for a, b in blocks[head_end + 1 :]:
        _note_list(lines, a, b, splits, indent)
        _field_run(lines, a, b, web, splits)
    if not splits and not squeezed and not indent:
        return source
    out: list[str] = []
    inserted: list[int] = []
    removed: list[list[int]] = []
    line_map: list[tuple[int, int]] = []
    kept = 0
    for k, line in enumerate(lines):
        if k in squeezed:
            if removed and removed[-1][0] == kept:
                removed[-1][1] += 1
            else:
                removed.append([kept, 1])
            continue
        if k in splits:
            inserted.append(len(out))
            out.append("")
        delta = k - len(out)
        if not line_map or line_map[-1][1] != delta:
            line_map.append((len(out), delta))
        out.append(line[len(indent[k]):] if k in indent else line)
        kept += 1
    layout = with_edits(source.layout, tuple(inserted), removed, indent, len(lines))
    return replace(source, text="\n".join(out), layout=layout, line_map=tuple(line_map),
                   normalised=source.text)


def _field_run(lines: list[str], a: int, b: int, labels: set[str], splits: set[int]) -> None:
    """The labelled fields after the body run together in one block (a page copied with
    single line breaks): each label and its value become blocks of their own."""
    at = [k for k in range(a, b) if lines[k].strip() in labels]
    if len(at) < 3:
        return
    for k in at:
        if k > a:
            splits.add(k)
        if k + 1 < b:
            splits.add(k + 1)


def _chrome_above_heading(
    lines: list[str], blocks: list[tuple[int, int]], heading: object, splits: set[int]
) -> None:
    """The web chrome above a FRUS heading (menus, a breadcrumb: short lines in a few
    blocks) split into one line a block, as the heading layout reads chrome."""
    if not heading:
        return
    pattern = re.compile(str(heading))
    for n, (a, b) in enumerate(blocks[:8]):
        if b - a == 1 and pattern.fullmatch(lines[a]):
            above = [k for a2, b2 in blocks[:n] for k in range(a2, b2)]
            if len(above) <= HEADING_CHROME and all(len(lines[k]) <= 250 for k in above):
                for a2, b2 in blocks[:n]:
                    splits.update(range(a2 + 1, b2))
            return


_NOTE_MARK = re.compile(r"\s*(?:\[(\d{1,3})\]|(\d{1,2})\.) \S")


def _note_list(lines: list[str], a: int, b: int, splits: set[int], indent: dict[int, str]) -> None:
    """Notes listed one a line in one block (``[1] …`` then ``[2] …``; a FRUS list
    ``1. Source: …`` then ``2. …``): each note becomes a block of its own, as the
    endnote rules read them, and loses its indentation."""
    marks = [(k, m) for k in range(a, b) if (m := _NOTE_MARK.match(lines[k]))]
    if len(marks) < 2 or marks[0][0] != a:
        return
    bracketed = all(m.group(1) for _, m in marks)
    frus = all(m.group(2) for _, m in marks) and lines[a].lstrip().startswith(
        ("1. Source: ", "0. Source: "))
    numbers = [int(m.group(1) or m.group(2)) for _, m in marks]
    if not (bracketed or frus) or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return
    for k, _ in marks[1:]:
        splits.add(k)
    for k in range(a, b):
        line = lines[k]
        if line[:1] in (" ", "\t") and any(k == mk for mk, _ in marks):
            indent[k] = line[: len(line) - len(line.lstrip(" \t"))]


def _labels(profile: Profile) -> set[str]:
    meta = profile.metadata
    found = {str(f.label) for f in profile.fields}
    found.update(str(f["label"]) for f in meta.get("web_fields", []))
    return found


def _is_label(line: str, labels: set[str], bare: bool = False) -> bool:
    """Whether ``line`` is one of ``labels`` with its colon (or without, with ``bare``)."""
    return (line.endswith(":") and line[:-1] in labels) or (bare and line in labels)


def _blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(first line, end line) of each run of non-blank lines."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    for k, line in enumerate(lines):
        if line.strip(" \t"):  # blank as the reader's blocks are (NBSP, NEL are text)
            if start is None:
                start = k
        elif start is not None:
            out.append((start, k))
            start = None
    if start is not None:
        out.append((start, len(lines)))
    return out


def _is_date(line: str) -> bool:
    return len(line) <= 40 and dates.parse_date(line) is not None
