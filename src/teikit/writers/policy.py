"""The rendering policy: one table that every export format follows.

Each primary-source element has a row: what the *reading* view shows (the text
as meant: corrections applied, additions in, deletions out) and what the
*diplomatic* view shows (the page as written), the signs the text views use,
and the HTML element.  The HTML, text and Markdown writers all walk the TEI
with :class:`teikit.writers.walk.Walker`, which asks this module what each
element is and in which view it is visible, so the formats never disagree.

Visibility is a bit mask: :data:`R` (reading), :data:`D` (diplomatic),
:data:`BOTH`, :data:`NONE`.  Some elements depend on their context (the
children of ``choice`` and ``app``, a ``del`` quoted in a ``note``); the
functions :func:`choice_visibility` and :func:`app_visibility` decide those.
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
class Rule:
    """How one element renders: its kind, its views, its signs, its HTML element."""

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

    def signs(self, view: int) -> tuple[str, str]:
        """The text signs of this element in ``view`` (:data:`R` or :data:`D`)."""
        return self.signs_reading if view == R else self.signs_diplomatic


def _rules(*rules: Rule) -> dict[str, Rule]:
    return {T + r.name: r for r in rules}


# The primary-source and editorial elements, in the order of the documentation.
TRANSCRIPTIONAL = _rules(
    Rule(
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
    Rule(
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
    Rule(
        "sic",
        INLINE,
        "sic (as written)",
        signs_diplomatic=("", "(!)"),
        qualifiers=("resp",),
        reading_doc="in a `choice`: left out (its `corr` shows); alone: its text, unmarked",
        diplomatic_doc="`X(!)`; in a `choice`, then its correction: `X(!)⟨corr: Y; by: R⟩`",
    ),
    Rule(
        "corr",
        INLINE,
        "correction",
        qualifiers=("resp", "cert"),
        reading_doc="its text (in HTML marked, with what the document reads)",
        diplomatic_doc="in a `choice`: left out (its `sic` shows); alone: its text",
    ),
    Rule(
        "abbr",
        INLINE,
        "abbreviation",
        reading_doc="in a `choice`: left out (its `expan` shows); alone: its text",
        diplomatic_doc="its text",
    ),
    Rule(
        "expan",
        INLINE,
        "expansion",
        reading_doc="its text",
        diplomatic_doc="in a `choice`: left out (its `abbr` shows); alone: its text without `ex`",
    ),
    Rule(
        "orig",
        INLINE,
        "original spelling",
        reading_doc="in a `choice`: left out (its `reg` shows); alone: its text",
        diplomatic_doc="its text",
    ),
    Rule(
        "reg",
        INLINE,
        "regularised spelling",
        reading_doc="its text",
        diplomatic_doc="in a `choice`: left out (its `orig` shows); alone: its text",
    ),
    Rule(
        "ex",
        INLINE,
        "editorial expansion",
        views=R,
        reading_doc="its text",
        diplomatic_doc="left out",
    ),
    Rule(
        "am",
        INLINE,
        "abbreviation mark",
        views=D,
        reading_doc="left out",
        diplomatic_doc="its text",
    ),
    Rule(
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
    Rule(
        "unclear",
        INLINE,
        "unclear",
        signs_diplomatic=("", "(?)"),
        qualifiers=("reason", "cert"),
        reading_doc="its text",
        diplomatic_doc="`X(?)`",
    ),
    Rule(
        "surplus",
        INLINE,
        "surplus (written, but superfluous)",
        views=D,
        signs_diplomatic=("{", "}"),
        qualifiers=("reason",),
        reading_doc="left out",
        diplomatic_doc="`{X}`",
    ),
    Rule(
        "secl",
        INLINE,
        "secluded",
        views=D,
        signs_diplomatic=("{", "}"),
        reading_doc="left out",
        diplomatic_doc="`{X}`",
    ),
    Rule(
        "metamark",
        INLINE,
        "metamark",
        views=D,
        signs_diplomatic=("⟨metamark: ", "⟩"),
        qualifiers=("function",),
        reading_doc="left out",
        diplomatic_doc="`⟨metamark: X⟩`",
    ),
    Rule(
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
    Rule(
        "handShift",
        EMPTY,
        "change of hand",
        views=D,
        qualifiers=("new", "medium"),
        marks=("new",),
        reading_doc="left out",
        diplomatic_doc="`⟨hand: H⟩`",
    ),
    Rule(
        "app",
        INLINE,
        "apparatus entry",
        reading_doc="its `lem` (the first `rdg` when there is no `lem`)",
        diplomatic_doc="its `lem`, then each other reading as `⟪X⟫⟨wit: W⟩`",
    ),
    Rule("lem", INLINE, "lemma (base text)", qualifiers=("wit",)),
    Rule(
        "rdg",
        INLINE,
        "reading of another witness",
        signs_diplomatic=("⟪", "⟫"),
        qualifiers=("wit", "hand"),
        marks=("wit",),
        reading_doc="left out",
        diplomatic_doc="`⟪X⟫⟨wit: W⟩`",
    ),
    Rule(
        "note",
        NOTE,
        "note",
        qualifiers=("type", "resp"),
        reading_doc="`[^N]` in the text, the note under *Notes* at the end",
        diplomatic_doc="`[^N]` in the text, the note under *Notes* at the end",
    ),
    Rule(
        "lb",
        BREAK,
        "line break",
        reading_doc=(
            "a word boundary (a line break in `opener`, `closer`, `address`, `lg`, "
            '`titlePage`); with `break="no"` the word is joined and its hyphen dropped'
        ),
        diplomatic_doc='a line break; with `break="no"` the hyphen is kept',
    ),
    Rule(
        "pb",
        BREAK,
        "page break",
        qualifiers=("n",),
        reading_doc="a word boundary (HTML: a small `⟨page N⟩` marker)",
        diplomatic_doc="`⟨page N⟩` on a line of its own",
    ),
    Rule(
        "cb",
        BREAK,
        "column break",
        qualifiers=("n",),
        reading_doc="a word boundary",
        diplomatic_doc="`⟨column N⟩` on a line of its own",
    ),
    Rule(
        "space",
        EMPTY,
        "blank space",
        qualifiers=("quantity", "unit", "dim"),
        reading_doc="a word boundary",
        diplomatic_doc='a word boundary; vertical space (`dim="vertical"`) a blank line',
    ),
    Rule(
        "fw",
        INLINE,
        "forme work",
        qualifiers=("type", "place"),
    ),
    Rule("damage", INLINE, "damaged", qualifiers=("agent", "degree")),
    Rule("restore", INLINE, "restored"),
    Rule("subst", INLINE, "substitution"),
    Rule("mod", INLINE, "modification"),
    Rule("retrace", INLINE, "retraced"),
    Rule("choice", INLINE, "alternatives"),
)

STRUCTURE = _rules(
    # containers: their children are blocks
    Rule("TEI", CONTAINER, "TEI document"),
    Rule("teiCorpus", CONTAINER, "TEI corpus"),
    Rule("text", CONTAINER, "text"),
    Rule("group", CONTAINER, "group of texts"),
    Rule("front", CONTAINER, "front matter"),
    Rule("body", CONTAINER, "body"),
    Rule("back", CONTAINER, "back matter"),
    *(Rule(n, CONTAINER, "division") for n in ("div", *(f"div{i}" for i in range(1, 8)))),
    Rule("lg", CONTAINER, "line group"),
    Rule("sp", CONTAINER, "speech"),
    Rule("spGrp", CONTAINER, "speeches"),
    Rule("list", CONTAINER, "list", html="ul"),
    Rule("listBibl", CONTAINER, "bibliography", html="ul"),
    Rule("table", CONTAINER, "table", html="table"),
    Rule("row", CONTAINER, "table row", html="tr"),
    Rule("figure", CONTAINER, "figure", html="figure"),
    Rule("floatingText", CONTAINER, "embedded text"),
    Rule("titlePage", CONTAINER, "title page"),
    Rule("castList", CONTAINER, "cast list"),
    Rule("castGroup", CONTAINER, "cast group"),
    Rule("sourceDoc", CONTAINER, "source document"),
    Rule("surface", CONTAINER, "surface"),
    Rule("zone", CONTAINER, "zone"),
    Rule("postscript", CONTAINER, "postscript"),
    Rule("argument", CONTAINER, "argument"),
    Rule("epigraph", CONTAINER, "epigraph"),
    # blocks
    Rule("p", BLOCK, "paragraph", html="p"),
    Rule("ab", BLOCK, "anonymous block", html="p"),
    Rule("head", BLOCK, "heading"),
    Rule("l", BLOCK, "verse line"),
    Rule("line", BLOCK, "line"),
    Rule("speaker", BLOCK, "speaker"),
    Rule("stage", AUTO, "stage direction"),
    Rule("opener", BLOCK, "opener"),
    Rule("closer", BLOCK, "closer"),
    Rule("trailer", BLOCK, "trailer"),
    Rule("byline", BLOCK, "byline"),
    Rule("docTitle", BLOCK, "document title"),
    Rule("docImprint", BLOCK, "imprint"),
    Rule("docAuthor", AUTO, "document author"),
    Rule("docDate", AUTO, "document date"),
    Rule("titlePart", BLOCK, "title"),
    Rule("item", BLOCK, "list item", html="li"),
    Rule("label", AUTO, "label"),
    Rule("cell", BLOCK, "table cell", html="td"),
    Rule("castItem", BLOCK, "cast item"),
    Rule("figDesc", BLOCK, "figure description"),
    Rule("u", BLOCK, "utterance"),
    Rule("bibl", AUTO, "bibliographic reference"),
    Rule("biblStruct", AUTO, "bibliographic reference"),
    Rule("quote", AUTO, "quotation"),
    Rule("cit", AUTO, "citation"),
    Rule("q", AUTO, "quoted"),
    Rule("said", AUTO, "speech"),
    Rule("address", AUTO, "address"),
    Rule("addrLine", INLINE, "address line"),
    Rule("salute", AUTO, "salutation"),
    Rule("signed", AUTO, "signature"),
    Rule("dateline", AUTO, "dateline"),
    Rule("milestone", EMPTY, "milestone"),
    Rule("anchor", EMPTY, "anchor"),
    Rule("graphic", EMPTY, "image", qualifiers=("url",)),
    Rule("ptr", EMPTY, "pointer", qualifiers=("target",)),
    Rule("ref", INLINE, "reference", qualifiers=("target",)),
    Rule("hi", INLINE, "highlighted", qualifiers=("rend",)),
    Rule("emph", INLINE, "emphasis", html="em"),
    Rule("foreign", INLINE, "foreign words", html="i"),
    Rule("title", INLINE, "title", html="cite"),
    Rule("g", INLINE, "character or glyph", qualifiers=("ref",)),
    Rule("teiHeader", SKIP, "header"),
    Rule("facsimile", SKIP, "facsimile"),
    Rule("standOff", SKIP, "stand-off markup"),
    Rule("fsdDecl", SKIP, "feature system"),
)

TRANSCRIPTIONAL = {tag: replace(rule, described=True) for tag, rule in TRANSCRIPTIONAL.items()}
RULES: dict[str, Rule] = {**STRUCTURE, **TRANSCRIPTIONAL}
GENERIC = Rule("*", AUTO, "element")
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


def mark(el: etree._Element, rule: Rule) -> str:
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
    """The policy as a Markdown table (for the README)."""
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
