"""URL safety: only http(s) to hosts that resolve to public addresses (unless private networks are allowed)."""
from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from collector.errors import UnsafeURLError

# Cloud metadata endpoints are named explicitly so the error message says what they are.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def check_scheme(url: str) -> str:
    """Return the URL's host; raise UnsafeURLError when it is not an http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise UnsafeURLError(f"refused {url!r}: malformed URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise UnsafeURLError(f"refused {url!r}: only http and https URLs are allowed")
    if not host:
        raise UnsafeURLError(f"refused {url!r}: the URL has no host")
    return host


def address_problem(address: IPAddress) -> str | None:
    """Why this address is not public (None when it is a public address)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    checks = (
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_unspecified", "an unspecified address"),
        ("is_reserved", "a reserved address"),
        ("is_private", "a private address"),
    )
    for attr, why in checks:
        if getattr(address, attr):
            return why
    if not address.is_global:
        return "a non-public address"
    return None


def check_addresses(url: str, host: str, addresses: list[str]) -> None:
    """Raise UnsafeURLError when any resolved address of host is not public."""
    if not addresses:
        raise UnsafeURLError(f"refused {url!r}: {host} does not resolve")
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        problem = address_problem(address)
        if problem:
            raise UnsafeURLError(
                f"refused {url!r}: {host} resolves to {address}, {problem} "
                "(set collector.allow_private_networks = true to allow it)"
            )


def _literal(host: str) -> list[str] | None:
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        return None


def check_url(url: str, *, allow_private: bool = False) -> None:
    """Raise UnsafeURLError unless url is http(s) and (unless allowed) its host resolves to public addresses."""
    host = check_scheme(url)
    if allow_private:
        return
    addresses = _literal(host)
    if addresses is None:
        try:
            infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError) as exc:
            raise UnsafeURLError(f"refused {url!r}: cannot resolve {host} ({exc})") from None
        addresses = [str(info[4][0]) for info in infos]
    check_addresses(url, host, addresses)


async def check_url_async(url: str, *, allow_private: bool = False) -> None:
    """check_url without blocking the event loop on DNS."""
    host = check_scheme(url)
    if allow_private:
        return
    addresses = _literal(host)
    if addresses is None:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError) as exc:
            raise UnsafeURLError(f"refused {url!r}: cannot resolve {host} ({exc})") from None
        addresses = [str(info[4][0]) for info in infos]
    check_addresses(url, host, addresses)
