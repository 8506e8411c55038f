"""Reading a transcription file: decoding, checks, and the normalised text.

A transcription is UTF-8 (with or without a byte-order mark).  Line endings are
normalised to LF, spaces and tabs at line ends are dropped, and blank lines at
the start and end of the file are ignored; everything else is kept exactly.
``Source.first_line`` remembers how many blank lines were dropped at the top so
that every position reported later is a line of the original file, and
``Source.layout`` records everything the normalisation dropped (the byte-order
mark, the line endings, the spaces at line ends, the blank lines at the edges):
the TEI keeps it, so that the transcription writer gives the file back byte for
byte (:func:`teikit.verbatim.restore`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ..errors import TeikitError
from ..verbatim import EOL, record

# Characters that XML 1.0 cannot hold (tab and LF are allowed; CR is normalised away).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Source:
    """A transcription ready for the reader."""

    name: str
    text: str
    first_line: int = 1
    layout: str = ""
    # (first line, offset) runs: line i of text (0-based) from there is line i + offset
    # of the normalised file (the reader inserted or dropped blank lines in its head)
    line_map: tuple[tuple[int, int], ...] = ()
    normalised: str = ""  # the normalised text before the reader's spacing, when it differs
    _newlines: list[int] = field(default_factory=list, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._newlines.extend(m.start() for m in re.finditer("\n", self.text))

    @property
    def file_text(self) -> str:
        """The file's normalised text (its digest names the transcription in the TEI)."""
        return self.normalised or self.text

    def position(self, offset: int) -> tuple[int, int]:
        """Return (line, column), both 1-based, of ``offset`` in ``text``, in file terms."""
        line = bisect_right(self._newlines, offset - 1)  # newlines before offset
        start = self._newlines[line - 1] + 1 if line else 0
        column = offset - start + 1
        if self.line_map:
            at = bisect_right(self.line_map, (line, float("inf"))) - 1
            if at >= 0:
                line += self.line_map[at][1]
        return line + self.first_line, column


def _line_col_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    prefix = data[start:offset].decode("utf-8", errors="replace")
    return line, len(prefix) + 1


def decode(data: bytes, name: str = "<input>") -> str:
    """Decode transcription bytes as UTF-8, refusing what is not a text transcription.

    Raises :class:`TeikitError` for an empty file, a binary file (NUL bytes), a
    UTF-16/32 file, or invalid UTF-8 (naming the byte offset, line and column).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TeikitError(
            "the transcription is UTF-16 or UTF-32; teikit reads transcriptions in UTF-8 only",
            path=name,
            line=1,
            column=1,
            code="encoding",
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _line_col_of_byte(data, nul)
        raise TeikitError(
            f"binary data (a NUL byte at byte offset {nul}); a transcription is plain UTF-8 text",
            path=name,
            line=line,
            column=col,
            code="binary",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col_of_byte(data, exc.start)
        raise TeikitError(
            f"invalid UTF-8 at byte offset {exc.start} (byte 0x{data[exc.start]:02x})",
            path=name,
            line=line,
            column=col,
            code="encoding",
        ) from None
    return text


def normalise(text: str, name: str = "<input>") -> Source:
    """Normalise line endings and edges of ``text`` and check its characters.

    What was dropped is recorded in the source's ``layout`` (see :func:`teikit.verbatim.restore`).
    Raises :class:`TeikitError` when nothing but whitespace is left, or when a
    character that XML cannot hold occurs (with its line and column).
    """
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    pieces = EOL.split(text)
    raw_lines, ends = pieces[0::2], pieces[1::2]
    lines = [line.rstrip(" \t") for line in raw_lines]
    first = 0
    while first < len(lines) and lines[first] == "":
        first += 1
    last = len(lines)
    while last > first and lines[last - 1] == "":
        last -= 1
    if first == last:
        raise TeikitError("the transcription is empty", path=name, code="empty")
    body = "\n".join(lines[first:last])
    layout = record(bom, raw_lines, lines, ends, first, last)
    source = Source(name=name, text=body, first_line=first + 1, layout=layout)
    bad = _XML_ILLEGAL.search(body)
    if bad:
        line, col = source.position(bad.start())
        raise TeikitError(
            f"control character U+{ord(bad.group()):04X} cannot be kept in XML",
            path=name,
            line=line,
            column=col,
            code="control-character",
        )
    return source


def load(data: bytes | str, name: str = "<input>") -> Source:
    """Decode (when given bytes) and normalise a transcription."""
    text = decode(data, name) if isinstance(data, bytes) else data
    return normalise(text, name)
