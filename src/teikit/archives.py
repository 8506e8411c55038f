"""The archives that Wilson Center and FRUS transcriptions cite (``data/archives.toml``)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def archives() -> dict[str, dict[str, str]]:
    """The table of archives by the abbreviation signatures use: the archive's name in
    English, its country and city, and the language its documents are mostly in."""
    text = (resources.files("teikit") / "data" / "archives.toml").read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    return {k: dict(v) for k, v in data.items()}
