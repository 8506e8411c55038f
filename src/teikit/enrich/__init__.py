"""Enrichment: ordered steps over a built document, as docutils lists its transforms.

The corrections always run (dates get ``@when``, a document without a
metadata date is dated by its dateline, a ``[sic]`` date is corrected where
the document's own dates show the intended one, handwritten blocks are
placed).  With a register (``convert`` enriches by default), the enrichment
steps follow: the paragraphs of the original and the translation aligned
(``@corresp``), register names tagged in both languages (``@ref``), dates in
the running text tagged, sentences aligned where both sides split the same
way, the register entries the names point to copied into ``standOff``, and
the cross-language checks, whose findings the conversion keeps.

None of it is text: the transcription writer passes these elements through and
ignores their attributes, so the round trip stays exact.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ..build import Conversion
from . import corrections
from .align import align_divisions, align_sentences, one_to_one
from .check import check_document
from .context import Context
from .register import Register, attach_register, tag_names
from .textdates import tag_dates

Step = Callable[[Context], None]


def align_paragraphs(ctx: Context) -> None:
    """Pair the paragraphs of the original and the translation (``xml:id``, ``@corresp``)."""
    beads = align_divisions(ctx.text, ctx.year())
    ctx.counts["aligned"] = sum(1 for b in beads if b.original and b.translation)


def names(ctx: Context) -> None:
    """Tag the register's names in both languages, with ``@ref``."""
    assert ctx.register is not None
    for div, lang in ctx.sides():
        ctx.counts["names"] += tag_names(div, ctx.register, lang)


def dates_in_text(ctx: Context) -> None:
    """Tag the dates of the running text, with ``@when``."""
    year = ctx.year()
    for div, _lang in ctx.sides():
        ctx.counts["dates"] += tag_dates(div, year)


def sentences(ctx: Context) -> None:
    """Pair the sentences of paragraphs aligned one to one, where both split the same way."""
    ctx.counts["sentences"] = sum(align_sentences(a, b) for a, b in one_to_one(ctx.text))


def register_entries(ctx: Context) -> None:
    """Copy the register entries the names point to into ``standOff``."""
    assert ctx.register is not None
    ctx.counts["entries"] = attach_register(ctx.conversion.tree, ctx.register)


def checks(ctx: Context) -> None:
    """Run the cross-language checks; the conversion keeps their findings."""
    name = ctx.conversion.source.name
    ctx.conversion.findings = [
        dataclasses.replace(f, path=name) for f in check_document(ctx.conversion.tree)
    ]


CORRECTIONS: list[tuple[str, Step]] = [
    ("normalise-dates", corrections.normalise_dates),
    ("creation-date", corrections.creation_date),
    ("infer-sic-corrections", corrections.infer_sic_corrections),
    ("place-annotations", corrections.place_annotations),
]

ENRICHMENT: list[tuple[str, Step]] = [
    ("align-paragraphs", align_paragraphs),
    ("names", names),
    ("dates-in-text", dates_in_text),
    ("sentences", sentences),
    ("register-entries", register_entries),
    ("checks", checks),
]


def enrich(conversion: Conversion, register: Register | None = None) -> Context:
    """Run the corrections, and with a ``register`` the enrichment steps, in table order.

    The conversion's ``records`` gain the steps' records (in reading order),
    its ``enriched`` counts say what enrichment added.
    """
    ctx = Context(conversion, register)
    steps = CORRECTIONS
    if register is not None:
        ctx.counts.update(aligned=0, names=0, dates=0, sentences=0)
        steps = [*CORRECTIONS, *ENRICHMENT]
    for _name, step in steps:
        step(ctx)
    conversion.enriched = ctx.counts
    conversion.records = sorted(
        [*conversion.records, *ctx.records], key=lambda r: (r.line, r.column)
    )
    return ctx


__all__ = ["CORRECTIONS", "ENRICHMENT", "Context", "Register", "Step", "enrich"]
