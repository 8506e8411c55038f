"""One pattern of a RELAX NG grammar, kept as text to be written back."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Node:
    """One pattern of the grammar, ready to be written back as text."""

    tag: str  # local name in the RELAX NG namespace
    open: str
    close: str
    children: list[Node | str] = field(default_factory=list)
    ref: str | None = None
