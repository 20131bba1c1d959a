"""URL safety: schemes and address classes, with and without allow_private_networks."""
from __future__ import annotations

import pytest

from collector.errors import UnsafeURLError
from collector.safety import check_url, check_url_async


@pytest.mark.parametrize("url, why", [
    ("ftp://example.org/feed", "only http and https"),
    ("file:///etc/passwd", "only http and https"),
    ("javascript:alert(1)", "only http and https"),
    ("http:///nohost", "has no host"),
    ("http://127.0.0.1:8080/", "loopback"),
    ("http://localhost/", "loopback"),
    ("http://[::1]/", "loopback"),
    ("http://10.0.0.1/", "private"),
    ("http://192.168.1.20/", "private"),
    ("http://172.16.5.4/", "private"),
    ("http://[fc00::1]/", "private"),
    ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
    ("http://[fd00:ec2::254]/", "cloud metadata"),
    ("http://169.254.10.10/", "link-local"),
    ("http://[fe80::1]/", "link-local"),
    ("http://224.0.0.1/", "multicast"),
    ("http://0.0.0.0/", "unspecified"),
    ("http://240.0.0.1/", "reserved"),
    ("http://[::ffff:10.0.0.1]/", "private"),
    ("http://100.64.0.1/", "non-public"),
])
def test_refused(url: str, why: str) -> None:
    with pytest.raises(UnsafeURLError, match=why):
        check_url(url)


def test_public_addresses_and_the_private_switch() -> None:
    check_url("http://93.184.216.34/feed")
    check_url("https://[2606:2800:220:1:248:1893:25c8:1946]/")
    check_url("http://127.0.0.1:8080/", allow_private=True)
    with pytest.raises(UnsafeURLError, match="only http and https"):
        check_url("file:///etc/passwd", allow_private=True)


async def test_async_check_matches() -> None:
    with pytest.raises(UnsafeURLError, match="loopback"):
        await check_url_async("http://localhost:1/")
    await check_url_async("http://localhost:1/", allow_private=True)
