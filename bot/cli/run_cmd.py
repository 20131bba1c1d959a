"""`briefbot run`: the Telegram bot with its scheduler (collection and digest ticks), long polling."""
from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bot.cli.common import fail
from config import Settings

log = logging.getLogger(__name__)

MISSING_TOKEN = (
    "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and export its token "
    "(or set bot.token in the config)"
)

REJECTED_TOKEN = "Telegram rejected the bot token (401 Unauthorized): check TELEGRAM_BOT_TOKEN with @BotFather"


class RedactToken(logging.Filter):
    """Replace the bot token in every log line (PTB's debug logs print API URLs, which contain it)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message without the token; never drops a record."""
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "<token>"), None
        if record.exc_info and not record.exc_text:  # the formatter reuses exc_text when it is set
            record.exc_text = logging.Formatter().formatException(record.exc_info).replace(self.token, "<token>")
        return True


def register(sub: argparse._SubParsersAction) -> None:
    """Register the `run` subcommand."""
    parser = sub.add_parser(
        "run",
        help="run the Telegram bot (long polling) with collection and digests",
        description=(
            "Run the Telegram bot: long polling for commands, a collection tick for due sources and a "
            "digest tick that sends each chat its daily digest at its local time. Needs TELEGRAM_BOT_TOKEN; "
            "TELEGRAM_API_BASE_URL (default https://api.telegram.org/bot) and DATABASE_URL are optional. "
            "SIGINT (Ctrl-C) or SIGTERM stops it cleanly."
        ),
    )
    parser.add_argument(
        "--drop-pending", action="store_true", help="ignore updates that arrived while the bot was down"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the bot until SIGINT/SIGTERM; 0 on a clean stop, 1 with one error line on a bad setup."""
    if not settings.bot.token.strip():
        return fail(MISSING_TOKEN)
    # httpx logs every request URL at INFO, and Bot API URLs contain the token; PTB logs them at DEBUG.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactToken(settings.bot.token))
    # One event loop for the token check and the bot: run_polling picks up the current loop (and closes it).
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        problem = loop.run_until_complete(token_problem(settings))
        if problem:
            return fail(problem)
        return serve(args, settings)
    finally:
        if not loop.is_closed():
            loop.close()


async def token_problem(settings: Settings) -> str | None:
    """getMe with the token before PTB's retry loop (which logs tracebacks): None when fine, else why not."""
    from telegram import Bot
    from telegram.error import InvalidToken, TelegramError

    try:
        async with Bot(settings.bot.token, base_url=settings.bot.api_base_url) as bot:
            print(f"briefbot: running as @{bot.username} (Ctrl-C or SIGTERM stops it)", file=sys.stderr)
    except InvalidToken:
        return REJECTED_TOKEN
    except TelegramError as exc:
        return f"cannot reach the Telegram Bot API at {settings.bot.api_base_url}: {exc}"
    return None


def serve(args: argparse.Namespace, settings: Settings) -> int:
    """Open the store and run long polling with the jobs until a stop signal."""
    from telegram import Update
    from telegram.error import InvalidToken, TelegramError

    from bot.app import build_application
    from storage import StoreError, open_store

    try:
        store = open_store(settings.database_url)
    except StoreError as exc:
        return fail(f"cannot open the database: {exc}")
    app = build_application(settings, store)  # post_shutdown closes the store
    try:
        app.run_polling(
            allowed_updates=Update.ALL_TYPES,
            drop_pending_updates=bool(getattr(args, "drop_pending", False)),
        )
    except InvalidToken:
        return fail(REJECTED_TOKEN)
    except TelegramError as exc:
        return fail(f"Telegram Bot API error at {settings.bot.api_base_url}: {exc}")
    return 0
