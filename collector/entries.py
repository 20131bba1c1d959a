"""Per-entry work of a pass: the CPU-bound steps (run off the event loop) and their result types."""
from __future__ import annotations

import logging
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from datetime import datetime
from typing import TYPE_CHECKING

from summarizer.models import Summary

if TYPE_CHECKING:
    from collector.extract import ExtractedPage

log = logging.getLogger(__name__)

MIN_TEXT_CHARS = 40


@dataclass
class Prepared:
    """An entry's article after extraction: the text to store and how to recognize it again."""

    url: str
    canonical_url: str
    title: str | None
    text: str
    author: str | None
    published: datetime | None
    language: str | None
    fingerprint: str
    from_page: bool


def prepare_entry(
    page: bytes | None,
    url: str,
    feed_text: str,
    title: str | None,
    author: str | None,
    published: datetime | None,
) -> Prepared | None:
    """Extract the page (else fall back to the feed's text), canonicalize the URL, fingerprint the text."""
    from collector.dedup import canonicalize_url, fingerprint_text
    from collector.extract import extract_article

    extracted = None
    if page:
        try:
            extracted = extract_article(page, url, find_date=published is None)
        except Exception as exc:  # noqa: BLE001 - a bad page falls back to the feed's own content
            log.debug("%s: extraction failed: %s", url, exc)
    from_page = bool(extracted and len(extracted.text) >= MIN_TEXT_CHARS)
    text = extracted.text if from_page and extracted else feed_text.strip()
    if len(text) < MIN_TEXT_CHARS and feed_text.strip():
        text = feed_text.strip()
    if not text:
        return None
    page_canonical = extracted.canonical_url if extracted else None
    try:
        canonical = canonicalize_url(page_canonical or url)
    except Exception:  # noqa: BLE001 - an odd canonical link must not lose the article
        canonical = canonicalize_url(url)
    return Prepared(
        url=url,
        canonical_url=canonical,
        title=(extracted.title if extracted and extracted.title else None) or title,
        text=text,
        author=(extracted.author if extracted else None) or author,
        published=_published(extracted, published),
        language=extracted.language if extracted else None,
        fingerprint=fingerprint_text(text),
        from_page=from_page,
    )


def _published(extracted: "ExtractedPage | None", feed_date: datetime | None) -> datetime | None:
    """The page's structured date, else the feed's date, else htmldate's guess from the page."""
    page_date = extracted.published if extracted else None
    if page_date is not None and (extracted.published_exact or feed_date is None):
        return page_date
    return feed_date


def summarize_entry(
    text: str, title: str | None, published: datetime | None, url: str, vector: bool = False
) -> tuple[Summary | None, list[int], str | None]:
    """Summarize once and sign for story merging (with the lead's sentence vector when `vector`: the
    story_vectors setting); a failing summary is reported, not raised."""
    from collector.story_embed import EmbedderUnavailable
    from collector.stories import story_signature

    error = None
    summary = None
    try:
        from summarizer import summarize

        summary = summarize(text, title=title, published=published, url=url)
    except Exception as exc:  # noqa: BLE001 - one bad summary must not stop the pass
        error = f"{type(exc).__name__}: {exc}"
    try:
        signature = story_signature(text, title=title, vector=vector)
    except EmbedderUnavailable as exc:  # a broken install must not lose articles: sign by words alone
        log.warning("story_vectors: %s; signing without lead vectors", exc)
        signature = story_signature(text, title=title)
    return summary, signature, error


EntryJob = tuple[bytes | None, str, str, str | None, str | None, datetime | None]
Processed = tuple[Prepared, Summary | None, list[int], str | None]


def process_entry(
    page: bytes | None,
    url: str,
    feed_text: str,
    title: str | None,
    author: str | None,
    published: datetime | None,
    vector: bool = False,
) -> Processed | None:
    """prepare_entry then summarize_entry in one worker call (one round trip per article)."""
    prepared = prepare_entry(page, url, feed_text, title, author, published)
    if prepared is None:
        return None
    return (prepared, *summarize_entry(prepared.text, prepared.title, prepared.published, prepared.url, vector))


def process_entries(jobs: list[EntryJob], vectors: bool = False) -> list[Processed | None]:
    """process_entry for each job in one worker call (one pool round trip per batch, not per article),
    signing with lead vectors when `vectors` (the story_vectors setting).

    An unexpected error in one entry gives None for that entry only.
    """
    out: list[Processed | None] = []
    for job in jobs:
        try:
            out.append(process_entry(*job, vectors))
        except Exception:  # noqa: BLE001 - one bad entry must not lose its batch
            log.exception("entry %s could not be processed", job[1])
            out.append(None)
    return out


WARM_UP_PAGE = (
    "<html><head><title>Tram line approved</title></head><body><article><h1>Tram line approved</h1>"
    '<p class="byline">By Mara Quell</p>'
    "<p>The council of Drelland approved a new tram line on Tuesday, Mayor Iris Kellan said.</p>"
    "<p>Construction will start in spring and cost 140 million crowns, officials warned on Monday.</p>"
    "</article><footer>Drelland Post &copy; 2026</footer></body></html>"
).encode()


def warm_up() -> None:
    """Pay the first-call costs of extraction and summarizing (imports, lazy word lists) in a worker process."""
    prepared = prepare_entry(WARM_UP_PAGE, "http://warm-up.invalid/tram", "", None, None, None)
    if prepared is not None:
        summarize_entry(prepared.text, prepared.title, None, prepared.url)


def cpu_executor(workers: int | None = None) -> ProcessPoolExecutor:
    """A process pool for extraction and summarizing (one worker per core by default), warmed up on start."""
    return ProcessPoolExecutor(workers or os.cpu_count() or 1, mp_context=get_context("spawn"), initializer=warm_up)
