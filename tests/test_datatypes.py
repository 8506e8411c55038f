"""The error pass's XML Schema datatype check gives xmlschema's own verdict, faster."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teikit.validate.rngload import _xsd_types, xsd_valid

XS = "{http://www.w3.org/2001/XMLSchema}"
# every datatype tei_all uses, and a few more from user schemas
TYPES = [
    "token", "anyURI", "nonNegativeInteger", "positiveInteger", "boolean", "Name", "double",
    "string", "decimal", "NCName", "date", "dateTime", "time", "gYearMonth", "gYear",
    "gMonthDay", "gMonth", "gDay", "language", "float", "ID", "IDREF", "integer", "duration",
    "NMTOKEN", "normalizedString",
]
TRICKY = [
    "", " ", " 12 ", "-0", "+5", "05", "1e5", "1.", ".5", "1,5", "INF", "+INF", "-INF", "NaN",
    "2020-02-29", "2020-02-30", "1900-02-29", "0000-01-01", "-0044-03-15", "12020-01-01",
    "2020-13-01", "2020-01-01Z", "2020-01-01+14:00", "2020-01-01+15:00", "24:00:00",
    "23:59:60", "12:00:00.5", "2020-01-01T24:00:00", "--02-29", "--13", "---31", "---32",
    "P1Y", "P", "PT", "P1Y2M3DT4H5M6.7S", "en-GB", "x-abc", "toolonglanguage", "a b",
    "http://x y", "%zz", "a%20b", "#frag", "#a #b", "[::1]", "\\", "<", "true", "TRUE",
    "01", "\u0663", "\U0001d7d8", "ab:cd", ":ab", "1ab", "_x", "-x", "x\u00b7y", "\u00e9t\u00e9",
]


@pytest.mark.parametrize("name", TYPES)
def test_tricky_values_get_xmlschemas_verdict(name: str) -> None:
    kind = _xsd_types()[XS + name]
    verdicts = [xsd_valid(kind, value) for value in TRICKY]
    assert verdicts == [bool(kind.is_valid(value)) for value in TRICKY]


def test_the_tricky_values_are_both_valid_and_invalid() -> None:
    kinds = _xsd_types()
    for name in ("date", "nonNegativeInteger", "NCName", "double", "language"):
        verdicts = {xsd_valid(kinds[XS + name], value) for value in TRICKY}
        assert verdicts == {True, False}, name


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(TYPES),
    st.text(alphabet=st.sampled_from("0123456789-+.:eETZPYMDHS #abx\u0663 "), max_size=14),
)
def test_generated_values_get_xmlschemas_verdict(name: str, value: str) -> None:
    kind = _xsd_types()[XS + name]
    assert xsd_valid(kind, value) == bool(kind.is_valid(value))
