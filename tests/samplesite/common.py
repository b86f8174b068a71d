"""What the sample site's page builders share: where things are written, the content files,
date formats, and the golden records the builders collect."""

from __future__ import annotations

import datetime as dt
import html
import json
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).parent
REPO = Path(__file__).resolve().parents[2]
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
