"""Finding and normalising dates in transcriptions, in the forms archives use.

One module for every date teikit reads: the metadata date line (``September 19,
1956``), datelines (``19 September 1956``, ``19.IX-56 г.``, the OCR form
``19.1X-56г.``, ``2.Х.56 г.`` with a Cyrillic Х, ``16. ИХ. 56 г.``, ``13/5-50``,
``24.III.50``, ``26 XI 63``, ``“15” October 1956``, ``1972 September 6``,
``Berlin, den 6. Juni 1985``), dates in running text in English, Russian, Polish,
German and Hungarian, with the year left out or given, and a time after a date
(``October 14, 1962, 7 p.m.``).  Values are normalised to ISO 8601 (``@when``).
A time alone (``6 p.m.``) and an all-numeric date whose order is unknown
(``08. 09. 10.``) are found as date phrases without a value.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

# Month names by language and form, one column each (January first); a correction
# is written in the column of the name it corrects ("августа" becomes "сентября").
_MONTH_COLUMNS: dict[str, tuple[str | None, ...]] = {
    "en": ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"),
    "en-abbr": ("jan", "feb", "mar", "apr", None, "jun", "jul", "aug", "sep", "oct", "nov",
                "dec"),
    "en-abbr4": (None, None, None, None, None, None, None, None, "sept", None, None, None),
    "ru-gen": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
               "сентября", "октября", "ноября", "декабря"),
    "ru-nom": ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
               "сентябрь", "октябрь", "ноябрь", "декабрь"),
    "pl-gen": ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca",
               "sierpnia", "września", "października", "listopada", "grudnia"),
    "de": ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august",
           "september", "oktober", "november", "dezember"),
    "hu": ("január", "február", "március", "április", "május", "június", "július",
           "augusztus", "szeptember", "október", "november", "december"),
}
MONTHS: dict[str, int] = {
    name: num
    for column in _MONTH_COLUMNS.values()
    for num, name in enumerate(column, start=1)
    if name is not None
}
ENGLISH_MONTHS = [calendar.month_name[i] for i in range(1, 13)]

_ABBREVIATIONS = {
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
}
_full_alt = "|".join(
    sorted((re.escape(m) for m in MONTHS if m not in _ABBREVIATIONS), key=len, reverse=True)
)
_abbr_alt = "|".join(sorted(_ABBREVIATIONS, key=len, reverse=True))
_MONTH = rf"(?P<month>(?:{_full_alt})(?!\w)|(?:{_abbr_alt})\.?(?!\w))"
# Roman month numerals, with the OCR confusions seen in Soviet typescripts:
# Cyrillic Х for X, 1 or l or І for I, И for I, У for V, Ш for III.
_ROMAN = r"(?P<roman>[IVXХ1lІИУШ]{1,4})"
_DAY = r"(?P<day>[0-3]?\d)"
_YEAR4 = r"(?P<year>1[6-9]\d\d|20\d\d)"
_YEAR_ANY = r"(?P<year>1[6-9]\d\d|20\d\d|\d\d)"
_QUOTE_OPEN = '["“„«]?'
_QUOTE_CLOSE = '["”»]?'
_YEAR_SUFFIX = r"(?:\s?(?:г\.|гг\.|r\.|года|год))?"

_FORMS: list[tuple[str, re.Pattern[str]]] = [
    # September 19, 1956
    # (the lookahead, a word then a number, spares the long alternation at most words)
    (
        "month-day-year",
        re.compile(rf"\b(?=[^\W\d_]{{3,13}}\.?\s+\d){_MONTH}\s+{_DAY},?\s+{_YEAR4}\b", re.I),
    ),
    # 1972 September 6 / 1957. március 3.
    ("year-month-day", re.compile(rf"\b{_YEAR4}\.?\s+{_MONTH}\s+{_DAY}\b\.?", re.I)),
    # 19 September 1956, 19 августа, “15” October 1956, 14 kwietnia 1958 r., 6. Juni 1985
    (
        "day-month-year",
        re.compile(
            rf"(?<![\w.]){_QUOTE_OPEN}{_DAY}\.?{_QUOTE_CLOSE}\s+{_MONTH}"
            rf"(?:\s+{_YEAR4}{_YEAR_SUFFIX})?(?!\w)",
            re.I,
        ),
    ),
    # 19.IX-56 г., 19.1X-56г., 2.Х.56 г., 24.III.50, 16. ИХ. 56 г., 19.1X
    (
        "day-roman-year",
        re.compile(
            rf"(?<![\w.]){_DAY}\.\s?{_ROMAN}(?:[.\-]\s?{_YEAR_ANY}(?!\d)\.?{_YEAR_SUFFIX})?"
            rf"(?![\wА-я])",
        ),
    ),
    # 26 XI 63 (spaces for dots: only with a year)
    (
        "day-roman-year-spaced",
        re.compile(rf"(?<![\w.]){_DAY} {_ROMAN} {_YEAR_ANY}(?![\wА-я])"),
    ),
    # 13/5-50
    ("day/month-year", re.compile(rf"(?<![\w/]){_DAY}/(?P<mon>[01]?\d)-{_YEAR_ANY}(?![\w/])")),
    # 14.04.1958
    ("dd.mm.yyyy", re.compile(rf"(?<![\w.]){_DAY}\.(?P<mon>[01]?\d)\.{_YEAR4}(?![\w.])")),
]

_ROMAN_OCR = str.maketrans({"Х": "X", "1": "I", "l": "I", "І": "I", "И": "I", "У": "V"})
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def roman_month(token: str) -> int | None:
    """Return the month for a Roman numeral (with typescript OCR confusions), else None."""
    text = token.translate(_ROMAN_OCR).replace("Ш", "III")
    if not text or any(ch not in _ROMAN_VALUES for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN_VALUES[ch]
        nxt = _ROMAN_VALUES[text[i + 1]] if i + 1 < len(text) else 0
        total += -value if value < nxt else value
    canonical = _to_roman(total) if 1 <= total <= 12 else None
    return total if canonical == text else None


def _to_roman(num: int) -> str:
    out = ""
    for value, sym in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while num >= value:
            out += sym
            num -= value
    return out


@dataclass(frozen=True)
class DateValue:
    """A calendar date, possibly without a year (or a day)."""

    year: int | None
    month: int
    day: int | None = None
    hour: int | None = None
    minute: int | None = None

    def is_valid(self) -> bool:
        """True when month and day exist (29 February only in leap years)."""
        if not 1 <= self.month <= 12:
            return False
        if self.day is None:
            return True
        year = self.year if self.year is not None else 2000  # a leap year
        return 1 <= self.day <= calendar.monthrange(year, self.month)[1]

    def iso(self) -> str:
        """ISO 8601 form for ``@when``: YYYY-MM-DD, YYYY-MM, or --MM-DD without a year.

        A time is added (``YYYY-MM-DDThh:mm:00``) only to a complete date.
        """
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}" if self.day else f"--{self.month:02d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        date = f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.hour is not None:
            return f"{date}T{self.hour:02d}:{self.minute or 0:02d}:00"
        return date

    def with_year(self, year: int | None) -> DateValue:
        """The same date with ``year`` filled in when it had none."""
        return self if self.year is not None or year is None else replace(self, year=year)

    def ordinal(self) -> int | None:
        """Days since 0001-01-01 for a complete date, else None."""
        if self.year is None or self.day is None or not self.is_valid():
            return None
        import datetime

        return datetime.date(self.year, self.month, self.day).toordinal()


@dataclass(frozen=True)
class DateMatch:
    """A date found in a text: where it is, what it says, and in which form."""

    start: int
    end: int
    text: str
    value: DateValue
    form: str
    date_end: int | None = None  # where the date ends when a time follows it

    @property
    def date_text(self) -> str:
        """The date without the time that follows it."""
        return self.text if self.date_end is None else self.text[: self.date_end - self.start]


def _year(raw: str | None, default_year: int | None) -> int | None:
    if raw is None:
        return default_year
    year = int(raw)
    if len(raw) == 2:
        century = (default_year // 100) * 100 if default_year else 1900
        year += century
    return year


def _value(form: str, m: re.Match[str], default_year: int | None) -> DateValue | None:
    groups = m.groupdict()
    if groups.get("month"):
        month = MONTHS.get(groups["month"].rstrip(".").lower())
    elif groups.get("roman"):
        month = roman_month(groups["roman"])
    else:
        month = int(groups["mon"])
    if month is None:
        return None
    day = int(groups["day"]) if groups.get("day") else None
    value = DateValue(_year(groups.get("year"), default_year), month, day)
    return value if value.is_valid() else None


def find_dates(text: str, default_year: int | None = None) -> list[DateMatch]:
    """Every date in ``text``, left to right, without overlaps (the longest wins).

    A date without a year takes ``default_year`` when one is given.
    """
    found: list[DateMatch] = []
    for form, pattern in _FORMS:
        for m in pattern.finditer(text):
            value = _value(form, m, default_year)
            if value is not None:
                found.append(DateMatch(m.start(), m.end(), m.group(), value, form))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    result: list[DateMatch] = []
    for d in found:
        if result and d.start < result[-1].end:
            continue
        result.append(d)
    return [_with_time(text, d) for d in result]


_TIME = re.compile(
    r"(?<![\w.:])(?P<hour>[0-2]?\d)(?:[.:](?P<minute>[0-5]\d))?\s?"
    r"(?:(?P<ampm>[AaPp])\.?\s?[Mm]\.?(?!\w)|(?:Uhr|h|hours|hrs\.?|óra|godz\.|час\.|ч\.)(?!\w))"
)
_TIME_JOIN = re.compile(r"(?:,\s?|\s(?:at|um|o|в|à)\s|\s)")
# 08. 09. 10.: day, month and year in some order that the text does not say
_NUMERIC = re.compile(r"(?<![\w.])\d\d\. ?\d\d\. ?\d\d\.?(?![\w.])")


def _time(m: re.Match[str]) -> tuple[int, int] | None:
    hour = int(m.group("hour"))
    minute = int(m.group("minute") or 0)
    ampm = (m.group("ampm") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    return (hour, minute) if hour <= 23 else None


def _with_time(text: str, d: DateMatch) -> DateMatch:
    """``d`` extended by a time that follows it (``, 7 p.m.``, `` at 7 A. M.``)."""
    join = _TIME_JOIN.match(text, d.end)
    if join is None:
        return d
    m = _TIME.match(text, join.end())
    found = _time(m) if m else None
    if m is None or found is None:
        return d
    value = replace(d.value, hour=found[0], minute=found[1])
    return DateMatch(d.start, m.end(), text[d.start : m.end()], value, d.form, d.end)


@dataclass(frozen=True)
class DatePhrase:
    """A date or time found in a text; ``value`` is None when it cannot be normalised."""

    start: int
    end: int
    text: str
    value: DateValue | None
    note: str = ""


def find_phrases(text: str, default_year: int | None = None) -> list[DatePhrase]:
    """Dates (with a time after them), times alone and all-numeric dates of unknown order.

    Only the dates have a value; the others say in ``note`` why they have none.
    """
    found = [
        DatePhrase(d.start, d.end, d.text, d.value) for d in find_dates(text, default_year)
    ]
    for m in _TIME.finditer(text):
        if _time(m) is not None:
            found.append(DatePhrase(m.start(), m.end(), m.group(), None, "a time without a date"))
    for m in _NUMERIC.finditer(text):
        found.append(
            DatePhrase(
                m.start(), m.end(), m.group(), None,
                "an all-numeric date whose order (day, month, year) is not known",
            )
        )
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    result: list[DatePhrase] = []
    for d in found:
        if result and d.start < result[-1].end:
            continue
        result.append(d)
    return result


def parse_when(text: str, default_year: int | None = None) -> tuple[str | None, str]:
    """The ``@when`` of a date phrase (None with the reason when there is none)."""
    stripped = text.strip()
    for d in find_phrases(stripped, default_year):
        if d.start == 0 and d.end == len(stripped):
            if d.value is None:
                return None, d.note
            if not d.value.is_valid():
                return None, "not a real date"
            return d.value.iso(), ""
    return None, "not a date teikit knows how to read"


def iter_dates(text: str, default_year: int | None = None) -> Iterator[DateMatch]:
    """Iterate over :func:`find_dates`."""
    yield from find_dates(text, default_year)


def parse_date(text: str, default_year: int | None = None) -> DateValue | None:
    """The date that ``text`` consists of (surrounding spaces allowed), else None."""
    stripped = text.strip()
    for d in find_dates(stripped, default_year):
        if d.start == 0 and d.end == len(stripped):
            return d.value
    return None


def format_like(model: DateMatch, value: DateValue) -> str:
    """Write ``value`` in the same form and language as ``model`` (for corrections).

    Only the parts that differ are rewritten: ``19 August`` corrected to
    September becomes ``19 September``.
    """
    text = model.text
    old = model.value
    if old.month != value.month:
        if model.form in ("month-day-year", "year-month-day", "day-month-year"):
            m = re.search(_MONTH, text, re.I)
            if m:
                name = m.group("month")
                new = _month_name_like(name, value.month)
                text = text[: m.start()] + new + text[m.end() :]
        else:
            text = _replace_field(text, model.form, "month", value.month)
    if old.day != value.day and value.day is not None:
        text = _replace_field(text, model.form, "day", value.day)
    if old.year != value.year and value.year is not None and model.value.year is not None:
        m = re.search(r"\d{4}", text)
        if m:
            text = text[: m.start()] + f"{value.year:04d}" + text[m.end() :]
    return text


def _month_name_like(name: str, month: int) -> str:
    """The name of ``month`` in the language and form of the month name ``name``."""
    bare = name.rstrip(".").lower()
    new = ENGLISH_MONTHS[month - 1].lower()
    for column in _MONTH_COLUMNS.values():
        if bare in column:
            new = column[month - 1] or _MONTH_COLUMNS["en"][month - 1] or new
            break
    if name[:1].isupper():
        new = new[:1].upper() + new[1:]
    return new + ("." if name.endswith(".") else "")


def _replace_field(text: str, form: str, field: str, value: int) -> str:
    for f, pattern in _FORMS:
        if f != form:
            continue
        m = pattern.match(text)
        if not m:
            break
        key = field
        if field == "month":
            key = "roman" if m.groupdict().get("roman") else "mon"
        if m.groupdict().get(key) is None:
            break
        new = _to_roman(value) if key == "roman" else str(value)
        return text[: m.start(key)] + new + text[m.end(key) :]
    return text
