"""The Civic Ledger: an EMAP-style local-government weekly (pages of the sample site)."""

from __future__ import annotations

from common import (
    COPYRIGHT_YEAR,
    author_line,
    cl_date,
    e,
    ea,
    gold_article,
    gold_page,
    write,
)

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
