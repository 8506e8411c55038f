"""The results of validation: problems (diagnostics), the verdict on a file, the run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import Diagnostic

VALID = "valid"
INVALID = "invalid"
ERROR = "error"  # the file could not be read as XML, or its schema could not be used


def problem(
    path: str,
    line: int | None,
    column: int | None,
    severity: str,
    engine: str,
    rule: str,
    message: str,
    detail: str = "",
) -> Diagnostic:
    """A validation problem: what ``engine`` (``xml``, ``rng``, ``xsd``, ``sch``) found.

    ``line`` and ``column`` are 1-based positions in ``path``; ``detail`` keeps the
    engine's own message when teikit rewrote it.
    """
    return Diagnostic(severity, rule, message, line, column, path, origin=engine, detail=detail)


@dataclass
class FileResult:
    """The verdict on one file and the problems behind it."""

    path: str
    status: str
    schema: str
    problems: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        """The problems of severity error."""
        return [p for p in self.problems if p.severity == "error"]

    def as_dict(self) -> dict[str, Any]:
        """The result as a JSON-ready mapping."""
        return {
            "path": self.path,
            "status": self.status,
            "schema": self.schema,
            "problems": [p.as_dict() for p in self.problems],
        }


@dataclass
class Report:
    """The results of one validation run."""

    results: list[FileResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        """How many files have ``status``."""
        return sum(1 for r in self.results if r.status == status)

    @property
    def exit_code(self) -> int:
        """0 all valid, 1 some invalid, 2 some file could not be validated."""
        if self.count(ERROR):
            return 2
        return 1 if self.count(INVALID) else 0

    def summary(self) -> str:
        """``N files, N valid, N invalid`` (and how many could not be read)."""
        text = (
            f"{len(self.results)} files, {self.count(VALID)} valid, {self.count(INVALID)} invalid"
        )
        if self.count(ERROR):
            text += f", {self.count(ERROR)} not validated"
        return text

    def as_dict(self) -> dict[str, Any]:
        """The report as a JSON-ready mapping."""
        return {
            "summary": {
                "files": len(self.results),
                "valid": self.count(VALID),
                "invalid": self.count(INVALID),
                "error": self.count(ERROR),
            },
            "files": [r.as_dict() for r in self.results],
        }
