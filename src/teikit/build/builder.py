"""The builder: reader events become a TEI tree (lxml is the one document model).

The builder instantiates each rule's TEI template, records the source line of
every element it makes (lxml ``sourceline``, and a map that does not stop at
65,535 lines), notes which hands, witnesses and people the body points to, and
finally makes the header from the metadata and from that usage.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from ..errors import Diagnostic
from ..profiles import Instance, Profile, Rule
from ..read import events as ev
from ..read.source import Source
from ..tei import TEI_NS, UNCLOSED, XML_ID, XML_LANG, all_text, set_line, tei
from .citation import source_note_ms
from .header import Metadata, Usage, build_header


@dataclass
class Conversion:
    """The result of converting one transcription."""

    tree: etree._ElementTree
    source: Source
    profile: Profile
    meta: Metadata
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: dict[etree._Element, int] = field(default_factory=dict)
    records: list[ev.Explained] = field(default_factory=list)
    findings: list[Diagnostic] = field(default_factory=list)  # the cross-language checks
    enriched: dict[str, int] = field(default_factory=dict)  # what enrichment added
    profile_reason: str = "named"  # why this profile: named, or chosen by --profile auto

    def counts(self, part: str = "text") -> dict[str, int]:
        """How many elements of each name the ``text`` (or ``teiHeader``) has."""
        out: dict[str, int] = {}
        root = self.tree.getroot().find(tei(part))
        if root is None:
            return out
        for el in root.iter():
            if isinstance(el.tag, str):
                name = etree.QName(el).localname
                out[name] = out.get(name, 0) + 1
        return out


def append_text(parent: etree._Element, text: str) -> None:
    """Append ``text`` at the end of ``parent``'s content."""
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


class Builder:
    """Consumes reader events and builds the TEI document."""

    def __init__(self, source: Source, profile: Profile, version: str) -> None:
        self.source = source
        self.profile = profile
        self.version = version
        self.meta = Metadata()
        self.usage = Usage()
        self.diagnostics: list[Diagnostic] = []
        self.lines: dict[etree._Element, int] = {}
        self.text_el = etree.Element(tei("text"))
        self.body = etree.SubElement(self.text_el, tei("body"))
        self.stack: list[etree._Element] = [self.body]
        self.frames: list[tuple[Rule, Instance]] = []
        self.text_slots: dict[int, tuple[Instance, str]] = {}
        self._ids: set[str] = set()  # the xml:ids of the text so far
        self.people: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def _target(self, instance: Instance, name: str | None) -> etree._Element:
        """The element that events fill for slot ``name`` (a scratch one for text slots)."""
        if name is None:
            return instance.root
        el, slot = instance.slots[name]
        if slot.where == "element":
            return el
        scratch = etree.Element("scratch")
        self.text_slots[id(scratch)] = (instance, name)
        return scratch

    def _leave(self) -> None:
        """Pop the current target; a text slot's text goes to its place."""
        el = self.stack.pop()
        found = self.text_slots.pop(id(el), None)
        if found is not None:
            instance, name = found
            instance.fill_text(name, all_text(el))

    def mark(self, el: etree._Element, line: int) -> None:
        """Record the source line of ``el`` and of the elements inside it."""
        for sub in el.iter():
            if sub.sourceline is None:
                set_line(sub, line)
            self.lines.setdefault(sub, line)

    def make(self, name: str, line: int, **attrs: str) -> etree._Element:
        """A new element at the end of the current container."""
        el = etree.SubElement(self.stack[-1], tei(name))
        for key, value in attrs.items():
            el.set(key, value)
        self.mark(el, line)
        return el

    def feed(self, events: Iterable[ev.Event]) -> None:
        """Build from ``events``."""
        for event in events:
            self.handle(event)

    def handle(self, event: ev.Event) -> None:
        """Build from one event."""
        match event:
            case ev.Text(text=text):
                append_text(self.stack[-1], text)
            case ev.LineBreak(hyphenated=hyphenated, line=line):
                if not hyphenated:
                    append_text(self.stack[-1], "\n")
                lb = self.make("lb", line)
                if hyphenated:
                    lb.set("break", "no")
            case ev.PageBreak(line=line):
                append_text(self.stack[-1], "\n")
                self.make("pb", line)
            case ev.StartRule(
                rule=rule, spelling=spelling, line=line, params=params, record=record,
                unclosed=unclosed,
            ):
                rend = spelling.rend if spelling else None
                if unclosed:
                    rend = f"{rend} {UNCLOSED}" if rend else UNCLOSED
                instance = rule.template.instantiate(
                    dict(params), None if rule.letterspaced else rend
                )
                root = instance.root
                default = rule.template.default
                if rule.letterspaced and rend and default is not None:
                    slot = instance.slots[default][0]
                    slot.set("rend", " ".join([*(slot.get("rend") or "").split(), *rend.split()]))
                self.stack[-1].append(root)
                self.mark(root, line)
                self._unique_ids(root)
                self.frames.append((rule, instance))
                self.stack.append(self._target(instance, default))
                self.usage.pointers |= {
                    tok[1:]
                    for el in root.iter()
                    for key, value in el.attrib.items()
                    if key != XML_ID
                    for tok in str(value).split()
                    if tok.startswith("#")
                }
                if rule.name not in self.usage.rules:
                    self.usage.rules.append(rule.name)
                for sub in root.iter():
                    lang = sub.get(XML_LANG)
                    if lang and lang not in self.usage.languages:
                        self.usage.languages.append(lang)
                if record is not None:
                    record.element = root
            case ev.StartSlot(name=name):
                self.stack.append(self._target(self.frames[-1][1], name))
            case ev.EndSlot():
                self._leave()
            case ev.EndRule():
                self._leave()
                self.frames.pop()
            case ev.EndParagraph() | ev.EndRegion():
                self.stack.pop()
            case ev.Register(people=people):
                self.people = people
            case ev.StartParagraph(line=line):
                self.stack.append(self.make("p", line))
            case ev.StartRegion(region=region, line=line):
                self.stack.append(self.make(region, line))
            case ev.VerticalSpace(blank_lines=n, line=line):
                self.make("space", line, dim="vertical", quantity=str(n), unit="lines")
            case ev.StartSection(kind=kind, lang=lang, line=line):
                if self.body.sourceline is None:
                    self.mark(self.text_el, line)
                div = self.make("div", line, type=kind)
                div.set(XML_LANG, lang)
                self.stack.append(div)
                if lang not in self.usage.languages:
                    self.usage.languages.insert(
                        0 if kind == "original" else len(self.usage.languages), lang
                    )
            case ev.EndSection():
                self.stack.pop()
            case ev.DocDate(text=text, line=line):
                self.meta.date = (text, line)
            case ev.DocTitle(text=text, line=line, n=n, note=note):
                self.meta.title = (text, line)
                self.meta.title_n = n
                self.meta.title_note = note
            case ev.Layout(items=items):
                self.meta.layout = items
            case ev.MetaField(label=label, lines=lines, line=line):
                self.meta.fields.append((label, lines, line))
            case ev.FieldOrder(labels=labels):
                self.meta.order = labels
            case ev.OriginalLanguage(code=code, evidence=evidence):
                self.meta.original_language = (code, evidence)
            case ev.ImpliedDate(text=text, when=when, evidence=evidence):
                self.meta.implied_date = (text, when, evidence)
            case ev.Warn(diagnostic=diagnostic):
                self.diagnostics.append(diagnostic)
            case _:
                raise TypeError(f"unknown event {event!r}")

    def _unique_ids(self, root: etree._Element) -> None:
        """Give an xml:id that the text already has a suffix (a page that prints its
        source note twice): the first keeps it, the references point to it."""
        for el in root.iter():
            ident = el.get(XML_ID)
            if ident is None:
                continue
            if ident in self._ids:
                n = 2
                while f"{ident}-{n}" in self._ids:
                    n += 1
                ident = f"{ident}-{n}"
                el.set(XML_ID, ident)
            self._ids.add(ident)

    def _source_note_desc(self, header: etree._Element) -> None:
        """A page whose archive is named only by its source note (FRUS): the note's
        first sentence as the header's ``msDesc``, instead of "its source is not stated"."""
        source_desc = header.find(f"{{{TEI_NS}}}fileDesc/{{{TEI_NS}}}sourceDesc")
        if source_desc is None or source_desc.find(tei("msDesc")) is not None:
            return
        note = next((n for n in self.body.iter(tei("note")) if n.get("type") == "source"), None)
        ms = source_note_ms(all_text(note)) if note is not None else None
        if ms is None:
            return
        for bibl in source_desc.findall(tei("bibl")):
            if bibl.get("resp") == "#teikit":  # the fallback: the source is stated after all
                source_desc.remove(bibl)
        source_desc.append(ms)

    def finish(self) -> Conversion:
        """Make the header and the root; return the conversion."""
        if len(self.body) == 0:
            p = etree.SubElement(self.body, tei("p"))
            p.set("resp", "#teikit")
        self.usage.ids = {str(i) for el in self.body.iter() if (i := el.get(XML_ID))}
        root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})  # type: ignore[dict-item]
        root.set(XML_LANG, "en")
        stand_off = self._stand_off()
        header = build_header(
            self.meta,
            self.usage,
            self.profile,
            source_name=self.source.name,
            source_text=self.source.file_text,
            version=self.version,
            source_layout=self.source.layout,
        )
        first = min((line for _, _, line in self.meta.fields), default=None)
        for candidate in (self.meta.date, self.meta.title):
            if candidate:
                first = candidate[1] if first is None else min(first, candidate[1])
        self._source_note_desc(header)
        self.mark(header, first or 1)
        root.append(header)
        if stand_off is not None:
            root.append(stand_off)
        root.append(self.text_el)
        set_line(root, first or 1)
        return Conversion(
            etree.ElementTree(root), self.source, self.profile, self.meta, self.diagnostics,
            self.lines,
        )

    def _stand_off(self) -> etree._Element | None:
        """A register of the people that speaker turns point to (teikit's inference)."""
        used = {
            tok[1:]
            for el in self.body.iter(tei("sp"))
            for tok in (el.get("who") or "").split()
        }
        people = [(ident, labels) for ident, labels in self.people if ident in used]
        if not people:
            return None
        stand_off = etree.Element(tei("standOff"))
        list_person = etree.SubElement(stand_off, tei("listPerson"))
        list_person.set("resp", "#teikit")
        for ident, labels in people:
            person = etree.SubElement(list_person, tei("person"))
            person.set(XML_ID, ident)
            for label in labels:
                etree.SubElement(person, tei("persName")).text = label
        return stand_off
