"""Nursing Practice Weekly: a WordPress-style nursing title (pages of the sample site)."""

from __future__ import annotations

import datetime as dt

from common import (
    COPYRIGHT_YEAR,
    GOLD,
    author_line,
    e,
    ea,
    gold_article,
    gold_page,
    iso,
    jsonld,
    np_date,
    write,
)

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
