"""The rule table of ``teikit conventions list``: one row per rule, in plain words."""

from __future__ import annotations

from .model import Profile, Rule


def recognised_by(rule: Rule) -> str:
    """How a rule recognises its convention, in a few words (for ``conventions list``)."""
    parts: list[str] = []
    if rule.labels:
        parts.append("label " + " / ".join(f"{lab.text}{rule.separator.rstrip()}"
                                           for lab in rule.labels))
    if rule.words:
        parts.append("words " + " / ".join(w.text for w in rule.words))
    if rule.detector:
        parts.append(f"detector {rule.detector}")
    if rule.pattern is not None and not rule.labels:
        pattern = rule.pattern.pattern
        parts.append("pattern " + (pattern if len(pattern) <= 60 else pattern[:59] + "…"))
    if isinstance(rule.shape, dict):
        parts.append("shape " + ", ".join(f"{k}={v}" for k, v in rule.shape.items()))
    elif rule.shape == "any":
        parts.append("any bracket")
    if rule.context:
        parts.append("context " + ", ".join(f"{k}={v}" for k, v in rule.context.items()))
    if rule.extent:
        parts.append(f"extent {rule.extent} before")
    if rule.extent_after:
        parts.append(f"extent {rule.extent_after} after")
    where = rule.regions or rule.within or rule.zone
    if where:
        parts.append("in " + "/".join(where))
    if rule.ambiguous or rule.warn:
        parts.append("reported")
    return "; ".join(parts)


def rule_rows(profile: Profile) -> list[dict[str, str]]:
    """One row per rule of ``profile``, in the order rules are tried within each kind."""
    return [
        {
            "name": rule.name,
            "kind": rule.kind,
            "recognised": recognised_by(rule),
            "tei": rule.template.text,
            "write": rule.write,
            "example": rule.example,
            "description": rule.description,
        }
        for rule in profile.rules
    ]
