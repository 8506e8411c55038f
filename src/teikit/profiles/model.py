"""The profile model: what a profile *is*, once read (see :mod:`.loader` for reading one).

A :class:`Profile` (one ``profiles/NAME.toml``, or any ``FILE.toml``) is a named
set of ordered :class:`Rule` lists, one per kind (:data:`RULE_KINDS`), plus the
resources the rules point to (people, hands, witnesses, word lists, aliases,
the metadata :class:`Field` s).  A rule says how a convention is recognised in
the transcription (labels or words, a shape, a context, an extent, a pattern:
named tests of :mod:`.matchers`), the TEI it becomes (a
:class:`~.templates.Template`) and how it is written back (``write``).  A
:class:`Label` is one spelling of a rule's label or word.

These are plain frozen dataclasses: nothing here reads files or checks names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .templates import Template, fill, placeholders

RULE_KINDS = ("bracket", "line", "phrase", "block")
"""The kinds of rule, each a list (a TOML array of tables) of a profile."""


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
    needs_continuation: bool = False  # a line rule that fires only with a continuing line
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
        return placeholders(self.write)

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

    def web_targets(self) -> dict[str, str]:
        """The header targets of the labelled fields of the web page layouts, by label."""
        return {str(f["label"]): str(f["target"]) for f in self.metadata.get("web_fields", [])}

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

