"""Profiles: editorial conventions as data (rules, TEI templates, matchers, shipped ``.toml``).

A newcomer may read the modules in this order; each depends only on those above it:

- :mod:`.templates`: TEI fragments with named slots, built and matched both ways;
- :mod:`.model`: :class:`Profile`, :class:`Rule`, :class:`Label`, :class:`Field`;
- :mod:`.word_tests`: named word classes (a title, a capitalised name, pinyin ...);
- :mod:`.relations`: named relations between a bracket and the text it is about;
- :mod:`.matchers`: the named tests rules refer to (shapes, contexts, extents, whole lines),
  and :func:`~.matchers.check_rule`, which refuses a rule naming an unknown one;
- :mod:`.loader`: reading and compiling a profile's TOML (with ``extends``), the shipped ones;
- :mod:`.rule_table`: the rows of ``teikit conventions list``.

The rest of teikit imports from this package (and from :mod:`.matchers`).
"""

from .loader import load_profile, shipped_profiles
from .model import RULE_KINDS, Label, Profile, Rule
from .rule_table import rule_rows
from .templates import Instance, Slot, Template, TemplateMatch, fill

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
