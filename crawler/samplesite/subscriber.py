"""The Ward Round: a fictional subscriber-only nursing weekly, served by the sample site's server
under ``/ward-round/`` (also as a proxy for ``http://sample.tradepress.example/``). Its pages and
its six pieces are in ``subscriber/`` (templates, ``pieces.toml``); the demo does not crawl it.

Pages: ``/ward-round/`` (the listing), ``/ward-round/rss.xml`` (a feed of the six, with
``pubDate``), ``/ward-round/opinion/<slug>/<6 digits>.article`` (the pieces),
``/ward-round/login``, ``/ward-round/logout`` and ``/ward-round/account``.

* **Anonymous readers** (no valid ``wr_session`` cookie) get a teaser of each piece: headline,
  standfirst, byline and date, the first paragraph only and then ``PAYWALL``; no sign-off.
  Their pages carry ``SIGN_IN``; a signed-in reader's pages carry ``SIGN_OUT`` instead, and
  pieces in full, sign-off included.
* **Login.** ``GET /ward-round/login`` sets a ``wr_csrf`` cookie and serves
  ``<form id="login">`` with ``email``, the password field and a hidden ``csrf`` token. A
  ``POST`` (``application/x-www-form-urlencoded``) must carry the token issued with the
  ``wr_csrf`` cookie it sends (each token works once) and ``SUBSCRIBER_EMAIL`` (any case)
  and ``SUBSCRIBER_PASSWORD``: it then gets ``302`` to ``/ward-round/account`` and
  ``Set-Cookie: wr_session=<token>; Path=/; HttpOnly``. A wrong e-mail, password or token
  gets ``200``, the form again with ``LOGIN_ERROR`` and a fresh token, and no session (a body
  of another type: ``415``). ``GET /ward-round/logout``
  (the ``SIGN_OUT`` link on every signed-in page: a crawler must not follow it) ends the
  session (``302`` to ``/ward-round/``). Session pages send
  ``Cache-Control: private, no-store`` and no validators.
* **Run-time knobs** (``site.subscriber``, a ``Subscriber``): ``expire_after`` (a session
  serves that many full article GETs, then counts as expired; None, the default: never);
  ``expiry`` (``"teaser"``: an expired session gets anonymous pages; ``"redirect"``: its
  article GETs get ``302`` to ``/ward-round/login?next=<path>``); ``password_field`` (the
  password input's name, ``"password"`` by default). Counters: ``logins``,
  ``failed_logins``, ``full_views``, ``teaser_views``, ``redirects`` (article GETs only;
  HEAD counts nothing). ``reset()`` restores all of it and ends every session.

``subscriber_cookies_txt()`` signs in over HTTP and writes the session cookie to a Netscape
``cookies.txt`` file, as browsers' export extensions do.
"""

from __future__ import annotations

import hmac
import html
import http.client
import re
import secrets
import threading
import time
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from functools import cache
from pathlib import Path
from string import Template
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

CONTENT_DIR = Path(__file__).resolve().parent / "subscriber"
PREFIX = "/ward-round/"
LOGIN_PATH = "/ward-round/login"
SUBSCRIBER_EMAIL = "archivist@example.org"
SUBSCRIBER_PASSWORD = "correct-horse-battery-staple"
SESSION_COOKIE = "wr_session"
CSRF_COOKIE = "wr_csrf"
EXPIRY_STYLES = ("teaser", "redirect")

PAYWALL = ('<div class="paywall"><p>This article is for subscribers only. Subscribe to continue '
           'reading, or sign in.</p><a href="/ward-round/login">Sign in</a></div>')
SIGN_IN = '<a class="account__signin" href="/ward-round/login">Sign in</a>'
SIGN_OUT = '<a class="account__signout" href="/ward-round/logout">Sign out</a>'
LOGIN_ERROR = '<p class="login__error">Incorrect email or password.</p>'

HTML = "text/html; charset=utf-8"
PLACEHOLDER = b"{{BASE}}"
PRIVATE = ("Cache-Control", "private, no-store")
MAX_CSRF_TOKENS = 1000  # login forms issued and not yet posted; the oldest are forgotten
MAX_FORM_BYTES = 64 * 1024
STATIC = {"/ward-round/static/ward-round.css": ("ward-round.css", "text/css; charset=utf-8")}


@dataclass(frozen=True)
class Piece:
    """One opinion piece of The Ward Round."""

    slug: str
    id: str
    published: datetime
    title: str
    standfirst: str
    author: str
    paragraphs: tuple[str, ...]
    signature: str  # the sign-off as HTML, e.g. <p><em>Jane Doe is ...</em></p>

    @property
    def path(self) -> str:
        return f"/ward-round/opinion/{self.slug}/{self.id}.article"


@dataclass
class Reply:
    """What the server sends for a ``/ward-round/`` request."""

    status: int
    body: bytes | None = b""  # None: the server's own error page for the status
    content_type: str = HTML
    headers: list[tuple[str, str]] = field(default_factory=list)


@cache
def pieces() -> tuple[Piece, ...]:
    """The six pieces, newest first."""
    data = tomllib.loads((CONTENT_DIR / "pieces.toml").read_text(encoding="utf-8"))
    found = []
    for p in data["piece"]:
        tag = p["sign_tag"]
        found.append(Piece(p["slug"], p["id"], datetime.fromisoformat(p["published"]),
                           p["title"], p["standfirst"], p["author"], tuple(p["paragraphs"]),
                           f"<p><{tag}>{html.escape(p['signature'])}</{tag}></p>"))
    return tuple(sorted(found, key=lambda piece: piece.published, reverse=True))


@cache
def template(name: str) -> Template:
    return Template((CONTENT_DIR / name).read_text(encoding="utf-8"))


def is_subscriber_path(url_path: str) -> bool:
    """Whether a URL path (as sent, undecoded) belongs to The Ward Round."""
    path = unquote(url_path)
    return path == PREFIX.rstrip("/") or path.startswith(PREFIX)


def parse_cookies(header: str) -> dict[str, str]:
    """A ``Cookie`` header's pairs (the first of each name); malformed parts are skipped."""
    found: dict[str, str] = {}
    for part in header.split(";"):
        name, sep, value = part.strip().partition("=")
        if sep and name:
            found.setdefault(name, value.strip().strip('"'))
    return found


def visible_date(when: datetime) -> str:
    return f"{when.day} {when:%B %Y}"


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def render_page(title: str, main: str, signed_in: bool, head: str = "",
                body_class: str = "") -> bytes:
    """A whole page: boilerplate, the account link for this reader, and ``main``."""
    account = f"<li>{SIGN_OUT if signed_in else SIGN_IN}</li>"
    return template("page.html").substitute(
        title=escape(title), head=head, body_class=body_class, account=account,
        main=main).encode("utf-8")


def render_article(piece: Piece, full: bool) -> bytes:
    """A piece in full (sign-off included) or as a teaser (first paragraph, paywall box)."""
    url = "{{BASE}}" + piece.path
    published = piece.published.isoformat()
    head = "\n".join([
        f'<meta name="description" content="{escape(piece.standfirst)}">',
        f'<meta name="author" content="{escape(piece.author)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{escape(piece.title)}">',
        f'<meta property="og:description" content="{escape(piece.standfirst)}">',
        '<meta property="og:site_name" content="The Ward Round">',
        f'<meta property="og:url" content="{url}">',
        f'<meta property="article:published_time" content="{published}">',
        '<meta property="article:section" content="Opinion">',
        f'<link rel="canonical" href="{url}">'])
    shown = piece.paragraphs if full else piece.paragraphs[:1]
    body = "\n".join(f"<p>{escape(p)}</p>" for p in shown)
    if full:
        body += "\n" + piece.signature
    main = template("article.html").substitute(
        title=escape(piece.title), standfirst=escape(piece.standfirst),
        author=escape(piece.author), published=published,
        date=visible_date(piece.published), body=body, paywall="" if full else PAYWALL)
    return render_page(f"{piece.title} | Opinion | The Ward Round", main, full, head,
                       "article-page")


def render_listing(signed_in: bool) -> bytes:
    items = "\n".join(
        f'<li class="listing__item"><h2><a href="{p.path}">{escape(p.title)}</a></h2>'
        f'<p class="listing__standfirst">{escape(p.standfirst)}</p>'
        f'<p class="listing__meta">By {escape(p.author)} | '
        f'<time datetime="{p.published.isoformat()}">{visible_date(p.published)}</time></p></li>'
        for p in pieces())
    head = '<link rel="canonical" href="{{BASE}}/ward-round/">'
    return render_page("Opinion | The Ward Round", template("listing.html").substitute(
        items=items), signed_in, head, "listing-page")


def render_feed() -> bytes:
    items = "\n".join(
        f"    <item>\n"
        f"      <title>{escape(p.title)}</title>\n"
        f"      <link>{{{{BASE}}}}{p.path}</link>\n"
        f'      <guid isPermaLink="true">{{{{BASE}}}}{p.path}</guid>\n'
        f"      <pubDate>{format_datetime(p.published)}</pubDate>\n"
        f"      <dc:creator>{escape(p.author)}</dc:creator>\n"
        f"      <category>Opinion</category>\n"
        f"      <description>{escape(p.standfirst)}</description>\n"
        f"    </item>" for p in pieces())
    built = format_datetime(pieces()[0].published)
    return template("rss.xml").substitute(built=built, items=items).encode("utf-8")


def redirect(location: str, *cookies: str) -> Reply:
    return Reply(302, b"", headers=[("Location", location), PRIVATE,
                                    *(("Set-Cookie", c) for c in cookies)])


class Subscriber:
    """The Ward Round's sessions, login tokens, run-time knobs and counters (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Default knobs, zero counters, no sessions and no login tokens."""
        with self._lock:
            self.expire_after: int | None = None
            self.expiry = "teaser"
            self.password_field = "password"
            self.logins = self.failed_logins = 0
            self.full_views = self.teaser_views = self.redirects = 0
            self._sessions: dict[str, int] = {}  # session token -> full article views
            self._csrf: dict[str, str] = {}  # wr_csrf cookie -> the form's csrf token

    @property
    def expiry(self) -> str:
        return self._expiry

    @expiry.setter
    def expiry(self, style: str) -> None:
        if style not in EXPIRY_STYLES:
            raise ValueError(f"expiry must be one of {EXPIRY_STYLES}, not {style!r}")
        self._expiry = style

    def views(self, token: str) -> int | None:
        """How many full article views a session has had (None: no such session)."""
        with self._lock:
            return self._sessions.get(token)

    def sessions(self) -> int:
        """How many sessions are open (expired ones included, until logout or reset)."""
        with self._lock:
            return len(self._sessions)

    def tokens(self) -> list[str]:
        """Every session token issued and still known: the secrets a crawl must not keep
        (tests search what a crawl wrote for them)."""
        with self._lock:
            return list(self._sessions)

    def handle(self, method: str, url_path: str, cookie_header: str = "",
               content_type: str = "", body: bytes = b"", base: str = "") -> Reply:
        """Answer one request for a ``/ward-round`` path. ``base`` is the origin the client
        asked for (``{{BASE}}`` and redirects use it)."""
        reply = self._route(method, unquote(url_path), parse_cookies(cookie_header),
                            content_type, body, base)
        if reply.body:
            reply.body = reply.body.replace(PLACEHOLDER, base.encode("ascii"))
        return reply

    # -- routes ------------------------------------------------------------------------------

    def _route(self, method: str, path: str, cookies: dict[str, str], content_type: str,
               body: bytes, base: str) -> Reply:
        token = cookies.get(SESSION_COOKIE, "")
        if path == PREFIX.rstrip("/"):
            return Reply(301, b"", headers=[("Location", base + PREFIX)])
        if method == "POST" and path not in (LOGIN_PATH, "/ward-round/logout"):
            return Reply(405, None, headers=[("Allow", "GET, HEAD")])
        if path == LOGIN_PATH:
            if method == "POST":
                return self._login(content_type, body, cookies, base)
            return self._login_form(error=False, signed_in=self._signed_in(token))
        if path == "/ward-round/logout":
            with self._lock:
                self._sessions.pop(token, None)
            return redirect(base + PREFIX, f"{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly")
        if path == "/ward-round/account":
            if not self._signed_in(token):
                return redirect(f"{base}{LOGIN_PATH}?next={quote(path)}")
            main = template("account.html").substitute(email=escape(SUBSCRIBER_EMAIL))
            return self._private(render_page("Your account | The Ward Round", main, True))
        if path == PREFIX:
            return self._private(render_listing(self._signed_in(token)))
        if path == "/ward-round/rss.xml":
            return Reply(200, render_feed(), "application/xml; charset=utf-8")
        if path in STATIC:
            name, ctype = STATIC[path]
            return Reply(200, (CONTENT_DIR / name).read_bytes(), ctype)
        piece = next((p for p in pieces() if p.path == path), None)
        if piece is None:
            return Reply(404, None)
        return self._article(piece, token, count=method == "GET", base=base)

    def _article(self, piece: Piece, token: str, count: bool, base: str) -> Reply:
        with self._lock:
            views = self._sessions.get(token)
            valid = views is not None and self._fresh(views)
            bounced = views is not None and not valid and self.expiry == "redirect"
            if count and valid:
                self._sessions[token] += 1
                self.full_views += 1
            elif count and bounced:
                self.redirects += 1
            elif count:
                self.teaser_views += 1
        if bounced:
            return redirect(f"{base}{LOGIN_PATH}?next={quote(piece.path)}")
        return self._private(render_article(piece, full=valid))

    def _login_form(self, error: bool, signed_in: bool) -> Reply:
        """The login page, with a new csrf token tied to a new ``wr_csrf`` cookie."""
        cookie, token = secrets.token_urlsafe(16), secrets.token_urlsafe(32)
        with self._lock:
            self._csrf[cookie] = token
            while len(self._csrf) > MAX_CSRF_TOKENS:
                del self._csrf[next(iter(self._csrf))]
            password_field = self.password_field
        main = template("login.html").substitute(
            error=LOGIN_ERROR if error else "", csrf=token, password_field=escape(password_field))
        reply = self._private(render_page("Sign in | The Ward Round", main, signed_in,
                                          body_class="login-page"))
        reply.headers.append(("Set-Cookie",
                              f"{CSRF_COOKIE}={cookie}; Path=/ward-round/; HttpOnly; SameSite=Lax"))
        return reply

    def _login(self, content_type: str, body: bytes, cookies: dict[str, str], base: str) -> Reply:
        if content_type.split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
            return Reply(415, None)
        form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True,
                        max_num_fields=50)

        def value(name: str) -> bytes:
            return (form.get(name) or [""])[0].encode("utf-8")

        with self._lock:
            issued = self._csrf.pop(cookies.get(CSRF_COOKIE, ""), None)
            password_field = self.password_field
        ok = (issued is not None and hmac.compare_digest(issued.encode("utf-8"), value("csrf"))
              and value("email").decode("utf-8").strip().lower() == SUBSCRIBER_EMAIL
              and password_field in form
              and hmac.compare_digest(value(password_field), SUBSCRIBER_PASSWORD.encode()))
        if not ok:
            with self._lock:
                self.failed_logins += 1
            return self._login_form(error=True, signed_in=False)
        session = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[session] = 0
            self.logins += 1
        return redirect(base + "/ward-round/account",
                        f"{SESSION_COOKIE}={session}; Path=/; HttpOnly",
                        f"{CSRF_COOKIE}=; Path=/ward-round/; Max-Age=0; HttpOnly")

    # -- helpers -----------------------------------------------------------------------------

    def _fresh(self, views: int) -> bool:
        """Whether a session with this many views is still valid (call with the lock held)."""
        return self.expire_after is None or views < self.expire_after

    def _signed_in(self, token: str) -> bool:
        with self._lock:
            views = self._sessions.get(token)
            return views is not None and self._fresh(views)

    @staticmethod
    def _private(page: bytes) -> Reply:
        return Reply(200, page, HTML, [PRIVATE])


# -- for tests: a signed-in cookies.txt ----------------------------------------------------------


def subscriber_cookies_txt(base: str, path: Path, host: str | None = "sample.tradepress.example",
                           *, email: str = SUBSCRIBER_EMAIL,
                           password: str = SUBSCRIBER_PASSWORD) -> str:
    """Sign in to The Ward Round on the sample server at ``base`` over HTTP, write the session
    cookie to ``path`` as a Netscape ``cookies.txt`` and return the session token.

    With ``host`` (the default, as the demo does), the server is used as an HTTP proxy for
    ``http://<host>/`` and the cookie is for that host; with ``host=None`` it is for ``base``'s
    own host. The cookie expires in 30 days (a file with a session cookie, expiry 0, is
    dropped by ``http.cookiejar.MozillaCookieJar.load()``). Raises ``RuntimeError`` if the
    login fails.
    """
    parts = urlsplit(base)
    server = parts.hostname or "127.0.0.1"
    origin = f"http://{host}" if host else ""

    def send(method: str, target: str, headers: dict[str, str], data: bytes | None = None):
        conn = http.client.HTTPConnection(server, parts.port, timeout=10)
        try:
            conn.request(method, origin + target, body=data,
                         headers={"Host": host or parts.netloc, **headers})
            resp = conn.getresponse()
            return resp.status, resp.headers.get_all("Set-Cookie") or [], resp.read()
        finally:
            conn.close()

    def cookie(set_cookies: list[str], name: str) -> str:
        for line in set_cookies:
            key, _, rest = line.partition("=")
            if key.strip() == name:
                return rest.split(";")[0]
        raise RuntimeError(f"The Ward Round's login sent no {name} cookie")

    _, set_cookies, page = send("GET", LOGIN_PATH, {})
    text = page.decode("utf-8")
    csrf = re.search(r'name="csrf" value="([^"]*)"', text)
    field_name = re.search(r'<input type="password"[^>]*name="([^"]+)"', text)
    if not (csrf and field_name):
        raise RuntimeError("The Ward Round's login page has no login form")
    form = urlencode({"csrf": csrf.group(1), "email": email, field_name.group(1): password})
    status, set_cookies, _ = send(
        "POST", LOGIN_PATH,
        {"Cookie": f"{CSRF_COOKIE}={cookie(set_cookies, CSRF_COOKIE)}",
         "Content-Type": "application/x-www-form-urlencoded"}, form.encode("ascii"))
    if status != 302:
        raise RuntimeError(f"The Ward Round's login failed (HTTP {status})")
    token = cookie(set_cookies, SESSION_COOKIE)
    expires = int(time.time()) + 30 * 86400
    path = Path(path)
    path.write_text("# Netscape HTTP Cookie File\n"
                    "# The Ward Round's session, for tests (crawler/samplesite/subscriber.py)\n"
                    f"{host or server}\tFALSE\t/\tFALSE\t{expires}\t{SESSION_COOKIE}"
                    f"\t{token}\n", encoding="utf-8")
    return token
