"""Check the generated sample site against its golden records, independently of tradepress:
titles, standfirsts, paragraphs, authors in their sign-offs, boilerplate that must not reach the
body, and what plain trafilatura makes of each page. Run: python tests/samplesite/verify.py
"""

import json
from pathlib import Path

import lxml.html
import trafilatura

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "crawler/samplesite/site"
GOLDEN = REPO / "tests/golden/sample_expected.json"


def file_for(path):
    f = SITE / path.lstrip("/")
    return f / "index.html" if path.endswith("/") else f


def norm(s):
    return " ".join(s.split())


def main() -> int:
    gold = json.loads(GOLDEN.read_text(encoding="utf-8"))
    problems = 0
    leaks = {}
    for g in gold:
        f = file_for(g["path"])
        if g["status"] == 404:
            assert not f.exists(), g["path"]
            continue
        assert f.is_file(), g["path"]
        raw = f.read_text()
        doc = lxml.html.fromstring(raw)
        h1 = norm(doc.xpath("//h1")[0].text_content())
        if h1 != g["title"]:
            print("TITLE", g["path"], h1, g["title"])
            problems += 1
        if not g["is_article"]:
            continue
        site = g["site"]
        if site == "civic-ledger":
            ps = doc.cssselect(".story__body > p")
            sf = doc.cssselect(".story__standfirst p")
            if g["genre"] != "news":
                sign = norm(ps[-1].text_content())
                ps = ps[:-1]
            else:
                sign = None
        elif site == "nursing-practice":
            ps = doc.cssselect(".entry-content > p")
            sign = norm(ps[0].text_content())
            ps = ps[1:]
            sf = doc.cssselect(".entry-subtitle")
        else:
            ps = [
                p
                for p in doc.cssselect(".article-body > p")
                if "letter-signature" not in (p.get("class") or "")
            ]
            sf = doc.cssselect("p.standfirst")
            sign = None
            if (
                ps
                and ps[-1].find("em") is not None
                and norm(ps[-1].text_content()) == norm(ps[-1].find("em").text_content())
            ):
                sign = norm(ps[-1].text_content())
                ps = ps[:-1]
            bio = doc.cssselect(".author-bio p, .letter-signature")
            if bio:
                sign = norm(bio[0].text_content())
        texts = [norm(p.text_content()) for p in ps]
        standfirst = norm(sf[0].text_content()) if sf else None
        if standfirst != g["standfirst"]:
            print("STANDFIRST", g["path"])
            problems += 1
        if len(texts) != g["paragraphs"]:
            print("COUNT", g["path"], len(texts), g["paragraphs"])
            problems += 1
        if texts[0][:60] != g["body_first"] or texts[-1][:60] != g["body_last"]:
            print("FIRST/LAST", g["path"])
            problems += 1
        wc = [len(t.split()) for t in texts]
        if not (4 <= len(texts) <= 8) or min(wc) < 60 or max(wc) > 150:
            print("SIZE", g["path"], wc)
            problems += 1
        # authors present in sign-off / byline / bio
        for a in g["authors"]:
            for k in ("name", "role", "organisation"):
                if a[k] and (sign is None or a[k] not in sign):
                    # news/editorial: name in byline
                    if not (k == "name" and a[k] in norm(doc.text_content())):
                        print("AUTHOR", g["path"], k, a[k], sign)
                        problems += 1
        page_text = norm(doc.text_content())
        body_blob = " ".join(texts) + " " + g["title"] + " " + (g["standfirst"] or "")
        for m in g["must_not_contain"]:
            if m not in page_text:
                print("MNC-ABSENT", g["path"], m)
                problems += 1
            if m.lower() in body_blob.lower():
                print("MNC-IN-BODY", g["path"], m)
                problems += 1
        # trafilatura sanity
        out = trafilatura.extract(raw, include_comments=False, output_format="txt") or ""
        missing = [t[:40] for t in texts if norm(t) not in norm(out)]
        leaked = [m for m in g["must_not_contain"] if m in out]
        leaks[g["path"]] = (len(missing), leaked)
    print("problems:", problems)
    for p, (miss, leaked) in leaks.items():
        print(f"{miss} missing paras, leaked={leaked}  {p}")
    return problems


if __name__ == "__main__":
    raise SystemExit(1 if main() else 0)
