"""teikit's cache of prepared schemas: indexed RELAX NG grammars and loaded XML Schemas.

Preparing a grammar (parsing, indexing, :meth:`~teikit.validate.grammar.Grammar.precompute`)
or loading an XML Schema takes about a second, so the result is pickled in teikit's
cache folder (:func:`teikit.validate.schemas.cache_dir`), keyed by a digest of the
schema, and kept in the process once loaded.  The cache is an optimisation only:
a file that does not load is rebuilt, a file that cannot be written is skipped.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..errors import TeikitError
from .grammar import Grammar
from .schemas import cache_dir

T = TypeVar("T")
_GRAMMARS: dict[str, Grammar] = {}
INDEX_VERSION = "6"


def pickled(cached: Path, build: Callable[[], T], kind: type[T]) -> T:
    """An object from teikit's cache, or ``build()`` and store it (best effort)."""
    if cached.is_file():
        try:
            with cached.open("rb") as fh:
                candidate = pickle.load(fh)
            if isinstance(candidate, kind):
                return candidate
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
    made = build()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(made, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cached)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # the cache is an optimisation only
    return made


def grammar(path: Path) -> Grammar:
    """The indexed grammar at ``path`` (kept in the process, and pickled in the cache)."""
    key = str(path.resolve())
    found = _GRAMMARS.get(key)
    if found is not None:
        return found
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TeikitError(
            f"cannot read the schema: {exc.strerror}", path=str(path), code="schema"
        ) from None
    digest = hashlib.sha256(data + INDEX_VERSION.encode()).hexdigest()[:32]

    def build() -> Grammar:
        made = Grammar(path)
        made.precompute()
        return made

    loaded = pickled(cache_dir() / "grammars" / f"{digest}.pickle", build, Grammar)
    loaded.path = str(path)
    _GRAMMARS[key] = loaded
    return loaded


def load_xsd(path: Path) -> Any:
    """An XML Schema, loaded offline; pickled in the cache (loading one takes a second)."""
    import xmlschema

    digest = hashlib.sha256(xmlschema.__version__.encode())
    for sibling in sorted(path.resolve().parent.glob("*.xsd")):
        digest.update(sibling.name.encode() + sibling.read_bytes())
    cached = cache_dir() / "xsd" / f"{digest.hexdigest()[:32]}-{path.stem}.pickle"

    def build() -> Any:
        try:
            return xmlschema.XMLSchema(str(path.resolve()), allow="sandbox")
        except (xmlschema.XMLSchemaException, OSError) as exc:
            raise TeikitError(
                f"the XML Schema does not load: {str(exc).splitlines()[0]}",
                path=str(path),
                code="schema",
            ) from None

    return pickled(cached, build, xmlschema.XMLSchemaBase)
