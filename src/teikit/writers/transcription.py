"""The transcription writer: TEI back to the plain-text convention.

It reads the markup, never a stored copy of the input.  Each element is written
by the rule whose TEI template it matches (the most specific template first),
with the label spelling its ``rend`` records; elements no rule writes back are
transparent (their content is written); what teikit added (``resp="#teikit"``)
is left out, except a ``sic`` teikit marked (a propagated [SIC]), whose text is
the source's and is written as it stands.  In mixed content ``lb`` is a line
break, ``pb`` a blank line; a whitespace run with a line break in it is
formatting, dropped before a break.  Blocks (the children of a ``div``) are
separated by one blank line, or by the number of blank lines a ``space`` records.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ..errors import TeikitError
from ..profiles import Profile, Rule, TemplateMatch, load_profile, shipped_profiles
from ..tei import TEI_NS, UNCLOSED, tei
from ..verbatim import restore

NS = {"t": TEI_NS}
_FORMATTING = re.compile(r"[ \t]*\n\s*")
_FIELD_TARGETS = {
    "citation": "t:fileDesc/t:sourceDesc/t:bibl[@type='citation']",
    "abstract": "t:profileDesc/t:abstract",
    "funder": "t:fileDesc/t:titleStmt/t:funder",
    "page-url": "t:fileDesc/t:publicationStmt/t:idno[@type='URL'][@rend='page-line']",
    "original-language": "t:fileDesc/t:sourceDesc/t:msDesc/t:msContents/t:textLang",
    "contents": (
        "t:fileDesc/t:sourceDesc/t:msDesc/t:additional/t:surrogates/t:list[@type='contents']"
    ),
}
_BREAKS = {tei("lb"), tei("pb")}
_SOURCE_TEXT = {tei("sic")}  # teikit may mark these, but their text is the source's


_ALTERNATIVES = {tei("choice"), tei("app")}


def written_by_teikit(root: etree._Element) -> bool:
    """Whether teikit wrote this TEI (its header names teikit in ``appInfo``)."""
    return (
        root.find("t:teiHeader/t:encodingDesc/t:appInfo/t:application[@ident='teikit']", NS)
        is not None
    )


def _by_teikit(el: etree._Element) -> bool:
    return "#teikit" in (el.get("resp") or "").split()


class TranscriptionWriter:
    """Writes one TEI document in the transcription convention of a profile."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.rules: dict[str, list[Rule]] = {}
        self.teikits = True  # whether teikit wrote the TEI (else alternatives are refused)
        self.unwritable: list[etree._Element] = []
        for rule in profile.writer_rules():
            self.rules.setdefault(rule.template.tag, []).append(rule)
        self.constants = dict(profile.params)
        # the original's brackets are credited to the editors (original_supplier)
        editor = profile.params.get("original_supplier")
        self.original_constants = (
            {**self.constants, "supplier": editor} if editor and "supplier" in self.constants
            else None
        )

    # ----------------------------------------------------------------- inline

    def content(self, el: etree._Element) -> str:
        """The written content of a mixed-content element."""
        out: list[str] = []
        children = [c for c in el if isinstance(c.tag, str)]
        if el.text:
            out.append(self._text(el.text, children[0] if children else None))
        for i, child in enumerate(children):
            out.append(self.element(child))
            if child.tail:
                nxt = children[i + 1] if i + 1 < len(children) else None
                out.append(self._text(child.tail, nxt))
        return "".join(out)

    def _text(self, text: str, following: etree._Element | None) -> str:
        """Text with its formatting whitespace removed (before a break) or made a space."""

        def repl(m: re.Match[str]) -> str:
            at_end = m.end() == len(text)
            at_start = m.start() == 0
            if at_end and (following is None or following.tag in _BREAKS):
                return ""
            if at_start and m.end() == len(text):
                return ""
            return " "

        return _FORMATTING.sub(repl, text) if "\n" in text else text

    def element(self, el: etree._Element) -> str:
        """The written form of one element (its rule's, or its content's)."""
        tag = el.tag
        if _by_teikit(el):
            return self.content(el) if tag in _SOURCE_TEXT else ""
        for rule in self.rules.get(str(tag), ()):
            found = rule.template.match(el, rule.write_names, self.constants)
            if found is None and self.original_constants is not None:
                found = rule.template.match(el, rule.write_names, self.original_constants)
            if found is not None:
                return self._format(rule, found)
        if tag in _ALTERNATIVES and not self.teikits:
            self.unwritable.append(el)  # both sides would run together: refused in write()
        if tag == tei("lb"):
            return "\n"
        if tag == tei("pb"):
            return "\n\n"
        return self.content(el)

    def _format(self, rule: Rule, found: TemplateMatch) -> str:
        values = {"label": rule.spelling_for(found.extra).text}
        for name, value in found.slots.items():
            values[name] = self.content(value) if isinstance(value, etree._Element) else value
        values.update(found.params)
        if rule.letterspaced:
            slot = found.slots.get(rule.template.default or "")
            uniform = isinstance(slot, etree._Element) and "uniform" in (
                slot.get("rend") or ""
            ).split()
            return _letterspace(values.get(rule.template.default or "", ""), uniform)
        written = rule.render(values)
        label = values["label"]
        if rule.labels and rule.separator.endswith(" ") and values.get("content", "")[:1] == "\n":
            # the label ended its line ("[handwritten:" and the text below): no space there
            head = label + rule.separator
            written = written.replace(head + "\n", head.rstrip() + "\n", 1)
        if UNCLOSED in found.extra and written.endswith("]"):
            return written[:-1]  # the transcription never closed this bracket
        return written

    # ----------------------------------------------------------------- blocks

    def blocks(self, container: etree._Element) -> list[tuple[str, int]]:
        """(text, blank lines before) of the blocks inside a div or body."""
        out: list[tuple[str, int]] = []
        pending = 1
        for child in container:
            if not isinstance(child.tag, str) or _by_teikit(child):
                continue
            if child.tag == tei("space") and child.get("dim") == "vertical":
                pending = int(child.get("quantity") or "1")
                continue
            if child.tag in (tei("div"), tei("body"), tei("group"), tei("text")):
                inner = self.blocks(child)
                if inner:
                    text, gap = inner[0]
                    inner[0] = (text, max(gap, pending))
                    out.extend(inner)
                pending = 1
                continue
            out.append((self.element(child), pending))
            pending = 1
        return out

    # ----------------------------------------------------------------- header

    def header(self, root: etree._Element) -> list[tuple[str, int]]:
        """The metadata block as blocks (the PDF export layout)."""
        head = root.find("t:teiHeader", NS)
        if head is None:
            return []
        out: list[tuple[str, int]] = []
        for item in ("date", "title"):
            out.extend(self._item(head, item))
        out.extend(self._fields(head))
        return out

    def _fields(self, head: etree._Element) -> list[tuple[str, int]]:
        """The labelled fields of the PDF export layout, in their order."""
        out: list[tuple[str, int]] = []
        order = head.find("t:encodingDesc/t:appInfo/t:application/t:desc[@type='field-order']", NS)
        fields = {f.label: f.target for f in self.profile.fields}
        notes = self._notes(head)
        if order is not None and order.text:
            labels = order.text.split(" | ")
        else:
            labels = [f.label for f in self.profile.fields] + [
                k for k in notes if k and k not in fields
            ]
        for label in labels:
            value: list[str] | None = None
            if label in fields:
                value = self._field(head, fields[label])
            if value is None and label in notes:
                value = [self.content(notes[label])]
            if value is None:
                continue
            out.append((f"{label}:", 1))
            out.extend((v, 1) for v in value if v)  # a label without a value: no block
        return out

    def _notes(self, head: etree._Element) -> dict[str | None, etree._Element]:
        return {
            n.get("n"): n for n in head.iterfind("t:fileDesc/t:notesStmt/t:note[@type='field']", NS)
        }

    def _item(self, head: etree._Element, item: str) -> list[tuple[str, int]]:
        """The blocks of one part of a recorded metadata layout."""
        if item.startswith("chrome:"):
            return [(item[len("chrome:") :], 1)]
        if item == "date":
            date = head.find("t:profileDesc/t:creation/t:date", NS)
            if date is None or _by_teikit(date):
                return []
            return [(self.content(date), 1)]
        if item in ("title", "heading"):
            title = head.find("t:fileDesc/t:titleStmt/t:title[@type='main']", NS)
            if title is None or _by_teikit(title):
                return []
            text = self.content(title)
            if item == "heading" and title.get("n"):
                text = f"{title.get('n')}. {text}"
            return [(text, 1)]
        if item == "fields":
            return self._fields(head)
        if item == "funder-line":
            value = self._field(head, "funder")
        elif item == "citation-string":
            value = self._field(head, "citation")
        elif item == "summary":
            value = self._field(head, "abstract")
        elif item == "page-url":
            value = self._field(head, "page-url")
        elif item.startswith("line:"):  # a labelled field on one line: "Source: …"
            label = item[len("line:") :]
            value = self._labelled(head, label)
            return [(f"{label}: {v}", 1) for v in value or [] if v]
        elif item.startswith("field:"):
            label = item[len("field:") :]
            bare = label[:-1] if label.endswith(":") else label
            value = self._labelled(head, bare)
            return [(label, 1)] + [(v, 1) for v in value or [] if v]
        else:
            return []
        return [(v, 1) for v in value or []]

    def _labelled(self, head: etree._Element, label: str) -> list[str] | None:
        """The value of a labelled field of the web page layouts, from its target
        (a field without a value is a note)."""
        target = self.profile.web_targets().get(label, "note")
        found: etree._Element | None = None
        if target == "keywords":
            for kw in head.iterfind("t:profileDesc/t:textClass/t:keywords", NS):
                if kw.get("n") == label:
                    return ["\n".join(t.text or "" for t in kw.iterfind("t:term", NS))]
        elif target == "rights":
            found = head.find("t:fileDesc/t:publicationStmt/t:availability/t:p", NS)
        elif target == "source":
            found = head.find("t:fileDesc/t:sourceDesc/t:bibl[@type='source']", NS)
        if found is None:  # a field without a value, or one its target cannot hold
            found = self._notes(head).get(label)
        return [self.content(found)] if found is not None else None

    def _field(self, head: etree._Element, target: str) -> list[str] | None:
        el = head.find(_FIELD_TARGETS[target], NS)
        if el is None:
            return None
        if target == "abstract":
            return ["\n\n".join(self.content(p) for p in el.iterfind("t:p", NS))]
        if target == "contents":
            return ["\n".join(self.content(i) for i in el.iterfind("t:item", NS))]
        return [self.content(el)]

    # ----------------------------------------------------------------- document

    def refusal(self) -> TeikitError:
        """The error for TEI that teikit did not write and that holds alternatives
        (``choice``, ``app``) no convention of the profile writes back."""
        first = self.unwritable[0]
        names = sorted({f"<{etree.QName(e).localname}>" for e in self.unwritable})
        line = first.sourceline if isinstance(first.sourceline, int) else None
        return TeikitError(
            f"cannot write this TEI back as a transcription faithfully: "
            f"{len(self.unwritable)} {'/'.join(names)} element(s) hold alternatives that no "
            f"convention of the profile {self.profile.name} writes back (both sides would "
            "run together), and teikit did not write this TEI; export it --to text "
            "--view reading or --view diplomatic instead",
            line=line,
            code="not-writable",
        )

    def write(self, tree: etree._ElementTree | etree._Element) -> str:
        """The whole transcription, ending with a newline."""
        root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
        self.teikits = written_by_teikit(root)
        self.unwritable = []
        body = root.find("t:text", NS)
        if body is None and root.tag == tei("text"):
            body = root
        body_blocks = self.blocks(body) if body is not None else []
        head = root.find("t:teiHeader", NS)
        layout = (
            head.find("t:encodingDesc/t:appInfo/t:application/t:desc[@type='layout']", NS)
            if head is not None
            else None
        )
        if head is None or layout is None or not layout.text:
            blocks = self.header(root) + body_blocks
        else:
            blocks = []
            for item in layout.text.split("\n"):
                if item == "body":
                    blocks.extend(body_blocks)
                else:
                    blocks.extend(self._item(head, item))
        if self.unwritable:
            raise self.refusal()
        parts: list[str] = []
        for n, (text, gap) in enumerate(blocks):
            if n:
                parts.append("\n" * (gap + 1))
            parts.append(text)
        written = "".join(parts) + "\n"
        record = (
            head.find("t:encodingDesc/t:appInfo/t:application/t:desc[@type='normalisation']", NS)
            if head is not None
            else None
        )
        if record is not None and record.text:
            return restore(written, record.text)
        return written


def _letterspace(text: str, uniform: bool) -> str:
    words = text.split(" ")
    if uniform:
        return " ".join("".join(words))
    return "  ".join(" ".join(word) for word in words)


_PROFILE_NOTE = re.compile(r"with the profile (?P<name>[\w.-]+)(?: \(file (?P<file>[^)]+)\))?\.")


def profile_of(tree: etree._ElementTree | etree._Element) -> str:
    """The profile a teikit document was converted with: a shipped profile's name, or
    the profile file it names if that file is still there (default: wilson-center)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    desc = root.find(
        "t:teiHeader/t:encodingDesc/t:appInfo/t:application/t:desc[@type='source']", NS
    )
    m = _PROFILE_NOTE.search(desc.text or "") if desc is not None else None
    if m and m.group("name") in shipped_profiles():
        return m.group("name")
    if m and m.group("file") and Path(m.group("file")).is_file():
        return m.group("file")
    return "wilson-center"


def write_transcription(
    tree: etree._ElementTree | etree._Element, profile: Profile | str | None = None
) -> str:
    """Write a TEI document back in the transcription convention of ``profile``.

    Without ``profile``, the shipped profile the document names (teikit's
    ``appInfo``) is used, else ``wilson-center``.
    """
    if profile is None:
        profile = profile_of(tree)
    prof = load_profile(profile) if isinstance(profile, str) else profile
    return TranscriptionWriter(prof).write(tree)
