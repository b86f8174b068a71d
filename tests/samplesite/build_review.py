"""Build Review: a modern construction title (pages of the sample site)."""

from __future__ import annotations

from common import (
    COPYRIGHT_YEAR,
    br_date,
    br_short_date,
    e,
    ea,
    gold_article,
    gold_page,
    iso,
    write,
)

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
