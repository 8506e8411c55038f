"""The text layout of what the command line prints as plain lines (the rule list).

Pure formatting: :mod:`teikit.cli.report` prints what these functions return.
"""

from __future__ import annotations

import textwrap

RULES_WIDTH = 80  # the width of the rule list written to a file or a pipe


def rule_lines(
    rules: list[dict[str, str]], *, width: int = RULES_WIDTH, tei: bool = False
) -> list[str]:
    """The rules as lines of at most ``width`` columns (longer only for one long word).

    Each rule: its name (never broken) and kind on the first line with what it is
    recognised by; the example (and the TEI, with ``tei``) wrapped under them,
    indented.  The name column is as wide as the longest name.
    """
    name_width = max((len(r["name"]) for r in rules), default=0)
    lines: list[str] = []
    for row in rules:
        head = f"{row['name']:<{name_width}}  {row['kind']:<7} "
        lines += textwrap.wrap(
            row["recognised"], width, initial_indent=head,
            subsequent_indent=" " * len(head), break_on_hyphens=False,
        ) or [head.rstrip()]
        parts = [("e.g. ", row["example"])] + ([("TEI: ", row["tei"])] if tei else [])
        for label, text in parts:
            if text:
                lines += textwrap.wrap(
                    label + " ".join(text.split()), width, initial_indent="    ",
                    subsequent_indent="    " + " " * len(label), break_on_hyphens=False,
                )
    return lines
