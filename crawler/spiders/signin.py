"""A crawl as a subscriber: the opinion spider's sign-in, session checks and renewals.

With a profile's ``[login]`` recipe or a cookies.txt (``--cookies``, ``login.cookies``), the
crawl keeps a cookie jar of its own (every other crawl sends and keeps no cookies) and starts
with the sign-in page: already signed in (the cookies held), it goes on to discovery; else it
fills in the form with the credentials and sends it, and goes on once a page shows it signed
in (``login.signed_in``). An article page that shows the reader signed out (a teaser again,
or a redirect to the sign-in page) is not handed on: the spider signs in again, once for all
the pages waiting, and asks for them again. Sign-in that fails (wrong password, a form whose
fields changed, cookies that do not sign in, a session that keeps ending) stops the crawl
before anything more is archived, with one line in the stats (``tradepress/login_error``)
and a ``login`` failure; nothing is archived as a full article that was a teaser.
"""

from __future__ import annotations

from typing import Any, cast

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http.cookies import CookieJar

from crawler.session import Login, read_cookies, read_credentials

MAX_RENEWALS = 5  # sign-ins after the first before a crawl gives up on the session
SIGN_IN_FIRST = 100  # request priority: signing in goes before the pages waiting for it


class SignIn:
    """Mixed into the opinion spider (which gives ``profile``, ``crawler``, ``failure``,
    ``discovery`` and ``parse_article``)."""

    # (what the spider gives)
    profile: Any
    crawler: Any
    logger: Any
    parse_article: Any
    failed: Any
    discovery: Any

    cookie_jar: CookieJar | None = None  # read by crawler.middlewares.SessionCookiesMiddleware
    credentials: tuple[str, str] | None = None
    signed_ins = 0
    renewing = False
    started = False

    def open_session(self, cookies: str | None) -> bool:
        """Load the session's secrets (cookies, credentials); False if the crawl has none."""
        login = self.login
        files = [f for f in (cookies, login.cookies if login else None) if f]
        if login is None and not files:
            return False
        self.cookie_jar = CookieJar()
        for path in files:
            for cookie in read_cookies(path):
                self.cookie_jar.jar.set_cookie(cookie)
        if login is not None and login.has_form:
            self.credentials = read_credentials(login, self.profile.name)
        self.waiting: list[scrapy.Request] = []
        return True

    @property
    def login(self) -> Login | None:
        return getattr(self.profile, "login", None)

    def session_request(self) -> scrapy.Request:
        """The sign-in page (or, with cookies alone, the home page): is the reader signed in?"""
        login = self.login
        url = (self.profile.absolute(login.url) if login is not None and login.has_form
               else self.profile.base_url)
        return scrapy.Request(url, self.session_checked, errback=self.session_failed,
                              dont_filter=True, priority=SIGN_IN_FIRST,
                              meta={"tradepress_kind": "login"})

    def session_checked(self, response):
        if self.signed_in(response):
            yield from self.session_ready()
        elif self.credentials is not None:
            yield self.sign_in(response)
        else:
            self.give_up(f"the cookies given do not sign in to {self.profile.name} (no "
                         f"{self.login.signed_in!r} on {response.url})")

    def sign_in(self, response) -> scrapy.FormRequest:
        """The sign-in form, filled in; a form without the recipe's fields stops the crawl."""
        login = cast(Login, self.login)  # (asked for only when the recipe has a form)
        selector = login.form or "form"
        forms = [f for f in response.css(selector)
                 if f.css(f"[name='{login.password_field}']")]
        if not forms:
            self.give_up(f"the sign-in form at {response.url} has no field "
                         f"'{login.password_field}' (has the form changed?)")
        if not forms[0].css(f"[name='{login.username_field}']"):
            self.give_up(f"the sign-in form at {response.url} has no field "
                         f"'{login.username_field}' (has the form changed?)")
        username, password = cast(tuple[str, str], self.credentials)
        return scrapy.FormRequest.from_response(
            response, formxpath=forms[0].root.getroottree().getpath(forms[0].root),
            formdata={login.username_field: username, login.password_field: password},
            callback=self.signed_in_now, errback=self.session_failed, dont_filter=True,
            priority=SIGN_IN_FIRST, meta={"tradepress_kind": "login"})

    def signed_in_now(self, response):
        if not self.signed_in(response):
            self.give_up(f"signing in to {self.profile.name} failed: still signed out after "
                         "sending the form (wrong username or password?)")
        self.signed_ins += 1
        self.crawler.stats.set_value("tradepress/sign_ins", self.signed_ins)
        yield from self.session_ready()

    def session_ready(self):
        """Signed in: discovery the first time, then the pages that waited for a renewal."""
        self.renewing = False
        waiting, self.waiting = self.waiting, []
        yield from waiting
        if not self.started:
            self.started = True
            yield from self.discovery()

    def signed_in(self, response) -> bool:
        selector = self.login.signed_in if self.login is not None else None
        return not selector or bool(getattr(response, "css", None) and response.css(selector))

    def signed_out(self, response) -> bool:
        """An article page that shows the session has ended (checked on 200s only)."""
        return self.cookie_jar is not None and response.status == 200 and (
            not self.signed_in(response))

    def renew(self, response, source: str):
        """Ask again for a page seen signed out, once signed in again."""
        asked = response.request.meta.get("redirect_urls", [response.request.url])[0]
        meta: dict[str, Any] = {key: response.request.meta[key] for key in (
            "tradepress_kind", "tradepress_hints") if key in response.request.meta}
        self.waiting.append(scrapy.Request(asked, self.parse_article, errback=self.failed,
                                           meta=meta, cb_kwargs={"source": source},
                                           dont_filter=True, priority=SIGN_IN_FIRST // 2))
        self.crawler.stats.inc_value("tradepress/signed_out_pages")
        if self.renewing:
            return
        if self.signed_ins > MAX_RENEWALS:
            self.give_up(f"the session with {self.profile.name} keeps ending ("
                         f"{self.signed_ins} sign-ins): stopped")
        self.renewing = True
        yield self.session_request()

    def session_failed(self, failure):
        self.give_up(f"cannot reach the sign-in page of {self.profile.name}: "
                     f"{failure.getErrorMessage()}")

    def give_up(self, why: str):
        """Stop the crawl: signing in failed."""
        self.crawler.stats.set_value("tradepress/login_error", why)
        self.logger.error(why)
        raise CloseSpider("login_failed")
