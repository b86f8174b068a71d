"""Pages whose charset label is wrong are read as their bytes say."""

import pytest

from pipelines.extract import extract_article
from pipelines.extract.encoding import decode_html

TEXT = "Café society: the council’s “bold” plan — naïve?"


@pytest.mark.parametrize("body, content_type, expected", [
    (TEXT.encode("utf-8"), "text/html; charset=utf-8", "utf-8"),
    (TEXT.encode("utf-8"), "text/html; charset=iso-8859-1", "utf-8"),     # UTF-8 labelled latin-1
    (TEXT.encode("cp1252"), "text/html; charset=utf-8", "cp1252"),        # cp1252 labelled UTF-8
    (TEXT.encode("cp1252"), None, "cp1252"),                              # no label at all
    (b'<meta charset="windows-1252">' + TEXT.encode("cp1252"), None, "cp1252"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "text/html; charset=iso-8859-1", "utf-8"),  # BOM
])
def test_the_bytes_win_over_a_wrong_label(body, content_type, expected):
    text, encoding = decode_html(body, content_type)
    assert TEXT in text and "\ufffd" not in text and "Ã" not in text
    assert encoding == expected


def test_a_genuine_single_byte_label_is_kept():
    body = "Zürich, Łódź".encode("iso-8859-2")
    assert decode_html(body, "text/html; charset=iso-8859-2") == ("Zürich, Łódź", "iso8859-2")


def test_undecodable_bytes_are_replaced_not_raised():
    text, encoding = decode_html(b"caf\xe9 \x81\x8d", "text/html; charset=utf-8")
    assert text.startswith("café") and encoding == "cp1252"


def test_extraction_reads_a_mislabelled_page_right():
    html = ("<html><head><meta charset='utf-8'><title>Café culture</title></head><body>"
            "<article><h1>Café culture</h1><p class='byline'>By Zoë Brontë</p>"
            "<time datetime='2024-03-05'>5 March 2024</time>"
            + "".join(f"<p>Paragraph {i}: le café du coin est fermé, hélas, and the council "
                      f"has no plan for the high street's future this year, nor for the "
                      f"next, whatever the leader promised residents at the last election.</p>"
                      for i in range(30)) + "</article></body></html>").encode("cp1252")
    record = extract_article(html, "https://example.com/comment/cafe")
    assert "café du coin est fermé, hélas" in record["body"] and "\ufffd" not in record["body"]
    assert record["authors"][0]["name"] == "Zoë Brontë"
