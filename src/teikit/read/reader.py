"""The reader: a transcription becomes a stream of events.

The reader knows the transcription convention and nothing of TEI.  It finds the
metadata block, splits the body into the original and the translation, each
into opener, paragraphs and closer, and reads the editorial brackets (nested to
any depth, spanning blank lines) by the rules of a profile.  The events it
yields speak of the convention (a field, a paragraph, a rule with its label, a
line break); the builder turns them into TEI.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from .. import dates, languages
from ..errors import Diagnostic, TeikitError
from ..profiles import Label, Profile, Rule, fill, matchers
from .source import Source

# --------------------------------------------------------------------------- events


@dataclass(frozen=True)
class Event:
    """Base of all reader events."""


@dataclass(frozen=True)
class DocDate(Event):
    """The date line at the top of the metadata block."""

    text: str
    line: int


@dataclass(frozen=True)
class DocTitle(Event):
    """The title line of the metadata block (with its number and note mark in FRUS)."""

    text: str
    line: int
    n: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Layout(Event):
    """The order of the metadata's parts and the body, when it is not the PDF export's."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class MetaField(Event):
    """A labelled field of the metadata block; ``lines`` has "" for blank lines."""

    label: str
    lines: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class FieldOrder(Event):
    """The order of the fields, when it is not the profile's."""

    labels: tuple[str, ...]


@dataclass(frozen=True)
class StartSection(Event):
    """Start of the original text or of the translation."""

    kind: str
    lang: str
    line: int


@dataclass(frozen=True)
class EndSection(Event):
    """End of a section."""


@dataclass(frozen=True)
class StartRegion(Event):
    """Start of the opener or closer of a letter."""

    region: str
    line: int


@dataclass(frozen=True)
class EndRegion(Event):
    """End of an opener or closer."""


@dataclass(frozen=True)
class StartParagraph(Event):
    """Start of a paragraph."""

    line: int


@dataclass(frozen=True)
class EndParagraph(Event):
    """End of a paragraph."""


@dataclass(frozen=True)
class VerticalSpace(Event):
    """More than one blank line between two blocks."""

    blank_lines: int
    line: int


@dataclass(frozen=True)
class Text(Event):
    """Characters of the transcription, as they are."""

    text: str
    line: int
    column: int


@dataclass(frozen=True)
class LineBreak(Event):
    """A line break; ``hyphenated`` when a word runs on across it."""

    hyphenated: bool
    line: int


@dataclass(frozen=True)
class PageBreak(Event):
    """A blank line inside a sentence: the page turns."""

    line: int


@dataclass
class Explained:
    """How one bracket, line, block or phrase was read: for ``--explain``.

    ``element`` is the TEI element the rule made (the builder fills it in);
    ``note`` says why a choice was uncertain, or what is missing.
    """

    kind: str
    line: int
    column: int
    source: str
    rule: str
    note: str = ""
    element: Any = None

    def tei(self) -> str:
        """The TEI made, serialised without namespace declarations."""
        if self.element is None:
            return ""
        el = copy.deepcopy(self.element)
        el.tail = None
        out = etree.tostring(el, encoding="unicode")
        return re.sub(r' xmlns(?::\w+)?="[^"]*"', "", out)

    def as_dict(self) -> dict[str, Any]:
        """The record as a JSON-ready mapping."""
        return {
            "kind": self.kind,
            "line": self.line,
            "column": self.column,
            "source": self.source,
            "rule": self.rule,
            "tei": self.tei(),
            "note": self.note,
        }


@dataclass(frozen=True)
class StartRule(Event):
    """Start of the content of a rule (bracket, line, block or phrase) with its label spelling.

    The events up to the matching :class:`EndRule` fill the rule's default slot
    (``content`` or ``raw``), except those between :class:`StartSlot` and
    :class:`EndSlot`, which fill the slot named there.
    """

    rule: Rule
    spelling: Label | None
    line: int
    column: int
    params: tuple[tuple[str, str], ...] = ()
    record: Explained | None = None


@dataclass(frozen=True)
class EndRule(Event):
    """End of a rule's content."""


@dataclass(frozen=True)
class StartSlot(Event):
    """Start of the content of a named slot of the current rule (``extent``, ``after`` ...)."""

    name: str


@dataclass(frozen=True)
class EndSlot(Event):
    """End of a named slot."""


@dataclass(frozen=True)
class Register(Event):
    """People the text names by labels (speakers): id, the labels used for them."""

    people: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Warn(Event):
    """A warning for the user."""

    diagnostic: Diagnostic


# --------------------------------------------------------------------------- syntax


@dataclass
class Seg:
    """A stretch of source text [start, end) without brackets."""

    start: int
    end: int


@dataclass
class Group:
    """A bracket: '[' at ``start``, ']' at ``end``, and what lies between."""

    start: int
    end: int
    children: list[Seg | Group] = field(default_factory=list)


Node = Seg | Group


@dataclass
class RuleItem:
    """A resolved bracket: the rule, its spelling, its slots and parameters.

    ``start`` and ``end`` span the source it covers (with the text before or
    after the bracket that an extent takes); ``children`` fill the default slot,
    ``slots`` the others.
    """

    rule: Rule
    spelling: Label | None
    start: int
    end: int
    children: list[Item]
    raw: bool = False
    slots: dict[str, list[Item]] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    record: Explained | None = None


Item = Seg | RuleItem


@dataclass
class Block:
    """Top-level nodes between blank lines, with the blank lines before them."""

    nodes: list[Node]
    start: int
    end: int
    gap: int


_FIELD = re.compile(r"^[A-Z][A-Za-z][A-Za-z &’'()/-]{0,38}:$")
_WORDS = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_SUPPLIED = re.compile(r"^[^\W\d_]+(?:['’-][^\W\d_]+)*(?: [^\W\d_]+(?:['’-][^\W\d_]+)*)*$")
_BRACKETS = re.compile(r"[\[\]]")
MAX_DEPTH = 50  # editorial brackets nest two or three deep; far more is not a transcription
_SENTENCE_END = re.compile(r"[.!?:;»”\")\]]$")


def parse_brackets(text: str, start: int, end: int, source: Source) -> list[Node]:
    """Nest the brackets of ``text[start:end]`` by depth; report stray and unclosed ones."""
    top: list[Node] = []
    current = top
    stack: list[tuple[Group, list[Node]]] = []
    seg_start = start
    for m in _BRACKETS.finditer(text, start, end):
        i = m.start()
        if seg_start < i:
            current.append(Seg(seg_start, i))
        if m.group() == "[":
            if len(stack) >= MAX_DEPTH:
                line, col = source.position(i)
                raise TeikitError(
                    f"brackets nested more than {MAX_DEPTH} deep",
                    path=source.name,
                    line=line,
                    column=col,
                    code="too-deep",
                )
            group = Group(i, -1)
            current.append(group)
            stack.append((group, current))
            current = group.children
        else:
            if not stack:
                line, col = source.position(i)
                raise TeikitError(
                    "a ']' closes no bracket",
                    path=source.name,
                    line=line,
                    column=col,
                    code="stray-bracket",
                )
            group, current = stack.pop()
            group.end = i
        seg_start = i + 1
    if stack:
        opened = stack[0][0]
        line, col = source.position(opened.start)
        raise TeikitError(
            f"the bracket opened here is never closed ({len(stack)} unclosed)",
            path=source.name,
            line=line,
            column=col,
            code="unclosed-bracket",
        )
    if seg_start < end:
        current.append(Seg(seg_start, end))
    return top


def split_blocks(text: str, nodes: list[Node], start: int, gap: int) -> list[Block]:
    """Split top-level nodes at blank lines (never inside a bracket)."""
    blocks: list[Block] = []
    current: list[Node] = []
    block_start = start
    for node in nodes:
        if isinstance(node, Group):
            if not current:
                block_start = node.start
            current.append(node)
            continue
        pos = node.start
        for m in re.finditer(r"\n(\n+)", text[node.start : node.end]):
            a, b = node.start + m.start(), node.start + m.end()
            if pos < a:
                if not current:
                    block_start = pos
                current.append(Seg(pos, a))
            if current:
                blocks.append(Block(current, block_start, a, gap))
            current = []
            gap = len(m.group(1))
            pos = b
        if pos < node.end:
            if not current:
                block_start = pos
            current.append(Seg(pos, node.end))
    if current:
        end = current[-1].end + (1 if isinstance(current[-1], Group) else 0)
        blocks.append(Block(current, block_start, end, gap))
    return blocks


def split_lines(text: str, nodes: list[Node]) -> list[list[Node]]:
    """Split top-level nodes at line breaks (a bracket stays on the line it opens)."""
    lines: list[list[Node]] = [[]]
    for node in nodes:
        if isinstance(node, Group):
            lines[-1].append(node)
            continue
        pos = node.start
        while True:
            nl = text.find("\n", pos, node.end)
            if nl < 0:
                if pos < node.end:
                    lines[-1].append(Seg(pos, node.end))
                break
            if pos < nl:
                lines[-1].append(Seg(pos, nl))
            lines.append([])
            pos = nl + 1
    return lines


def _node_end(node: Node) -> int:
    return node.end + 1 if isinstance(node, Group) else node.end


# --------------------------------------------------------------------------- reader


class Reader:
    """Reads one transcription by the rules of one profile."""

    def __init__(self, source: Source, profile: Profile, *, strict: bool = False) -> None:
        self.source = source
        self.text = source.text
        self.profile = profile
        self.strict = strict
        self.original_lang = "und"
        self.translation_lang = "en"
        self._once: set[str] = set()
        self.records: list[Explained] = []
        self.notes: dict[str, int] = {}  # endnote label -> offset of its block
        self.endnote_blocks: set[int] = set()  # offsets of blocks that are endnotes
        self.note_ids: set[str] = set()  # their xml:ids, the targets of references
        self.people: dict[str, str] = {}  # a speaker's label -> register id
        self.people_labels: dict[str, list[str]] = {}
        self.disabled: set[str] = set()  # block rules with too few matches here
        self._phrase_rules: dict[str, list[Rule]] = {}

    # ----------------------------------------------------------------- helpers

    def pos(self, offset: int) -> tuple[int, int]:
        """(line, column) in the original file."""
        return self.source.position(offset)

    def warn(self, code: str, message: str, offset: int | None) -> Warn:
        """A warning event at ``offset``."""
        line, col = self.pos(offset) if offset is not None else (None, None)
        return Warn(Diagnostic("warning", code, message, line, col, self.source.name))

    # ----------------------------------------------------------------- metadata

    def _raw_blocks(self) -> list[tuple[int, int, int]]:
        """(start, end, blank lines before) of every block, ignoring brackets."""
        out: list[tuple[int, int, int]] = []
        pos = 0
        gap = 0
        for m in re.finditer(r"\n(\n+)", self.text):
            out.append((pos, m.start(), gap))
            gap = len(m.group(1))
            pos = m.end()
        out.append((pos, len(self.text), gap))
        return out

    def read_metadata(self) -> tuple[list[Event], int, int]:
        """Metadata events; where the metadata at the top ends (0: none); where the body ends.

        Layouts: the PDF export (a date line, the title, ``Label:`` fields); the
        current web page (chrome such as ``Skip to content``, the date, the title,
        the funder line, the body, then an unlabelled summary and labelled fields
        such as ``Source`` and ``Rights``); the older web page (chrome, the date,
        the funder line, the summary and the citation string before the body);
        a FRUS heading (``79. Telegram From …1``).  A layout other than the PDF
        export's is recorded (a :class:`Layout` event) so that the writer can
        give it back.
        """
        blocks = self._raw_blocks()
        text = self.text
        meta = self.profile.metadata
        chrome = {str(c) for c in meta.get("chrome", [])}
        funder_prefix = str(meta.get("funder_line", "\0"))

        def single_line(i: int) -> str | None:
            if i >= len(blocks):
                return None
            a, b, _ = blocks[i]
            chunk = text[a:b]
            return chunk if "\n" not in chunk else None

        def is_label(i: int) -> str | None:
            line = single_line(i)
            if line is not None and _FIELD.match(line):
                return line[:-1]
            return None

        layout: list[str] = []
        events: list[Event] = []
        i = 0
        while (line := single_line(i)) is not None and line in chrome and blocks[i][2] <= 1:
            layout.append(f"chrome:{line}")
            i += 1
        heading = meta.get("heading")
        if heading and (line := single_line(i)) is not None:
            m = re.fullmatch(str(heading), line)
            if m and (i == 0 or blocks[i][2] == 1):
                a = blocks[i][0]
                events.append(DocTitle(m.group("title"), self.pos(a)[0], m.group("n"),
                                       m.groupdict().get("note")))
                layout.append("heading")
                events.append(Layout(tuple([*layout, "body"])))
                return events, blocks[i][1], len(text)
        start = i
        date_line = single_line(i)
        has_date = date_line is not None and dates.parse_date(date_line) is not None
        if has_date:
            i += 1
        first_label = next((j for j in range(i, min(i + 3, len(blocks))) if is_label(j)), None)
        web = next(
            (j for j in range(i, min(i + 3, len(blocks)))
             if (single_line(j) or "").startswith(funder_prefix)),
            None,
        )
        if (
            web is not None
            and (first_label is None or web < first_label)
            and web - i <= 1
            and all(blocks[k][2] == 1 for k in range(max(start, 1), web + 1))
        ):
            return self._web_metadata(blocks, start, has_date, web, layout, chrome)
        if first_label is None or first_label - i > 1:
            warning = self.warn(
                "no-metadata", "no metadata block found; converting the body only", 0
            )
            return [warning], 0, len(text)
        if has_date:
            a, b, _ = blocks[start]
            events.append(DocDate(text[a:b], self.pos(a)[0]))
            layout.append("date")
        if first_label == i + 1:
            a, b, _ = blocks[i]
            events.append(DocTitle(text[a:b], self.pos(a)[0]))
            layout.append("title")
        labels: list[str] = []
        inner_gaps: set[int] = set()
        j = last = first_label
        while j < len(blocks):
            label = is_label(j)
            if label is None:
                break
            nxt = next((k for k in range(j + 1, min(j + 5, len(blocks))) if is_label(k)), None)
            if nxt is not None:
                values = list(range(j + 1, nxt))
            else:
                values = [j + 1] if j + 1 < len(blocks) else []
            lines: list[str] = []
            for n, k in enumerate(values):
                a, b, gap = blocks[k]
                if n:
                    lines.extend([""] * gap)
                    inner_gaps.add(k)
                lines.extend(text[a:b].split("\n"))
            events.append(MetaField(label, tuple(lines), self.pos(blocks[j][0])[0]))
            labels.append(label)
            last = values[-1] if values else j
            j = last + 1
        irregular = [k for k in range(1, last + 1) if blocks[k][2] != 1 and k not in inner_gaps]
        if irregular or len(set(labels)) != len(labels):
            offset = blocks[irregular[0]][0] if irregular else blocks[first_label][0]
            message = (
                "the metadata block has an irregular layout (more than one blank line "
                "between its parts, or a label given twice); converting it as body text"
            )
            return [self.warn("metadata-layout", message, offset)], 0, len(text)
        known = [f.label for f in self.profile.fields]
        default = [lab for lab in known if lab in labels] + [
            lab for lab in labels if lab not in known
        ]
        if labels != default:
            events.append(FieldOrder(tuple(labels)))
        if any(item.startswith("chrome:") for item in layout):
            events.append(Layout(tuple([*layout, "fields", "body"])))
        self._original_language(events)
        return events, blocks[last][1], len(text)

    def _original_language(self, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, MetaField) and event.label == "Original Language" and event.lines:
                code = languages.code_for(event.lines[0])
                if code:
                    self.original_lang = code

    def _web_metadata(
        self,
        blocks: list[tuple[int, int, int]],
        start: int,
        has_date: bool,
        funder: int,
        layout: list[str],
        chrome: set[str],
    ) -> tuple[list[Event], int, int]:
        """The metadata of a web page: before the body, and the labelled fields after it."""
        text = self.text
        events: list[Event] = []

        def chunk(i: int) -> str:
            return text[blocks[i][0] : blocks[i][1]]

        if has_date:
            events.append(DocDate(chunk(start), self.pos(blocks[start][0])[0]))
            layout.append("date")
        if funder > start + int(has_date):
            i = start + int(has_date)
            events.append(DocTitle(chunk(i), self.pos(blocks[i][0])[0]))
            layout.append("title")
        i = funder
        events.append(MetaField("Credits", (chunk(i),), self.pos(blocks[i][0])[0]))
        layout.append("funder-line")
        i += 1
        while i < len(blocks) and blocks[i][2] == 1:
            line = chunk(i)
            if line in chrome:
                layout.append(f"chrome:{line}")
            elif "citation-string" in layout:
                break  # one summary and one citation string, the summary first
            elif _is_citation(line):
                events.append(MetaField("Citation", (line,), self.pos(blocks[i][0])[0]))
                layout.append("citation-string")
            elif (
                "summary" not in layout
                and i + 1 < len(blocks)
                and _is_citation(chunk(i + 1))
                and blocks[i + 1][2] == 1
            ):
                events.append(
                    MetaField("Summary", tuple(line.split("\n")), self.pos(blocks[i][0])[0])
                )
                layout.append("summary")
            else:
                break
            i += 1
        if i >= len(blocks):
            return [self.warn("no-body", "a web page layout without a body", 0)], 0, len(text)
        body_start = blocks[i - 1][1]
        body_end = len(text)
        has_summary = "summary" in layout
        trailing = None if has_summary else self._web_trailing(blocks, i, chrome)
        tail_layout: list[str] = []
        if trailing is not None:
            first, fields, tail_layout = trailing
            body_end = blocks[first - 1][1]
            events.extend(fields)
        events.append(Layout(tuple([*layout, "body", *tail_layout])))
        self._original_language(events)
        return events, body_start, body_end

    def _web_trailing(
        self, blocks: list[tuple[int, int, int]], body: int, chrome: set[str]
    ) -> tuple[int, list[Event], list[str]] | None:
        """The labelled fields after the body of a web page (and the summary before them)."""
        text = self.text
        labels = {str(f["label"]) for f in self.profile.metadata.get("web_fields", [])}

        def label_of(i: int) -> str | None:
            line = text[blocks[i][0] : blocks[i][1]]
            if "\n" in line:
                return None
            bare = line[:-1] if line.endswith(":") else line
            return line if bare in labels else None

        first = next((k for k in range(body + 1, len(blocks)) if label_of(k)), None)
        if first is None:
            return None
        summary = first - 1
        if summary <= body or any(blocks[k][2] != 1 for k in range(summary, len(blocks))):
            return None
        depth = 0  # the fields must not stand inside a bracket of the body
        for ch in text[blocks[body][0] : blocks[summary][0]]:
            depth += {"[": 1, "]": -1}.get(ch, 0)
        if depth != 0:
            return None
        events: list[Event] = []
        layout = ["summary"]
        a, b, _ = blocks[summary]
        events.append(MetaField("Summary", tuple(text[a:b].split("\n")), self.pos(a)[0]))
        k = first
        while k < len(blocks):
            line = text[blocks[k][0] : blocks[k][1]]
            label = label_of(k)
            if label is None and line in chrome:
                layout.append(f"chrome:{line}")
                k += 1
                continue
            if label is None:
                return None
            values: list[str] = []
            m = k + 1
            while m < len(blocks) and label_of(m) is None and (
                text[blocks[m][0] : blocks[m][1]] not in chrome
            ):
                if values:
                    values.append("")
                values.extend(text[blocks[m][0] : blocks[m][1]].split("\n"))
                m += 1
            bare = label[:-1] if label.endswith(":") else label
            events.append(MetaField(bare, tuple(values), self.pos(blocks[k][0])[0]))
            layout.append(f"field:{label}")
            k = m
        names = [e.label for e in events if isinstance(e, MetaField)]
        if len(set(names)) != len(names):
            return None
        return summary, events, layout

    # ----------------------------------------------------------------- body

    def read(self) -> Iterator[Event]:
        """All events of the transcription, in order."""
        meta, meta_end, body_end = self.read_metadata()
        yield from meta
        contents = next(
            (e.lines for e in meta if isinstance(e, MetaField) and e.label == "Contents"), None
        )
        text = self.text
        body_start = meta_end
        while body_start < len(text) and text[body_start] == "\n":
            body_start += 1
        if body_start >= body_end:
            return
        declared = self.profile.metadata.get("original_language")
        if self.original_lang == "und" and declared:
            self.original_lang = str(declared)
        elif meta_end == 0:
            self.original_lang = "ru" if languages.evidence(text, "ru", "en") > 0 else "en"
        nodes = parse_brackets(text, body_start, body_end, self.source)
        gap = body_start - meta_end - 1 if meta_end else 0
        blocks = split_blocks(text, nodes, body_start, gap)
        self.prescan(blocks)
        if self.people_labels:
            yield Register(tuple((k, tuple(v)) for k, v in self.people_labels.items()))
        for kind, lang, section in self.sections(blocks, contents):
            yield from self.read_section(kind, lang, section)

    # ----------------------------------------------------------------- document passes

    def prescan(self, blocks: list[Block]) -> None:
        """What the whole document decides: its endnotes, and who speaks in it."""
        end_rules = [r for r in self.profile.blocks if "end" in r.zone]
        for block in reversed(blocks):
            found = None
            for rule in end_rules:
                match = self.match_block(rule, block)
                label = match.params.get("n") if match else None
                if match and label and label not in self.notes:
                    found = label
                    break
            if found is None or match is None:
                break
            self.notes[found] = block.start
            self.endnote_blocks.add(block.start)
            ident = _xml_id(rule, {**self.profile.params, **match.params})
            if ident:
                self.note_ids.add(ident)
        body = [b for b in blocks if b.start not in self.endnote_blocks]
        claimed: set[int] = set()  # blocks an earlier block rule reads (they are not turns)
        for rule in self.profile.blocks:
            if not rule.min_matches and not rule.register:
                claimed.update(b.start for b in body if self.match_block(rule, b) is not None)
                continue
            turns = [
                (b, m) for b in body
                if b.start not in claimed and (m := self.match_block(rule, b)) is not None
            ]
            matches = [m for _, m in turns]
            if len(matches) < rule.min_matches:
                self.disabled.add(rule.name)
                continue
            claimed.update(b.start for b, _ in turns)
            if rule.register:
                for match in matches:
                    self._register(match.params.get("name", ""), match.params.get("alias"))

    def _register(self, name: str, alias: str | None) -> None:
        """Give the speaker ``name`` (and the alias it declares) one register id."""
        name = name.strip()
        if not name:
            return
        ident = self.people.get(name)
        if ident is None:
            slug = "-".join(re.findall(r"[^\W_]+", name.lower())) or "x"
            ident = f"speaker-{slug}"
            taken = set(self.people.values())
            n = 2
            while ident in taken:
                ident = f"speaker-{slug}-{n}"
                n += 1
            self.people[name] = ident
            self.people_labels[ident] = [name]
        if alias:
            alias = alias.strip()
            if alias not in self.people:
                self.people[alias] = ident
                self.people_labels[ident].append(alias)

    # ----------------------------------------------------------------- sections

    def sections(
        self, blocks: list[Block], contents: tuple[str, ...] | None
    ) -> list[tuple[str, str, list[Block]]]:
        """Split the body blocks into the original text and the translation."""
        has_original = has_translation = None
        if contents is not None:
            has_original = any(
                re.search(r"original|transcript", c, re.I)
                and not re.search(r"translation", c, re.I)
                for c in contents
            )
            has_translation = any(re.search(r"translation", c, re.I) for c in contents)
            for item in contents:
                m = re.search(r"translation\s*[-–:]\s*(\w+)|(\w+)\s+translation", item, re.I)
                if m:
                    code = languages.code_for(m.group(1) or m.group(2))
                    if code:
                        self.translation_lang = code
        orig, trans = self.original_lang, self.translation_lang
        if orig in ("und", trans):
            kind = "original" if orig == trans else "translation"
            if contents is not None and has_original and not has_translation:
                kind = "original"
            return [(kind, trans if orig == "und" else orig, blocks)]
        if has_original is False or has_translation is False:
            kind = "translation" if has_translation else "original"
            return [(kind, trans if kind == "translation" else orig, blocks)]
        scores = [languages.evidence(self._plain(b), orig, trans) for b in blocks]
        values: list[float] = []
        total_trans = -sum(scores)
        running = 0.0
        for k in range(len(blocks) + 1):
            values.append(running + total_trans)
            if k < len(blocks):
                running += scores[k]
                total_trans += scores[k]
        best = max(values)
        best_k = values.index(best)
        # Where the language test leaves the boundary open by a block or two (a
        # signature, a date), the structure decides: the translation starts where the
        # document starts again (a second classification line, a second addressee).
        restarts = [
            k
            for k in range(1, len(blocks))
            if values[k] >= best - 1.0 and abs(k - best_k) <= 2 and self._restarts(blocks[k])
        ]
        if restarts:
            best_k = min(restarts, key=lambda k: abs(k - best_k))
        out: list[tuple[str, str, list[Block]]] = []
        if best_k > 0:
            out.append(("original", orig, blocks[:best_k]))
        if best_k < len(blocks):
            out.append(("translation", trans, blocks[best_k:]))
        return out

    def _restarts(self, block: Block) -> bool:
        """Does the block begin as a document begins (its first line a section-start rule)?"""
        starts = set(self.profile.metadata.get("section_starts", []))
        lines = split_lines(self.text, block.nodes)
        if not starts or not lines or not lines[0]:
            return False
        found = self.match_line("opener", lines[0])
        return found is not None and found.rule.name in starts

    def _span(self, block: Block) -> Iterator[Event]:
        if block.gap > 1:
            yield VerticalSpace(block.gap, self.pos(block.start)[0])

    def read_section(self, kind: str, lang: str, blocks: list[Block]) -> Iterator[Event]:
        """Events of one section: opener, heads, paragraphs and blocks, closer, endnotes."""
        yield StartSection(kind, lang, self.pos(blocks[0].start)[0])
        end = len(blocks)
        while end > 0 and blocks[end - 1].start in self.endnote_blocks:
            end -= 1
        if end:
            yield from self.read_main(blocks[:end])
        end_rules = [r for r in self.profile.blocks if "end" in r.zone]
        for block in blocks[end:]:
            yield from self._span(block)
            for rule in end_rules:
                match = self.match_block(rule, block)
                if match is not None:
                    yield from self.emit_block(block, match)
                    break
        yield EndSection()

    def read_main(self, blocks: list[Block]) -> Iterator[Event]:
        """Opener zone, body, closer of a section (its endnotes apart)."""
        kinds = [self.block_kind(b) for b in blocks]
        content = [i for i, k in enumerate(kinds) if k.tag in ("prose", "body")]
        if content:
            first, last = content[0], content[-1]
            while last + 1 < len(blocks) and self._continues(blocks[last], blocks[last + 1]):
                last += 1
        else:
            first, last = 0, len(blocks) - 1
        pending: list[Block] = []
        for i in range(first):
            if kinds[i].tag in ("head", "between"):
                if pending:
                    yield from self._span(pending[0])
                    yield from self.read_region("opener", pending)
                    pending = []
                yield from self._span(blocks[i])
                yield from self.emit_kind(blocks[i], kinds[i])
            else:
                pending.append(blocks[i])
        if pending:
            yield from self._span(pending[0])
            yield from self.read_region("opener", pending)
        i = first
        while i <= last:
            block = blocks[i]
            yield from self._span(block)
            if kinds[i].tag in ("body", "between"):
                yield from self.emit_kind(block, kinds[i])
                i += 1
                continue
            yield StartParagraph(self.pos(block.start)[0])
            yield from self.emit_items(self.resolve(block.nodes, ("body",)), ("body",))
            while (
                i < last
                and kinds[i + 1].tag not in ("body", "between")
                and self._continues(blocks[i], blocks[i + 1])
            ):
                i += 1
                yield PageBreak(self.pos(blocks[i].start)[0])
                yield from self.emit_items(self.resolve(blocks[i].nodes, ("body",)), ("body",))
            yield EndParagraph()
            i += 1
        if last + 1 < len(blocks):
            yield from self._span(blocks[last + 1])
            yield from self.read_region("closer", blocks[last + 1 :])

    def block_kind(self, block: Block) -> BlockKind:
        """What a block of a section is: a block rule's, a line rule's, prose or other."""
        if "\n" not in self.text[block.start : block.end]:
            found = self.match_line("body", block.nodes)
            if found is not None:
                return BlockKind("between", line=found)
        if len(block.nodes) == 1 and isinstance(block.nodes[0], Group):
            resolved = self.classify(block.nodes[0], None, None, ("body",))
            if resolved is not None and resolved.rule.between:
                return BlockKind("between", bracket=True)
        for rule in self.profile.blocks:
            if rule.name in self.disabled or not ({"head", "body"} & set(rule.zone)):
                continue
            match = self.match_block(rule, block)
            if match is not None:
                return BlockKind("body" if "body" in rule.zone else "head", block=match)
        return BlockKind("prose" if self.is_prose(block) else "other")

    def emit_kind(self, block: Block, kind: BlockKind) -> Iterator[Event]:
        """Events of a block that a block rule, a line rule or a bracket standing alone made."""
        if kind.bracket:
            yield from self.emit_items(self.resolve(block.nodes, ("body",)), ("body",))
        elif kind.line is not None:
            yield from self.emit_line(kind.line, ("body",))
        elif kind.block is not None:
            yield from self.emit_block(block, kind.block)

    def match_block(self, rule: Rule, block: Block) -> BlockMatch | None:
        """Match a block rule against a whole block: its slots and parameters, or None."""
        if rule.pattern is None:
            return None
        raw = self.text[block.start : block.end]
        m = rule.pattern.fullmatch(raw)
        if m is None:
            return None
        slots: dict[str, tuple[int, int]] = {}
        params: dict[str, str] = {**self.profile.params, **rule.params}
        values: dict[str, str] = {}
        for name, value in m.groupdict().items():
            if value is None:
                continue
            values[name] = value
            if name in rule.template.slots:
                a, b = block.start + m.start(name), block.start + m.end(name)
                if slice_nodes(block.nodes, a, b) is None:
                    return None
                slots[name] = (a, b)
            else:
                params[name] = value
        values.update(params)
        if _norm(rule.render(values)) != _norm(raw):
            return None
        _map_params(rule, params)
        return BlockMatch(rule, slots, params)

    def emit_block(self, block: Block, match: BlockMatch) -> Iterator[Event]:
        """Events of a block made by a block rule (its slots resolved and emitted)."""
        rule = match.rule
        params = dict(match.params)
        if rule.register:
            ident = self.people.get(params.get("name", "").strip())
            if ident:
                params["who"] = ident
        line, col = self.pos(block.start)
        record = Explained("block", line, col, self.text[block.start : block.end][:200], rule.name)
        self.records.append(record)
        yield StartRule(rule, None, line, col, tuple(params.items()), record)
        ctx = ("body", rule.name)
        default = rule.template.default
        for name, (a, b) in match.slots.items():
            if name == default:
                continue
            yield StartSlot(name)
            nodes = slice_nodes(block.nodes, a, b) or []
            yield from self.emit_items(self.resolve(nodes, ctx), ctx)
            yield EndSlot()
        if default in match.slots:
            a, b = match.slots[default]
            nodes = slice_nodes(block.nodes, a, b) or []
            yield from self.emit_items(self.resolve(nodes, ctx), ctx)
        yield EndRule()

    def _plain(self, block: Block) -> str:
        return self.text[block.start : block.end]

    def _is_annotation(self, block: Block) -> bool:
        """A block that is one bracket (with trailing punctuation at most)."""
        groups = [n for n in block.nodes if isinstance(n, Group)]
        if len(groups) != 1:
            return False
        rest = "".join(self.text[n.start : n.end] for n in block.nodes if isinstance(n, Seg))
        return not rest.strip(" .,;")

    def is_prose(self, block: Block) -> bool:
        """A block of running text (not a heading, signature or annotation)."""
        if self._is_annotation(block):
            return False
        plain = self._plain(block)
        longest = max(_word_count(line) for line in plain.split("\n"))
        return longest >= self.profile.prose_min_words

    def _continues(self, a: Block, b: Block) -> bool:
        """True when block ``b`` continues the sentence of ``a`` across one blank line."""
        if b.gap != 1:
            return False
        tail = self.text[a.start : a.end].rstrip()
        head = self.text[b.start : b.end]
        return (
            bool(tail)
            and not _SENTENCE_END.search(tail)
            and tail[-1] != "-"
            and head[:1].isalpha()
            and head[:1].islower()
        )

    # ----------------------------------------------------------------- regions and lines

    def read_region(self, region: str, blocks: list[Block]) -> Iterator[Event]:
        """Events of an opener or closer: line by line, with line rules applied."""
        yield StartRegion(region, self.pos(blocks[0].start)[0])
        self._once = set()
        ctx = (region,)
        for n, block in enumerate(blocks):
            if n:
                for _ in range(block.gap + 1):
                    yield LineBreak(False, self.pos(block.start)[0])
            lines = split_lines(self.text, block.nodes)
            k = 0
            prev: list[Node] | None = None
            while k < len(lines):
                if k:
                    prev_end = _node_end(prev[-1]) if prev else block.start
                    yield LineBreak(self._hyphenated(prev_end), self.pos(prev_end)[0])
                line_nodes = lines[k]
                prev = line_nodes
                k += 1
                if not line_nodes:
                    continue
                found = self.match_line(region, line_nodes)
                if found is not None and found.rule.continues is not None:
                    last = k - 1
                    while (
                        last + 1 < len(lines)
                        and lines[last + 1]
                        and found.rule.continues.search(self._raw(lines[last + 1]))
                    ):
                        last += 1
                    if last > k - 1:
                        a = found.content[0]
                        b = _node_end(lines[last][-1])
                        nodes = slice_nodes(block.nodes, a, b)
                        if nodes is not None:
                            found = LineMatch(found.rule, (a, b), found.params, nodes)
                            prev = lines[last]
                            k = last + 1
                if found is not None:
                    yield from self.emit_line(found, ctx)
                else:
                    yield from self.emit_items(self.resolve(line_nodes, ctx), ctx)
        yield EndRegion()

    def _raw(self, nodes: list[Node]) -> str:
        return self.text[nodes[0].start : _node_end(nodes[-1])]

    def match_line(self, region: str, nodes: list[Node]) -> LineMatch | None:
        """The first line rule of ``region`` that matches the line ``nodes``, or None."""
        start, end = nodes[0].start, _node_end(nodes[-1])
        raw = self.text[start:end]
        for rule in self.profile.lines:
            if region not in rule.regions:
                continue
            if rule.detector is not None:
                if not matchers.line_test(rule.detector)(raw, self.profile):
                    continue
                return LineMatch(rule, (start, end), {**self.profile.params, **rule.params}, nodes)
            if rule.pattern is None:
                continue
            m = rule.pattern.search(raw)
            if m is None:
                continue
            if rule.letterspaced:
                return LineMatch(rule, (start, end), {}, nodes)
            a, b = start, end
            params: dict[str, str] = {**self.profile.params, **rule.params}
            values: dict[str, str] = {}
            for name, value in m.groupdict().items():
                if value is None:
                    continue
                if name == "content":
                    a, b = start + m.start(name), start + m.end(name)
                else:
                    params[name] = value
            inner = slice_nodes(nodes, a, b)
            if inner is None:
                continue
            values.update(params)
            values["content"] = values["raw"] = self.text[a:b]
            if _norm(rule.render(values)) != _norm(raw):
                continue
            _map_params(rule, params)
            return LineMatch(rule, (a, b), params, inner)
        return None

    def emit_line(self, found: LineMatch, ctx: tuple[str, ...]) -> Iterator[Event]:
        """Events of a line (or lines) that a line rule wraps."""
        rule = found.rule
        a, b = found.content
        line, col = self.pos(a)
        if rule.letterspaced:
            words, uniform = self._letterspace(self.text[a:b])
            record = Explained("line", line, col, self.text[a:b], rule.name)
            self.records.append(record)
            spelling = Label("", "uniform" if uniform else None)
            yield StartRule(rule, spelling, line, col, (), record)
            yield Text(" ".join(words), line, col)
            yield EndRule()
            return
        start = found.nodes[0].start if found.nodes else a
        record = Explained("line", line, col, self.text[min(a, start) : b][:200], rule.name)
        self.records.append(record)
        params = tuple({**found.params, "lang": self.original_lang}.items())
        yield StartRule(rule, None, line, col, params, record)
        inner = (*ctx, rule.name)
        if rule.template.default is not None:
            yield from self.emit_items(self.resolve(found.nodes, inner), inner)
        yield EndRule()

    def _letterspace(self, raw: str) -> tuple[list[str], bool]:
        """The words of a letter-spaced line, and whether its gaps were all single."""
        groups = raw.split("  ")
        words = ["".join(g.split(" ")) for g in groups]
        if len(words) > 1:
            return words, False
        found = _segment(words[0], self.profile.letterspace_words)
        if found and len(found) > 1:
            return found, True
        return words, False

    # ----------------------------------------------------------------- brackets

    def site(
        self, group: Group, prev: Item | None, nxt: Node | None, ctx: tuple[str, ...]
    ) -> matchers.Site:
        """The bracket ``group`` with what surrounds it, for the matchers."""
        text = self.text
        line_start = text.rfind("\n", 0, group.start) + 1
        line_end = text.find("\n", group.end)
        if line_end < 0:
            line_end = len(text)
        before = prev.start if isinstance(prev, Seg) and prev.end == group.start else group.start
        after = nxt.end if isinstance(nxt, Seg) and nxt.start == group.end + 1 else group.end + 1
        return matchers.Site(
            text=text,
            start=group.start,
            end=group.end,
            content_start=group.start + 1,
            content_end=group.end,
            line_start=line_start,
            line_end=line_end,
            ctx=ctx,
            profile=self.profile,
            lang=self.original_lang,
            notes=frozenset(self.notes),
            limit_before=before,
            limit_after=after,
        )

    def classify(
        self, group: Group, prev: Item | None, nxt: Node | None = None, ctx: tuple[str, ...] = ()
    ) -> Resolution | None:
        """The first bracket rule whose conditions hold for ``group``, resolved."""
        site = self.site(group, prev, nxt, ctx)
        for rule in self.profile.brackets:
            found = self._try(rule, group, site)
            if found is not None:
                return found
        return None

    def _try(self, rule: Rule, group: Group, site: matchers.Site) -> Resolution | None:
        text = self.text
        inner_start, inner_end = group.start + 1, group.end
        content = text[inner_start:inner_end]
        if rule.within and not set(rule.within) & set(site.ctx):
            return None
        if rule.not_within and set(rule.not_within) & set(site.ctx):
            return None
        spelling: Label | None = None
        c0, c1 = inner_start, inner_end
        params: dict[str, str] = {**self.profile.params, **rule.params}
        if rule.labels:
            for candidate in rule.labels:
                head = candidate.text + rule.separator
                bare = candidate.text + rule.separator.rstrip()
                if content.startswith(head):
                    spelling, c0 = candidate, inner_start + len(head)
                    break
                if rule.separator.endswith(" ") and content.startswith(bare + "\n"):
                    spelling, c0 = candidate, inner_start + len(bare)
                    break
            else:
                return None
        elif rule.words:
            for candidate in rule.words:
                if content == candidate.text:
                    spelling, c0 = candidate, inner_end
                    break
            else:
                return None
        if rule.pattern is not None:
            m = rule.pattern.fullmatch(text, c0, c1)
            if m is None:
                return None
            for name, value in m.groupdict().items():
                if value is None:
                    continue
                if name == "content":
                    c0, c1 = m.span(name)
                else:
                    params[name] = value
        nested = any(
            isinstance(c, Group) and c0 <= c.start and c.end < c1 for c in group.children
        )
        if isinstance(rule.shape, dict) and not matchers.check_shape(
            rule.shape, site, text[c0:c1], nested
        ):
            return None
        if rule.context and not matchers.check_context(rule.context, site):
            return None
        extent = after = None
        if rule.extent:
            extent = matchers.EXTENTS[rule.extent](site)
            if extent is None:
                return None
        if rule.extent_after:
            after = matchers.EXTENTS_AFTER[rule.extent_after](site)
            if after is None:
                return None
        relation = rule.context.get("relation")
        if relation:
            span = extent or after
            other = text[span[0] : span[1]] if span else ""
            if not matchers.RELATIONS[str(relation)](other, text[c0:c1], self.profile):
                return None
        if not rule.template.raw and slice_nodes(group.children, c0, c1) is None:
            return None
        values = {"label": spelling.text if spelling else "", **params}
        values["content"] = values["raw"] = text[c0:c1]
        if extent:
            values["extent"] = text[extent[0] : extent[1]]
        if after:
            values["after"] = text[after[0] : after[1]]
        start = extent[0] if extent else group.start
        end = after[1] if after else group.end + 1
        if _norm(rule.render(values)) != _norm(text[start:end]):
            return None
        _map_params(rule, params)
        if rule.context.get("endnote") and not self._targets_resolve(rule, params):
            return None
        return Resolution(rule, spelling, (c0, c1), params, extent, after, start, end)

    def _targets_resolve(self, rule: Rule, params: dict[str, str]) -> bool:
        """Every pointer the rule's element would hold names a note listed at the end."""
        found = _pointers(rule, {**self.profile.params, **params})
        return bool(found) and found <= self.note_ids

    def resolve(self, nodes: list[Node], ctx: tuple[str, ...]) -> list[Item]:
        """Resolve brackets to rules (recursively), with the text their extents take."""
        items: list[Item] = []
        nodes = list(nodes)
        i = 0
        while i < len(nodes):
            node = nodes[i]
            i += 1
            if isinstance(node, Seg):
                items.append(node)
                continue
            prev = items[-1] if items else None
            nxt = nodes[i] if i < len(nodes) else None
            found = self.classify(node, prev, nxt, ctx)
            if found is None:  # no catch-all rule in the profile
                line, col = self.pos(node.start)
                raise TeikitError(
                    "bracket not recognised by any rule of the profile",
                    path=self.source.name,
                    line=line,
                    column=col,
                    code="unknown-bracket",
                )
            rule = found.rule
            line, col = self.pos(node.start)
            if self.strict and rule.reports:
                raw = self.text[node.start : node.end + 1]
                what = "unknown" if rule.warn else "ambiguous"
                why = rule.warn or rule.ambiguous
                raise TeikitError(
                    f"{what} bracket {raw[:60]!r} (rule {rule.name}: {why})",
                    path=self.source.name,
                    line=line,
                    column=col,
                    code=f"{what}-bracket",
                )
            slots: dict[str, list[Item]] = {}
            if found.extent is not None:
                a, b = found.extent
                assert isinstance(prev, Seg)
                items.pop()
                if prev.start < a:
                    items.append(Seg(prev.start, a))
                slots["extent"] = [Seg(a, b)]
            if found.after is not None:
                a, b = found.after
                assert isinstance(nxt, Seg)
                slots["after"] = [Seg(a, b)]
                if b < nxt.end:
                    nodes[i] = Seg(b, nxt.end)
                else:
                    del nodes[i]
            c0, c1 = found.content
            inner_ctx = (*ctx, rule.name)
            if rule.template.default is None:
                children: list[Item] = []
            elif rule.template.raw:
                children = [Seg(c0, c1)] if c0 < c1 else []
            else:
                sub = slice_nodes(node.children, c0, c1) or []
                children = self.resolve(sub, inner_ctx)
            note = rule.ambiguous or rule.warn or ""
            record = Explained(
                "bracket", line, col, self.text[found.start : found.end], rule.name, note
            )
            self.records.append(record)
            items.append(
                RuleItem(
                    rule,
                    found.spelling,
                    found.start,
                    found.end,
                    children,
                    raw=rule.template.raw,
                    slots=slots,
                    params=found.params,
                    record=record,
                )
            )
        return items

    # ----------------------------------------------------------------- emission

    def emit_items(self, items: list[Item], ctx: tuple[str, ...]) -> Iterator[Event]:
        """Events for resolved items in context ``ctx`` (region and enclosing rules)."""
        for item in items:
            if isinstance(item, Seg):
                yield from self.emit_text(item.start, item.end, ctx)
                continue
            rule = item.rule
            line, col = self.pos(item.start)
            params = tuple({**item.params, "lang": self.original_lang}.items())
            yield StartRule(rule, item.spelling, line, col, params, item.record)
            inner = (*ctx, rule.name)
            for name, slot_items in item.slots.items():
                yield StartSlot(name)
                text_slot = rule.template.slots[name].where != "element"
                for sub in slot_items:
                    assert isinstance(sub, Seg)
                    yield from self.emit_text(sub.start, sub.end, inner, phrases=not text_slot)
                yield EndSlot()
            if item.raw:
                for child in item.children:
                    assert isinstance(child, Seg)
                    yield from self.emit_text(child.start, child.end, inner, phrases=False)
            else:
                yield from self.emit_items(item.children, inner)
            yield EndRule()
            if rule.reports:
                raw = self.text[item.start : item.end]
                message = rule.warn or rule.ambiguous
                code = rule.name if rule.warn else f"ambiguous-{rule.name}"
                yield self.warn(code, f"{message}: {raw[:60]!r}", item.start)

    def _hyphenated(self, newline: int) -> bool:
        """True when the line ending at offset ``newline`` breaks a word with a hyphen."""
        text = self.text
        return (
            newline >= 2
            and text[newline - 1] == "-"
            and text[newline - 2].isalpha()
            and newline + 1 < len(text)
            and text[newline + 1].isalpha()
            and text[newline + 1].islower()
        )

    def emit_text(
        self, start: int, end: int, ctx: tuple[str, ...], *, phrases: bool = True
    ) -> Iterator[Event]:
        """Text and line breaks of ``text[start:end]``, with phrase rules applied."""
        text = self.text
        pos = start
        while pos <= end:
            nl = text.find("\n", pos, end)
            piece_end = end if nl < 0 else nl
            if pos < piece_end:
                if phrases:
                    yield from self.emit_phrases(pos, piece_end, ctx)
                else:
                    line, col = self.pos(pos)
                    yield Text(text[pos:piece_end], line, col)
            if nl < 0:
                break
            yield LineBreak(self._hyphenated(nl), self.pos(nl)[0])
            pos = nl + 1

    def emit_phrases(self, start: int, end: int, ctx: tuple[str, ...]) -> Iterator[Event]:
        """Text of one line piece, wrapping the stretches that phrase rules find."""
        text = self.text
        piece = text[start:end]
        spans: list[tuple[int, int, int, int, Rule, dict[str, str]]] = []
        for rule in self._phrases_in(ctx[-1] if ctx else ""):  # the innermost context
            if rule.not_within and set(rule.not_within) & set(ctx):
                continue
            if rule.once and rule.name in self._once:
                continue
            for a, b, c0, c1, params in self._phrase_spans(rule, piece):
                if rule.anchor in ("line-start", "line") and not (
                    a == 0 and (start == 0 or text[start - 1] == "\n")
                ):
                    continue
                if rule.anchor in ("line-end", "line") and not (
                    b == len(piece) and (end == len(text) or text[end] == "\n")
                ):
                    continue
                spans.append((a, b, c0, c1, rule, params))
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        pos = 0
        for a, b, c0, c1, rule, params in spans:
            if a < pos:
                continue
            if rule.once:
                if rule.name in self._once:
                    continue
                self._once.add(rule.name)
            if pos < a:
                line, col = self.pos(start + pos)
                yield Text(piece[pos:a], line, col)
            line, col = self.pos(start + a)
            filled = tuple({**params, "lang": self.original_lang}.items())
            record = Explained("phrase", line, col, piece[a:b], rule.name)
            self.records.append(record)
            yield StartRule(rule, None, line, col, filled, record)
            if c0 < c1:
                yield Text(piece[c0:c1], *self.pos(start + c0))
            yield EndRule()
            pos = b
        if pos < len(piece):
            line, col = self.pos(start + pos)
            yield Text(piece[pos:], line, col)

    def _phrases_in(self, context: str) -> list[Rule]:
        """The phrase rules that apply inside ``context``, in profile order."""
        found = self._phrase_rules.get(context)
        if found is None:
            found = [r for r in self.profile.phrases if context in r.within]
            self._phrase_rules[context] = found
        return found

    def _phrase_spans(
        self, rule: Rule, piece: str
    ) -> list[tuple[int, int, int, int, dict[str, str]]]:
        """(start, end, content start, content end, parameters) of each stretch found."""
        if rule.detector == "date":
            return [(d.start, d.end, d.start, d.end, {}) for d in dates.find_phrases(piece)]
        if rule.detector == "transliteration":
            return [
                (m.start(), m.end(), m.start(), m.end(), {})
                for m in re.finditer(r"(?<![\w/])[a-z]+(?![\w/])", piece)
                if languages.looks_transliterated(m.group(), self.original_lang)
            ]
        if rule.pattern is None:
            return []
        out = []
        transparent = not rule.writes_back
        for m in rule.pattern.finditer(piece):
            params = {k: v for k, v in m.groupdict().items() if v is not None and k != "content"}
            if "content" in rule.pattern.groupindex and m.group("content") is not None:
                c0, c1 = m.span("content")
            else:
                c0, c1 = m.span()
            a, b = (c0, c1) if transparent else m.span()
            if rule.context.get("endnote") and not self._targets_resolve(
                rule, {**params, "content": piece[c0:c1]}
            ):
                continue
            if not transparent:
                values = {**params, "content": piece[c0:c1]}
                if rule.render(values) != piece[a:b]:
                    continue
            params = {**self.profile.params, **rule.params, **params}
            _map_params(rule, params)
            out.append((a, b, c0, c1, params))
        return out


@dataclass
class Resolution:
    """A bracket rule that fits: its spelling, content span, parameters and extents."""

    rule: Rule
    spelling: Label | None
    content: tuple[int, int]
    params: dict[str, str]
    extent: tuple[int, int] | None
    after: tuple[int, int] | None
    start: int
    end: int


@dataclass
class LineMatch:
    """A line rule that fits a line: the content span, parameters and content nodes."""

    rule: Rule
    content: tuple[int, int]
    params: dict[str, str]
    nodes: list[Node]


@dataclass
class BlockMatch:
    """A block rule that fits a block: its slots (spans) and parameters."""

    rule: Rule
    slots: dict[str, tuple[int, int]]
    params: dict[str, str]


@dataclass
class BlockKind:
    """What a block is: ``prose``, ``other``, ``head``/``body`` (a block rule), ``between``."""

    tag: str
    block: BlockMatch | None = None
    line: LineMatch | None = None
    bracket: bool = False


def slice_nodes(nodes: list[Node], a: int, b: int) -> list[Node] | None:
    """The nodes within [a, b) (text cut at the edges); None when a bracket is cut."""
    out: list[Node] = []
    for node in nodes:
        start, end = node.start, _node_end(node)
        if end <= a or start >= b:
            continue
        if isinstance(node, Group):
            if start < a or end > b:
                return None
            out.append(node)
        else:
            out.append(Seg(max(start, a), min(end, b)))
    return out


def _norm(text: str) -> str:
    """Text as the round trip compares it: no spaces before a line break."""
    return re.sub(r"[ \t]+\n", "\n", text)


def _filled_attributes(rule: Rule, params: dict[str, str]) -> Iterator[tuple[str, str]]:
    for el in rule.template.root.iter():
        for key, value in el.attrib.items():
            yield str(key), fill(str(value), params)


def _xml_id(rule: Rule, params: dict[str, str]) -> str | None:
    """The xml:id the rule's element gets with ``params`` (None without one)."""
    for key, value in _filled_attributes(rule, params):
        if key.endswith("}id") and "{" not in value:
            return value
    return None


def _pointers(rule: Rule, params: dict[str, str]) -> set[str]:
    """The ``#id`` pointers in the ``@target`` of the rule's element with ``params``."""
    return {
        tok[1:]
        for key, value in _filled_attributes(rule, params)
        if key == "target"
        for tok in value.split()
        if tok.startswith("#") and "{" not in tok
    }


def _map_params(rule: Rule, params: dict[str, str]) -> None:
    """Normalise parameters: a group ``name_2`` fills ``name``; values go through the maps.

    A value its map does not list is kept, unless the map has ``"*"``: then it
    becomes that (an empty ``"*"`` drops the parameter).
    """
    for key in [k for k in params if re.fullmatch(r"\w+_\d+", k)]:
        value = params.pop(key)
        params.setdefault(key.rsplit("_", 1)[0], value)
    for name, table in rule.maps.items():
        if name in params:
            value = table.get(params[name].lower(), table.get("*", params[name]))
            if value:
                params[name] = value
            else:
                del params[name]


def _word_count(line: str) -> int:
    """Words on a line; a letter-spaced line (single letters) counts its groups."""
    words = _WORDS.findall(line)
    if len(words) >= 3 and all(len(w) == 1 for w in words):
        return len(line.split("  "))
    return len(words)


def _is_citation(text: str) -> bool:
    """A citation string of the web page: a quoted title, a date, the archive, a signature."""
    return bool(re.match(r'^["“].+?,?["”],? ', text)) and "Archive" in text and "\n" not in text


def _segment(letters: str, words: tuple[str, ...]) -> list[str] | None:
    """Split ``letters`` into known words (fewest words), or None."""
    best: list[list[str] | None] = [None] * (len(letters) + 1)
    best[0] = []
    for i in range(len(letters)):
        current = best[i]
        if current is None:
            continue
        for word in words:
            if letters.startswith(word, i):
                candidate = [*current, word]
                slot = best[i + len(word)]
                if slot is None or len(candidate) < len(slot):
                    best[i + len(word)] = candidate
    return best[len(letters)]


def read(source: Source, profile: Profile, *, strict: bool = False) -> Iterator[Event]:
    """Read ``source`` by ``profile``: the event stream of the transcription."""
    return Reader(source, profile, strict=strict).read()
