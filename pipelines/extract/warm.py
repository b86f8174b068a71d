"""Imported once in the extraction pool's forkserver, before any worker is forked from it:
the libraries and models every worker uses (trafilatura, htmldate, dateparser's English data,
py3langid's language model, our own patterns), loaded and used once on a small page. The
workers then share those pages of memory with the forkserver, copy-on-write, instead of each
loading its own (see :func:`pipelines.lifeline.worker_pool`)."""

import contextlib

from pipelines.extract import detect_language, extract_article

SAMPLE = """<html lang="en"><head><title>Warm-up</title></head><body><main><article>
<h1>Councils need a fairer funding settlement this year</h1>
<p class="byline">By Jane Doe, chief executive, Northshire County Council</p>
<time datetime="2025-03-18">18 March 2025</time>
<p>{text}</p><p>{text}</p><p>{text}</p>
<p>Jane Doe is chief executive of Northshire County Council.</p>
</article></main></body></html>"""
TEXT = ("Local government finance has been stretched for a decade, and the settlement announced "
        "this week does little to change the picture for county councils across England. ")

with contextlib.suppress(Exception):  # (a saving only: the workers load what it did not)
    extract_article(SAMPLE.format(text=TEXT * 3), "https://www.example.com/opinion/warm-up")
    detect_language(TEXT * 3)
