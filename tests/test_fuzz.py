"""Fuzzing the writers: random well-formed TEI made from the schema's elements.

Every writer takes every document without an exception other than teikit's own
error; the transcription writer's output reads back through the converter.
`make fuzz` runs this (and the reader's properties) with 20,000 examples.
"""

from __future__ import annotations

import os

import rngtools
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from lxml import etree

import teikit
from teikit.writers import FORMATS, render

EXAMPLES = int(os.environ.get("TEIKIT_FUZZ_EXAMPLES", "60"))
GRAMMAR = rngtools.Grammar(ROOT / "schema" / "teikit.rng")


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rngtools.documents(GRAMMAR))
def test_every_writer_takes_every_schema_document(doc: etree._Element) -> None:
    tree = etree.ElementTree(doc)
    for to in FORMATS:
        views = (None,) if to == "transcription" else ("reading", "diplomatic")
        for view in views:
            try:
                data = render(tree, to, view=view)
            except teikit.TeikitError as exc:
                assert exc.message
                continue
            assert isinstance(data, bytes)
            if to == "transcription":
                try:
                    teikit.convert(data)  # what the writer writes, the reader reads
                except teikit.TeikitError as exc:
                    assert exc.code in {"empty", "stray-bracket", "unclosed-bracket", "too-deep"}
