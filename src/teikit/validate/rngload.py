"""Reading a RELAX NG grammar (XML syntax, one file) into interned patterns for the error pass.

Definitions are inlined (each built once); element contents are built on first use,
so recursive grammars load lazily.  Datatypes are those of XML Schema (checked with
``xmlschema``'s built-in types; ``pattern`` facets through ``elementpath``'s regex
translation) and RELAX NG's own ``string`` and ``token``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import TeikitError
from .derivative import Builder, Pat
from .grammar import inherited_ns

RNG = "{http://relaxng.org/ns/structure/1.0}"
XSD_LIB = "http://www.w3.org/2001/XMLSchema-datatypes"


class Loaded:
    """A grammar read into patterns: its start pattern, its builder, elements by name."""

    def __init__(self, path: Path) -> None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        try:
            root = etree.parse(str(path), parser).getroot()
        except (OSError, etree.XMLSyntaxError) as exc:
            raise TeikitError(
                f"cannot read the schema: {exc}", path=str(path), code="schema"
            ) from None
        self.b = Builder()
        self.defines: dict[str, list[etree._Element]] = {}
        self._built: dict[str, Pat] = {}
        self.by_name: dict[tuple[str, str], list[Pat]] = {}
        self._count = 0
        if root.tag == f"{RNG}grammar":
            for d in root.iter(f"{RNG}define"):
                self.defines.setdefault(str(d.get("name")), []).append(d)
            start = root.find(f"{RNG}start")
            if start is None:
                raise TeikitError("the grammar has no start", path=str(path), code="schema")
            self.start = self._group(start)
        else:
            self.start = self._pattern(root)
        self.check = self._check

    # ------------------------------------------------------------------ patterns

    def _group(self, el: etree._Element) -> Pat:
        out = self.b.empty
        for child in el:
            if isinstance(child.tag, str) and child.tag.startswith(RNG):
                out = self.b.group(out, self._pattern(child))
        return out

    def _choice(self, el: etree._Element) -> Pat:
        out = self.b.notallowed
        for child in el:
            if isinstance(child.tag, str) and child.tag.startswith(RNG):
                out = self.b.choice(out, self._pattern(child))
        return out

    def _ref(self, name: str) -> Pat:
        found = self._built.get(name)
        if found is None:
            ds = self.defines.get(name)
            if not ds:
                return self.b.notallowed
            found = self.b.notallowed
            for d in ds:
                found = self.b.choice(found, self._group(d))
            self._built[name] = found
        return found

    def _pattern(self, el: etree._Element) -> Pat:
        b = self.b
        tag = str(el.tag)[len(RNG) :]
        if tag == "ref":
            return self._ref(str(el.get("name")).strip())
        if tag in ("group", "define", "start"):
            return self._group(el)
        if tag == "choice":
            return self._choice(el)
        if tag == "interleave":
            out = b.empty
            for child in el:
                if isinstance(child.tag, str) and child.tag.startswith(RNG):
                    out = b.interleave(out, self._pattern(child))
            return out
        if tag == "optional":
            return b.choice(self._group(el), b.empty)
        if tag == "zeroOrMore":
            return b.choice(b.one_or_more(self._group(el)), b.empty)
        if tag == "oneOrMore":
            return b.one_or_more(self._group(el))
        if tag == "mixed":
            return b.interleave(b.text, self._group(el))
        if tag == "empty":
            return b.empty
        if tag == "text":
            return b.text
        if tag == "notAllowed":
            return b.notallowed
        if tag == "list":
            return b.leaf("list", self._group(el))
        if tag == "value":
            lib, dtype = _datatype(el, "token")
            text = el.text or ""
            return b.leaf("value", (lib, dtype, _normal(lib, dtype, text)))
        if tag == "data":
            lib, dtype = _datatype(el, "string")
            params = tuple((str(p.get("name")), p.text or "") for p in el.iter(f"{RNG}param"))
            exc = el.find(f"{RNG}except")
            return b.leaf(
                "data", (lib, dtype, params), self._choice(exc) if exc is not None else None
            )
        if tag in ("element", "attribute"):
            nc, rest = self._name_class_of(el, tag == "attribute")
            if tag == "attribute":
                content = self._group_of(rest) if rest else b.text
                return b.leaf("attribute", nc, content)
            self._count += 1
            key = self._count
            b.contents[key] = lambda: self._group_of(rest)
            pat = b.leaf("element", nc, key)
            if nc[0] == "name":
                self.by_name.setdefault(nc[1], []).append(pat)
            return pat
        return b.notallowed

    def _group_of(self, children: list[etree._Element]) -> Pat:
        out = self.b.empty
        for child in children:
            out = self.b.group(out, self._pattern(child))
        return out

    def _name_class_of(
        self, el: etree._Element, attribute: bool
    ) -> tuple[Any, list[etree._Element]]:
        kids = [c for c in el if isinstance(c.tag, str) and c.tag.startswith(RNG)]
        name = el.get("name")
        if name is not None:
            return _name(el, name.strip(), attribute), kids
        return self._nc(kids[0], attribute), kids[1:]

    def _nc(self, el: etree._Element, attribute: bool) -> Any:
        tag = str(el.tag)[len(RNG) :]
        exc = el.find(f"{RNG}except")
        excepted = None
        if exc is not None:
            parts = [self._nc(c, attribute) for c in exc if isinstance(c.tag, str)]
            excepted = parts[0]
            for part in parts[1:]:
                excepted = ("choice", excepted, part)
        if tag == "name":
            return _name(el, (el.text or "").strip(), attribute)
        if tag == "anyName":
            return ("any", excepted)
        if tag == "nsName":
            return ("ns", inherited_ns(el), excepted)
        parts = [self._nc(c, attribute) for c in el if isinstance(c.tag, str)]
        out = parts[0]
        for part in parts[1:]:
            out = ("choice", out, part)
        return out

    # ------------------------------------------------------------------ values

    def _check(self, p: Pat, text: str) -> bool:
        """True when the data, value or list pattern ``p`` matches ``text``."""
        if p.kind == "value":
            lib, dtype, value = p.a
            return bool(_normal(lib, dtype, text) == value)
        if p.kind == "list":
            q = p.a
            for token in text.split():
                q = self.b.text_deriv(q, token, self._check)
            return bool(q.nullable)
        lib, dtype, params = p.a
        if not _valid(lib, dtype, params, text):
            return False
        if p.b is not None:
            return not self.attribute_value(p.b, text)
        return True

    def attribute_value(self, content: Pat, text: str) -> bool:
        """True when an attribute's content pattern matches the value ``text``."""
        if content.nullable and not text.strip():
            return True
        return self.b.text_deriv(content, text, self._check).nullable


def _name(el: etree._Element, name: str, attribute: bool) -> Any:
    if ":" in name:
        prefix, local = name.split(":", 1)
        uri = el.nsmap.get(prefix) or (
            "http://www.w3.org/XML/1998/namespace" if prefix == "xml" else ""
        )
        return ("name", (uri, local))
    return ("name", (str(el.get("ns") or "") if attribute else inherited_ns(el), name))


def _datatype(el: etree._Element, default: str) -> tuple[str, str]:
    dtype = el.get("type")
    if dtype is None:
        return "", default
    cur: etree._Element | None = el
    while cur is not None:
        lib = cur.get("datatypeLibrary")
        if lib is not None:
            return lib, dtype.strip()
        cur = cur.getparent()
    return "", dtype.strip()


def _normal(lib: str, dtype: str, text: str) -> str:
    if lib == "" and dtype == "string":
        return text
    if lib == XSD_LIB and dtype in ("string", "normalizedString"):
        return text
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _xsd_types() -> Any:
    import xmlschema

    schema: Any = xmlschema.XMLSchema10.meta_schema
    schema.build()
    return schema.maps.types


def xsd_valid(kind: Any, text: str) -> bool:
    """Whether ``text`` is in the lexical space of the XML Schema type ``kind``.

    For a built-in atomic type this takes xmlschema's own steps (normalise,
    patterns, conversion, facet validators) without building the validation
    context that ``is_valid`` makes for every call: the same verdict, about
    thirty times faster, which matters when every attribute value of a corpus
    is checked.  Other types go through ``is_valid``.
    """
    from decimal import DecimalException

    from xmlschema import XMLSchemaValidationError
    from xmlschema.validators import XsdAtomicBuiltin

    if not isinstance(kind, XsdAtomicBuiltin):
        return bool(kind.is_valid(text))
    value = kind.normalize(text)
    try:
        if kind.patterns is not None:
            kind.patterns(value)
        result = kind.to_python(value)
        for validator in kind.validators:
            validator(result)
    except (XMLSchemaValidationError, ValueError, DecimalException, TypeError):
        return False
    return True


@lru_cache(maxsize=512)
def _regex(pattern: str) -> re.Pattern[str]:
    from elementpath.regex import translate_pattern

    return re.compile(translate_pattern(pattern, anchors=False))


@lru_cache(maxsize=20_000)
def _valid(lib: str, dtype: str, params: tuple[tuple[str, str], ...], text: str) -> bool:
    if lib != XSD_LIB or dtype in ("string", "token"):
        value = text if dtype == "string" else " ".join(text.split())
    else:
        kind = _xsd_types().get("{http://www.w3.org/2001/XMLSchema}" + dtype)
        if kind is not None and not xsd_valid(kind, text):
            return False
        value = text if dtype == "string" else " ".join(text.split())
    for name, arg in params:
        if name == "pattern" and not _regex(arg).fullmatch(value):
            return False
        limits = ("minInclusive", "maxInclusive", "minLength", "maxLength", "length")
        if name in limits and not _facet(name, arg, value):
            return False
    return True


def _facet(name: str, arg: str, value: str) -> bool:
    try:
        if name == "minInclusive":
            return float(value) >= float(arg)
        if name == "maxInclusive":
            return float(value) <= float(arg)
    except ValueError:
        return False
    size = len(value)
    return {"minLength": size >= int(arg), "maxLength": size <= int(arg)}.get(
        name, size == int(arg)
    )


_LOADED: dict[str, Loaded] = {}


def loaded(path: Path) -> Loaded:
    """The grammar at ``path`` read into patterns (once per process)."""
    key = str(path.resolve())
    found = _LOADED.get(key)
    if found is None:
        found = _LOADED[key] = Loaded(path)
    return found


Checker = Callable[[Pat, str], bool]
