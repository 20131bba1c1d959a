"""Feed autodiscovery: <link rel="alternate" type="application/rss+xml|atom+xml|feed+json"> in an HTML page."""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
)


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "base" and values.get("href") and self.base is None:
            self.base = values["href"]
        if tag != "link":
            return
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        if "alternate" in rels and kind in FEED_TYPES and values.get("href"):
            self.links.append((kind, values["href"]))


def find_feed_links(page: bytes | str, base_url: str) -> list[str]:
    """Absolute feed URLs announced by an HTML page, in document order (RSS/Atom before plain JSON)."""
    text = page.decode("utf-8", "replace") if isinstance(page, bytes) else page
    parser = _LinkParser()
    try:
        parser.feed(text[:2_000_000])
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; keep whatever was found
        pass
    base = urljoin(base_url, parser.base) if parser.base else base_url
    ordered = sorted(parser.links, key=lambda link: link[0] == "application/json")
    urls: list[str] = []
    for _kind, href in ordered:
        url = urljoin(base, href.strip())
        if url not in urls:
            urls.append(url)
    return urls
