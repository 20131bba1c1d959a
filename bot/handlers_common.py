"""What every handler shares: the services container, chat bookkeeping and replying."""
from __future__ import annotations

import asyncio
import html
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.clock import Clock
from bot.delivery import Sender
from config import Settings
from config.settings import parse_hhmm
from storage import Chat, Store

log = logging.getLogger(__name__)

SERVICES_KEY = "services"


@dataclass
class Services:
    """Long-lived parts the handlers and jobs use; kept in application.bot_data."""

    settings: Settings
    store: Store
    clock: Clock
    sender: Sender | None = None  # None: send with the plain Bot (no rate limits)
    collect_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # The `now` of the collection pass in progress: its articles carry that time but are committed later.
    collect_started: datetime | None = None


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    """The Services object registered by build_application."""
    return context.application.bot_data[SERVICES_KEY]


def args_text(update: Update) -> str:
    """Everything after the command word, as the user typed it (quotes kept)."""
    text = (update.effective_message.text or "") if update.effective_message else ""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


def chat_type(update: Update) -> str:
    """The chat type string: private, group, supergroup or channel."""
    return update.effective_chat.type if update.effective_chat else "private"


def ensure_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Chat:
    """Make sure the chat is stored (active, with defaults) and return its record."""
    svc = services(context)
    chat = update.effective_chat
    record = svc.store.get_chat(chat.id)
    if record is None or not record.active:
        title = chat.title or chat.username or chat.first_name
        created = record is None
        record = svc.store.upsert_chat(chat.id, type=chat.type, title=title, now=svc.clock.now())
        default = parse_hhmm(svc.settings.bot.digest_time) if svc.settings.bot.digest_time else None
        if created and default:  # the configured default digest time for new chats
            record = svc.store.update_chat(chat.id, digest_time=f"{default[0]:02d}:{default[1]:02d}")
    return record


def chat_timezone(record: Chat | None, settings: Settings) -> str:
    """The chat's IANA time zone, else the configured default."""
    return getattr(record, "timezone", None) or settings.general.timezone or "UTC"


def esc(text: object) -> str:
    """HTML-escape any text shown to users."""
    return html.escape(str(text), quote=False)


async def reply(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    text_html: str,
    markup: InlineKeyboardMarkup | None = None,
) -> Any:
    """Answer an update's chat (HTML), through the rate-limited Sender when present."""
    if services(context).sender is not None:
        # The chat just wrote to us, so it no longer blocks the bot: let the Sender try it again.
        services(context).sender.blocked.pop(update.effective_chat.id, None)
    return await send_html(context, update.effective_chat.id, chat_type(update), text_html, markup)


async def send_html(
    context: ContextTypes.DEFAULT_TYPE,
    chat_id: int,
    kind: str,
    text_html: str,
    markup: InlineKeyboardMarkup | None = None,
) -> Any:
    """Send one HTML message to a chat (Sender when configured, else the Bot directly)."""
    svc = services(context)
    if svc.sender is not None:
        result = await svc.sender.send(chat_id, text_html, chat_type=kind, reply_markup=markup)
        if result.migrated_to is not None:  # a group became a supergroup: its data moves along
            svc.store.migrate_chat(chat_id, result.migrated_to)
            chat_id = result.migrated_to
        if result.status == "blocked" and svc.store.get_chat(chat_id) is not None:
            svc.store.update_chat(chat_id, active=False, inactive_reason="blocked")
        return result
    return await context.bot.send_message(
        chat_id,
        text_html,
        parse_mode=ParseMode.HTML,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
        reply_markup=markup,
    )


ADMIN_STATUSES = ("creator", "administrator")
NOT_ADMIN = "Only this group's admins can change its subscriptions and settings."


async def may_change(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether the sender may change this chat's subscriptions and settings; if not, says so.

    Anyone in a private chat or a channel (only admins post there); in a group only its admins, or its
    anonymous admins (who write as the group), unless `[bot] group_admins_only` is false.
    """
    chat, message = update.effective_chat, update.effective_message
    if chat.type not in ("group", "supergroup") or not services(context).settings.bot.group_admins_only:
        return True
    if message is not None and message.sender_chat is not None and message.sender_chat.id == chat.id:
        return True
    user = update.effective_user
    try:
        member = await context.bot.get_chat_member(chat.id, user.id) if user else None
    except TelegramError as exc:
        log.warning("chat %s: cannot check admin rights: %s", chat.id, exc)
        return await _refuse(update, context, "I could not check who may change this group's settings; "
                             "try again in a minute.")
    if member is not None and member.status in ADMIN_STATUSES:
        return True
    return await _refuse(update, context, NOT_ADMIN)


async def _refuse(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> bool:
    if update.callback_query is not None:
        await update.callback_query.answer(text)
    else:
        await reply(update, context, text)
    return False
