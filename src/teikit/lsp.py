"""``teikit lsp``: a language server (over stdio) that validates TEI and transcriptions as you type.

On open, change and save it publishes the document's diagnostics (see
:func:`teikit.api.live.diagnose_text`) with the command line's codes and
messages.  pygls is an optional dependency (``pip install 'teikit[lsp]'``).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urlparse

from .api.live import diagnose_text
from .errors import Diagnostic, TeikitError

INSTALL = "pygls is not installed; pip install 'teikit[lsp]' brings it"
SOURCE = "teikit"
_TOKEN = re.compile(r"</?[\w:.\-]+|\S")


def utf16_column(line_text: str, column: int | None) -> int:
    """The 0-based UTF-16 offset of the 1-based code-point ``column`` in ``line_text``."""
    if not column or column < 1:
        return 0
    before = line_text[: column - 1]
    return len(before.encode("utf-16-le")) // 2


def uri_path(uri: str) -> str:
    """The file path a ``file:`` URI names (else the URI itself)."""
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme == "file" else uri


def to_lsp(diagnostic: Diagnostic, lines: list[str]) -> dict[str, Any]:
    """One diagnostic as an LSP ``Diagnostic`` mapping (0-based, UTF-16 positions)."""
    line = max((diagnostic.line or 1) - 1, 0)
    text = lines[line] if line < len(lines) else ""
    start = utf16_column(text, diagnostic.column)
    if start == 0:  # no exact column (or the first): the whole line
        end = utf16_column(text, len(text) + 1)
    else:  # the tag name or the character the column points to
        at = (diagnostic.column or 1) - 1
        found = _TOKEN.match(text, at)
        end = utf16_column(text, at + 1 + (len(found.group()) if found else 1))
    severity = {"error": 1, "warning": 2, "info": 3}.get(diagnostic.severity, 3)
    return {
        "range": {
            "start": {"line": line, "character": start},
            "end": {"line": line, "character": max(end, start)},
        },
        "severity": severity,
        "code": diagnostic.code,
        "source": SOURCE,
        "message": diagnostic.message,
    }


def diagnostics_for(uri: str, text: str, schema: str | None = None) -> list[dict[str, Any]]:
    """The LSP diagnostics of the document ``uri`` whose text is ``text``."""
    lines = text.split("\n")
    lines = [x.removesuffix("\r") for x in lines]
    return [to_lsp(d, lines) for d in diagnose_text(text, uri_path(uri), schema)]


def serve(schema: str | None = None) -> None:
    """Run the language server on standard input and output until the editor stops it."""
    try:
        from lsprotocol import types
        from pygls.lsp.server import LanguageServer
    except ImportError:
        raise TeikitError(INSTALL, code="usage") from None
    from .version import __version__

    server = LanguageServer("teikit", __version__)
    settings: dict[str, str | None] = {"schema": schema}
    converter = server.protocol._converter

    def publish(uri: str) -> None:
        document = server.workspace.get_text_document(uri)
        found = diagnostics_for(uri, document.source, settings["schema"])
        items = [converter.structure(d, types.Diagnostic) for d in found]
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=items, version=document.version)
        )

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and options.get("schema"):
            settings["schema"] = str(options["schema"])

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def configure(params: types.DidChangeConfigurationParams) -> None:
        config = params.settings
        if isinstance(config, dict):
            config = config.get("teikit", config)
            if isinstance(config, dict) and "schema" in config:
                settings["schema"] = config["schema"] or None

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
        )

    server.start_io()
