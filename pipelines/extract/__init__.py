"""Extraction: HTML in, one record out, without Scrapy or the network.

    from pipelines.extract import extract_article
    record = extract_article(html, "https://www.example.co.uk/comment/x/123.article")

The record's fields are stated once, in :mod:`pipelines.extract.record`.
"""

from pipelines.extract.core import EXTRACTOR_VERSION, detect_language, extract_article
from pipelines.extract.page import ExtractionError

__all__ = ["EXTRACTOR_VERSION", "ExtractionError", "detect_language", "extract_article"]
