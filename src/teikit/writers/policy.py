"""The rendering policy: one table that every export format follows.

Each primary-source element has a row, an :class:`ElementPolicy`: what the
*reading* view shows (the text as meant: corrections applied, additions in,
deletions out) and what the *diplomatic* view shows (the page as written), the
signs the text views use, and the HTML element.  The HTML, text and Markdown
writers all walk the TEI with :class:`teikit.writers.walk.Walker`, which asks
this module what each element is and in which view it is visible, so the
formats never disagree.

Visibility is a bit mask: :data:`R` (reading), :data:`D` (diplomatic),
:data:`BOTH`, :data:`NONE`.  Some elements depend on their context (the
children of ``choice`` and ``app``, a ``del`` quoted in a ``note``); the
functions :func:`choice_visibility` and :func:`app_visibility` decide those.
A row's ``separates`` makes the element a word boundary in every format (a
line-level element: ``addrLine``, ``signed``, ``idno`` …), its ``register``
makes it a register list, which in ``back`` or ``standOff`` is no running text
(:mod:`teikit.writers.register`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from lxml import etree

from ..tei import T

NONE = 0
R = 1
D = 2
BOTH = R | D
VIEWS = {"reading": R, "diplomatic": D}

# Element kinds: how an element takes part in the layout.
BLOCK = "block"  # a block of its own (paragraph, heading, verse line)
CONTAINER = "container"  # holds blocks; text directly in it is formatting
INLINE = "inline"  # inside running text
AUTO = "auto"  # a block where blocks stand (in a container, or holding blocks), else inline
BREAK = "break"  # lb, pb, cb: a line, page or column break
NOTE = "note"  # moved to the numbered notes; a reference stays in the text
EMPTY = "empty"  # a marker without text (gap, handShift, space, anchor)
SKIP = "skip"  # metadata, never rendered (teiHeader, facsimile, standOff)

# Signs of the text views: (before, after).
NO_SIGNS = ("", "")


@dataclass(frozen=True)
class ElementPolicy:
    """One row of the rendering policy: how one element renders in the exports.

    Its kind, the views it is visible in, its signs in the text views, its
    HTML element and tooltip.  (Not a convention of a transcription profile:
    those are :class:`teikit.profiles.Rule`.)
    """

    name: str
    kind: str
    label: str
    views: int = BOTH  # the views it is visible in (choice, app and notes aside)
    signs_reading: tuple[str, str] = NO_SIGNS
    signs_diplomatic: tuple[str, str] = NO_SIGNS
    html: str = ""  # the HTML element ("" for the generic span/div)
    qualifiers: tuple[str, ...] = ()  # attributes named in the HTML title
    marks: tuple[str, ...] = ()  # attributes named in the diplomatic text, as ⟨name: value⟩
    reading_doc: str = "its text"
    diplomatic_doc: str = "its text"
    html_signs: bool = False  # the HTML shows the signs as text too (else it styles them)
    described: bool = False  # the HTML gives it a tooltip saying what it is (set below)
    # A line-level element: a word boundary before and after it in every output (its
    # words never glue to the text around it, whatever the whitespace of the XML).
    separates: bool = False
    # A register list (people, places, bodies, bibliography, events): in ``back`` or
    # ``standOff`` it is no running text but an entry of the register section, under
    # this heading.
    register: str = ""

    def signs(self, view: int) -> tuple[str, str]:
        """The text signs of this element in ``view`` (:data:`R` or :data:`D`)."""
        return self.signs_reading if view == R else self.signs_diplomatic


def _by_tag(*rows: ElementPolicy) -> dict[str, ElementPolicy]:
    return {T + r.name: r for r in rows}


# The primary-source and editorial elements, in the order of the documentation.
TRANSCRIPTIONAL = _by_tag(
    ElementPolicy(
        "add",
        INLINE,
        "addition",
        signs_diplomatic=("{+", "+}"),
        html="ins",
        qualifiers=("place", "hand"),
        marks=("place", "hand"),
        reading_doc="its text, unmarked",
        diplomatic_doc="`{+X+}`, then its place and hand: `{+X+}⟨place: above; hand: H⟩`",
    ),
    ElementPolicy(
        "del",
        INLINE,
        "deletion",
        views=D,
        signs_reading=("[-", "-]"),
        signs_diplomatic=("[-", "-]"),
        html="del",
        qualifiers=("rend", "hand"),
        marks=("hand",),
        reading_doc="left out (a deletion quoted in a `note` is kept, as `[-X-]`)",
        diplomatic_doc="`[-X-]` (struck through in HTML), then its hand: `⟨hand: H⟩`",
    ),
    ElementPolicy(
        "sic",
        INLINE,
        "sic (as written)",
        signs_diplomatic=("", "(!)"),
        qualifiers=("resp",),
        reading_doc="in a `choice`: left out (its `corr` shows); alone: its text, unmarked",
        diplomatic_doc="`X(!)`; in a `choice`, then its correction: `X(!)⟨corr: Y; by: R⟩`",
    ),
    ElementPolicy(
        "corr",
        INLINE,
        "correction",
        qualifiers=("resp", "cert"),
        reading_doc="its text (in HTML marked, with what the document reads)",
        diplomatic_doc="in a `choice`: left out (its `sic` shows); alone: its text",
    ),
    ElementPolicy(
        "abbr",
        INLINE,
        "abbreviation",
        reading_doc="in a `choice`: left out (its `expan` shows); alone: its text",
        diplomatic_doc="its text",
    ),
    ElementPolicy(
        "expan",
        INLINE,
        "expansion",
        reading_doc="its text",
        diplomatic_doc="in a `choice`: left out (its `abbr` shows); alone: its text without `ex`",
    ),
    ElementPolicy(
        "orig",
        INLINE,
        "original spelling",
        reading_doc="in a `choice`: left out (its `reg` shows); alone: its text",
        diplomatic_doc="its text",
    ),
    ElementPolicy(
        "reg",
        INLINE,
        "regularised spelling",
        reading_doc="its text",
        diplomatic_doc="in a `choice`: left out (its `orig` shows); alone: its text",
    ),
    ElementPolicy(
        "ex",
        INLINE,
        "editorial expansion",
        views=R,
        reading_doc="its text",
        diplomatic_doc="left out",
    ),
    ElementPolicy(
        "am",
        INLINE,
        "abbreviation mark",
        views=D,
        reading_doc="left out",
        diplomatic_doc="its text",
    ),
    ElementPolicy(
        "supplied",
        INLINE,
        "supplied by the editor",
        signs_reading=("[", "]"),
        signs_diplomatic=("[", "]"),
        html_signs=True,
        qualifiers=("reason", "resp"),
        reading_doc="`[X]`",
        diplomatic_doc="`[X]`",
    ),
    ElementPolicy(
        "unclear",
        INLINE,
        "unclear",
        signs_diplomatic=("", "(?)"),
        qualifiers=("reason", "cert"),
        reading_doc="its text",
        diplomatic_doc="`X(?)`",
    ),
    ElementPolicy(
        "surplus",
        INLINE,
        "surplus (written, but superfluous)",
        views=D,
        signs_diplomatic=("{", "}"),
        qualifiers=("reason",),
        reading_doc="left out",
        diplomatic_doc="`{X}`",
    ),
    ElementPolicy(
        "secl",
        INLINE,
        "secluded",
        views=D,
        signs_diplomatic=("{", "}"),
        reading_doc="left out",
        diplomatic_doc="`{X}`",
    ),
    ElementPolicy(
        "metamark",
        INLINE,
        "metamark",
        views=D,
        signs_diplomatic=("⟨metamark: ", "⟩"),
        qualifiers=("function",),
        reading_doc="left out",
        diplomatic_doc="`⟨metamark: X⟩`",
    ),
    ElementPolicy(
        "gap",
        EMPTY,
        "gap",
        signs_reading=("[…]", ""),
        signs_diplomatic=("[…]", ""),
        qualifiers=("reason", "extent", "quantity", "unit"),
        marks=("reason",),
        reading_doc="`[…]`",
        diplomatic_doc="`[…]`, then its reason: `[…]⟨reason: illegible⟩`",
    ),
    ElementPolicy(
        "handShift",
        EMPTY,
        "change of hand",
        views=D,
        qualifiers=("new", "medium"),
        marks=("new",),
        reading_doc="left out",
        diplomatic_doc="`⟨hand: H⟩`",
    ),
    ElementPolicy(
        "app",
        INLINE,
        "apparatus entry",
        reading_doc="its `lem` (the first `rdg` when there is no `lem`)",
        diplomatic_doc="its `lem`, then each other reading as `⟪X⟫⟨wit: W⟩`",
    ),
    ElementPolicy("lem", INLINE, "lemma (base text)", qualifiers=("wit",)),
    ElementPolicy(
        "rdg",
        INLINE,
        "reading of another witness",
        signs_diplomatic=("⟪", "⟫"),
        qualifiers=("wit", "hand"),
        marks=("wit",),
        reading_doc="left out",
        diplomatic_doc="`⟪X⟫⟨wit: W⟩`",
    ),
    ElementPolicy(
        "note",
        NOTE,
        "note",
        qualifiers=("type", "resp"),
        reading_doc="`[^N]` in the text, the note under *Notes* at the end",
        diplomatic_doc="`[^N]` in the text, the note under *Notes* at the end",
    ),
    ElementPolicy(
        "lb",
        BREAK,
        "line break",
        reading_doc=(
            "a word boundary (a line break in `opener`, `closer`, `address`, `lg`, "
            '`titlePage`); with `break="no"` the word is joined and its hyphen dropped'
        ),
        diplomatic_doc='a line break; with `break="no"` the hyphen is kept',
    ),
    ElementPolicy(
        "pb",
        BREAK,
        "page break",
        qualifiers=("n",),
        reading_doc="a word boundary (HTML: a small `⟨page N⟩` marker)",
        diplomatic_doc="`⟨page N⟩` on a line of its own",
    ),
    ElementPolicy(
        "cb",
        BREAK,
        "column break",
        qualifiers=("n",),
        reading_doc="a word boundary",
        diplomatic_doc="`⟨column N⟩` on a line of its own",
    ),
    ElementPolicy(
        "space",
        EMPTY,
        "blank space",
        qualifiers=("quantity", "unit", "dim"),
        reading_doc="a word boundary",
        diplomatic_doc='a word boundary; vertical space (`dim="vertical"`) a blank line',
    ),
    ElementPolicy(
        "fw",
        INLINE,
        "forme work",
        qualifiers=("type", "place"),
    ),
    ElementPolicy("damage", INLINE, "damaged", qualifiers=("agent", "degree")),
    ElementPolicy("restore", INLINE, "restored"),
    ElementPolicy("subst", INLINE, "substitution"),
    ElementPolicy("mod", INLINE, "modification"),
    ElementPolicy("retrace", INLINE, "retraced"),
    ElementPolicy("choice", INLINE, "alternatives"),
)

STRUCTURE = _by_tag(
    # containers: their children are blocks
    ElementPolicy("TEI", CONTAINER, "TEI document"),
    ElementPolicy("teiCorpus", CONTAINER, "TEI corpus"),
    ElementPolicy("text", CONTAINER, "text"),
    ElementPolicy("group", CONTAINER, "group of texts"),
    ElementPolicy("front", CONTAINER, "front matter"),
    ElementPolicy("body", CONTAINER, "body"),
    ElementPolicy("back", CONTAINER, "back matter"),
    *(ElementPolicy(n, CONTAINER, "division") for n in ("div", *(f"div{i}" for i in range(1, 8)))),
    ElementPolicy("lg", CONTAINER, "line group"),
    ElementPolicy("sp", CONTAINER, "speech"),
    ElementPolicy("spGrp", CONTAINER, "speeches"),
    ElementPolicy("list", CONTAINER, "list", html="ul"),
    ElementPolicy(
        "listBibl", CONTAINER, "bibliography", html="ul", register="Bibliography"
    ),
    ElementPolicy("listPerson", CONTAINER, "list of people", register="People"),
    ElementPolicy("listPlace", CONTAINER, "list of places", register="Places"),
    ElementPolicy("listOrg", CONTAINER, "list of bodies", register="Bodies"),
    ElementPolicy("listEvent", CONTAINER, "list of events", register="Events"),
    ElementPolicy("listNym", CONTAINER, "list of names", register="Names"),
    ElementPolicy("listObject", CONTAINER, "list of objects", register="Objects"),
    ElementPolicy("listRelation", CONTAINER, "relations", register="Relations"),
    ElementPolicy("table", CONTAINER, "table", html="table"),
    ElementPolicy("row", CONTAINER, "table row", html="tr"),
    ElementPolicy("figure", CONTAINER, "figure", html="figure"),
    ElementPolicy("floatingText", CONTAINER, "embedded text"),
    ElementPolicy("titlePage", CONTAINER, "title page"),
    ElementPolicy("castList", CONTAINER, "cast list"),
    ElementPolicy("castGroup", CONTAINER, "cast group"),
    ElementPolicy("sourceDoc", CONTAINER, "source document"),
    ElementPolicy("surface", CONTAINER, "surface"),
    ElementPolicy("zone", CONTAINER, "zone"),
    ElementPolicy("postscript", CONTAINER, "postscript"),
    ElementPolicy("argument", CONTAINER, "argument"),
    ElementPolicy("epigraph", CONTAINER, "epigraph"),
    # blocks
    ElementPolicy("p", BLOCK, "paragraph", html="p"),
    ElementPolicy("ab", BLOCK, "anonymous block", html="p"),
    ElementPolicy("head", BLOCK, "heading"),
    ElementPolicy("l", BLOCK, "verse line"),
    ElementPolicy("line", BLOCK, "line"),
    ElementPolicy("speaker", BLOCK, "speaker"),
    ElementPolicy("stage", AUTO, "stage direction"),
    ElementPolicy("opener", BLOCK, "opener"),
    ElementPolicy("closer", BLOCK, "closer"),
    ElementPolicy("trailer", BLOCK, "trailer"),
    ElementPolicy("byline", BLOCK, "byline"),
    ElementPolicy("docTitle", BLOCK, "document title"),
    ElementPolicy("docImprint", BLOCK, "imprint"),
    ElementPolicy("docAuthor", AUTO, "document author", separates=True),
    ElementPolicy("docDate", AUTO, "document date", separates=True),
    ElementPolicy("titlePart", BLOCK, "title"),
    ElementPolicy("item", BLOCK, "list item", html="li"),
    ElementPolicy("label", AUTO, "label"),
    ElementPolicy("cell", BLOCK, "table cell", html="td"),
    ElementPolicy("castItem", BLOCK, "cast item"),
    ElementPolicy("figDesc", BLOCK, "figure description"),
    ElementPolicy("u", BLOCK, "utterance"),
    ElementPolicy("bibl", AUTO, "bibliographic reference"),
    ElementPolicy("biblStruct", AUTO, "bibliographic reference"),
    ElementPolicy("quote", AUTO, "quotation"),
    ElementPolicy("cit", AUTO, "citation"),
    ElementPolicy("q", AUTO, "quoted"),
    ElementPolicy("said", AUTO, "speech"),
    ElementPolicy("address", AUTO, "address", separates=True),
    ElementPolicy("addrLine", INLINE, "address line", separates=True),
    ElementPolicy("idno", AUTO, "identifier", separates=True),
    ElementPolicy("salute", AUTO, "salutation", separates=True),
    ElementPolicy("signed", AUTO, "signature", separates=True),
    ElementPolicy("dateline", AUTO, "dateline", separates=True),
    ElementPolicy("milestone", EMPTY, "milestone"),
    ElementPolicy("anchor", EMPTY, "anchor"),
    ElementPolicy("graphic", EMPTY, "image", qualifiers=("url",)),
    ElementPolicy("ptr", EMPTY, "pointer", qualifiers=("target",)),
    ElementPolicy("ref", INLINE, "reference", qualifiers=("target",)),
    ElementPolicy("hi", INLINE, "highlighted", qualifiers=("rend",)),
    ElementPolicy("emph", INLINE, "emphasis", html="em"),
    ElementPolicy("foreign", INLINE, "foreign words", html="i"),
    ElementPolicy("title", INLINE, "title", html="cite"),
    ElementPolicy("g", INLINE, "character or glyph", qualifiers=("ref",)),
    ElementPolicy("teiHeader", SKIP, "header"),
    ElementPolicy("facsimile", SKIP, "facsimile"),
    ElementPolicy("standOff", SKIP, "stand-off markup"),
    ElementPolicy("fsdDecl", SKIP, "feature system"),
)

TRANSCRIPTIONAL = {tag: replace(rule, described=True) for tag, rule in TRANSCRIPTIONAL.items()}
RULES: dict[str, ElementPolicy] = {**STRUCTURE, **TRANSCRIPTIONAL}
GENERIC = ElementPolicy("*", AUTO, "element")
CHOICE_TAG = T + "choice"
APP_TAG = T + "app"
DEL_TAG = T + "del"
NOTE_TAG = T + "note"
SIC_TAG = T + "sic"
CORR_TAG = T + "corr"

# lb is a line break in the reading view inside these (the lines carry meaning there).
LINES_KEPT = frozenset(T + n for n in ("opener", "closer", "address", "lg", "titlePage"))
# Hyphens that a line break with break="no" drops in the reading view.
HYPHENS = "-\u00ad\u2010\u2011\u00ac\u2e17="
# Punctuation that takes no space before it (a space before a left-out element goes too).
PUNCTUATION = frozenset(",.;:!?)]}»”’…")
# The sides of a choice: what the page has, and what the editor makes of it.
ORIGINAL_SIDE = frozenset(T + n for n in ("sic", "abbr", "orig"))
EDITED_SIDE = frozenset(T + n for n in ("corr", "expan", "reg"))
# Where a register list is a register (elsewhere it is part of the text).
REGISTER_PLACES = frozenset(T + n for n in ("back", "standOff"))
SOURCE_DIV_TYPES = frozenset(("original", "edition", "transcription", "transcript", "source"))


def element_children(el: etree._Element) -> list[etree._Element]:
    """The element children of ``el`` (no comments, processing instructions, entities)."""
    return [c for c in el if isinstance(c.tag, str)]


def choice_visibility(choice: etree._Element) -> dict[etree._Element, int]:
    """In which view each child of a ``choice`` shows.

    The reading view shows the first edited-side child (``corr``, ``expan``,
    ``reg``), the diplomatic view the first original-side child (``sic``,
    ``abbr``, ``orig``); a view without its side shows the first child.  An
    empty ``choice`` shows nothing (documented fallback).
    """
    children = element_children(choice)
    if not children:
        return {}
    reading = next((c for c in children if c.tag in EDITED_SIDE), children[0])
    diplomatic = next((c for c in children if c.tag in ORIGINAL_SIDE), children[0])
    vis = {c: NONE for c in children}
    vis[reading] |= R
    vis[diplomatic] |= D
    return vis


def app_visibility(app: etree._Element) -> dict[etree._Element, int]:
    """In which view each child of an ``app`` shows.

    Both views show the ``lem`` (else the first ``rdg``), the base text; the
    diplomatic view adds every other reading, marked with its witness.
    Anything else in the ``app`` (notes, ``witDetail``) shows in both.
    """
    children = element_children(app)
    readings = [c for c in children if c.tag in (T + "lem", T + "rdg", T + "rdgGrp")]
    base = next((c for c in readings if c.tag == T + "lem"), readings[0] if readings else None)
    vis: dict[etree._Element, int] = {}
    for c in children:
        if c is base:
            vis[c] = BOTH
        elif c.tag in (T + "rdg", T + "rdgGrp", T + "lem"):
            vis[c] = D
        else:
            vis[c] = BOTH
    return vis


ATTRIBUTE_NAMES = {"new": "hand", "wit": "wit", "resp": "by", "cert": "certainty"}


def describe(el: etree._Element, names: Iterable[str]) -> list[tuple[str, str]]:
    """The attributes ``names`` of ``el`` that are present, as (label, value); pointers bare."""
    out: list[tuple[str, str]] = []
    for name in names:
        value = el.get(name)
        if value:
            if name in ("hand", "new", "wit", "resp"):
                value = " ".join(v.lstrip("#") for v in value.split())
            out.append((ATTRIBUTE_NAMES.get(name, name), value))
    return out


def mark(el: etree._Element, rule: ElementPolicy) -> str:
    """The ``⟨name: value; …⟩`` qualifier the diplomatic text writes after ``el``."""
    found = describe(el, rule.marks)
    if not found:
        return ""
    return "⟨" + "; ".join(f"{k}: {v}" for k, v in found) + "⟩"


def correction_mark(el: etree._Element) -> str:
    """For a ``sic`` in a ``choice``: its correction as a qualifier, ``⟨corr: Y; by: R⟩``.

    The diplomatic view shows the page as written, and with it what the correction is
    (the HTML in the same words); "" when there is none.
    """
    parent = el.getparent()
    if el.tag != SIC_TAG or parent is None or parent.tag != CHOICE_TAG:
        return ""
    corr = next((c for c in parent if c.tag == CORR_TAG), None)
    if corr is None:
        return ""
    text = " ".join("".join(t for t in corr.itertext() if isinstance(t, str)).split())
    found = [("corr", text), *describe(corr, ("resp",))]
    return "⟨" + "; ".join(f"{k}: {v}" for k, v in found) + "⟩"


def policy_table() -> str:
    """The policy as a Markdown table (the guide's export page is built with it)."""
    lines = [
        "| element | reading view | diplomatic view |",
        "| --- | --- | --- |",
    ]
    for rule in TRANSCRIPTIONAL.values():
        if rule.reading_doc == rule.diplomatic_doc == "its text":
            continue
        lines.append(f"| `{rule.name}` | {rule.reading_doc} | {rule.diplomatic_doc} |")
    lines.append("| every other element | its text (HTML: a class naming it) | its text |")
    return "\n".join(lines)
