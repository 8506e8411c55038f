"""Editorial conventions as data: profiles, their rules, and TEI templates.

A profile (``profiles/NAME.toml``, or any ``FILE.toml``) lists ordered rules.
Each rule has a TEI template with named slots; the same template serves both
directions: the builder instantiates it, and the transcription writer matches
elements against it to find the rule (the label spelling, the slots and the
parameters) that produced them.

A template is one TEI element.  Its slots are written ``{name}``:

- as the whole text of an element without children, the slot is that
  element's content (``<sic>{extent}</sic>``; ``{content}`` and ``{raw}`` are the
  bracket's own content, parsed or not);
- inside the text or tail of an element, with literal text around it, the slot
  is plain text (``<persName>{extent} <supplied>{content}</supplied></persName>``);
- inside an attribute value, it is a parameter (``<pb n="{n}"/>``): the reader
  fills it from the rule's pattern, the writer reads it back.

A profile may extend another (``extends = "wilson-center"``): its rules
replace the base's rules of the same name (key by key), or are added at a
position (``before``/``after`` a rule named there); ``remove = true`` drops one.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import TeikitError
from ..tei import TEI_NS, XML_NS

SLOT_CONTENT = "{content}"
SLOT_RAW = "{raw}"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
RULE_KINDS = ("bracket", "line", "phrase", "block")
# xml:id values with a parameter ("note-{n}") are not yet NCNames: no id checks here.
_TEMPLATE_PARSER = etree.XMLParser(collect_ids=False, resolve_entities=False, no_network=True)


def fill(pattern: str, values: Mapping[str, str]) -> str:
    """``pattern`` with each ``{name}`` replaced by its value (unknown names kept)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group()), pattern)


@dataclass(frozen=True)
class Label:
    """One spelling of a label or word; ``rend`` is recorded for non-canonical ones."""

    text: str
    rend: str | None = None

    @property
    def rend_tokens(self) -> frozenset[str]:
        """The rend tokens that identify this spelling in the TEI."""
        return frozenset(self.rend.split()) if self.rend else frozenset()


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
                found = _PLACEHOLDER.findall(value or "")
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
            for name in _PLACEHOLDER.findall(str(value))
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
                names = _PLACEHOLDER.findall(str(value))
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
    names = _PLACEHOLDER.findall(expected)
    parts = _PLACEHOLDER.split(expected)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
    )
    m = re.fullmatch(regex, value, re.S)
    if m is None:
        return False
    for name in names:
        params[name] = m.group(name)
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
                if _PLACEHOLDER.fullmatch(expected):
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

    kind: str  # "bracket", "line", "phrase" or "block"
    name: str
    template: Template
    write: str = "{content}"
    labels: tuple[Label, ...] = ()
    separator: str = ": "
    words: tuple[Label, ...] = ()
    shape: Any = None
    context: Mapping[str, Any] = field(default_factory=dict)
    extent: str | None = None
    extent_after: str | None = None
    maps: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    params: Mapping[str, str] = field(default_factory=dict)
    region: str | None = None
    regions: tuple[str, ...] = ()
    zone: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    continues: re.Pattern[str] | None = None
    detector: str | None = None
    within: tuple[str, ...] = ()
    not_within: tuple[str, ...] = ()
    anchor: str = "any"
    once: bool = False
    letterspaced: bool = False
    between: bool = False
    min_matches: int = 0
    register: str | None = None
    warn: str | None = None
    ambiguous: str | None = None
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

    def render(self, values: Mapping[str, str]) -> str:
        """The convention as written: ``write`` with its placeholders filled."""
        return fill(self.write, values)

    @property
    def write_names(self) -> frozenset[str]:
        """The placeholders of ``write``: what writing the convention back needs."""
        return frozenset(_PLACEHOLDER.findall(self.write))

    @property
    def reports(self) -> bool:
        """True when firing this rule is reported (an unknown or ambiguous bracket)."""
        return bool(self.warn or self.ambiguous)


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
    blocks: tuple[Rule, ...] = ()
    letterspace_words: tuple[str, ...] = ()
    reserved_words: frozenset[str] = field(default_factory=frozenset)
    vocabulary: Mapping[str, frozenset[str]] = field(default_factory=dict)
    aliases: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, str] = field(default_factory=dict)
    extends: str | None = None
    source: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @property
    def rules(self) -> tuple[Rule, ...]:
        """All rules in the order they are documented."""
        return self.brackets + self.blocks + self.lines + self.phrases

    def rule(self, name: str) -> Rule:
        """The rule called ``name``."""
        for rule in self.rules:
            if rule.name == name:
                return rule
        raise KeyError(name)

    def words(self, name: str) -> frozenset[str]:
        """A word list of the profile's vocabulary (lower case), empty when absent."""
        return self.vocabulary.get(name, frozenset())

    def writer_rules(self) -> list[Rule]:
        """Rules the writer must recognise, the most specific templates first."""
        found = [r for r in self.rules if r.writes_back]
        return sorted(found, key=lambda r: (-r.template.weight[0], -r.template.weight[1]))

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


_RULE_KEYS = {
    "name", "tei", "write", "labels", "separator", "words", "shape", "context", "extent",
    "extent_after", "maps", "params", "region", "zone", "pattern", "continues", "detector",
    "within", "not_within", "anchor", "once", "letterspaced", "between", "min_matches",
    "register", "warn", "ambiguous", "description", "example", "before", "after", "remove",
}


def _compile(kind: str, name: str, key: str, pattern: Any) -> re.Pattern[str] | None:
    if not pattern:
        return None
    try:
        return re.compile(str(pattern))
    except re.error as exc:
        raise TeikitError(f"{kind} rule {name!r}: bad {key}: {exc}") from None


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _rule(kind: str, raw: dict[str, Any]) -> Rule:
    name = str(raw.get("name", "?"))
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise TeikitError(f"{kind} rule {name!r}: unknown keys {', '.join(sorted(unknown))}")
    if "tei" not in raw:
        raise TeikitError(f"{kind} rule {name!r} has no 'tei' template")
    region = raw.get("region")
    regions = _strings(region)
    rule = Rule(
        kind=kind,
        name=name,
        template=Template(str(raw["tei"]), name),
        write=str(raw.get("write", "{content}")),
        labels=_labels(raw.get("labels")),
        separator=str(raw.get("separator", ": ")),
        words=_labels(raw.get("words")),
        shape=raw.get("shape"),
        context=dict(raw.get("context", {})),
        extent=raw.get("extent"),
        extent_after=raw.get("extent_after"),
        maps={k: {str(a).lower(): str(b) for a, b in v.items()} for k, v in
              raw.get("maps", {}).items()},
        params={str(k): str(v) for k, v in raw.get("params", {}).items()},
        region=regions[0] if regions else None,
        regions=regions,
        zone=_strings(raw.get("zone")),
        pattern=_compile(kind, name, "pattern", raw.get("pattern")),
        continues=_compile(kind, name, "continues", raw.get("continues")),
        detector=raw.get("detector"),
        within=_strings(raw.get("within")),
        not_within=_strings(raw.get("not_within")),
        anchor=str(raw.get("anchor", "any")),
        once=bool(raw.get("once", False)),
        letterspaced=bool(raw.get("letterspaced", False)),
        between=bool(raw.get("between", False)),
        min_matches=int(raw.get("min_matches", 0)),
        register=raw.get("register"),
        warn=raw.get("warn"),
        ambiguous=raw.get("ambiguous"),
        description=str(raw.get("description", "")),
        example=str(raw.get("example", "")),
    )
    from . import matchers

    matchers.check_rule(rule)
    return rule


def profile_from_dict(data: dict[str, Any], source: str | None = None) -> Profile:
    """Build a :class:`Profile` from parsed TOML (after ``extends`` is resolved)."""
    meta = data.get("metadata", {})
    kinds = {k: tuple(_rule(k, r) for r in data.get(k, [])) for k in RULE_KINDS}
    names = [r.name for rules in kinds.values() for r in rules]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise TeikitError(f"profile rules must have distinct names: {', '.join(duplicates)}")
    reserved = {str(w).lower() for w in data.get("reserved_words", [])}
    for rule in kinds["bracket"]:
        reserved.update(w.text.lower() for w in rule.words)
    vocabulary = {
        str(k): frozenset(str(w).lower() for w in v) for k, v in data.get("vocabulary", {}).items()
    }
    return Profile(
        name=str(data.get("name", "unnamed")),
        description=str(data.get("description", "")),
        prose_min_words=int(data.get("prose_min_words", 8)),
        fields=tuple(Field(str(f["label"]), str(f["target"])) for f in meta.get("fields", [])),
        people={k: dict(v) for k, v in data.get("people", {}).items()},
        hands={k: dict(v) for k, v in data.get("hands", {}).items()},
        witnesses={k: dict(v) for k, v in data.get("witnesses", {}).items()},
        brackets=kinds["bracket"],
        lines=kinds["line"],
        phrases=kinds["phrase"],
        blocks=kinds["block"],
        letterspace_words=tuple(data.get("letterspace_words", [])),
        reserved_words=frozenset(reserved),
        vocabulary=vocabulary,
        aliases={str(k).lower(): str(v) for k, v in data.get("aliases", {}).items()},
        params={str(k): str(v) for k, v in data.get("params", {}).items()},
        extends=data.get("extends"),
        source=source,
        metadata=dict(meta),
    )


def _merge_rules(
    base: list[dict[str, Any]], extra: list[dict[str, Any]], kind: str, origin: str
) -> list[dict[str, Any]]:
    """Rules of ``base`` with those of ``extra`` merged in (by name, or at a position)."""
    rules = [dict(r) for r in base]

    def index(name: str) -> int:
        for i, r in enumerate(rules):
            if r.get("name") == name:
                return i
        raise TeikitError(f"{origin}: {kind} rule position names no rule: {name!r}")

    for raw in extra:
        name = raw.get("name")
        if not name:
            raise TeikitError(f"{origin}: every {kind} rule needs a name")
        existing = next((i for i, r in enumerate(rules) if r.get("name") == name), None)
        if raw.get("remove"):
            if existing is None:
                raise TeikitError(f"{origin}: cannot remove {kind} rule {name!r}: no such rule")
            del rules[existing]
            continue
        rule = {k: v for k, v in raw.items() if k not in ("before", "after")}
        if existing is not None and "before" not in raw and "after" not in raw:
            merged = {**rules[existing], **rule}
            rules[existing] = merged
            continue
        if existing is not None:
            rule = {**rules.pop(existing), **rule}
        if "before" in raw:
            rules.insert(index(str(raw["before"])), rule)
        elif "after" in raw:
            rules.insert(index(str(raw["after"])) + 1, rule)
        else:
            # a new rule goes before the catch-all (an unlabelled rule of any shape)
            last = next(
                (i for i, r in enumerate(rules) if r.get("shape") == "any"), len(rules)
            )
            rules.insert(last, rule)
    return rules


_MERGED_TABLES = ("people", "hands", "witnesses", "aliases", "vocabulary", "metadata", "params")


def merge_profiles(base: dict[str, Any], child: dict[str, Any], origin: str) -> dict[str, Any]:
    """The TOML data of a profile that extends ``base`` with ``child``."""
    out = dict(base)
    for key, value in child.items():
        if key in RULE_KINDS:
            out[key] = _merge_rules(base.get(key, []), value, key, origin)
        elif key in _MERGED_TABLES and isinstance(value, dict):
            merged = dict(base.get(key, {}))
            merged.update(value)
            out[key] = merged
        else:
            out[key] = value
    out.pop("extends", None)
    if "extends" in child:
        out["extends"] = child["extends"]
    return out


def shipped_profiles() -> list[str]:
    """The names of the profiles teikit ships."""
    folder = resources.files("teikit") / "profiles"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def _read(name: str) -> tuple[dict[str, Any], str]:
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
            known = ", ".join(shipped_profiles())
            raise TeikitError(
                f"no profile named {name!r} (shipped: {known}; or give a FILE.toml)"
            ) from None
    try:
        return tomllib.loads(text), name
    except tomllib.TOMLDecodeError as exc:
        raise TeikitError(f"profile is not valid TOML: {exc}", path=name) from None


def _resolve(name: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    if name in seen:
        raise TeikitError(f"profiles extend each other in a circle: {' → '.join((*seen, name))}")
    data, origin = _read(name)
    parent = data.get("extends")
    if parent:
        base = _resolve(str(parent), (*seen, name))
        data = merge_profiles(base, data, origin)
        data["extends"] = str(parent)
    return data


_CACHE: dict[tuple[str, float | None], Profile] = {}


def load_profile(name: str = "wilson-center") -> Profile:
    """Load a shipped profile by name, or a profile file (``.toml``) by path.

    A profile that says ``extends = "NAME"`` is merged onto that profile first.
    """
    path = Path(name)
    stamp = path.stat().st_mtime if path.suffix == ".toml" and path.exists() else None
    key = (name, stamp)
    if key not in _CACHE:
        data = _resolve(name)
        _CACHE[key] = profile_from_dict(data, source=name if path.suffix == ".toml" else None)
    return _CACHE[key]


def recognised_by(rule: Rule) -> str:
    """How a rule recognises its convention, in a few words (for ``conventions list``)."""
    parts: list[str] = []
    if rule.labels:
        parts.append("label " + " / ".join(f"{lab.text}{rule.separator.rstrip()}"
                                           for lab in rule.labels))
    if rule.words:
        parts.append("words " + " / ".join(w.text for w in rule.words))
    if rule.detector:
        parts.append(f"detector {rule.detector}")
    if rule.pattern is not None and not rule.labels:
        pattern = rule.pattern.pattern
        parts.append("pattern " + (pattern if len(pattern) <= 60 else pattern[:59] + "…"))
    if isinstance(rule.shape, dict):
        parts.append("shape " + ", ".join(f"{k}={v}" for k, v in rule.shape.items()))
    elif rule.shape == "any":
        parts.append("any bracket")
    if rule.context:
        parts.append("context " + ", ".join(f"{k}={v}" for k, v in rule.context.items()))
    if rule.extent:
        parts.append(f"extent {rule.extent} before")
    if rule.extent_after:
        parts.append(f"extent {rule.extent_after} after")
    where = rule.regions or rule.within or rule.zone
    if where:
        parts.append("in " + "/".join(where))
    if rule.ambiguous or rule.warn:
        parts.append("reported")
    return "; ".join(parts)


def rule_rows(profile: Profile) -> list[dict[str, str]]:
    """One row per rule of ``profile``, in the order rules are tried within each kind."""
    return [
        {
            "name": rule.name,
            "kind": rule.kind,
            "recognised": recognised_by(rule),
            "tei": rule.template.text,
            "write": rule.write,
            "example": rule.example,
            "description": rule.description,
        }
        for rule in profile.rules
    ]
