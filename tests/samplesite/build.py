"""Generate the bundled sample trade-press site and its golden expectations.

Content lives in content_*.txt beside this script; each publication's pages are built by its
own module (civic_ledger, nursing_practice, build_review), on the helpers of common. Output
goes to crawler/samplesite/site, tests/golden/sample_expected.json and
benchmarks/sample-set/truth.json. Run: python tests/samplesite/build.py
"""

from __future__ import annotations

import datetime as dt
import html
import json
import shutil
from email.utils import format_datetime

from build_review import BR, BR_TITLE, build_br
from civic_ledger import CL, CL_TITLE, build_cl
from common import (
    EVAL,
    EVAL_SET,
    GOLD,
    GOLDEN,
    HERE,
    LONDON,
    OUT,
    gold_page,
    iso,
    parse_content,
    rfc822,
    write,
)
from nursing_practice import NP, NP_THEME, NP_TITLE, build_np


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
