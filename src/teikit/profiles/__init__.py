"""Profiles: editorial conventions as data (rules, TEI templates, matchers, shipped ``.toml``)."""

from .model import (
    RULE_KINDS,
    Instance,
    Label,
    Profile,
    Rule,
    Slot,
    Template,
    TemplateMatch,
    fill,
    load_profile,
    rule_rows,
    shipped_profiles,
)

__all__ = [
    "RULE_KINDS",
    "Instance",
    "Label",
    "Profile",
    "Rule",
    "Slot",
    "Template",
    "TemplateMatch",
    "fill",
    "load_profile",
    "rule_rows",
    "shipped_profiles",
]
