"""The bundled sample trade-press site: three fictional UK trade titles served locally.

``serve_sample_site()`` starts a static server on 127.0.0.1 and yields its base URL;
``SITE_DIR`` is the static tree it serves; ``PROFILES_DIR`` holds the site profiles
(``sites/*.toml``) whose ``base_url`` is ``http://sample.tradepress.example/<publication>/``:
the demo reaches that host through the local server acting as an HTTP proxy; tests may re-root
a profile at the server's own address instead. Used by ``tradepress demo`` and by the tests
(golden truth: ``tests/golden/sample_expected.json``; generator: ``tests/samplesite/``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

SITE_DIR = Path(__file__).resolve().parent / "site"
PROFILES_DIR = Path(__file__).resolve().parent / "sites"

__all__ = ["PROFILES_DIR", "SITE_DIR", "serve_sample_site"]

if TYPE_CHECKING:
    from crawler.samplesite.server import serve_sample_site


def __getattr__(name: str) -> Any:
    # Imported lazily so that `python -m crawler.samplesite.server` does not import the
    # server module twice.
    if name == "serve_sample_site":
        from crawler.samplesite.server import serve_sample_site

        return serve_sample_site
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
