"""One error type and one diagnostic record for everything teikit reports.

Every failure teikit understands is raised as :class:`TeikitError`, which carries
the file, line and column it concerns; the command line prints it as one line
(``FILE:LINE:COL: error: message``) and exits with status 2.  Warnings are
collected as :class:`Diagnostic` records and never interrupt the work.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


def _location(path: str | None, line: int | None, column: int | None) -> str:
    parts = [path or "<input>"]
    if line is not None:
        parts.append(str(line))
        if column is not None:
            parts.append(str(column))
    return ":".join(parts)


class TeikitError(Exception):
    """A failure that teikit understands: bad input, a refused write, a bad option.

    ``line`` and ``column`` are 1-based and refer to the input file named by
    ``path`` (for a transcription: its line in the original file).
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        code: str = "error",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.code = code

    def with_path(self, path: str) -> TeikitError:
        """Return this error with ``path`` filled in when it had none."""
        if self.path is None:
            self.path = path
        return self

    def __str__(self) -> str:
        return f"{_location(self.path, self.line, self.column)}: error: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """The error as a JSON-ready mapping."""
        return {
            "severity": "error",
            "code": self.code,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True)
class Diagnostic:
    """One thing found while working, where it is and what it says: the one record type.

    Conversion warnings, validation problems and the cross-language checks'
    findings are all diagnostics.  ``origin`` says what found it (``convert``;
    a validation engine: ``xml``, ``rng``, ``xsd``, ``sch``; ``check``),
    ``code`` the rule or kind (``unknown-bracket``, ``attribute-missing``,
    ``sic``).  ``line`` and ``column`` are 1-based positions in ``path``;
    ``source_path`` and ``source_line`` the transcription line a problem in
    teikit-made TEI comes from.  ``detail`` keeps an engine's own message where
    teikit rewrote it; ``related`` names the ``xml:id`` values compared (the
    paragraphs of the original and of the translation).
    """

    severity: str
    code: str
    message: str
    line: int | None = None
    column: int | None = None
    path: str | None = None
    origin: str = "convert"
    detail: str = ""
    source_path: str | None = None
    source_line: int | None = None
    related: tuple[str | None, ...] = ()

    def __str__(self) -> str:
        text = f"{_location(self.path, self.line, self.column)}: {self.severity}: {self.message}"
        text += f" [{self.origin}:{self.code}]"
        if self.source_line is not None:
            text += f" (transcription {self.source_path or ''}:{self.source_line})"
        return text

    def as_dict(self) -> dict[str, Any]:
        """The diagnostic as a JSON-ready mapping."""
        out = asdict(self)
        out["related"] = list(self.related)
        return out
