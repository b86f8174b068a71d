"""Crawling a subscriber-only title as an institution (issue 19), for real: the real command and
Scrapy against The Ward Round on the sample server (crawler/samplesite/subscriber.py), with its
own sign-in form, session cookie, teasers for anonymous readers, sessions that expire and a
form that can change. Then every file the crawl wrote is searched for the secrets."""

import gzip
import os
import subprocess
import zlib
from pathlib import Path

import pytest
from conftest import _cli, rows

from crawler.samplesite.server import serve_site
from crawler.samplesite.subscriber import (
    SUBSCRIBER_EMAIL,
    SUBSCRIBER_PASSWORD,
    pieces,
    subscriber_cookies_txt,
)
from crawler.siteconfig import ProfileError, parse_profile

PROFILE = """name = "ward-round"
title = "The Ward Round"
base_url = "http://sample.tradepress.example/ward-round/"
language = "en"
country = "GB"
genre = "opinion"

[discovery]
feeds = ["rss.xml"]

[urls]
follow = ['/ward-round/opinion/[^/]+/\\d+\\.article$']
"""
LOGIN = """
[login]
url = "login"
form = "form#login"
username_field = "email"
password_field = "password"
credentials = "env:WARD_ROUND"
signed_in = "a.account__signout"
"""
CREDENTIALS = {"WARD_ROUND_USERNAME": SUBSCRIBER_EMAIL, "WARD_ROUND_PASSWORD": SUBSCRIBER_PASSWORD}


@pytest.fixture
def site():
    with serve_site() as running:
        yield running


def crawl(site, folder: Path, *extra, login=True, env=None, db="archive.db"):
    """`tradepress crawl` of The Ward Round into ``folder`` (profile with or without its
    sign-in recipe), one request at a time; its stderr is also kept in ``folder/crawl.log``."""
    sites = folder / ("sites-login" if login else "sites")
    sites.mkdir(parents=True, exist_ok=True)
    (sites / "ward-round.toml").write_text(PROFILE + (LOGIN if login else ""), encoding="utf-8")
    command, environment = _cli(["crawl", "--site", "ward-round", "--sites-dir", sites,
                                 "--base-url", f"{site.url}/ward-round/", "--db", folder / db,
                                 "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
                                 "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", *extra])
    environment = {k: v for k, v in environment.items() if not k.startswith("WARD_ROUND_")}
    result = subprocess.run(command, capture_output=True, text=True, timeout=180,
                            env={**environment, **(env or {})})
    with open(folder / "crawl.log", "a", encoding="utf-8") as log:
        log.write(result.stdout + result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def articles(db):
    return rows(db, "select paywalled, paywall_reason, word_count, "
                    "(select count(*) from article_authors aa where aa.article_id = a.id "
                    "and aa.role is not null) from articles a order by url")


def test_anonymous_crawl_archives_teasers_flagged_with_their_reason(site, tmp_path):
    result = crawl(site, tmp_path, login=False)
    assert result.returncode == 0, result.stderr
    found = articles(tmp_path / "archive.db")
    assert len(found) == len(pieces()) == 6
    assert {(paywalled, reason) for paywalled, reason, _, _ in found} == {(1, "paywall-notice")}
    assert site.subscriber.teaser_views == 6 and site.subscriber.logins == 0


def test_cookies_txt_gives_the_full_text(site, tmp_path):
    subscriber_cookies_txt(site.url, tmp_path / "cookies.txt", host=None)
    result = crawl(site, tmp_path, "--cookies", tmp_path / "cookies.txt", login=False)
    assert result.returncode == 0, result.stderr
    found = articles(tmp_path / "archive.db")
    assert len(found) == 6
    for paywalled, reason, words, roles in found:
        assert (paywalled, reason) == (0, None) and words > 300 and roles == 1
    assert site.subscriber.logins == 1 and site.subscriber.teaser_views == 0  # the helper's


def test_the_sign_in_recipe_gives_the_full_text_and_renews_an_expired_session(site, tmp_path):
    site.subscriber.expire_after = 3
    result = crawl(site, tmp_path, env=CREDENTIALS)
    assert result.returncode == 0, result.stderr
    found = articles(tmp_path / "archive.db")
    assert [row[:2] for row in found] == [(0, None)] * 6
    assert all(roles == 1 for *_, roles in found)
    assert site.subscriber.logins == 2  # signed in, then once more when the session ended
    assert site.subscriber.full_views == 6


def test_a_redirect_to_the_sign_in_page_renews_the_session_too(site, tmp_path):
    site.subscriber.expiry = "redirect"
    site.subscriber.expire_after = 2
    result = crawl(site, tmp_path, env=CREDENTIALS)
    assert result.returncode == 0, result.stderr
    assert [row[:2] for row in articles(tmp_path / "archive.db")] == [(0, None)] * 6
    assert site.subscriber.logins == 3 and site.subscriber.redirects >= 2


@pytest.mark.parametrize("case", ["wrong password", "changed form", "no credentials"])
def test_signing_in_that_fails_stops_in_one_line_with_nothing_archived(site, tmp_path, case):
    env = dict(CREDENTIALS)
    if case == "wrong password":
        env["WARD_ROUND_PASSWORD"] = "not-the-password"
        expected = "signing in to ward-round failed: still signed out after sending the form"
    elif case == "changed form":
        site.subscriber.password_field = "passwd"
        expected = "has no field 'password' (has the form changed?)"
    else:
        env = {}
        expected = "ward-round signs in with WARD_ROUND_USERNAME and WARD_ROUND_PASSWORD"
    result = crawl(site, tmp_path, env=env)
    assert result.returncode == 1
    assert expected in result.stderr.strip().splitlines()[-1], result.stderr
    db = tmp_path / "archive.db"
    assert not db.exists() or rows(db, "select count(*) from articles") == [(0,)]
    assert site.subscriber.full_views == 0 and site.subscriber.teaser_views == 0
    if case != "no credentials":
        assert rows(db, "select status from crawls") == [("login_failed",)]


def test_a_run_of_teasers_after_full_text_is_flagged(site, tmp_path):
    assert crawl(site, tmp_path, env=CREDENTIALS).returncode == 0
    lapsed = crawl(site, tmp_path, "--recheck", login=False)  # the subscription lapsed
    assert lapsed.returncode == 0, lapsed.stderr
    flag = ("100% of the articles are subscribers' teasers (usually 0%): has the session "
            "expired, or the subscription lapsed?")
    assert f"FLAGGED: {flag}" in lapsed.stderr
    assert rows(tmp_path / "archive.db", "select flags, teasers from crawls order by id") == [
        (None, 0), (flag, 6)]
    runs = subprocess.run(_cli(["runs", "--db", tmp_path / "archive.db"])[0],
                          capture_output=True, text=True)
    assert f"FLAGGED: {flag}" in runs.stdout


def test_no_secret_reaches_anything_the_crawl_wrote(site, tmp_path):
    site.subscriber.expire_after = 3
    result = crawl(site, tmp_path, "-v", env=CREDENTIALS)  # Scrapy's own log too
    assert result.returncode == 0, result.stderr
    subscriber_cookies_txt(site.url, tmp_path / "cookies.txt", host=None)
    assert crawl(site, tmp_path, "--cookies", tmp_path / "cookies.txt", "--recheck",
                 login=False).returncode == 0
    secrets = [SUBSCRIBER_PASSWORD, *site.subscriber.tokens()]
    assert len(secrets) >= 4  # the password, two sessions of the recipe, the cookies' session
    export = subprocess.run(_cli(["export", "--db", tmp_path / "archive.db", "--format",
                                  "jsonl", "--out", tmp_path / "export.jsonl"])[0],
                            capture_output=True, text=True)
    assert export.returncode == 0, export.stderr
    (tmp_path / "cookies.txt").unlink()  # the institution's own file, not the crawl's
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert any(p.suffix == ".gz" for p in written)
    assert any(p.name == "archive.db" for p in written)
    for path in written:
        for text in readable(path):
            for secret in secrets:
                assert secret not in text, f"{secret[:6]}... in {path}"
    # the evidence that cookies were set and sent is kept, their values are not
    headers = " ".join(h for (h,) in rows(tmp_path / "archive.db", "select headers from captures"))
    assert '"Set-Cookie", "wr_csrf=(redacted); Path=/ward-round/; HttpOnly' in headers
    warcs = "".join(gzip.decompress(p.read_bytes()).decode("latin-1")
                    for p in (tmp_path / "warc").glob("*.warc.gz"))
    assert "\r\nCookie: (redacted)\r\n" in warcs


def readable(path: Path):
    """A file's text, and what it holds compressed: gzip members (WARC), zlib bodies
    (SQLite's `bodies`)."""
    data = path.read_bytes()
    yield data.decode("latin-1")
    if data[:2] == b"\x1f\x8b":
        yield gzip.decompress(data).decode("latin-1")
    if path.name.startswith("archive.db") and path.name == "archive.db":
        for (body,) in rows(path, "select data from bodies"):
            yield zlib.decompress(body).decode("latin-1")


def test_a_profile_never_holds_secrets_and_sites_shows_its_login(tmp_path):
    data = {"name": "x", "title": "X", "base_url": "https://example.org/",
            "discovery": {"feeds": ["rss"]}, "urls": {"follow": ["a"]},
            "login": {"url": "login", "credentials": "env:X", "signed_in": ".out"}}
    assert parse_profile(data, where="x.toml").login.credentials == "env:X"
    for bad, words in (({"password": "hunter2"}, "never holds secrets"),
                       ({"credentials": "hunter2"}, "never the secrets themselves"),
                       ({"signed_in": None}, "needs signed_in")):
        login = {**data["login"], **bad}
        login = {k: v for k, v in login.items() if v is not None}
        with pytest.raises(ProfileError, match=words):
            parse_profile({**data, "login": login}, where="x.toml")
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "ward-round.toml").write_text(PROFILE + LOGIN, encoding="utf-8")
    listed = subprocess.run(_cli(["sites", "--sites-dir", sites])[0], capture_output=True,
                            text=True, env={**os.environ})
    line = next(x for x in listed.stdout.splitlines() if x.startswith("ward-round"))
    assert line.endswith("[login]")


def test_a_scheduled_crawl_is_given_the_cookies_file_not_its_content(site, tmp_path):
    subscriber_cookies_txt(site.url, tmp_path / "cookies.txt", host=None)
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "ward-round.toml").write_text(PROFILE, encoding="utf-8")
    db = tmp_path / "archive.db"
    added = subprocess.run(_cli(["schedule", "add", "ward-round", "--cron", "0 6 * * *",
                                 "--sites-dir", sites, "--cookies", tmp_path / "cookies.txt",
                                 "--db", db])[0], capture_output=True, text=True)
    assert added.returncode == 0, added.stderr
    crontab = subprocess.run(_cli(["schedule", "crontab", "--db", db])[0],
                             capture_output=True, text=True).stdout
    assert f"--cookies {tmp_path / 'cookies.txt'}" in crontab
    token = site.subscriber.tokens()[0]
    assert token not in crontab and all(token not in str(row) for row in rows(
        db, "select * from schedules"))


def test_a_distributed_worker_signs_in_for_itself(site, redis_url, tmp_path):
    """The seeder needs no secrets; the worker signs in with its own environment and renews
    its session; the one writer archives the full text."""
    site.subscriber.expire_after = 4
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "ward-round.toml").write_text(PROFILE + LOGIN, encoding="utf-8")
    db = tmp_path / "archive.db"
    common = ["--site", "ward-round", "--sites-dir", sites, "--base-url", f"{site.url}/ward-round/"]
    seeded = subprocess.run(_cli(["crawl", *common, "--db", db, "--distributed", "--redis",
                                  redis_url])[0], capture_output=True, text=True)
    assert seeded.returncode == 0, seeded.stderr
    command, env = _cli(["worker", *common, "--redis", redis_url, "--idle", 3,
                         "-s", "DOWNLOAD_DELAY=0", "-s", "TRADEPRESS_EXTRACT_WORKERS=0",
                         "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"])
    worked = subprocess.run(command, capture_output=True, text=True, timeout=180,
                            env={**env, **CREDENTIALS})
    assert worked.returncode == 0, worked.stderr
    written = subprocess.run(_cli(["ingest", "--redis", redis_url, "--db", db, "--idle", 2])[0],
                             capture_output=True, text=True, timeout=120)
    assert written.returncode == 0, written.stderr
    assert [row[:2] for row in articles(db)] == [(0, None)] * 6
    assert site.subscriber.logins == 2 and site.subscriber.full_views == 6


def test_a_profile_can_name_its_cookies_file(site, tmp_path):
    """`[login] cookies = "..."` (a file outside the archive, relative to the profile's
    folder): the crawl starts from those cookies without --cookies; `sites` says so."""
    (tmp_path / "secrets").mkdir()
    subscriber_cookies_txt(site.url, tmp_path / "secrets" / "ward-round.txt", host=None)
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "ward-round.toml").write_text(
        PROFILE + '\n[login]\ncookies = "../secrets/ward-round.txt"\n'
        'signed_in = "a.account__signout"\n', encoding="utf-8")
    command, env = _cli(["crawl", "--site", "ward-round", "--sites-dir", sites, "--base-url",
                         f"{site.url}/ward-round/", "--db", tmp_path / "archive.db",
                         "-s", "DOWNLOAD_DELAY=0"])
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, env=env)
    assert result.returncode == 0, result.stderr
    assert [row[:2] for row in articles(tmp_path / "archive.db")] == [(0, None)] * 6
    listed = subprocess.run(_cli(["sites", "--sites-dir", sites])[0], capture_output=True,
                            text=True).stdout
    assert next(x for x in listed.splitlines() if x.startswith("ward-round")).endswith(
        "[cookies]")
