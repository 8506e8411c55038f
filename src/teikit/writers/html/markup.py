"""The HTML writer's vocabulary: escaping, the classes naming TEI elements, tag constants.

Everything here is a pure function of its arguments or a constant; the other
modules of :mod:`teikit.writers.html` build on it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from ...tei import T, local_name
from ..document import squash
from ..policy import BOTH, NONE, D, R
from ..walk import DIV_TAGS

XML_WS = " \t\r\n"  # the whitespace XML knows
RTL_LANGUAGES = frozenset(("ar", "he", "fa", "ur", "yi", "syr", "syc", "arc", "ps", "dv"))
CLASS_CHARS = re.compile(r"[^A-Za-z0-9_-]+")  # what a class name may not hold
DIGITS = re.compile(r"^\d{1,3}$")  # a small count (colspan, a blank space's width)
COMPACT_AT = 4096  # pieces of HTML kept as strings before they are encoded
# The classes that hide an element in a view: r-only shows in the reading view only …
VIS_CLASS = {BOTH: "", R: " r-only", D: " d-only", NONE: " r-only d-only"}

HEAD = T + "head"
P_TAGS = frozenset((T + "p", T + "ab"))
LIST_TAGS = frozenset((T + "list", T + "listBibl"))
TABLE = T + "table"
ROW = T + "row"
CELL = T + "cell"
ITEM = T + "item"
LB = T + "lb"
PB = T + "pb"
REF = T + "ref"
PTR = T + "ptr"
GAP = T + "gap"
SPACE = T + "space"
HANDSHIFT = T + "handShift"
GRAPHIC = T + "graphic"
CHOICE = T + "choice"
SIC = T + "sic"
S = T + "s"
SPACE_UNITS = frozenset(("chars", "char", "characters", "letters", "minims"))
HEADING_PARENTS = DIV_TAGS | frozenset(T + n for n in ("body", "front", "back", "text", "group"))
XI_INCLUDE = "{http://www.w3.org/2001/XInclude}include"
ANCESTOR_LANG = etree.XPath("ancestor-or-self::*[@xml:lang][1]/@xml:lang")


def esc(text: str) -> str:
    """Text escaped for HTML content."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(text: str) -> str:
    """Text escaped for an HTML attribute value (in double quotes)."""
    return esc(text).replace('"', "&quot;")


@lru_cache(maxsize=2048)
def base_class(tag: str) -> str:
    """The class naming an element: ``tei-NAME`` (``ext-NAME`` outside the TEI namespace)."""
    name = CLASS_CHARS.sub("", local_name(tag))
    return ("tei-" if tag.startswith(T) else "ext-") + name


@lru_cache(maxsize=1024)
def rend_classes(rend: str) -> str:
    """``@rend`` tokens as classes (``rend-italic`` …)."""
    tokens = (CLASS_CHARS.sub("", t.lower()) for t in rend.split())
    return "".join(f" rend-{t}" for t in tokens if t)


@lru_cache(maxsize=256)
def place_classes(place: str) -> str:
    """``@place`` tokens as classes (``place-above`` …)."""
    tokens = (CLASS_CHARS.sub("", t.lower()) for t in place.split())
    return "".join(f" place-{t}" for t in tokens if t)


def short(text: str, limit: int = 90) -> str:
    """``text`` with its whitespace squashed, cut at ``limit`` characters (with …)."""
    text = squash(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
