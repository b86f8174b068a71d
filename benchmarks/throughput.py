"""Throughput of a whole crawl (and of reprocess) against the floor: bare trafilatura.

    python benchmarks/throughput.py --pages 2000 [--workers auto] [--reprocess] [--import]
    python benchmarks/throughput.py --real --pages 2000 [--profile]

1. Generates a synthetic trade-press site of N article pages from the bundled sample site's
   article templates (each page made distinct, and padded to 60-150 KB with navigation,
   banners and related links, as real pages are), plus sitemaps and robots.txt.
2. Serves it on 127.0.0.1 with Python's threaded static server, in its own process.
3. Crawls it with `tradepress crawl` (politeness delays off, for the benchmark only) and
   measures: articles per second from start to last commit, CPU seconds per article (all
   processes of the crawl), peak memory of all its processes (resident, and proportional:
   shared pages divided between the processes that share them), database bytes per
   article.
4. Runs a bare single-process `trafilatura.extract` loop over the same HTML files (the floor).
5. With --reprocess, times `tradepress reprocess` over the archive just built, too.
6. With --import, times `tradepress import-warc` of the WARC the crawl wrote into a new
   archive: the same pages, read from a file instead of fetched (records per second beside
   the crawl's).

With --real, the site is N copies of the 181 real article pages vendored in
``benchmarks/real-pages/aeb`` instead (each copy at its own URL, with its number in its titles
and where its article text starts, so that no two copies share a content key and none is
merged into another; a canonical link to its own URL). With --profile, a second crawl of the
same site runs with extraction inline (``TRADEPRESS_EXTRACT_WORKERS=0``) under
``benchmarks/stages.py``, and the CPU of each stage per article is printed and added to the
JSON (``stages``).

The last line printed is one JSON object: pages, end_to_end_per_s, bare_trafilatura_per_s,
ratio, cpu_s_per_article, peak_rss_mb, peak_pss_mb, db_bytes_per_article (and reprocess
figures).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "crawler" / "samplesite" / "site"
WORDS = ("council budget workforce devolution housing care nurses planning contractors "
         "procurement retrofit carbon skills funding reform services community partnership "
         "pressure evidence regulation").split()


def templates() -> list[str]:
    """The sample site's article pages, with their links made relative to nothing."""
    pages = []
    for path in sorted(SAMPLE.rglob("*")):
        if path.is_file() and (path.suffix == ".article" or path.name == "index.html"):
            text = path.read_text(encoding="utf-8")
            if '<meta property="og:type" content="article"' in text or "story__body" in text \
                    or 'class="post' in text or "article-body" in text:
                pages.append(text)
    return pages


def padding(rng: random.Random, i: int, target: int) -> str:
    """Navigation, banners and related links, as trade-press pages carry them."""
    blocks: list[str] = []
    size = 0
    while size < target:
        links = "".join(f'<li><a href="/pub/article-{rng.randrange(10**6)}.html">'
                        f'{" ".join(rng.choice(WORDS) for _ in range(7)).capitalize()}</a></li>'
                        for _ in range(20))
        block = (f'<nav class="mega-menu-{len(blocks)}"><ul>{links}</ul></nav>'
                 f'<div class="promo-banner"><p>Subscribe to the weekly briefing '
                 f'({i}-{len(blocks)})</p></div>'
                 f'<aside class="related-articles"><h3>Related</h3><ul>{links}</ul></aside>')
        blocks.append(block)
        size += len(block)
    return "".join(blocks)


def generate(folder: Path, pages: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    bases = templates()
    site = folder / "pub"
    site.mkdir(parents=True)
    files = []
    for i in range(pages):
        text = bases[i % len(bases)].replace("{{BASE}}", "")
        # each page its own canonical URL (the templates name their own)
        text = re.sub(r'(<link rel="canonical" href=")[^"]*', rf"\g<1>/pub/article-{i}.html",
                      text)
        text = re.sub(r'(<meta property="og:url" content=")[^"]*',
                      rf"\g<1>/pub/article-{i}.html", text)
        text = re.sub(r"<h1([^>]*)>", rf"<h1\1>Piece {i}: ", text, count=1)
        extra = " ".join(rng.choice(WORDS) for _ in range(40))
        text = re.sub(r"(<p>)", rf"\1Piece {i} notes {extra}. ", text, count=1)
        text = text.replace("</body>", padding(rng, i, rng.randrange(50_000, 140_000))
                            + "</body>")
        path = site / f"article-{i}.html"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    sitemaps(site, pages)
    (folder / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    return files


AEB = REPO / "benchmarks" / "real-pages" / "aeb"
DROP = re.compile(rb"<base\b[^>]*>|<link\b[^>]*\bcanonical\b[^>]*>|<meta\b[^>]*og:url[^>]*>", re.I)
HEAD = re.compile(rb"<head\b[^>]*>", re.I)
TITLES = (re.compile(rb"(<title\b[^>]*>)", re.I), re.compile(rb"(<h1\b[^>]*>)", re.I),
          re.compile(rb"""(<meta\b[^>]*(?:og|twitter):title["'][^>]*content=["'])""", re.I),
          re.compile(rb"""(<meta\b[^>]*content=["'])(?=[^>]*(?:og:|twitter:|name=["'])title)""",
                     re.I),
          re.compile(rb"""("headline"\s*:\s*")"""))
CHARSET = re.compile(rb"""charset=["']?([\w-]+)""", re.I)


def body_probes(html: bytes, body: str) -> list[bytes]:
    """Runs of four words of the expected article body (ground truth) as they are in the page
    (in its own encoding), spread over the whole body: up to eight."""
    match = CHARSET.search(html[:4096])
    try:
        codec = match.group(1).decode() if match else "utf-8"
        "".encode(codec)
    except LookupError:
        codec = "utf-8"
    words, probes, start = body.split(), [], 0
    step = max(20, len(words) // 8)
    while start < len(words) and len(probes) < 8:
        probe = " ".join(words[start:start + 4]).encode(codec, errors="ignore")
        found = len(probe) > 12 and probe in html
        if found:
            probes.append(probe)
        start += step if found else 1
    return probes


def generate_real(folder: Path, pages: int) -> list[Path]:
    """N copies of the vendored real pages, each made its own: "Copy i:" before its titles
    (title, first heading, title metadata, JSON-LD headline) and inside its article body (before
    words of the ground truth's text), so that no two copies share a content key."""
    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    bases = []
    for path in sorted((AEB / "html").glob("*.html.gz")):
        html = gzip.decompress(path.read_bytes())
        bases.append((html, body_probes(html, truth[path.name[:-8]]["articleBody"])))
    site = folder / "pub"
    site.mkdir(parents=True)
    files = []
    for i in range(pages):
        html, probes = bases[i % len(bases)]
        mark = b"Copy %d: " % i
        for probe in probes:  # wherever the text is: the article, its description, JSON-LD
            # (inside a sentence: "Copy i:" at its start would be read as a dateline, dropped)
            html = html.replace(probe, probe + b" (copy %d)" % i)
        html = DROP.sub(b"", html)
        canonical = b'<link rel="canonical" href="/pub/article-%d.html">' % i
        html = HEAD.sub(lambda m, c=canonical: m.group(0) + c, html, count=1)
        for pattern in TITLES:
            html = pattern.sub(lambda m, mark=mark: m.group(1) + mark, html, count=1)
        path = site / f"article-{i}.html"
        path.write_bytes(html)
        files.append(path)
    sitemaps(site, pages)
    (folder / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    return files


def sitemaps(site: Path, pages: int) -> None:
    for start in range(0, pages, 10_000):
        urls = "".join(f"<url><loc>{{BASE}}/pub/article-{i}.html</loc></url>"
                       for i in range(start, min(pages, start + 10_000)))
        (site / f"sitemap-{start // 10_000}.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns='
            f'"http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    out, stack = [], [root]
    while stack:
        pid = stack.pop()
        out.append(pid)
        stack.extend(children.get(pid, []))
    return out


def memory_mb(pids: list[int]) -> tuple[float, float]:
    """(RSS, PSS) of the processes, MB. RSS counts a page every process maps: the pages the
    extraction workers share with their forkserver (the libraries and models it loaded before
    forking them) once per process. PSS divides each shared page between the processes that
    share it: the tree's real use."""
    rss = pss = 0
    for pid in pids:
        try:
            rss += _kb(Path(f"/proc/{pid}/status"), "VmRSS:")
            pss += _kb(Path(f"/proc/{pid}/smaps_rollup"), "Pss:")
        except OSError:
            continue
    return rss / 1024, pss / 1024


def _kb(path: Path, field: str) -> int:
    return next((int(line.split()[1]) for line in path.read_text().splitlines()
                 if line.startswith(field)), 0)


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_measured(command: list[str]) -> tuple[float, float, float, float]:
    """(wall seconds, CPU seconds of the process tree, peak RSS and peak PSS MB of the process
    tree). The tree (the crawl and its extraction workers) is sampled every quarter second."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    peak = [0.0, 0.0]
    cpu: dict[int, float] = {}

    def watch():
        while process.poll() is None:
            tree = descendants(process.pid)
            rss, pss = memory_mb(tree)
            peak[:] = max(peak[0], rss), max(peak[1], pss)
            for pid in tree:
                cpu[pid] = max(cpu.get(pid, 0.0), cpu_seconds(pid))
            time.sleep(0.25)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _, err = process.communicate()
    wall = time.perf_counter() - started
    watcher.join()
    if process.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{err[-2000:]}")
    return wall, sum(cpu.values()), peak[0], peak[1]


def bare_rate(files: list[Path], sample: int = 1000) -> float:
    import trafilatura
    chosen = files[:sample]
    texts = [p.read_bytes().decode("utf-8", errors="replace") for p in chosen]
    trafilatura.extract(texts[0], include_comments=False)  # imports and caches, untimed
    started = time.perf_counter()
    for text in texts:
        trafilatura.extract(text, include_comments=False)
    return len(texts) / (time.perf_counter() - started)


def serve_bench_site(folder: Path, site_dir: Path) -> tuple[subprocess.Popen, Path]:
    """Serve the generated site on 127.0.0.1 (its own process) and write its profile
    ``bench`` into ``folder/sites``; return the server process and the profiles folder."""
    port = free_port()
    for path in (site_dir / "pub").glob("sitemap-*.xml"):  # absolute URLs for the sitemaps
        path.write_text(path.read_text().replace("{BASE}", f"http://127.0.0.1:{port}"))
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                               "127.0.0.1", "--directory", str(site_dir)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sites = folder / "sites"
    sites.mkdir(exist_ok=True)
    maps = sorted(p.name for p in (site_dir / "pub").glob("sitemap-*.xml"))
    (sites / "bench.toml").write_text(
        'name = "bench"\ntitle = "Trade weekly (benchmark)"\n'
        f'base_url = "http://127.0.0.1:{port}/pub/"\nlanguage = "en"\n'
        f"[discovery]\nsitemaps = {json.dumps(maps)}\n"
        "[urls]\nfollow = ['/pub/article-\\d+\\.html$']\n")
    return server, sites


def crawl_command(sites: Path, db: Path, workers: str) -> list[str]:
    """`tradepress crawl` of the bench site, politeness off (for the benchmark only)."""
    return ["crawl", "--site", "bench", "--sites-dir", str(sites), "--db", str(db),
            "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "CONCURRENT_REQUESTS=32", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32",
            "-s", "TRADEPRESS_BATCH_SIZE=200", "-s", "TRADEPRESS_PROGRESS_INTERVAL=0",
            "-s", f"TRADEPRESS_EXTRACT_WORKERS={workers}"]


def counts(db: Path) -> tuple[int, int]:
    """(articles in the archive, article pages extracted: articles or not)."""
    conn = sqlite3.connect(db)
    articles = conn.execute("select count(*) from articles").fetchone()[0]
    extracted = conn.execute("select coalesce(articles_new, 0) + coalesce(non_articles, 0) "
                             "from crawls").fetchone()[0]  # every article page, article or not
    conn.close()
    return articles, extracted


def profile_stages(folder: Path, sites: Path) -> list[dict]:
    """A second crawl of the site, extraction inline, under benchmarks/stages.py."""
    from stages import format_table, table
    work = folder / "profile"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    out = work / "stages.json"
    print("profiled crawl (extraction inline) ...", file=sys.stderr)
    run_measured([sys.executable, str(Path(__file__).with_name("stages.py")), str(out), "--",
                  *crawl_command(sites, work / "archive.db", "0")])
    _, extracted = counts(work / "archive.db")
    profile = json.loads(out.read_text())
    rows = table(profile["cpu_s"], extracted)
    print(format_table(rows), file=sys.stderr)
    for stage, functions in profile["top"].items():  # the busiest functions of each stage
        print(f"{stage}: " + ", ".join(f"{name} {1000 * cpu / max(extracted, 1):.2f} ms"
                                       for name, cpu in functions), file=sys.stderr)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--real", action="store_true",
                        help="copies of the real pages in benchmarks/real-pages/aeb")
    parser.add_argument("--workers", default="auto", help="TRADEPRESS_EXTRACT_WORKERS")
    parser.add_argument("--reprocess", action="store_true", help="also time reprocess")
    parser.add_argument("--import", dest="import_warc", action="store_true",
                        help="also time import-warc of the crawl's WARC into a new archive")
    parser.add_argument("--profile", action="store_true",
                        help="also a per-stage CPU profile of a crawl, extraction inline")
    parser.add_argument("--keep", type=Path, help="keep the site and archive in this folder")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="tradepress-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    site_dir = folder / "site"
    if site_dir.exists():
        shutil.rmtree(site_dir)
    print(f"generating {args.pages} pages in {site_dir} ...", file=sys.stderr)
    files = (generate_real if args.real else generate)(site_dir, args.pages)
    avg_kb = sum(p.stat().st_size for p in files[:200]) / min(200, len(files)) / 1024
    server, sites = serve_bench_site(folder, site_dir)
    db = folder / "archive.db"
    for stale in folder.glob("archive.db*"):
        stale.unlink()
    shutil.rmtree(folder / "warc", ignore_errors=True)
    shutil.rmtree(folder / "jobs", ignore_errors=True)
    try:
        time.sleep(0.5)
        print("crawling ...", file=sys.stderr)
        wall, cpu, peak, peak_pss = run_measured([sys.executable, "-m", "tradepress",
                                        *crawl_command(sites, db, args.workers)])
        stages = profile_stages(folder, sites) if args.profile else None
    finally:
        server.terminate()
    articles, extracted = counts(db)
    db_bytes = sum(p.stat().st_size for p in folder.glob("archive.db*"))
    print("bare trafilatura loop ...", file=sys.stderr)
    bare = bare_rate(files)
    result = {
        "pages": args.pages, "set": "aeb (real)" if args.real else "synthetic",
        "articles": articles, "avg_page_kb": round(avg_kb, 1),
        "end_to_end_per_s": round(extracted / wall, 1),
        "bare_trafilatura_per_s": round(bare, 1),
        "ratio": round(extracted / wall / bare, 2),
        "cpu_s_per_article": round(cpu / max(extracted, 1), 4),
        "peak_rss_mb": round(peak, 1), "peak_pss_mb": round(peak_pss, 1),
        "db_bytes_per_article": round(db_bytes / max(articles, 1)),
        "workers": args.workers, "cores": os.cpu_count(),
    }
    if args.reprocess:
        print("reprocess ...", file=sys.stderr)
        rwall, rcpu, rpeak, rpss = run_measured([sys.executable, "-m", "tradepress", "reprocess",
                                           "--db", str(db), "--sites-dir", str(sites)])
        result.update({"reprocess_per_s": round(articles / rwall, 1),
                       "reprocess_ratio": round(articles / rwall / bare, 2),
                       "reprocess_cpu_s_per_article": round(rcpu / max(articles, 1), 4),
                       "reprocess_peak_rss_mb": round(rpeak, 1),
                       "reprocess_peak_pss_mb": round(rpss, 1)})
    if args.import_warc:
        print("import-warc ...", file=sys.stderr)
        imported = folder / "imported" / "archive.db"
        shutil.rmtree(imported.parent, ignore_errors=True)
        imported.parent.mkdir()
        iwall, icpu, ipeak, ipss = run_measured([
            sys.executable, "-m", "tradepress", "import-warc", *map(str, sorted(
                (folder / "warc").glob("*.warc.gz"))), "--db", str(imported),
            "--sites-dir", str(sites),
            *([] if args.workers == "auto" else ["--workers", args.workers])])
        kept, _ = counts(imported)
        result.update({"import_articles": kept, "import_per_s": round(kept / iwall, 1),
                       "import_ratio_to_crawl": round(kept / iwall / (extracted / wall), 2),
                       "import_cpu_s_per_article": round(icpu / max(kept, 1), 4),
                       "import_peak_rss_mb": round(ipeak, 1),
                       "import_peak_pss_mb": round(ipss, 1)})
    width = max(map(len, result))
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    if stages is not None:
        result["stages"] = stages
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
