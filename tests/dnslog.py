"""A DNS resolver for tests that writes every name it is asked for to a file.

    tradepress crawl ... -s TWISTED_DNS_RESOLVER=dnslog.LoggingResolver   (tests/ on PYTHONPATH)

The file is ``$TRADEPRESS_TEST_DNS_LOG``, one name a line, cache hits included: a name that is
not in it was never looked up. Scrapy's own caching resolver does the resolving.
"""

import os

from scrapy.resolver import CachingThreadedResolver


class LoggingResolver(CachingThreadedResolver):
    def getHostByName(self, name, timeout=()):
        path = os.environ.get("TRADEPRESS_TEST_DNS_LOG")
        if path:
            with open(path, "a", encoding="utf-8") as log:
                log.write(name + "\n")
        return super().getHostByName(name, timeout)
