"""Editorial conventions as data: profiles, their rules, and TEI templates.

A profile (``profiles/NAME.toml``) lists ordered rules.  Each rule has a TEI
template with one slot; the same template serves both directions: the builder
instantiates it, and the transcription writer matches elements against it to
find the rule (and the label spelling) that produced them.
"""

from __future__ import annotations

import copy
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree

from .errors import TeikitError

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
T = f"{{{TEI_NS}}}"
SLOT_CONTENT = "{content}"
SLOT_RAW = "{raw}"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def set_line(el: etree._Element, line: int) -> None:
    """Record a source line on an element (lxml keeps at most 65,535)."""
    if line <= 65535:
        el.sourceline = line  # type: ignore[assignment]


def line_of(el: etree._Element) -> int | None:
    """The source line lxml recorded for ``el``, if any."""
    line = getattr(el, "sourceline", None)
    return line if isinstance(line, int) else None


def text_of(el: etree._Element) -> str:
    """All the text inside ``el``."""
    return "".join(str(t) for t in el.itertext())


def tei(name: str) -> str:
    """Clark notation for a TEI element name."""
    return T + name


@dataclass(frozen=True)
class Label:
    """One spelling of a label or word; ``rend`` is recorded for non-canonical ones."""

    text: str
    rend: str | None = None

    @property
    def rend_tokens(self) -> frozenset[str]:
        """The rend tokens that identify this spelling in the TEI."""
        return frozenset(self.rend.split()) if self.rend else frozenset()


class Template:
    """A TEI fragment with a single slot, usable for building and for matching."""

    def __init__(self, text: str, rule_name: str) -> None:
        self.text = text
        wrapped = f'<wrap xmlns="{TEI_NS}">{text}</wrap>'
        try:
            wrapper = etree.fromstring(wrapped)
        except etree.XMLSyntaxError as exc:
            raise TeikitError(f"rule {rule_name!r}: its TEI template is not XML: {exc}") from None
        roots = list(wrapper)
        if len(roots) != 1 or (wrapper.text or "").strip() or (roots[0].tail or "").strip():
            raise TeikitError(f"rule {rule_name!r}: a TEI template must be one element")
        self.root: etree._Element = roots[0]
        self.root.tail = None
        self.slot_path: tuple[int, ...] | None = None
        self.raw = False
        for el in self.root.iter():
            if el.text in (SLOT_CONTENT, SLOT_RAW):
                self.raw = el.text == SLOT_RAW
                el.text = None
                self.slot_path = _path_of(self.root, el)
        self.size = sum(1 for _ in self.root.iter())

    @property
    def tag(self) -> str:
        """The template root's Clark name."""
        return str(self.root.tag)

    def pointers(self) -> set[str]:
        """Every ``#id`` pointer in the template's attributes."""
        found: set[str] = set()
        for el in self.root.iter():
            for value in el.attrib.values():
                found.update(tok[1:] for tok in str(value).split() if tok.startswith("#"))
        return found

    def instantiate(
        self, params: dict[str, str], rend: str | None = None
    ) -> tuple[etree._Element, etree._Element | None]:
        """A fresh copy of the fragment and its slot element (None without a slot)."""
        root = copy.deepcopy(self.root)
        for el in root.iter():
            for key, value in el.attrib.items():
                if "{" in str(value):
                    filled = _PLACEHOLDER.sub(lambda m: params.get(m.group(1), ""), str(value))
                    el.set(key, filled)
        if rend:
            tokens = (root.get("rend") or "").split() + rend.split()
            root.set("rend", " ".join(tokens))
        slot = None
        if self.slot_path is not None:
            slot = root
            for index in self.slot_path:
                slot = slot[index]
        return root, slot

    def match(self, el: etree._Element) -> tuple[etree._Element | None, frozenset[str]] | None:
        """Match ``el`` against the template.

        Returns (slot element or None, the root's rend tokens not in the template)
        or None when ``el`` does not have the template's shape.
        """
        slot = _match(el, self.root, self.slot_path, ())
        if slot is False:
            return None
        extra = frozenset((el.get("rend") or "").split()) - frozenset(
            (self.root.get("rend") or "").split()
        )
        return (slot if isinstance(slot, etree._Element) else None), extra


def _path_of(root: etree._Element, el: etree._Element) -> tuple[int, ...]:
    path: list[int] = []
    while el is not root:
        parent = el.getparent()
        assert parent is not None
        path.append(parent.index(el))
        el = parent
    return tuple(reversed(path))


def _elements(el: etree._Element) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str)]


def _match(
    el: etree._Element,
    t: etree._Element,
    slot_path: tuple[int, ...] | None,
    here: tuple[int, ...],
) -> etree._Element | bool:
    if el.tag != t.tag:
        return False
    for key, value in t.attrib.items():
        actual = el.get(key)
        if actual is None:
            return False
        if "{" in value:
            continue
        if key == "rend":
            if not set(value.split()) <= set(actual.split()):
                return False
        elif actual != value:
            return False
    if slot_path == here:
        return el
    if (el.text or "").strip():
        return False
    children = _elements(el)
    expected = list(t)
    if len(children) != len(expected):
        return False
    result: etree._Element | bool = True
    for i, (child, tchild) in enumerate(zip(children, expected, strict=True)):
        if (child.tail or "").strip():
            return False
        found = _match(child, tchild, slot_path, (*here, i))
        if found is False:
            return False
        if isinstance(found, etree._Element):
            result = found
    return result


def _labels(raw: list[Any] | None) -> tuple[Label, ...]:
    out: list[Label] = []
    for item in raw or []:
        if isinstance(item, str):
            out.append(Label(item))
        else:
            out.append(Label(str(item["text"]), item.get("rend")))
    return tuple(out)


@dataclass(frozen=True)
class Rule:
    """One convention: how it is recognised, the TEI it becomes, how it is written back."""

    kind: str  # "bracket", "line" or "phrase"
    name: str
    template: Template
    write: str = "{content}"
    labels: tuple[Label, ...] = ()
    words: tuple[Label, ...] = ()
    shape: Any = None
    extent: str | None = None
    region: str | None = None
    pattern: re.Pattern[str] | None = None
    detector: str | None = None
    within: tuple[str, ...] = ()
    anchor: str = "any"
    once: bool = False
    letterspaced: bool = False
    warn: str | None = None
    description: str = ""
    example: str = ""

    @property
    def spellings(self) -> tuple[Label, ...]:
        """Labels or words, whichever the rule has."""
        return self.labels or self.words

    def spelling_for(self, rend_tokens: frozenset[str]) -> Label:
        """The spelling recorded by ``rend_tokens`` (the canonical one by default)."""
        fitting = [label for label in self.spellings if label.rend_tokens <= rend_tokens]
        if not fitting:
            return self.spellings[0] if self.spellings else Label("")
        return max(fitting, key=lambda label: len(label.rend_tokens))

    @property
    def writes_back(self) -> bool:
        """True when the writer must match this rule (its element is not transparent)."""
        return self.write != "{content}" or self.letterspaced


@dataclass(frozen=True)
class Field:
    """A labelled field of the metadata block and the header target it fills."""

    label: str
    target: str


@dataclass(frozen=True)
class Profile:
    """A named, ordered set of convention rules and the resources they point to."""

    name: str
    description: str
    prose_min_words: int
    fields: tuple[Field, ...]
    people: dict[str, dict[str, str]]
    hands: dict[str, dict[str, str]]
    witnesses: dict[str, dict[str, str]]
    brackets: tuple[Rule, ...]
    lines: tuple[Rule, ...]
    phrases: tuple[Rule, ...]
    letterspace_words: tuple[str, ...] = ()
    reserved_words: frozenset[str] = field(default_factory=frozenset)

    @property
    def rules(self) -> tuple[Rule, ...]:
        """All rules in the order they are documented."""
        return self.brackets + self.lines + self.phrases

    def rule(self, name: str) -> Rule:
        """The rule called ``name``."""
        for rule in self.rules:
            if rule.name == name:
                return rule
        raise KeyError(name)

    def writer_rules(self) -> list[Rule]:
        """Rules the writer must recognise, the most specific templates first."""
        found = [r for r in self.rules if r.writes_back]
        return sorted(found, key=lambda r: -r.template.size)

    def resource_for_id(self, ident: str) -> tuple[str, str, dict[str, str]] | None:
        """(kind, key, data) of the hand, witness or person with xml:id ``ident``."""
        for kind, table in (
            ("hand", self.hands),
            ("witness", self.witnesses),
            ("person", self.people),
        ):
            for key, data in table.items():
                if data.get("id") == ident:
                    return kind, key, data
        return None


def _rule(kind: str, raw: dict[str, Any]) -> Rule:
    name = str(raw.get("name", "?"))
    if "tei" not in raw:
        raise TeikitError(f"{kind} rule {name!r} has no 'tei' template")
    pattern = raw.get("pattern")
    try:
        compiled = re.compile(pattern) if pattern else None
    except re.error as exc:
        raise TeikitError(f"{kind} rule {name!r}: bad pattern: {exc}") from None
    within = raw.get("within", [])
    return Rule(
        kind=kind,
        name=name,
        template=Template(str(raw["tei"]), name),
        write=str(raw.get("write", "{content}")),
        labels=_labels(raw.get("labels")),
        words=_labels(raw.get("words")),
        shape=raw.get("shape"),
        extent=raw.get("extent"),
        region=raw.get("region"),
        pattern=compiled,
        detector=raw.get("detector"),
        within=tuple(within),
        anchor=str(raw.get("anchor", "any")),
        once=bool(raw.get("once", False)),
        letterspaced=bool(raw.get("letterspaced", False)),
        warn=raw.get("warn"),
        description=str(raw.get("description", "")),
        example=str(raw.get("example", "")),
    )


def profile_from_dict(data: dict[str, Any]) -> Profile:
    """Build a :class:`Profile` from parsed TOML."""
    meta = data.get("metadata", {})
    brackets = tuple(_rule("bracket", r) for r in data.get("bracket", []))
    reserved = {str(w).lower() for w in data.get("reserved_words", [])}
    for rule in brackets:
        reserved.update(w.text.lower() for w in rule.words)
    return Profile(
        name=str(data.get("name", "unnamed")),
        description=str(data.get("description", "")),
        prose_min_words=int(data.get("prose_min_words", 8)),
        fields=tuple(Field(str(f["label"]), str(f["target"])) for f in meta.get("fields", [])),
        people={k: dict(v) for k, v in data.get("people", {}).items()},
        hands={k: dict(v) for k, v in data.get("hands", {}).items()},
        witnesses={k: dict(v) for k, v in data.get("witnesses", {}).items()},
        brackets=brackets,
        lines=tuple(_rule("line", r) for r in data.get("line", [])),
        phrases=tuple(_rule("phrase", r) for r in data.get("phrase", [])),
        letterspace_words=tuple(data.get("letterspace_words", [])),
        reserved_words=frozenset(reserved),
    )


@cache
def load_profile(name: str = "wilson-center") -> Profile:
    """Load a shipped profile by name, or a profile file by path."""
    path = Path(name)
    if path.suffix == ".toml":
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise TeikitError(f"cannot read profile: {exc.strerror}", path=name) from None
    else:
        try:
            text = (resources.files("teikit") / "profiles" / f"{name}.toml").read_text("utf-8")
        except FileNotFoundError:
            raise TeikitError(f"no profile named {name!r}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TeikitError(f"profile is not valid TOML: {exc}", path=name) from None
    return profile_from_dict(data)
