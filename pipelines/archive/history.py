"""An article's versions, and a readable diff between them (``tradepress history URL``)."""

from __future__ import annotations

import difflib
import json
from typing import Any

from sqlite_utils import Database

from pipelines.archive.aliases import article_by_url, urls_of

__all__ = ["author_lines", "diff_versions", "urls_of", "versions"]


def versions(db: Database, url: str) -> list[dict[str, Any]]:
    """Every version of the article at ``url`` (any of its URLs), oldest first."""
    article = article_by_url(db, url)
    if article is None:
        return []
    rows = db.execute(
        """select v.version, v.fetched_at, v.content_hash, v.title, v.standfirst, v.body,
                  v.authors, v.published, v.capture_id, a.url, a.gone_at, a.id
           from article_versions v join articles a on a.id = v.article_id
           where a.id = ? order by v.version""", [article["id"]]).fetchall()
    keys = ("version", "fetched_at", "content_hash", "title", "standfirst", "body", "authors",
            "published", "capture_id", "url", "gone_at", "article_id")
    out = [dict(zip(keys, row, strict=True)) for row in rows]
    for version in out:
        version["authors"] = json.loads(version["authors"] or "[]")
    return out


def author_lines(authors: list[dict[str, Any]]) -> list[str]:
    return [", ".join(filter(None, (a.get("name"), a.get("role"), a.get("organisation"))))
            for a in authors]


def diff_versions(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What changed from one version to the next: title, authors, standfirst and body, each as
    a unified diff of lines (body by paragraph)."""
    out: list[str] = []
    for label, before, after in (
            ("title", [old["title"] or ""], [new["title"] or ""]),
            ("authors", author_lines(old["authors"]), author_lines(new["authors"])),
            ("standfirst", [old["standfirst"] or ""], [new["standfirst"] or ""]),
            ("body", (old["body"] or "").split("\n\n"), (new["body"] or "").split("\n\n"))):
        if before != after:
            out.append(f"{label}:")
            out += [f"  {line}" for line in difflib.unified_diff(
                before, after, lineterm="", n=0) if not line.startswith(("---", "+++", "@@"))]
    return out
