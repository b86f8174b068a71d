"""The pure judgement of where a crawl may go (crawler/targets.py): no Scrapy, no network."""

import ipaddress

import pytest
from scrapy.exceptions import IgnoreRequest

from crawler.fetch import classify
from crawler.targets import (
    address_refusal,
    allowed_hosts_problem,
    bounds_for,
    host_address,
    is_internal,
    literal_refusal,
    offsite_refusal,
    on_site,
    robots_policy,
)

SITE = bounds_for(["example.co.uk"], ["www.example.co.uk"], [])


@pytest.mark.parametrize("spelled, address", [
    ("127.0.0.1", "127.0.0.1"),
    ("2130706433", "127.0.0.1"),          # one integer
    ("0x7f000001", "127.0.0.1"),          # one hex integer
    ("017700000001", "127.0.0.1"),        # one octal integer
    ("0x7f.1", "127.0.0.1"),              # two parts, the last filling three bytes
    ("0177.0.0.01", "127.0.0.1"),         # octal parts
    ("127.1", "127.0.0.1"),
    ("0", "0.0.0.0"),
    ("[::1]", "::1"),
    ("::ffff:127.0.0.2", "::ffff:127.0.0.2"),
    ("[::ffff:7f00:2]", "::ffff:127.0.0.2"),
    ("fe80::1%eth0", "fe80::1"),
    ("169.254.169.254.", "169.254.169.254"),  # a trailing dot is the same host
])
def test_every_spelling_of_an_address_is_read(spelled, address):
    assert host_address(spelled) == ipaddress.ip_address(address)


@pytest.mark.parametrize("name", ["example.co.uk", "localhost", "1.2.3.4.5", "256.1.1.1",
                                  "08.1.1.1", "0x1g", "127.0.0.1.example", "", "4294967296"])
def test_names_and_impossible_numbers_are_not_addresses(name):
    assert host_address(name) is None


@pytest.mark.parametrize("address", [
    "169.254.169.254", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254",
    "192.168.1.1", "127.0.0.1", "127.0.0.2", "0.0.0.0", "100.64.0.1", "100.127.255.254",
    "224.0.0.1", "240.0.0.1", "255.255.255.255", "192.0.2.1", "198.18.0.1",
    "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1", "2001:db8::1",
    "::ffff:10.0.0.1", "::ffff:127.0.0.2", "::ffff:169.254.169.254", "2002:7f00:1::1",
    "64:ff9b::a00:1",
])
def test_internal_addresses(address):
    assert is_internal(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1",
                                     "2606:4700::1111", "2a00:1450:4009::200e",
                                     "::ffff:8.8.8.8", "2002:808:808::1"])
def test_public_addresses(address):
    assert not is_internal(ipaddress.ip_address(address))


def test_internal_addresses_are_refused_unless_the_site_or_the_setting_allows_them():
    local = bounds_for(["127.0.0.1", "localhost", "intranet.example"], ["127.0.0.1"],
                       ["intranet.example", "10.1.0.0/16"])
    assert address_refusal("127.0.0.1", ["127.0.0.1"], local) is None       # the site's own
    assert address_refusal("2130706433", ["127.0.0.1"], local) is None      # same, spelled
    assert address_refusal("intranet.example", ["10.9.9.9"], local) is None  # named
    assert address_refusal("www.example.co.uk", ["10.1.2.3"], local) is None  # in the network
    refused = address_refusal("localhost", ["127.0.0.1"], local)
    assert refused.startswith("internal:") and "localhost resolves to 127.0.0.1" in refused
    assert address_refusal("127.0.0.2", ["127.0.0.2"], local).startswith("internal: 127.0.0.2,")
    assert "0x7f.2 is 127.0.0.2" in literal_refusal("http://0x7f.2/", local)
    assert "::ffff:7f00:2 is 127.0.0.2" in literal_refusal("http://[::ffff:7f00:2]/", local)
    assert address_refusal("news.example", ["93.184.216.34", "10.0.0.1"], SITE)  # one is enough
    assert address_refusal("news.example", ["93.184.216.34"], SITE) is None
    # a site's own base *name* pointed at an internal address is refused like any other
    assert address_refusal("www.example.co.uk", ["169.254.169.254"], SITE).startswith(
        "internal: www.example.co.uk resolves to 169.254.169.254")
    assert address_refusal("www.example.co.uk", ["10.1.0.9"],
                           bounds_for(SITE.domains, ["www.example.co.uk"],
                                      ["www.example.co.uk"])) is None
    for url in ("http://169.254.169.254/latest/meta-data/", "http://[::ffff:10.0.0.1]/",
                "http://0x7f.1:8080/", "http://[fd00::1]/", "http://0/"):
        assert literal_refusal(url, SITE).startswith("internal:"), url
    assert literal_refusal("https://www.example.co.uk/a", SITE) is None  # a name: resolved later


def test_the_site_is_its_domains_and_their_subdomains_only():
    assert on_site("https://www.example.co.uk/a", SITE.domains)
    assert on_site("https://EXAMPLE.co.uk./a", SITE.domains)
    for url in ("https://example.co.uk.evil.example/a", "https://badexample.co.uk/",
                "http://[::ffff:127.0.0.2]:8000/", "http://2130706434/", "file:///etc/passwd",
                "http://nowhere.invalid/a"):
        assert not on_site(url, SITE.domains), url
        refused = offsite_refusal(url, SITE)
        assert refused.startswith("offsite:") and url[:40] in refused
    assert offsite_refusal("https://example.co.uk/b", SITE) is None


@pytest.mark.parametrize("status, policy", [
    (200, "obey"), (204, "obey"), (404, "allow"), (410, "allow"), (401, "allow"),
    (403, "allow"), (429, "refuse"), (500, "refuse"), (503, "refuse"), (302, "refuse"),
])
def test_robots_txt_answers_rfc_9309(status, policy):
    assert robots_policy(status) == policy


def test_the_new_refusals_have_their_reason_words():
    reason, message = classify(IgnoreRequest(address_refusal("127.0.0.2", ["127.0.0.2"], SITE)))
    assert reason == "internal" and message.startswith("internal: 127.0.0.2")
    assert classify(IgnoreRequest(offsite_refusal("http://x.example/a", SITE)))[0] == "offsite"
    reason, message = classify(IgnoreRequest("robots.txt of x.example:80 answered HTTP 503; "
                                             "nothing on the host is fetched"))
    assert reason == "robots" and "503" in message


def test_a_bad_network_in_the_allowed_hosts_is_named():
    assert allowed_hosts_problem("intranet.example, 10.1.0.0/16,[fd00::1]") is None
    assert "'10.0.0.0/33' is not a network" in allowed_hosts_problem("a.example,10.0.0.0/33")
