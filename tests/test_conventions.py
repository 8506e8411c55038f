"""Conventions as data: a fixture pair for every rule of every shipped profile; profiles
that extend profiles; --explain and --strict; templates the writer never confuses;
dates, metadata layouts and originals in Latin script."""

from __future__ import annotations

import json
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, SEED_TXT, normalised
from lxml import etree

import teikit
from teikit.cli import main
from teikit.errors import TeikitError
from teikit.profiles import Profile, Rule, load_profile, shipped_profiles

NS = {"t": "http://www.tei-c.org/ns/1.0"}
CONVENTIONS = FIXTURES / "conventions"
LAYOUTS = FIXTURES / "layouts"


def own_rules(profile: str) -> list[str]:
    """The names of the rules a shipped profile's own TOML defines (not those it inherits)."""
    text = (resources.files("teikit") / "profiles" / f"{profile}.toml").read_text("utf-8")
    data = tomllib.loads(text)
    kinds = ("bracket", "block", "line", "phrase")
    return [r["name"] for kind in kinds for r in data.get(kind, [])]


def defining(profile: str, rule: str) -> str:
    """The shipped profile whose TOML defines ``rule`` for ``profile`` (itself or a base)."""
    name: str | None = profile
    while name is not None:
        if rule in own_rules(name):
            return name
        name = load_profile(name).extends
    raise AssertionError(f"{rule} is defined nowhere")


PAIRS = [(p, r) for p in shipped_profiles() for r in own_rules(p)]


def test_both_profiles_are_shipped() -> None:
    assert {"wilson-center", "frus"} <= set(shipped_profiles())
    assert load_profile("frus").extends == "wilson-center"


@pytest.mark.parametrize("profile", shipped_profiles())
def test_every_rule_of_every_profile_has_a_fixture_pair(profile: str) -> None:
    missing = []
    for rule in load_profile(profile).rules:
        folder = CONVENTIONS / defining(profile, rule.name)
        for suffix in (".txt", ".xml"):
            if not (folder / f"{rule.name}{suffix}").exists():
                missing.append(f"{folder.name}/{rule.name}{suffix}")
    assert missing == []


@pytest.mark.parametrize(("profile", "rule"), PAIRS, ids=[f"{p}:{r}" for p, r in PAIRS])
def test_fixture_pair(profile: str, rule: str) -> None:
    """The snippet makes exactly the expected TEI for the rule, and round-trips exactly."""
    source = CONVENTIONS / profile / f"{rule}.txt"
    expected = (CONVENTIONS / profile / f"{rule}.xml").read_text(encoding="utf-8").strip("\n")
    text = source.read_text(encoding="utf-8")
    # the conventions alone: enrichment (names, dates, alignment) is tested apart
    conversion = teikit.convert_document(text, name=source.name, profile=profile, enrich=False)
    made = "\n".join(r.tei() for r in conversion.records if r.rule == rule)
    assert made == expected
    assert normalised(teikit.write(conversion.tree)) == normalised(text)
    reporting = load_profile(profile).rule(rule).reports
    codes = {d.code for d in conversion.diagnostics}
    if reporting:
        assert codes and all(rule in code for code in codes), codes
    else:
        assert codes == set(), [str(d) for d in conversion.diagnostics]


def sample_element(profile: Profile, rule: Rule) -> etree._Element:
    params = {n: "1" for n in rule.template.param_names}
    params.update(profile.params)
    params["lang"] = "ru"
    instance = rule.template.instantiate(params)
    for name, (el, slot) in instance.slots.items():
        if slot.where == "element":
            el.text = "x"
        else:
            instance.fill_text(name, "x")
    return instance.root


@pytest.mark.parametrize("name", shipped_profiles())
def test_the_writer_gives_each_rules_element_back_to_that_rule(name: str) -> None:
    """No template of one rule reads the element another rule makes (unless both write alike)."""
    profile = load_profile(name)
    order = profile.writer_rules()
    confused = []
    for rule in profile.rules:
        el = sample_element(profile, rule)
        first = next(
            (r for r in order if r.template.match(el, r.write_names, profile.params)), None
        )
        if first is None:
            if rule.writes_back:
                confused.append(f"{rule.name}: no rule writes its element")
        elif first is not rule and (first.write, first.spellings) != (rule.write, rule.spellings):
            confused.append(f"{rule.name} would be written by {first.name}")
    assert confused == []


def test_the_confusion_check_can_fail() -> None:
    profile = load_profile()
    crossed = profile.rule("crossed-out")
    quotation = profile.rule("crossed-out-quotation")
    el = sample_element(profile, quotation)
    assert crossed.template.match(el, crossed.write_names) is None  # different hands
    del_el = sample_element(profile, crossed)
    del_el.attrib.pop("hand")
    assert quotation.template.match(del_el) is not None  # ... else they would be confused


# ---------------------------------------------------------------------------- user profiles


USER_PROFILE = """
name = "my-archive"
extends = "wilson-center"

[aliases]
"Lenin" = "Ulyanov"

[[bracket]]
name = "supplied"
tei = '<supplied reason="omitted-in-original" resp="#{supplier}" cert="high">{content}</supplied>'

[[bracket]]
name = "withheld"
before = "supplied"
words = ["withheld"]
tei = '<gap reason="not-declassified"/>'
write = "[{label}]"
description = "A passage the archive withheld."
example = "the [withheld] plan"

[[bracket]]
name = "romanisation"
remove = true
"""


def test_a_user_profile_extends_overrides_adds_and_removes(tmp_path: Path) -> None:
    path = tmp_path / "my-archive.toml"
    path.write_text(USER_PROFILE, encoding="utf-8")
    profile = load_profile(str(path))
    names = [r.name for r in profile.brackets]
    assert profile.extends == "wilson-center"
    assert names.index("withheld") == names.index("supplied") - 1
    assert "romanisation" not in names
    assert profile.aliases["lenin"] == "Ulyanov" and profile.aliases["filippov"] == "Stalin"
    text = (
        "After a mutual [exchange] of views the [withheld] plan of Pak Heon-yeong "
        "[Pak Hon Yong] and Lenin [Ulyanov] was read."
    )
    conversion = teikit.convert_document(text, profile=str(path))
    root = conversion.tree.getroot()
    assert root.xpath("//t:supplied[@cert='high']/text()", namespaces=NS)[0] == "exchange"
    assert root.xpath("//t:gap/@reason", namespaces=NS) == ["not-declassified"]
    assert not root.xpath("//t:reg[@type='MR']", namespaces=NS)  # the rule is gone
    assert root.xpath("//t:persName/t:choice/t:reg/text()", namespaces=NS) == ["Ulyanov"]
    assert normalised(teikit.write(conversion.tree, "transcription")) == text
    # the CLI takes the file too
    out = tmp_path / "out.xml"
    source = tmp_path / "in.txt"
    source.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["convert", str(source), "--profile", str(path), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert b'cert="high"' in out.read_bytes()


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('name = "x"\nextends = "no-such-profile"\n', "no profile named"),
        ('name = "x"\n[[bracket]]\nname = "a"\ntei = "<gap reason=\'illegible\'/>"\n'
         'context = { before = "no-such-test" }\n', "unknown word test"),
        ('name = "x"\n[[bracket]]\nname = "a"\ntei = "<gap/>"\nfrobnicate = 1\n', "unknown keys"),
        ('name = "x"\n[[bracket]]\nname = "a"\ntei = "<gap"\n', "not XML"),
        ('name = "x"\n[[bracket]]\nname = "a"\nextent = "word"\ntei = "<sic>{content}</sic>"\n',
         "needs an {extent} slot"),
        ('name = "x"\nextends = "wilson-center"\n[[bracket]]\nname = "nope"\nremove = true\n',
         "cannot remove"),
        ('name = "x"\nextends = "wilson-center"\n[[bracket]]\nname = "a"\nbefore = "nope"\n'
         'tei = "<gap/>"\n', "names no rule"),
        ("name = [", "not valid TOML"),
    ],
)
def test_bad_profiles_are_refused_clearly(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(TeikitError, match=message):
        load_profile(str(path))


def test_profiles_extending_each_other_in_a_circle_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(f'name = "a"\nextends = "{tmp_path / "b.toml"}"\n')
    (tmp_path / "b.toml").write_text(f'name = "b"\nextends = "{tmp_path / "a.toml"}"\n')
    with pytest.raises(TeikitError, match="circle"):
        load_profile(str(tmp_path / "a.toml"))


# ---------------------------------------------------------------------------- strict, explain


def test_strict_makes_an_unknown_bracket_an_error() -> None:
    text = "The ambassador handed over the note and\nleft [#3: 12-4] at noon."
    assert teikit.convert_document(text).diagnostics  # a warning without --strict
    with pytest.raises(TeikitError) as info:
        teikit.convert_document(text, name="x.txt", strict=True)
    err = info.value
    assert (err.code, err.line, err.column, err.path) == ("unknown-bracket", 2, 6, "x.txt")


def test_strict_makes_an_ambiguous_bracket_an_error() -> None:
    text = (
        "The plenum approved the Party's [general line of the last three plenums and "
        "congresses] position."
    )
    conversion = teikit.convert_document(text)
    assert [d.code for d in conversion.diagnostics] == [
        "no-metadata", "ambiguous-supplied-uncertain"
    ]
    assert conversion.diagnostics[1].column == 33
    root = conversion.tree.getroot()
    assert root.xpath("//t:supplied/@cert", namespaces=NS) == ["low"]
    with pytest.raises(TeikitError) as info:
        teikit.convert_document(text, strict=True)
    assert info.value.code == "ambiguous-bracket" and info.value.column == 33


def test_strict_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text("The minister left [#3: 12-4] at noon and did not come back.\n")
    result = CliRunner().invoke(main, ["convert", str(path), "--strict"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"{path}:1:19: error: unknown bracket '[#3: 12-4]' (rule unrecognised: bracket not "
        "recognised by any rule of the profile; kept as an editorial note with its text)"
    ]
    ok = CliRunner().invoke(main, ["convert", str(SEED_TXT), "--strict"])
    assert ok.exit_code == 0


def test_explain_records_every_bracket_of_the_seed() -> None:
    text = SEED_TXT.read_text(encoding="utf-8")
    records = teikit.explain(text)
    brackets = [r for r in records if r.kind == "bracket"]
    assert len(brackets) == text.count("[")
    rongzhen = next(r for r in brackets if "Rongzhen" in r.source)
    assert (rongzhen.line, rongzhen.column, rongzhen.rule) == (140, 18, "name-completion-after")
    assert rongzhen.source == "Nie [Rongzhen]"
    assert rongzhen.tei() == (  # the TEI in the end: the register's @ref included
        '<persName ref="#nie-rongzhen">Nie <supplied reason="completion" '
        'resp="#translator">Rongzhen</supplied></persName>'
    )
    assert all(r.tei() for r in records)
    assert [r.line for r in records] == sorted(r.line for r in records)


def test_explain_reports_dates_without_when() -> None:
    text = (
        "The delegation arrived and the talks began at once in the ministry.\n\n"
        "PYONGYANG, 08. 09. 10.\n\n6 p.m."
    )
    notes = {r.source: r.note for r in teikit.explain(text) if r.kind == "date"}
    assert notes == {
        "08. 09. 10.": "no @when: an all-numeric date whose order (day, month, year) is not known",
        "6 p.m.": "no @when: a time without a date",
    }


def test_explain_on_the_command_line(tmp_path: Path) -> None:
    source = FIXTURES / "conventions" / "wilson-center" / "romanisation.txt"
    result = CliRunner().invoke(main, ["convert", str(source), "--explain"])
    assert result.exit_code == 0
    assert "romanisation" in result.stderr and "Pak Heon-yeong [Pak Hon Yong]" in result.stderr
    assert result.stdout.startswith("<?xml")
    out = tmp_path / "out.xml"
    result = CliRunner().invoke(
        main, ["convert", str(source), "--explain", "--json", "-o", str(out)]
    )
    report = json.loads(result.stdout)
    (record,) = [r for r in report["files"][0]["explain"] if r["rule"] == "romanisation"]
    assert record["line"] == 13 and record["source"] == "Pak Heon-yeong [Pak Hon Yong]"
    assert record["tei"].startswith('<persName ref="#pak-heonyeong"><choice><reg type="RR">')


def test_conventions_list(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["conventions", "list"])
    assert result.exit_code == 0
    for rule in load_profile().rules:
        assert rule.name in result.stdout
    result = CliRunner().invoke(main, ["conventions", "list", "--profile", "frus", "--json"])
    data = json.loads(result.stdout)
    assert data["profile"] == "frus" and data["extends"] == "wilson-center"
    assert data["command"] == "conventions list" and list(data)[-1] == "summary"
    assert data["summary"] == {"rules": len(data["rules"])}
    rows = {row["name"]: row for row in data["rules"]}
    assert len(rows) == len(load_profile("frus").rules)
    assert rows["page-marker"]["tei"] == '<pb n="{n}" ed="frus"/>'
    assert rows["page-marker"]["example"] == "[Page 936]"
    bad = CliRunner().invoke(main, ["conventions", "list", "--profile", "nope"])
    assert bad.exit_code == 2 and "no profile named 'nope'" in bad.stderr


# ---------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("line", "when"),
    [
        ("13/5-50", "1950-05-13"),
        ("24.III.50", "1950-03-24"),
        ("2.Х.56 г.", "1956-10-02"),
        ("16. ИХ. 56 г.", "1956-09-16"),
        ("“15” October 1956", "1956-10-15"),
        ("1972 September 6", "1972-09-06"),
        ("26 XI 63", "1963-11-26"),
        ("Berlin, den 6. Juni 1985", "1985-06-06"),
        ("Moscow, October 14, 1962, 7 p.m.", "1962-10-14T19:00:00"),
    ],
)
def test_dates_in_every_form_found(line: str, when: str) -> None:
    text = f"The delegation arrived and the talks began at once in the ministry.\n\n{line}"
    root = teikit.convert(text).getroot()
    assert root.xpath("//t:closer//t:date/@when", namespaces=NS) == [when]
    assert normalised(teikit.write(root)) == text


# ---------------------------------------------------------------------------- layouts


def header_of(path: Path, profile: str = "wilson-center") -> etree._Element:
    conversion = teikit.convert_document(path.read_bytes(), name=path.name, profile=profile)
    assert conversion.diagnostics == []
    assert normalised(teikit.write(conversion.tree)) == normalised(path.read_text("utf-8"))
    return conversion.tree.getroot()


def xp(root: etree._Element, path: str) -> list[str]:
    out = []
    for r in root.xpath(path, namespaces=NS):  # type: ignore[union-attr]
        out.append("".join(r.itertext()) if isinstance(r, etree._Element) else str(r))
    return out


def test_current_web_page_layout() -> None:
    root = header_of(LAYOUTS / "web-current.txt")
    assert xp(root, "//t:titleStmt/t:title") == [
        "Conversation between Mao Zedong and the Soviet Ambassador"
    ]
    assert xp(root, "//t:funder") == [
        "This document was made possible with support from the Henry Luce Foundation"
    ]
    assert xp(root, "//t:availability/t:p") == [
        "The History and Public Policy Program welcomes reuse of this document."
    ]
    assert xp(root, "//t:keywords[@n='Associated Topics']/t:term") == ["Polish October"]
    assert len(xp(root, "//t:keywords[@n='Associated People & Organizations']/t:term")) == 2
    assert xp(root, "//t:abstract/t:p")[0].startswith("Mao Zedong tells the Soviet ambassador")
    assert xp(root, "//t:msIdentifier/t:repository/t:abbr") == ["APRF"]
    assert xp(root, "//t:msIdentifier/t:idno[@type='delo']") == ["331"]
    assert xp(root, "//t:respStmt/t:persName[@xml:id='translator']") == ["Sample Translator C"]
    assert xp(root, "//t:notesStmt/t:note/@n") == [
        "Author(s)", "Original Archive", "Original Uploaded Date"
    ]
    body = "".join(root.find("t:text", NS).itertext())  # type: ignore[union-attr]
    assert "Skip to content" not in body and "Document Information" not in body
    assert "Mao Zedong tells" not in body and "Henry Luce" not in body


def test_older_web_page_layout() -> None:
    root = header_of(LAYOUTS / "web-older.txt")
    assert xp(root, "//t:bibl[@type='citation']/t:title") == [
        "Note on a Conversation with the Albanian Deputy Foreign Minister"
    ]
    assert xp(root, "//t:publicationStmt/t:publisher") == [
        "History and Public Policy Program Digital Archive"
    ]
    assert xp(root, "//t:msIdentifier/t:repository/t:abbr") == ["AQPPSH"]
    assert xp(root, "//t:abstract/t:p")[0].startswith("The ambassador reports")
    body = "".join(root.find("t:text", NS).itertext())  # type: ignore[union-attr]
    assert "get citation" not in body and "English HTML" not in body
    assert body.strip().startswith("Today, 14 March")


def test_frus_heading_layout() -> None:
    path = FIXTURES / "documents" / "frus-telegram-tehran-1953.txt"
    root = header_of(path, "frus")
    (title,) = root.xpath("//t:titleStmt/t:title", namespaces=NS)
    assert title.get("n") == "79"
    assert title.text == "Telegram From the Embassy in Iran to the Department of State"
    assert xp(root, "//t:titleStmt/t:title/t:ref/@target") == ["#fn-1"]
    assert xp(root, "//t:note[@type='source']/@xml:id") == ["fn-1"]
    assert xp(root, "//t:div/@type") == ["original"]
    assert xp(root, "//t:pb/@ed") == ["frus"]


def test_an_original_in_latin_script_is_split_from_its_translation() -> None:
    root = header_of(FIXTURES / "documents" / "bstu-mfs-note-1985.txt")
    divs = root.xpath("//t:body/t:div", namespaces=NS)
    assert [(d.get("type"), d.get("{http://www.w3.org/XML/1998/namespace}lang")) for d in divs] == [
        ("original", "de"), ("translation", "en")
    ]
    original, translation = ("".join(d.itertext()) for d in divs)
    assert "Das Gespräch fand" in original and "Mielke" in original.split("Gruß")[1]
    assert translation.strip().startswith("Top Secret!")
    assert "Das Gespräch" not in translation


def test_a_translation_alone_has_no_original_container() -> None:
    root = header_of(FIXTURES / "documents" / "mol-report-pyongyang-1972.txt")
    assert xp(root, "//t:body/t:div/@type") == ["translation"]
