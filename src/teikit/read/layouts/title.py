"""The title-line layout: a page that gives its title (and perhaps a date) and then the text.

Pages copied without their fields (a broadcast transcript, a chapter of a
printed edition, a PDF page with its heading only) still have a title: the
first line, alone in its block, that reads as one.  A line reads as a title
when it is short, does not end as a sentence or a salutation does, is no
bracket, no field label and no classification mark, and either names the kind
of document (``Memorandum …``, ``Telegram …``, ``Speech …``) or is written in
headline style (most of its words capitalised).  One or two lines above it
(the volume or chapter of an edition) are kept as chrome, a date line just
above or below it as the document's date.  The order of the parts is kept as
a :class:`Layout` event, so the transcription writer gives the page back.
An FBIS Daily Report item (``FBIS-SOV-90-032``, its date, the series, the
region and section, then the headline) is read the same way, its date line
among the lines above the title.
"""

from __future__ import annotations

import re

from ... import dates
from ..events import DocDate, DocTitle, Event, Layout
from .page import Found, Page

KINDS = re.compile(
    r"^(?:Memorandum|Memo|Telegram|Cable|Ciphered|Letter|Record|Report|Minutes|Notes?|"
    r"Conversation|Speech|Transcript|Protocol|Resolution|Decree|Directive|Instructions?|"
    r"Information|Message|Statement|Draft|Summary|Diary|Interview|Excerpts?|Extract|"
    r"Address|Paper|Study|Estimate|Briefing|Communiqu[eé]|Declaration|Agreement|Treaty|"
    r"Decision|Order|Appeal|Circular|Dispatch|Despatch|Airgram|Aide-M[eé]moire|Proposal|"
    r"Analysis|Assessment|Intelligence|Special|National|Editorial|Radio|Broadcast)\b"
)
# A report's identifier heading a line (FBIS: "FBIS-LAT-95-093 Daily Report …"): no title.
REPORT = re.compile(r"^[A-Z]{3,5}-[A-Z]{2,5}-\d{2}-\d{2,3}\b")
SOURCE_LINE = re.compile(r"[A-Z]{2}\d{6,12}\s")  # FBIS: "LD1402193090 Moscow Television …"
REPORT_REACH = 8  # a report's head (its number, date, series, region, section) before the title
# Words a headline leaves in lower case.
SMALL = frozenset((
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or",
    "the", "to", "with", "about", "after", "against", "among", "between", "during",
    "over", "under", "via", "vs", "de", "des", "du", "la", "le", "von", "van", "der",
    "die", "und", "zu",
))
MARKS = re.compile(
    r"^(?:top secret|secret|confidential|strictly confidential|only copy|copy no\.?.*|"
    r"personal|urgent|unclassified|for official use only|eyes only|restricted)$",
    re.I,
)


def headline(line: str) -> bool:
    """Whether most words of ``line`` that are not small words begin with a capital."""
    words = [w.strip("“”\"'()‘’,:;") for w in line.split()]
    words = [w for w in words if w and w.lower() not in SMALL and w[0].isalpha()]
    if len(words) < 2:
        return False
    capitals = sum(1 for w in words if w[0].isupper())
    return capitals >= 0.75 * len(words)


def is_title(line: str) -> bool:
    """Whether a single line reads as a document's title (see the module docstring)."""
    text = line.strip()
    if text != line or not 8 <= len(text) <= 250 or len(text.split()) < 2:
        return False
    if text[0] in "[(-–—•*" or text[-1] in ".,;:!" or text.endswith("..."):
        return False
    if MARKS.match(text) or REPORT.match(text) or dates.parse_date(text) is not None:
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "“\"'‘"):
        return False
    return bool(KINDS.match(text)) or headline(text)


def read(page: Page) -> Found | None:
    """The title (and date) of a page that has no fields, when its first lines read so."""
    blocks = page.blocks
    layout = list(page.layout)
    events: list[Event] = []
    i = page.start
    date_at: int | None = None
    if page.has_date:
        date_at, i = i, i + 1
    title_at = next(
        (k for k in range(i, min(i + 3, len(blocks) - 1))
         if (line := page.single_line(k)) is not None and is_title(line)
         and not page.is_chrome(line)),
        None,
    )
    if REPORT.match(page.single_line(i) or ""):  # the headline is just above the source line
        source = next((k for k in range(i + 1, min(i + REPORT_REACH, len(blocks)))
                       if SOURCE_LINE.match(page.chunk(k))), None)
        if source is not None and is_title(page.single_line(source - 1) or ""):
            title_at = source - 1
    if title_at is None or (date_at is not None and title_at != i):
        return None
    if any(blocks[k][2] != 1 for k in range(max(page.start, 1), title_at + 1)):
        return None
    if any(page.single_line(k) is None for k in range(i, title_at)):
        return None
    if date_at is not None:
        events.append(DocDate(page.chunk(date_at), page.line_of(date_at)))
        layout.append("date")
    for k in range(i, title_at):  # chrome, and a report's date line among it
        line = page.chunk(k)
        if date_at is None and dates.parse_date(line) is not None:
            date_at = k
            events.append(DocDate(line, page.line_of(k)))
            layout.append("date")
        else:
            layout.append(f"chrome:{line}")
    events.append(DocTitle(page.chunk(title_at), page.line_of(title_at)))
    layout.append("title")
    end = title_at
    after = title_at + 1
    line = page.single_line(after)
    below = date_at is None and line is not None and blocks[after][2] == 1
    if below and line and after + 1 < len(blocks) and dates.parse_date(line) is not None:
        events.append(DocDate(line, page.line_of(after)))
        layout.append("date")
        end = after
    events.append(Layout(tuple([*layout, "body"])))
    return Found(events, blocks[end][1], len(page.text))
