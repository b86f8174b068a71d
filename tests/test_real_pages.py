"""The floor on real pages: on the vendored public sets (benchmarks/real-pages: 181 pages of the
article-extraction benchmark, 129 Fundus news pages in many languages; MIT), tradepress's body,
dates and titles are never below plain trafilatura's in the same run."""

import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
import real_pages  # noqa: E402


@pytest.fixture(scope="module")
def figures():
    return {folder.name: real_pages.score(folder)
            for folder in sorted((BENCHMARKS / "real-pages").iterdir()) if folder.is_dir()}


def test_both_sets_are_scored(figures):
    assert figures["aeb"]["pages"] == 181
    assert figures["fundus"]["pages"] == 129


@pytest.mark.parametrize("name", ["aeb", "fundus"])
def test_body_never_below_trafilatura(figures, name):
    ours, theirs = figures[name]["tradepress"], figures[name]["trafilatura"]
    assert ours["body_f1"] >= theirs["body_f1"], figures[name]


def test_aeb_body(figures):
    assert figures["aeb"]["tradepress"]["body_f1"] >= 0.970, figures["aeb"]


@pytest.mark.parametrize("field", ["dates", "titles"])
def test_metadata_never_below_trafilatura(figures, field):
    ours, theirs = figures["fundus"]["tradepress"], figures["fundus"]["trafilatura"]
    assert ours[field] >= theirs[field], figures["fundus"]


def test_the_scorer_tells_good_from_bad():
    page = {"articleBody": "One two three four five six seven eight nine ten.",
            "title": "A title", "date_published": "2024-03-01T10:00:00+01:00", "author": ["A B"]}
    good, bad = real_pages.Tally(), real_pages.Tally()
    good.add(page, page["articleBody"], "a  title", "2024-03-01", {"a b"})
    bad.add(page, "Cookie notice and other words entirely.", "Other", "2024-03-02", set())
    assert good.figures() == {"body_f1": 1.0, "titles": 1.0, "dates": 1.0,
                              "author_names_found": 1.0}
    assert bad.figures() == {"body_f1": 0.0, "titles": 0.0, "dates": 0.0,
                             "author_names_found": 0.0}
