"""The byline grammar on 100 sign-offs written blind (``benchmarks/signoffs-blind``): each
string is read as a byline, an end note or a sign-off, as the extractor reads them."""

import json
from pathlib import Path

from pipelines.extract.bylines import parse_byline, parse_signoff
from pipelines.extract.endnotes import parse_endnote
from pipelines.extract.names import fold_name

SET = Path(__file__).resolve().parents[1] / "benchmarks" / "signoffs-blind" / "signoffs.json"
FLOOR = 0.94


def people(authors: list[dict]) -> list[tuple[str, str, str]]:
    return sorted((fold_name(a["name"]).strip(" .,;:"),
                   (a["role"] or "").casefold().strip(" .,;:"),
                   (a["organisation"] or "").casefold().strip(" .,;:")) for a in authors)


def test_the_grammar_reads_sign_offs_it_was_not_written_for():
    cases = json.loads(SET.read_text(encoding="utf-8"))
    misses = [case["text"] for case in cases
              if people(parse_byline(case["text"]) or parse_endnote(case["text"])
                        or parse_signoff(case["text"])) != people(case["authors"])]
    assert len(cases) == 100
    assert 1 - len(misses) / len(cases) >= FLOOR, misses
