"""Crawl safety on the network, proved by what the servers were never asked (tests/netsite.py).

* robots.txt is obeyed in a batch of URLs as it is for one URL, redirects included, and a
  robots.txt that cannot be fetched (5xx, no answer) keeps the host's pages unfetched;
* a redirect, a meta refresh or a link off the site is refused before any DNS lookup,
  robots.txt request or connection;
* an internal address (loopback, private...) on the site is never connected to, in any form,
  nor a name resolving to one, unless it is the site's own address or TRADEPRESS_ALLOWED_HOSTS
  names it.

Everything runs on 127.0.0.1 to 127.0.0.5: nothing is sent to a private range or the internet.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import assert_one_line_error, rows, run_cli
from netsite import (
    NEIGHBOUR,
    NEIGHBOUR_INT,
    ROBOTS_404,
    ROBOTS_503,
    ROBOTS_SLOW,
    SITE,
    serve_neighbours,
)

TESTS = Path(__file__).parent
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_TIMEOUT=2",
        "-s", "TRADEPRESS_RETRY_AFTER_MAX=5", "-s", "TWISTED_DNS_RESOLVER=dnslog.LoggingResolver"]
# One batch on one host: slow, failing and hostile neighbours of the disallowed page.
BATCH = ["/comment/ok-1", "/comment/e404", "/private/secret-piece", "/comment/dup-piece",
         "/comment/dup-piece?utm_source=x", "/comment/dup-piece?print=1", "/comment/e500",
         "/comment/e503", "/comment/timeout",
         "/comment/slow-drip", "/comment/reset", "/comment/short-body", "/comment/redirect-loop",
         "/comment/huge", "/comment/gzip-bomb", "/comment/pdf", "/comment/empty",
         "/comment/image", "/events/2020/01/", "/comment/to-private",
         "/comment/to-neighbour", "/comment/to-mapped", "/comment/to-integer",
         "/comment/refresh-neighbour", "/comment/to-nowhere", "/comment/refresh-on-site"]
OFFSITE = ["/comment/to-neighbour", "/comment/to-mapped", "/comment/to-integer",
           "/comment/refresh-neighbour", "/comment/to-nowhere"]


def crawl(folder: Path, *args) -> tuple[subprocess.CompletedProcess, Path, list[str]]:
    """`tradepress crawl ARGS` in a fresh process: its result, archive and DNS lookups."""
    folder.mkdir(parents=True, exist_ok=True)
    db, dns = folder / "archive.db", folder / "dns.log"
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "TRADEPRESS_TEST_DNS_LOG": str(dns),
           "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, "-m", "tradepress", "crawl", *map(str, args),
                             "--db", str(db), *FAST], capture_output=True, text=True,
                            timeout=300, env=env)
    names = dns.read_text(encoding="utf-8").split() if dns.exists() else []
    return result, db, names


def failures(db) -> dict[str, tuple[str, str]]:
    """path?query of each failed URL -> (reason, error)."""
    found = {}
    for url, reason, error in rows(db, "select url, reason, error from failures"):
        parts = urlsplit(url)
        found[parts.path + (f"?{parts.query}" if parts.query else "")] = (reason, error)
    return found


def hosts_of(db, table: str) -> set[str]:
    return {urlsplit(u).netloc for (u,) in rows(db, f"select url from {table}")}


@pytest.fixture(scope="module")
def net():
    with serve_neighbours() as net:
        yield net


@pytest.fixture(scope="module")
def batch(net, tmp_path_factory):
    """One `--url` crawl of the batch, robots.txt answering slowly (as over a real network)."""
    net.robots_delay = 1.0
    start = len(net.log)
    urls = [arg for path in BATCH for arg in ("--url", net.url().rstrip("/") + path)]
    result, db, dns = crawl(tmp_path_factory.mktemp("batch"), *urls)
    net.robots_delay = 0.0
    return result, db, dns, net.log[start:]


def test_robots_txt_is_obeyed_in_a_batch_redirects_included(batch):
    result, db, _, log = batch
    assert not [entry for entry in log if entry[2].startswith("/private/")], log
    found = failures(db)
    assert found["/private/secret-piece"][0] == "robots", found
    assert found["/comment/to-private"][0] == "robots", found
    assert "/private/secret-piece" in found["/comment/to-private"][1]  # names the target
    assert [e[2] for e in log if e[0] == SITE].count("/robots.txt") == 1  # once, for all
    archived = {urlsplit(u).path for (u,) in rows(db, "select url from articles")}
    assert "/comment/ok-1" in archived and not any("private" in p for p in archived)


def test_off_site_targets_are_never_asked_for(batch, net):
    result, db, _, log = batch
    assert [entry for entry in log if entry[0] != SITE] == []   # not even robots.txt
    assert all(host in ("", f"{SITE}:{net.port}") for _, host, _ in log), log
    found = failures(db)
    for path in OFFSITE:
        reason, error = found[path]
        assert reason == "offsite", (path, reason, error)
    assert f"{NEIGHBOUR}:{net.port}/comment/ok-1" in found["/comment/to-neighbour"][1]
    assert f"[::ffff:{NEIGHBOUR}]" in found["/comment/to-mapped"][1]
    # (named as written, or in the dotted form w3lib 2.6 and later give the same address)
    assert NEIGHBOUR_INT in found["/comment/to-integer"][1] or (
        f"{NEIGHBOUR}:{net.port}/comment/ok-1" in found["/comment/to-integer"][1])
    assert f"{NEIGHBOUR}:{net.port}/comment/ok-2" in found["/comment/refresh-neighbour"][1]
    assert "nowhere.invalid" in found["/comment/to-nowhere"][1]
    archived = {urlsplit(u).path for (u,) in rows(db, "select url from articles")}
    assert "/comment/ok-2" in archived  # a meta refresh on the site is followed
    assert hosts_of(db, "articles") <= {f"{SITE}:{net.port}"}
    assert hosts_of(db, "captures") <= {f"{SITE}:{net.port}"}
    assert "offsite 5" in result.stdout and "robots 2" in result.stdout, result.stdout


def test_an_off_site_name_is_never_looked_up(batch):
    _, _, dns, _ = batch
    assert SITE in dns  # the resolver hook is live: the site's own address went through it
    assert "nowhere.invalid" not in dns and NEIGHBOUR not in dns and NEIGHBOUR_INT not in dns


@pytest.fixture(scope="module")
def internal(net, tmp_path_factory):
    """A profile whose domains name the neighbour in every form, and localhost: crawled as is,
    then with TRADEPRESS_ALLOWED_HOSTS=localhost."""
    folder = tmp_path_factory.mktemp("internal")
    net.write_profile(folder / "sites", "neighbourly",
                      [SITE, NEIGHBOUR, f"::ffff:{NEIGHBOUR}", NEIGHBOUR_INT, "localhost"])
    runs = []
    for extra in ([], ["-s", "TRADEPRESS_ALLOWED_HOSTS=localhost"]):
        start = len(net.log)
        result, db, dns = crawl(folder / f"run{len(runs)}", "--site", "neighbourly",
                                "--sites-dir", folder / "sites", *extra)
        runs.append((result, db, dns, net.log[start:]))
    return runs


def test_internal_addresses_are_never_connected_to(internal, net):
    result, db, dns, log = internal[0]
    assert net.requests(NEIGHBOUR) == [] and not [e for e in log if e[0] != SITE], log
    assert not [e for e in log if e[1].startswith("localhost")], log  # resolved, refused
    found = failures(db)
    for path in ("/comment/to-neighbour", "/comment/to-mapped", "/comment/to-integer",
                 "/comment/to-localhost", "/comment/refresh-neighbour", "/comment/e404",
                 "/comment/e410", "/comment/e403"):
        assert found[path][0] == "internal", (path, found[path], result.stdout)
    assert "127.0.0.1" in found["/comment/to-localhost"][1]  # what the name resolved to
    assert hosts_of(db, "articles") == {f"{SITE}:{net.port}"}   # the site's own address is fine
    assert "internal 8" in result.stdout, result.stdout
    assert "localhost" in dns  # refused after the lookup, not before


def test_allowed_hosts_setting_lets_a_named_host_through(internal, net):
    result, db, _, log = internal[1]
    assert (f"localhost:{net.port}", "/comment/ok-2") in [(e[1], e[2]) for e in log]
    assert f"localhost:{net.port}" in hosts_of(db, "articles")
    assert net.requests(NEIGHBOUR) == []
    assert failures(db)["/comment/to-neighbour"][0] == "internal"


@pytest.fixture(scope="module")
def unreachable_robots(net, tmp_path_factory):
    start = len(net.log)
    urls = [arg for host in (ROBOTS_503, ROBOTS_404, ROBOTS_SLOW)
            for arg in ("--url", f"{net.url(host)}comment/ok-1")]
    result, db, _ = crawl(tmp_path_factory.mktemp("robots"), *urls)
    return result, db, net.log[start:]


def test_robots_txt_that_cannot_be_fetched_means_no_pages(unreachable_robots):
    result, db, log = unreachable_robots
    asked = {(address, path) for address, _, path in log}
    assert (ROBOTS_503, "/comment/ok-1") not in asked and (ROBOTS_503, "/robots.txt") in asked
    assert (ROBOTS_SLOW, "/comment/ok-1") not in asked and (ROBOTS_SLOW, "/robots.txt") in asked
    reasons = {urlsplit(u).hostname: (reason, error)
               for u, reason, error in rows(db, "select url, reason, error from failures")}
    assert reasons[ROBOTS_503][0] == "robots" and "503" in reasons[ROBOTS_503][1], reasons
    assert reasons[ROBOTS_SLOW][0] == "robots", reasons
    # a robots.txt that is not there (4xx) allows everything
    assert (ROBOTS_404, "/comment/ok-1") in asked and ROBOTS_404 not in reasons
    assert {urlsplit(u).hostname for (u,) in rows(db, "select url from articles")} == \
        {ROBOTS_404}


def test_a_bad_network_in_the_allowed_hosts_is_one_line(tmp_path):
    result = run_cli("crawl", "--url", "http://127.0.0.1:9/x", "--db", tmp_path / "a.db",
                     "-s", "TRADEPRESS_ALLOWED_HOSTS=intranet.example,10.0.0.0/33")
    assert_one_line_error(result, "TRADEPRESS_ALLOWED_HOSTS", "'10.0.0.0/33' is not a network")
    assert not (tmp_path / "a.db").exists()
