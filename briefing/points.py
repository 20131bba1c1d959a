"""Reading stories: lead article, time, and key points deduplicated across outlets."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Iterable

from collector.models import Article, Story
from summarizer.models import KeyPoint

_WORD = re.compile(r"\w+")


def aware(moment: datetime | None) -> datetime | None:
    """A timezone-aware datetime (naive values are taken as UTC)."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def article_time(article: Article) -> datetime | None:
    """When an article appeared: published, else collected."""
    return aware(article.published or article.collected)


def story_time(story: Story) -> datetime | None:
    """The latest time of a story: newest article, else last_updated/first_seen."""
    times = [t for t in (article_time(a) for a in story.articles) if t]
    if times:
        return max(times)
    return aware(story.last_updated or story.first_seen)


_FAR = datetime.max.replace(tzinfo=timezone.utc)


def ordered_articles(story: Story) -> list[Article]:
    """A story's articles earliest first (then by URL), whatever order the store returned them in."""
    return sorted(story.articles, key=lambda a: (article_time(a) or _FAR, a.url))


def outlet_names(story: Story) -> list[str]:
    """Distinct outlets of a story, earliest article first."""
    return list(dict.fromkeys(a.source or a.url for a in ordered_articles(story)))


def lead_article(story: Story) -> Article | None:
    """The article that represents a story: most key points, then most summary, then earliest."""
    if not story.articles:
        return None

    def key(article: Article) -> tuple[int, int, datetime, str]:
        summary = article.summary
        points = len(summary.key_points) if summary else 0
        sentences = len(summary.summary) if summary else 0
        return (-points, -sentences, article_time(article) or _FAR, article.url)

    return min(story.articles, key=key)


def headline(story: Story) -> str:
    """The lead article's title (the headline links to it), else the story's title, else a placeholder."""
    lead = lead_article(story)
    for title in (lead.title if lead else None, lead.summary.title if lead and lead.summary else None, story.title):
        if title and title.strip():
            return title
    return "(untitled story)"


def meeting_date(point: KeyPoint) -> date | None:
    """The date of a meeting key point (`when` is ISO YYYY-MM-DD, or an ISO datetime), else None."""
    if not point.when:
        return None
    try:
        return date.fromisoformat(point.when[:10])
    except ValueError:
        return None


def _words(text: str | None) -> set[str]:
    return {w.lower() for w in _WORD.findall(text or "")}


def _norm(text: str | None) -> str:
    return " ".join(_WORD.findall((text or "").lower()))


def same_meeting(a: KeyPoint, b: KeyPoint) -> bool:
    """Two meeting points are one meeting: same date and no conflicting place or parties."""
    if meeting_date(a) != meeting_date(b):
        return False
    if a.place and b.place:
        pa, pb = _words(a.place), _words(b.place)
        return pa <= pb or pb <= pa  # "City Hall" is "Port Aldren City Hall"
    if a.actor and b.actor and _norm(a.actor) != _norm(b.actor):
        return bool({p.lower() for p in a.participants} & {p.lower() for p in b.participants})
    return True


def same_point(a: KeyPoint, b: KeyPoint) -> bool:
    """Two key points say the same thing (meetings by date/place, others by wording)."""
    if a.kind != b.kind:
        return False
    if a.kind == "meeting":
        return same_meeting(a, b)
    if _norm(a.text) == _norm(b.text):
        return True
    wa, wb = _words(a.text), _words(b.text)
    overlap = len(wa & wb) / max(1, len(wa | wb))
    return overlap >= 0.6 and (not a.actor or not b.actor or _norm(a.actor) == _norm(b.actor))


def same_actor(a: KeyPoint, b: KeyPoint) -> bool:
    """Both points name the same actor, judged by the last word ("Governor Anja Rell" ~ "Rell")."""
    wa, wb = _WORD.findall((a.actor or "").lower()), _WORD.findall((b.actor or "").lower())
    return bool(wa and wb) and wa[-1] == wb[-1]


def _richness(point: KeyPoint) -> tuple[int, float]:
    filled = sum(1 for v in (point.actor, point.place, point.when) if v) + len(point.participants)
    return (filled, point.score)


def dedupe(points: Iterable[KeyPoint]) -> list[KeyPoint]:
    """Drop repeated key points, keeping the first position and the most detailed version."""
    kept: list[KeyPoint] = []
    for point in points:
        for index, other in enumerate(kept):
            if same_point(point, other):
                if _richness(point) > _richness(other):
                    kept[index] = point
                break
        else:
            kept.append(point)
    return kept


def story_points(story: Story, kind: str | None = None) -> list[KeyPoint]:
    """A story's key points (of one kind, or all), lead article first, deduplicated across outlets."""
    lead = lead_article(story)
    ordered = [lead] + [a for a in ordered_articles(story) if a is not lead] if lead else []
    points = [kp for a in ordered if a.summary for kp in a.summary.key_points if kind in (None, kp.kind)]
    return dedupe(points)


def is_upcoming(point: KeyPoint, today: date | None) -> bool:
    """A meeting not in the past (undated meetings count as upcoming; no `today` means keep all)."""
    when = meeting_date(point)
    return today is None or when is None or when >= today
