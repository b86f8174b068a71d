"""The command line: documented commands, and bad input as one clear line with a non-zero exit."""

import pytest
from click.testing import CliRunner
from conftest import assert_one_line_error, run_cli

from tradepress.cli import cli

COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    assert cli.commands[name].help and len(cli.commands[name].help.splitlines()[0]) > 10


def test_sites_lists_bundled_publications():
    result = CliRunner().invoke(cli, ["sites"])
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.output.splitlines()]
    assert len(names) >= 6 and "nursing-times" in names


def test_unknown_site_is_one_line(tmp_path):
    result = run_cli("crawl", "--site", "no-such-paper", "--db", tmp_path / "a.db")
    assert_one_line_error(result, "unknown site 'no-such-paper'", "known sites:")


def test_malformed_profile_names_file_and_key(tmp_path):
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "broken.toml").write_text(
        'name = "broken"\ntitle = "Broken"\nbase_url = "https://example.com/"\n'
        '[discovery]\nfeeds = ["feed/"]\nlistingz = []\n[urls]\nfollow = ["/x"]\n')
    result = run_cli("crawl", "--site", "broken", "--sites-dir", sites, "--db", tmp_path / "a.db")
    assert_one_line_error(result, "broken.toml", "unknown key 'discovery.listingz'")
    result = run_cli("sites", "--sites-dir", sites)
    assert_one_line_error(result, "broken.toml")


def test_unwritable_database_path(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = run_cli("crawl", "--url", "http://127.0.0.1:9/x", "--db", blocker / "a.db")
    assert_one_line_error(result, "cannot open archive")


@pytest.mark.parametrize("args, fragment", [
    (["crawl"], "give --site NAME, or article URLs (--url URL, --urls-file FILE)"),
    (["crawl", "--urls-file", "/nonexistent/urls.txt"], "cannot read /nonexistent/urls.txt"),
    (["crawl", "--url", "not a url"], "not an http(s) URL"),
    (["crawl", "--site", "building", "--since", "the day after never"], "cannot read"),
    (["crawl", "--site", "building", "-s", "NOVALUE"], "-s expects NAME=VALUE"),
    (["search", "x", "--db", "/nonexistent/archive.db"], "no archive at"),
    (["extract"], "give FILE... or --manifest FILE"),
])
def test_usage_errors(args, fragment):
    result = run_cli(*args)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert fragment in result.stderr


def test_bad_search_query_is_one_line(tmp_path):
    from pipelines.archive.store import Archive
    Archive(tmp_path / "a.db").close()
    result = run_cli("search", '"unbalanced', "--db", tmp_path / "a.db")
    assert_one_line_error(result, "bad search query")


EXTRACT_KEYS = {"file", "url", "is_article", "title", "standfirst", "body", "authors",
                "published", "updated", "genre", "language", "paywalled", "byline_raw"}


def sample_article_files(n):
    import json
    from pathlib import Path

    from crawler.samplesite import SITE_DIR
    golden = json.loads((Path(__file__).parent / "golden" / "sample_expected.json").read_text())
    articles = [g for g in golden if g["is_article"]][:n]
    return [(SITE_DIR / g["path"].lstrip("/") / ("index.html" if g["path"].endswith("/") else ""),
             g) for g in articles]


def test_extract_manifest_keeps_order_and_reports_bad_inputs(tmp_path):
    import json
    import shutil
    pages = sample_article_files(2)
    (tmp_path / "pages").mkdir()
    lines = []
    for i, (path, entry) in enumerate(pages):
        shutil.copy(path, tmp_path / "pages" / f"{i}.html")
        lines.append({"file": f"pages/{i}.html", "url": "http://sample.tradepress.example"
                      + entry["path"], "fetched_at": "2026-01-01T00:00:00Z"})
    lines.insert(1, {"file": "pages/missing.html"})
    manifest = tmp_path / "m.jsonl"
    manifest.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    result = run_cli("extract", "--manifest", manifest, cwd="/")
    assert result.returncode == 1  # one input failed
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["file"] for r in records] == [line["file"] for line in lines]
    assert "error" in records[1] and "missing.html" in records[1]["error"]
    for record, (_, entry) in zip([records[0], records[2]], pages, strict=True):
        assert EXTRACT_KEYS <= set(record)
        assert record["title"] == entry["title"]
        assert record["authors"] == entry["authors"]
        assert record["published"][:10] == entry["published"]


def many_pages_manifest(folder, copies: int):
    """A manifest of ``copies`` rounds of every sample article, a missing file among them."""
    import json
    lines = [{"file": str(path), "url": "http://sample.tradepress.example" + entry["path"],
              "fetched_at": "2026-01-01T00:00:00Z"}
             for _ in range(copies) for path, entry in sample_article_files(100)]
    lines.insert(3, {"file": "missing.html"})
    manifest = folder / "many.jsonl"
    manifest.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    return manifest, lines


def test_extract_with_workers_gives_the_same_objects_in_order(tmp_path):
    """A pool of workers (the default for a long manifest) gives, line for line, what
    extraction in the command's own process gives, errors in their places."""
    import json
    manifest, lines = many_pages_manifest(tmp_path, 3)
    inline = run_cli("extract", "--manifest", manifest, "--workers", "0")
    pooled = run_cli("extract", "--manifest", manifest, "--workers", "2")
    assert inline.returncode == pooled.returncode == 1  # the missing file
    assert pooled.stdout == inline.stdout
    records = [json.loads(line) for line in pooled.stdout.splitlines()]
    assert [r["file"] for r in records] == [line["file"] for line in lines]
    assert "error" in records[3] and sum("error" in r for r in records) == 1
    assert len({r["title"] for r in records if "title" in r}) > 10


def test_extract_one_file_with_url_and_fetch_time(tmp_path):
    import json
    path, entry = sample_article_files(1)[0]
    result = run_cli("extract", path, "--url", "https://example.co.uk" + entry["path"],
                     "--fetched-at", "2026-01-01T00:00:00Z")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["is_article"] is True and record["genre"] == entry["genre"]
    assert "\n\n" in record["body"] and record["title"] not in record["body"]


def test_extract_bad_manifest_line_is_one_clear_error(tmp_path):
    manifest = tmp_path / "m.jsonl"
    manifest.write_text('{"file": "a.html"}\nnot json\n')
    result = run_cli("extract", "--manifest", manifest)
    assert_one_line_error(result, "m.jsonl:2", "expected a JSON object")


def test_extract_with_a_site_judges_urls_by_its_profile(tmp_path):
    """`extract --site` takes the profile's word on each page's URL, as a crawl does."""
    import json

    from test_non_articles import short_page

    from crawler.siteconfig import SAMPLE_SITES_DIR

    page = tmp_path / "note.html"
    page.write_text(short_page("A short note"), encoding="utf-8")
    judged = {}
    for path in ("/build-review/opinion/a-short-note", "/build-review/notes/a-short-note"):
        result = run_cli("extract", page, "--url", "http://sample.tradepress.example" + path,
                         "--site", "build-review", "--sites-dir", SAMPLE_SITES_DIR)
        assert result.returncode == 0, result.stderr
        record = json.loads(result.stdout)
        judged[path.split("/")[2]] = (record["is_article"], record["not_article_reason"])
    assert judged == {"opinion": (True, None), "notes": (False, "short")}
