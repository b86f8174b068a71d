"""What happens to a page after download, and the libraries under it.

``pipelines.extract`` turns HTML into a record (pure functions, no Scrapy); ``pipelines.archive``
is the SQLite archive; the modules beside them are the Scrapy stages over both (``items``,
``extraction``, ``storage``), the record queue of distributed crawls and its writer
(``recordqueue``, ``ingest``), and re-extraction of stored captures (``reprocess``). Nothing
here imports the Scrapy project (``crawler``) or the application (``tradepress``).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    VERSION = version("tradepress")  # the one place it is written is pyproject.toml
except PackageNotFoundError:  # a checkout used without installing it
    VERSION = "0+unknown"
