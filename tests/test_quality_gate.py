"""The extraction targets, held on the project's own evaluation sets: a change that lowers
them fails here (as trafilatura's evaluation gate refuses to lower a score)."""

import importlib.util
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"
spec = importlib.util.spec_from_file_location("extraction", BENCHMARKS / "extraction.py")
extraction = importlib.util.module_from_spec(spec)
spec.loader.exec_module(extraction)


@pytest.fixture(scope="module", params=["sample-set", "templates-set"])
def figures(request):
    result, misses = extraction.score_trade_press(BENCHMARKS / request.param)
    return result, misses


def test_bodies(figures):
    result, misses = figures
    assert result["errors"] == 0
    assert result["body_f1_mean"] >= 0.97, misses
    assert result["leaks"] == 0, misses


def test_authors_dates_genre(figures):
    result, misses = figures
    assert result["authors_exact"] >= 0.95, misses
    assert result["published_exact"] >= 0.95, misses
    assert result["genre_exact"] >= 0.95, misses


def test_non_articles(figures):
    result, misses = figures
    recognised, total = map(int, result["non_articles_recognised"].split("/"))
    assert total and recognised == total, misses


def test_scoring_itself():
    """The benchmark's metric: identical texts score 1, disjoint 0, half the text about 2/3."""
    text = "one two three four five six seven eight nine ten eleven twelve"
    assert extraction.page_f1(text, text) == 1.0
    assert extraction.page_f1(text, "alpha beta gamma delta epsilon") == 0.0
    half = " ".join(text.split()[:6])
    assert 0.4 < extraction.page_f1(text, half) < 0.8


# The pages written blind for issue #15 (benchmarks/trade-press-blind): held at the figures
# they reached, so that later work does not lose them; the targets are higher (see README).
BLIND = {"setA": {"body": 0.99, "leaks": 0, "authors": 1.0, "genre": 1.0, "non_articles": 2},
         "setB": {"body": 0.99, "leaks": 0, "authors": 1.0, "genre": 1.0, "non_articles": 2},
         "setC": {"body": 0.98, "leaks": 0, "authors": 1.0, "genre": 1.0, "non_articles": 2},
         "setD": {"body": 0.98, "leaks": 0, "authors": 0.91, "genre": 1.0, "non_articles": 2},
         "setE": {"body": 0.99, "leaks": 0, "authors": 0.99, "genre": 1.0, "non_articles": 2},
         "setF": {"body": 0.99, "leaks": 0, "authors": 1.0, "genre": 0.91, "non_articles": 2},
         "setG": {"body": 0.98, "leaks": 2, "authors": 0.8, "genre": 0.9, "non_articles": 2},
         "setH": {"body": 0.99, "leaks": 2, "authors": 0.99, "genre": 1.0, "non_articles": 1},
         "setI": {"body": 0.97, "leaks": 1, "authors": 1.0, "genre": 0.7, "non_articles": 1},
         "setJ": {"body": 0.99, "leaks": 0, "authors": 1.0, "genre": 0.8, "non_articles": 2},
         "setK": {"body": 0.98, "leaks": 3, "authors": 0.81, "genre": 0.81, "non_articles": 1},
         # (setL's b1: its writer gives a pen name's end note no role, setP's c3 writer gives
         # one; tradepress reads the role, as written: "The Secret Audiologist is a licensed
         # audiologist")
         "setL": {"body": 0.99, "leaks": 0, "authors": 0.81, "genre": 1.0, "non_articles": 1},
         "setM": {"body": 0.99, "leaks": 0, "authors": 1.0, "genre": 1.0, "non_articles": 1},
         "setN": {"body": 0.99, "leaks": 0, "authors": 1.0, "genre": 1.0, "non_articles": 1},
         "setO": {"body": 0.99, "leaks": 1, "authors": 0.81, "genre": 1.0, "non_articles": 1},
         "setP": {"body": 0.99, "leaks": 0, "authors": 0.9, "genre": 1.0, "non_articles": 1},
         # (setQ: an American "04/11/2006" with no language or country on the page)
         "setQ": {"body": 0.99, "leaks": 0, "authors": 0.9, "genre": 1.0, "non_articles": 1},
         "setR": {"body": 0.99, "leaks": 1, "authors": 1.0, "genre": 1.0, "non_articles": 1},
         "setS": {"body": 0.99, "leaks": 3, "authors": 0.72, "genre": 0.9, "non_articles": 1},
         "setT": {"body": 0.99, "leaks": 2, "authors": 1.0, "genre": 0.9, "non_articles": 1},
         # (the eleventh round, tuned for half an hour only: see the blind sets' README)
         "setU": {"body": 0.94, "leaks": 10, "authors": 0.54, "genre": 0.72, "non_articles": 1},
         "setV": {"body": 0.99, "leaks": 1, "authors": 0.81, "genre": 1.0, "non_articles": 1},
         "setW": {"body": 0.99, "leaks": 3, "authors": 0.72, "genre": 1.0, "non_articles": 1},
         "setX": {"body": 0.99, "leaks": 0, "authors": 0.81, "genre": 0.81, "non_articles": 1},
         # (setY's a3, an author's page of post cards each wrapped in one link, is still read
         # as an article: counting such cards as teasers took eight real articles for listings)
         "setY": {"body": 0.99, "leaks": 0, "authors": 1.0, "genre": 1.0, "non_articles": 0},
         # (the fourteenth round, tuned for a quarter of an hour: see the blind sets' README)
         "setZ": {"body": 0.99, "leaks": 0, "authors": 0.9, "genre": 0.81, "non_articles": 1},
         # (the fifteenth round: DNN, Plone, Kentico, Liferay; see the blind sets' README)
         "setAA": {"body": 0.99, "leaks": 0, "authors": 1.0, "genre": 1.0, "non_articles": 1},
         # (the sixteenth round: SharePoint, ExpressionEngine, Concrete CMS, Storyblok; its
         # writer and earlier ones disagree on conventions: a staff writer's organisation when
         # it is the publication, the fuller of two forms of a name, a role from a bio the
         # byline does not give; a3, a contributor's profile page, is still read as an article)
         "setAB": {"body": 0.99, "leaks": 0, "authors": 0.54, "genre": 1.0, "non_articles": 0},
         # (the seventeenth round: SilverStripe, Beehiiv, MODX, Statamic)
         "setAC": {"body": 0.98, "leaks": 0, "authors": 0.81, "genre": 1.0, "non_articles": 1},
         # (the eighteenth round: Bolt, Grav, a Django newsroom, Textpattern)
         "setAD": {"body": 0.99, "leaks": 0, "authors": 0.9, "genre": 0.9, "non_articles": 1},
         # (the nineteenth round: Escenic, Squiz Matrix, BLOX, Kirby; its writer records names
         # without titles or letters after them and organisations in the nominative and
         # without their initials in brackets, where earlier writers keep them as printed)
         "setAE": {"body": 0.98, "leaks": 0, "authors": 0.36, "genre": 1.0, "non_articles": 1},
         # (the twentieth round: Atex Polopoly, TerminalFour, Ektron, Publii; its writer also
         # records names without titles or letters: 11 of 11 compared without them)
         "setAF": {"body": 0.99, "leaks": 0, "authors": 0.63, "genre": 1.0, "non_articles": 1},
         # (the twenty-first round: Bloomreach, Cascade, Crownpeak, Neos; its writer also
         # records names without titles or letters: 9 of 11 compared without them)
         "setAG": {"body": 0.99, "leaks": 0, "authors": 0.36, "genre": 1.0, "non_articles": 1},
         # (the twenty-second round: Sitefinity, WordPress Newspaper, Hippo, a 2003 static
         # site; names recorded without titles: 8 of 11 compared without them)
         "setAH": {"body": 0.99, "leaks": 0, "authors": 0.36, "genre": 1.0, "non_articles": 1},
         # (the twenty-third and twenty-fourth rounds: Kentico, Ibexa, SharePoint, a Tumblr
         # theme; OpenCms, Concrete CMS, Orchard Core, Pimcore; names recorded without titles:
         # 11 of 11 and 10 of 11 compared without them)
         "setAI": {"body": 0.99, "leaks": 0, "authors": 0.54, "genre": 1.0, "non_articles": 1},
         "setAJ": {"body": 0.99, "leaks": 0, "authors": 0.36, "genre": 1.0, "non_articles": 1},
         # (the twenty-fifth and twenty-sixth rounds: Méthode, Typepad, Jimdo, a Mailchimp
         # archive; Labrador, Glide, beehiiv, Shorthand; names recorded without titles: 10 of
         # 11 and 11 of 11 compared without them)
         "setAK": {"body": 0.96, "leaks": 4, "authors": 0.54, "genre": 0.8, "dates": 0.9,
                   "non_articles": 1},
         "setAL": {"body": 0.99, "leaks": 0, "authors": 0.54, "genre": 1.0, "non_articles": 1},
         # (the twenty-seventh and twenty-eighth rounds: Drupal Thunder, Hashnode, Odoo, a 2006
         # ASP site; Magento, Tilda, Notion via Super.so, Eleventy; names without titles: 9 of
         # 11 and 9 of 11 compared without them)
         "setAM": {"body": 0.99, "leaks": 1, "authors": 0.54, "genre": 0.8, "dates": 0.9,
                   "non_articles": 1},
         "setAN": {"body": 0.99, "leaks": 1, "authors": 0.27, "genre": 1.0, "dates": 0.9,
                   "non_articles": 1},
         # (the twenty-ninth and thirtieth rounds: dotCMS, a professional network's article
         # view, ProcessWire, Weebly; Prismic, Duda, a 2004 Vignette table layout, Posthaven;
         # names without titles: 9 of 11 and 9 of 11 compared without them)
         "setAO": {"body": 0.99, "leaks": 0, "authors": 0.18, "genre": 1.0, "non_articles": 1},
         "setAP": {"body": 0.99, "leaks": 0, "authors": 0.36, "genre": 1.0, "dates": 1.0,
                   "non_articles": 1},
         # (the thirty-first and thirty-second rounds: WordPress.com blocks, Google Sites,
         # Quarto, a Rails CMS; Directus on Nuxt, Bear Blog, MediaWiki, Hugo; names without
         # titles: 9 of 11 and 11 of 11 compared without them)
         "setAQ": {"body": 0.95, "leaks": 9, "authors": 0.27, "genre": 0.8, "non_articles": 1},
         "setAR": {"body": 0.97, "leaks": 0, "authors": 0.36, "genre": 1.0, "non_articles": 1},
         # (the thirty-third and thirty-fourth rounds: Confluence, Buttondown, Joomla with K2,
         # Plone; Adobe Experience Manager, TYPO3 news, Movable Type, Substack; names without
         # titles: 11 of 11 and 9 of 11 compared without them)
         "setAS": {"body": 0.99, "leaks": 1, "authors": 0.45, "genre": 1.0, "dates": 0.9,
                   "non_articles": 1},
         "setAT": {"body": 0.99, "leaks": 0, "authors": 0.36, "genre": 0.9, "non_articles": 1},
         # (the thirty-fifth and thirty-sixth rounds: Contao, Optimizely, Wagtail, Serendipity;
         # Discourse, Jahia, WriteFreely, Lotus Domino; names without titles: 9 of 11 and 10
         # of 11 compared without them)
         "setAU": {"body": 0.99, "leaks": 0, "authors": 0.27, "genre": 1.0, "dates": 1.0,
                   "non_articles": 1},
         "setAV": {"body": 0.99, "leaks": 0, "authors": 0.54, "genre": 1.0, "dates": 1.0,
                   "non_articles": 1},
         # (the thirty-seventh and thirty-eighth rounds: 1C-Bitrix, Acquia Site Studio,
         # Micro.blog, a 2008 Bricolage journal; Pelican, Contentstack, a 2007 XOOPS site,
         # Docusaurus; names without titles: 9 of 11 and 10 of 11 compared without them)
         "setAW": {"body": 0.99, "leaks": 1, "authors": 0.36, "genre": 1.0, "dates": 0.8,
                   "non_articles": 1},
         "setAX": {"body": 0.99, "leaks": 0, "authors": 0.27, "genre": 1.0, "dates": 0.9,
                   "non_articles": 1}}


@pytest.mark.parametrize("name", sorted(BLIND))
def test_blind_sets_keep_their_figures(name):
    result, misses = extraction.score_trade_press(BENCHMARKS / "trade-press-blind" / name)
    floor = BLIND[name]
    assert result["errors"] == 0, misses
    assert result["published_exact"] >= floor.get("dates", 1.0), misses
    assert result["body"]["f1"] >= floor["body"], misses
    assert result["leaks"] <= floor["leaks"], misses
    assert result["authors_exact"] >= floor["authors"], misses
    assert result["genre_exact"] >= floor["genre"], misses
    assert int(result["non_articles_recognised"].split("/")[0]) >= floor["non_articles"], misses
