"""Where a crawl may send a request: pure functions the downloader middlewares share.

* A crawl's **site** is its profile's domains (``allowed_domains``, or the base URL's host), or
  for a ``--url`` crawl without a profile the hosts of the URLs given; a host is on the site if
  it is one of them or a subdomain of one. :func:`offsite_refusal` refuses every other host:
  it is judged on the URL alone, so a redirect, meta refresh or link off the site costs no DNS
  lookup, no robots.txt request and no connection.
* An **internal address** (loopback, private, link-local such as the cloud metadata service at
  169.254.169.254, unique-local, carrier-grade NAT, multicast, reserved, unspecified) is never
  connected to, in any spelling (:func:`host_address` reads dotted, integer, octal and hex IPv4
  as the C library does, IPv6, IPv4-mapped IPv6), nor a host name resolving to one
  (:func:`address_refusal`), unless the site's own base host is written as that address (the
  sample site and the tests run on 127.0.0.1) or ``TRADEPRESS_ALLOWED_HOSTS`` names the host,
  its address or a network holding it.
* :func:`robots_policy` says what a robots.txt answer means (RFC 9309).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# One part of an IPv4 address as inet_aton reads it: hex, octal (a leading 0) or decimal
_INET_PART = re.compile(r"^(0x[0-9a-f]*|0[0-7]*|[1-9][0-9]*)$")
# Addresses that carry an IPv4 address inside: NAT64 (RFC 6052) reaches it through a gateway
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


@dataclass(frozen=True)
class Bounds:
    """What a crawl may reach: its site's domains, and which internal addresses it may use."""
    domains: tuple[str, ...]
    home: tuple[str, ...] = ()             # host names or addresses allowed to be internal
    networks: tuple[Network, ...] = ()     # networks whose addresses are allowed

    def allows(self, host: str, address: Address | None = None) -> bool:
        """True if ``host`` (resolving to ``address``) may be internal."""
        host = normal_host(host)
        literal = host_address(host)
        if host in self.home or (literal is not None and str(literal) in self.home):
            return True
        return address is not None and any(address in net for net in self.networks
                                           if net.version == address.version)


def normal_host(host: str) -> str:
    """The host as compared: lower case, no brackets, no trailing dot."""
    return host.strip().strip("[]").rstrip(".").lower()


def host_of(url: str) -> str:
    return normal_host(urlsplit(url).hostname or "")


def bounds_for(domains: Iterable[str], home: Iterable[str], allowed: Iterable[str]) -> Bounds:
    """The bounds of a crawl: its site's ``domains``, its base hosts (``home``) and the entries
    of ``TRADEPRESS_ALLOWED_HOSTS`` (names, addresses, networks). A base host may be internal
    only when it is written as an address (or is ``localhost``): a base *name* resolving to an
    internal address is refused like any other, so a hostile site (or URL list) cannot point
    its own name at the cloud metadata service."""
    names, networks = set(), []
    for entry in (normal_host(e) for e in allowed if e and e.strip()):
        if "/" in entry:
            networks.append(ipaddress.ip_network(entry, strict=False))
        else:
            address = host_address(entry)
            names.add(str(address) if address is not None else entry)
    for entry in (normal_host(e) for e in home):
        address = host_address(entry)
        if address is not None:
            names.add(str(address))
        elif entry == "localhost" or entry.endswith(".localhost"):
            names.add(entry)  # a name that is local by definition (RFC 6761)
    return Bounds(tuple(sorted({normal_host(d) for d in domains if d})), tuple(sorted(names)),
                  tuple(networks))


def allowed_hosts_problem(value: str) -> str | None:
    """What is wrong with a ``TRADEPRESS_ALLOWED_HOSTS`` value (comma-separated), or None."""
    for entry in (normal_host(e) for e in value.split(",") if e.strip()):
        if "/" in entry:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError as e:
                return f"TRADEPRESS_ALLOWED_HOSTS: {entry!r} is not a network ({e})"
    return None


def on_site(url: str, domains: Iterable[str]) -> bool:
    """True if the URL's host is one of ``domains`` or a subdomain of one."""
    host = host_of(url)
    return bool(host) and any(host == d or host.endswith("." + d) for d in domains)


def offsite_refusal(url: str, bounds: Bounds) -> str | None:
    """Why ``url`` is off the site (the message starts with ``offsite:``), or None."""
    if on_site(url, bounds.domains):
        return None
    return f"offsite: {url[:300]} is not on the site ({', '.join(bounds.domains)})"


def host_address(host: str) -> Address | None:
    """The address a host name spells, if it is an address literal in any form the C library
    accepts (``127.0.0.1``, ``2130706433``, ``0x7f.1``, ``0177.0.0.1``, ``::ffff:7f00:1``),
    else None (a name to be resolved)."""
    host = normal_host(host)
    try:
        return ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        pass
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(_INET_PART.match(p) for p in parts):
        return None
    values = [int(p[2:] or "0", 16) if p.startswith("0x") else int(p, 8) if p.startswith("0")
              else int(p) for p in parts]
    *leading, last = values
    if any(v > 255 for v in leading) or last >= 256 ** (5 - len(values)):
        return None
    number = 0
    for v in leading:
        number = number * 256 + v
    number = number * 256 ** (5 - len(values)) + last
    return ipaddress.IPv4Address(number)


def is_internal(address: Address) -> bool:
    """True unless ``address`` is a public unicast address; an IPv6 address carrying an IPv4
    one (IPv4-mapped, 6to4, NAT64) is judged by the IPv4 address it carries."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour
        if inner is None and address in _NAT64:
            inner = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if inner is not None:
            return is_internal(inner)
    return (not address.is_global or address.is_private or address.is_loopback
            or address.is_link_local or address.is_multicast or address.is_reserved
            or address.is_unspecified)


def address_refusal(host: str, addresses: Iterable[Address | str], bounds: Bounds) -> str | None:
    """Why a request to ``host``, which resolves to ``addresses``, must not be sent (the message
    starts with ``internal:``), or None. One internal address is enough to refuse."""
    for address in addresses:
        address = ipaddress.ip_address(address) if isinstance(address, str) else address
        if is_internal(address) and not bounds.allows(host, address):
            spelled = normal_host(host)
            shown = getattr(address, "ipv4_mapped", None) or address
            where = (spelled if spelled == str(shown) else
                     f"{spelled} is {shown}" if host_address(spelled) is not None else
                     f"{spelled} resolves to {shown}")
            return (f"internal: {where}, not a public address (TRADEPRESS_ALLOWED_HOSTS can "
                    f"allow it)")
    return None


def literal_refusal(url: str, bounds: Bounds) -> str | None:
    """:func:`address_refusal` for a URL whose host is an address literal (no lookup needed)."""
    host = host_of(url)
    address = host_address(host)
    return None if address is None else address_refusal(host, [address], bounds)


def robots_policy(status: int) -> str:
    """What a robots.txt response with ``status`` means (RFC 9309, 2.3.1): ``"obey"`` its rules
    (2xx); ``"allow"`` everything (4xx: there is no robots.txt; but 429 asks us to come back);
    ``"refuse"`` everything (5xx, 429, anything else: unreachable, so nothing is fetched)."""
    if 200 <= status < 300:
        return "obey"
    if 400 <= status < 500 and status != 429:
        return "allow"
    return "refuse"
