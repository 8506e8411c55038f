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


# Characters Markdown would read as syntax inside a table cell, as HTML character references.
_MARKDOWN = str.maketrans({c: f"&#{ord(c)};" for c in "|[]*_`\\<>&\"'"})


def _cell(text: str) -> str:
    """``text`` as code in a Markdown table cell (every Markdown character escaped)."""
    if not text:
        return ""
    return "<code>" + text.translate(_MARKDOWN).replace("\n", "⏎") + "</code>"


def _plain(text: str) -> str:
    """``text`` as prose in a Markdown table cell."""
    return text.translate(_MARKDOWN).replace("\n", " ")


def markdown_tables(profile: Profile, base: Profile | None = None) -> str:
    """The rules of ``profile`` as Markdown tables, one per kind, in the order they are tried.

    With ``base`` (the profile it extends), only the rules it adds or changes, and a line
    naming the rules it removes.  The documentation site builds its conventions page
    from this, so the tables never drift from the shipped profiles.
    """
    base_rows = {row["name"]: row for row in rule_rows(base)} if base is not None else {}
    rows = rule_rows(profile)
    if base is not None:
        rows = [row for row in rows if base_rows.get(row["name"]) != row]
    out: list[str] = []
    for kind in ("bracket", "block", "line", "phrase"):
        chosen = [row for row in rows if row["kind"] == kind]
        if not chosen:
            continue
        out.append(f"### `[[{kind}]]` rules of `{profile.name}`\n")
        out.append("| rule | what it is | recognised by | TEI | example |")
        out.append("| --- | --- | --- | --- | --- |")
        for row in chosen:
            changed = " (changed)" if row["name"] in base_rows else ""
            out.append(
                f"| `{row['name']}`{changed} | {_plain(row['description'])} | "
                f"{_cell(row['recognised'])} | {_cell(row['tei'])} | {_cell(row['example'])} |"
            )
        out.append("")
    if base is not None:
        names = {row["name"] for row in rule_rows(profile)}
        removed = [name for name in base_rows if name not in names]
        if removed:
            out.append("Rules of `" + base.name + "` it removes: "
                       + ", ".join(f"`{n}`" for n in removed) + ".\n")
    return "\n".join(out)
