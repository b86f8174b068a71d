"""Generate the bundled sample trade-press site and its golden expectations.

Content lives in content_*.txt beside this script; output goes to (in this repository)
crawler/samplesite/site and tests/golden/sample_expected.json. Run: python crawler/samplesite/source/build.py
"""

from __future__ import annotations

import datetime as dt
import html
import json
import shutil
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).parent
REPO = Path(__file__).resolve().parents[3]
OUT = REPO / "crawler/samplesite/site"
GOLDEN = REPO / "tests/golden/sample_expected.json"
LONDON = ZoneInfo("Europe/London")
MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
COPYRIGHT_YEAR = 2025


def e(s: str) -> str:
    return html.escape(s, quote=False)


def ea(s: str) -> str:
    return html.escape(s, quote=True)


# --------------------------------------------------------------------------------------------
# content


def parse_content(path: Path) -> list[dict]:
    pieces = []
    for block in path.read_text(encoding="utf-8").split("@@ ")[1:]:
        head, body = block.split("\n--\n", 1)
        lines = head.strip().split("\n")
        p: dict = {"key": lines[0].strip(), "authors": [], "comments": [], "tags": []}
        for line in lines[1:]:
            k, v = line.split(":", 1)
            k, v = k.strip(), v.strip()
            if k == "author":
                name, role, org = (x.strip() for x in v.split("|"))
                p["authors"].append({"name": name, "role": None if role == "-" else role,
                                     "organisation": None if org == "-" else org})
            elif k == "comment":
                who, when, text = (x.strip() for x in v.split("|"))
                p["comments"].append({"who": who, "when": when, "text": text})
            elif k == "tags":
                p["tags"] = [t.strip() for t in v.split(",")]
            else:
                p[k] = v
        p["paras"] = [" ".join(x.split()) for x in body.strip().split("\n\n")]
        p["date"] = dt.date.fromisoformat(p["date"])
        hh, mm = (int(x) for x in p.get("time", "06:00").split(":"))
        p["dt"] = dt.datetime(p["date"].year, p["date"].month, p["date"].day, hh, mm,
                              tzinfo=LONDON)
        pieces.append(p)
    return pieces


def iso(p: dict) -> str:
    return p["dt"].isoformat()


def rfc822(p: dict) -> str:
    return format_datetime(p["dt"])


def author_line(a: dict) -> str:
    return ", ".join(x for x in (a["name"], a["role"], a["organisation"]) if x)


def cl_date(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month]}, {d.year}"


def np_date(d: dt.date) -> str:
    return f"{MONTHS[d.month]} {d.day}, {d.year}"


def br_date(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month]} {d.year}"


def br_short_date(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def write(rel: str, text: str) -> None:
    """rel is the URL path; '/x/' is written as x/index.html."""
    assert rel.startswith("/")
    target = OUT / rel.lstrip("/")
    if rel.endswith("/"):
        target = target / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


GOLD: list[dict] = []
# The same pages as an evaluation set in the trade-press format of benchmarks/extraction.py.
EVAL_SET = REPO / "benchmarks/sample-set/truth.json"
EVAL: list[dict] = []
SAMPLE_ORIGIN = "http://sample.tradepress.example"


def eval_entry(path: str, **fields) -> None:
    file = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
    EVAL.append({"file": f"../../crawler/samplesite/site/{file}", "url": SAMPLE_ORIGIN + path,
                 "fetched_at": "2026-01-01T00:00:00Z", **fields})


def gold_page(path: str, site: str | None, title: str, status: int = 200) -> None:
    GOLD.append({"path": path, "site": site, "status": status, "is_article": False,
                 "genre": None, "title": title if status == 200 else None, "standfirst": None,
                 "authors": None, "published": None, "body_first": None, "body_last": None,
                 "paragraphs": None, "must_not_contain": []})
    if status == 200:
        eval_entry(path, is_article=False)


def gold_article(p: dict, must_not: list[str]) -> None:
    assert 8 <= len(must_not) <= 15, (p["key"], len(must_not))
    GOLD.append({
        "path": p["path"], "site": p["site"], "status": 200, "is_article": True,
        "genre": p["genre"], "title": p["title"], "standfirst": p.get("standfirst"),
        "authors": p["authors"], "published": p["date"].isoformat(),
        "body_first": p["paras"][0][:60], "body_last": p["paras"][-1][:60],
        "paragraphs": len(p["paras"]), "must_not_contain": must_not,
    })
    eval_entry(p["path"], is_article=True, title=p["title"], standfirst=p.get("standfirst"),
               body=p["paras"], authors=p["authors"], published=p["date"].isoformat(),
               genre=p["genre"], language="en", paywalled=False, must_not_contain=must_not)


def jsonld(obj: dict) -> str:
    text = json.dumps(obj, ensure_ascii=False, indent=2).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'


# --------------------------------------------------------------------------------------------
# The Civic Ledger: EMAP-style local-government weekly

CL = "civic-ledger"
CL_TITLE = "The Civic Ledger"
CL_BROWSER_H = "Your browser is no longer supported"
CL_BROWSER_P = ("To get the most out of this website, please upgrade to a newer version of your "
                "browser or switch to a different one.")
CL_COOKIES_OFF = ("Cookies appear to be switched off in your browser. Please turn them on to get "
                  "the best experience of this website")
CL_CONSENT = ("We assume you are happy for us to use cookies, for instance so that you stay signed "
              "in between visits to our site.")
CL_TERMS = ("Please remember that anything you submit is governed by our Terms and Conditions, "
            "and that by submitting it you confirm that you accept them.")
CL_NO_HTML = "Links may be included in your comments but HTML is not permitted."
CL_SIGNIN = "You must sign in to make a comment"
CL_FOOTER = f"© Civic Ledger Media Ltd {COPYRIGHT_YEAR}. Registered in England and Wales."
CL_NEWSLETTER = "Get the Ledger Daily briefing in your inbox every weekday morning"


def cl_path(p: dict) -> str:
    section = "news" if p["genre"] == "news" else "comment"
    return f"/{CL}/{section}/{p['slug']}/{p['id']}.article"


def cl_shell(title: str, body: str, *, head_extra: str = "", body_class: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="en-GB" class="no-js">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<link rel="stylesheet" href="/{CL}/static/ledger.css">
<link rel="alternate" type="application/rss+xml" title="Comment | The Civic Ledger" href="/{CL}/comment/rss.xml">
{head_extra}
</head>
<body class="{body_class}">
<!--[if lt IE 10]><![endif]-->
<div id="browser-upgrade" class="browser-warning" role="alert">
  <h2>{e(CL_BROWSER_H)}</h2>
  <p>{e(CL_BROWSER_P)}</p>
</div>
<div class="cookies-disabled-warning">
  <p>{e(CL_COOKIES_OFF)}</p>
</div>
<div id="cookieNotice" class="cookie-consent">
  <p>{e(CL_CONSENT)}</p>
  <a class="cookie-consent__more" href="/{CL}/about/#cookies">Learn more</a>
  <button type="button" class="cookie-consent__close" aria-label="Close">&times;</button>
</div>
<div class="site-wrapper">
<header class="masthead">
  <div class="masthead__top">
    <a class="masthead__logo" href="/{CL}/">{CL_TITLE}</a>
    <p class="masthead__tagline">For everyone who runs local public services</p>
    <ul class="masthead__account">
      <li><a href="/{CL}/about/#account">Sign in</a></li>
      <li><a href="/{CL}/about/#subscribe">Subscribe</a></li>
    </ul>
  </div>
  <nav class="primary-nav" aria-label="Main">
    <ul>
      <li><a href="/{CL}/">Home</a></li>
      <li><a href="/{CL}/news/">News</a></li>
      <li><a href="/{CL}/comment/">Comment</a></li>
      <li><a href="/{CL}/about/">About us</a></li>
      <li><a href="/{CL}/search/">Search</a></li>
    </ul>
  </nav>
</header>
<div class="page-content">
{body}
</div>
<footer class="site-footer">
  <div class="site-footer__links">
    <ul>
      <li><a href="/{CL}/about/">About us</a></li>
      <li><a href="/{CL}/about/#contact">Contact us</a></li>
      <li><a href="/{CL}/about/#terms">Terms and conditions</a></li>
      <li><a href="/{CL}/about/#privacy">Privacy policy</a></li>
      <li><a href="/{CL}/about/#cookies">Cookie policy</a></li>
    </ul>
  </div>
  <div class="site-footer__newsletter">
    <p>{e(CL_NEWSLETTER)}</p>
    <a class="button" href="/{CL}/about/#subscribe">Sign up</a>
  </div>
  <p class="site-footer__copyright">{e(CL_FOOTER)}</p>
</footer>
</div>
</body>
</html>
"""


def cl_article(p: dict, opinions: list[dict], all_pieces: list[dict], idx: int) -> None:
    is_news = p["genre"] == "news"
    section = "News" if is_news else "Comment"
    section_url = f"/{CL}/{'news' if is_news else 'comment'}/"
    first = p["authors"][0]["name"]
    others = [q for q in opinions if q is not p]
    related = [others[(idx + k) % len(others)] for k in range(3)]
    most_read = [q for q in sorted(all_pieces, key=lambda q: q["id"]) if q is not p][-5:][::-1]
    must_not = [CL_BROWSER_H, CL_COOKIES_OFF, CL_CONSENT, "Have your say", CL_SIGNIN,
                CL_NO_HTML, CL_TERMS, related[0]["title"], CL_FOOTER]
    if most_read[0]["title"] != related[0]["title"]:
        must_not.append(most_read[0]["title"])
    widget = ""
    signoff = ""
    if not is_news:
        joiner = f" {p.get('join', 'and')} "
        signoff_text = joiner.join(author_line(a) for a in p["authors"])
        wname = p["widget"]
        widget = f"""<div class="author-widget">
  <figure class="author-widget__image">
    <img src="/static/avatar.svg" alt="{ea(wname)}" width="80" height="80">
    <figcaption>{e(wname)}</figcaption>
  </figure>
  <div class="author-widget__name"><a href="/{CL}/search/?q={ea(wname.replace(' ', '+'))}">{e(wname)}</a></div>
</div>
"""
        tag = "strong" if idx % 2 == 0 else "em"
        signoff = f"<p><{tag}>{e(signoff_text)}</{tag}></p>\n"
        must_not += [signoff_text, wname]
    else:
        must_not += [first]
    comments = ""
    if p["comments"]:
        items = "\n".join(
            f"""  <li class="comment">
    <p class="comment__meta"><span class="comment__author">{e(c['who'])}</span> | <span class="comment__date">{e(c['when'])}</span></p>
    <div class="comment__body"><p>{e(c['text'])}</p></div>
    <p class="comment__actions"><a href="#comments">Report</a></p>
  </li>""" for c in p["comments"])
        comments = f"""<h3 class="comments__count">Readers' comments ({len(p['comments'])})</h3>
<ol class="comment-list">
{items}
</ol>
"""
        must_not += [c["text"] for c in p["comments"]]
    paras = "\n".join(f"<p>{e(x)}</p>" for x in p["paras"])
    related_html = "\n".join(
        f'    <li><a href="{q["path"]}">{e(q["title"])}</a></li>' for q in related)
    most_html = "\n".join(
        f'    <li><a href="{q["path"]}">{e(q["title"])}</a></li>' for q in most_read)
    head = f"""<meta name="description" content="{ea(p['standfirst'])}">
<meta name="DC.date.issued" content="{p['date'].isoformat()}">
<meta property="og:title" content="{ea(p['title'])}">
<meta property="og:description" content="{ea(p['standfirst'])}">
<meta property="og:site_name" content="{CL_TITLE}">
<meta property="og:url" content="{{{{BASE}}}}{p['path']}">
<link rel="canonical" href="{{{{BASE}}}}{p['path']}">"""
    body = f"""<ol class="breadcrumb">
  <li><a href="/{CL}/">Home</a></li>
  <li><a href="{section_url}">{section}</a></li>
</ol>
<div class="layout">
<div class="layout__main">
<article class="story story--{section.lower()}">
<div class="story__header">
  <h1 class="story__headline">{e(p['title'])}</h1>
  <div class="story__meta">
    <span class="story__date">{cl_date(p['date'])}</span>
    <span class="story__byline"><a href="/{CL}/search/?q={ea(first.replace(' ', '+'))}">{e(first)}</a></span>
  </div>
  <div class="story__section"><span class="bullet">&bull;</span> <a href="{section_url}">{section}</a></div>
  <div class="story__standfirst"><p>{e(p['standfirst'])}</p></div>
</div>
<div class="story__body">
{widget}{paras}
{signoff}</div>
<div class="story__section story__section--bottom"><span class="bullet">&bull;</span> <a href="{section_url}">{section}</a></div>
<section id="comments" class="comments">
{comments}<h2 class="comments__title">Have your say</h2>
<div class="comments__signin">
  <p>{e(CL_SIGNIN)}</p>
  <a class="button" href="/{CL}/about/#account">Sign in</a>
</div>
<p class="comments__terms">{e(CL_TERMS)}</p>
<p class="comments__html">{e(CL_NO_HTML)}</p>
</section>
</article>
</div>
<aside class="layout__side">
  <div class="related-articles">
    <h3>Related articles</h3>
    <ul>
{related_html}
    </ul>
  </div>
  <div class="most-read">
    <h3>Most read</h3>
    <ol>
{most_html}
    </ol>
  </div>
  <div class="promo-box">
    <h3>Jobs in local government</h3>
    <p>Hundreds of vacancies in finance, planning, housing and social care, updated daily.</p>
  </div>
</aside>
</div>"""
    write(p["path"], cl_shell(f"{p['title']} | {section} | {CL_TITLE}", body, head_extra=head,
                              body_class=f"article-page section-{section.lower()}"))
    gold_article(p, must_not)


def cl_listing(path: str, heading: str, intro: str, items: list[dict]) -> None:
    rows = "\n".join(f"""  <li class="listing__item">
    <h2 class="listing__headline"><a href="{q['path']}">{e(q['title'])}</a></h2>
    <p class="listing__meta"><span class="listing__date">{cl_date(q['date'])}</span> By {e(q['authors'][0]['name'])}</p>
    <p class="listing__standfirst">{e(q['standfirst'])}</p>
  </li>""" for q in items)
    body = f"""<ol class="breadcrumb"><li><a href="/{CL}/">Home</a></li><li>{e(heading)}</li></ol>
<section class="listing">
<h1 class="listing__title">{e(heading)}</h1>
<p class="listing__intro">{e(intro)}</p>
<form class="listing__search" action="/{CL}/search/" method="get">
  <label for="q">Search the archive</label> <input id="q" name="q" type="search"> <button type="submit">Go</button>
</form>
<ul class="listing__items">
{rows}
</ul>
<p class="listing__topics">Popular topics:
  <a href="/{CL}/search/?q=social+care">Social care</a>,
  <a href="/{CL}/search/?q=finance">Finance</a>,
  <a href="/{CL}/search/?q=devolution">Devolution</a>,
  <a href="/{CL}/search/?q=workforce">Workforce</a>
</p>
</section>"""
    write(path, cl_shell(f"{heading} | {CL_TITLE}", body, body_class="listing-page"))
    gold_page(path, CL, heading)


def build_cl(pieces: list[dict]) -> None:
    for p in pieces:
        p["path"] = cl_path(p)
    opinions = sorted([p for p in pieces if p["genre"] != "news"], key=lambda p: p["date"],
                      reverse=True)
    news = sorted([p for p in pieces if p["genre"] == "news"], key=lambda p: p["date"],
                  reverse=True)
    for i, p in enumerate(opinions):
        cl_article(p, opinions, pieces, i)
    for i, p in enumerate(news):
        cl_article(p, opinions, pieces, i)
    cl_listing(f"/{CL}/comment/", "Comment",
               "Opinion and analysis from the people who lead and run local services.", opinions)
    cl_listing(f"/{CL}/news/", "News", "The latest news from councils across the UK.", news)
    latest = sorted(pieces, key=lambda p: p["date"], reverse=True)
    rows = "\n".join(
        f'  <li><a href="{q["path"]}">{e(q["title"])}</a> <span class="date">{cl_date(q["date"])}</span></li>'
        for q in latest[:8])
    body = f"""<section class="home">
<h1 class="home__title">{CL_TITLE}</h1>
<p class="home__intro">News, comment and analysis for local government leaders since 1987.</p>
<h2>Latest</h2>
<ul class="home__latest">
{rows}
</ul>
<p><a href="/{CL}/comment/">More comment</a> | <a href="/{CL}/news/">More news</a></p>
</section>"""
    write(f"/{CL}/", cl_shell(f"{CL_TITLE} | Local government news and comment", body,
                              body_class="home-page"))
    gold_page(f"/{CL}/", CL, CL_TITLE)
    about = f"""<section class="static-page">
<h1>About us</h1>
<p>{CL_TITLE} is a weekly title for councillors, chief executives and senior officers across UK
local government. It is published in print every Thursday and online every weekday.</p>
<h2 id="contact">Contact us</h2>
<p>Editorial enquiries: newsdesk@civic-ledger.example. Letters for publication should include
your name, job title and organisation.</p>
<h2 id="subscribe">Subscribe</h2>
<p>Subscribers get the weekly print edition, the full online archive and the Ledger Daily
briefing.</p>
<h2 id="account">Your account</h2>
<p>Sign in with the email address you used to subscribe or register.</p>
<h2 id="terms">Terms and conditions</h2>
<p>Reader comments are moderated. We may remove comments that are abusive, defamatory or off
topic.</p>
<h2 id="privacy">Privacy policy</h2>
<p>We process your personal data only to provide the services you have asked for.</p>
<h2 id="cookies">Cookie policy</h2>
<p>We use cookies to keep you signed in and to understand how the site is used.</p>
<p class="note">The Civic Ledger is a fictional publication: part of a bundled sample site.</p>
</section>"""
    write(f"/{CL}/about/", cl_shell(f"About us | {CL_TITLE}", about, body_class="static-page"))
    gold_page(f"/{CL}/about/", CL, "About us")
    search = f"""<section class="search-page">
<h1>Search</h1>
<form action="/{CL}/search/" method="get">
  <label for="sq">Search {CL_TITLE}</label> <input id="sq" name="q" type="search"> <button type="submit">Search</button>
</form>
<p class="search-page__hint">Enter a word or phrase to search news and comment from 1987 onwards.</p>
</section>"""
    write(f"/{CL}/search/", cl_shell(f"Search | {CL_TITLE}", search, body_class="search-page"))
    gold_page(f"/{CL}/search/", CL, "Search")


# --------------------------------------------------------------------------------------------
# Nursing Practice Weekly: WordPress-style

NP = "nursing-practice"
NP_TITLE = "Nursing Practice Weekly"
NP_COOKIE = ("This website uses cookies so that we can remember your preferences and understand "
             "how the site is used.")
NP_NEWS_H = "Get Nursing Practice Weekly in your inbox"
NP_NEWS_P = ("Clinical updates, opinion and the latest jobs every Thursday. Free for registered "
             "nurses, nursing associates and students.")
NP_FOOTER = f"© {COPYRIGHT_YEAR} Nursing Practice Weekly. Published by Larkspur Health Media Ltd."
NP_LOGIN = "You must be logged in to post a comment."
NP_THEME = f"/{NP}/wp-content/themes/periodical/style.css"


def np_path(p: dict) -> str:
    d = p["date"]
    return f"/{NP}/{d.year:04d}/{d.month:02d}/{d.day:02d}/{p['slug']}/"


def np_shell(title: str, body: str, sidebar: str, *, head_extra: str = "",
             body_class: str = "") -> str:
    return f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<meta name="robots" content="index, follow, max-image-preview:large">
{head_extra}
<link rel="stylesheet" id="periodical-style-css" href="{NP_THEME}?ver=2.4.1" media="all">
<meta name="generator" content="WordPress 6.4.3">
</head>
<body class="{body_class}">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header">
  <div class="site-branding">
    <p class="site-title"><a href="/{NP}/" rel="home">{NP_TITLE}</a></p>
    <p class="site-description">Clinical insight for the nursing workforce</p>
  </div>
  <nav id="site-navigation" class="main-navigation">
    <button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">Menu</button>
    <ul id="primary-menu" class="menu">
      <li class="menu-item"><a href="/{NP}/">Home</a></li>
      <li class="menu-item current-menu-parent"><a href="/{NP}/opinion/">Opinion</a></li>
      <li class="menu-item"><a href="/{NP}/about/">About</a></li>
      <li class="menu-item"><a href="/{NP}/search/">Search</a></li>
    </ul>
  </nav>
</header>
<div id="content" class="site-content">
<div id="primary" class="content-area">
<main id="main" class="site-main">
{body}
</main>
</div>
{sidebar}
</div>
<footer id="colophon" class="site-footer">
  <div class="site-info">
    <p>{e(NP_FOOTER)}</p>
    <p><a href="/{NP}/about/#privacy">Privacy policy</a> | <a href="/{NP}/about/#cookies">Cookie policy</a> | Proudly powered by WordPress</p>
  </div>
</footer>
</div>
<div id="cookie-law-info-bar" class="cli-bar-container" role="dialog" aria-label="Cookie consent">
  <span class="cli-bar-message">{e(NP_COOKIE)} Choose &quot;Accept All Cookies&quot; to agree, or manage your choices in Cookie Settings.</span>
  <span class="cli-bar-btn_container">
    <a role="button" class="cli_settings_button" href="/{NP}/about/#cookies">Cookie Settings</a>
    <a role="button" id="cookie_action_close_header" class="cli_action_button">Accept All Cookies</a>
  </span>
</div>
</body>
</html>
"""


def np_sidebar(recent: list[dict]) -> str:
    rows = "\n".join(f'      <li><a href="{q["path"]}">{e(q["title"])}</a></li>' for q in recent)
    return f"""<aside id="secondary" class="widget-area">
  <section id="search-2" class="widget widget_search">
    <form role="search" method="get" class="search-form" action="/{NP}/search/">
      <label><span class="screen-reader-text">Search for:</span><input type="search" class="search-field" placeholder="Search &hellip;" name="q"></label>
      <input type="submit" class="search-submit" value="Search">
    </form>
  </section>
  <section id="recent-posts-2" class="widget widget_recent_entries">
    <h2 class="widget-title">Recent posts</h2>
    <ul>
{rows}
    </ul>
  </section>
  <section id="categories-2" class="widget widget_categories">
    <h2 class="widget-title">Categories</h2>
    <ul>
      <li class="cat-item"><a href="/{NP}/opinion/">Opinion</a></li>
      <li class="cat-item"><a href="/{NP}/search/?q=news">News</a></li>
    </ul>
  </section>
</aside>"""


def np_article(p: dict, pieces: list[dict], idx: int) -> None:
    is_news = p["genre"] == "news"
    cat, cat_url = ("News", f"/{NP}/search/?q=news") if is_news else ("Opinion", f"/{NP}/opinion/")
    joiner = f" {p.get('join', 'and')} "
    byline = "By " + joiner.join(author_line(a) for a in p["authors"])
    others = [q for q in pieces if q is not p]
    related = [others[(idx + k) % len(others)] for k in range(3)]
    recent = sorted(pieces, key=lambda q: q["date"], reverse=True)[:5]
    recent_titles = [q["title"] for q in recent if q is not p]
    must_not = [byline, "Share this:", "Accept All Cookies", NP_COOKIE, "Leave a reply", NP_LOGIN,
                NP_NEWS_H, NP_NEWS_P, "You might also like", related[0]["title"], "Skip to content",
                NP_FOOTER, recent_titles[0]]
    paras = [f"<p>{e(x)}</p>" for x in p["paras"]]
    box = f"""<div class="newsletter-signup wp-block-group">
<h3 class="newsletter-signup__title">{e(NP_NEWS_H)}</h3>
<p>{e(NP_NEWS_P)}</p>
<form class="newsletter-signup__form" action="/{NP}/about/" method="get">
<label for="nl-email-{p['postid']}">Email address</label>
<input type="email" id="nl-email-{p['postid']}" name="email" placeholder="you@example.com">
<button type="submit">Sign up</button>
</form>
</div>"""
    paras.insert(2, box)
    body_html = "\n".join(paras)
    byline_html = f"<p><strong>{e(byline)}</strong></p>"
    standfirst = ""
    if p.get("standfirst"):
        standfirst = f'\n<p class="entry-subtitle">{e(p["standfirst"])}</p>'
    related_html = "\n".join(f"""<div class="jp-relatedposts-post jp-relatedposts-post{k}" data-post-id="{q['postid']}">
<h4 class="jp-relatedposts-post-title"><a class="jp-relatedposts-post-a" href="{q['path']}">{e(q['title'])}</a></h4>
<p class="jp-relatedposts-post-date">{np_date(q['date'])}</p>
<p class="jp-relatedposts-post-context">In &quot;{'News' if q['genre'] == 'news' else 'Opinion'}&quot;</p>
</div>""" for k, q in enumerate(related))
    tags = ", ".join(f'<a href="/{NP}/search/?q={ea(t.replace(" ", "+"))}" rel="tag">{e(t)}</a>'
                     for t in p["tags"])
    ordered = sorted(pieces, key=lambda q: q["date"])
    pos = ordered.index(p)
    prev_link = next_link = ""
    if pos > 0:
        q = ordered[pos - 1]
        prev_link = f'<div class="nav-previous"><a href="{q["path"]}" rel="prev"><span class="meta-nav">Previous post</span> {e(q["title"])}</a></div>'
    if pos < len(ordered) - 1:
        q = ordered[pos + 1]
        next_link = f'<div class="nav-next"><a href="{q["path"]}" rel="next"><span class="meta-nav">Next post</span> {e(q["title"])}</a></div>'
    author_names = ", ".join(a["name"] for a in p["authors"])
    head = f"""<meta name="description" content="{ea(p.get('standfirst') or p['paras'][0][:150])}">
<link rel="canonical" href="{{{{BASE}}}}{p['path']}">
<meta property="og:locale" content="en_GB">
<meta property="og:type" content="article">
<meta property="og:title" content="{ea(p['title'])}">
<meta property="og:url" content="{{{{BASE}}}}{p['path']}">
<meta property="og:site_name" content="{NP_TITLE}">
<meta property="article:section" content="{cat}">
<meta property="article:published_time" content="{iso(p)}">
<meta name="author" content="{ea(author_names)}">"""
    if p.get("jsonld"):
        authors = []
        for a in p["authors"]:
            obj = {"@type": "Person", "name": a["name"]}
            if a["role"]:
                obj["jobTitle"] = a["role"]
            if a["organisation"]:
                obj["worksFor"] = {"@type": "Organization", "name": a["organisation"]}
            authors.append(obj)
        ld = {"@context": "https://schema.org", "@type": p["jsonld"], "headline": p["title"],
              "datePublished": iso(p), "dateModified": iso(p),
              "author": authors if len(authors) > 1 else authors[0],
              "publisher": {"@type": "Organization", "name": NP_TITLE},
              "articleSection": cat, "inLanguage": "en-GB",
              "mainEntityOfPage": {"@type": "WebPage", "@id": "{{BASE}}" + p["path"]}}
        if p.get("standfirst"):
            ld["description"] = p["standfirst"]
        head += "\n" + jsonld(ld)
    cls = "category-news" if is_news else "category-opinion"
    body = f"""<article id="post-{p['postid']}" class="post-{p['postid']} post type-post status-publish format-standard hentry {cls}">
<header class="entry-header">
<span class="cat-links"><a href="{cat_url}" rel="category tag">{cat}</a></span>
<h1 class="entry-title">{e(p['title'])}</h1>{standfirst}
<div class="entry-meta">
<span class="posted-on">Posted on <a href="{p['path']}" rel="bookmark"><time class="entry-date published updated" datetime="{iso(p)}">{np_date(p['date'])}</time></a></span>
</div>
</header>
<div class="entry-content">
{byline_html}
{body_html}
<div class="sharedaddy sd-sharing-enabled">
<div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing">
<h3 class="sd-title">Share this:</h3>
<div class="sd-content"><ul>
<li class="share-twitter"><a class="share-twitter sd-button" href="#share-twitter" title="Click to share on X">X</a></li>
<li class="share-facebook"><a class="share-facebook sd-button" href="#share-facebook" title="Click to share on Facebook">Facebook</a></li>
<li class="share-linkedin"><a class="share-linkedin sd-button" href="#share-linkedin" title="Click to share on LinkedIn">LinkedIn</a></li>
<li class="share-email"><a class="share-email sd-button" href="#share-email" title="Click to email a link to a friend">Email</a></li>
</ul></div>
</div>
</div>
<div id="jp-relatedposts" class="jp-relatedposts">
<h3 class="jp-relatedposts-headline"><em>You might also like</em></h3>
<div class="jp-relatedposts-items jp-relatedposts-items-visual">
{related_html}
</div>
</div>
</div>
<footer class="entry-footer">
<span class="tags-links">Tagged {tags}</span>
</footer>
</article>
<nav class="navigation post-navigation" aria-label="Posts">
<h2 class="screen-reader-text">Post navigation</h2>
<div class="nav-links">{prev_link}{next_link}</div>
</nav>
<div id="comments" class="comments-area">
<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">Leave a reply</h3>
<p class="must-log-in">You must be <a href="/{NP}/about/#membership">logged in</a> to post a comment.</p>
</div>
</div>"""
    body_class = f"post-template-default single single-post postid-{p['postid']} single-format-standard"
    write(p["path"], np_shell(f"{p['title']} – {NP_TITLE}", body, np_sidebar(recent),
                              head_extra=head, body_class=body_class))
    gold_article(p, must_not)


NP_BROKEN = {"title": "Revalidation three years on: what we have learned",
             "date": dt.date(2018, 1, 9), "slug": "revalidation-three-years-on",
             "excerpt": "Revalidation was meant to make reflection routine. Three years in, the "
                        "evidence is mixed."}


def build_np(pieces: list[dict]) -> None:
    for p in pieces:
        p["path"] = np_path(p)
    by_date = sorted(pieces, key=lambda p: p["date"], reverse=True)
    for i, p in enumerate(by_date):
        np_article(p, by_date, i)
    recent = by_date[:5]
    broken_path = f"/{NP}/2018/01/09/{NP_BROKEN['slug']}/"
    items = [{"title": q["title"], "path": q["path"], "date": q["date"],
              "excerpt": e(q["standfirst"]) if q.get("standfirst")
              else e(q["paras"][0][:140].rsplit(" ", 1)[0]) + " [&hellip;]",
              "postid": q["postid"]}
             for q in by_date if q["genre"] != "news"]
    items.append({"title": NP_BROKEN["title"], "path": broken_path, "date": NP_BROKEN["date"],
                  "excerpt": e(str(NP_BROKEN["excerpt"])), "postid": 2105})
    items.sort(key=lambda x: x["date"], reverse=True)
    pages = [items[0:4], items[4:8], items[8:]]
    for n, chunk in enumerate(pages, start=1):
        path = f"/{NP}/opinion/" if n == 1 else f"/{NP}/opinion/page/{n}/"
        arts = "\n".join(f"""<article id="post-{x['postid']}" class="post type-post status-publish hentry category-opinion">
<header class="entry-header">
<h2 class="entry-title"><a href="{x['path']}" rel="bookmark">{e(x['title'])}</a></h2>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{x['date'].isoformat()}">{np_date(x['date'])}</time></span></div>
</header>
<div class="entry-summary"><p>{x['excerpt']}</p></div>
<a class="more-link" href="{x['path']}">Continue reading <span class="screen-reader-text">{e(x['title'])}</span></a>
</article>""" for x in chunk)
        links = []
        if n > 1:
            prev = f"/{NP}/opinion/" if n == 2 else f"/{NP}/opinion/page/{n - 1}/"
            links.append(f'<a class="prev page-numbers" rel="prev" href="{prev}">Newer posts</a>')
        for m in range(1, len(pages) + 1):
            if m == n:
                links.append(f'<span aria-current="page" class="page-numbers current">{m}</span>')
            else:
                href = f"/{NP}/opinion/" if m == 1 else f"/{NP}/opinion/page/{m}/"
                links.append(f'<a class="page-numbers" href="{href}">{m}</a>')
        head = ""
        if n < len(pages):
            links.append(f'<a class="next page-numbers" rel="next" href="/{NP}/opinion/page/{n + 1}/">Older posts</a>')
            head = f'<link rel="next" href="/{NP}/opinion/page/{n + 1}/">'
        body = f"""<header class="page-header">
<h1 class="page-title">Category: Opinion</h1>
<div class="archive-description"><p>Comment and analysis from nurses across practice, education and leadership.</p></div>
</header>
{arts}
<nav class="navigation pagination" aria-label="Posts pagination">
<h2 class="screen-reader-text">Posts pagination</h2>
<div class="nav-links">{' '.join(links)}</div>
</nav>"""
        suffix = "" if n == 1 else f" – Page {n} of {len(pages)}"
        head += ('\n<meta property="og:type" content="website">'
                 f'\n<meta property="og:title" content="Opinion{suffix} – {NP_TITLE}">')
        write(path, np_shell(f"Opinion{suffix} – {NP_TITLE}", body, np_sidebar(recent),
                             head_extra=head, body_class="archive category category-opinion"))
        gold_page(path, NP, "Category: Opinion")
    GOLD.append({"path": broken_path, "site": NP, "status": 404, "is_article": False,
                 "genre": None, "title": None, "standfirst": None, "authors": None,
                 "published": None, "body_first": None, "body_last": None, "paragraphs": None,
                 "must_not_contain": []})
    rows = "\n".join(f"""<article class="post hentry">
<h2 class="entry-title"><a href="{q['path']}">{e(q['title'])}</a></h2>
<div class="entry-meta"><time datetime="{iso(q)}">{np_date(q['date'])}</time></div>
</article>""" for q in by_date[:6])
    body = f"""<header class="page-header"><h1 class="page-title">Latest from Nursing Practice Weekly</h1></header>
{rows}
<p class="more"><a href="/{NP}/opinion/">More opinion</a></p>"""
    write(f"/{NP}/", np_shell(f"{NP_TITLE} – Clinical insight for the nursing workforce", body,
                              np_sidebar(recent), body_class="home blog",
                              head_extra='<meta property="og:type" content="website">'))
    gold_page(f"/{NP}/", NP, "Latest from Nursing Practice Weekly")
    about = f"""<article class="page type-page status-publish hentry">
<header class="entry-header"><h1 class="entry-title">About</h1></header>
<div class="entry-content">
<p>{NP_TITLE} publishes clinical updates, news and opinion for nurses, midwives, nursing
associates and students across the UK. We welcome opinion pieces from nurses at every stage of
their career.</p>
<h2 id="write">Write for us</h2>
<p>Send a short pitch to the opinion editor at opinion@nursing-practice.example.</p>
<h2 id="membership">Membership</h2>
<p>Registered readers can comment on articles and save pieces to read later.</p>
<h2 id="privacy">Privacy</h2>
<p>We keep only the personal data we need to run the site and our newsletters.</p>
<h2 id="cookies">Cookies</h2>
<p>We use essential cookies and, with your consent, analytics cookies.</p>
<p class="note">Nursing Practice Weekly is a fictional publication: part of a bundled sample site.</p>
</div>
</article>"""
    write(f"/{NP}/about/", np_shell(f"About – {NP_TITLE}", about, np_sidebar(recent),
                                    body_class="page-template-default page"))
    gold_page(f"/{NP}/about/", NP, "About")
    search = f"""<header class="page-header"><h1 class="page-title">Search</h1></header>
<form role="search" method="get" class="search-form" action="/{NP}/search/">
<label><span class="screen-reader-text">Search for:</span><input type="search" class="search-field" name="q"></label>
<input type="submit" class="search-submit" value="Search">
</form>
<p>Type a word or phrase above to search the archive.</p>"""
    write(f"/{NP}/search/", np_shell(f"Search – {NP_TITLE}", search, np_sidebar(recent),
                                     body_class="search"))
    gold_page(f"/{NP}/search/", NP, "Search")


# --------------------------------------------------------------------------------------------
# Build Review: modern construction title

BR = "build-review"
BR_TITLE = "Build Review"
BR_COOKIE = ("We use cookies on this site to understand how it is used and to show you relevant "
             "advertising. You can change your choices at any time.")
BR_AD = "Specify with confidence: certified fire door sets from Hallam Joinery"
BR_AD2 = "Site insurance for specialist contractors. Get a quote in minutes."
BR_NEWSLETTER = "Get the Build Review daily briefing"
BR_FOOTER = f"© {COPYRIGHT_YEAR} Build Review. Published by Corbel Media Ltd, registered in England."
BR_LETTERS_CTA = ("Letters may be edited for length and clarity. Write to "
                  "letters@build-review.example with your name, job title and town.")
BR_EDITORIAL_NOTE = "Our view is written by the Build Review editorial team."


def br_path(p: dict) -> str:
    return f"/{BR}/{p['section']}/{p['slug']}"


def br_shell(title: str, body: str, *, head_extra: str = "", body_class: str = "") -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{e(title)}</title>
<link rel="stylesheet" href="/{BR}/assets/app.css">
{head_extra}
</head>
<body class="{body_class}">
<div class="b-x91" data-v="3" role="region" aria-label="Privacy">{e(BR_COOKIE)}
  <div class="b-x91__btns"><button type="button" class="b-x91__ok">Accept</button><button type="button" class="b-x91__no">Reject non-essential</button><a href="/{BR}/about/#privacy">Privacy notice</a></div>
</div>
<header class="site-header">
  <a class="site-header__logo" href="/{BR}/" aria-label="{BR_TITLE} home">{BR_TITLE}</a>
  <nav class="site-header__nav">
    <a href="/{BR}/">Home</a>
    <a href="/{BR}/opinion/">Opinion</a>
    <a href="/{BR}/about/">About</a>
    <a href="/{BR}/search/">Search</a>
  </nav>
</header>
<div class="ad-slot ad-slot--leaderboard"><span class="ad-slot__label">Advertisement</span><div class="ad-slot__creative">{e(BR_AD)}</div></div>
<main id="main">
{body}
</main>
<section class="newsletter-band">
  <h2>{e(BR_NEWSLETTER)}</h2>
  <p>The stories that matter to contractors, consultants and clients, every weekday at 7am.</p>
  <a class="btn" href="/{BR}/about/#newsletter">Sign up free</a>
</section>
<footer class="site-footer">
  <nav class="site-footer__nav">
    <a href="/{BR}/about/">About Build Review</a>
    <a href="/{BR}/about/#contact">Contact</a>
    <a href="/{BR}/about/#privacy">Privacy</a>
    <a href="/{BR}/about/#advertise">Advertise</a>
  </nav>
  <p class="site-footer__legal">{e(BR_FOOTER)}</p>
</footer>
</body>
</html>
"""


def br_article(p: dict, opinion_items: list[dict], idx: int) -> None:
    genre = p["genre"]
    kicker = {"opinion": "Opinion", "letter": "Letters", "editorial": "Editorial",
              "news": "News"}[genre]
    kicker_url = f"/{BR}/opinion/"
    others = [q for q in opinion_items if q is not p]
    more = [others[(idx + k) % len(others)] for k in range(4)]
    must_not = [BR_COOKIE, "Advertisement", BR_AD, BR_AD2, "Share this article", "More opinion",
                more[0]["title"], BR_NEWSLETTER, BR_FOOTER]
    meta_bits = []
    if p.get("byline"):
        meta_bits.append(f'<span class="byline">By <a href="/{BR}/search/?q={ea(p["authors"][0]["name"].replace(" ", "+"))}">{e(p["byline"])}</a></span>')
        must_not.append(f"By {p['byline']}")
    date_text = br_short_date(p["date"]) if genre == "letter" else br_date(p["date"])
    meta_bits.append(f'<span class="date">{date_text}</span>')
    paras = [f"<p>{e(x)}</p>" for x in p["paras"]]
    mid = min(3, len(paras) - 1)
    paras.insert(mid, f'<div class="ad-slot ad-slot--inline"><span class="ad-slot__label">Advertisement</span><div class="ad-slot__creative">{e(BR_AD2)}</div></div>')
    tail = ""
    after = ""
    if p.get("bio"):
        if p["bio_style"] == "aside":
            tail = f'<aside class="author-bio"><p>{e(p["bio"])}</p></aside>'
        else:
            tail = f"<p><em>{e(p['bio'])}</em></p>"
        must_not.append(p["bio"])
    if p.get("signature"):
        name, rest = p["signature"].split(",", 1)
        tail = f'<p class="letter-signature"><strong>{e(name)}</strong>,{e(rest)}</p>'
        must_not.append(p["signature"])
        after = f'<aside class="letters-cta"><p>{e(BR_LETTERS_CTA)}</p></aside>'
        must_not.append(BR_LETTERS_CTA)
    if genre == "editorial":
        after = f'<p class="editorial-note">{e(BR_EDITORIAL_NOTE)}</p>'
        must_not.append(BR_EDITORIAL_NOTE)
    body_html = "\n".join(paras + ([tail] if tail else []))
    standfirst = f'\n<p class="standfirst">{e(p["standfirst"])}</p>' if p.get("standfirst") else ""
    more_html = "\n".join(f"""    <li class="more-opinion__item"><a href="{q['path']}"><span class="more-opinion__kicker">{ {'opinion': 'Opinion', 'letter': 'Letters', 'editorial': 'Editorial'}[q['genre']] }</span> {e(q['title'])}</a></li>""" for q in more)
    head = [f'<meta name="description" content="{ea(p.get("standfirst") or p["paras"][0][:150])}">',
            f'<link rel="canonical" href="{{{{BASE}}}}{p["path"]}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:title" content="{ea(p["title"])}">',
            f'<meta property="og:url" content="{{{{BASE}}}}{p["path"]}">',
            f'<meta property="og:site_name" content="{BR_TITLE}">',
            f'<meta property="article:published_time" content="{iso(p)}">',
            f'<meta property="article:section" content="{kicker}">']
    if p["authors"]:
        head.append(f'<meta name="author" content="{ea(", ".join(a["name"] for a in p["authors"]))}">')
    head.append('<meta name="twitter:card" content="summary_large_image">')
    share = """<div class="share-tools"><span class="share-tools__label">Share this article</span>
<a class="share-tools__btn" href="#share-linkedin">LinkedIn</a>
<a class="share-tools__btn" href="#share-x">X</a>
<a class="share-tools__btn" href="#share-email">Email</a></div>"""
    body = f"""<article class="article article--{genre}">
<header class="article-header">
<p class="article-header__kicker"><a href="{kicker_url}">{kicker}</a></p>
<h1 class="article-header__title">{e(p['title'])}</h1>{standfirst}
<div class="article-header__meta">{' '.join(meta_bits)}</div>
</header>
<div class="article-body">
{body_html}
</div>
{after}
{share}
</article>
<section class="more-opinion">
  <h2>More opinion</h2>
  <ul>
{more_html}
  </ul>
</section>"""
    write(p["path"], br_shell(f"{p['title']} | {BR_TITLE}", body, head_extra="\n".join(head),
                              body_class=f"page-article section-{p['section']}"))
    gold_article(p, must_not)


def br_card(q: dict) -> str:
    kick = {"opinion": "Opinion", "letter": "Letters", "editorial": "Editorial",
            "news": "News"}[q["genre"]]
    who = f"{e(q['byline'])} &middot; " if q.get("byline") else ""
    dek = f'\n    <p class="card__dek">{e(q["standfirst"])}</p>' if q.get("standfirst") else ""
    date_text = br_short_date(q["date"]) if q["genre"] == "letter" else br_date(q["date"])
    return f"""  <li class="card card--{q['genre']}">
    <span class="card__kicker">{kick}</span>
    <a class="card__link" href="{q['path']}"><h3 class="card__title">{e(q['title'])}</h3></a>{dek}
    <span class="card__meta">{who}{date_text}</span>
  </li>"""


def build_br(pieces: list[dict]) -> None:
    for p in pieces:
        p["path"] = br_path(p)
    opinion_items = sorted([p for p in pieces if p["genre"] != "news"], key=lambda p: p["date"],
                           reverse=True)
    for i, p in enumerate(opinion_items):
        br_article(p, opinion_items, i)
    for i, p in enumerate([p for p in pieces if p["genre"] == "news"]):
        br_article(p, opinion_items, i)
    page1, page2 = opinion_items[:6], opinion_items[6:]
    body1 = f"""<section class="section-front">
<h1 class="section-front__title">Opinion</h1>
<p class="section-front__intro">Columns, letters and our view on the issues facing the built environment.</p>
<form class="section-front__search" action="/{BR}/search/" method="get"><input type="search" name="q" aria-label="Search opinion"><button>Search</button></form>
<ul class="card-list">
{chr(10).join(br_card(q) for q in page1)}
</ul>
<div class="pager"><a class="load-more" href="/{BR}/opinion/page/2/" data-page="2">Load more</a></div>
</section>"""
    write(f"/{BR}/opinion/", br_shell(f"Opinion | {BR_TITLE}", body1, body_class="page-section", head_extra='<meta property="og:type" content="website">'))
    gold_page(f"/{BR}/opinion/", BR, "Opinion")
    body2 = f"""<section class="section-front">
<h1 class="section-front__title">Opinion</h1>
<p class="section-front__intro">Page 2</p>
<ul class="card-list">
{chr(10).join(br_card(q) for q in page2)}
</ul>
<div class="pager"><a class="back-to-latest" href="/{BR}/opinion/">Back to latest</a></div>
</section>"""
    write(f"/{BR}/opinion/page/2/", br_shell(f"Opinion – page 2 | {BR_TITLE}", body2,
                                             body_class="page-section", head_extra='<meta property="og:type" content="website">'))
    gold_page(f"/{BR}/opinion/page/2/", BR, "Opinion")
    latest = sorted(pieces, key=lambda p: p["date"], reverse=True)
    body = f"""<section class="home">
<h1 class="home__title">Build Review</h1>
<p class="home__intro">Analysis and opinion for the construction and engineering professions.</p>
<ul class="card-list">
{chr(10).join(br_card(q) for q in latest[:6])}
</ul>
<p><a href="/{BR}/opinion/">All opinion</a></p>
</section>"""
    write(f"/{BR}/", br_shell(f"{BR_TITLE} | Construction and engineering news and opinion", body,
                              body_class="page-home", head_extra='<meta property="og:type" content="website">'))
    gold_page(f"/{BR}/", BR, "Build Review")
    about = """<section class="static">
<h1>About Build Review</h1>
<p>Build Review covers the business, technology and regulation of construction for contractors,
consultants, clients and specialist suppliers. Our opinion pages are open to anyone working in
or around the industry.</p>
<h2 id="contact">Contact</h2>
<p>News desk: news@build-review.example. Letters: letters@build-review.example.</p>
<h2 id="newsletter">Newsletter</h2>
<p>The daily briefing arrives every weekday at 7am.</p>
<h2 id="advertise">Advertise</h2>
<p>Display, newsletter and recruitment advertising is available.</p>
<h2 id="privacy">Privacy</h2>
<p>We use cookies and similar technologies with your consent.</p>
<p class="note">Build Review is a fictional publication: part of a bundled sample site.</p>
</section>"""
    write(f"/{BR}/about/", br_shell(f"About | {BR_TITLE}", about, body_class="page-static"))
    gold_page(f"/{BR}/about/", BR, "About Build Review")
    search = f"""<section class="static">
<h1>Search Build Review</h1>
<form action="/{BR}/search/" method="get"><input type="search" name="q" aria-label="Search"><button>Search</button></form>
<p>Search more than 20 years of news, opinion and letters.</p>
</section>"""
    write(f"/{BR}/search/", br_shell(f"Search | {BR_TITLE}", search, body_class="page-search"))
    gold_page(f"/{BR}/search/", BR, "Search Build Review")


# --------------------------------------------------------------------------------------------
# feeds, sitemaps, robots, static assets


def xml_e(s: str) -> str:
    return html.escape(s, quote=False)


CL_BROKEN = {"title": "‘Why we scrapped the citizens’ panel’",
             "path": f"/{CL}/comment/why-we-scrapped-the-citizens-panel/1361180.article",
             "dt": dt.datetime(2020, 3, 2, 6, 0, tzinfo=LONDON), "author": "Nadine Ferris",
             "standfirst": "A council leader explains why a flagship engagement scheme was wound up."}


def build_feeds(cl: list[dict], np_: list[dict], br: list[dict]) -> None:
    # Civic Ledger comment RSS (with one item whose page has been taken down)
    items = [{"title": p["title"], "path": p["path"], "dt": p["dt"], "author": p["authors"][0]["name"],
              "standfirst": p["standfirst"]} for p in cl if p["genre"] != "news"]
    items.append(CL_BROKEN)
    items.sort(key=lambda x: x["dt"], reverse=True)
    rss_items = "\n".join(f"""    <item>
      <title>{xml_e(x['title'])}</title>
      <link>{{{{BASE}}}}{x['path']}</link>
      <guid isPermaLink="true">{{{{BASE}}}}{x['path']}</guid>
      <pubDate>{format_datetime(x['dt'])}</pubDate>
      <dc:creator>{xml_e(x['author'])}</dc:creator>
      <category>Comment</category>
      <description>{xml_e(x['standfirst'])}</description>
    </item>""" for x in items)
    write(f"/{CL}/comment/rss.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Comment | The Civic Ledger</title>
    <link>{{{{BASE}}}}/{CL}/comment/</link>
    <atom:link href="{{{{BASE}}}}/{CL}/comment/rss.xml" rel="self" type="application/rss+xml"/>
    <description>Opinion and analysis from the people who lead and run local services.</description>
    <language>en-gb</language>
    <lastBuildDate>{format_datetime(items[0]['dt'])}</lastBuildDate>
{rss_items}
  </channel>
</rss>
""")
    GOLD.append({"path": CL_BROKEN["path"], "site": CL, "status": 404, "is_article": False,
                 "genre": None, "title": None, "standfirst": None, "authors": None,
                 "published": None, "body_first": None, "body_last": None, "paragraphs": None,
                 "must_not_contain": []})
    # Build Review opinion RSS: the six most recent opinion-section pieces
    latest = sorted([p for p in br if p["genre"] != "news"], key=lambda p: p["dt"],
                    reverse=True)[:6]
    rss_items = "\n".join(f"""    <item>
      <title>{xml_e(p['title'])}</title>
      <link>{{{{BASE}}}}{p['path']}</link>
      <guid isPermaLink="false">br-{p['slug']}</guid>
      <pubDate>{rfc822(p)}</pubDate>
      <description>{xml_e(p.get('standfirst') or p['paras'][0][:150])}</description>
    </item>""" for p in latest)
    write(f"/{BR}/feeds/opinion.rss", f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Build Review – Opinion</title>
    <link>{{{{BASE}}}}/{BR}/opinion/</link>
    <description>Columns, letters and editorials from Build Review</description>
    <language>en</language>
{rss_items}
  </channel>
</rss>
""")
    # Sitemaps
    news_urls = "\n".join(f"""  <url>
    <loc>{{{{BASE}}}}{p['path']}</loc>
    <news:news>
      <news:publication>
        <news:name>{CL_TITLE}</news:name>
        <news:language>en</news:language>
      </news:publication>
      <news:publication_date>{iso(p)}</news:publication_date>
      <news:title>{xml_e(p['title'])}</news:title>
    </news:news>
  </url>""" for p in sorted(cl, key=lambda p: p["dt"], reverse=True))
    write(f"/{CL}/sitemap.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{news_urls}
</urlset>
""")
    np_urls = "\n".join(f"""  <url>
    <loc>{{{{BASE}}}}{p['path']}</loc>
    <lastmod>{iso(p)}</lastmod>
  </url>""" for p in sorted(np_, key=lambda p: p["dt"], reverse=True))
    write(f"/{NP}/post-sitemap.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="/{NP}/main-sitemap.xsl"?>
<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url>
    <loc>{{{{BASE}}}}/{NP}/opinion/</loc>
    <lastmod>{iso(max(np_, key=lambda p: p['dt']))}</lastmod>
  </url>
{np_urls}
</urlset>
""")
    br_urls = "\n".join(f"""  <url>
    <loc>{{{{BASE}}}}{p['path']}</loc>
    <lastmod>{p['date'].isoformat()}</lastmod>
    <changefreq>monthly</changefreq>
  </url>""" for p in sorted(br, key=lambda p: p["dt"], reverse=True))
    write(f"/{BR}/sitemap.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url>
    <loc>{{{{BASE}}}}/{BR}/about/</loc>
    <lastmod>2024-01-01</lastmod>
    <changefreq>yearly</changefreq>
  </url>
{br_urls}
</urlset>
""")
    newest = {CL: max(p["dt"] for p in cl), NP: max(p["dt"] for p in np_),
              BR: max(p["dt"] for p in br)}
    write("/sitemap.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap>
    <loc>{{{{BASE}}}}/{CL}/sitemap.xml</loc>
    <lastmod>{newest[CL].isoformat()}</lastmod>
  </sitemap>
  <sitemap>
    <loc>{{{{BASE}}}}/{NP}/post-sitemap.xml</loc>
    <lastmod>{newest[NP].isoformat()}</lastmod>
  </sitemap>
  <sitemap>
    <loc>{{{{BASE}}}}/{BR}/sitemap.xml</loc>
    <lastmod>{newest[BR].isoformat()}</lastmod>
  </sitemap>
</sitemapindex>
""")
    write("/robots.txt", f"""# Bundled sample trade-press site (fictional publications).
User-agent: *
Disallow: /*/search
Disallow: /{CL}/search
Disallow: /{NP}/search
Disallow: /{BR}/search
Disallow: /admin/

Sitemap: {{{{BASE}}}}/sitemap.xml
""")


def build_static() -> None:
    write("/static/avatar.svg", """<svg xmlns="http://www.w3.org/2000/svg" width="80" height="80" viewBox="0 0 80 80">
<rect width="80" height="80" fill="#d9dde3"/>
<circle cx="40" cy="30" r="15" fill="#9aa3ae"/>
<path d="M12 76c3-17 15-26 28-26s25 9 28 26z" fill="#9aa3ae"/>
</svg>
""")
    write(f"/{CL}/static/ledger.css", """body{font-family:Georgia,serif;margin:0;color:#222}
.browser-warning{background:#fff3cd;padding:.5em 1em}
.cookies-disabled-warning{display:none}
.cookie-consent{background:#222;color:#fff;padding:.5em 1em}
.cookie-consent a{color:#9cf}
.masthead{background:#0b3d5c;color:#fff;padding:1em}
.masthead a{color:#fff}
.primary-nav ul,.masthead__account{list-style:none;display:flex;gap:1em;padding:0}
.layout{display:flex;gap:2em;max-width:1100px;margin:0 auto;padding:1em}
.layout__main{flex:3}.layout__side{flex:1}
.breadcrumb{list-style:none;display:flex;gap:.5em;max-width:1100px;margin:1em auto}
.story__standfirst{font-size:1.2em;color:#444}
.author-widget{float:right;width:120px;margin:0 0 1em 1em;font-size:.8em;text-align:center}
.bullet{color:#c00}
.comments{border-top:2px solid #0b3d5c;margin-top:2em}
.site-footer{background:#eee;padding:1em;margin-top:2em}
""")
    write(NP_THEME, """body{font-family:-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1e1e1e}
.screen-reader-text{position:absolute;left:-9999px}
.site-header{border-bottom:3px solid #7b2d8b;padding:1em}
.site-title a{color:#7b2d8b;font-size:1.6em;text-decoration:none}
#primary-menu{list-style:none;display:flex;gap:1em;padding:0}
.site-content{display:flex;gap:2em;max-width:1100px;margin:0 auto;padding:1em}
.content-area{flex:3}.widget-area{flex:1}
.entry-subtitle{font-size:1.15em;color:#555}
.newsletter-signup{background:#f4ecf6;padding:1em;margin:1.5em 0}
.sharedaddy ul{list-style:none;display:flex;gap:.5em;padding:0}
#cookie-law-info-bar{position:fixed;bottom:0;left:0;right:0;background:#333;color:#fff;padding:1em}
""")
    write(f"/{BR}/assets/app.css", """body{font-family:"Helvetica Neue",Arial,sans-serif;margin:0;color:#111}
.b-x91{position:fixed;bottom:0;left:0;right:0;background:#111;color:#eee;padding:1em;z-index:9}
.site-header{display:flex;justify-content:space-between;padding:1em 2em;background:#f2b705}
.site-header a{color:#111;margin-right:1em;text-decoration:none;font-weight:bold}
.ad-slot{background:#f5f5f5;text-align:center;padding:1em;margin:1em auto;max-width:970px}
.ad-slot__label{display:block;font-size:.7em;text-transform:uppercase;color:#888}
main{max-width:760px;margin:0 auto;padding:1em}
.standfirst{font-size:1.25em;color:#333}
.article-header__meta{color:#666;font-size:.9em}
.author-bio{border-top:1px solid #ccc;font-style:italic}
.card-list{list-style:none;padding:0}.card{border-bottom:1px solid #ddd;padding:1em 0}
.newsletter-band{background:#222;color:#fff;padding:2em;text-align:center}
.site-footer{padding:2em;font-size:.85em}
""")


def build_root() -> None:
    body = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Sample trade press</title>
<meta name="robots" content="noindex">
</head>
<body>
<h1>Sample trade press</h1>
<p>This is the bundled sample site of tradepress: three fictional UK trade titles, served
locally for demonstrations and tests. All people, organisations and publications here are
invented.</p>
<ul>
  <li><a href="/{CL}/">{CL_TITLE}</a>: a local-government weekly (comment, news)</li>
  <li><a href="/{NP}/">{NP_TITLE}</a>: a nursing title built on WordPress (opinion, news)</li>
  <li><a href="/{BR}/">{BR_TITLE}</a>: a construction and engineering title (opinion, letters, editorials, news)</li>
</ul>
<p><a href="/sitemap.xml">Sitemap index</a> | <a href="/robots.txt">robots.txt</a></p>
</body>
</html>
"""
    write("/", body)
    gold_page("/", None, "Sample trade press")


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    cl = parse_content(HERE / "content_cl.txt")
    np_ = parse_content(HERE / "content_np.txt")
    br = parse_content(HERE / "content_br.txt")
    build_static()
    build_root()
    build_cl(cl)
    build_np(np_)
    build_br(br)
    build_feeds(cl, np_, br)
    GOLD.sort(key=lambda g: (g["site"] or "", g["path"]))
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(json.dumps(GOLD, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    EVAL.sort(key=lambda e: e["file"])
    EVAL_SET.parent.mkdir(parents=True, exist_ok=True)
    EVAL_SET.write_text(json.dumps(EVAL, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    arts = [g for g in GOLD if g["is_article"]]
    print(f"{len(GOLD)} records, {len(arts)} articles")


if __name__ == "__main__":
    main()
