"""The reader: a transcription becomes a stream of events.

The reader knows the transcription convention and nothing of TEI.  It finds the
metadata block, splits the body into the original and the translation, each
into opener, paragraphs and closer, and reads the editorial brackets (nested to
any depth, spanning blank lines) by the rules of a profile.  The events it
yields speak of the convention (a field, a paragraph, a rule with its label, a
line break); the builder turns them into TEI.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from . import dates, languages
from .conventions import Label, Profile, Rule
from .errors import Diagnostic, TeikitError
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
    """The title line of the metadata block."""

    text: str
    line: int


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


@dataclass(frozen=True)
class StartRule(Event):
    """Start of the content of a rule (bracket, line or phrase) with its label spelling."""

    rule: Rule
    spelling: Label | None
    line: int
    column: int
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class EndRule(Event):
    """End of a rule's content."""


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
    """A resolved bracket or phrase: the rule, its spelling, and its content."""

    rule: Rule
    spelling: Label | None
    start: int
    end: int
    children: list[Item]
    raw: bool = False


Item = Seg | RuleItem


@dataclass
class Block:
    """Top-level nodes between blank lines, with the blank lines before them."""

    nodes: list[Node]
    start: int
    end: int
    gap: int


_LABEL = re.compile(r"([^\[\]:\n]{1,60}):(?: |(?=\n))")
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

    def __init__(self, source: Source, profile: Profile) -> None:
        self.source = source
        self.text = source.text
        self.profile = profile
        self.original_lang = "und"
        self.translation_lang = "en"
        self._once: set[str] = set()

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

    def read_metadata(self) -> tuple[list[Event], int]:
        """Metadata events and the offset where the metadata block ends (0: none)."""
        blocks = self._raw_blocks()
        text = self.text

        def single_line(i: int) -> str | None:
            a, b, _ = blocks[i]
            chunk = text[a:b]
            return chunk if "\n" not in chunk else None

        def is_label(i: int) -> str | None:
            line = single_line(i)
            if line is not None and _FIELD.match(line):
                return line[:-1]
            return None

        i = 0
        date_line = single_line(0)
        has_date = date_line is not None and dates.parse_date(date_line) is not None
        if has_date:
            i = 1
        first_label = next((j for j in range(i, min(i + 3, len(blocks))) if is_label(j)), None)
        if first_label is None or first_label - i > 1:
            warning = self.warn(
                "no-metadata", "no metadata block found; converting the body only", 0
            )
            return [warning], 0
        events: list[Event] = []
        if has_date:
            events.append(DocDate(text[blocks[0][0] : blocks[0][1]], self.pos(blocks[0][0])[0]))
        if first_label == i + 1:
            a, b, _ = blocks[i]
            events.append(DocTitle(text[a:b], self.pos(a)[0]))
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
            return [self.warn("metadata-layout", message, offset)], 0
        known = [f.label for f in self.profile.fields]
        default = [lab for lab in known if lab in labels] + [
            lab for lab in labels if lab not in known
        ]
        if labels != default:
            events.append(FieldOrder(tuple(labels)))
        for event in events:
            if isinstance(event, MetaField) and event.label == "Original Language" and event.lines:
                code = languages.code_for(event.lines[0])
                if code:
                    self.original_lang = code
        return events, blocks[last][1]

    # ----------------------------------------------------------------- body

    def read(self) -> Iterator[Event]:
        """All events of the transcription, in order."""
        meta, meta_end = self.read_metadata()
        yield from meta
        contents = next(
            (e.lines for e in meta if isinstance(e, MetaField) and e.label == "Contents"), None
        )
        text = self.text
        body_start = meta_end
        while body_start < len(text) and text[body_start] == "\n":
            body_start += 1
        if body_start >= len(text):
            return
        if meta_end == 0:
            self.original_lang = "ru" if languages.evidence(text, "ru", "en") > 0 else "en"
        nodes = parse_brackets(text, body_start, len(text), self.source)
        gap = body_start - meta_end - 1 if meta_end else 0
        blocks = split_blocks(text, nodes, body_start, gap)
        for kind, lang, section in self.sections(blocks, contents):
            yield from self.read_section(kind, lang, section)

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
        best_k, best = 0, float("-inf")
        total_trans = -sum(scores)
        running = 0.0
        for k in range(len(blocks) + 1):
            value = running + total_trans
            if value > best:
                best_k, best = k, value
            if k < len(blocks):
                running += scores[k]
                total_trans += scores[k]
        out: list[tuple[str, str, list[Block]]] = []
        if best_k > 0:
            out.append(("original", orig, blocks[:best_k]))
        if best_k < len(blocks):
            out.append(("translation", trans, blocks[best_k:]))
        return out

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
        longest = max(len(_WORDS.findall(line)) for line in plain.split("\n"))
        return longest >= self.profile.prose_min_words

    def read_section(self, kind: str, lang: str, blocks: list[Block]) -> Iterator[Event]:
        """Events of one section: opener, paragraphs, closer."""
        yield StartSection(kind, lang, self.pos(blocks[0].start)[0])
        prose = [i for i, b in enumerate(blocks) if self.is_prose(b)]
        if prose:
            first, last = prose[0], prose[-1]
            while last + 1 < len(blocks) and self._continues(blocks[last], blocks[last + 1]):
                last += 1
        else:
            first, last = 0, len(blocks) - 1
        if blocks[0].gap > 1:
            yield VerticalSpace(blocks[0].gap, self.pos(blocks[0].start)[0])
        if first > 0:
            yield from self.read_region("opener", blocks[:first])
        i = first
        while i <= last:
            block = blocks[i]
            if (i > first or first > 0) and block.gap > 1:
                yield VerticalSpace(block.gap, self.pos(block.start)[0])
            yield StartParagraph(self.pos(block.start)[0])
            yield from self.emit_items(self.resolve(block.nodes, ("body",)), ("body",))
            while i < last and self._continues(blocks[i], blocks[i + 1]):
                i += 1
                yield PageBreak(self.pos(blocks[i].start)[0])
                yield from self.emit_items(self.resolve(blocks[i].nodes, ("body",)), ("body",))
            yield EndParagraph()
            i += 1
        if last + 1 < len(blocks):
            if blocks[last + 1].gap > 1:
                yield VerticalSpace(blocks[last + 1].gap, self.pos(blocks[last + 1].start)[0])
            yield from self.read_region("closer", blocks[last + 1 :])
        yield EndSection()

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
            for k, line_nodes in enumerate(lines):
                if k:
                    prev_end = _node_end(lines[k - 1][-1]) if lines[k - 1] else block.start
                    yield LineBreak(self._hyphenated(prev_end), self.pos(prev_end)[0])
                if not line_nodes:
                    continue
                yield from self.read_line(region, line_nodes, ctx)
        yield EndRegion()

    def read_line(self, region: str, nodes: list[Node], ctx: tuple[str, ...]) -> Iterator[Event]:
        """One line of a region: wrapped by the first line rule that matches it."""
        start, end = nodes[0].start, _node_end(nodes[-1])
        raw = self.text[start:end]
        line, col = self.pos(start)
        for rule in self.profile.lines:
            if rule.region != region or rule.pattern is None or not rule.pattern.search(raw):
                continue
            if rule.letterspaced:
                words, uniform = self._letterspace(raw)
                yield StartRule(rule, Label("", "uniform" if uniform else None), line, col)
                yield Text(" ".join(words), line, col)
                yield EndRule()
                return
            yield StartRule(rule, None, line, col)
            yield from self.emit_items(self.resolve(nodes, (*ctx, rule.name)), (*ctx, rule.name))
            yield EndRule()
            return
        yield from self.emit_items(self.resolve(nodes, ctx), ctx)

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

    def classify(self, group: Group, prev: Item | None) -> tuple[Rule, Label | None, int] | None:
        """The bracket rule for ``group``: (rule, spelling, offset where content starts)."""
        text = self.text
        inner_start, inner_end = group.start + 1, group.end
        content = text[inner_start:inner_end]
        label = _LABEL.match(content)
        before = text[group.start - 1] if group.start > 0 else " "
        after = text[group.end + 1] if group.end + 1 < len(text) else " "
        for rule in self.profile.brackets:
            if rule.labels:
                if label is None:
                    continue
                for spelling in rule.labels:
                    if spelling.text == label.group(1):
                        start = inner_start + label.end()
                        return rule, spelling, start
            elif rule.words:
                for spelling in rule.words:
                    if content == spelling.text:
                        if rule.extent and self._extent(prev, group) is None:
                            break
                        return rule, spelling, inner_end
            elif rule.shape == "any" or (
                isinstance(rule.shape, dict)
                and self._shape(rule.shape, group, content, before, after)
            ):
                return rule, None, inner_start
        return None

    def _shape(
        self, shape: dict[str, object], group: Group, content: str, before: str, after: str
    ) -> bool:
        if any(isinstance(c, Group) for c in group.children):
            return False
        if content.lower() in self.profile.reserved_words or any(
            word.lower() in self.profile.reserved_words for word in content.split()
        ):
            return False
        if shape.get("standalone") and (before.isalnum() or after.isalnum()):
            return False
        words = shape.get("words")
        if isinstance(words, list):
            if not _SUPPLIED.match(content):
                return False
            count = len(content.split(" "))
            return int(words[0]) <= count <= int(words[1])
        return True

    def _extent(self, prev: Item | None, group: Group) -> tuple[int, int] | None:
        """The erroneous extent before a mark such as [sic]: a date, else the word."""
        if not isinstance(prev, Seg) or prev.end != group.start:
            return None
        text = self.text
        if group.start - 1 < prev.start or text[group.start - 1] != " ":
            return None
        end = group.start - 1
        line_start = max(prev.start, text.rfind("\n", 0, end) + 1)
        chunk = text[line_start:end]
        found = dates.find_dates(chunk)
        if found and found[-1].end == len(chunk):
            return line_start + found[-1].start, end
        m = re.search(r"[^\s\[\]]+$", chunk)
        if m:
            return line_start + m.start(), end
        return None

    def resolve(self, nodes: list[Node], ctx: tuple[str, ...]) -> list[Item]:
        """Resolve brackets to rules (recursively) and phrase rules in the text between."""
        items: list[Item] = []
        for node in nodes:
            if isinstance(node, Seg):
                items.append(node)
                continue
            prev = items[-1] if items else None
            found = self.classify(node, prev)
            if found is None:  # no catch-all rule in the profile
                line, col = self.pos(node.start)
                raise TeikitError(
                    "bracket not recognised by any rule of the profile",
                    path=self.source.name,
                    line=line,
                    column=col,
                    code="unknown-bracket",
                )
            rule, spelling, content_start = found
            if rule.extent:
                extent = self._extent(prev, node)
                assert extent is not None and isinstance(prev, Seg)
                a, b = extent
                items.pop()
                if prev.start < a:
                    items.append(Seg(prev.start, a))
                items.append(RuleItem(rule, spelling, a, node.end + 1, [Seg(a, b)]))
                continue
            if rule.template.raw:
                children: list[Item] = (
                    [Seg(content_start, node.end)] if content_start < node.end else []
                )
                items.append(RuleItem(rule, spelling, node.start, node.end + 1, children, raw=True))
                continue
            sub: list[Node] = []
            for child in node.children:
                if isinstance(child, Seg):
                    if child.end <= content_start:
                        continue
                    if child.start < content_start:
                        child = Seg(content_start, child.end)
                sub.append(child)
            inner_ctx = (*ctx, rule.name)
            items.append(
                RuleItem(rule, spelling, node.start, node.end + 1, self.resolve(sub, inner_ctx))
            )
        return items

    # ----------------------------------------------------------------- emission

    def emit_items(self, items: list[Item], ctx: tuple[str, ...]) -> Iterator[Event]:
        """Events for resolved items in context ``ctx`` (region and enclosing rules)."""
        for item in items:
            if isinstance(item, Seg):
                yield from self.emit_text(item.start, item.end, ctx)
                continue
            line, col = self.pos(item.start)
            params = (("lang", self.original_lang),)
            yield StartRule(item.rule, item.spelling, line, col, params)
            inner = (*ctx, item.rule.name)
            if item.raw:
                for child in item.children:
                    assert isinstance(child, Seg)
                    yield from self.emit_text(child.start, child.end, inner, phrases=False)
            else:
                yield from self.emit_items(item.children, inner)
            yield EndRule()
            if item.rule.warn:
                raw = self.text[item.start : item.end]
                yield self.warn(item.rule.name, f"{item.rule.warn}: {raw[:60]!r}", item.start)

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
        spans: list[tuple[int, int, Rule]] = []
        for rule in self.profile.phrases:
            if not set(rule.within) & set(ctx):
                continue
            if rule.once and rule.name in self._once:
                continue
            for a, b in self._phrase_spans(rule, piece):
                if rule.anchor in ("line-start", "line") and not (
                    a == 0 and (start == 0 or text[start - 1] == "\n")
                ):
                    continue
                if rule.anchor in ("line-end", "line") and not (
                    b == len(piece) and (end == len(text) or text[end] == "\n")
                ):
                    continue
                spans.append((a, b, rule))
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        pos = 0
        for a, b, rule in spans:
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
            yield StartRule(rule, None, line, col, (("lang", self.original_lang),))
            yield Text(piece[a:b], line, col)
            yield EndRule()
            pos = b
        if pos < len(piece):
            line, col = self.pos(start + pos)
            yield Text(piece[pos:], line, col)

    def _phrase_spans(self, rule: Rule, piece: str) -> list[tuple[int, int]]:
        if rule.detector == "date":
            return [(d.start, d.end) for d in dates.find_dates(piece)]
        if rule.detector == "transliteration":
            return [
                (m.start(), m.end())
                for m in re.finditer(r"(?<![\w/])[a-z]+(?![\w/])", piece)
                if languages.looks_transliterated(m.group(), self.original_lang)
            ]
        if rule.pattern is not None:
            out = []
            for m in rule.pattern.finditer(piece):
                if "content" in rule.pattern.groupindex and m.group("content") is not None:
                    out.append((m.start("content"), m.end("content")))
                else:
                    out.append((m.start(), m.end()))
            return out
        return []


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


def read(source: Source, profile: Profile) -> Iterator[Event]:
    """Read ``source`` by ``profile``: the event stream of the transcription."""
    return Reader(source, profile).read()
