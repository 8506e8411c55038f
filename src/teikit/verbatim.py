"""What normalising a transcription drops, and putting it back.

The reader works on a normalised text (LF line ends, no spaces at line ends, no
blank lines at the edges, no byte-order mark).  :func:`record` says, as a short
JSON object, what the file had beyond that: its line ends (``lf``, ``crlf``,
``cr``, or runs of them when mixed), the spaces and tabs at the end of each line,
the blank lines before and after the text, the byte-order mark, and the blank
lines the reader inserted between the parts of a page's head
(:mod:`teikit.read.spacing`).  The converter
keeps the record in the TEI (``appInfo/application/desc[@type="normalisation"]``)
and the transcription writer applies it with :func:`restore`: the file comes back
byte for byte.
"""

from __future__ import annotations

import json
import re
from itertools import groupby

EOL = re.compile("(\r\n|\r|\n)")
_EOL_NAMES = {"\n": "lf", "\r\n": "crlf", "\r": "cr"}
_EOL_CHARS = {v: k for k, v in _EOL_NAMES.items()}


def record(
    bom: bool, raw: list[str], lines: list[str], ends: list[str], first: int, last: int
) -> str:
    """The normalisation record (JSON) of a text split into ``raw`` lines and their
    ``ends``, whose lines without their end spaces are ``lines`` and whose text runs
    from line ``first`` to ``last`` (0-based, exclusive); "" when the text is its
    normalised form plus one final LF (then the writer's output is the file as it was)."""
    spaces = {str(i + 1): r[len(n):] for i, (r, n) in enumerate(zip(raw, lines, strict=True))
              if len(r) != len(n)}
    runs = [[name, len(list(group))] for name, group in groupby(_EOL_NAMES[e] for e in ends)]
    plain = (not bom and not spaces and first == 0 and len(runs) <= 1
             and (not runs or runs[0][0] == "lf") and len(raw) == last + 1 and raw[-1] == "")
    if plain:
        return ""
    record: dict[str, object] = {"lines": len(raw), "lead": first, "text": last - first}
    if bom:
        record["bom"] = True
    record["eol"] = runs[0][0] if len(runs) == 1 else (runs or "lf")
    if spaces:
        record["spaces"] = spaces
    return json.dumps(record, ensure_ascii=True, separators=(",", ":"))


def with_edits(
    layout: str,
    inserted: tuple[int, ...],
    removed: list[list[int]],
    indent: dict[int, str],
    text_lines: int,
) -> str:
    """The record ``layout`` of a text of ``text_lines`` lines, once the reader has
    dropped blank lines (``removed``: [line, count], count blank lines before that
    line of the text without them) and then inserted blank lines at ``inserted``
    (0-based lines of the new text), and taken the indentation ``indent`` off
    lines of the old text (0-based)."""
    if layout:
        record = json.loads(layout)
    else:  # the plain case: LF line ends, one final LF, nothing else dropped
        record = {"lines": text_lines + 1, "lead": 0, "text": text_lines, "eol": "lf"}
    if inserted:
        record["inserted"] = list(inserted)
    if removed:
        record["removed"] = removed
    if indent:
        record["indent"] = {str(k): v for k, v in sorted(indent.items())}
    return json.dumps(record, ensure_ascii=True, separators=(",", ":"))


def restore(text: str, layout: str) -> str:
    """The transcription as the file had it: ``text`` (the normalised transcription,
    as the writer makes it, ending with one LF) with what ``layout`` records put back.

    When the text no longer has the number of lines the record was made for (the
    TEI was edited since), the record no longer applies and ``text`` is returned.
    """
    if not layout:
        return text
    try:
        record = json.loads(layout)
        lines = text[:-1].split("\n") if text.endswith("\n") else text.split("\n")
        for at in sorted(map(int, record.get("inserted", ())), reverse=True):
            if at >= len(lines) or lines[at]:
                return text
            del lines[at]
        for at, count in sorted(record.get("removed", ()), reverse=True):
            lines[int(at):int(at)] = [""] * int(count)
        for at, ws in dict(record.get("indent", {})).items():
            lines[int(at)] = str(ws) + lines[int(at)]
        if len(lines) != int(record["text"]):
            return text
        total, lead = int(record["lines"]), int(record["lead"])
        raw = [""] * lead + lines + [""] * (total - lead - len(lines))
        for key, value in dict(record.get("spaces", {})).items():
            raw[int(key) - 1] += str(value)
        eol = record.get("eol", "lf")
        if isinstance(eol, str):
            ends = [_EOL_CHARS[eol]] * (total - 1)
        else:
            ends = [_EOL_CHARS[str(n)] for n, count in eol for _ in range(int(count))]
        if len(ends) != total - 1:
            return text
    except (ValueError, KeyError, TypeError, IndexError):
        return text
    out = [raw[0]]
    for end, line in zip(ends, raw[1:], strict=True):
        out.append(end)
        out.append(line)
    return ("\ufeff" if record.get("bom") else "") + "".join(out)


