"""TEI templates with named slots: one fragment serves both directions.

Each rule of a profile has a TEI template.  The builder *instantiates* it
(:meth:`Template.instantiate` gives a fresh :class:`Instance` whose slots are
then filled), and the transcription writer *matches* elements against it
(:meth:`Template.match` gives a :class:`TemplateMatch`: the slots and
parameters read back) to find which rule produced them.

A template is one TEI element.  Its slots are written ``{name}``:

- as the whole text of an element without children, the slot is that
  element's content (``<sic>{extent}</sic>``; ``{content}`` and ``{raw}`` are the
  bracket's own content, parsed or not);
- inside the text or tail of an element, with literal text around it, the slot
  is plain text (``<persName>{extent} <supplied>{content}</supplied></persName>``);
- inside an attribute value, it is a parameter (``<pb n="{n}"/>``): the reader
  fills it from the rule's pattern, the writer reads it back.

This module knows nothing of rules or profiles; :mod:`.model` builds on it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from ..errors import TeikitError
from ..tei import TEI_NS, XML_NS

SLOT_CONTENT = "{content}"
SLOT_RAW = "{raw}"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
"""A slot or parameter in a template, or a placeholder in a rule's ``write``."""
# xml:id values with a parameter ("note-{n}") are not yet NCNames: no id checks here.
_TEMPLATE_PARSER = etree.XMLParser(collect_ids=False, resolve_entities=False, no_network=True)


def fill(pattern: str, values: Mapping[str, str]) -> str:
    """``pattern`` with each ``{name}`` replaced by its value (unknown names kept)."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group()), pattern)


def placeholders(pattern: str) -> frozenset[str]:
    """The names of the ``{name}`` placeholders in ``pattern``."""
    return frozenset(PLACEHOLDER.findall(pattern))


@dataclass(frozen=True)
class Slot:
    """A slot of a template: where a part of the convention goes in the TEI.

    ``where`` is ``element`` (the whole content of the element at ``path``),
    ``text`` or ``tail`` (plain text in that text node, between ``prefix`` and
    ``suffix``).
    """

    name: str
    path: tuple[int, ...]
    where: str
    prefix: str = ""
    suffix: str = ""

    def pattern(self) -> re.Pattern[str]:
        """A regular expression reading this text slot's value back."""
        return re.compile(
            rf"^\s*{re.escape(self.prefix)}(?P<v>.+?){re.escape(self.suffix)}\s*$", re.S
        )


@dataclass
class TemplateMatch:
    """What a template read from an element: its slots, parameters, extra rend tokens."""

    slots: dict[str, etree._Element | str]
    params: dict[str, str]
    extra: frozenset[str]


@dataclass
class Instance:
    """A fresh copy of a template: its root and where each slot is in it."""

    root: etree._Element
    slots: dict[str, tuple[etree._Element, Slot]]

    def fill_text(self, name: str, value: str) -> None:
        """Put plain text into the text slot ``name``."""
        el, slot = self.slots[name]
        text = slot.prefix + value + slot.suffix
        if slot.where == "tail":
            el.tail = text
        else:
            el.text = text


class Template:
    """A TEI fragment with named slots and parameters, for building and for matching."""

    def __init__(self, text: str, rule_name: str) -> None:
        self.text = text
        wrapped = f'<wrap xmlns="{TEI_NS}">{text}</wrap>'
        try:
            wrapper = etree.fromstring(wrapped, _TEMPLATE_PARSER)
        except etree.XMLSyntaxError as exc:
            raise TeikitError(f"rule {rule_name!r}: its TEI template is not XML: {exc}") from None
        roots = list(wrapper)
        if len(roots) != 1 or (wrapper.text or "").strip() or (roots[0].tail or "").strip():
            raise TeikitError(f"rule {rule_name!r}: a TEI template must be one element")
        self.root: etree._Element = roots[0]
        self.root.tail = None
        self.slots: dict[str, Slot] = {}
        for el in self.root.iter():
            path = _path_of(self.root, el)
            tail = el.tail if el is not self.root else None
            for where, value in (("text", el.text), ("tail", tail)):
                found = PLACEHOLDER.findall(value or "")
                if not found:
                    continue
                if len(found) > 1:
                    raise TeikitError(
                        f"rule {rule_name!r}: one slot per text in a TEI template ({value!r})"
                    )
                name = found[0]
                if name in self.slots:
                    raise TeikitError(f"rule {rule_name!r}: the slot {{{name}}} is used twice")
                assert value is not None
                if where == "text" and value == f"{{{name}}}" and len(el) == 0:
                    self.slots[name] = Slot(name, path, "element")
                    el.text = None
                else:
                    prefix, suffix = value.split(f"{{{name}}}")
                    self.slots[name] = Slot(name, path, where, prefix, suffix)
        self.raw = "raw" in self.slots
        self.default = "raw" if self.raw else "content" if "content" in self.slots else None
        self.size = sum(1 for _ in self.root.iter())
        self.weight = (self.size, sum(len(el.attrib) for el in self.root.iter()))
        self.param_names = {
            name
            for el in self.root.iter()
            for value in el.attrib.values()
            for name in PLACEHOLDER.findall(str(value))
        }

    @property
    def tag(self) -> str:
        """The template root's Clark name."""
        return str(self.root.tag)

    @property
    def slot_path(self) -> tuple[int, ...] | None:
        """The path of the default slot's element (None without one)."""
        if self.default is None:
            return None
        return self.slots[self.default].path

    def pointers(self) -> set[str]:
        """Every literal ``#id`` pointer in the template's attributes."""
        found: set[str] = set()
        for el in self.root.iter():
            for value in el.attrib.values():
                found.update(
                    tok[1:]
                    for tok in str(value).split()
                    if tok.startswith("#") and "{" not in tok
                )
        return found

    def instantiate(self, params: Mapping[str, str], rend: str | None = None) -> Instance:
        """A fresh copy of the fragment, its parameters filled, and its slots.

        An attribute whose parameters are missing or empty is left out.
        """
        root = copy.deepcopy(self.root)
        for el in root.iter():
            for key, value in list(el.attrib.items()):
                if "{" not in str(value):
                    continue
                names = PLACEHOLDER.findall(str(value))
                if any(not params.get(n) for n in names):
                    del el.attrib[key]
                else:
                    el.set(key, fill(str(value), params))
        if rend:
            tokens = (root.get("rend") or "").split() + rend.split()
            root.set("rend", " ".join(dict.fromkeys(tokens)))
        slots: dict[str, tuple[etree._Element, Slot]] = {}
        for name, slot in self.slots.items():
            el = root
            for index in slot.path:
                el = el[index]
            slots[name] = (el, slot)
            if slot.where == "text":
                el.text = (slot.prefix + slot.suffix) or None
            elif slot.where == "tail":
                el.tail = (slot.prefix + slot.suffix) or None
        return Instance(root, slots)

    def match(
        self,
        el: etree._Element,
        required: frozenset[str] = frozenset(),
        constants: Mapping[str, str] | None = None,
    ) -> TemplateMatch | None:
        """Match ``el`` against the template; None when it does not have its shape.

        A parameter attribute may be absent (a parameter left empty) unless its
        name is in ``required``; a parameter in ``constants`` (the profile's own
        parameters) must have that value.  An element teikit added
        (``resp="#teikit"``) never matches a parameter.
        """
        slots: dict[str, etree._Element | str] = {}
        params: dict[str, str] = {}
        if not _match(el, self.root, (), self, slots, params):
            return None
        if constants and any(params.get(k, v) != v for k, v in constants.items()):
            return None
        if not required <= params.keys() | slots.keys() | {"label"}:
            return None
        extra = frozenset((el.get("rend") or "").split()) - frozenset(
            (self.root.get("rend") or "").split()
        )
        return TemplateMatch(slots, params, extra)


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


def _slot_at(template: Template, path: tuple[int, ...], where: str) -> Slot | None:
    for slot in template.slots.values():
        if slot.path == path and slot.where == where:
            return slot
    return None


def _match_text(
    actual: str | None,
    expected: str | None,
    slot: Slot | None,
    slots: dict[str, etree._Element | str],
) -> bool:
    if slot is None:
        return (actual or "").strip() == (expected or "").strip()
    m = slot.pattern().match(actual or "")
    if m is None:
        return False
    slots[slot.name] = m.group("v")
    return True


def _match_attr(value: str, expected: str, params: dict[str, str]) -> bool:
    names = PLACEHOLDER.findall(expected)
    parts = PLACEHOLDER.split(expected)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
    )
    m = re.fullmatch(regex, value, re.S)
    if m is None:
        return False
    for name in names:  # the first attribute gives it (an xml:id may carry a suffix)
        params.setdefault(name, m.group(name))
    return True


# Attributes the transforms and the enrichment add to what a rule made (a date's value,
# a handwritten block's place, a name's register entry, alignment), and ``rend``, whose
# extra words are the label's spelling: they do not change which rule wrote the element.
_ADDED_LATER = frozenset(["when", "ref", "corresp", "place", f"{{{XML_NS}}}id", "rend"])


def _match(
    el: etree._Element,
    t: etree._Element,
    here: tuple[int, ...],
    template: Template,
    slots: dict[str, etree._Element | str],
    params: dict[str, str],
) -> bool:
    if el.tag != t.tag:
        return False
    if any(key not in t.attrib and key not in _ADDED_LATER for key in el.attrib):
        return False  # an attribute the template lacks: another rule's element
    for key, value in t.attrib.items():
        expected = str(value)
        actual = el.get(key)
        if "{" in expected:
            if actual is not None and "#teikit" in actual.split():
                return False
            if actual is None:
                if PLACEHOLDER.fullmatch(expected):
                    continue  # a parameter left empty
                return False
            if not _match_attr(actual, expected, params):
                return False
            continue
        if actual is None:
            return False
        if key == "rend":
            if not set(expected.split()) <= set(actual.split()):
                return False
        elif actual != expected:
            return False
    element_slot = _slot_at(template, here, "element")
    if element_slot is not None:
        slots[element_slot.name] = el
        return True
    if not _match_text(el.text, t.text, _slot_at(template, here, "text"), slots):
        return False
    children = _elements(el)
    expected_children = list(t)
    if len(children) != len(expected_children):
        return False
    for i, (child, tchild) in enumerate(zip(children, expected_children, strict=True)):
        path = (*here, i)
        if not _match_text(child.tail, tchild.tail, _slot_at(template, path, "tail"), slots):
            return False
        if not _match(child, tchild, path, template, slots, params):
            return False
    return True
