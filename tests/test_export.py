"""teikit export to HTML, text and Markdown: the rendering policy, the seed, bad input.

The seed's exports are pinned by golden files in tests/fixtures/export (reviewed
by eye; remake one with the `teikit export` line the failure message prints).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT, SAMPLE, SEED_TEI

import teikit
from teikit.cli import main
from teikit.errors import TeikitError
from teikit.writers import render
from teikit.writers.policy import TRANSCRIPTIONAL, policy_table
from teikit.xmlio import parse_bytes, parse_file

GOLDEN = FIXTURES / "export"
TEI_NS = "http://www.tei-c.org/ns/1.0"
VOID = {"br", "meta", "img", "hr", "input", "link", "wbr"}
BLOCK_HTML = {"div", "section", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "p",
              "figure", "header", "footer", "nav", "main", "dl"}


def tei(body: str, header: str = "", attrs: str = "") -> bytes:
    """A small TEI document with ``body`` as the content of its body."""
    head = header or (
        "<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>"
        "<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>"
        "</teiHeader>"
    )
    return (
        f'<TEI xmlns="{TEI_NS}"{attrs}>{head}<text><body>{body}</body></text></TEI>'
    ).encode()


def text(body: str, view: str = "reading", header: str = "") -> str:
    return teikit.write(parse_bytes(tei(body, header)), "text", view=view)


def html(body: str, header: str = "", view: str | None = None) -> str:
    return teikit.write(parse_bytes(tei(body, header)), "html", view=view)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


class TagChecker(HTMLParser):
    """Checks that every tag is closed in order and that no block sits in a <p>."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        if tag in BLOCK_HTML and "p" in self.stack:
            self.errors.append(f"<{tag}> inside <p>")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else ''}>")
            return
        self.stack.pop()


def tag_errors(page: str) -> list[str]:
    checker = TagChecker()
    checker.feed(page)
    checker.close()
    return checker.errors + [f"unclosed <{t}>" for t in checker.stack]


# ------------------------------------------------------------------ the seed: golden files

SEED_EXPORTS = [
    ("html", None, f"{SAMPLE}.html"),
    ("text", "reading", f"{SAMPLE}.reading.txt"),
    ("text", "diplomatic", f"{SAMPLE}.diplomatic.txt"),
    ("markdown", "reading", f"{SAMPLE}.reading.md"),
    ("markdown", "diplomatic", f"{SAMPLE}.diplomatic.md"),
]


@pytest.fixture(scope="module")
def seed() -> dict[tuple[str, str | None], str]:
    tree = parse_file(SEED_TEI)
    return {(to, view): teikit.write(tree, to, view=view) for to, view, _ in SEED_EXPORTS}


@pytest.mark.parametrize(("to", "view", "name"), SEED_EXPORTS)
def test_seed_export_is_the_golden_file(
    seed: dict[tuple[str, str | None], str], to: str, view: str | None, name: str
) -> None:
    golden = GOLDEN / name
    remake = (
        f"teikit export {SEED_TEI.relative_to(ROOT)} --to {to}"
        + (f" --view {view}" if view else "")
        + f" -o {golden.relative_to(ROOT)} --force"
    )
    assert golden.exists(), f"missing golden file; make it with `{remake}` and review it"
    assert seed[(to, view)] == golden.read_text(encoding="utf-8"), (
        f"the export changed: if that is intended, run `{remake}`, review the diff, commit it"
    )


def test_seed_reading_text_joins_hyphenated_words_and_applies_corrections(
    seed: dict[tuple[str, str | None], str],
) -> None:
    reading = seed[("text", "reading")]
    assert "создалась" in reading and "созда-" not in reading
    assert "исполнением" in reading and "пребывания" in reading and "следующему" in reading
    assert "[SIC]" not in reading and "(!)" not in reading
    assert "We fly to Pyongyang on 19 September at 7 A. M." in reading
    assert "reprisals" not in reading.split("Notes")[0]  # a reading of the draft, deleted there
    assert "today, 18 September, which" in reading  # an addition is in, unmarked
    assert "[We] discussed" in reading and "Nie [Rongzhen]," in reading
    assert "are corrected, and" in reading  # no space left before the comma
    assert "\x00" not in reading


def test_seed_diplomatic_text_shows_the_page_with_signs(
    seed: dict[tuple[str, str | None], str],
) -> None:
    dipl = seed[("text", "diplomatic")]
    assert "созда-\nлась" in dipl
    assert "19 August(!)⟨corr: 19 September; by: teikit⟩ at 7" in dipl
    assert "{+18 September+}⟨hand: hand-annotator⟩" in dipl
    assert "⟪[-reprisals against honest Party members are halted-]⟫⟨wit: wit-draft⟩" in dipl
    assert "⟪{+and the CC plenum+}⟨hand: hand-draft⟩⟫⟨wit: wit-draft⟩" in dipl
    assert "\n⟨page⟩\n" in dipl
    assert "⟨place: bottom; hand: hand-annotator⟩" in dipl


def test_seed_notes_are_numbered_alike_in_every_view(
    seed: dict[tuple[str, str | None], str],
) -> None:
    for key in (("text", "reading"), ("text", "diplomatic")):
        body, notes = seed[key].split("\n\nNotes\n\n")
        assert "strengthened. [^1] We still" in body
        assert notes.startswith("[^1]: in the handwritten version")
        assert "[^2]: a handwritten version of the preceding document follows" in notes
    md = seed[("markdown", "reading")]
    assert "[^1]: in the handwritten version" in md and "~~We completely disagree" in md


def test_seed_html_structure(seed: dict[tuple[str, str | None], str]) -> None:
    page = seed[("html", None)]
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert tag_errors(page) == []
    # aligned paragraphs (@corresp) side by side, row by row, under the two labels
    assert '<div class="parallel aligned" style="--cols:2">' in page
    assert '<div class="pcell tei-div type-original" lang="ru"><h2 class="col-label">' in page
    assert '<div class="pcell tei-div type-translation" lang="en"><h2 class="col-label">' in page
    assert '<div class="prow"><div class="pcell" lang="ru"><p class="tei-p" id="p-ru-1">' in page
    assert '</div><div class="pcell" lang="en"><p class="tei-p" id="p-en-1">' in page
    # names linked to the register carry their entry, in either language, and link to it
    for name in ("Мао Цзе-дун", "Mao Zedong"):
        assert re.search(
            '<a href="#mao-zedong" class="tei-persName nm nm-person" data-ref="#mao-zedong" '
            f'title="person: Mao Zedong" id="tk-m[0-9]+">{name}</a>', page)
    # citation panel
    for value in ("Telegram from A. Mikoyan to the CPSU Central Committee", "September 19, 1956",
                  "State Archive of the Russian Federation (GARF)", "Fond 5446, Opis 98c",
                  "Gary Goldberg", "https://wilson-center.drivingcreative.com/document/121799",
                  "Mao Zedong reveals", "hand-annotator", "hand-draft"):
        assert value in page, value
    # the view switch and both views
    assert '<body class="view-reading">' in page and 'data-view="diplomatic"' in page
    assert re.search(r'<del class="tei-del d-only rend-strikethrough"[^>]*>reprisals', page)
    assert re.search(r'<span class="tei-rdg d-only"[^>]*> <del', page)
    # corrections: the [SIC] date with its correction, teikit's inference marked as teikit's
    corr = re.search(r'<span class="tei-corr r-only by-teikit" title="([^"]*)">19 September', page)
    assert corr and "added by teikit" in corr.group(1) and "19 August" in corr.group(1)
    sic = r'<span class="tei-sic d-only rend-mark-uppercase" data-mark="⟨corr: 19 September; by: teikit⟩" title="[^"]*corrected to: “19 Sep'  # noqa: E501
    assert re.search(sic, page)
    # hyphen kept in the diplomatic view only
    assert 'созда<span class="hyph d-only">-</span><br class="lb d-only">лась' in page
    # notes link both ways; page markers
    assert 'href="#tk-fn-1"' in page and 'id="tk-fn-1"' in page
    assert 'href="#tk-fnref-1"' in page and 'id="tk-fnref-1"' in page
    assert "⟨page⟩" in page
    # additions with hand colour and place
    assert re.search(r'<ins class="tei-add hand-0" title="addition; hand: hand-annotator', page)
    assert 'data-place="bottom"' in page and ".hand-0{--hand:" in page
    assert '<span class="tei-supplied" title="supplied by the editor' in page


def test_html_is_self_contained(seed: dict[tuple[str, str | None], str]) -> None:
    page = seed[("html", None)]
    assert not re.search(r"<(img|link|iframe|object|embed|audio|video)\b", page)
    assert not re.search(r"\bsrc=|@import|url\(", page)
    assert page.count("<script>") == 1 and page.count("<style>") == 1


def test_html_initial_view() -> None:
    page = teikit.write(parse_file(SEED_TEI), "html", view="diplomatic")
    assert '<body class="view-diplomatic">' in page


# ------------------------------------------------------------------ the policy, element by element


def test_hyphenated_word_is_joined_in_reading_and_kept_in_diplomatic() -> None:
    body = "<p>созда-<lb break='no'/>лась и <hi>исполь-</hi>\n  <lb break='no'/>\n  зовать</p>"
    assert text(body) == "создалась и использовать\n"
    assert text(body, "diplomatic") == "созда-\nлась и исполь-\nзовать\n"


def test_line_break_is_a_word_boundary_without_whitespace() -> None:
    assert text("<p>one<lb/>two</p>") == "one two\n"
    assert text("<p>one<lb/>two</p>", "diplomatic") == "one\ntwo\n"
    assert "one <br" in html("<p>one<lb/>two</p>")


def test_no_word_is_split_at_element_boundaries() -> None:
    body = "<p><hi>Wo</hi>rd, wo<del>x</del>rd, <persName>Ma</persName><persName>ry</persName></p>"
    assert text(body) == "Word, word, Mary\n"
    assert text(body, "diplomatic") == "Word, wo[-x-]rd, Mary\n"


def test_choice_sic_corr_abbr_expan_orig_reg() -> None:
    body = (
        "<p><choice><sic>teh</sic><corr>the</corr></choice> "
        "<choice><abbr>Dr.</abbr><expan>Doctor</expan></choice> "
        "<choice><orig>olde</orig><reg>old</reg></choice> <sic>sic</sic> "
        "co<ex>n</ex>sul <am>~</am></p>"
    )
    assert text(body) == "the Doctor old sic consul\n"
    assert text(body, "diplomatic") == "teh(!)⟨corr: the⟩ Dr. olde sic(!) cosul ~\n"


def test_empty_choice_renders_nothing() -> None:
    assert text("<p>a <choice/> b</p>") == "a b\n"
    page = html("<p>a <choice/> b</p>")
    assert '<span class="tei-choice empty"></span>' in page


def test_app_shows_the_lemma_and_marks_other_readings() -> None:
    body = (
        "<p>a <app><lem wit='#A'>base</lem><rdg wit='#B'>variant</rdg></app> "
        "<app><rdg wit='#C'>only</rdg><rdg wit='#D'>other</rdg></app></p>"
    )
    assert text(body) == "a base only\n"
    assert text(body, "diplomatic") == "a base⟪variant⟫⟨wit: B⟩ only⟪other⟫⟨wit: D⟩\n"


def test_additions_deletions_supplied_unclear_gap_hand() -> None:
    body = (
        "<p>a <add place='above' hand='#h1'>b</add> <del hand='#h2'>c</del> <supplied>d</supplied>"
        " <unclear>e</unclear> <gap reason='illegible'/> f<handShift new='#h2'/>g "
        "<surplus>h</surplus></p>"
    )
    assert text(body) == "a b [d] e […] fg\n"
    assert text(body, "diplomatic") == (
        "a {+b+}⟨place: above; hand: h1⟩ [-c-]⟨hand: h2⟩ [d] e(?) […]⟨reason: illegible⟩ "
        "f⟨hand: h2⟩g {h}\n"
    )


def test_deletion_quoted_in_a_note_is_kept_in_every_view() -> None:
    body = "<p>x<note>crossed out: <del>gone</del></note> y</p>"
    for view in ("reading", "diplomatic"):
        assert text(body, view) == "x[^1] y\n\nNotes\n\n[^1]: crossed out: [-gone-]\n"
    assert '<del class="tei-del" title="deletion">gone</del>' in html(body)


def test_page_and_column_breaks() -> None:
    body = "<p>one <pb n='2'/> two <cb n='b'/> three</p>"
    assert text(body) == "one two three\n"
    assert text(body, "diplomatic") == "one\n⟨page 2⟩\ntwo\n⟨column b⟩\nthree\n"
    assert "⟨page 2⟩</span>" in html(body)


def test_notes_are_numbered_in_document_order_with_notes_in_notes() -> None:
    body = "<p>a<note>first<note>inner</note></note> b<note>second</note></p>"
    out = text(body)
    assert out == (
        "a[^1] b[^3]\n\nNotes\n\n[^1]: first[^2]\n[^2]: inner\n[^3]: second\n"
    )
    page = html(body)
    assert page.index('id="tk-fn-1"') < page.index('id="tk-fn-2"') < page.index('id="tk-fn-3"')


def test_note_numbers_do_not_change_when_a_view_hides_a_note() -> None:
    body = "<p>a<del>x<note>in a deletion</note></del> b<note>kept</note></p>"
    assert text(body) == "a b[^2]\n\nNotes\n\n[^2]: kept\n"
    assert "[^1]: in a deletion" in text(body, "diplomatic")
    page = html(body)
    assert re.search(r'<li id="tk-fn-1" value="1" class="footnote d-only"', page)


def test_blocks_verse_lists_tables() -> None:
    body = (
        "<div><head>Title</head><lg><l>line one</l><l>line two</l></lg>"
        "<list><item>first</item><item>second</item></list>"
        "<table><row><cell>a</cell><cell>b</cell></row></table><p>end</p></div>"
    )
    assert text(body) == "Title\n\nline one\nline two\n\nfirst\nsecond\n\na | b\n\nend\n"
    md = teikit.write(parse_bytes(tei(body)), "markdown")
    assert "## Title" in md and "line one\\\nline two" in md and "- first\n- second" in md
    assert "| a | b |\n| --- | --- |" in md
    page = html(body)
    assert tag_errors(page) == []
    assert "<h2" in page and "<ul" in page and "<table" in page


def test_blocks_inside_a_paragraph_keep_the_html_valid() -> None:
    body = "<p>Before <quote><lg><l>a line</l></lg></quote> and <list><item>i</item></list></p>"
    page = html(body)
    assert tag_errors(page) == []
    assert '<span class="tei-l blk">a line</span>' in page


def test_markdown_escapes_what_markdown_would_read() -> None:
    md = teikit.write(parse_bytes(tei("<p># not *a* heading_ [x] &lt;b&gt;</p>")), "markdown")
    assert "\\# not \\*a\\* heading\\_ \\[x\\] \\<b\\>" in md


def test_html_escapes_the_text_and_never_runs_it() -> None:
    page = html("<p>&lt;script&gt;alert(1)&lt;/script&gt; <ref target='javascript:x()'>r</ref></p>")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert 'href="javascript' not in page


def test_parallel_columns_aligned_by_corresp() -> None:
    body = (
        "<div type='original' xml:lang='de'><p xml:id='o1'>Eins</p><p xml:id='o2'>Zwei</p></div>"
        "<div type='translation' xml:lang='en'><p corresp='#o1'>One</p><p>(more one)</p>"
        "<p corresp='#o2'>Two</p></div>"
    )
    page = html(body)
    assert '<div class="parallel aligned" style="--cols:2">' in page
    rows = re.findall(r'<div class="prow">(.*?)</div></div>', page)
    assert len(rows) == 2
    assert "Eins" in rows[0] and "One" in rows[0] and "(more one)" in rows[0]
    assert "Zwei" in rows[1] and "Two" in rows[1]
    assert tag_errors(page) == []
    assert text(body) == (
        "Original (German)\n\nEins\n\nZwei\n\nTranslation (English)\n\nOne\n\n(more one)\n\nTwo\n"
    )


def test_parallel_columns_without_alignment_follow_each_other() -> None:
    body = (
        "<div type='edition' xml:lang='la'><p>Arma virumque</p></div>"
        "<div type='commentary'><p>note</p></div>"
        "<div type='translation' xml:lang='en'><p>Arms and the man</p></div>"
    )
    page = html(body)
    assert '<div class="parallel" style="--cols:2">' in page
    assert page.index("Arma virumque") < page.index("Arms and the man") < page.index(">note<")


def test_teikit_additions_are_shown_as_teikits() -> None:
    body = "<p>on <choice><sic>19 August</sic><corr resp='#teikit' cert='medium'>19 September" \
           "</corr></choice></p>"
    assert text(body) == "on 19 September\n"
    page = html(body)
    assert 'class="tei-corr r-only by-teikit"' in page and "added by teikit" in page


def test_policy_table_documents_every_transcriptional_rule() -> None:
    table = policy_table()
    for rule in TRANSCRIPTIONAL.values():
        if not (rule.reading_doc == rule.diplomatic_doc == "its text"):
            assert f"| `{rule.name}` |" in table


# ------------------------------------------------------------------ any TEI, bad input


def test_missing_header_is_a_documented_fallback() -> None:
    data = f'<TEI xmlns="{TEI_NS}"><text><body><p>only text</p></body></text></TEI>'.encode()
    tree = parse_bytes(data)
    page = teikit.write(tree, "html")
    assert "TEI document without a header" in page and "This document has no teiHeader" in page
    assert "only text" in page
    assert teikit.write(tree, "text") == "only text\n"


def test_unknown_hand_is_rendered_and_listed() -> None:
    page = html("<p>a <add hand='#ghost'>b</add></p>")
    assert 'class="tei-add hand-unknown"' in page
    assert "<b>ghost</b>: not declared in the header" in page


def test_surface_root_and_unknown_elements_render_generically() -> None:
    data = (
        f'<surface xmlns="{TEI_NS}" xmlns:x="urn:x"><zone><line>a <x:thing>b</x:thing>'
        f"<del>c</del></line></zone></surface>"
    ).encode()
    tree = parse_bytes(data)
    assert teikit.write(tree, "text") == "a b\n"
    page = teikit.write(tree, "html")
    assert '<span class="ext-thing">b</span>' in page and tag_errors(page) == []


def test_entities_comments_and_processing_instructions() -> None:
    data = (
        b'<!DOCTYPE TEI [<!ENTITY e "expanded">]>'
        + tei("<p>a<!-- comment -->b &e; <?pi x?>c</p>")
    )
    assert teikit.write(parse_bytes(data), "text") == "ab &e; c\n"


def test_non_tei_root_is_refused() -> None:
    with pytest.raises(TeikitError, match="not a TEI P5 document: the root element <html>"):
        render(parse_bytes(b"<html><body/></html>"), "html")
    with pytest.raises(TeikitError, match="in no namespace"):
        render(parse_bytes(b"<TEI><text/></TEI>"), "text")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<TEI><teiHeader></TEI>", "not well-formed"),
        (b"<html><body/></html>", "not a TEI P5 document"),
        (b"", "not well-formed"),
    ],
)
@pytest.mark.parametrize("to", ["html", "text", "markdown"])
def test_bad_input_is_one_line_and_no_file(
    tmp_path: Path, data: bytes, message: str, to: str
) -> None:
    src = tmp_path / "in.xml"
    src.write_bytes(data)
    out = tmp_path / "out.html"
    code, stdout, err = run("export", str(src), "--to", to, "-o", str(out))
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 1 and message in lines[0] and "Traceback" not in err
    assert lines[0].startswith(str(src))
    assert not out.exists() and stdout == ""
    assert list(tmp_path.iterdir()) == [src]  # no temporary file left either


def test_cli_exports_and_never_overwrites_without_force(tmp_path: Path) -> None:
    out = tmp_path / "seed.html"
    assert run("export", str(SEED_TEI), "--to", "html", "-o", str(out))[0] == 0
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    out.write_text("keep me")
    code, _, err = run("export", str(SEED_TEI), "--to", "html", "-o", str(out))
    assert code == 2 and "--force" in err and out.read_text() == "keep me"
    assert run("export", str(SEED_TEI), "--to", "text", "-o", str(out), "--force")[0] == 0
    assert "создалась" in out.read_text("utf-8")


def test_cli_view_option(tmp_path: Path) -> None:
    code, out, _ = run("export", str(SEED_TEI), "--to", "text", "--view", "diplomatic")
    assert code == 0 and "созда-\nлась" in out
    code, out, _ = run("export", str(SEED_TEI), "--to", "markdown")
    assert code == 0 and out.startswith("# Telegram from A. Mikoyan")
    code, _, err = run("export", str(SEED_TEI), "--to", "transcription", "--view", "reading")
    assert code == 2 and "--view" in err
    code, _, err = run("export", str(SEED_TEI), "--to", "text", "--view", "sideways")
    assert code == 2 and "sideways" in err


def test_export_file_api(tmp_path: Path) -> None:
    out = tmp_path / "s.md"
    written = teikit.export_file(SEED_TEI, "markdown", out, view="diplomatic")
    assert out.read_text("utf-8") == written and "~~" in written


def test_a_large_document_stays_well_formed_html() -> None:
    # more pieces than the writer keeps before it encodes them (the page is built in chunks)
    items = "".join(f"<item><hi>item</hi> {i}<note>n{i}</note></item>" for i in range(3000))
    page = html(f"<list>{items}</list><p>after <hi>the list</hi></p>")
    assert tag_errors(page) == []
    assert page.count('<li class="tei-item">') == 3000 and "after <span" in page
    assert 'id="tk-fn-3000"' in page


def test_a_break_inside_a_word_joins_across_a_page_break_after_it() -> None:
    body = "<p>ऽनर्थ<lb break='no'/>\n<pb n='29'/>\nक्रिया and more</p>"
    assert text(body) == "ऽनर्थक्रिया and more\n"
    assert text(body, "diplomatic") == "ऽनर्थ\n⟨page 29⟩\nक्रिया and more\n"
    # a page break and the line break that starts the new page make one break
    body = "<p>end of page<lb/>\n<pb n='2'/><lb/>first line</p>"
    assert text(body, "diplomatic") == "end of page\n⟨page 2⟩\nfirst line\n"


def test_an_empty_hand_pointer_is_ignored() -> None:
    assert '<ins class="tei-add"' in html("<p><add hand=''>x</add></p>")


def test_the_deepest_document_the_parser_accepts_exports() -> None:
    depth = 250  # the safe parser refuses 256 levels and more
    body = "<div><lg>" * (depth // 2) + "<l>deep <hi>line</hi></l>" + "</lg></div>" * (depth // 2)
    for to in ("html", "text", "markdown"):
        assert "deep" in teikit.write(parse_bytes(tei(body)), to)
