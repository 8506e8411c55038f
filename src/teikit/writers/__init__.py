"""Writers: TEI rendered as other formats."""

from __future__ import annotations

from lxml import etree

from ..errors import TeikitError
from .transcription import write_transcription

FORMATS = ("transcription",)


def write(tree: etree._ElementTree | etree._Element, to: str = "transcription") -> str:
    """Render a TEI document in the format ``to`` (one of :data:`FORMATS`)."""
    if to == "transcription":
        return write_transcription(tree)
    raise TeikitError(f"unknown export format {to!r}; choose one of: {', '.join(FORMATS)}")


__all__ = ["FORMATS", "write", "write_transcription"]
