"""Site profiles load, validate, and fail with a message naming the file and the key."""

import re
from pathlib import Path

import pytest

from crawler.siteconfig import (
    BUNDLED_SITES_DIR,
    ProfileError,
    find_profile,
    list_profiles,
    load_profile,
)

GOOD = '''
name = "{name}"
title = "Example Weekly"
base_url = "https://www.example.co.uk/"
language = "en"
date_order = "DMY"

[discovery]
feeds = ["comment/feed/"]
listings = ["comment/"]

[urls]
follow = ['/comment/.+\\.article$']
skip = ['/search']
'''


def write(tmp_path: Path, text: str, name: str = "example-weekly") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


BUNDLED = sorted(BUNDLED_SITES_DIR.glob("*.toml"))


def test_at_least_six_real_publications_are_bundled():
    assert len(BUNDLED) >= 6


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_profile_loads_and_is_honest_about_being_unchecked(path):
    profile = load_profile(path)
    assert profile.name == path.stem
    assert profile.base_url.startswith("https://")
    assert profile.follow and (profile.feeds or profile.sitemaps or profile.listings)
    assert "NOT been fetched" in path.read_text(encoding="utf-8")
    # the follow patterns accept the site's own article URLs and nothing off-site
    section = profile.listings[0].strip("/")
    assert profile.is_article_url(f"{profile.base_url}{section}/a-slug-14-06-2024/")
    assert profile.is_article_url(f"{profile.base_url}{section}/a-slug/7019234.article")
    assert not profile.is_article_url(f"{profile.base_url}{section}/")


def test_good_profile_builds_absolute_urls(tmp_path):
    profile = load_profile(write(tmp_path, GOOD.format(name="example-weekly")))
    assert profile.start_feeds == ["https://www.example.co.uk/comment/feed/"]
    assert profile.domains == ["www.example.co.uk"]
    assert profile.is_article_url("https://www.example.co.uk/comment/x/1.article")
    assert not profile.is_article_url("https://www.example.co.uk/search/x/1.article")
    moved = profile.with_base_url("http://127.0.0.1:8080/example")
    assert moved.start_listings == ["http://127.0.0.1:8080/example/comment/"]
    assert moved.domains == ["127.0.0.1"]


@pytest.mark.parametrize("change, message", [
    (("language = \"en\"", "langauge = \"en\""), "unknown key 'langauge'"),
    (("[discovery]", "[discovery]\nfeedz = []"), "unknown key 'discovery.feedz'"),
    (("[urls]", "[urlz]"), "unknown key 'urlz'"),
    (("date_order = \"DMY\"", "date_order = \"DDMMYY\""), "'date_order' must be one of"),
    (("language = \"en\"", "language = \"English\""), "'language' must be a two-letter code"),
    (("https://www.example.co.uk/", "ftp://example.co.uk/"), "'base_url' must be an http(s) URL"),
    (("follow = ['/comment/.+\\.article$']", "follow = ['/comment/(unclosed']"),
     "'urls.follow' has a bad regex"),
    (("follow = ['/comment/.+\\.article$']", "follow = '/comment/'"),
     "'urls.follow' must be a list of strings"),
    (("title = \"Example Weekly\"\n", ""), "missing required key 'title'"),
    (("listings = [\"comment/\"]", "listings = [\"comment/\"]\nmax_listing_pages = 0"),
     "'discovery.max_listing_pages' must be at least 1"),
    (("feeds = [\"comment/feed/\"]\nlistings = [\"comment/\"]", "feeds = []"),
     "needs at least one of feeds, sitemaps, listings"),
    (("[urls]", "[extract]\nremove = [\"div[[\"]\n[urls]"), "'extract.remove' has a bad CSS"),
    (("name = \"example-weekly\"", "name = \"other\""), "must equal the file name"),
])
def test_bad_profiles_name_file_and_key(tmp_path, change, message):
    old, new = change
    text = GOOD.format(name="example-weekly")
    assert old in text
    path = write(tmp_path, text.replace(old, new))
    with pytest.raises(ProfileError, match=re.escape(message)) as info:
        load_profile(path)
    assert str(path) in str(info.value)


def test_not_toml_is_a_clear_error(tmp_path):
    path = write(tmp_path, "name = [unclosed")
    with pytest.raises(ProfileError, match="not valid TOML"):
        load_profile(path)


def test_find_profile_prefers_user_folder_and_names_known_sites(tmp_path):
    write(tmp_path, GOOD.format(name="building").replace("Example Weekly", "My Building"),
          name="building")
    assert find_profile("building", [tmp_path, BUNDLED_SITES_DIR]).title == "My Building"
    with pytest.raises(ProfileError, match="unknown site 'nope'.*known sites: .*building"):
        find_profile("nope", [tmp_path, BUNDLED_SITES_DIR])
    names = [p.name for p in list_profiles([tmp_path, BUNDLED_SITES_DIR])]
    assert names == sorted(set(names)) and "building" in names
