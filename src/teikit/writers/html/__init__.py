"""The HTML writer: a self-contained, publishable HTML5 edition of a TEI document.

One file, inline CSS and a few lines of JavaScript, nothing fetched from the
network; it works from ``file://`` and is readable with JavaScript off (it
then shows the reading view).  Both views are in the page: what one view
hides carries the class ``r-only`` or ``d-only``, and the switch sets
``view-reading`` or ``view-diplomatic`` on ``body``.  The walk and every
decision are the policy's (:mod:`teikit.writers.policy`), shared with the text
and Markdown writers; this package only says how each thing looks.

The parts, each building on the ones before it:

- :mod:`~teikit.writers.html.markup`: escaping, class names, tag constants;
- :mod:`~teikit.writers.html.output`: the writer's state, its text, and the
  attributes of each element (classes, ids, languages, a name's register
  entry, the tooltips);
- :mod:`~teikit.writers.html.inline`: inline elements, choices, links, line
  and page breaks, markers, notes;
- :mod:`~teikit.writers.html.blocks`: paragraphs, headings, lists, tables,
  sections, and parallel texts side by side;
- :mod:`~teikit.writers.html.header`: the citation panel (title, header
  fields, hands, witnesses);
- :mod:`~teikit.writers.html.page`: :class:`HtmlWriter`, the page around the
  text, with the stylesheet and the script of ``writers/assets``.
"""

from __future__ import annotations

from .page import HtmlWriter

__all__ = ["HtmlWriter"]
