"""Telegram HTML for daily digests and /agenda: sections across stories, split under the size limit."""
from __future__ import annotations

from datetime import date, datetime
from itertools import groupby
from zoneinfo import ZoneInfo

from briefing.dates import format_day, format_moment, local_today
from briefing.markup import clean, esc, fit_blocks, join_groups, link, pack
from briefing.points import is_upcoming, lead_article, meeting_date, same_actor, same_meeting, story_points
from briefing.render import TELEGRAM_LIMIT, story_block, who
from collector.models import Story
from summarizer.models import KeyPoint

SECTION_LIMITS = {"demand": 5, "warning": 5, "meeting": 8}
PER_STORY = 2  # items one story may put in a digest section, so that several stories get a voice
SECTION_TITLES = {"demand": "✊ Demands", "warning": "⚠️ Warnings", "meeting": "📅 Upcoming meetings"}
NO_MEETINGS = "📅 No upcoming meetings in the collected stories."


def _item(point: KeyPoint, *, today: date | None, with_date: bool = True) -> str:
    meta: list[str] = []
    when = meeting_date(point)
    if point.kind == "meeting" and when and with_date:
        meta.append(f"<b>{format_day(when, today=today)}</b>")
    details = [esc(point.place) if point.kind == "meeting" and point.place else "", who(point)]
    details_text = " · ".join(d for d in details if d)
    if details_text:
        meta.append(f"<i>{details_text}</i>")
    prefix = " · ".join(meta)
    return f"• {prefix}: {esc(point.text)}" if prefix else f"• {esc(point.text)}"


def collect_points(
    stories: list[Story], kind: str, *, today: date | None, per_story: int | None = None
) -> list[tuple[KeyPoint, Story]]:
    """Key points of one kind across stories (meetings: dated, upcoming, soonest first, deduplicated)."""
    found: list[tuple[KeyPoint, Story]] = []
    for story in stories:
        taken: list[KeyPoint] = []
        for point in story_points(story, kind):
            if any(same_actor(point, other) for other in taken):
                continue  # one voice per actor and story: outlets restate the same call in other words
            if kind == "meeting" and (meeting_date(point) is None or not is_upcoming(point, today)):
                continue
            if kind == "meeting" and any(same_meeting(point, seen) for seen, _ in found):
                continue
            if per_story is not None and len(taken) >= per_story:
                break
            found.append((point, story))
            taken.append(point)
    if kind == "meeting":
        found.sort(key=lambda pair: meeting_date(pair[0]) or date.max)
    return found


def _section(stories: list[Story], kind: str, today: date) -> tuple[str, set[str]]:
    items = collect_points(stories, kind, today=today, per_story=PER_STORY)[: SECTION_LIMITS[kind]]
    if not items:
        return "", set()
    lines = [f"<b>{SECTION_TITLES[kind]}</b>"] + [_item(point, today=today) for point, _ in items]
    return "\n".join(lines), {clean(point.text) for point, _ in items}


def render_digest(
    stories: list[Story],
    *,
    tz: ZoneInfo,
    now: datetime,
    since: datetime,
    max_chars: int = TELEGRAM_LIMIT,
    max_stories: int = 10,
) -> list[str]:
    """The daily digest for stories in the given order (rank them first): header, sections, stories."""
    if not stories:
        return [render_empty_digest(tz=tz, now=now, since=since)]
    chosen = stories[:max_stories]
    today = local_today(now, tz)
    outlets = {name for story in chosen for name in story.outlets}
    more = f" (top {len(chosen)} of {len(stories)})" if len(stories) > len(chosen) else ""
    header = (
        f"🗞 <b>Daily briefing</b> · {format_day(today)}\n"
        f"<i>{len(stories)} {_plural(len(stories), 'story', 'stories')} from {len(outlets)} "
        f"{_plural(len(outlets), 'outlet', 'outlets')} since {esc(format_moment(since, tz, now=now))}{more}</i>"
    )
    sections = [_section(chosen, kind, today) for kind in ("demand", "warning", "meeting")]
    shown = frozenset(text for _, texts in sections for text in texts)
    story_blocks = [story_block(s, tz=tz, now=now, with_points=False, shown_elsewhere=shown) for s in chosen]
    story_blocks[0] = "<b>📰 Stories</b>\n\n" + story_blocks[0]
    blocks = fit_blocks([header, *(html for html, _ in sections if html), *story_blocks], max_chars)
    return join_groups(blocks, pack(blocks, max_chars))


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def render_empty_digest(*, tz: ZoneInfo, now: datetime, since: datetime) -> str:
    """The one-line digest when nothing new matched."""
    return f"🗞 Nothing new for your subscriptions since {esc(format_moment(since, tz, now=now))}."


def render_agenda(
    stories: list[Story], *, today: date, tz: ZoneInfo, max_chars: int = TELEGRAM_LIMIT
) -> list[str]:
    """Upcoming meetings across stories, soonest first, grouped by day, deduplicated across outlets."""
    del tz  # meeting dates are calendar dates already; `today` is the chat's local date
    found = collect_points(stories, "meeting", today=today)
    if not found:
        return [NO_MEETINGS]
    blocks = ["📅 <b>Upcoming meetings</b>"]
    for day, group in groupby(found, key=lambda pair: meeting_date(pair[0])):
        lines = [f"<b>{format_day(day, today=today)}</b>"]  # type: ignore[arg-type]
        for point, story in group:
            lead = lead_article(story)
            source = link(lead.url, lead.source or "source") if lead else ""
            lines.append(_item(point, today=today, with_date=False) + (f" ({source})" if source else ""))
        blocks.append("\n".join(lines))
    blocks = fit_blocks(blocks, max_chars)
    return join_groups(blocks, pack(blocks, max_chars))
