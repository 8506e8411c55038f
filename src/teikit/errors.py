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
    """A warning or note found while working: where it is and what it says."""

    severity: str
    code: str
    message: str
    line: int | None = None
    column: int | None = None
    path: str | None = None

    def __str__(self) -> str:
        return f"{_location(self.path, self.line, self.column)}: {self.severity}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """The diagnostic as a JSON-ready mapping."""
        return asdict(self)
