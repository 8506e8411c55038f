"""Reading a profile: TOML in, a checked :class:`~.model.Profile` out.

:func:`load_profile` is the way in: it finds a shipped profile by name (see
:func:`shipped_profiles`) or reads a ``FILE.toml``, resolves ``extends``, and
compiles the data with :func:`profile_from_dict` (cached per file and mtime).

Compiling a rule (``_rule``) refuses unknown keys, parses its TEI template
(:class:`~.templates.Template`), compiles its regular expressions and asks
:func:`.matchers.check_rule` whether every matcher it names exists.

A profile may extend another (``extends = "wilson-center"``): its rules
replace the base's rules of the same name (key by key), or are added at a
position (``before``/``after`` a rule named there); ``remove = true`` drops one;
tables such as ``people`` or ``vocabulary`` are merged key by key
(:func:`merge_profiles`).  Merging works on the TOML data, before compiling.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import TeikitError
from .matchers import check_rule
from .model import RULE_KINDS, Field, Label, Profile, Rule
from .templates import Template

_RULE_KEYS = {
    "name", "tei", "write", "labels", "separator", "words", "shape", "context", "extent",
    "extent_after", "maps", "params", "region", "zone", "pattern", "continues", "detector",
    "within", "not_within", "anchor", "once", "letterspaced", "between", "min_matches",
    "needs_continuation",
    "register", "warn", "ambiguous", "description", "example", "before", "after", "remove",
}


def _compile(kind: str, name: str, key: str, pattern: Any) -> re.Pattern[str] | None:
    if not pattern:
        return None
    try:
        return re.compile(str(pattern))
    except re.error as exc:
        raise TeikitError(f"{kind} rule {name!r}: bad {key}: {exc}") from None


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _labels(raw: list[Any] | None) -> tuple[Label, ...]:
    out: list[Label] = []
    for item in raw or []:
        if isinstance(item, str):
            out.append(Label(item))
        else:
            out.append(Label(str(item["text"]), item.get("rend")))
    return tuple(out)


def _rule(kind: str, raw: dict[str, Any]) -> Rule:
    """The rule of ``kind`` that the TOML table ``raw`` describes, checked."""
    name = str(raw.get("name", "?"))
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise TeikitError(f"{kind} rule {name!r}: unknown keys {', '.join(sorted(unknown))}")
    if "tei" not in raw:
        raise TeikitError(f"{kind} rule {name!r} has no 'tei' template")
    region = raw.get("region")
    regions = _strings(region)
    rule = Rule(
        kind=kind,
        name=name,
        template=Template(str(raw["tei"]), name),
        write=str(raw.get("write", "{content}")),
        labels=_labels(raw.get("labels")),
        separator=str(raw.get("separator", ": ")),
        words=_labels(raw.get("words")),
        shape=raw.get("shape"),
        context=dict(raw.get("context", {})),
        extent=raw.get("extent"),
        extent_after=raw.get("extent_after"),
        maps={k: {str(a).lower(): str(b) for a, b in v.items()} for k, v in
              raw.get("maps", {}).items()},
        params={str(k): str(v) for k, v in raw.get("params", {}).items()},
        region=regions[0] if regions else None,
        regions=regions,
        zone=_strings(raw.get("zone")),
        pattern=_compile(kind, name, "pattern", raw.get("pattern")),
        continues=_compile(kind, name, "continues", raw.get("continues")),
        detector=raw.get("detector"),
        within=_strings(raw.get("within")),
        not_within=_strings(raw.get("not_within")),
        anchor=str(raw.get("anchor", "any")),
        once=bool(raw.get("once", False)),
        letterspaced=bool(raw.get("letterspaced", False)),
        between=bool(raw.get("between", False)),
        needs_continuation=bool(raw.get("needs_continuation", False)),
        min_matches=int(raw.get("min_matches", 0)),
        register=raw.get("register"),
        warn=raw.get("warn"),
        ambiguous=raw.get("ambiguous"),
        description=str(raw.get("description", "")),
        example=str(raw.get("example", "")),
    )
    check_rule(rule)
    return rule


def profile_from_dict(data: dict[str, Any], source: str | None = None) -> Profile:
    """Build a :class:`Profile` from parsed TOML (after ``extends`` is resolved)."""
    meta = data.get("metadata", {})
    kinds = {k: tuple(_rule(k, r) for r in data.get(k, [])) for k in RULE_KINDS}
    names = [r.name for rules in kinds.values() for r in rules]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise TeikitError(f"profile rules must have distinct names: {', '.join(duplicates)}")
    reserved = {str(w).lower() for w in data.get("reserved_words", [])}
    for rule in kinds["bracket"]:
        reserved.update(w.text.lower() for w in rule.words)
    vocabulary = {
        str(k): frozenset(str(w).lower() for w in v) for k, v in data.get("vocabulary", {}).items()
    }
    return Profile(
        name=str(data.get("name", "unnamed")),
        description=str(data.get("description", "")),
        prose_min_words=int(data.get("prose_min_words", 8)),
        fields=tuple(Field(str(f["label"]), str(f["target"])) for f in meta.get("fields", [])),
        people={k: dict(v) for k, v in data.get("people", {}).items()},
        hands={k: dict(v) for k, v in data.get("hands", {}).items()},
        witnesses={k: dict(v) for k, v in data.get("witnesses", {}).items()},
        brackets=kinds["bracket"],
        lines=kinds["line"],
        phrases=kinds["phrase"],
        blocks=kinds["block"],
        letterspace_words=tuple(data.get("letterspace_words", [])),
        reserved_words=frozenset(reserved),
        vocabulary=vocabulary,
        aliases={str(k).lower(): str(v) for k, v in data.get("aliases", {}).items()},
        params={str(k): str(v) for k, v in data.get("params", {}).items()},
        extends=data.get("extends"),
        source=source,
        metadata=dict(meta),
    )


def _merge_rules(
    base: list[dict[str, Any]], extra: list[dict[str, Any]], kind: str, origin: str
) -> list[dict[str, Any]]:
    """Rules of ``base`` with those of ``extra`` merged in (by name, or at a position)."""
    rules = [dict(r) for r in base]

    def index(name: str) -> int:
        """The position of the rule called ``name``."""
        for i, r in enumerate(rules):
            if r.get("name") == name:
                return i
        raise TeikitError(f"{origin}: {kind} rule position names no rule: {name!r}")

    for raw in extra:
        name = raw.get("name")
        if not name:
            raise TeikitError(f"{origin}: every {kind} rule needs a name")
        existing = next((i for i, r in enumerate(rules) if r.get("name") == name), None)
        if raw.get("remove"):
            if existing is None:
                raise TeikitError(f"{origin}: cannot remove {kind} rule {name!r}: no such rule")
            del rules[existing]
            continue
        rule = {k: v for k, v in raw.items() if k not in ("before", "after")}
        if existing is not None and "before" not in raw and "after" not in raw:
            merged = {**rules[existing], **rule}
            rules[existing] = merged
            continue
        if existing is not None:
            rule = {**rules.pop(existing), **rule}
        if "before" in raw:
            rules.insert(index(str(raw["before"])), rule)
        elif "after" in raw:
            rules.insert(index(str(raw["after"])) + 1, rule)
        else:
            # a new rule goes before the catch-all (an unlabelled rule of any shape)
            last = next(
                (i for i, r in enumerate(rules) if r.get("shape") == "any"), len(rules)
            )
            rules.insert(last, rule)
    return rules


_MERGED_TABLES = ("people", "hands", "witnesses", "aliases", "vocabulary", "metadata", "params")


def merge_profiles(base: dict[str, Any], child: dict[str, Any], origin: str) -> dict[str, Any]:
    """The TOML data of a profile that extends ``base`` with ``child``."""
    out = dict(base)
    for key, value in child.items():
        if key in RULE_KINDS:
            out[key] = _merge_rules(base.get(key, []), value, key, origin)
        elif key in _MERGED_TABLES and isinstance(value, dict):
            merged = dict(base.get(key, {}))
            merged.update(value)
            out[key] = merged
        else:
            out[key] = value
    out.pop("extends", None)
    if "extends" in child:
        out["extends"] = child["extends"]
    return out


def shipped_profiles() -> list[str]:
    """The names of the profiles teikit ships."""
    folder = resources.files("teikit") / "profiles"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def _read(name: str) -> tuple[dict[str, Any], str]:
    path = Path(name)
    if path.suffix == ".toml":
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise TeikitError(f"cannot read profile: {exc.strerror}", path=name) from None
    else:
        try:
            text = (resources.files("teikit") / "profiles" / f"{name}.toml").read_text("utf-8")
        except FileNotFoundError:
            known = ", ".join(shipped_profiles())
            raise TeikitError(
                f"no profile named {name!r} (shipped: {known}; or give a FILE.toml)"
            ) from None
    try:
        return tomllib.loads(text), name
    except tomllib.TOMLDecodeError as exc:
        raise TeikitError(f"profile is not valid TOML: {exc}", path=name) from None


def _resolve(name: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    if name in seen:
        raise TeikitError(f"profiles extend each other in a circle: {' → '.join((*seen, name))}")
    data, origin = _read(name)
    parent = data.get("extends")
    if parent:
        base = _resolve(str(parent), (*seen, name))
        data = merge_profiles(base, data, origin)
        data["extends"] = str(parent)
    return data


_CACHE: dict[tuple[str, float | None], Profile] = {}


def load_profile(name: str = "wilson-center") -> Profile:
    """Load a shipped profile by name, or a profile file (``.toml``) by path.

    A profile that says ``extends = "NAME"`` is merged onto that profile first.
    """
    path = Path(name)
    stamp = path.stat().st_mtime if path.suffix == ".toml" and path.exists() else None
    key = (name, stamp)
    if key not in _CACHE:
        data = _resolve(name)
        _CACHE[key] = profile_from_dict(data, source=name if path.suffix == ".toml" else None)
    return _CACHE[key]
