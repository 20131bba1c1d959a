"""Telegram HTML for /brief and the "More" button: one block per story, chunks split at story boundaries."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from briefing.dates import format_day, format_moment, local_today
from briefing.markup import clean, esc, fit_blocks, link, pack, truncate_html
from briefing.points import (
    aware, headline, is_upcoming, lead_article, meeting_date, ordered_articles, outlet_names, same_actor,
    story_points,
)
from collector.models import Story
from summarizer.models import KeyPoint

TELEGRAM_LIMIT = 4096
POINTS_PER_KIND = 2
FALLBACK_CHARS = 280
ICONS = {"demand": "✊", "warning": "⚠️", "meeting": "📅"}
LABELS = {"demand": "Demand", "warning": "Warning", "meeting": "Meeting"}
KIND_ORDER = ("demand", "warning", "meeting")
EMPTY_BRIEF = "Nothing to brief yet: no stories match your subscriptions. Try /subscribe or /brief &lt;topic&gt;."


@dataclass
class Chunk:
    """One Telegram message: its HTML and the stories it shows (for "More"/"Source" buttons)."""

    html: str
    stories: list[Story] = field(default_factory=list)


def outlets_line(story: Story, tz: ZoneInfo, now: datetime | None) -> str:
    """'<i>3 outlets: A, B, C · 21:40</i>' (or the single outlet's name)."""
    outlets = outlet_names(story)
    names = ", ".join(esc(name) for name in outlets)
    label = f"{len(outlets)} outlets: {names}" if len(outlets) > 1 else names
    times = [a.published or a.collected for a in story.articles if a.published or a.collected]
    stamp = format_moment(max(times, key=_utc), tz, now=now) if times else ""
    parts = [p for p in (label, stamp) if p]
    return f"<i>{' · '.join(parts)}</i>" if parts else ""


def _utc(moment: datetime) -> float:
    return aware(moment).timestamp()  # type: ignore[union-attr]


def summary_text(story: Story, skip: frozenset[str] = frozenset()) -> str:
    """The lead article's summary sentences (minus those in `skip`, shown as key points), else its text."""
    lead = lead_article(story)
    if lead is None:
        return ""
    if lead.summary and lead.summary.summary:
        sentences = [s for s in lead.summary.summary if clean(s) not in skip] or lead.summary.summary[:1]
        return esc(drop_title(" ".join(sentences), lead.title))
    text = clean(lead.text)
    if len(text) > FALLBACK_CHARS:
        text = text[:FALLBACK_CHARS].rsplit(" ", 1)[0] + "…"
    return esc(text)


def drop_title(text: str, title: str | None) -> str:
    """Text without a leading copy of the title (extracted page text often starts with the headline)."""
    head, body = clean(title).lower(), clean(text)
    if head and body.lower().startswith(head) and len(body) > len(head) + 20:
        return body[len(head):].lstrip(" :-–—|")
    return body


def who(point: KeyPoint) -> str:
    """The actor (else the participants), escaped; empty when the sentence itself names the actor."""
    name = clean(point.actor) or clean(", ".join(point.participants))
    if not name or name.lower() in clean(point.text).lower():
        return ""
    return esc(name)


def point_line(point: KeyPoint, *, today: date | None) -> str:
    """One key point: icon, label (or meeting date), actor/place, the sentence."""
    icon = ICONS.get(point.kind, "•")
    if point.kind == "meeting":
        when = meeting_date(point)
        head = f"<b>{format_day(when, today=today)}</b>" if when else f"<b>{LABELS['meeting']}</b>"
        extras = [esc(point.place) if point.place else "", who(point)]
    else:
        head = f"<b>{LABELS.get(point.kind, esc(point.kind.title()))}</b>"
        extras = [who(point)]
    meta = " · ".join(e for e in extras if e)
    lead = f"{icon} {head}" + (f" · <i>{meta}</i>" if meta else "")
    return f"{lead}: {esc(point.text)}"


def shown_points(story: Story, *, today: date | None, per_kind: int | None) -> tuple[list[KeyPoint], int]:
    """Key points to show by kind (demands, warnings, upcoming meetings) and how many were left out.

    With a per-kind limit, one actor speaks once per kind (outlets restate the same call in other words).
    """
    shown: list[KeyPoint] = []
    hidden = 0
    for kind in KIND_ORDER:
        points = story_points(story, kind)
        if kind == "meeting":
            points = sorted((p for p in points if is_upcoming(p, today)), key=_meeting_key)
        picked: list[KeyPoint] = []
        for point in points:
            if per_kind is None or (len(picked) < per_kind and not any(same_actor(point, p) for p in picked)):
                picked.append(point)
        hidden += len(points) - len(picked)
        shown.extend(picked)
    return shown, hidden


def story_points_lines(story: Story, *, today: date | None, per_kind: int | None) -> tuple[list[str], int]:
    """Key point lines (see shown_points) and how many were left out."""
    points, hidden = shown_points(story, today=today, per_kind=per_kind)
    return [point_line(p, today=today) for p in points], hidden


def _meeting_key(point: KeyPoint) -> tuple[int, date]:
    when = meeting_date(point)
    return (0, when) if when else (1, date.max)


def story_block(
    story: Story,
    *,
    tz: ZoneInfo,
    now: datetime | None,
    with_points: bool = True,
    per_kind: int | None = POINTS_PER_KIND,
    shown_elsewhere: frozenset[str] = frozenset(),
) -> str:
    """A story as HTML: linked headline, outlets, summary (minus sentences shown as key points), key points."""
    lead = lead_article(story)
    title = link(lead.url if lead else None, headline(story))
    today = local_today(now, tz) if now else None
    points, hidden = shown_points(story, today=today, per_kind=per_kind) if with_points else ([], 0)
    skip = shown_elsewhere | {clean(p.text) for p in points}
    lines = [f"<b>{title}</b>", outlets_line(story, tz, now), summary_text(story, skip)]
    if with_points:
        lines.extend(point_line(p, today=today) for p in points)
        if hidden:
            lines.append(f"<i>+{hidden} more key point{'s' if hidden > 1 else ''}</i>")
    return "\n".join(line for line in lines if line)


def render_brief(
    stories: list[Story], *, tz: ZoneInfo, now: datetime, max_chars: int = TELEGRAM_LIMIT, max_stories: int = 6
) -> list[Chunk]:
    """The /brief answer for stories in the given order (rank them first): chunks <= max_chars each."""
    chosen = stories[:max_stories]
    if not chosen:
        return [Chunk(html=EMPTY_BRIEF, stories=[])]
    header = f"📰 <b>Briefing</b> · {esc(format_moment(now, tz))}"
    blocks = fit_blocks([header] + [story_block(s, tz=tz, now=now) for s in chosen], max_chars)
    owners: list[Story | None] = [None, *chosen]
    chunks: list[Chunk] = []
    for group in pack(blocks, max_chars):
        html = "\n\n".join(blocks[i] for i in group)
        chunks.append(Chunk(html=html, stories=[s for s in (owners[i] for i in group) if s is not None]))
    return chunks


def render_more(story: Story, *, tz: ZoneInfo, now: datetime | None = None, max_chars: int = TELEGRAM_LIMIT) -> str:
    """Every key point of a story (the "More" button) with each outlet's article linked."""
    title = f"<b>{esc(headline(story))}</b>"
    sources = " · ".join(link(a.url, a.source or a.url) for a in ordered_articles(story))
    today = local_today(now, tz) if now else None
    lines, _ = story_points_lines(story, today=today, per_kind=None)
    body = "\n".join(lines) if lines else "<i>No demands, warnings or upcoming meetings in this story.</i>"
    return truncate_html("\n".join([title, f"<i>Sources:</i> {sources}", body]), max_chars)
