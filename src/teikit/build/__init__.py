"""Building: the read events become the one lxml TEI tree, header and text.

:func:`build` feeds the events of a read transcription to the
:class:`~teikit.build.builder.Builder` (the text, with every element's source
line) and makes the header from the metadata and from what the text uses
(:mod:`teikit.build.header`).
"""

from __future__ import annotations

from ..profiles import Profile
from ..read import ReadState, events_of
from .builder import Builder, Conversion


def build(state: ReadState, profile: Profile, version: str) -> Conversion:
    """The TEI document of a read transcription (``state``, every pass run)."""
    builder = Builder(state.source, profile, version)
    builder.feed(events_of(state))
    conversion = builder.finish()
    conversion.records = list(state.records)
    return conversion


__all__ = ["Builder", "Conversion", "build"]
