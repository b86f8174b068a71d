"""Signatures and sign-offs the page sets under the text in blocks of their own, which the
main-text extractor leaves out."""

from pipelines.extract import extract_article

PARAGRAPHS = [f"Absatz {i}: Die Wartezeiten an den Rampen sind seit dem Frühjahr wieder deutlich "
              "gestiegen, und die Zeitfenster allein haben daran wenig geändert, weil die Daten "
              "der Reedereien zu spät bei den Speditionen ankommen." for i in range(5)]


def page(after: str, url="https://example.org/meinung/leserbriefe/slots") -> dict:
    wrapped = "".join(f"<div class='cms-text'><div><p>{p}</p></div></div>" for p in PARAGRAPHS)
    return extract_article(
        "<html><body><article><h1>Slotbuchung ist kein Allheilmittel</h1>"
        f"<div class='cms-collection body'>{wrapped}</div>{after}"
        "<div class='share'>Teilen: LinkedIn</div></article></body></html>", url)


def people(record: dict) -> list[tuple]:
    return [(a["name"], a["role"], a["organisation"]) for a in record["authors"]]


def test_a_letters_signature_in_a_block_after_the_text():
    record = page("<div class='sender'><div><p>Klaus Wendt<br>Nordhafen Terminal GmbH<br>"
                  "Hamburg</p></div></div>")
    assert people(record) == [("Klaus Wendt", None, "Nordhafen Terminal GmbH")]
    assert "Nordhafen" not in record["body"] and "Absatz 4" in record["body"]


def test_an_editors_greeting_under_the_text():
    record = page("<div class='gruss'><p>Herzlichst,<br>Ihre Sabine Lorenz<br>Chefredakteurin"
                  "</p></div>", url="https://example.org/editorial/tariftreue")
    assert people(record) == [("Sabine Lorenz", "Chefredakteurin", None)]


def test_a_button_or_a_prompt_under_the_text_is_no_author():
    for after in ("<div class='cta'><p>CALL NOW</p></div>",
                  "<div class='cta'><p>YOU MIGHT LIKE</p></div>",
                  "<div class='cta'><p>Start Now</p></div>"):
        assert page(after)["authors"] == [], after


def test_a_signature_ending_in_an_abbreviation():
    record = page("<div class='signature'><p>Gerald T. Manning</p><p>Retired facilities "
                  "director</p><p>Duluth, Minn.</p></div>",
                  url="https://example.org/opinion/letters/maintenance")
    assert people(record) == [("Gerald T. Manning", "Retired facilities director", None)]
