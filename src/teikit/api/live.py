"""Diagnostics for one document held in memory (an editor's buffer): the language server's call.

A transcription gets its conversion's warnings and errors; any other document
is XML and gets well-formedness, grammar and Schematron problems, as
``teikit convert`` and ``teikit validate`` report them.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Diagnostic, TeikitError
from ..validate import validate_tree
from ..validate.locate import SOURCE_TEXT
from ..validate.schemas import schemas_for
from ..xmlio import parse_bytes
from .converting import TRANSCRIPTION_SUFFIXES, convert_document


def _error(exc: TeikitError, name: str, origin: str) -> Diagnostic:
    return Diagnostic(
        "error", exc.code, exc.message, exc.line, exc.column, exc.path or name, origin=origin
    )


def diagnose_text(text: str, name: str, schema: str | None = None) -> list[Diagnostic]:
    """The problems of the document ``name`` whose current text is ``text``.

    ``name`` is the document's path (its suffix says whether it is a
    transcription; its folder resolves the schema its ``xml-model`` names).
    ``schema`` is as for ``teikit validate --schema`` (None: the document's own,
    else teikit's).  Never raises for bad input: a document that cannot be read
    gives one error diagnostic at the place the reader stopped.
    """
    if Path(name).suffix.lower() in TRANSCRIPTION_SUFFIXES:
        try:
            conversion = convert_document(text, name=name)
        except TeikitError as exc:
            return [_error(exc, name, "convert")]
        return list(conversion.diagnostics)
    held = SOURCE_TEXT.set((name, text))  # columns are read from this text, not the disk
    try:
        tree = parse_bytes(text.encode("utf-8"), name)
        schemas = schemas_for(Path(name), tree, schema)
        return list(validate_tree(tree, name, schemas).problems)
    except TeikitError as exc:
        return [_error(exc, name, "xml")]
    finally:
        SOURCE_TEXT.reset(held)
