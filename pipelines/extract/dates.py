"""Publication dates from structured metadata and from visible text.

Two entry points, both returning ISO 8601 strings: ``"YYYY-MM-DD"`` when the
source carries no time of day, ``"YYYY-MM-DDTHH:MM:SS"`` (plus ``+HH:MM`` when
the source gave an offset or a zone name) when it does.

``parse_iso`` is for structured values (``article:published_time``,
JSON-LD ``datePublished``, RSS ``pubDate``). It tries, in order:
``datetime.fromisoformat`` (ISO 8601, basic or extended, ``Z``), then
``RFC_822`` through dateparser, then ``parse_date``.

``parse_date`` is for visible text such as "Published: 14 June 2017". It
applies, in order:

1. ``DATE_LABEL`` strips labels ("Published:", "Posted on", "Last updated",
   "Veröffentlicht am", "Publié le", "Date:"), repeatedly.
2. Rejections: ``COPYRIGHT`` ("© 2019"), ``VERSION_STRING`` ("v2.3.1",
   "?ver=20240101"), ``BARE_NUMBER`` ("2017", "20240101"), ``YEAR_RANGE``
   ("2017-18"), dotted or slashed triples whose year part is not 2 or 4 digits
   (``NUMERIC_TRIPLE``), and text with neither a year (``YEAR``) nor a
   relative expression (``RELATIVE``). "14 June" without a year is rejected
   rather than guessed.
3. dateparser, in the given languages it has data for (``KNOWN_LANGUAGES``;
   else ``DEFAULT_LANGUAGES``), with ``DATE_ORDER`` (default ``"DMY"``: this
   archive reads UK and European titles; pass ``"MDY"`` for US-style sites),
   ``RELATIVE_BASE`` (``base``, default now), ``PREFER_DAY_OF_MONTH="first"``,
   ``PREFER_DATES_FROM="past"`` and ``REQUIRE_PARTS=["month", "year"]`` for
   absolute dates. ``RETURN_AS_TIMEZONE_AWARE`` is False unless ``ZONE``
   finds an explicit offset or zone name, which is then kept.
4. ``TIME_OF_DAY`` (or a relative amount in hours/minutes) decides whether a
   time is returned; ``is_plausible`` drops dates before 1990 or more than two
   days after ``base``.

``find_date_in_text`` runs the ``CANDIDATE_PATTERNS`` over a short line,
tries the matches earliest first (longest first at the same position) with
``parse_date`` and returns the first that parses, with the matched text.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

from dateparser import DateDataParser
from dateparser.data.languages_info import language_order

EARLIEST_YEAR = 1990
FUTURE_TOLERANCE = timedelta(days=2)
DEFAULT_DATE_ORDER = "DMY"
# Languages tried when a page does not say its own (trying every locale is slow and error-prone).
DEFAULT_LANGUAGES = ("en", "de", "fr", "es")
# The languages dateparser has data for: it refuses any other ("la", "wa", "xx") with an error.
KNOWN_LANGUAGES = frozenset(language_order)

_MONTHS = (
    r"(?:jan(?:uary|uar|vier)?|feb(?:ruary|ruar)?|févr(?:ier)?|fév|m(?:ar(?:ch|s)?|ärz|aerz)|"
    r"apr(?:il)?|avr(?:il)?|may|mai|jun(?:e|i)?|juin|jul(?:y|i)?|juil(?:let)?|aug(?:ust)?|août|"
    r"sep(?:t(?:ember|embre)?)?|oct(?:ober|obre)?|okt(?:ober)?|nov(?:ember|embre)?|"
    r"dec(?:ember)?|dez(?:ember)?|déc(?:embre)?|"
    r"enero|febrero|marzo|abr(?:il)?|mayo|junio|julio|agosto|se(?:p)?tiembre|octubre|"
    r"noviembre|diciembre|"
    # Dutch, Italian and Portuguese (the others' shared names above)
    r"januari|februari|maart|mei|augustus|"
    r"gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
    r"janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|dezembro)\.?"
)
_WEEKDAYS = (
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"lunes|martes|miércoles|jueves|viernes|sábado|domingo|"
    r"maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|"
    r"lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|"
    r"segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira"
)
_ZONE = r"(?:Z|UTC|GMT|BST|CET|CEST|MEZ|MESZ|[+-]\d{2}:?\d{2})"
_TIME = (
    rf"\d{{1,2}}(?:[:h]\d{{2}}|\.\d{{2}}(?=\s*(?:Uhr|[ap]\.?m)))(?::\d{{2}})?"
    rf"(?:\s*(?:[ap]\.?m\.?|Uhr))?(?:\s*{_ZONE})?|\d{{1,2}}\s*[ap]\.?m\.?"
)
_TIME_SUFFIX = rf"(?:,?\s*(?:at|um|à|-|–|—)?\s*(?:{_TIME}))?"

# --- labels and rejections (steps 1-2) -------------------------------------
DATE_LABEL = re.compile(
    r"^\s*(?:(?:first|last)\s+)?(?:published|posted|updated|modified|dated|date|"
    r"veröffentlicht|aktualisiert|zuletzt\s+aktualisiert|erschienen|stand|"
    r"publié|mis\s+à\s+jour|date\s+de\s+publication|publicado|actualizado|"
    r"fecha\s+de\s+publicación)"
    r"\s*(?:on|at|am|um|le|el|:)?\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
COPYRIGHT = re.compile(r"©|\(c\)\s*\d|\bcopyright\b", re.IGNORECASE)
VERSION_STRING = re.compile(
    r"\bv(?:er(?:sion)?)?\.?\s?\d+(?:\.\d+)+|[?&](?:v|ver|version|rev|cb)=", re.IGNORECASE
)
BARE_NUMBER = re.compile(r"^\d+$")
YEAR_RANGE = re.compile(r"^\d{4}\s*[-–/]\s*\d{2}(?:\d{2})?$")
NUMERIC_TRIPLE = re.compile(r"^\d{1,4}([./-])\d{1,2}\1(\d+)$")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
RELATIVE = re.compile(
    r"\bago\b|\byesterday\b|\btoday\b|\bjust now\b|\bvor\s+\d+\s+\w+|\bgestern\b|\bheute\b|"
    r"\bil y a\b|\bhier\b|\baujourd['’]hui\b",
    re.IGNORECASE,
)
RELATIVE_WITH_TIME = re.compile(
    r"\b(?:hours?|hrs?|minutes?|mins?|seconds?|secs?|stunden?|minuten?|heures?)\b|\bjust now\b",
    re.IGNORECASE,
)
TIME_OF_DAY = re.compile(rf"(?<![\d.]){_TIME}", re.IGNORECASE)
ZONE = re.compile(r"(?:\d|\s)(?:Z|UTC|GMT|BST|CET|CEST|MEZ|MESZ|[+-]\d{2}:?\d{2})\b")
ISO_DATE_ONLY = re.compile(r"^\d{4}-?\d{2}-?\d{2}$")
RFC_822 = re.compile(
    r"^(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3,9}\s+\d{4}"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[+-]\d{4}|[A-Z]{1,5}))?)?$"
)

# --- candidates for find_date_in_text --------------------------------------
DATE_ISO = re.compile(
    r"(?<!\d)\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
DATE_DAY_MONTH_YEAR = re.compile(
    rf"(?:\b(?:{_WEEKDAYS}),?\s+)?\b\d{{1,2}}(?:st|nd|rd|th|\.)?\s+(?:of\s+|de\s+)?{_MONTHS}(?!\w),?"
    rf"\s+(?:de\s+|del\s+)?(?:19|20)\d{{2}}(?!\d){_TIME_SUFFIX}",
    re.IGNORECASE,
)
DATE_MONTH_DAY_YEAR = re.compile(
    rf"(?:\b(?:{_WEEKDAYS}),?\s+)?\b{_MONTHS}(?!\w)\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+"
    rf"(?:19|20)\d{{2}}(?!\d){_TIME_SUFFIX}",
    re.IGNORECASE,
)
DATE_NUMERIC = re.compile(
    rf"(?<![\d.,/-])\d{{1,2}}([./-])\d{{1,2}}\1(?:\d{{4}}|\d{{2}})(?![\d./-]){_TIME_SUFFIX}",
    re.IGNORECASE,
)
# "2025/03/04": year first, as South Africa, Japan and China write it
DATE_YEAR_FIRST_SLASHED = re.compile(r"(?<![\d/])(?:19|20)\d{2}/\d{1,2}/\d{1,2}(?![\d/])")
DATE_MONTH_YEAR = re.compile(rf"\b{_MONTHS}(?!\w)\s+(?:19|20)\d{{2}}(?!\d)", re.IGNORECASE)
# "22-Apr-2025", "22/Apr/2025": day, month name and year joined by one separator
DATE_DAY_MONTH_YEAR_JOINED = re.compile(
    rf"(?<![\w-])\d{{1,2}}([-/]){_MONTHS}\1(?:19|20)\d{{2}}(?!\d)", re.IGNORECASE)
DATE_RELATIVE = re.compile(
    r"\b\d+\s+(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago\b|\byesterday\b|\btoday\b|"
    r"\bvor\s+\d+\s+(?:Minuten|Stunden|Tagen|Wochen|Monaten)\b|"
    r"\bil y a\s+\d+\s+(?:minutes?|heures?|jours?|semaines?|mois)\b",
    re.IGNORECASE,
)
# Every candidate pattern needs a digit but for these two alternatives of DATE_RELATIVE: a
# line with neither cannot hold a date (a first look, the patterns being many and long).
DIGIT = re.compile(r"\d")
DIGITLESS_DATE = re.compile(r"\byesterday\b|\btoday\b", re.IGNORECASE)
CANDIDATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    DATE_ISO,
    DATE_YEAR_FIRST_SLASHED,
    DATE_DAY_MONTH_YEAR,
    DATE_DAY_MONTH_YEAR_JOINED,
    DATE_NUMERIC,
    DATE_MONTH_DAY_YEAR,
    DATE_MONTH_YEAR,
    DATE_RELATIVE,
)


def strip_labels(text: str) -> str:
    """Remove leading date labels ("Published:", "Posted on", ...) and surrounding noise."""
    text = " ".join((text or "").split()).strip(" |•·,;")
    while True:
        stripped = DATE_LABEL.sub("", text, count=1)
        if stripped == text:
            return text
        text = stripped


def is_plausible(value: datetime, base: datetime | None = None) -> bool:
    """A publication date is not before 1990 nor more than two days in the future."""
    naive = value.replace(tzinfo=None)
    try:
        limit = (base.replace(tzinfo=None) if base else datetime.now()) + FUTURE_TOLERANCE
    except OverflowError:  # a base in the last days of the year 9999
        limit = datetime.max
    return naive.year >= EARLIEST_YEAR and naive <= limit


# The commonest visible dates, read without dateparser (which costs ~1 ms a call): English
# month names, or all-numeric with the site's day/month order. Anything else goes to dateparser.
ENGLISH_MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for name in names}
_FAST_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*,?\s+)?"
# an optional time of day after the date, without a zone (a zone goes to dateparser)
_FAST_TIME = r"(?:,?\s+(?:at\s+)?(\d{1,2})[:.](\d{2})\s*([ap])?\.?m?\.?)?"
FAST_DAY_MONTH_YEAR = re.compile(
    rf"^{_FAST_WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{{4}}){_FAST_TIME}$", re.I)
FAST_MONTH_DAY_YEAR = re.compile(
    rf"^{_FAST_WEEKDAY}([a-z]+)\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}){_FAST_TIME}$", re.I)
FAST_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$")
FAST_AGO = re.compile(r"^(\d+|an?|one)\s+(min|minute|hr|hour|day|week)s?\s+ago$", re.I)
AGO_UNITS = {"min": timedelta(minutes=1), "minute": timedelta(minutes=1),
             "hr": timedelta(hours=1), "hour": timedelta(hours=1), "day": timedelta(days=1),
             "week": timedelta(weeks=1)}


def _fast_date(text: str, date_order: str | None) -> tuple[datetime, bool] | None:
    """A date (and whether it has a time of day) in one of the commonest forms, or None to
    ask dateparser."""
    try:
        if match := FAST_DAY_MONTH_YEAR.match(text):
            day, month, year, *clock = match.groups()
            return _with_clock(datetime(int(year), ENGLISH_MONTHS[month.lower()], int(day)), clock)
        if match := FAST_MONTH_DAY_YEAR.match(text):
            month, day, year, *clock = match.groups()
            return _with_clock(datetime(int(year), ENGLISH_MONTHS[month.lower()], int(day)), clock)
        if (match := FAST_NUMERIC.match(text)) and (date_order or DEFAULT_DATE_ORDER) != "YMD":
            first, _, second, year = match.groups()
            day, month = (first, second) if (date_order or DEFAULT_DATE_ORDER) == "DMY" else (
                second, first)
            return datetime(int(year), int(month), int(day)), False
    except (KeyError, ValueError):  # not an English month, or no such day
        return None
    return None


def _with_clock(day: datetime, clock: list[str | None]) -> tuple[datetime, bool]:
    hour, minute, half = clock
    if hour is None or minute is None:
        return day, False
    number = int(hour)
    if half:  # 12-hour clock: 12:15 am is 00:15, 12:30 pm is 12:30, 7 pm is 19
        number = number % 12 + (12 if half.lower() == "p" else 0)
    return day.replace(hour=number, minute=int(minute)), True


def _fast_ago(text: str, base: datetime | None) -> tuple[datetime, bool] | None:
    """ "3 days ago", "an hour ago" against the fetch time (or now): the time and whether it
    has a time of day, or None to ask dateparser."""
    match = FAST_AGO.match(text)
    if not match:
        return None
    count = 1 if match.group(1).lower() in ("a", "an", "one") else int(match.group(1))
    unit = match.group(2).lower()
    try:
        when = (base or datetime.now()).replace(tzinfo=None) - count * AGO_UNITS[unit]
    except OverflowError:  # "9999999999 days ago", or before the year 1: no plausible date
        when = datetime.min
    return when, unit in ("min", "minute", "hr", "hour")


def _format(value: datetime, with_time: bool) -> str:
    if not with_time:
        return value.date().isoformat()
    return value.isoformat(timespec="seconds")


def _rejected(text: str) -> bool:
    if not text or len(text) > 80 or COPYRIGHT.search(text) or VERSION_STRING.search(text):
        return True
    if BARE_NUMBER.match(text) or YEAR_RANGE.match(text):
        return True
    triple = NUMERIC_TRIPLE.match(text)
    if triple and len(triple.group(2)) not in (2, 4) and not text[:4].isdigit():
        return True
    return not (YEAR.search(text) or triple or RELATIVE.search(text))


# Where numeric dates are written month first ("3/4/2025" is the 4th of March); the languages
# that write them year first; everywhere else, day first (DEFAULT_DATE_ORDER).
MONTH_FIRST_REGIONS = frozenset({"US", "PH", "PW", "FM", "MH", "AS", "GU", "PR", "VI"})
YEAR_FIRST_LANGUAGES = frozenset({"zh", "ja", "ko", "hu", "lt", "mn"})


# Two numbers of a numeric date and its year: "3/11/2025", "13.04.06"
NUMERIC_DAY_MONTH = re.compile(
    r"(?<![\d.,/-])(\d{1,2})([./-])(\d{1,2})\2(?:\d{4}|\d{2})(?![\d/-]|\.\d)")
# A numeric date that proves its order (a number over 12 is a day) counts for this many dates
# whose month is written out.
PROOF_WEIGHT = 3


def numeric_order_of(text: str) -> str | None:
    """The order of numeric dates on a page of no known region, from its other dates: a numeric
    date with a first number over 12 is day-first, with a second over 12 month-first; a date
    written "March 11, 2025" counts for month-first and "11 March 2025" for day-first (a
    proof outweighs several of those). None when the page has no ambiguous numeric date or
    its dates do not tell.

    >>> numeric_order_of("Posted 3/11/2025. Earlier: 3/19/2025")
    'MDY'
    >>> numeric_order_of("Posted 3/11/2025 · More: 18 February 2025, 4 March 2025")
    'DMY'
    """
    pairs = [(int(m[1]), int(m[3])) for m in NUMERIC_DAY_MONTH.finditer(text)]
    if not any(first <= 12 and second <= 12 for first, second in pairs):
        return None  # (nothing to decide)
    day_first = PROOF_WEIGHT * sum(1 for a, b in pairs if 12 < a <= 31 and 1 <= b <= 12)
    month_first = PROOF_WEIGHT * sum(1 for a, b in pairs if 12 < b <= 31 and 1 <= a <= 12)
    day_first += len(DATE_DAY_MONTH_YEAR.findall(text))
    month_first += len(DATE_MONTH_DAY_YEAR.findall(text))
    return "MDY" if month_first > day_first else "DMY" if day_first > month_first else None


def is_ambiguous(text: str | None) -> bool:
    """Whether ``text`` holds a numeric date either of whose first two numbers may be the
    month ("3/11/2025"; not "3/3/2025" or "13/11/2025")."""
    return any(int(m[1]) <= 12 and int(m[3]) <= 12 and m[1] != m[3]
               for m in NUMERIC_DAY_MONTH.finditer(text or ""))


def date_order_for(language: str | None, region: str | None) -> str | None:
    """The order of numeric dates on a page of this language and region, if they tell."""
    if region in MONTH_FIRST_REGIONS:
        return "MDY"
    if language in YEAR_FIRST_LANGUAGES:
        return "YMD"
    return None


def parse_date(
    text: str,
    *,
    languages: list[str] | None = None,
    date_order: str | None = None,
    base: datetime | None = None,
) -> str | None:
    """Visible date text -> ISO 8601 string, or None when it is not a plausible date.

    >>> parse_date("Published: 14 June 2017")
    '2017-06-14'
    >>> parse_date("3 days ago", base=datetime(2024, 3, 20, 12, 0))
    '2024-03-17'
    """
    text = strip_labels(text)
    if _rejected(text):
        return None
    relative = bool(RELATIVE.search(text)) and not YEAR.search(text)
    if relative and base is None:
        return None  # "3 days ago" means nothing without the time the page was read
    if relative and (ago := _fast_ago(text.strip(), base)) is not None:
        return _format(ago[0], ago[1]) if is_plausible(ago[0], base) else None
    if not relative and (fast := _fast_date(text.strip(), date_order)) is not None:
        return _format(fast[0], fast[1]) if is_plausible(fast[0], base) else None
    has_zone = bool(ZONE.search(text))
    settings: dict[str, Any] = {
        "DATE_ORDER": date_order or DEFAULT_DATE_ORDER,
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "past",
    }
    if base is not None and relative:  # only relative dates need it; it would defeat the cache
        settings["RELATIVE_BASE"] = base.replace(tzinfo=None)
    if not relative:
        settings["REQUIRE_PARTS"] = ["month", "year"]
    if not has_zone:  # with a zone, dateparser's default keeps the offset that was given
        settings["RETURN_AS_TIMEZONE_AWARE"] = False
    known = tuple(lang for lang in languages or () if lang in KNOWN_LANGUAGES)
    parsed = _date_parser(known or DEFAULT_LANGUAGES,
                          tuple(sorted((k, _hashable(v)) for k, v in settings.items()))
                          ).get_date_data(text).date_obj
    if parsed is None or not is_plausible(parsed, base):
        return None
    if relative:
        with_time = bool(RELATIVE_WITH_TIME.search(text))
    else:
        with_time = bool(TIME_OF_DAY.search(YEAR.sub(" ", text)))
    return _format(parsed, with_time)


@lru_cache(maxsize=64)
def _date_parser(languages: tuple[str, ...], settings: tuple) -> DateDataParser:
    """dateparser's parser for these languages and settings, built once per process: building
    one loads and compiles its locale data, which costs far more than a parse."""
    return DateDataParser(languages=list(languages),
                          settings={k: list(v) if isinstance(v, tuple) else v for k, v in settings})


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def parse_iso(value: str, *, base: datetime | None = None) -> str | None:
    """Structured metadata value -> normalised ISO 8601 string, or None.

    >>> parse_iso("2017-06-14T08:00:00Z")
    '2017-06-14T08:00:00+00:00'
    >>> parse_iso("Wed, 14 Jun 2017 08:00:00 +0100")
    '2017-06-14T08:00:00+01:00'
    """
    value = " ".join((value or "").split())
    if not value or len(value) > 64:
        return None
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is not None:
        if not is_plausible(parsed, base) or _odd_offset(parsed):
            return None
        return _format(parsed, with_time=not ISO_DATE_ONLY.match(value))
    if RFC_822.match(value):  # RSS: "Wed, 14 Jun 2017 08:00:00 +0100"
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            parsed = None
        if parsed is None or not is_plausible(parsed, base):
            return None
        return _format(parsed, with_time=":" in value)
    if BARE_NUMBER.match(value):
        return None
    return parse_date(value, base=base)


def _odd_offset(value: datetime) -> bool:
    """An offset of seconds ("+05:30:15"): no zone has one, and ISO 8601 cannot write it."""
    offset = value.utcoffset()
    return offset is not None and offset % timedelta(minutes=1) != timedelta(0)


def find_date_in_text(text: str, **kwargs: Any) -> tuple[str | None, str | None]:
    """Find a date inside a short line; return (iso, matched text) or (None, None).

    Keyword arguments are passed on to ``parse_date`` (languages, date_order, base).

    >>> find_date_in_text("Posted: 18/08/2016 in Letters")
    ('2016-08-18', '18/08/2016')
    """
    if not DIGIT.search(text) and not DIGITLESS_DATE.search(text):
        return None, None  # (most short lines of a page: no pattern can match them)
    candidates: list[tuple[int, int, str]] = []
    for pattern in CANDIDATE_PATTERNS:
        for match in pattern.finditer(text):
            raw = match.group(0).strip(" ,-–—")
            candidates.append((match.start(), -len(raw), raw))
    for _start, _length, raw in sorted(candidates):
        iso = parse_date(raw, **kwargs)
        if iso is not None:
            return iso, raw
    return None, None
