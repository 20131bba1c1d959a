"""Topic filters and subscription matching.

Query syntax (case-insensitive, whole words):
- `strike flood`      keywords: a story matches when ANY keyword appears;
- `"city council"`    quoted phrases: EVERY phrase must appear (words in order, any whitespace between);
- `!football`, `!"transfer window"`  exclusions: a story with ANY of them never matches;
- `strik*`            a trailing `*` matches word beginnings (strike, strikes, striking).
Typographic quotes (“ ” „ « ») count as quotes. A query of only exclusions matches everything else.
Matching looks at the story title and every article's title, summary sentences and text.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from collector.models import Story

log = logging.getLogger(__name__)

MAX_TERMS = 20
MAX_QUERY_CHARS = 300
SUBSCRIPTION_KINDS = ("all", "topic", "source")
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»＂"})
_TERM = re.compile(r'(!?)"([^"]*)"?|(\S+)')
_STRIP = ".,;:?()[]{}'"


class TopicError(ValueError):
    """A topic query that cannot be used (empty, too long, too many terms)."""


@dataclass(frozen=True)
class TopicFilter:
    """A parsed topic query: any keyword, every phrase, no exclusion."""

    keywords: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()

    def matches(self, text: str) -> bool:
        """True when the text satisfies the filter."""
        if any(_pattern(term).search(text) for term in self.excluded):
            return False
        if not all(_pattern(term).search(text) for term in self.phrases):
            return False
        return not self.keywords or any(_pattern(term).search(text) for term in self.keywords)

    def describe(self) -> str:
        """The filter written back in query syntax (normalized)."""
        parts = [*self.keywords, *(f'"{p}"' for p in self.phrases)]
        parts += [f'!"{e}"' if " " in e else f"!{e}" for e in self.excluded]
        return " ".join(parts)


@lru_cache(maxsize=1024)
def _pattern(term: str) -> re.Pattern[str]:
    prefix = term.endswith("*") and len(term) > 1
    words = (term[:-1] if prefix else term).split()
    body = r"\s+".join(re.escape(w) for w in words)
    tail = r"\w*" if prefix else r"(?!\w)"
    return re.compile(rf"(?<!\w){body}{tail}", re.IGNORECASE)


def parse_topic(query: str) -> TopicFilter:
    """Parse a topic query (see the module doc); raise TopicError when nothing usable is left."""
    text = (query or "").translate(_QUOTES).strip()
    if len(text) > MAX_QUERY_CHARS:
        raise TopicError(f"topic too long ({len(text)} characters, at most {MAX_QUERY_CHARS})")
    keywords: list[str] = []
    phrases: list[str] = []
    excluded: list[str] = []
    for match in _TERM.finditer(text):
        negate, quoted, word = match.groups()
        if quoted is not None:
            term = " ".join(quoted.lower().split())
            target = excluded if negate else phrases
        else:
            negate = word.startswith("!")
            term = word.lstrip("!").strip(_STRIP).lower()
            target = excluded if negate else keywords
        if term and term != "*" and term not in target:
            target.append(term)
    if not keywords and not phrases and not excluded:
        raise TopicError('empty topic: give keywords, "quoted phrases" or !exclusions')
    if len(keywords) + len(phrases) + len(excluded) > MAX_TERMS:
        raise TopicError(f"too many terms (at most {MAX_TERMS})")
    return TopicFilter(tuple(keywords), tuple(phrases), tuple(excluded))


def story_text(story: Story) -> str:
    """Everything a topic is matched against: titles, summary sentences and article texts."""
    parts: list[str] = [story.title or ""]
    for article in story.articles:
        parts.append(article.title or "")
        if article.summary:
            parts.extend(article.summary.summary)
        parts.append(article.text or "")
    return "\n".join(parts)


def story_matches(story: Story, topic: TopicFilter) -> bool:
    """True when the story satisfies the topic filter."""
    return topic.matches(story_text(story))


def story_from_source(story: Story, source_id: int | None, query: str = "") -> bool:
    """True when any article comes from the source (by id; by name or URL when the id is unknown)."""
    if source_id is not None:
        return any(a.source_id == source_id for a in story.articles)
    wanted = query.strip().lower()
    return bool(wanted) and any(
        (a.source or "").lower() == wanted or a.url.lower().startswith(wanted) for a in story.articles
    )


def select_stories(stories: Iterable[Story], subscriptions: Sequence[tuple[str, str, int | None]]) -> list[Story]:
    """Stories matching ANY subscription (kind "all" | "topic" | "source", query, source_id), order kept."""
    checks: list[tuple[str, str, int | None, TopicFilter | None]] = []
    for kind, query, source_id in subscriptions:
        if kind not in SUBSCRIPTION_KINDS:
            raise ValueError(f"unknown subscription kind {kind!r} (expected one of {SUBSCRIPTION_KINDS})")
        topic = None
        if kind == "topic":
            try:
                topic = parse_topic(query)
            except TopicError as exc:
                log.warning("skipping unusable topic subscription %r: %s", query, exc)
                continue
        checks.append((kind, query, source_id, topic))
    if any(kind == "all" for kind, *_ in checks):
        return list(stories)
    chosen: list[Story] = []
    for story in stories:
        text: str | None = None
        for kind, query, source_id, topic in checks:
            if kind == "source" and story_from_source(story, source_id, query):
                chosen.append(story)
                break
            if topic is not None:
                text = story_text(story) if text is None else text
                if topic.matches(text):
                    chosen.append(story)
                    break
    return chosen
