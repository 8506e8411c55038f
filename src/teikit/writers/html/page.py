"""The page: the HTML writer assembled, the frame around the text, the stylesheet and script.

:class:`HtmlWriter` is :class:`~teikit.writers.html.blocks.HtmlBlocks` and
:class:`~teikit.writers.html.inline.HtmlInline` together; it writes the
``<head>`` (the stylesheet ``assets/edition.css`` with a colour for each hand),
the citation panel, the view switch, the text, the notes, the colophon and
the script ``assets/edition.js``.  The stylesheet and the script are package
files, read once.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from ...version import __version__
from ..document import Document, Part
from ..policy import D, R
from ..register import registers
from .blocks import HtmlBlocks
from .header import citation, hand_colours
from .inline import HtmlInline
from .markup import CHOICE, REF, XI_INCLUDE, attr, esc
from .names import NAME_KINDS, HtmlNames


@cache
def asset(name: str) -> str:
    """A file of ``teikit/writers/assets`` (the stylesheet, the script), read once."""
    return (files("teikit.writers") / "assets" / name).read_text(encoding="utf-8")


class HtmlWriter(HtmlBlocks, HtmlInline, HtmlNames):
    """Writes a document as one HTML page holding both views."""

    def __init__(self, doc: Document, view: int = R) -> None:
        super().__init__(doc, view)
        doc.used_hands  # noqa: B018 -- the hands in document order, before the walk meets them
        self.init_names(registers(doc.register_lists))
        self.init_toc()
        self.handlers[CHOICE] = self.choice
        self.handlers[REF] = self.ref
        self.handlers[XI_INCLUDE] = self.xinclude
        for tag in NAME_KINDS:
            self.handlers[tag] = self.name

    def css(self) -> str:
        """The stylesheet, with a colour for each hand the text refers to."""
        return asset("edition.css") + hand_colours(self.doc)

    def walk_part_html(self, part: Part, member: bool) -> None:
        """One part: its citation (a member of a corpus), then its text."""
        if member:
            ident = self.member_id(self.doc.title(part.header))
            self.out.append(f'<article class="member lazy" id="{ident}">')
            self.out.append(citation(self.doc, part.header, 2, True))
            self.heading_base = 2
        self.walk_part(part)
        if member:
            self.out.append("</article>")
            self.heading_base = 1

    def render(self) -> bytes:
        """The page, UTF-8 encoded."""
        doc = self.doc
        for part in self.parts():
            self.walk_part_html(part, part.member is not None)
        self.compact()
        self.in_notes = True
        self.notes()
        body_view = "view-diplomatic" if self.initial_view == D else "view-reading"
        lang = doc.main_lang
        title = doc.title()
        head = (
            "<!DOCTYPE html>\n"
            f'<html lang="{attr(lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="teikit {__version__}">\n'
            f"<title>{esc(title)}</title>\n<style>\n{self.css()}</style>\n</head>\n"
            f'<body class="{body_view}">\n'
            f"{citation(doc, doc.header, 1, False)}\n"
            f"{controls(self.names_legend())}\n{self.toc_html()}<main>\n"
        )
        tail = ["\n</main>\n"]
        if self.footnotes:
            tail.append(
                '<section class="footnotes" aria-labelledby="tk-notes">'
                '<h2 id="tk-notes">Notes</h2><ol>'
            )
        end = ["</ol></section>\n"] if self.footnotes else []
        end.append(self.register_html())
        end.append(
            f'<footer class="colophon">Made with teikit {__version__} from TEI P5: '
            "reading view (corrections applied, additions in, deletions out) and "
            "diplomatic view (the page as written).</footer>\n"
        )
        end.append(f"<script>\n{asset('edition.js')}</script>\n</body>\n</html>\n")
        return b"".join(
            [
                head.encode("utf-8"),
                *self.done,
                "".join(tail).encode("utf-8"),
                *self.footnotes,
                "".join(end).encode("utf-8"),
            ]
        )


def controls(names: str) -> str:
    """The view switch and its legend (with the kinds of names the text holds)."""
    return CONTROLS.replace("</nav>", f"{names}</nav>", 1) if names else CONTROLS


CONTROLS = (
    '<nav class="controls" aria-label="View" hidden>'
    '<span class="controls-label">View</span>'
    '<button type="button" data-view="reading" aria-pressed="true">Reading</button>'
    '<button type="button" data-view="diplomatic" aria-pressed="false">Diplomatic</button>'
    '<span class="legend"><ins class="tei-add">addition</ins> <del class="tei-del">deletion'
    '</del> <span class="tei-supplied">[supplied]</span> <span class="tei-sic">sic</span> '
    '<span class="tei-rdg">other witness</span></span>'
    "</nav>"
    '<p class="noscript">Reading view. The diplomatic view needs JavaScript.</p>'
)
