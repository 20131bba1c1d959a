"""OPML 2.0 import and export of sources."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from email.utils import format_datetime

from collector.errors import OPMLError
from collector.models import Source


def read_opml(data: bytes | str, where: str = "OPML") -> list[Source]:
    """Sources (url, name) from every <outline> with an xmlUrl (nested folders included)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise OPMLError(f"{where} is not valid XML: {exc}") from None
    if root.tag.lower() != "opml":
        raise OPMLError(f"{where} is not an OPML file (root element <{root.tag}>)")
    body = root.find("body")
    if body is None:
        raise OPMLError(f"{where} has no <body>")
    sources: list[Source] = []
    seen: set[str] = set()
    for outline in body.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url or url in seen:
            continue
        seen.add(url)
        name = (outline.get("title") or outline.get("text") or "").strip() or None
        sources.append(Source(url=url, name=name))
    return sources


def write_opml(sources: list[Source], *, title: str = "briefbot sources", now: datetime | None = None) -> str:
    """An OPML 2.0 document listing the sources (feed_url as xmlUrl when resolved, site URL as htmlUrl)."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(now or datetime.now(timezone.utc))
    body = ET.SubElement(root, "body")
    for source in sources:
        attrs = {"type": "rss", "text": source.label, "title": source.label, "xmlUrl": source.feed_url or source.url}
        if source.feed_url and source.feed_url != source.url:
            attrs["htmlUrl"] = source.url
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
