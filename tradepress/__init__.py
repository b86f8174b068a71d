"""The tradepress application over the Scrapy project (``crawler``) and the pipelines
(``pipelines``): the command line (``cli``), the researchers' side of the archive
(``research``: queries, exports, charts, Datasette) and running crawls unattended (``ops``:
schedules, the scheduler service, Scrapyd)."""
