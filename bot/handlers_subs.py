"""Subscription handlers: /subscribe, /unsubscribe (with buttons), /subscriptions."""
from __future__ import annotations

import logging
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.handlers_common import args_text, ensure_chat, esc, may_change, reply, services
from briefing import TopicError, parse_topic
from collector.errors import UnsafeURLError
from collector.models import Source
from collector.safety import check_url_async
from storage import Store, Subscription

log = logging.getLogger(__name__)

UNSUB_PREFIX = "unsub:"
MAX_SUBSCRIPTIONS = 50  # per chat: keeps /unsubscribe within Telegram's 100 inline buttons
URL_RE = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.IGNORECASE)  # any scheme: the safety check refuses non-http
MAX_QUERY = 200


class BadTopicError(ValueError):
    """A topic argument that cannot be used as a filter."""


def normalize(text: str) -> str:
    """Case- and whitespace-insensitive form of a query, for comparisons."""
    return " ".join(text.casefold().split())


def label(sub: Subscription) -> str:
    """How a subscription is shown to users (plain text)."""
    if sub.kind == "all":
        return "All stories"
    if sub.kind == "source":
        return f"Source: {sub.query}"
    return f"Topic: {sub.query}"


def find_source(store: Store, text: str) -> Source | None:
    """A known source whose name or URL equals text (case-insensitive), else None."""
    text = text.strip()
    if text.isdigit():  # the store reads digits as a source id; users name sources by name or URL
        return None
    return store.get_source(text)


def check_topic(text: str) -> None:
    """Raise BadTopicError when text is not a usable topic filter."""
    if len(text) > MAX_QUERY:
        raise BadTopicError(f"That topic is too long (at most {MAX_QUERY} characters).")
    if text.count('"') % 2:
        raise BadTopicError('A quote is not closed: write phrases as "water prices".')
    try:
        parse_topic(text)
    except TopicError as exc:
        raise BadTopicError(f"Not a usable topic: {exc}.") from None


async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/subscribe [words | source name | feed URL]: follow all stories, a topic or a source."""
    svc = services(context)
    ensure_chat(update, context)
    if not await may_change(update, context):
        return
    chat_id = update.effective_chat.id
    arg = args_text(update)
    existing = svc.store.list_subscriptions(chat_id)
    if len(existing) >= MAX_SUBSCRIPTIONS:
        await reply(update, context, f"This chat has {len(existing)} subscriptions, the most it can have. "
                    "/unsubscribe one first.")
        return
    if not arg:
        if any(s.kind == "all" for s in existing):
            await reply(update, context, "This chat already gets all stories. /brief shows the newest.")
            return
        svc.store.add_subscription(chat_id, "all", "")
        await reply(update, context, "Subscribed to <b>all stories</b>. /brief shows the newest now.")
        return
    source = find_source(svc.store, arg)
    if source is None and URL_RE.match(arg):
        try:
            await check_url_async(arg, allow_private=svc.settings.collector.allow_private_networks)
        except UnsafeURLError as exc:
            await reply(update, context, f"I cannot use that URL: {esc(exc)}")
            return
        source = svc.store.add_source(Source(url=arg, interval=svc.settings.collector.default_interval))
        log.info("chat %s added source %s", chat_id, arg)
    if source is not None:
        if any(s.kind == "source" and s.source_id == source.id for s in existing):
            await reply(update, context, f"Already subscribed to {esc(source.label)}.")
            return
        svc.store.add_subscription(chat_id, "source", source.label, source_id=source.id)
        await reply(update, context, f"Subscribed to the source <b>{esc(source.label)}</b>.")
        return
    try:
        check_topic(arg)
    except BadTopicError as exc:
        await reply(update, context, f"{esc(exc)} Example: /subscribe climate \"water prices\" !football")
        return
    if any(s.kind == "topic" and normalize(s.query) == normalize(arg) for s in existing):
        await reply(update, context, f"Already subscribed to the topic {esc(arg)}.")
        return
    svc.store.add_subscription(chat_id, "topic", arg)
    await reply(update, context, f"Subscribed to the topic <b>{esc(arg)}</b>. /brief {esc(arg)} shows it now.")


async def subscriptions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/subscriptions: list what the chat follows."""
    svc = services(context)
    ensure_chat(update, context)
    subs = svc.store.list_subscriptions(update.effective_chat.id)
    if not subs:
        await reply(update, context, "No subscriptions. /subscribe for all stories, /subscribe <i>words</i> for a topic.")
        return
    lines = ["<b>Subscriptions</b>"] + [f"• {esc(label(s))}" for s in subs]
    await reply(update, context, "\n".join(lines))


def unsubscribe_markup(subs: list[Subscription]) -> InlineKeyboardMarkup:
    """One button per subscription; pressing it removes that subscription."""
    rows = [[InlineKeyboardButton(f"✖ {label(s)}"[:60], callback_data=f"{UNSUB_PREFIX}{s.id}")] for s in subs]
    return InlineKeyboardMarkup(rows)


def match_subscription(store: Store, subs: list[Subscription], arg: str) -> Subscription | None:
    """The subscription that `/subscribe arg` would have created, if the chat has it."""
    wanted = normalize(arg)
    source = find_source(store, arg)
    for sub in subs:
        if source is not None and sub.kind == "source" and sub.source_id == source.id:
            return sub
        if sub.kind in ("topic", "source") and normalize(sub.query) == wanted:
            return sub
    return None


async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unsubscribe [argument]: buttons to remove subscriptions, or remove the one named."""
    svc = services(context)
    ensure_chat(update, context)
    chat_id = update.effective_chat.id
    subs = svc.store.list_subscriptions(chat_id)
    arg = args_text(update)
    if not subs:
        await reply(update, context, "No subscriptions to remove. /subscribe to start one.")
        return
    if not arg:
        await reply(update, context, "Tap a subscription to remove it:", unsubscribe_markup(subs))
        return
    sub = match_subscription(svc.store, subs, arg)
    if sub is None and normalize(arg) in ("all", "all stories"):
        sub = next((s for s in subs if s.kind == "all"), None)
    if sub is None:
        await reply(update, context, f"No subscription {esc(arg)}. /subscriptions lists them; /unsubscribe shows buttons.")
        return
    if not await may_change(update, context):
        return
    svc.store.remove_subscription(chat_id, sub.id)
    await reply(update, context, f"Unsubscribed: {esc(label(sub))}.")


async def unsubscribe_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Callback of an unsubscribe button: remove that subscription and refresh the buttons."""
    svc = services(context)
    query = update.callback_query
    chat_id = query.message.chat.id if query.message else update.effective_chat.id
    try:
        sub_id = int(query.data[len(UNSUB_PREFIX):])
    except ValueError:
        await query.answer("That button is no longer valid.")
        return
    if not await may_change(update, context):
        return
    subs = svc.store.list_subscriptions(chat_id)
    sub = next((s for s in subs if s.id == sub_id), None)
    if sub is None:
        await query.answer("Already removed.")
    else:
        svc.store.remove_subscription(chat_id, sub_id)
        await query.answer(f"Removed: {label(sub)}"[:190])
    remaining = [s for s in subs if s.id != sub_id]
    text = "Tap a subscription to remove it:" if remaining else "No subscriptions left. /subscribe to start again."
    try:
        await query.edit_message_text(text, reply_markup=unsubscribe_markup(remaining) if remaining else None)
    except BadRequest as exc:  # e.g. "message is not modified" or too old to edit
        log.debug("could not edit the unsubscribe message: %s", exc)
