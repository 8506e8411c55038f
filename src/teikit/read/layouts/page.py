"""The top of a page as the layout readers see it: its blocks, and what they are."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ... import dates
from ..events import Event
from ..state import ReadState
from ..syntax import raw_blocks

FIELD_LABEL = re.compile(r"^[A-Z][A-Za-z][A-Za-z &’'()/-]{0,38}:$")


@dataclass(frozen=True)
class Chrome:
    """The web chrome a profile lists: lines (``chrome``) and patterns of the lines that
    vary (``chrome_patterns``: a breadcrumb, the tabs of a page's views)."""

    lines: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    runs: tuple[str, ...]  # the longer lines, longest first, as a copy may run them together

    @classmethod
    def of(cls, metadata: Mapping[str, object]) -> Chrome:
        """The chrome of a profile's ``[metadata]``."""
        raw_lines, raw_patterns = metadata.get("chrome", []), metadata.get("chrome_patterns", [])
        lines = frozenset(str(c) for c in raw_lines) if isinstance(raw_lines, list) else frozenset()
        patterns = (
            tuple(re.compile(str(p)) for p in raw_patterns) if isinstance(raw_patterns, list)
            else ()
        )
        runs = tuple(sorted((c for c in lines if len(c) > 8), key=len, reverse=True))
        return cls(lines, patterns, runs)

    def matches(self, line: str) -> bool:
        """Whether ``line`` (indentation aside) is a chrome line, a run of chrome lines
        copied onto one line (``Digital Archive digitalarchive.wilsoncenter.org …``), or
        matches a chrome pattern."""
        bare = line.strip()
        if bare in self.lines or any(p.fullmatch(bare) for p in self.patterns):
            return True
        rest = bare
        for item in self.runs:
            rest = rest.replace(item, " ")
        return rest != bare and not rest.strip()


@dataclass
class Found:
    """What a layout reader found: the metadata events, where the body starts and ends."""

    events: list[Event]
    meta_end: int
    body_end: int


@dataclass
class Page:
    """The blocks of a transcription (ignoring brackets) and the first facts about them.

    ``start`` is the first block after the web chrome at the top (``Skip to
    content`` and the like, listed in ``layout``); ``has_date`` says whether
    that block is a date line, and ``after_date`` is the block after it.
    """

    state: ReadState
    blocks: list[tuple[int, int, int]]
    chrome: Chrome
    layout: list[str] = field(default_factory=list)
    start: int = 0
    has_date: bool = False

    @classmethod
    def of(cls, state: ReadState) -> Page:
        """The page of ``state``'s transcription, its chrome skipped."""
        page = cls(state, raw_blocks(state.text), Chrome.of(state.profile.metadata))
        i = 0
        while (line := page.single_line(i)) is not None and page.is_chrome(line) and (
            page.blocks[i][2] <= 1
        ):
            page.layout.append(f"chrome:{line}")
            i += 1
        i = page._banner(i)
        page.start = i
        date_line = page.single_line(i)
        page.has_date = date_line is not None and dates.parse_date(date_line) is not None
        return page

    def _banner(self, i: int) -> int:
        """Skip a banner above the date (text copied from a PDF: the archive's name).

        One to three single lines before a date line that a title and the fields (or
        the funder line) follow are kept as chrome of the layout, so the
        transcription writer gives them back (a label right below the date makes the
        line above it the title).
        """
        funder = str(self.state.profile.metadata.get("funder_line", "\0"))
        for date_at in (i + 1, i + 2, i + 3):
            line = self.single_line(date_at)
            if line is None or dates.parse_date(line) is None:
                continue
            banner = [self.single_line(k) for k in range(i, date_at)]
            if self.label(date_at + 1) is not None:
                return i  # a label right below the date: the line above is the title
            if any(b is None or not b.strip() for b in banner) or any(
                self.blocks[k][2] > 1 for k in range(i + 1, date_at + 1)
            ):
                return i
            follows = range(date_at + 1, min(date_at + 4, len(self.blocks)))
            if not any(self.label(k) or (self.single_line(k) or "").startswith(funder)
                       for k in follows):
                return i
            if i > 0 and self.blocks[i][2] > 1:
                return i
            self.layout.extend(f"chrome:{b}" for b in banner)
            return date_at
        return i

    def is_chrome(self, line: str) -> bool:
        """Whether ``line`` is web chrome of the profile (indentation aside)."""
        return self.chrome.matches(line)

    @property
    def text(self) -> str:
        """The transcription's text."""
        return self.state.text

    @property
    def after_date(self) -> int:
        """The block after the date line (the first block when there is none)."""
        return self.start + int(self.has_date)

    def chunk(self, i: int) -> str:
        """The text of block ``i``."""
        a, b, _ = self.blocks[i]
        return self.text[a:b]

    def line_of(self, i: int) -> int:
        """The source line block ``i`` starts on."""
        return self.state.pos(self.blocks[i][0])[0]

    def single_line(self, i: int) -> str | None:
        """The text of block ``i`` when it is one line (None otherwise, or past the end)."""
        if i >= len(self.blocks):
            return None
        chunk = self.chunk(i)
        return chunk if "\n" not in chunk else None

    def label(self, i: int) -> str | None:
        """The field label block ``i`` is (``Summary:`` gives ``Summary``), or None."""
        line = self.single_line(i)
        if line is not None and FIELD_LABEL.match(line):
            return line[:-1]
        return None

    def first_label(self) -> int | None:
        """The first field label within three blocks of the date line."""
        i = self.after_date
        return next((j for j in range(i, min(i + 3, len(self.blocks))) if self.label(j)), None)
