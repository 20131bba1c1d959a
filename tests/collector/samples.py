"""Fictional feeds and article pages for the collector tests (invented places and people)."""
from __future__ import annotations

import json

STORIES = [
    ("Harbour workers in Velmora walk out over night shifts",
     "Dock workers in the port city of Velmora stopped work on Tuesday, demanding an end to unpaid night "
     "shifts. Union leader Ansel Brook said the strike would continue until the harbour authority agreed "
     "to talks. The authority warned that cargo delays could reach two weeks."),
    ("Drelland council approves tram line to the old quarter",
     "The city council of Drelland voted twenty-one to nine for a new tram line linking the railway station "
     "with the old quarter. Mayor Iris Kellan said construction would begin in spring and cost 140 million "
     "crowns. Shop owners on Lantern Street fear months of closed roads."),
    ("Floods close the mountain road to Ostvik",
     "Heavy rain in the Ostvik valley washed away part of the only mountain road on Sunday night. Rescue "
     "teams evacuated forty families from low farms. The regional weather office warned of more rain "
     "through Thursday and asked drivers to avoid the pass."),
]


def article_page(title: str, text: str, canonical: str | None = None) -> str:
    """A small but realistic article page."""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    paragraphs = "".join(f"<p>{s.strip()}.</p>" for s in text.split(". ") if s.strip())
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>{link}"
            f"<meta name=\"author\" content=\"Mara Quell\"></head><body><nav><a href=\"/\">Home</a></nav>"
            f"<article><h1>{title}</h1>{paragraphs}</article><footer>Velmora Courier</footer></body></html>")


def rss20(base: str, items: list[tuple[str, str, str]], *, encoding: str = "utf-8", extra: str = "") -> str:
    """RSS 2.0 with (path, title, text) items under base."""
    body = "".join(
        f"<item><title>{t}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
        f"<pubDate>Mon, 02 Mar 2026 08:0{i}:00 GMT</pubDate><description>{x}</description></item>"
        for i, (p, t, x) in enumerate(items)
    )
    return (f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>Velmora Courier'
            f"</title><link>{base}/</link><description>News</description>{body}{extra}</channel></rss>")


def rss10(base: str, items: list[tuple[str, str, str]]) -> str:
    """RSS 1.0 (RDF) feed."""
    body = "".join(
        f'<item rdf:about="{base}{p}"><title>{t}</title><link>{base}{p}</link><description>{x}</description>'
        f"<dc:date>2026-03-02T08:00:00Z</dc:date></item>" for p, t, x in items
    )
    return ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<channel rdf:about="{base}/"><title>Drelland Post</title><link>{base}/</link>'
            f"<description>News</description></channel>{body}</rdf:RDF>")


def atom(base: str, items: list[tuple[str, str, str]]) -> str:
    """Atom 1.0 feed."""
    body = "".join(
        f'<entry><title>{t}</title><link href="{base}{p}"/><id>tag:ostvik.example,2026:{p}</id>'
        f"<updated>2026-03-02T08:00:00Z</updated><summary>{x}</summary></entry>" for p, t, x in items
    )
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Ostvik Herald</title><id>tag:ostvik.example,2026:feed</id>"
            f"<updated>2026-03-02T08:00:00Z</updated>{body}</feed>")


def json_feed(base: str, items: list[tuple[str, str, str]], version: str = "1.1") -> str:
    """JSON Feed."""
    return json.dumps({
        "version": f"https://jsonfeed.org/version/{version}", "title": "Lantern Daily",
        "home_page_url": f"{base}/",
        "items": [{"id": f"{base}{p}", "url": f"{base}{p}", "title": t, "content_text": x,
                   "date_published": "2026-03-02T08:00:00Z"} for p, t, x in items],
    })


def items(prefix: str = "/a") -> list[tuple[str, str, str]]:
    """The three sample stories as (path, title, text)."""
    return [(f"{prefix}{i}", t, x) for i, (t, x) in enumerate(STORIES)]
