"""MkDocs hooks of teikit's documentation site (``hooks:`` in mkdocs.yml).

A page may hold generated tables, written from the code at build time so they never
drift from it (each marker alone on its line): ``<!-- rules: PROFILE -->`` (every rule
of a shipped profile),
``<!-- rules-changed: PROFILE -->`` (the rules a profile adds to or changes in the
one it extends) and ``<!-- policy-table -->`` (the rendering policy of the exports).
"""

from __future__ import annotations

import re
from typing import Any

# A marker stands alone on its line (a marker quoted in running text is left alone).
MARKER = re.compile(
    r"^(?:<!-- (rules|rules-changed): ([\w-]+) -->|<!-- policy-table -->)$", re.M
)


def expand(markdown: str) -> str:
    """``markdown`` with every marker replaced by its generated table."""
    from teikit.profiles import load_profile
    from teikit.profiles.rule_table import markdown_tables
    from teikit.writers.policy import policy_table

    def table(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return policy_table()
        profile = load_profile(match.group(2))
        if match.group(1) == "rules":
            return markdown_tables(profile)
        base = load_profile(profile.extends) if profile.extends else None
        return markdown_tables(profile, base)

    return MARKER.sub(table, markdown)


def on_page_markdown(markdown: str, **_: Any) -> str:
    """MkDocs event: expand the markers of every page."""
    return expand(markdown)
