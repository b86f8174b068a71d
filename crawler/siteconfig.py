"""Site profiles: one TOML file per publication, loaded into a frozen, validated dataclass.

A profile says what a publication is and how to find its opinion pieces::

    name = "civic-ledger"                  # equals the file stem
    title = "The Civic Ledger"
    base_url = "https://www.example.co.uk/"
    language = "en"
    date_order = "DMY"                      # optional: DMY, MDY or YMD
    genre = "opinion"                       # optional default genre
    country = "GB"                          # optional
    note = "..."                            # optional free text

    [discovery]
    feeds = ["comment/rss"]                 # relative to base_url, or absolute
    sitemaps = ["sitemap.xml"]
    listings = ["comment/"]
    max_listing_pages = 10
    next_page = "a[rel=next]"               # optional CSS selector

    [urls]
    follow = ['/comment/.+\\.article$']     # regexes searched in absolute URLs
    skip = ['/search']

    [extract]
    remove = [".most-read"]                 # extra CSS selectors dropped before extraction

    [recrawl]                               # when known articles are fetched again
    recent_days = 30                        # younger than this (by publication date) ...
    recent_every_days = 0                   # ... re-checked this often (0: every crawl)
    older_every_days = 7                    # older ones this often

    [login]                                 # optional: how subscribers sign in (see
    url = "account/login"                   # crawler.session; never the secrets themselves)
    credentials = "env:EXAMPLE"
    signed_in = "a.sign-out"

Unknown keys and bad values raise :class:`ProfileError` naming the file and the key.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.cssselect import CSSSelector

from crawler.session import Login, SessionError, parse_login
from pipelines.extract.record import GENRES

BUNDLED_SITES_DIR = Path(__file__).parent / "sites"
SAMPLE_SITES_DIR = Path(__file__).parent / "samplesite" / "sites"

DATE_ORDERS = ("DMY", "MDY", "YMD")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LANGUAGE_RE = re.compile(r"^[a-z]{2}$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")


class ProfileError(ValueError):
    """A profile that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class SiteProfile:
    name: str
    title: str
    base_url: str
    language: str = "en"
    date_order: str | None = None
    genre: str | None = None
    country: str | None = None
    note: str | None = None
    allowed_domains: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    max_listing_pages: int = 10
    next_page: str | None = None
    follow: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    recent_days: int = 30          # an article younger than this is "recent"
    recent_every_days: int = 0     # re-check recent articles this often (0: every crawl)
    older_every_days: int = 7      # re-check older articles this often
    login: Login | None = None     # how subscribers sign in (crawler.session)
    path: str | None = field(default=None, compare=False)

    def absolute(self, url: str) -> str:
        return urljoin(self.base_url, url)

    @property
    def start_feeds(self) -> list[str]:
        return [self.absolute(u) for u in self.feeds]

    @property
    def start_sitemaps(self) -> list[str]:
        return [self.absolute(u) for u in self.sitemaps]

    @property
    def start_listings(self) -> list[str]:
        return [self.absolute(u) for u in self.listings]

    @property
    def domains(self) -> list[str]:
        if self.allowed_domains:
            return list(self.allowed_domains)
        host = urlsplit(self.base_url).hostname
        return [host] if host else []

    def is_article_url(self, url: str) -> bool:
        """True if the URL matches a ``follow`` pattern and no ``skip`` pattern."""
        if self.is_skipped(url):
            return False
        return any(re.search(p, url) for p in self.follow)

    def is_skipped(self, url: str) -> bool:
        return any(re.search(p, url) for p in self.skip)

    def extract_options(self, *urls: str | None) -> dict[str, Any]:
        """What extraction takes from the profile: keyword arguments of
        :func:`pipelines.extract.extract_article`. Given the page's URLs (as fetched, as asked
        for), ``article_url`` says whether the profile names any of them an article's."""
        return {"language": self.language, "date_order": self.date_order, "genre": self.genre,
                "remove": self.remove,
                "article_url": any(url and self.is_article_url(url) for url in urls)}

    def with_base_url(self, base_url: str) -> SiteProfile:
        """The same profile rooted elsewhere (a mirror, or the local sample site)."""
        if not base_url.endswith("/"):
            base_url += "/"
        _check_url(base_url, self.path or self.name, "base_url")
        return replace(self, base_url=base_url, allowed_domains=())


# key -> (section, expected type, required)
_TOP = {
    "name": (str, True),
    "title": (str, True),
    "base_url": (str, True),
    "language": (str, False),
    "date_order": (str, False),
    "genre": (str, False),
    "country": (str, False),
    "note": (str, False),
    "allowed_domains": (list, False),
}
_SECTIONS: dict[str, dict[str, tuple[type, bool]]] = {
    "discovery": {
        "feeds": (list, False),
        "sitemaps": (list, False),
        "listings": (list, False),
        "max_listing_pages": (int, False),
        "next_page": (str, False),
    },
    "urls": {"follow": (list, True), "skip": (list, False)},
    "extract": {"remove": (list, False)},
    "recrawl": {"recent_days": (int, False), "recent_every_days": (int, False),
                "older_every_days": (int, False)},
}


def load_profile(path: str | Path) -> SiteProfile:
    """Read and validate one profile file."""
    path = Path(path)
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ProfileError(f"{where}: cannot read profile: {e.strerror or e}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ProfileError(f"{where}: not valid TOML: {e}") from None
    return parse_profile(data, where=where, stem=path.stem)


def parse_profile(data: dict[str, Any], *, where: str, stem: str | None = None) -> SiteProfile:
    """Validate a profile's decoded TOML and build the :class:`SiteProfile`."""
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "login":
            try:
                values["login"] = parse_login(value, where, Path(where).parent if stem else None)
            except SessionError as e:
                raise ProfileError(str(e)) from None
        elif key in _SECTIONS:
            if not isinstance(value, dict):
                raise ProfileError(f"{where}: [{key}] must be a table")
            for sub, subvalue in value.items():
                spec = _SECTIONS[key].get(sub)
                if spec is None:
                    raise ProfileError(f"{where}: unknown key '{key}.{sub}'")
                values[sub] = _typed(subvalue, spec[0], where, f"{key}.{sub}")
        elif key in _TOP:
            values[key] = _typed(value, _TOP[key][0], where, key)
        else:
            raise ProfileError(f"{where}: unknown key '{key}'")
    for key, (_, required) in _TOP.items():
        if required and key not in values:
            raise ProfileError(f"{where}: missing required key '{key}'")
    for section, keys in _SECTIONS.items():
        for key, (_, required) in keys.items():
            if required and key not in values:
                raise ProfileError(f"{where}: missing required key '{section}.{key}'")

    name = values["name"]
    if not NAME_RE.match(name):
        raise ProfileError(f"{where}: 'name' must be lowercase letters, digits and hyphens")
    if stem is not None and name != stem:
        raise ProfileError(f"{where}: 'name' is {name!r} but must equal the file name {stem!r}")
    _check_url(values["base_url"], where, "base_url")
    if not values["base_url"].endswith("/"):
        values["base_url"] += "/"
    if "language" in values and not LANGUAGE_RE.match(values["language"]):
        raise ProfileError(f"{where}: 'language' must be a two-letter code such as 'en'")
    if "country" in values and not COUNTRY_RE.match(values["country"]):
        raise ProfileError(f"{where}: 'country' must be a two-letter code such as 'GB'")
    if values.get("date_order") not in (None, *DATE_ORDERS):
        raise ProfileError(f"{where}: 'date_order' must be one of {', '.join(DATE_ORDERS)}")
    if values.get("genre") not in (None, *GENRES):
        raise ProfileError(f"{where}: 'genre' must be one of {', '.join(GENRES)}")
    for key in ("recent_days", "recent_every_days", "older_every_days"):
        if values.get(key, 0) < 0:
            raise ProfileError(f"{where}: 'recrawl.{key}' must be zero or more")
    if values.get("max_listing_pages", 1) < 1:
        raise ProfileError(f"{where}: 'discovery.max_listing_pages' must be at least 1")
    for key in ("follow", "skip"):
        for pattern in values.get(key, ()):
            try:
                re.compile(pattern)
            except re.error as e:
                raise ProfileError(
                    f"{where}: 'urls.{key}' has a bad regex {pattern!r}: {e}") from None
    if not values["follow"]:
        raise ProfileError(f"{where}: 'urls.follow' needs at least one pattern")
    for key, selectors in (("discovery.next_page", [values.get("next_page")]),
                           ("extract.remove", values.get("remove", []))):
        for selector in selectors:
            if selector is None:
                continue
            try:
                CSSSelector(selector)
            except Exception:  # cssselect raises several unrelated exception types
                raise ProfileError(
                    f"{where}: '{key}' has a bad CSS selector {selector!r}") from None
    if not any(values.get(k) for k in ("feeds", "sitemaps", "listings")):
        raise ProfileError(f"{where}: [discovery] needs at least one of feeds, sitemaps, listings")
    for key in ("allowed_domains", "feeds", "sitemaps", "listings", "follow", "skip", "remove"):
        if key in values:
            values[key] = tuple(values[key])
    return SiteProfile(path=where, **values)


def _typed(value: Any, expected: type, where: str, key: str) -> Any:
    if expected is int and isinstance(value, bool):
        raise ProfileError(f"{where}: '{key}' must be a whole number")
    if not isinstance(value, expected):
        kind = {str: "a string", int: "a whole number", list: "a list of strings"}[expected]
        raise ProfileError(f"{where}: '{key}' must be {kind}")
    if isinstance(value, list) and not all(isinstance(v, str) and v for v in value):
        raise ProfileError(f"{where}: '{key}' must be a list of non-empty strings")
    if isinstance(value, str) and not value.strip():
        raise ProfileError(f"{where}: '{key}' must not be empty")
    return value


def _check_url(url: str, where: str, key: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProfileError(f"{where}: '{key}' must be an http(s) URL, not {url!r}")


def profile_dirs(extra: Iterable[str | Path] = ()) -> list[Path]:
    """Folders searched for profiles: the user's first, then the bundled ones."""
    return [Path(d) for d in extra] + [BUNDLED_SITES_DIR]


def list_profiles(dirs: Iterable[str | Path]) -> list[SiteProfile]:
    """Every profile in the given folders (the first folder wins on a repeated name)."""
    seen: dict[str, SiteProfile] = {}
    for folder in dirs:
        for path in sorted(Path(folder).glob("*.toml")):
            if path.stem not in seen:
                seen[path.stem] = load_profile(path)
    return sorted(seen.values(), key=lambda p: p.name)


def find_profile(name: str, dirs: Iterable[str | Path]) -> SiteProfile:
    """The profile called ``name``; :class:`ProfileError` if there is none."""
    dirs = list(dirs)
    for folder in dirs:
        path = Path(folder) / f"{name}.toml"
        if path.is_file():
            return load_profile(path)
    known = sorted({p.stem for d in dirs for p in Path(d).glob("*.toml")})
    hint = f" (known sites: {', '.join(known)})" if known else ""
    raise ProfileError(f"unknown site {name!r}{hint}")
