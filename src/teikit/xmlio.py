"""Safe XML input, readable XML output, and output files that are never partial.

Parsing never expands entities, never loads a DTD and never touches the
network.  Serialising indents only the structural elements (the header's
containers, ``text``, ``body``, ``div`` ...); mixed content is left exactly as
built, so whitespace that means something is never changed.  Files are written
to a temporary file beside the target and renamed into place.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import socket
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from .errors import TeikitError
from .tei import tei

_STRUCTURAL_NAMES = (
    "TEI teiHeader fileDesc titleStmt publicationStmt notesStmt sourceDesc msDesc "
    "msIdentifier msContents physDesc handDesc handNote handNotes additional "
    "surrogates list listWit encodingDesc appInfo application editorialDecl "
    "hyphenation profileDesc creation langUsage abstract text body div respStmt "
)
STRUCTURAL = frozenset(tei(name) for name in _STRUCTURAL_NAMES.split())


def parser() -> etree.XMLParser:
    """An XML parser that expands no entity, loads no DTD and uses no network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        collect_ids=False,
    )


def read_input(path: str | Path) -> bytes:
    """The bytes of an input file; a file that cannot be read is a :class:`TeikitError`."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise TeikitError("cannot read: no such file", path=str(path), code="io") from None
    except OSError as exc:
        raise TeikitError(f"cannot read: {exc.strerror}", path=str(path), code="io") from None


def parse_file(path: str | Path) -> etree._ElementTree:
    """Parse an XML file safely; a syntax error becomes a :class:`TeikitError`."""
    return parse_bytes(read_input(path), str(path))


def _syntax_error(exc: etree.XMLSyntaxError, name: str) -> TeikitError:
    line, col = exc.position if exc.position else (None, None)
    message = exc.msg.split(", line ")[0] if exc.msg else "not well-formed XML"
    if "Excessive depth" in message:
        message = "elements nested deeper than 256 levels (a safety limit of teikit's parser)"
    elif "text node too long" in message.lower() or "xmlSAX2Characters: huge" in message:
        message = "a text node longer than 10 MB (a safety limit of teikit's parser)"
    elif "XML_PARSE_HUGE" in message:
        message = (
            message.split("XML_PARSE_HUGE")[0]
            .rstrip(":, ")
            .removesuffix(" use")
            .removesuffix(" try")
            + " (a safety limit of teikit's parser)"
        )
    return TeikitError(
        f"not well-formed XML: {message}",
        path=name,
        line=line,
        column=col,
        code="not-well-formed",
    )


def parse_bytes(data: bytes, name: str = "<input>") -> etree._ElementTree:
    """Parse XML bytes safely; a syntax error becomes a :class:`TeikitError`."""
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, name) from None
    return etree.ElementTree(root)


def parse_stream(
    stream: BinaryIO, name: str = "<stdin>", chunk: int = 1 << 16
) -> etree._ElementTree:
    """Parse XML from a stream (a pipe) chunk by chunk, with the safe parser's limits.

    Reading stops at the first error, so a hostile stream (a text node of a
    gigabyte, say) is refused after the parser's limit, never held in memory.
    """
    feeder = parser()
    try:
        while True:
            data = stream.read(chunk)
            if not data:
                break
            feeder.feed(data)
        root = feeder.close()
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, name) from None
    return etree.ElementTree(root)


STDIN_LIMIT = 256 * 1024 * 1024


def read_stdin(limit: int = STDIN_LIMIT) -> bytes:
    """All of standard input, refusing more than ``limit`` bytes (a transcription)."""
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise TeikitError(
            f"standard input is larger than {limit // (1024 * 1024)} MB; give a file",
            path="<stdin>",
            code="too-large",
        )
    return data


def indent(el: etree._Element, level: int = 0, step: str = "  ") -> None:
    """Indent structural elements in place; mixed content is never touched."""
    if el.tag not in STRUCTURAL or not len(el) or (el.text or "").strip():
        return
    if any((child.tail or "").strip() for child in el):
        return
    inner = "\n" + step * (level + 1)
    el.text = inner
    children = list(el)
    for i, child in enumerate(children):
        child.tail = inner if i + 1 < len(children) else "\n" + step * level
        indent(child, level + 1, step)


def serialise(tree: etree._ElementTree) -> bytes:
    """The document as UTF-8 bytes with an XML declaration, structure indented."""
    root = tree.getroot()
    indent(root)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"


def refuse_overwrite(path: str | Path | None, force: bool) -> None:
    """Raise the one "output file exists" error when ``path`` exists and not ``force``.

    Called before the work, so that a refused output costs nothing.
    """
    if path is not None and not force and Path(path).exists():
        raise TeikitError(
            "output file exists; use --force to overwrite it", path=str(path), code="exists"
        )


_HOST = re.sub(r"[^\w-]", "_", socket.gethostname()) or "host"


def _remove_stale_temporaries(folder: Path, name: str) -> None:
    """Remove the temporary files of ``name`` that a writer killed mid-write left here.

    A temporary file is named ``.NAME.HOST-PID.XXXX.tmp``: one of this host whose
    process is gone can never be renamed into place any more.
    """
    for stale in folder.glob(f".{glob.escape(name)}.{glob.escape(_HOST)}-*.tmp"):
        pid = stale.name[len(name) + len(_HOST) + 3 :].split(".", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            with contextlib.suppress(OSError):
                stale.unlink()
        except OSError:
            continue  # alive, or not ours to signal


def write_output(path: str | Path, data: bytes | str, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` atomically; refuse to overwrite without ``force``."""
    target = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    refuse_overwrite(target, force)
    if target.is_dir():
        raise TeikitError("output path is a folder", path=str(target), code="io")
    folder = target.parent if str(target.parent) else Path(".")
    prefix = f".{target.name}.{_HOST}-{os.getpid()}."
    try:
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    except OSError as exc:
        raise TeikitError(
            f"cannot write in {folder}: {exc.strerror}", path=str(target), code="io"
        ) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
        _remove_stale_temporaries(folder, target.name)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise TeikitError(
                f"cannot write: {exc.strerror}", path=str(target), code="io"
            ) from None
        raise
