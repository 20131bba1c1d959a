"""The demo's fictional news sites: article pages and RSS 2.0 / Atom / JSON Feed feeds, dated from a clock."""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from importlib import resources
from typing import Any
from xml.sax.saxutils import escape as xml_escape

DATA_PACKAGE = "bot.demo_data"
_PLACEHOLDER = re.compile(r"\{\{(day|weekday):([+-]?\d+)\}\}")

Routes = dict[str, tuple[str, bytes]]  # path -> (content type, body)


@dataclass(frozen=True)
class Outlet:
    """A fictional outlet: its name, feed format and feed path."""

    key: str
    name: str
    feed: str  # "rss" | "atom" | "json"
    path: str
    template: str
    description: str


def _data(name: str) -> str:
    return resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def load_outlets() -> list[Outlet]:
    """The bundled outlets."""
    return [Outlet(**item) for item in json.loads(_data("outlets.json"))]


def load_articles() -> list[dict[str, Any]]:
    """The bundled articles (raw, with date placeholders)."""
    return json.loads(_data("articles.json"))


def fill_dates(text: str, now: datetime) -> str:
    """Replace {{day:+N}} ('14 December') and {{weekday:+N}} ('Thursday') relative to now's date."""

    def replace(match: re.Match[str]) -> str:
        day = now.date() + timedelta(days=int(match.group(2)))
        return f"{day.day} {day:%B}" if match.group(1) == "day" else f"{day:%A}"

    return _PLACEHOLDER.sub(replace, text)


def published_at(minutes_ago: int, now: datetime, *, oldest: int) -> datetime:
    """now - minutes_ago, squeezed into now's UTC day (order kept) so that 'today' means the demo's today."""
    midnight = now.astimezone(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    available = (now - midnight).total_seconds() / 60
    scale = min(1.0, available / (oldest + 1))
    return (now - timedelta(minutes=minutes_ago * scale)).replace(microsecond=0)


def build_site(now: datetime, base: str) -> Routes:
    """Every page and feed of the demo outlets, served under `base` (http://127.0.0.1:PORT)."""
    now = now.astimezone(timezone.utc)
    outlets = {o.key: o for o in load_outlets()}
    routes: Routes = {}
    items: dict[str, list[dict[str, Any]]] = {key: [] for key in outlets}
    articles = load_articles()
    oldest = max(int(raw["minutes_ago"]) for raw in articles)
    for raw in articles:
        outlet = outlets[raw["outlet"]]
        item = _article_item(raw, outlet, now, base, oldest)
        items[outlet.key].append(item)
        routes[item["path"]] = ("text/html; charset=utf-8", _page(item, outlet, base).encode("utf-8"))
    writers = {"rss": rss_feed, "atom": atom_feed, "json": json_feed}
    types = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}
    for key, outlet in outlets.items():
        entries = sorted(items[key], key=lambda i: i["published"], reverse=True)
        body = writers[outlet.feed](outlet, entries, base, now)
        routes[outlet.path] = (f"{types[outlet.feed]}; charset=utf-8", body.encode("utf-8"))
        routes[f"/{key}/"] = ("text/html; charset=utf-8", _home(outlet, entries, base).encode("utf-8"))
    return routes


def _article_item(raw: dict[str, Any], outlet: Outlet, now: datetime, base: str, oldest: int) -> dict[str, Any]:
    path = f"/{outlet.key}/{raw['slug']}.html"
    return {
        "path": path,
        "url": base + path,
        "title": raw["title"],
        "author": raw["author"],
        "section": raw["section"],
        "teaser": fill_dates(raw["teaser"], now),
        "paragraphs": [fill_dates(p, now) for p in raw["paragraphs"]],
        "published": published_at(int(raw["minutes_ago"]), now, oldest=oldest),
    }


def _page(item: dict[str, Any], outlet: Outlet, base: str) -> str:
    published: datetime = item["published"]
    body = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in item["paragraphs"])
    values = {
        "title": html.escape(item["title"]),
        "title_json": json.dumps(item["title"]).replace("</", "<\\/"),
        "author": html.escape(item["author"]),
        "author_json": json.dumps(item["author"]).replace("</", "<\\/"),
        "teaser": html.escape(item["teaser"]),
        "section": html.escape(item["section"]),
        "published": published.isoformat(),
        "published_human": f"{published:%d %B %Y, %H:%M} UTC",
        "url": html.escape(item["url"]),
        "home": html.escape(f"{base}/{outlet.key}/"),
        "feed": html.escape(base + outlet.path),
        "body": body,
    }
    template = _data(outlet.template)
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], template)


def _home(outlet: Outlet, entries: list[dict[str, Any]], base: str) -> str:
    links = "".join(f'<li><a href="{html.escape(e["url"])}">{html.escape(e["title"])}</a></li>' for e in entries)
    return (
        f"<!DOCTYPE html><html><head><title>{html.escape(outlet.name)}</title>"
        f'<link rel="alternate" href="{html.escape(base + outlet.path)}"></head>'
        f"<body><h1>{html.escape(outlet.name)}</h1><ul>{links}</ul></body></html>"
    )


def rss_feed(outlet: Outlet, entries: list[dict[str, Any]], base: str, now: datetime) -> str:
    """An RSS 2.0 feed with dc:creator and HTML descriptions."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        f"<channel><title>{xml_escape(outlet.name)}</title><link>{base}/{outlet.key}/</link>",
        f"<description>{xml_escape(outlet.description)}</description><language>en</language>",
        f"<lastBuildDate>{format_datetime(now)}</lastBuildDate>",
    ]
    for e in entries:
        parts.append(
            f"<item><title>{xml_escape(e['title'])}</title><link>{xml_escape(e['url'])}</link>"
            f'<guid isPermaLink="true">{xml_escape(e["url"])}</guid>'
            f"<pubDate>{format_datetime(e['published'])}</pubDate><dc:creator>{xml_escape(e['author'])}</dc:creator>"
            f"<description>{xml_escape('<p>' + html.escape(e['teaser']) + '</p>')}</description></item>"
        )
    parts.append("</channel></rss>")
    return "\n".join(parts)


def atom_feed(outlet: Outlet, entries: list[dict[str, Any]], base: str, now: datetime) -> str:
    """An Atom 1.0 feed with HTML summaries."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{xml_escape(outlet.name)}</title><subtitle>{xml_escape(outlet.description)}</subtitle>",
        f'<link href="{base}/{outlet.key}/"/><link rel="self" href="{base}{outlet.path}"/>',
        f"<id>tag:{outlet.key}.demo.briefbot,2026:feed</id><updated>{now.isoformat()}</updated>",
    ]
    for e in entries:
        parts.append(
            f"<entry><title>{xml_escape(e['title'])}</title><link href=\"{xml_escape(e['url'])}\"/>"
            f"<id>tag:{outlet.key}.demo.briefbot,2026:{e['path']}</id>"
            f"<published>{e['published'].isoformat()}</published><updated>{e['published'].isoformat()}</updated>"
            f"<author><name>{xml_escape(e['author'])}</name></author>"
            f'<summary type="html">{xml_escape(html.escape(e["teaser"]))}</summary></entry>'
        )
    parts.append("</feed>")
    return "\n".join(parts)


def json_feed(outlet: Outlet, entries: list[dict[str, Any]], base: str, now: datetime) -> str:
    """A JSON Feed 1.1 document."""
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": outlet.name,
        "home_page_url": f"{base}/{outlet.key}/",
        "feed_url": base + outlet.path,
        "description": outlet.description,
        "items": [
            {
                "id": e["url"],
                "url": e["url"],
                "title": e["title"],
                "summary": e["teaser"],
                "content_text": e["teaser"],
                "date_published": e["published"].isoformat(),
                "authors": [{"name": e["author"]}],
            }
            for e in entries
        ],
    }
    return json.dumps(feed, indent=2, ensure_ascii=False)
