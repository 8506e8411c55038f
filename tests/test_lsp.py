"""teikit lsp: the real server over stdio, driven by pygls's client."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

import pytest

if os.environ.get("CI") != "true":  # in CI the test extra brings pygls: never skip there
    pytest.importorskip("pygls", reason="pygls is not installed (pip install 'teikit[lsp]')")

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from teikit.lsp import utf16_column

SERVER = "from teikit.cli import main; main()"
TEI = "http://www.tei-c.org/ns/1.0"
HEADER = (
    "<teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>"
    "<publicationStmt><p>p</p></publicationStmt><sourceDesc><bibl>s</bibl></sourceDesc>"
    "</fileDesc></teiHeader>"
)


def tei(body: str) -> str:
    return f'<TEI xmlns="{TEI}">\n{HEADER}\n<text><body>\n{body}\n</body></text></TEI>\n'


class Session:
    """A started server and the diagnostics it published, by URI and version."""

    def __init__(self) -> None:
        self.client = LanguageClient("teikit-test", "1")
        self.published: dict[tuple[str, int | None], list[types.Diagnostic]] = {}
        self.arrived = asyncio.Event()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: types.PublishDiagnosticsParams) -> None:
            self.published[(params.uri, params.version)] = list(params.diagnostics)
            self.arrived.set()

    async def start(self, **options: Any) -> None:
        await self.client.start_io(sys.executable, "-c", SERVER, "lsp")
        await self.client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(), initialization_options=options
            )
        )
        self.client.initialized(types.InitializedParams())

    async def wait(self, uri: str, version: int) -> list[types.Diagnostic]:
        async def until() -> list[types.Diagnostic]:
            while (uri, version) not in self.published:
                self.arrived.clear()
                await self.arrived.wait()
            return self.published[(uri, version)]

        return await asyncio.wait_for(until(), 60)

    def open(self, uri: str, text: str, language: str) -> None:
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id=language, version=1, text=text
                )
            )
        )

    def change(self, uri: str, version: int, text: str) -> None:
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


def test_ranges_cover_the_token_in_utf16() -> None:
    from teikit.errors import Diagnostic
    from teikit.lsp import to_lsp

    found = to_lsp(Diagnostic("warning", "x", "m", 1, 2), ["😀😀 tail"])
    assert found["range"]["start"] == {"line": 0, "character": 2}
    assert found["range"]["end"] == {"line": 0, "character": 4}  # the whole pair
    whole = to_lsp(Diagnostic("error", "x", "m", 2, None), ["a", "жж😀"])
    assert whole["range"]["start"] == {"line": 1, "character": 0}
    assert whole["range"]["end"] == {"line": 1, "character": 4}
    assert whole["severity"] == 1 and whole["source"] == "teikit"


def test_utf16_columns() -> None:
    assert utf16_column("abc", 3) == 2
    assert utf16_column("жж[", 3) == 2  # Cyrillic: one code unit each
    assert utf16_column("😀[", 2) == 2  # outside the BMP: two code units
    assert utf16_column("x", None) == 0


def test_server_publishes_and_clears(tmp_path: Path) -> None:
    xml_uri = (tmp_path / "letter.xml").as_uri()
    txt_uri = (tmp_path / "letter.txt").as_uri()
    # the grammar error: <foo/> inside body, on line 4 after Cyrillic and an emoji
    invalid = tei("<p>Ж😀</p><foo/>")
    valid = tei("<p>Ж😀</p>")
    broken_xml = tei("<p>Ж😀</q>")
    transcription = "Письмо 😀 [illegible\n"

    async def run() -> None:
        s = Session()
        await s.start()
        try:
            s.open(xml_uri, invalid, "xml")
            found = await s.wait(xml_uri, 1)
            codes = {d.code for d in found}
            assert "element-not-allowed" in codes, found
            bad = next(d for d in found if d.code == "element-not-allowed")
            assert bad.source == "teikit"
            assert bad.severity == types.DiagnosticSeverity.Error
            assert "`foo`" in bad.message and "`body`" in bad.message
            assert bad.range.start.line == 3
            # "<p>Ж😀</p>" is 10 UTF-16 units (😀 counts two): <foo/> starts there
            assert bad.range.start.character == 10
            assert bad.range.end.character == 14  # the tag's name: "<foo"

            s.change(xml_uri, 2, broken_xml)
            found = await s.wait(xml_uri, 2)
            assert [d.code for d in found] == ["not-well-formed"]
            assert found[0].range.start.line == 3
            assert "mismatch" in found[0].message

            s.change(xml_uri, 3, valid)
            assert await s.wait(xml_uri, 3) == []

            s.open(txt_uri, transcription, "plaintext")
            found = await s.wait(txt_uri, 1)
            unclosed = [d for d in found if d.code == "unclosed-bracket"]
            assert len(unclosed) == 1, found
            assert unclosed[0].severity == types.DiagnosticSeverity.Warning
            assert unclosed[0].range.start.line == 0
            # "Письмо 😀 " is 10 UTF-16 units: the bracket follows
            assert unclosed[0].range.start.character == 10
            assert unclosed[0].range.end.character == 11
            assert "never closed" in unclosed[0].message

            s.change(txt_uri, 2, "Письмо 😀 [illegible]\n")
            found = await s.wait(txt_uri, 2)
            assert not [d for d in found if d.code == "unclosed-bracket"], found
        finally:
            await s.stop()

    asyncio.run(run())


def test_missing_pygls_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from teikit.cli import main

    monkeypatch.setitem(sys.modules, "pygls.lsp.server", None)  # import now fails
    result = CliRunner().invoke(main, ["lsp"])
    assert result.exit_code == 2
    assert "pip install 'teikit[lsp]'" in result.output
    assert "Traceback" not in result.output
