"""Table tests for pipelines.extract.dates: visible date text, metadata values, dates inside
lines."""

from datetime import datetime

import pytest

from pipelines.extract.dates import date_order_for, find_date_in_text, parse_date, parse_iso

BASE = datetime(2024, 3, 20, 12, 0, 0)

DATES = [
    ("14 June 2017", {}, "2017-06-14"),
    ("Published: 14 June 2017", {}, "2017-06-14"),
    ("Posted on 14th June 2017", {}, "2017-06-14"),
    ("Updated 2 February 2021", {}, "2021-02-02"),
    ("Last updated 14 June 2017 at 10:32", {}, "2017-06-14T10:32:00"),
    ("Date: 18/08/2016", {}, "2016-08-18"),
    ("05/08/2016", {}, "2016-08-05"),
    ("05/08/2016", {"date_order": "MDY"}, "2016-05-08"),
    ("12/03/24", {}, "2024-03-12"),
    ("June 14, 2017", {}, "2017-06-14"),
    ("Thursday 14 September 2023", {}, "2023-09-14"),
    ("2017-06-14", {}, "2017-06-14"),
    ("June 2017", {}, "2017-06-01"),
    ("14 June 2017, 10:32 BST", {}, "2017-06-14T10:32:00+01:00"),
    ("14 June 2017 08:00 +02:00", {}, "2017-06-14T08:00:00+02:00"),
    ("Veröffentlicht am 14. März 2017", {"languages": ["de"]}, "2017-03-14"),
    ("12.03.2024 um 10:15 Uhr", {"languages": ["de"]}, "2024-03-12T10:15:00"),
    ("Mittwoch, 14. Juni 2017", {}, "2017-06-14"),
    ("Publié le 12 mars 2017", {"languages": ["fr"]}, "2017-03-12"),
    ("14 juin 2017 à 10h32", {"languages": ["fr"]}, "2017-06-14T10:32:00"),
    ("3 days ago", {}, "2024-03-17"),
    ("2 hours ago", {}, "2024-03-20T10:00:00"),
    ("yesterday", {}, "2024-03-19"),
    ("vor 3 Tagen", {"languages": ["de"]}, "2024-03-17"),
    ("il y a 3 jours", {"languages": ["fr"]}, "2024-03-17"),
    ("22 March 2024", {}, "2024-03-22"),
    # not dates, or not plausible ones
    ("2017", {}, None),
    ("© 2019", {}, None),
    ("Copyright 2019 Farmstead Media", {}, None),
    ("v2.3.1", {}, None),
    ("?ver=20240101", {}, None),
    ("2.3.1", {}, None),
    ("20240101", {}, None),
    ("2017-18", {}, None),
    ("14 June", {}, None),
    ("March", {}, None),
    ("Comment", {}, None),
    ("", {}, None),
    ("1 January 1985", {}, None),
    ("25 December 2024", {}, None),
]


@pytest.mark.parametrize("text, kwargs, expected", DATES)
def test_parse_date(text, kwargs, expected):
    assert parse_date(text, base=BASE, **kwargs) == expected


ISO_VALUES = [
    ("2017-06-14T08:00:00+01:00", "2017-06-14T08:00:00+01:00"),
    ("2017-06-14", "2017-06-14"),
    ("2017-06-14T08:00:00Z", "2017-06-14T08:00:00+00:00"),
    ("2017-06-14T08:00:00", "2017-06-14T08:00:00"),
    ("2017-06-14 08:00:00", "2017-06-14T08:00:00"),
    ("2017-06-14T08:00:00.000+0100", "2017-06-14T08:00:00+01:00"),
    ("20170614", "2017-06-14"),
    ("Wed, 14 Jun 2017 08:00:00 +0100", "2017-06-14T08:00:00+01:00"),
    ("Wed, 14 Jun 2017 08:00:00 GMT", "2017-06-14T08:00:00+00:00"),
    ("  2017-06-14T08:00:00Z \n", "2017-06-14T08:00:00+00:00"),
    ("", None),
    ("not a date", None),
    ("1970-01-01T00:00:00Z", None),
    ("2099-01-01", None),
    ("2017", None),
]


@pytest.mark.parametrize("value, expected", ISO_VALUES)
def test_parse_iso(value, expected):
    assert parse_iso(value, base=BASE) == expected


def test_relative_dates_need_the_time_the_page_was_read():
    assert parse_date("3 days ago", base=BASE) == "2024-03-17"
    assert parse_date("3 days ago") is None
    assert parse_date("yesterday") is None


@pytest.mark.parametrize("language, region, order", [
    ("en", "US", "MDY"), ("en", "GB", None), ("en", None, None), ("ja", "JP", "YMD"),
    ("zh", None, "YMD"), ("de", "DE", None),
])
def test_date_order_from_the_page_language_and_region(language, region, order):
    assert date_order_for(language, region) == order
    later = datetime(2025, 6, 1)
    if order == "MDY":
        assert parse_date("3/4/2025", date_order=order, base=later) == "2025-03-04"
    elif order is None:
        assert parse_date("3/4/2025", date_order=order, base=later) == "2025-04-03"


def test_parse_iso_without_base_uses_now():
    assert parse_iso("2017-06-14") == "2017-06-14"
    assert parse_iso("2999-06-14") is None


IN_TEXT = [
    ("By Jane Doe | 12 March 2024", ("2024-03-12", "12 March 2024")),
    ("Posted: 18/08/2016 in Letters", ("2016-08-18", "18/08/2016")),
    ("Published 12 March 2024, updated 13/03/2024", ("2024-03-12", "12 March 2024")),
    ("Monday 4 March 2024 10:00 GMT", ("2024-03-04T10:00:00+00:00",
                                      "Monday 4 March 2024 10:00 GMT")),
    ("March 12, 2024 by Jane Doe", ("2024-03-12", "March 12, 2024")),
    ("Stand: 12.03.2024 um 10:15 Uhr", ("2024-03-12T10:15:00", "12.03.2024 um 10:15 Uhr")),
    ("Jane Doe, 3 hours ago", ("2024-03-20T09:00:00", "3 hours ago")),
    ("2017-06-14T08:00:00+01:00 · Opinion", ("2017-06-14T08:00:00+01:00",
                                             "2017-06-14T08:00:00+01:00")),
    ("Issue of June 2019", ("2019-06-01", "June 2019")),
    ("© 2019 Farmstead Media, v2.3.1", (None, None)),
    ("no date here", (None, None)),
]


@pytest.mark.parametrize("text, expected", IN_TEXT)
def test_find_date_in_text(text, expected):
    assert find_date_in_text(text, base=BASE) == expected


@pytest.mark.parametrize("text, expected", [
    ("February 23, 2024 at 7:00 AM", "2024-02-23T07:00:00"),
    ("14 June, 2017 8:14 am", "2017-06-14T08:14:00"),
    ("March 4, 2019 at 12:30 pm", "2019-03-04T12:30:00"),
    ("1 March 2024 12:15 am", "2024-03-01T00:15:00"),
    ("Tuesday 3rd March 2009", "2009-03-03"),
    ("5 hours ago", "2024-03-20T07:00:00"),
    ("an hour ago", "2024-03-20T11:00:00"),
    ("2 weeks ago", "2024-03-06"),
    ("31 February 2020", None),
    ("29 April 2024", None),  # after the fetch time: not a publication date
])
def test_common_forms_without_dateparser(text, expected):
    assert parse_date(text, base=datetime(2024, 3, 20, 12, 0)) == expected


def test_a_table_layout_without_h1_finds_its_headline_and_its_dateline():
    from pipelines.extract import extract_article

    text = "<br><br>".join(["Die Netzbetreiber der Region legen ihre Stromnetze zusammen und "
                            "gründen dafür eine gemeinsame Gesellschaft mit Sitz in Lindenhagen."]
                           * 6)
    html = ("<html><head><title>Kommunalwerk: Zwei Städte bündeln ihre Stromnetze</title></head>"
            "<body><table><tr><td><font size='1'>Mittwoch, 9. April 2025 | Ausgabe 04/2025</font>"
            "<br><font size='5'><b>Zwei Städte bündeln ihre Stromnetze</b></font><br><br>"
            f"<font>{text}</font></td></tr></table></body></html>")
    record = extract_article(html, "https://example.de/artikel/4835", language="de")
    assert record["title"] == "Zwei Städte bündeln ihre Stromnetze"
    assert record["published"] == "2025-04-09"


def test_a_table_layouts_byline_row_gives_the_date_beside_the_name():
    """The dateline shares a line with the byline ("By X | date") in the row after the
    headline's: a short part of that line, a row away (table, row, cell, font)."""
    from pipelines.extract import extract_article

    text = "".join(f"<p>{'Domestic supply of intermediates is still costlier than imports. ' * 4}"
                   f"Paragraph {i}.</p>" for i in range(5))
    html = ("<html><head><title>API self-reliance needs more than cheques</title></head><body>"
            "<table><tr><td class='headtxt'><font size='5'><b>API self-reliance needs more than "
            "cheques</b></font></td></tr><tr><td class='bylinetxt'><font size='1'><b>By Dr. "
            "Rajesh Menon</b> &nbsp;|&nbsp; Monday, March 10, 2025, 08:00 Hrs [IST]</font></td>"
            f"</tr><tr><td>{text}</td></tr></table></body></html>")
    record = extract_article(html, "https://example.in/news/article.asp?id=18427")
    assert record["published"][:10] == "2025-03-10"
    assert not record["published_raw"].startswith("(htmldate)")


PARAGRAPHS = "".join(f"<p>{'Orchard research is slow, unglamorous work that growers pay for. ' * 5}"
                     f"Paragraph {i}.</p>" for i in range(6))


def test_the_masthead_shows_todays_date_not_the_articles():
    from pipelines.extract import extract_article

    html = ("<html><body><header><div class='Header_topBar__2eca6'><span class='Header_date__8'>"
            "Wednesday 1 October 2025</span></div></header><main><article><header><h1>Amalgamation"
            " talks must put suppliers first</h1><span class='meta-date'>12 August 2025</span>"
            f"</header>{PARAGRAPHS}</article></main></body></html>")
    record = extract_article(html, "https://www.example.ie/opinion/letters/amalgamation",
                             fetched_at="2025-10-01T09:00:00Z")
    assert record["published"] == "2025-08-12"


@pytest.mark.parametrize("ld", [False, True])
def test_an_instant_in_utc_is_the_day_the_page_shows(ld):
    from pipelines.extract import extract_article

    meta = ('<script type="application/ld+json">{"@type": "Article", "headline": "Levy", '
            '"datePublished": "2025-04-02T19:00:00Z"}</script>') if ld else ""
    html = (f"<html><head>{meta}</head><body><h1>The research levy has to earn its keep</h1>"
            "<time datetime='2025-04-02T19:00:00Z'>3 April 2025</time>"
            f"{PARAGRAPHS}</body></html>")
    record = extract_article(html, "https://www.example.co.nz/growers-voice/levy")
    assert record["published"] == "2025-04-03"  # (19:00 UTC is the next morning in Nelson)


def test_an_old_sites_url_query_gives_the_day_and_other_pieces_dates_do_not():
    from pipelines.extract import extract_article

    html = ("<html><body><table><tr><td><h1>Cost shifting has to be counted before it is argued"
            f"</h1>{PARAGRAPHS}</td><td><b>More letters</b><ul><li><a href='/letters.asp?"
            "LetterID=84&amp;date=12-07-2006'>Library funding must keep pace</a> (12/07/2006)</li>"
            "</ul></td></tr></table></body></html>")
    record = extract_article(html, "http://www.example.org.au/newsletter/letters.asp?"
                             "LetterID=87&date=09-08-2006")
    assert (record["published"], record["published_raw"]) == ("2006-08-09", "date=09-08-2006")


@pytest.mark.parametrize("sidebar, expected", [
    ("", "2025-11-03"),  # nothing else tells: day-first, the default
    ("<li><strong>March 19, 2025</strong> Webinar</li><li>April 8, 2025 Conference</li>",
     "2025-03-11"),  # the page writes its dates month-first
    ("<li>19 March 2025 Webinar</li><li>8 April 2025 Conference</li>", "2025-11-03"),
    ("<li>03/19/2025 Webinar</li>", "2025-03-11"),  # 19 is no month: a proof
    ("<li>19/03/2025 Webinar</li><li>April 8, 2025</li>", "2025-11-03"),  # (outweighs one)
])
def test_a_pages_other_dates_tell_the_order_of_its_numeric_date(sidebar, expected):
    """A page in English with no region ("en", not "en-US") dated "3/11/2025": its other
    dates say which number is the month."""
    from pipelines.extract import extract_article

    html = ("<html lang='en'><body><article><h1>Laboratory capacity is the PFAS bottleneck</h1>"
            f"<p class='byline'>Posted 3/11/2025</p>{PARAGRAPHS}</article>"
            f"<aside><h3>Upcoming events</h3><ul>{sidebar}</ul></aside></body></html>")
    record = extract_article(html, "https://www.example.org/tributary/letters/lab-capacity",
                             fetched_at="2025-12-01T09:00:00Z")
    assert record["published"] == expected
