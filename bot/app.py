"""The Telegram application: every handler in one ordered block, services started and stopped with it."""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    filters,
)

from bot import handlers, jobs
from bot.clock import Clock, SystemClock
from bot.delivery import Sender
from bot.handlers_brief import MORE_PREFIX
from bot.handlers_common import SERVICES_KEY, Services
from bot.handlers_subs import UNSUB_PREFIX
from collector.models import Source
from config import Settings
from storage import Store

log = logging.getLogger(__name__)

MAX_CONCURRENT_UPDATES = 64
# Commands arrive as messages (private chats, groups) or as channel posts (channels the bot administers).
COMMAND_UPDATES = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Different chats are served concurrently; one chat's updates run one at a time, in arrival order.

    The Sender paces replies per chat (about 1/s in private chats), so serving updates strictly one by one
    would make every user wait for everyone else's multi-part /brief.
    """

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._chats: dict[int | None, tuple[asyncio.Lock, int]] = {}

    async def process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for this chat's earlier updates (outside the concurrency limit), then process."""
        key = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
        lock, users = self._chats.get(key, (asyncio.Lock(), 0))
        self._chats[key] = (lock, users + 1)
        try:
            async with lock:
                await super().process_update(update, coroutine)
        finally:
            lock, users = self._chats[key]
            if users <= 1:
                del self._chats[key]
            else:
                self._chats[key] = (lock, users - 1)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the handlers for one update."""
        await coroutine

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


def build_application(
    settings: Settings,
    store: Store,
    *,
    clock: Clock | None = None,
    sender: Sender | None = None,
    schedule_jobs: bool = True,
    close_store: bool = True,
) -> Application:
    """Build the PTB Application: handlers, error handler, jobs; post_init/post_shutdown manage services."""
    app = (
        ApplicationBuilder()
        .token(settings.bot.token)
        .base_url(settings.bot.api_base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .concurrent_updates(PerChatUpdateProcessor(MAX_CONCURRENT_UPDATES))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    svc = Services(settings=settings, store=store, clock=clock or SystemClock())
    svc.sender = sender if sender is not None else make_sender(app, svc)
    app.bot_data[SERVICES_KEY] = svc
    app.bot_data["briefbot.sender"] = svc.sender  # where bot.digests.get_sender looks: one set of rate limits
    app.bot_data["close_store"] = close_store

    # --- handlers, in matching order (the first matching handler of group 0 wins) ---------------
    # Getting started.
    app.add_handler(CommandHandler("start", handlers.start, filters=COMMAND_UPDATES))
    app.add_handler(CommandHandler("help", handlers.help, filters=COMMAND_UPDATES))
    # What the chat follows.
    app.add_handler(CommandHandler("subscribe", handlers.subscribe, filters=COMMAND_UPDATES))
    app.add_handler(CommandHandler("unsubscribe", handlers.unsubscribe, filters=COMMAND_UPDATES))
    app.add_handler(CommandHandler("subscriptions", handlers.subscriptions, filters=COMMAND_UPDATES))
    # Reading now.
    app.add_handler(CommandHandler("brief", handlers.brief, filters=COMMAND_UPDATES))
    app.add_handler(CommandHandler("agenda", handlers.agenda, filters=COMMAND_UPDATES))
    # Daily digest settings.
    app.add_handler(CommandHandler("digest", handlers.digest, filters=COMMAND_UPDATES))
    app.add_handler(CommandHandler("timezone", handlers.timezone, filters=COMMAND_UPDATES))
    # Leaving.
    app.add_handler(CommandHandler("stop", handlers.stop, filters=COMMAND_UPDATES))
    # Inline buttons: "More" under a briefing, the unsubscribe buttons.
    app.add_handler(CallbackQueryHandler(handlers.more_button, pattern=f"^{MORE_PREFIX}"))
    app.add_handler(CallbackQueryHandler(handlers.unsubscribe_button, pattern=f"^{UNSUB_PREFIX}"))
    # A group upgraded to a supergroup: its data follows the new chat id.
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, handlers.migrated))
    # Anything else that looks like a command: a one-line hint. Must stay last.
    app.add_handler(MessageHandler(filters.COMMAND & COMMAND_UPDATES, handlers.unknown))
    # The one error handler.
    app.add_error_handler(handlers.error)

    if schedule_jobs:
        jobs.schedule_jobs(app.job_queue, svc)
    return app


def make_sender(app: Application, svc: Services) -> Sender:
    """The rate-limited Sender from bot.delivery for this application's bot."""
    return Sender(app.bot, svc.settings.bot, clock=svc.clock)


def config_sources(settings: Settings) -> list[Source]:
    """The [[sources]] of the TOML config as collector Sources."""
    default = settings.collector.default_interval
    return [
        Source(url=s.url, name=s.name, interval=s.interval or default, language=s.language)
        for s in settings.sources
    ]


async def post_init(app: Application) -> None:
    """After getMe: bot menu, config sources into the store, digests missed while down (in the background)."""
    svc: Services = app.bot_data[SERVICES_KEY]
    await app.bot.set_my_commands(handlers.bot_commands())
    if svc.settings.sources:
        svc.store.ensure_sources(config_sources(svc.settings))
    # A job, not an await: thousands of pending digests must not keep the bot from answering commands.
    app.job_queue.run_once(jobs.resume_digests, when=0, name=jobs.RESUME_JOB)


async def post_shutdown(app: Application) -> None:
    """After the application stopped: close the store."""
    svc: Services = app.bot_data[SERVICES_KEY]
    if app.bot_data.get("close_store", True):
        svc.store.close()
    log.info("briefbot stopped")
