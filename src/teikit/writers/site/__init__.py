"""The site writer: a folder of TEI documents as a static website.

The site has an index page (a table of the documents by date, title,
archive and languages, to sort and filter, and a search box), an edition
page per document (the HTML writer's page, :mod:`teikit.writers.html`), one
register page each for people, bodies and places listing every mention
across the corpus with a link to its place in the edition, and a full-text
search index that the browser reads from the site's own files (it works
from ``file://``, with no server).

- :mod:`~teikit.writers.site.meta`: the index row, from any project's ``teiHeader``;
- :mod:`~teikit.writers.site.mentions`: the names of the text and their anchors;
- :mod:`~teikit.writers.site.search`: the words and the index files;
- :mod:`~teikit.writers.site.pages`: the index page and the register pages;
- :mod:`~teikit.writers.site.build`: a document's edition and part, the site's pages.

The batch (worker processes, the site built beside its place and then moved
there) is :func:`teikit.api.export_site`'s.
"""

from __future__ import annotations

from .build import MARKER, Part, edition, write_site

__all__ = ["MARKER", "Part", "edition", "write_site"]
