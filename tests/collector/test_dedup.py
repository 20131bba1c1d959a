"""URL canonicalization and content fingerprints."""
from __future__ import annotations

import pytest

from collector.dedup import InvalidURLError, canonicalize_url, fingerprint_text, is_tracking_param


@pytest.mark.parametrize(("url", "expected"), [
    ("HTTP://WWW.Example.COM", "http://www.example.com/"),
    ("https://Example.com:443/News", "https://example.com/News"),
    ("http://example.com:80/a", "http://example.com/a"),
    ("http://example.com:8080/a", "http://example.com:8080/a"),
    ("https://example.com:80/a", "https://example.com:80/a"),
    ("https://example.com/a#comments", "https://example.com/a"),
    ("https://example.com/a?", "https://example.com/a"),
    ("https://example.com/a?#top", "https://example.com/a"),
    ("https://example.com.", "https://example.com/"),
    ("  https://example.com/a  ", "https://example.com/a"),
    ("https://example.com/a?utm_source=rss&utm_medium=feed&utm_campaign=x", "https://example.com/a"),
    ("https://example.com/a?id=7&fbclid=abc&gclid=def", "https://example.com/a?id=7"),
    ("https://example.com/a?mc_cid=1&mc_eid=2&ref=hn&ref_src=twsrc&igshid=3&_ga=4&yclid=5", "https://example.com/a"),
    ("https://example.com/a?UTM_Source=x&b=2", "https://example.com/a?b=2"),
    ("https://example.com/a?z=1&a=2&m=3", "https://example.com/a?a=2&m=3&z=1"),
    ("https://example.com/a?tag=b&tag=a", "https://example.com/a?tag=b&tag=a"),  # repeated keys keep their order
    ("https://example.com/a?q=x+y&p=%2f", "https://example.com/a?p=%2F&q=x+y"),
    ("https://example.com/search?q=", "https://example.com/search?q="),
    ("https://example.com/a?&&b=1&", "https://example.com/a?b=1"),
    ("https://example.com/%7Euser/%41rticle", "https://example.com/~user/Article"),
    ("https://example.com/a/./b/../c", "https://example.com/a/c"),
    ("https://example.com/a/b/", "https://example.com/a/b/"),  # trailing slash kept
    ("https://www.example.com/a", "https://www.example.com/a"),  # www kept
    ("http://[2001:DB8::1]:80/x", "http://[2001:db8::1]/x"),
    ("https://user:pw@Example.com/x", "https://user:pw@example.com/x"),
])
def test_canonicalize_url(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


def test_canonicalize_is_idempotent() -> None:
    url = "HTTPS://News.Example.org:443/world/./story/?utm_source=x&b=2&a=1#frag"
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once == "https://news.example.org/world/story/?a=1&b=2"


def test_http_and_https_stay_apart() -> None:
    assert canonicalize_url("http://example.com/a") != canonicalize_url("https://example.com/a")


@pytest.mark.parametrize("url", ["mailto:desk@example.com", "urn:isbn:0451450523", "/relative/path"])
def test_non_web_urls_are_left_alone(url: str) -> None:
    assert canonicalize_url(url) == url


@pytest.mark.parametrize("url", ["", "   ", "http://example.com:notaport/", "http://[::1/x"])
def test_invalid_urls_raise_a_named_error(url: str) -> None:
    with pytest.raises(InvalidURLError):
        canonicalize_url(url)


def test_tracking_param_names() -> None:
    assert is_tracking_param("utm_content") and is_tracking_param("FBCLID") and is_tracking_param("mc_eid")
    assert not is_tracking_param("id") and not is_tracking_param("page") and not is_tracking_param("q")


def test_fingerprint_ignores_whitespace_case_and_punctuation() -> None:
    a = "The council voted 7-2 on Tuesday. Mayor Lind said: 'We move on.'"
    b = "  the COUNCIL voted 7 2 on tuesday\n\nMayor Lind said We move on  "
    assert fingerprint_text(a) == fingerprint_text(b)
    assert len(fingerprint_text(a)) == 40


def test_fingerprint_differs_for_different_texts() -> None:
    a = "The council voted 7-2 on Tuesday."
    assert fingerprint_text(a) != fingerprint_text("The council voted 6-3 on Tuesday.")
    assert fingerprint_text(a) != fingerprint_text("The council voted 7-2 on Tuesday. Then it adjourned.")
    assert fingerprint_text(a) != fingerprint_text("Tuesday the council voted 7-2 on.")


def test_fingerprint_unicode_forms_match() -> None:
    assert fingerprint_text("Café Ångström") == fingerprint_text("cafe\u0301 A\u030angstro\u0308m")
