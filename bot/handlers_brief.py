"""Reading handlers: /brief with its "More"/"Source" buttons, /agenda."""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.handlers_common import Services, args_text, chat_timezone, ensure_chat, esc, reply, services
from bot.stories import subscribed_stories
from briefing import TopicError, parse_topic, rank_stories, render_agenda, render_brief, render_more
from briefing.dates import local_today
from briefing.markup import is_web_url
from briefing.points import headline, lead_article
from collector.models import Story

log = logging.getLogger(__name__)

MORE_PREFIX = "more:"
AGENDA_WINDOW = timedelta(days=30)  # meetings are announced days or weeks ahead
BUTTON_TITLE_CHARS = 28


def brief_window(svc: Services) -> timedelta:
    """How far back /brief looks for stories."""
    return timedelta(hours=max(24, svc.settings.collector.story_window_hours))


def pick_stories(svc: Services, subs: list[tuple[str, str, int | None]], now: datetime) -> list[Story]:
    """Recent stories matching any of the subscriptions, most important first (blocking)."""
    return rank_stories(subscribed_stories(svc.store, subs, now - brief_window(svc)), now)


def story_buttons(stories: list[Story]) -> InlineKeyboardMarkup | None:
    """Per story: "More" (callback with the story id) and "Source" (the lead article's URL)."""
    rows = []
    for story in stories:
        title = headline(story)
        short = title if len(title) <= BUTTON_TITLE_CHARS else title[: BUTTON_TITLE_CHARS - 1].rstrip() + "…"
        row = [InlineKeyboardButton(f"More: {short}", callback_data=f"{MORE_PREFIX}{story.id}")]
        lead = lead_article(story)
        if lead is not None and is_web_url(lead.url):
            row.append(InlineKeyboardButton("Source", url=lead.url))
        rows.append(row)
    return InlineKeyboardMarkup(rows) if rows else None


async def brief(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/brief [topic]: the key points of the newest stories for the chat's subscriptions, or the topic."""
    svc = services(context)
    record = ensure_chat(update, context)
    arg = args_text(update)
    if arg:
        try:
            parse_topic(arg)
        except TopicError as exc:
            await reply(update, context, f"Not a usable topic: {esc(exc)}. Example: /brief climate \"water prices\"")
            return
        subs = [("topic", arg, None)]
    else:
        subs = [(s.kind, s.query, s.source_id) for s in svc.store.list_subscriptions(update.effective_chat.id)]
        if not subs:
            await reply(update, context, "No subscriptions yet: /subscribe for all stories, or /brief <i>topic</i> "
                        "for one topic now.")
            return
    now = svc.clock.now()
    tz = ZoneInfo(chat_timezone(record, svc.settings))
    chosen = await asyncio.to_thread(pick_stories, svc, subs, now)  # reading and matching can take a while
    if not chosen:
        what = f"about {esc(arg)}" if arg else "for your subscriptions"
        await reply(update, context, f"No recent stories {what} yet. I collect news continuously; try again later.")
        return
    for chunk in render_brief(chosen, tz=tz, now=now, max_stories=svc.settings.bot.brief_max_stories):
        await reply(update, context, chunk.html, story_buttons(chunk.stories))


async def more_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Callback of "More": every key point of that story, as a new message."""
    svc = services(context)
    query = update.callback_query
    try:
        story_id = int(query.data[len(MORE_PREFIX):])
    except ValueError:
        await query.answer("That button is no longer valid.")
        return
    story = svc.store.get_story(story_id)
    if story is None:
        await query.answer("That story is no longer stored.")
        return
    await query.answer()
    chat = update.effective_chat
    record = svc.store.get_chat(chat.id)
    tz = ZoneInfo(chat_timezone(record, svc.settings))
    await reply(update, context, render_more(story, tz=tz, now=svc.clock.now()))


async def agenda(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/agenda: upcoming meetings across collected stories, soonest first."""
    svc = services(context)
    record = ensure_chat(update, context)
    now = svc.clock.now()
    tz = ZoneInfo(chat_timezone(record, svc.settings))
    stories = await asyncio.to_thread(svc.store.stories_since, now - AGENDA_WINDOW, key_point="meeting")
    for text in render_agenda(stories, today=local_today(now, tz), tz=tz):
        await reply(update, context, text)
