"""summarize(): text in, Summary out (clean, detect language, parse once, rank, key points)."""
from __future__ import annotations

import logging
from datetime import date, datetime

from summarizer.clean import clean_text, decode_input, extract_html, looks_like_html, split_title
from summarizer.document import Document, parse_document
from summarizer.errors import EmptyTextError, SummarizerError
from summarizer.keypoints import extract_key_points
from summarizer.language import guess_language
from summarizer.models import KeyPoint, Summary
from summarizer.rank import get_ranker, sentence_limit

log = logging.getLogger(__name__)

DEFAULT_SENTENCES = 3
DEFAULT_ALGORITHM = "default"
MAX_INPUT_CHARS = 5_000_000
# Ranking is quadratic in sentences: longer inputs are ranked on their first MAX_RANKED sentences
# (news puts what matters first; a 5 MB text then finishes in about a second).
MAX_RANKED_SENTENCES = 2_000


def parse_published(value: datetime | date | str | None) -> datetime | date | None:
    """Accept a datetime, a date or an ISO 8601 string (a trailing 'Z' allowed)."""
    if value is None or isinstance(value, (datetime, date)):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise SummarizerError(f"published: expected an ISO date like 2026-01-21, got {value!r}") from None


def prepare(text: bytes | str, *, title: str | None = None, url: str | None = None,
            max_chars: int = MAX_INPUT_CHARS) -> tuple[Document, str | None]:
    """Decode, reduce HTML, clean and parse input into a Document; also the page date if found."""
    raw = decode_input(text)
    if len(raw) > max_chars:
        log.warning("input of %d characters cut to %d", len(raw), max_chars)
        raw = raw[:max_chars]
    page_date = None
    if looks_like_html(raw):
        page = extract_html(raw, url)
        raw, page_date = page.text, page.date
        title = title or page.title
    cleaned = clean_text(raw)
    headline, cleaned = split_title(cleaned)
    title = title or headline
    if not cleaned.strip():
        raise EmptyTextError("the input holds no readable text")
    language = guess_language(cleaned)
    doc = parse_document(cleaned, title=title, language=language, max_sentences=MAX_RANKED_SENTENCES)
    if not len(doc):
        raise EmptyTextError("the input holds no sentences")
    return doc, page_date


def summarize(
    text: bytes | str,
    *,
    title: str | None = None,
    published: datetime | date | str | None = None,
    url: str | None = None,
    sentences: int | None = None,
    algorithm: str | None = None,
    max_chars: int = MAX_INPUT_CHARS,
) -> Summary:
    """Condense an article (plain text or HTML) into a Summary with key points."""
    count = DEFAULT_SENTENCES if sentences is None else int(sentences)
    if count < 1:
        raise SummarizerError(f"sentences: expected at least 1, got {sentences}")
    name = algorithm or DEFAULT_ALGORITHM
    ranker = get_ranker(name)
    when = parse_published(published)
    doc, page_date = prepare(text, title=title, url=url, max_chars=max_chars)
    if when is None and page_date:
        when = _page_date(page_date)
    ranked = doc.head(sentence_limit(name))
    chosen = ranker(ranked, min(count, len(ranked)))
    summary = [ranked.sentences[i] for i in chosen]
    points = _key_points(doc, when) if doc.language == "english" else []
    return Summary(title=doc.title, summary=summary, key_points=points, language=doc.language)


def _page_date(value: str) -> datetime | date | None:
    try:
        return parse_published(value)
    except SummarizerError:
        log.debug("ignoring unparseable page date %r", value)
        return None


def _key_points(doc: Document, published: datetime | date | None) -> list[KeyPoint]:
    return extract_key_points(doc.sentences, published=published, title=doc.title)
