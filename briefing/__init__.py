"""Pure briefing logic: pick stories for subscriptions, rank them, render Telegram HTML and plain text.

No I/O here: functions take `collector.models.Story` lists (with `summarizer.models` summaries) and return
strings or `Chunk`s. Typical use: `render_brief(rank_stories(select_stories(stories, subs), now), tz=..., now=...)`.
"""
from briefing.digest import render_agenda, render_digest, render_empty_digest
from briefing.filters import TopicError, TopicFilter, parse_topic, select_stories, story_matches
from briefing.markup import tg_len, truncate_html
from briefing.plain import render_terminal, to_plain_text
from briefing.rank import rank_stories, story_score
from briefing.render import Chunk, render_brief, render_more

__all__ = [
    "Chunk",
    "TopicError",
    "TopicFilter",
    "parse_topic",
    "rank_stories",
    "render_agenda",
    "render_brief",
    "render_digest",
    "render_empty_digest",
    "render_more",
    "render_terminal",
    "select_stories",
    "story_matches",
    "story_score",
    "tg_len",
    "to_plain_text",
    "truncate_html",
]
