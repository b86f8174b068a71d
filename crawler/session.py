"""Subscriber sessions: a site profile's login recipe, an institution's cookies, and the
secrets kept out of everything a crawl writes.

A profile may say how its subscribers sign in::

    [login]
    url = "account/login"                 # the sign-in form's page (relative to base_url)
    form = "form#login"                   # optional: which form (else the first with a password)
    username_field = "email"
    password_field = "password"
    credentials = "env:WARD_ROUND"        # WARD_ROUND_USERNAME and WARD_ROUND_PASSWORD, or
                                          # "file:~/secrets/ward-round.toml" (username, password)
    signed_in = "a.account__signout"      # CSS: on every page a signed-in reader sees
    cookies = "~/secrets/ward-round.txt"  # optional: a cookies.txt (Netscape) to start from

The profile itself never holds a secret: a ``password``, ``username`` or ``token`` key is
refused. A crawl may also be given ``--cookies FILE`` (cookies.txt, as browsers' export
extensions write it). Secrets are read when the crawl starts, live only in the crawl's
memory, and are kept out of what it writes: ``Cookie``, ``Authorization`` and
``Proxy-Authorization`` request headers and ``Set-Cookie`` values are redacted in captures
and WARC records (:func:`redacted`), as web archives do; the sign-in form's fields are never
stored (a WARC request record has no body).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from http.cookiejar import Cookie
from pathlib import Path
from typing import Any

from lxml.cssselect import CSSSelector

SECRET_KEYS = ("password", "username", "user", "token", "secret", "cookie")
REDACTED = "(redacted)"
SECRET_HEADERS = ("cookie", "authorization", "proxy-authorization")


class SessionError(ValueError):
    """A login recipe or its secrets that cannot be used (one readable line)."""


@dataclass(frozen=True)
class Login:
    """A profile's ``[login]``: how its subscribers sign in, and how a page shows it."""

    url: str | None = None
    form: str | None = None
    username_field: str = "username"
    password_field: str = "password"
    credentials: str | None = None
    signed_in: str | None = None
    cookies: str | None = None

    @property
    def has_form(self) -> bool:
        return self.url is not None


LOGIN_KEYS = {"url", "form", "username_field", "password_field", "credentials", "signed_in",
              "cookies"}


def parse_login(data: Any, where: str, folder: Path | None) -> Login:
    """Validate a profile's ``[login]`` table; relative files are the profile's folder's."""
    if not isinstance(data, dict):
        raise SessionError(f"{where}: [login] must be a table")
    for key, value in data.items():
        if key.lower() in SECRET_KEYS:
            raise SessionError(f"{where}: a profile never holds secrets ('login.{key}'): name "
                               "them with credentials = \"env:NAME\" or \"file:PATH\"")
        if key not in LOGIN_KEYS:
            raise SessionError(f"{where}: unknown key 'login.{key}'")
        if not isinstance(value, str) or not value.strip():
            raise SessionError(f"{where}: 'login.{key}' must be a non-empty string")
    login = Login(**data)
    if login.has_form != bool(login.credentials):
        raise SessionError(f"{where}: [login] needs both url and credentials (or neither)")
    if login.has_form and not login.signed_in:
        raise SessionError(f"{where}: [login] needs signed_in, a CSS selector of what only a "
                           "signed-in reader sees (how a crawl knows the session holds)")
    if login.credentials and not login.credentials.startswith(("env:", "file:")):
        raise SessionError(f"{where}: 'login.credentials' must be \"env:NAME\" or "
                           "\"file:PATH\", never the secrets themselves")
    for key in ("form", "signed_in"):
        if getattr(login, key):
            try:
                CSSSelector(getattr(login, key))
            except Exception:  # cssselect raises several unrelated exception types
                raise SessionError(f"{where}: 'login.{key}' has a bad CSS selector "
                                   f"{getattr(login, key)!r}") from None
    if folder is not None:
        for key in ("credentials", "cookies"):
            value = getattr(login, key)
            if value and key == "cookies":
                login = _with(login, cookies=str(_beside(value, folder)))
            elif value and value.startswith("file:"):
                login = _with(login, credentials=f"file:{_beside(value[5:], folder)}")
    return login


def _with(login: Login, **changes: str) -> Login:
    return Login(**{**login.__dict__, **changes})


def _beside(path: str, folder: Path) -> Path:
    found = Path(path).expanduser()
    return found if found.is_absolute() else folder / found


def read_credentials(login: Login, site: str) -> tuple[str, str]:
    """(username, password) the recipe names; :class:`SessionError` if they are missing."""
    reference = login.credentials or ""
    if reference.startswith("env:"):
        prefix = reference[4:]
        names = (f"{prefix}_USERNAME", f"{prefix}_PASSWORD")
        values = [os.environ.get(name, "") for name in names]
        if not all(values):
            raise SessionError(f"site {site} signs in with {names[0]} and {names[1]}: set both "
                               "in the environment")
        return values[0], values[1]
    path = Path(reference[5:])
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise SessionError(f"site {site}: cannot read its credentials file {path}: "
                           f"{e.strerror or e}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        raise SessionError(f"site {site}: its credentials file {path} is not TOML") from None
    if not isinstance(data.get("username"), str) or not isinstance(data.get("password"), str):
        raise SessionError(f"site {site}: its credentials file {path} needs username and "
                           "password")
    return data["username"], data["password"]


def read_cookies(path: str | Path) -> list[Cookie]:
    """The cookies of a cookies.txt file (the Netscape format browsers' export extensions
    write: seven tab-separated fields a line; ``#HttpOnly_`` before a domain, as curl and some
    exporters write, is read too); :class:`SessionError` if it cannot be read."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise SessionError(f"cannot read cookies file {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise SessionError(f"cannot read cookies file {path}: {getattr(e, 'strerror', None) or e}"
                           ) from None
    cookies = []
    for number, line in enumerate(lines, 1):
        line = line.removeprefix("#HttpOnly_").strip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 7:
            raise SessionError(f"cannot read cookies file {path}: line {number} is not a "
                               "cookies.txt line (seven tab-separated fields)")
        domain, _, cookie_path, secure, expires, name, value = fields
        cookies.append(Cookie(
            0, name, value, None, False, domain, True, domain.startswith("."), cookie_path,
            True, secure.upper() == "TRUE", int(expires) if expires.isdigit() and int(
                expires) else None, False, None, None, {}))
    if not cookies:
        raise SessionError(f"cannot read cookies file {path}: no cookies in it")
    return cookies


def redacted(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Headers with their secrets replaced: the values of ``Cookie``, ``Authorization`` and
    ``Proxy-Authorization``, and each ``Set-Cookie`` value (its name and attributes kept:
    evidence that a session was set, not the session)."""
    out = []
    for name, value in headers:
        lower = name.lower()
        if lower in SECRET_HEADERS:
            value = REDACTED
        elif lower == "set-cookie":
            cookie, _, attributes = value.partition(";")
            value = f"{cookie.partition('=')[0].strip()}={REDACTED}" + (
                f";{attributes}" if attributes else "")
        out.append((name, value))
    return out
