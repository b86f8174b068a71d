"""Structured metadata of a page: JSON-LD, meta tags, canonical link, language.

Pure functions over an lxml tree; what they return is plain data. Structured metadata is the
publisher's own statement of title, authors and dates, so extraction trusts it first.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lxml_html
from trafilatura.metadata import METANAME_AUTHOR

from pipelines.extract.bylines import Author, split_role_organisation

ARTICLE_TYPES = {"article", "newsarticle", "opinionnewsarticle", "reportagenewsarticle",
                 "analysisnewsarticle", "backgroundnewsarticle", "reviewnewsarticle",
                 "blogposting", "socialmediaposting", "scholarlyarticle", "techarticle",
                 "report", "liveblogposting", "askpublicnewsarticle", "satiricalarticle"}
NON_ARTICLE_TYPES = {"collectionpage", "searchresultspage", "itemlist", "aboutpage",
                     "contactpage", "profilepage", "faqpage"}
# Meta tags that name a page's authors: the commonest first, then those trafilatura knows.
AUTHOR_META = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author",
               *sorted(METANAME_AUTHOR - {"author", "article:author", "dc.creator",
                                          "parsely-author", "sailthru.author"}),
               "og:author", "og:article:author")
URL_VALUE = re.compile(r"^(https?:)?//|^/")
# A language tag's primary subtag ("en" of "en-GB", "de" of "de_DE", "eng"); not "x-klingon".
LANGUAGE_TAG = re.compile(r"^\s*([a-zA-Z]{2,3})(?:[-_]|\s*$)")
REGION_TAG = re.compile(r"^\s*[a-zA-Z]{2,3}[-_]([a-zA-Z]{2})\s*$")


@dataclass
class Metadata:
    jsonld: list[dict[str, Any]] = field(default_factory=list)   # article-like objects first
    types: set[str] = field(default_factory=set)                  # every @type seen, lowercased
    meta: dict[str, str] = field(default_factory=dict)            # name/property -> content
    canonical: str | None = None
    language: str | None = None
    region: str | None = None                                    # "US" of "en-US", "GB" of en_GB

    @property
    def article(self) -> dict[str, Any]:
        """The first JSON-LD object of an article type, or an empty dict."""
        for obj in self.jsonld:
            if _types(obj) & ARTICLE_TYPES:
                return obj
        return {}


def read_metadata(tree: lxml_html.HtmlElement) -> Metadata:
    md = Metadata()
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        for obj in _jsonld_objects(script.text_content()):
            md.types |= _types(obj)
            md.jsonld.append(obj)
    md.jsonld.sort(key=lambda o: not (_types(o) & ARTICLE_TYPES))
    _resolve_people(md.jsonld)
    for node in tree.xpath("//meta[@content]"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
        value = (node.get("content") or "").strip()
        if key and value and key not in md.meta:
            md.meta[key] = value
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    md.canonical = canonical[0].strip() if canonical and canonical[0].strip() else None
    lang = tree.xpath("/html/@lang") or tree.xpath("//html/@lang")
    tags = [lang[0] if lang else "", md.meta.get("og:locale", "")]
    md.language = next(filter(None, map(language_code, tags)), None)
    md.region = next(filter(None, map(region_code, tags)), None)
    return md


def region_code(tag: str) -> str | None:
    """The region of a language tag ("GB" of "en-GB", "US" of "en_US"), or None."""
    match = REGION_TAG.match(tag)
    return match.group(1).upper() if match else None


def _resolve_people(objects: list[dict[str, Any]]) -> None:
    """Authors given by reference ("author": {"@id": ".../#/schema/person/1"}, as Yoast and
    other SEO plugins write them) replaced by the objects they name, in place."""
    ids = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str)}
    if not ids:
        return

    def resolved(value: Any) -> Any:
        if isinstance(value, list):
            return [resolved(v) for v in value]
        if isinstance(value, dict) and set(value) == {"@id"}:
            return ids.get(value["@id"], value)
        return value

    for obj in objects:
        for key in ("author", "creator"):
            if key in obj:
                obj[key] = resolved(obj[key])


def language_code(tag: str) -> str | None:
    """The two-letter code of a language tag ("en-GB", "de_DE"), or None for what is not one."""
    match = LANGUAGE_TAG.match(tag)
    return match.group(1)[:2].lower() if match else None


def _jsonld_objects(text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except (ValueError, TypeError, RecursionError):  # RecursionError: "[[[[..." 100,000 deep
        return []
    out: list[dict[str, Any]] = []
    stack = data if isinstance(data, list) else [data]
    while stack:
        obj = stack.pop(0)
        if isinstance(obj, list):
            stack.extend(obj)
        elif isinstance(obj, dict):
            if "@graph" in obj:
                stack.extend(obj["@graph"] if isinstance(obj["@graph"], list) else [obj["@graph"]])
            if "@type" in obj:
                out.append(obj)
    return out


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type") or []
    values = value if isinstance(value, list) else [value]
    return {str(v).lower() for v in values}


def text_of(value: Any) -> str | None:
    """A JSON-LD value as text: strings as-is, objects by their name, lists by their first."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def jsonld_authors(article: dict[str, Any]) -> list[Author]:
    """Authors of a JSON-LD article: name, jobTitle, and worksFor or affiliation."""
    value = article.get("author") or article.get("creator") or []
    people = value if isinstance(value, list) else [value]
    out: list[Author] = []
    for person in people:
        name: str | None
        role: str | None
        org: str | None
        if isinstance(person, str):
            name, role, org = text_of(person), None, None  # None for " "
        elif isinstance(person, dict):
            if "organization" in _types(person) and "person" not in _types(person):
                continue  # the publisher named as author is not a person
            name = text_of(person.get("name")) or " ".join(filter(None, (
                text_of(person.get("givenName")), text_of(person.get("familyName"))))) or None
            role = text_of(person.get("jobTitle"))
            org = text_of(person.get("worksFor")) or text_of(person.get("affiliation"))
            if role and not org and "," in role:  # "Director, Ukhozi Consulting": both
                role, org = split_role_organisation(role)
        else:
            continue
        if name and not URL_VALUE.match(name):
            out.append({"name": name.strip(), "role": role, "organisation": org})
    return out


def meta_authors(meta: dict[str, str]) -> list[str]:
    """Author names from meta tags (not profile URLs): the first of ``AUTHOR_META`` that has
    a value of a sensible length."""
    for key in AUTHOR_META:
        value = meta.get(key)
        if value and len(value) <= 300 and not URL_VALUE.match(value):
            return [v.strip() for v in re.split(r"\s*(?:,|;|\band\b|&)\s*", value) if v.strip()]
    return []
