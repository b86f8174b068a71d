"""The Ward Round, the sample site's subscriber-only publication (crawler/samplesite/subscriber.py),
over real HTTP: teasers for anonymous readers, a login form with a CSRF token, a session cookie
that unlocks the full text, sessions that expire, a renamed password field, logout, a request
log without passwords, the proxy form the demo uses, and a cookies.txt for a crawler."""

from __future__ import annotations

import http.client
import http.cookiejar
import re
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple
from urllib.parse import urlencode, urlsplit

import lxml.etree
import lxml.html
import pytest

from crawler.samplesite import serve_sample_site
from crawler.samplesite.server import serve_site
from crawler.samplesite.subscriber import (
    LOGIN_ERROR,
    PAYWALL,
    SIGN_IN,
    SIGN_OUT,
    SUBSCRIBER_EMAIL,
    SUBSCRIBER_PASSWORD,
    pieces,
    subscriber_cookies_txt,
)

SAMPLE_HOST = "sample.tradepress.example"
PIECES = pieces()
PIECE = PIECES[0]
ARTICLE_RE = re.compile(r"^/ward-round/opinion/[a-z0-9-]+/\d{6}\.article$")


@pytest.fixture()
def site():
    with serve_site() as running:
        yield running


class Answer(NamedTuple):
    status: int
    headers: dict[str, str]  # lower-cased names; Set-Cookie lines are in set_cookies
    set_cookies: list[str]
    text: str


class Reader:
    """A reader with a cookie jar of sorts: keeps the cookies it is sent (any path), follows no
    redirects. With ``host``, it uses the server as an HTTP proxy for http://host/."""

    def __init__(self, base: str, host: str | None = None):
        self.base, self.host = base, host
        self.cookies: dict[str, str] = {}

    @property
    def origin(self) -> str:
        return f"http://{self.host}" if self.host else self.base

    def request(self, method: str, path: str, form: dict[str, str] | None = None,
                headers: dict[str, str] | None = None) -> Answer:
        parts = urlsplit(self.base)
        sent = {"Host": self.host or parts.netloc, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        try:
            conn.request(method, (self.origin if self.host else "") + path, body=body,
                         headers=sent)
            resp = conn.getresponse()
            data = resp.read()
            set_cookies = resp.headers.get_all("Set-Cookie") or []
            headers_out = {k.lower(): v for k, v in resp.getheaders() if k.lower() != "set-cookie"}
        finally:
            conn.close()
        for line in set_cookies:
            name, _, rest = line.partition("=")
            value = rest.split(";")[0]
            if "max-age=0" in line.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return Answer(resp.status, headers_out, set_cookies, data.decode("utf-8"))

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def login_form(self) -> tuple[str, str]:
        """GET the login page: (its csrf token, its password field's name)."""
        page = self.get("/ward-round/login")
        assert page.status == 200
        form = lxml.html.fromstring(page.text).get_element_by_id("login")
        assert (form.get("method"), form.get("action")) == ("post", "/ward-round/login")
        csrf = form.xpath(".//input[@name='csrf']/@value")[0]
        return csrf, form.xpath(".//input[@type='password']/@name")[0]

    def login(self, email: str = SUBSCRIBER_EMAIL, password: str = SUBSCRIBER_PASSWORD,
              **changes: str | None) -> Answer:
        """Fill in and post the login form; ``changes`` replace (None: drop) form fields."""
        csrf, password_field = self.login_form()
        form = {"csrf": csrf, "email": email, password_field: password}
        for name, value in changes.items():
            if value is None:
                form.pop(name, None)
            else:
                form[name] = value
        return self.request("POST", "/ward-round/login", form)


def paragraphs(page: str) -> list[str]:
    doc = lxml.html.fromstring(page)
    return [" ".join(p.text_content().split()) for p in doc.cssselect(".article__body > p")]


def assert_full(page: Answer, piece=PIECE) -> None:
    assert page.status == 200
    assert paragraphs(page.text)[:-1] == list(piece.paragraphs)
    assert piece.signature in page.text
    assert SIGN_OUT in page.text and SIGN_IN not in page.text
    assert 'class="paywall"' not in page.text


def assert_teaser(page: Answer, piece=PIECE) -> None:
    assert page.status == 200
    assert paragraphs(page.text) == [piece.paragraphs[0]]
    assert PAYWALL in page.text
    assert piece.signature not in page.text
    assert piece.paragraphs[1] not in page.text
    assert SIGN_IN in page.text
    assert SIGN_OUT not in page.text and "account__signout" not in page.text


# -- the publication -----------------------------------------------------------------------------


def test_six_pieces_with_sign_offs():
    assert len(PIECES) == 6
    assert len({p.id for p in PIECES}) == len({p.slug for p in PIECES}) == 6
    for piece in PIECES:
        assert ARTICLE_RE.match(piece.path), piece.path
        assert 5 <= len(piece.paragraphs) <= 8
        assert re.fullmatch(r"<p><(em|strong)>[^<]+</\1></p>", piece.signature)
        surname = piece.author.split()[-1]
        assert surname in piece.signature
        assert not any(surname in p for p in piece.paragraphs)


def test_listing_feed_and_article_metadata(site):
    reader = Reader(site.url)
    listing = reader.get("/ward-round/")
    assert listing.status == 200
    assert listing.headers["cache-control"] == "private, no-store"
    assert SIGN_IN in listing.text and SIGN_OUT not in listing.text
    assert "cookie-consent" in listing.text and "browser-warning" in listing.text
    links = set(lxml.html.fromstring(listing.text).xpath("//a/@href"))
    assert {p.path for p in PIECES} <= links

    feed = reader.get("/ward-round/rss.xml")
    assert feed.status == 200
    assert feed.headers["content-type"] == "application/xml; charset=utf-8"
    items = lxml.etree.fromstring(feed.text.encode()).xpath("/rss/channel/item")
    assert [i.findtext("link") for i in items] == [site.url + p.path for p in PIECES]
    assert all(re.fullmatch(r"\w{3}, \d{2} \w{3} 2025 06:00:00 \+0000", i.findtext("pubDate"))
               for i in items)

    page = reader.get(PIECE.path)
    doc = lxml.html.fromstring(page.text)
    assert doc.xpath("//h1/text()") == [PIECE.title]
    assert doc.xpath("//meta[@property='og:type']/@content") == ["article"]
    assert doc.xpath("//meta[@property='article:published_time']/@content") == [
        PIECE.published.isoformat()]
    assert doc.xpath("//link[@rel='canonical']/@href") == [site.url + PIECE.path]
    assert f"{PIECE.published.day} {PIECE.published:%B %Y}" in page.text
    assert PIECE.standfirst in page.text
    assert "{{BASE}}" not in page.text + feed.text + listing.text
    assert "etag" not in page.headers


def test_not_found_redirects_and_methods(site):
    reader = Reader(site.url)
    status, headers, _, _ = reader.get("/ward-round")
    assert (status, headers["location"]) == (301, f"{site.url}/ward-round/")
    assert reader.get("/ward-round/opinion/no-such-piece/123456.article").status == 404
    assert reader.get(PIECE.path.replace(PIECE.slug, "other-slug")).status == 404
    answer = reader.get("/ward-round/account")
    assert (answer.status, answer.headers["location"]) == (
        302, f"{site.url}/ward-round/login?next=/ward-round/account")
    assert reader.get("/ward-round/static/ward-round.css").status == 200
    for path in ("/ward-round/", PIECE.path, "/civic-ledger/"):
        answer = reader.request("POST", path, {"x": "1"})
        assert (answer.status, answer.headers["allow"]) == (405, "GET, HEAD"), path
    csrf, _ = reader.login_form()
    answer = reader.request("POST", "/ward-round/login", {"csrf": csrf},
                            headers={"Content-Type": "application/json"})
    assert answer.status == 415
    # The other publications are untouched.
    assert reader.get("/civic-ledger/").status == 200


# -- anonymous readers and signing in --------------------------------------------------------------


def test_anonymous_readers_get_teasers(site):
    reader = Reader(site.url)
    for piece in PIECES:
        assert_teaser(reader.get(piece.path), piece)
    assert site.subscriber.teaser_views == 6
    assert site.subscriber.full_views == 0
    # A made-up session cookie is no session.
    reader.cookies["wr_session"] = "forged"
    assert_teaser(reader.get(PIECE.path))


def test_login_with_csrf_then_full_text(site):
    reader = Reader(site.url)
    page = reader.get("/ward-round/login")
    assert re.fullmatch(r"wr_csrf=[\w-]+; Path=/ward-round/; HttpOnly; SameSite=Lax",
                        page.set_cookies[0])
    assert 'name="email"' in page.text and 'name="password"' in page.text
    answer = reader.login()
    assert answer.status == 302
    assert answer.headers["location"] == f"{site.url}/ward-round/account"
    session = [c for c in answer.set_cookies if c.startswith("wr_session=")]
    assert len(session) == 1
    assert re.fullmatch(r"wr_session=[\w-]{20,}; Path=/; HttpOnly", session[0])
    assert site.subscriber.logins == 1 and site.subscriber.failed_logins == 0

    account = reader.get("/ward-round/account")
    assert account.status == 200
    assert f"Signed in as {SUBSCRIBER_EMAIL}" in account.text
    assert SIGN_OUT in account.text
    assert SIGN_OUT in reader.get("/ward-round/").text
    for piece in PIECES:
        assert_full(reader.get(piece.path), piece)
    assert site.subscriber.full_views == 6 and site.subscriber.teaser_views == 0
    # HEAD answers as GET would, and counts nothing.
    assert reader.request("HEAD", PIECE.path).status == 200
    assert site.subscriber.full_views == 6
    assert site.subscriber.views(reader.cookies["wr_session"]) == 6
    # Another reader is still anonymous; the e-mail address is matched in any case.
    assert_teaser(Reader(site.url).get(PIECE.path))
    assert Reader(site.url).login(email=" Archivist@Example.org").status == 302


@pytest.mark.parametrize("change", [
    {"password": "wrong-password"},
    {"password": ""},
    {"email": "someone@example.org"},
    {"password": None},
    {"email": None},
], ids=["wrong-password", "empty-password", "wrong-email", "no-password", "no-email"])
def test_wrong_credentials_are_refused(site, change):
    reader = Reader(site.url)
    answer = reader.login(**change)
    assert answer.status == 200
    assert LOGIN_ERROR in answer.text
    assert '<form id="login" method="post" action="/ward-round/login">' in answer.text
    assert not any(c.startswith("wr_session=") for c in answer.set_cookies)
    assert "wr_session" not in reader.cookies
    assert (site.subscriber.logins, site.subscriber.failed_logins) == (0, 1)
    assert_teaser(reader.get(PIECE.path))
    # The form that came back carries a fresh token that works.
    assert reader.login().status == 302


def test_csrf_token_must_match_its_cookie(site):
    reader = Reader(site.url)
    assert LOGIN_ERROR in reader.login(csrf=None).text
    assert LOGIN_ERROR in reader.login(csrf="made-up").text
    # Without the wr_csrf cookie, or with another form's cookie, the token is refused.
    csrf, _ = reader.login_form()
    reader.cookies.pop("wr_csrf")
    form = {"csrf": csrf, "email": SUBSCRIBER_EMAIL, "password": SUBSCRIBER_PASSWORD}
    assert LOGIN_ERROR in reader.request("POST", "/ward-round/login", form).text
    other = Reader(site.url)
    other_csrf, _ = other.login_form()
    reader.login_form()
    answer = reader.request("POST", "/ward-round/login", {**form, "csrf": other_csrf})
    assert LOGIN_ERROR in answer.text
    # A token works once.
    csrf, _ = reader.login_form()
    cookie = reader.cookies["wr_csrf"]
    assert reader.request("POST", "/ward-round/login", {**form, "csrf": csrf}).status == 302
    reader.cookies = {"wr_csrf": cookie}
    assert LOGIN_ERROR in reader.request("POST", "/ward-round/login", {**form, "csrf": csrf}).text
    assert (site.subscriber.logins, site.subscriber.failed_logins) == (1, 5)


def test_logout_ends_the_session(site):
    reader = Reader(site.url)
    reader.login()
    token = reader.cookies["wr_session"]
    assert_full(reader.get(PIECE.path))
    answer = reader.get("/ward-round/logout")
    assert (answer.status, answer.headers["location"]) == (302, f"{site.url}/ward-round/")
    assert any(c.startswith("wr_session=;") and "Max-Age=0" in c for c in answer.set_cookies)
    assert "wr_session" not in reader.cookies
    assert_teaser(reader.get(PIECE.path))
    reader.cookies["wr_session"] = token  # the old token is dead on the server too
    assert_teaser(reader.get(PIECE.path))
    assert site.subscriber.views(token) is None


# -- run-time knobs --------------------------------------------------------------------------------


def test_session_expires_after_n_views_as_teasers(site):
    site.subscriber.expire_after = 3
    reader = Reader(site.url)
    reader.login()
    for piece in PIECES[:3]:
        assert_full(reader.get(piece.path), piece)
    for piece in PIECES[3:]:
        assert_teaser(reader.get(piece.path), piece)
    assert SIGN_IN in reader.get("/ward-round/").text  # the listing (not counted) too
    assert reader.get("/ward-round/account").status == 302
    subscriber = site.subscriber
    assert (subscriber.full_views, subscriber.teaser_views, subscriber.redirects) == (3, 3, 0)
    assert subscriber.views(reader.cookies["wr_session"]) == 3  # expired views do not count
    # A new login is a new session; raising the limit revives the old one.
    fresh = Reader(site.url)
    fresh.login()
    assert_full(fresh.get(PIECE.path))
    subscriber.expire_after = 5
    assert_full(reader.get(PIECE.path))
    subscriber.expire_after = None
    assert_full(reader.get(PIECE.path))


def test_session_expires_after_n_views_as_redirects(site):
    site.subscriber.expire_after = 2
    site.subscriber.expiry = "redirect"
    reader = Reader(site.url)
    reader.login()
    assert_full(reader.get(PIECES[0].path), PIECES[0])
    assert_full(reader.get(PIECES[1].path), PIECES[1])
    for piece in PIECES[2:4]:
        answer = reader.get(piece.path)
        assert answer.status == 302
        assert answer.headers["location"] == f"{site.url}/ward-round/login?next={piece.path}"
        assert answer.text == ""
    # Anonymous readers still get teasers; only an expired session is sent to the login page.
    assert_teaser(Reader(site.url).get(PIECE.path))
    subscriber = site.subscriber
    assert (subscriber.full_views, subscriber.teaser_views, subscriber.redirects) == (2, 1, 2)
    assert subscriber.views(reader.cookies["wr_session"]) == 2
    reader.login()
    assert_full(reader.get(PIECES[2].path), PIECES[2])
    with pytest.raises(ValueError):
        subscriber.expiry = "banner"


def test_changed_password_field(site):
    site.subscriber.password_field = "passwd"
    reader = Reader(site.url)
    _, field_name = reader.login_form()
    assert field_name == "passwd"
    csrf, _ = reader.login_form()
    old_form = {"csrf": csrf, "email": SUBSCRIBER_EMAIL, "password": SUBSCRIBER_PASSWORD}
    answer = reader.request("POST", "/ward-round/login", old_form)
    assert answer.status == 200 and LOGIN_ERROR in answer.text
    assert "wr_session" not in reader.cookies
    assert reader.login().status == 302  # fills in the field the form names
    assert_full(reader.get(PIECE.path))


def test_reset_restores_defaults_and_ends_sessions(site):
    subscriber = site.subscriber
    reader = Reader(site.url)
    reader.login()
    reader.get(PIECE.path)
    subscriber.expire_after, subscriber.expiry, subscriber.password_field = 1, "redirect", "pw"
    subscriber.reset()
    assert (subscriber.expire_after, subscriber.expiry, subscriber.password_field) == (
        None, "teaser", "password")
    assert (subscriber.logins, subscriber.failed_logins, subscriber.full_views,
            subscriber.teaser_views, subscriber.redirects, subscriber.sessions()) == (0,) * 6
    assert_teaser(reader.get(PIECE.path))


def test_concurrent_readers(site):
    def read(_: int) -> bool:
        reader = Reader(site.url)
        assert reader.login().status == 302
        return all(SIGN_OUT in reader.get(p.path).text for p in PIECES[:3])

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(read, range(16)))
    subscriber = site.subscriber
    assert (subscriber.logins, subscriber.full_views, subscriber.sessions()) == (16, 48, 16)


# -- the request log, the proxy form, cookies.txt --------------------------------------------------


def test_request_log_never_holds_the_password(site):
    site.requests.clear()
    Reader(site.url).login(password="not-the-" + SUBSCRIBER_PASSWORD)
    Reader(site.url).login()
    logged = [(r.method, r.path) for r in site.requests]
    assert logged == [("GET", "/ward-round/login"), ("POST", "/ward-round/login")] * 2
    post = site.requests[1]
    assert post.headers["content-type"] == "application/x-www-form-urlencoded"
    assert post.headers["cookie"].startswith("wr_csrf=")
    assert SUBSCRIBER_PASSWORD not in repr(site.requests)
    assert "csrf=" not in repr(site.requests).replace("wr_csrf=", "")


def test_through_the_proxy_form(site):
    reader = Reader(site.url, host=SAMPLE_HOST)
    origin = f"http://{SAMPLE_HOST}"
    page = reader.get(PIECE.path)
    assert_teaser(page)
    canonical = lxml.html.fromstring(page.text).xpath("//link[@rel='canonical']/@href")
    assert canonical == [origin + PIECE.path]
    assert "127.0.0.1" not in page.text
    answer = reader.login()
    assert answer.headers["location"] == f"{origin}/ward-round/account"
    assert_full(reader.get(PIECE.path))
    feed = reader.get("/ward-round/rss.xml").text
    assert f"<link>{origin}{PIECE.path}</link>" in feed and "127.0.0.1" not in feed
    method, path, headers = site.requests[-1]
    assert (method, path, headers["host"]) == ("GET", "/ward-round/rss.xml", SAMPLE_HOST)
    assert ("POST", "/ward-round/login") in [(r.method, r.path) for r in site.requests]
    site.subscriber.expire_after = 1
    site.subscriber.expiry = "redirect"
    answer = reader.get(PIECES[1].path)
    assert answer.headers["location"] == f"{origin}/ward-round/login?next={PIECES[1].path}"


@pytest.mark.parametrize("host", [SAMPLE_HOST, None], ids=["proxy", "direct"])
def test_cookies_txt_helper(site, tmp_path, host):
    cookies_txt = tmp_path / "cookies.txt"
    token = subscriber_cookies_txt(site.url, cookies_txt, **({} if host else {"host": None}))
    lines = cookies_txt.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# Netscape HTTP Cookie File"
    domain, subdomains, path, secure, expires, name, value = lines[-1].split("\t")
    assert (domain, subdomains, path, secure, name, value) == (
        host or "127.0.0.1", "FALSE", "/", "FALSE", "wr_session", token)
    assert int(expires) > 0
    assert site.subscriber.logins == 1

    jar = http.cookiejar.MozillaCookieJar()
    jar.load(cookies_txt)
    assert [(c.domain, c.name, c.value) for c in jar] == [(host or "127.0.0.1", "wr_session",
                                                             token)]
    handlers: list = [urllib.request.HTTPCookieProcessor(jar)]
    if host:
        handlers.append(urllib.request.ProxyHandler({"http": site.url}))
    opener = urllib.request.build_opener(*handlers)
    with opener.open(f"http://{host}{PIECE.path}" if host else site.url + PIECE.path,
                     timeout=10) as resp:
        page = resp.read().decode("utf-8")
    assert_full(Answer(resp.status, {}, [], page))
    assert site.subscriber.views(token) == 1
    assert site.requests[-1].headers["cookie"] == f"wr_session={token}"


def test_serve_sample_site_serves_it_too():
    with serve_sample_site() as base:
        reader = Reader(base)
        assert_teaser(reader.get(PIECE.path))
        assert reader.login().status == 302
        assert_full(reader.get(PIECE.path))
