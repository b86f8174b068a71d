"""What the page is: its genre (opinion, letter, editorial, news, other), whether it is an
article at all, and whether its full text is for subscribers only."""

from __future__ import annotations

import re
from itertools import islice, pairwise

from pipelines.extract.bylines import Author
from pipelines.extract.metadata import (
    NON_ARTICLE_TYPES,
    Metadata,
    text_of,
)
from pipelines.extract.page import (
    TITLE_SEPARATOR,
    count_words,
    elements,
    node_text,
    norm_text,
    url_parts,
)

SITE_PAGES = {"about", "about-us", "contact", "contact-us", "privacy", "privacy-policy", "terms",
              "terms-and-conditions", "cookies", "cookie-policy", "faq", "help", "advertise",
              "subscribe", "impressum", "datenschutz", "kontakt", "mentions-legales", "a-propos"}
# First words of a site page's short address; not "about" nor "cookies" ("about-bugs" and
# "cookies-that-keep" are articles).
SITE_PAGE_HEADS = {"contact", "kontakt", "privacy", "advertise", "advertising", "impressum",
                   "imprint", "datenschutz", "mentions", "publicite", "werbung"}
PAYWALL_TEXT = re.compile(r"(?i)subscribe to (continue|read)|(this|the rest of this) article is "
                          r"(for|only available to) (subscribers|members)|to continue reading|"
                          r"unlock (this|full) article")
# Where a page names its section: breadcrumbs' links and kickers, section and category labels
# shorter than SECTION_LABEL_CHARS; the current page's link, in a menu or not. (Found by class
# words in one pass in Python: XPath's contains() over every element is slower.)
SECTION_LABEL_CLASS = re.compile("kicker|section|category")
SECTION_LABEL_CHARS = 80
# A breadcrumb trail's class, in the words of several languages' CMSs (SPIP's "arbo", the
# French "fil d'Ariane", the German "Brotkrümel", the Italian "briciole").
BREADCRUMB_CHARS = 300


def _breadcrumb_hint(names: str) -> bool:
    """A cheap first look for BREADCRUMB_CLASS's words (substrings, before the pattern)."""
    return "crumb" in names or "arbo" in names or "ariane" in names or "rotkr" in names or (
        "riciol" in names)
BREADCRUMB_CLASS = re.compile(r"[Bb]readcrumb|(?:^|[\s_-])(?:arbo|ariane|fil-ariane)(?:$|[\s_-])|"
                              r"[Bb]rotkr|[Bb]riciol")  # (no (?i): it is slow over every element)
XPATH_SPACE = re.compile(r"[ \t\r\n]+")  # XPath's white space: normalize-space() folds it
# The voice of a text, per thousand words: the first person (English, German, French) and
# reported speech ("said", "according to", "sagte", "selon").
# (both read the lower-cased text: case-insensitive alternations are slow in re)
FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|my|me|mine|we|we're|we've|our|ours|us|ich|mir|"
                          r"mich|mein\w*|wir|uns|unser\w*|je|j'|moi|mon|ma|mes|nous|notre|nos)\b")
REPORTED_SPEECH = re.compile(
    r"\b(?:said|says|told|according to|announced|added|explained|sagte|sagt|erklärte|"
    r"betonte|teilte\s+\w+\s+mit|nach angaben|zufolge|a déclaré|a indiqué|a expliqué|selon|"
    r"affirme)\b")
# A quotation ("...", „...“, « ... »): someone else's words, whatever their person.
QUOTATION = re.compile(r"[\"“”„«][^\"“”„«»]{12,800}[\"“”»]")
VOICE_MIN_WORDS = 150
VOICE_LANGUAGES = {"en", "de", "fr"}  # the languages of the two word lists
# Of the URL's last part (the headline's slug) only the first words tell a genre
# ("letter-of-the-week-...", "leader-..."), not "...-recall-letters" or "...-breaking-point".
SLUG_GENRE_WORDS = 3
# Genre from the URL path, the section label or JSON-LD type: first match wins.
GENRE_WORDS = [
    ("letter", re.compile(r"(?i)\b(letters?(-to-the-editor)?|leserbriefe?|courrier (des )?lecteurs|"
                          r"readers?'? letters?|your letters|postbag|mailbag|cartas?(-| )al(-| )"
                          r"director|cartas de (los )?lectores|letter[ae](-| )al(-| )direttore|"
                          r"lettere|lezersbrieven|ingezonden( brieven?| stukken)?|brieven|"
                          r"cartas? d[oe]s? leitor(es)?)\b")),
    ("editorial", re.compile(r"(?i)\b(editorials?|leaders?|our view|leitartikel|[ée]ditori(al|aux)|"
                             r"[ée]ditos?|the \w+ view|editor'?s comment|unsere meinung|notre avis|"
                             r"l'avis de la rédaction|editoriali?|redactioneel|"
                             r"hoofdredactioneel)\b")),
    ("other", re.compile(r"(?i)\b(interviews?|q ?(&|and) ?a|in conversation|interviste?|"
                         r"entrevistas?|entretiens?|entrevues?|gespräche?)\b")),
    ("opinion", re.compile(r"(?i)\b(opinions?|comment|comments|columns?|columnists?|op-?eds?|"
                           r"viewpoints?|views?|blogs?|perspectives?|insights?|opinie|"
                           r"opinião|artigos?|colunas?|colunistas?|"
                           r"kommentare?|meinung|gastbeitr(a|ä)ge?|standpunkte?|tribunes?|"
                           r"kolumnen?|kolumnist(in)?|gastkommentare?|"
                           r"points? de vue|chroniques?|débats?|debates?|voices?|opini[oó]n|"
                           r"tribunas?|columnas?|opinion[ei]|commenti|commento|rubrica|"
                           r"punto di vista)\b")),
    # (reported at length, not argued; after the opinion words: "/blog/data-analysis-tools")
    ("other", re.compile(r"(?i)\b(features?|analysis|analyses|achtergronds?|reportagem)\b")),
    ("news", re.compile(r"(?i)\b(news|nachrichten|actualités?|actualites|breaking|noticias|"
                        r"actualidad|notizie|attualità|cronaca|nieuws|notícias)\b")),
]
TITLE_GENRE = [
    ("letter", re.compile(r"(?i)^letters?\s*:|^letter of the week")),
    ("editorial", re.compile(r"(?i)^(our view|leader|editorial|the \w+ view)\s*:")),
    ("opinion", re.compile(r"(?i)^(comment|opinion|viewpoint|column)\s*:")),
]


# An interview, whatever its section: its credit in a byline text ("Interview by X", "as told
# to X", "propos recueillis par X", "Das Gespräch führte X"), or questions and answers set out
# under the speakers' labels ("Q:", "HPR:", "Pekkala:"). It is not the interviewee's opinion.
INTERVIEW_CREDIT = re.compile(r"(?i)(?:^|\| )(?:interview|entretien)\s*:\s*\w|"
                              r"\b(interview(ed)? by|as told to|in conversation with|"
                              r"propos recueillis par|entretien réalisé par|"
                              r"das (gespräch|interview) führte|entrevista realizada por|"
                              r"intervista a cura di)\b")
SPEAKER_LABEL = re.compile(r"^((?:[A-Z][\w.'’-]*)(?: [A-Z][\w.'’-]*){0,2})\s?:\s+\S")
# Turns of a conversation: at least this many labelled paragraphs, this share of the text,
# of this many words on average (not a list of fields: "Price: £40", "Headquarters: Leeds").
INTERVIEW_TURNS = 4
INTERVIEW_SHARE = 0.3
INTERVIEW_TURN_WORDS = 10


def _asked_and_answered(paragraphs: list[str]) -> bool:
    """Questions set out as paragraphs of their own, each answered by the next (no speaker
    labels): at least ``INTERVIEW_TURNS`` + 1 of them and a third of the paragraphs (not an
    argument's few rhetorical questions)."""
    asked = [i for i, p in enumerate(paragraphs[:-1]) if p.rstrip().endswith("?")
             and len(p.split()) <= QUESTION_WORDS and not paragraphs[i + 1].rstrip().endswith("?")]
    return len(asked) > INTERVIEW_TURNS and 3 * len(asked) >= len(paragraphs)


QUESTION_WORDS = 40


def is_interview(byline_raw: str | None, paragraphs: list[str]) -> bool:
    if byline_raw and INTERVIEW_CREDIT.search(byline_raw):
        return True
    if _asked_and_answered(paragraphs):
        return True
    turns = [(m.group(1), p) for p in paragraphs if (m := SPEAKER_LABEL.match(p))]
    labels = [label for label, _ in turns]
    alternating = sum(a != b for a, b in pairwise(labels))
    return (len(turns) >= max(INTERVIEW_TURNS, INTERVIEW_SHARE * len(paragraphs))
            and len(set(labels)) == 2 and alternating >= 0.8 * (len(labels) - 1)
            and sum(len(p.split()) for _, p in turns) >= INTERVIEW_TURN_WORDS * len(turns))


def genre_of(url: str | None, md: Metadata, title: str | None, tree, authors) -> str | None:
    types = md.types
    if "opinionnewsarticle" in types:
        return _refine_opinion(url, md, title)
    for genre, pattern in TITLE_GENRE:
        if title and pattern.search(title):
            return genre
    for source in _genre_sources(url, md, tree, title):
        for genre, pattern in GENRE_WORDS:
            if source and pattern.search(source):
                return genre
    return None


def unlabelled_genre(md: Metadata, text: str, authors: list[Author],
                     language: str | None = None) -> str:
    """No section anywhere: the voice of the text decides when it is clear (``voice_genre``);
    else structured data typed as news; else an author writing for an organisation of their
    own is a guest contributor, and trade titles publish those as opinion; else "other"."""
    if language in VOICE_LANGUAGES and (voice := voice_genre(text)):
        return voice
    if {"newsarticle", "reportagenewsarticle"} & set(md.types):
        return "news"
    return "opinion" if any(a["organisation"] for a in authors) else "other"


def voice_genre(text: str) -> str | None:
    """Opinion when the text argues in the first person ("I have managed care homes for...",
    "we must") with little reported speech; news when it mostly reports what others said
    (reporting verbs and quotations; a quotation's "we" is the speaker's, not the writer's);
    None when the voice is mixed or the text is short."""
    words = count_words(text)
    if words < VOICE_MIN_WORDS:
        return None
    lowered = text.lower()
    quotes = len(QUOTATION.findall(lowered))
    unquoted = QUOTATION.sub(" ", lowered)
    first = 1000 * len(FIRST_PERSON.findall(unquoted)) / words
    reported = 1000 * (len(REPORTED_SPEECH.findall(unquoted)) + quotes) / words
    if first >= 10 and first >= 2 * reported:
        return "opinion"
    if reported >= 6 and reported >= first:
        return "news"
    return None


def _genre_sources(url: str | None, md: Metadata, tree, title: str | None = None):
    """Where a page says its section, most telling first (labels are only looked for if the
    URL and metadata say nothing)."""
    yield from _title_sections(tree, title)
    parts = url_parts(url)
    path = parts.path.rstrip("/")
    *folders, slug = path.rsplit("/", 1) if "/" in path else ("", path)
    slug = " ".join(re.split(r"[-_.]", slug)[:SLUG_GENRE_WORDS])  # "breaking-point": a headline's
    yield re.sub(r"[-/_?&=.]", " ", f"{''.join(folders)} {slug} {parts.query}")
    yield md.meta.get("article:section", "")
    yield text_of(md.article.get("articleSection")) or ""
    yield md.meta.get("article:tag", "")  # (Ghost's primary tag: "Features")
    # Dublin Core's type, on older sites: "Letter" (not Plone's "News Item": every page's)
    yield "" if "news" in (kind := md.meta.get("dc.type", "")).lower() else kind
    texts = (node_text(n) for n in _section_labels(tree))
    yield from [t for t in texts if len(t.split()) <= 4][:8]


def _title_sections(tree, headline: str | None) -> list[str]:
    """The section a page's <title> names between its site and its headline ("Ladenfront -
    Kommentar - Nachtanlieferung: ..."): a short part that is neither."""
    parts = TITLE_SEPARATOR.split(" ".join((tree.findtext(".//title") or "").split()))
    if len(parts) < 3:
        return []
    wanted = norm_text(headline)
    return [p for p in parts[1:-1] if len(p.split()) <= 3 and norm_text(p) != wanted]


def _one_of_a_menu(node, names: str) -> bool:
    """An entry of a list of the site's sections ("section-editorials", "section-opinion", ...
    side by side in a navigation tree), not marked as the current one."""
    parent = node.getparent()
    if parent is None or CURRENT_ENTRY.search(names):
        return False
    return sum(1 for item in parent if isinstance(item.tag, str)
               and SECTION_LABEL_CLASS.search(item.get("class") or "")) >= MENU_ENTRIES


CURRENT_ENTRY = re.compile(r"current|active|selected")
MENU_ENTRIES = 3


def _section_labels(tree) -> list:
    """The elements that may name the page's section, in document order."""
    found, later = [], set()  # later: links inside a breadcrumb or a menu met earlier
    for node in elements(tree):
        names = node.get("class") or ""
        if node in later or node.get("aria-current") == "page" or (SECTION_LABEL_CLASS.search(
                names) and _short(node) and not ("menu-item" in names and "current" not in names)
                and not _one_of_a_menu(node, names)):
            # (a menu's entry names a section of the site, not this page's, unless current)
            found.append(node)
        if node.tag == "nav":
            later.update(a for item in node.iterdescendants() if (marks := item.get("class"))
                         and ("current" in marks or "active" in marks)
                         for a in item.iterchildren("a"))
        if names and _breadcrumb_hint(names) and BREADCRUMB_CLASS.search(names) and (
                _short(node) or len(node.text_content()) <= BREADCRUMB_CHARS):
            later.update(node.iterdescendants("a"))  # (a trail may end in the headline)
    return found


def _short(node) -> bool:
    """Shorter than SECTION_LABEL_CHARS once white space is folded (as normalize-space())."""
    text = node.text_content()
    if len(text) < SECTION_LABEL_CHARS:
        return True
    head = XPATH_SPACE.sub(" ", text[:4 * SECTION_LABEL_CHARS]).strip(" \t\r\n")
    if len(head) >= SECTION_LABEL_CHARS:  # folding the rest cannot make it shorter
        return False
    return len(XPATH_SPACE.sub(" ", text).strip(" \t\r\n")) < SECTION_LABEL_CHARS


def _refine_opinion(url, md, title) -> str:
    text = " ".join(filter(None, (url_parts(url).path, md.meta.get(
        "article:section"), title)))
    for genre in ("letter", "editorial"):
        pattern = dict(GENRE_WORDS)[genre]
        if pattern.search(text.replace("-", " ").replace("/", " ")):
            return genre
    return "opinion"


def not_article_reason(md: Metadata, body: list[str], text: str, clean_tree, url: str | None,
                       article_url: bool = False) -> str | None:
    """Why the page is not an article (a listing, a search page, a section front, the site's
    own pages): one of :data:`pipelines.extract.record.NOT_ARTICLE_REASONS`; None for an article.

    The publisher's own word counts first (JSON-LD types, ``og:type``). A page whose address
    the site profile says is an article's (``article_url``) is one unless its structured data
    or its shape says otherwise plainly; without either, a page is an article if it has some
    running text and is not a list of teaser headlines. Words are counted in every script
    (:func:`count_words`)."""
    words = count_words(text)
    if md.types & NON_ARTICLE_TYPES and not md.article:
        return "page-type"
    long_paragraphs = sum(count_words(p) >= 40 for p in body)
    if long_paragraphs < 3 and (_teaser_headlines(clean_tree) >= 4
                                or _dated_links(clean_tree) >= DATED_LINKS):
        return "listing"  # headlines that link to other pages, and teasers; or an archive
    if article_url or words >= 400:
        return None
    if url and _site_page(url):
        return "site-page"  # "About us", "Contact", "Privacy": prose, but not articles
    if _has_article_markup(md):
        return None if words >= 30 else "short"
    if md.meta.get("og:type", "").lower() == "website":
        return "website"
    return None if words >= 80 and any(count_words(p) >= 25 for p in body) else "short"


def _site_page(url: str) -> bool:
    """The address is one of the site's own pages: its last part is "about", "contact"..."""
    last = url_parts(url).path.lower().rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    words = last.split("-")
    # or a short name that begins with one: "contact-et-publicite", "privacy-notice"
    return last in SITE_PAGES or (len(words) <= 3 and words[0] in SITE_PAGE_HEADS)


def _has_article_markup(md: Metadata) -> bool:
    return bool(md.article) or md.meta.get("og:type", "").lower() == "article"


# An archive's list: this many items or more, each a link to another page and its date.
DATED_LINKS = 8


def _dated_links(tree) -> int:
    """List items that are a link to another page and a date (<time>): an archive's, a blog's
    index."""
    count = 0
    for item in tree.iter("li"):
        if item.find(".//time") is None:
            continue
        linked = sum(len(node_text(a)) for a in item.iter("a")
                     if not (a.get("href") or "#").startswith("#"))
        count += bool(linked) and linked >= 0.6 * len(node_text(item))
    return count


def _teaser_headlines(tree) -> int:
    """Headings that are mostly a link to another page: the teasers of a listing page
    (a heading's own "#section" anchor does not count)."""
    count = 0
    for heading in tree.iter("h2", "h3", "h4"):
        linked = sum(len(node_text(a)) for a in heading.iter("a")
                     if not (a.get("href") or "#").startswith("#"))
        if linked and linked >= 0.7 * len(node_text(heading)):
            count += 1
    return count


def paywalled_parts(md: Metadata) -> list[str]:
    """The CSS selectors of the parts the structured data says are for subscribers
    (``hasPart`` of ``isAccessibleForFree: false``): the article's own text, shipped in the
    page but hidden from those who have not paid."""
    parts = md.article.get("hasPart")
    parts = parts if isinstance(parts, list) else [parts]
    return [p["cssSelector"] for p in parts if isinstance(p, dict) and isinstance(
        p.get("cssSelector"), str) and _not_free(p.get("isAccessibleForFree"))]


def _not_free(value) -> bool:
    """Whether structured data's ``isAccessibleForFree`` says no (false, "False", 0, "no")."""
    return value is not None and str(value).lower() in ("false", "0", "no")


def paywall_of(md: Metadata, tree) -> str | None:
    """Why the page is a subscriber's teaser (a ``PAYWALL_REASONS`` word), or None."""
    if _not_free(md.article.get("isAccessibleForFree")):
        return "structured-data"
    marked = (n for n in elements(tree) if (names := n.get("class")) and (
        "paywall" in names or "subscribe" in names or "premium" in names))
    if any(PAYWALL_TEXT.search(node_text(n)) for n in islice(marked, 5)):
        return "paywall-notice"
    return None
