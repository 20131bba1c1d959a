"""Feed parsing: RSS 0.9x/1.0/2.0 and Atom through feedparser (from bytes), JSON Feed 1/1.1 by hand."""
from __future__ import annotations

import calendar
import html
import io
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from collector.errors import MalformedFeedError, NotAFeedError

log = logging.getLogger(__name__)

JSON_FEED_PREFIX = "https://jsonfeed.org/version/"
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t\r\f\v]+")
_BLOCK = re.compile(r"(?i)<\s*(br|/p|/div|/li|/h[1-6]|p|div|li)\b[^>]*>")
_DROP = re.compile(r"(?is)<(script|style)\b.*?</\1\s*>")


@dataclass
class FeedEntry:
    """One item of a feed, normalized."""

    link: str
    guid: str
    title: str | None = None
    published: datetime | None = None
    author: str | None = None
    content_html: str | None = None  # full content (content:encoded, atom content, content_html)

    @property
    def text(self) -> str:
        """The entry's own content as plain text (HTML stripped)."""
        return strip_html(self.content_html or "")


@dataclass
class ParsedFeed:
    """A parsed feed: its title, site link and entries (links already absolute)."""

    kind: str  # "rss20", "atom10", "json1.1", ...
    title: str | None = None
    link: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)


def strip_html(markup: str) -> str:
    """Plain text from an HTML fragment: tags removed, entities decoded, paragraphs kept."""
    text = _DROP.sub(" ", markup)
    text = _BLOCK.sub("\n", text)
    text = html.unescape(_TAG.sub(" ", text))
    lines = (_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def looks_like_html(body: bytes) -> bool:
    """True when the document starts like an HTML page."""
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]


def _is_json(body: bytes, content_type: str) -> bool:
    return "json" in content_type or body.lstrip()[:1] == b"{"


def parse_feed(body: bytes, url: str, *, content_type: str = "", charset: str | None = None,
               now: datetime | None = None) -> ParsedFeed:
    """Parse fetched bytes as a feed; raise MalformedFeedError or NotAFeedError with a clear reason."""
    if not body.strip():
        raise MalformedFeedError(f"{url}: empty response, not a feed")
    if _is_json(body, content_type):
        feed = _parse_json_feed(body, url)
    else:
        feed = _parse_xml_feed(body, url, content_type, charset)
    return _clean(feed, url, now or datetime.now(timezone.utc))


def _parse_xml_feed(body: bytes, url: str, content_type: str, charset: str | None) -> ParsedFeed:
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type + (f"; charset={charset}" if charset else "")
    # A file object, never a string: feedparser would fetch a URL-looking string itself.
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers, sanitize_html=False)
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        if looks_like_html(body):
            raise NotAFeedError(f"{url}: an HTML page, not a feed")
        reason = parsed.get("bozo_exception")
        raise MalformedFeedError(f"{url}: not a readable feed ({reason or 'unknown format'})")
    if parsed.get("bozo") and not parsed.entries and not parsed.feed.get("title"):
        raise MalformedFeedError(f"{url}: malformed feed ({parsed.get('bozo_exception')})")
    if parsed.get("bozo"):
        log.debug("%s: feed has errors but is readable: %s", url, parsed.get("bozo_exception"))
    entries = [_xml_entry(e) for e in parsed.entries]
    return ParsedFeed(version or "xml", parsed.feed.get("title"), parsed.feed.get("link"), entries)


def _xml_entry(e: Any) -> FeedEntry:
    link = e.get("link") or ""
    guid = e.get("id") or ""
    if not link and guid.startswith(("http://", "https://")):
        link = guid
    content = ""
    if e.get("content"):
        content = max((c.get("value") or "" for c in e.content), key=len)
    if not content:
        content = e.get("summary") or e.get("description") or ""
    stamp = e.get("published_parsed") or e.get("updated_parsed") or e.get("created_parsed")
    published = datetime.fromtimestamp(calendar.timegm(stamp), timezone.utc) if stamp else None
    return FeedEntry(link=link, guid=guid or link, title=e.get("title"), published=published,
                     author=e.get("author"), content_html=content or None)


def _parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedFeedError(f"{url}: invalid JSON feed ({exc})") from None
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(version, str) or not version.startswith(JSON_FEED_PREFIX):
        raise MalformedFeedError(f"{url}: JSON without a jsonfeed.org version, not a JSON Feed")
    items = data.get("items")
    if not isinstance(items, list):
        raise MalformedFeedError(f"{url}: JSON Feed without an items array")
    entries = [_json_entry(item) for item in items if isinstance(item, dict)]
    kind = "json" + version[len(JSON_FEED_PREFIX):]
    return ParsedFeed(kind, _str(data.get("title")), _str(data.get("home_page_url")), entries)


def _json_entry(item: dict[str, Any]) -> FeedEntry:
    link = _str(item.get("url")) or _str(item.get("external_url")) or ""
    guid = str(item.get("id") or "") or link
    if not link and guid.startswith(("http://", "https://")):
        link = guid
    content = _str(item.get("content_html")) or html.escape(_str(item.get("content_text")) or "")
    content = content or _str(item.get("summary")) or ""
    authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
    author = next((_str(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name")), None)
    when = _str(item.get("date_published")) or _str(item.get("date_modified"))
    return FeedEntry(link=link, guid=guid, title=_str(item.get("title")), published=_iso(when),
                     author=author, content_html=content or None)


def _str(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _iso(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _clean(feed: ParsedFeed, url: str, now: datetime) -> ParsedFeed:
    """Absolute http(s) links, one entry per GUID, future dates clamped to now."""
    seen: set[str] = set()
    kept: list[FeedEntry] = []
    for entry in feed.entries:
        entry.link = urljoin(url, entry.link) if entry.link else ""
        if urlsplit(entry.link).scheme not in ("http", "https"):
            log.debug("%s: skipping an entry without a usable link (%r)", url, entry.title)
            continue
        entry.guid = entry.guid or entry.link
        if entry.guid in seen:
            log.debug("%s: duplicate GUID %s stored once", url, entry.guid)
            continue
        seen.add(entry.guid)
        if entry.published and entry.published > now:
            # A date in the future is a publisher's clock or time-zone error: clamp it to the collection time.
            entry.published = now
        kept.append(entry)
    feed.entries = kept
    return feed
