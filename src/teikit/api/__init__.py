"""The library functions behind every command (the CLI only calls these).

`converting` (transcriptions to TEI), `exporting` (TEI to other formats), `checking`
(checking and validating, with problems pointed to the transcription), `templates`
(the template `teikit new` writes).
"""

from __future__ import annotations

from .checking import (
    check_file,
    profile_rules,
    transcription_lines,
    validate_inputs,
    validate_one,
    validate_paths,
)
from .converting import (
    EXTENSIONS,
    STDIN,
    TEI_SUFFIXES,
    TRANSCRIPTION_SUFFIXES,
    conversion_details,
    convert,
    convert_document,
    convert_file,
    convert_input,
    convert_many,
    explain,
)
from .exporting import (
    export_file,
    export_input,
    export_many,
    export_name,
    export_site,
)
from .templates import new_transcription, transcription_template

__all__ = [
    "EXTENSIONS",
    "STDIN",
    "TEI_SUFFIXES",
    "TRANSCRIPTION_SUFFIXES",
    "check_file",
    "conversion_details",
    "convert",
    "convert_document",
    "convert_file",
    "convert_input",
    "convert_many",
    "explain",
    "export_file",
    "export_input",
    "export_many",
    "export_name",
    "export_site",
    "new_transcription",
    "profile_rules",
    "transcription_lines",
    "transcription_template",
    "validate_inputs",
    "validate_one",
    "validate_paths",
]
