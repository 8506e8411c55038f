"""teikit: plain-text archival transcriptions to faithful TEI P5, and back.

>>> import teikit
>>> tree = teikit.convert(open("data/transcriptions/mikoyan-cpsu-cc-1956-09-19.txt").read())
>>> text = teikit.write(tree, "transcription")
"""

from __future__ import annotations

from .api import convert, convert_document, convert_file, explain, export_file
from .errors import Diagnostic, TeikitError
from .version import __version__
from .writers import write

__all__ = [
    "Diagnostic",
    "TeikitError",
    "__version__",
    "convert",
    "convert_document",
    "convert_file",
    "explain",
    "export_file",
    "write",
]
