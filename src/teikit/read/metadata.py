"""Pass 1, metadata: the layout readers find the metadata and where the body lies.

The layouts are tried in the order of :data:`teikit.read.layouts.LAYOUTS`; the
first that recognises the page gives the metadata events.  A page no layout
recognises is converted as body text, with a warning.
"""

from __future__ import annotations

from .. import languages
from .events import MetaField
from .layouts import LAYOUTS, TRAILING, Found, Page
from .state import ReadState


def run(state: ReadState) -> None:
    """Read the metadata into the stream; set the body's range and the original language."""
    page = Page.of(state)
    for _name, reader in LAYOUTS:
        found = reader(page)
        if found is not None:
            break
    else:
        message = "no metadata block found; converting the body only"
        found = Found([state.warn("no-metadata", message, 0)], 0, len(state.text))
    for _name, trailing in TRAILING:
        found = trailing(page, found)
    state.stream.extend(found.events)
    state.meta_end, state.body_end = found.meta_end, found.body_end
    for event in found.events:
        if not isinstance(event, MetaField):
            continue
        if event.label == "Original Language" and event.lines:
            code = languages.code_for(event.lines[0])
            if code:
                state.original_lang = code
        if event.label == "Contents" and state.contents is None:
            state.contents = event.lines
