"""Names in the HTML edition: styled by kind, linked to their register entry, listed there.

A name (``persName``, ``placeName``, ``orgName``, ``geogName``, ``name``,
``rs``, ``roleName``) or a ``date`` carries the classes ``nm nm-KIND``
(person, place, org, date, or name for any other kind); each kind has its own
underline style, so that kinds are told apart without colour.  A name whose
``@ref`` points to an entry of the document's register (a ``listPerson``,
``listPlace``, ``listOrg`` … in ``back`` or ``standOff``) is a link to that
entry (``href="#id"``) and a *mention* of it, with an id of its own
(``tk-m1`` …, or the name's ``xml:id``).  The register section after the notes
lists each entry with its data and links to every mention; the script turns a
click on a name into a panel showing the same, and without JavaScript the
plain anchors lead there and back.
"""

from __future__ import annotations

from lxml import etree

from ...tei import XML_ID, T
from ..policy import ElementPolicy
from ..register import Register
from ..walk import is_block
from .markup import CLASS_CHARS, VIS_CLASS, attr, esc
from .output import HtmlOutput

# The elements styled as names, and their kind (None: the kind is the @type's).
NAME_KINDS: dict[str, str | None] = {
    T + "persName": "person",
    T + "roleName": "person",
    T + "placeName": "place",
    T + "geogName": "place",
    T + "orgName": "org",
    T + "date": "date",
    T + "name": None,
    T + "rs": None,
}
# @type values (of name and rs) and register entries, as kinds
TYPE_KINDS = {
    "person": "person", "pers": "person", "persname": "person", "people": "person",
    "place": "place", "placename": "place", "settlement": "place", "country": "place",
    "org": "org", "organisation": "org", "organization": "org", "orgname": "org",
    "date": "date", "bibl": "bibl", "work": "bibl", "title": "bibl", "event": "event",
}
KIND_LABELS = {
    "person": "person", "place": "place", "org": "body", "date": "date",
    "bibl": "work", "event": "event", "name": "name",
}


def name_kind(el: etree._Element) -> str:
    """The kind of a name: person, place, org, date, bibl, event or name."""
    kind = NAME_KINDS.get(str(el.tag))
    if kind is None:
        kind = TYPE_KINDS.get(CLASS_CHARS.sub("", (el.get("type") or "").lower()), "name")
    return kind


class HtmlNames(HtmlOutput):
    """The name hook of the HTML writer and the mentions it collects."""

    def init_names(self, found: list[Register]) -> None:
        """Know the register's entries (``found``): the targets of the names' links."""
        self.register = found
        self.entry_ids = {e.ident for reg in found for e in reg.entries if e.ident}
        self.mentions: dict[str, list[tuple[str, int]]] = {}
        self.mention_count = 0
        self.name_kinds: set[str] = set()

    def target(self, el: etree._Element) -> str | None:
        """The register entry a name's ``@ref`` points to, if it is in this document."""
        for token in (el.get("ref") or "").split():
            if token.startswith("#") and token[1:] in self.entry_ids:
                return token[1:]
        return None

    def name(self, el: etree._Element, rule: ElementPolicy, own: int) -> None:
        """A name: a span of its kind, or a link to its register entry (a mention of it)."""
        if is_block(el):
            self.block(el, rule, own)
            return
        kind = name_kind(el)
        self.name_kinds.add(kind)
        extra = f" nm nm-{kind}"
        target = self.target(el) if not self.in_link else None
        if target is None:
            title = ""
            if not el.get("ref"):
                when = el.get("when") or el.get("from") or el.get("notBefore") or ""
                title = f' title="{attr(KIND_LABELS[kind] + (": " + when if when else ""))}"'
            self.out.append(f"<span{self.attrs(el, rule, own, extra)}{title}>")
            self.content(el)
            self.out.append("</span>")
            return
        ident = el.get(XML_ID)
        attributes = self.attrs(el, rule, own, extra)
        if ident and f' id="{attr(ident)}"' in attributes:
            mention = ident
        else:
            self.mention_count += 1
            mention = f"tk-m{self.mention_count}"
            attributes += f' id="{mention}"'
        self.mentions.setdefault(target, []).append((mention, own))
        self.out.append(f'<a href="#{attr(target)}"{attributes}>')
        self.in_link += 1
        self.content(el)
        self.in_link -= 1
        self.out.append("</a>")

    def register_html(self) -> str:
        """The register section: each list's entries, their data and links to their mentions.

        Each entry is a ``<div class="entry">`` in a ``<dl>`` with the entry's
        ``xml:id``, so that a name's link leads to it; the links back are in
        document order, numbered."""
        if not self.register:
            return ""
        out = [
            '<section class="register" aria-labelledby="tk-register">'
            '<h2 id="tk-register">Register</h2>'
        ]
        for reg in self.register:
            out.append(f'<section class="register-list"><h3>{esc(reg.heading)}</h3><dl>')
            for item in reg.entries:
                ident = ""
                if item.ident and item.ident not in self.ids:
                    self.ids.add(item.ident)
                    ident = f' id="{attr(item.ident)}"'
                kind = TYPE_KINDS.get(item.kind, "name")
                out.append(f'<div class="entry entry-{kind}"{ident}>')
                out.append(f'<dt><span class="nm nm-{kind}">{esc(item.name)}</span></dt>')
                if item.details:
                    out.append(f'<dd class="entry-data">{esc(item.details)}</dd>')
                found = self.mentions.get(item.ident, []) if ident else []
                if found:
                    links = " ".join(
                        f'<a class="mention{VIS_CLASS[vis]}" href="#{attr(m)}" '
                        f'aria-label="mention {i} of {len(found)}">{i}</a>'
                        for i, (m, vis) in enumerate(found, start=1)
                    )
                    word = "mention" if len(found) == 1 else "mentions"
                    out.append(f'<dd class="mentions">{len(found)} {word}: {links}</dd>')
                elif ident:
                    out.append('<dd class="mentions none">not named in the text</dd>')
                out.append("</div>")
            out.append("</dl></section>")
        out.append("</section>\n")
        return "".join(out)

    def names_legend(self) -> str:
        """The kinds of names the text holds, each in its style (for the controls)."""
        kinds = [k for k in KIND_LABELS if k in self.name_kinds]
        if not kinds:
            return ""
        items = " ".join(f'<span class="nm nm-{k}">{KIND_LABELS[k]}</span>' for k in kinds)
        return f'<span class="names-legend">Names: {items}</span>'
