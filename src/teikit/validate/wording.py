"""How grammar problems are worded: names, short lists, attribute lists, datatypes."""

from __future__ import annotations

TEI_NS = "http://www.tei-c.org/ns/1.0"

DATATYPES = {
    "anyURI": "a URI or pointer (no spaces)",
    "token": "a token",
    "NCName": "a name without spaces or colons",
    "Name": "a name",
    "ID": "an identifier (a name, unique in the document)",
    "date": "a date (YYYY-MM-DD)",
    "gYear": "a year (YYYY)",
    "gYearMonth": "a year and month (YYYY-MM)",
    "dateTime": "a date and time",
    "language": "a language tag such as en or ru-Latn",
    "nonNegativeInteger": "a whole number (0 or more)",
    "positiveInteger": "a whole number (1 or more)",
    "integer": "a whole number",
    "decimal": "a number",
    "double": "a number",
    "float": "a number",
    "boolean": "true or false",
}


def qname(key: tuple[str, str]) -> str:
    """A name as messages write it (``{uri}local`` outside TEI; prefixes come later)."""
    ns, local = key
    if ns in ("", TEI_NS):
        return local
    return f"{{{ns}}}{local}"


def short_list(names: list[str], limit: int = 12) -> str:
    """``a, b, c and N more`` (``nothing`` when empty)."""
    if not names:
        return "nothing"
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def attribute_list(common: frozenset[str], rules: dict[str, tuple[bool, list[str] | None]]) -> str:
    """The attributes an element takes, its own first, the global ones (``common``) said once."""
    own = sorted(a for a in rules if a != "*" and a not in common)
    if any(a in rules for a in common):
        return (short_list(own, 16) + " or a global attribute") if own else "global attributes"
    return short_list(own, 16)
