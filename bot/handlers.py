"""Telegram command handlers: thin async functions named after their command.

Subscription handlers live in bot/handlers_subs.py, briefing handlers in bot/handlers_brief.py;
they are re-exported here so bot/app.py registers everything from one module.
"""
from __future__ import annotations

import difflib
import logging
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from telegram import BotCommand, Update
from telegram.ext import ContextTypes

from bot.handlers_brief import agenda, brief, more_button
from bot.handlers_common import Services, args_text, chat_timezone, ensure_chat, esc, may_change, reply, services
from bot.handlers_subs import subscribe, subscriptions, unsubscribe, unsubscribe_button
from config.settings import parse_hhmm
from storage import Chat

log = logging.getLogger(__name__)

__all__ = [
    "COMMANDS", "agenda", "brief", "digest", "error", "help", "migrated", "more_button", "start", "stop",
    "subscribe", "subscriptions", "timezone", "unknown", "unsubscribe", "unsubscribe_button",
]

# (command, menu description, example): the bot menu (setMyCommands) and /help are built from this.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("start", "Welcome and how to begin", "/start"),
    ("help", "Every command with an example", "/help"),
    ("subscribe", "Follow all stories, a topic or a source", '/subscribe climate "water prices" !football'),
    ("unsubscribe", "Stop following a topic or source", "/unsubscribe climate"),
    ("subscriptions", "List what this chat follows", "/subscriptions"),
    ("brief", "The key points of the newest stories now", "/brief elections"),
    ("digest", "Daily digest time (HH:MM), off, or quiet", "/digest 07:30  or  /digest off  or  /digest quiet"),
    ("timezone", "Set this chat's time zone", "/timezone Europe/Berlin"),
    ("agenda", "Upcoming meetings found in the news", "/agenda"),
    ("stop", "Unsubscribe and delete this chat's data", "/stop"),
)

# /digest quiet|notify: whether a day without news gets the short "nothing new" line (True = quiet).
QUIET_WORDS = {"quiet": True, "silent": True, "notify": False, "loud": False}


WELCOME = (
    "<b>Hello, I am briefbot.</b> I read news sources, condense each story to its key points "
    "(demands, warnings, upcoming meetings) and merge what many outlets report.\n\n"
    "To begin:\n"
    "1. /subscribe for all stories, or /subscribe <i>words</i> for a topic\n"
    "2. /brief for the newest stories now\n"
    "3. /digest 08:00 for one digest a day (time zone {tz}; change it with /timezone)\n\n"
    "/help lists every command."
)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: register the chat and explain how to begin."""
    record = ensure_chat(update, context)
    await reply(update, context, WELCOME.format(tz=esc(chat_timezone(record, services(context).settings))))


async def help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:  # noqa: A001 - named after /help
    """/help: every command with an example."""
    ensure_chat(update, context)
    lines = ["<b>Commands</b>"]
    for name, description, example in COMMANDS:
        lines.append(f"/{name} - {esc(description)}\n    <code>{esc(example)}</code>")
    lines.append(
        "\nTopics: several words match stories with any of them; \"quoted phrases\" must appear as written; "
        "!word excludes stories with that word. A feed URL or a source name subscribes to that source."
        "\nDigests: /digest quiet sends nothing on days without news; /digest notify sends a short line then."
    )
    await reply(update, context, "\n".join(lines))


async def digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/digest [HH:MM|off|quiet|notify]: show or set the daily digest time (chat's time zone) and empty-day note."""
    svc = services(context)
    record = ensure_chat(update, context)
    tz = chat_timezone(record, svc.settings)
    arg = args_text(update)
    if not arg:
        current = getattr(record, "digest_time", None)
        text = (
            f"Daily digest at <b>{esc(current)}</b> ({esc(tz)}). {empty_day_note(record, svc)} "
            "/digest off turns it off."
            if current
            else "No daily digest. Set one with /digest 08:00."
        )
        await reply(update, context, text)
        return
    if not await may_change(update, context):
        return
    if arg.lower() in QUIET_WORDS:
        quiet = QUIET_WORDS[arg.lower()]
        svc.store.update_chat(update.effective_chat.id, notify_empty=not quiet)
        text = ("Quiet: no digest message on days without news. /digest notify undoes it." if quiet
                else "On days without news the digest is one short line. /digest quiet turns that off.")
        await reply(update, context, text)
        return
    if arg.lower() in ("off", "none", "stop"):
        svc.store.update_chat(update.effective_chat.id, digest_time=None)
        await reply(update, context, "Daily digest off. /digest 08:00 turns it on again.")
        return
    parsed = parse_hhmm(arg)
    if parsed is None:
        await reply(update, context, f"Not a time: {esc(arg)}. Use HH:MM (24 hours), e.g. /digest 07:30, "
                    "or /digest off, /digest quiet, /digest notify.")
        return
    hhmm = f"{parsed[0]:02d}:{parsed[1]:02d}"
    svc.store.update_chat(update.effective_chat.id, digest_time=hhmm)
    await reply(update, context, f"Daily digest at <b>{hhmm}</b> ({esc(tz)}).")


def empty_day_note(record: Chat | None, svc: Services) -> str:
    """How the chat's digest behaves on days without news (the chat's choice, else the config default)."""
    notify = getattr(record, "notify_empty", None)
    if notify is None:
        notify = svc.settings.bot.notify_empty
    return ("Days without news: one short line (/digest quiet: nothing)." if notify
            else "Days without news: no message (/digest notify: a short line).")


async def timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/timezone [Area/City]: show or set the chat's IANA time zone."""
    svc = services(context)
    record = ensure_chat(update, context)
    arg = args_text(update)
    if not arg:
        await reply(update, context, f"Time zone: <b>{esc(chat_timezone(record, svc.settings))}</b>. "
                    "Change it with /timezone Europe/Berlin.")
        return
    if not await may_change(update, context):
        return
    name = resolve_timezone(arg)
    if name is None:
        await reply(update, context, timezone_hint(arg))
        return
    svc.store.update_chat(update.effective_chat.id, timezone=name)
    digest_time = getattr(record, "digest_time", None)
    tail = f" Daily digest at {esc(digest_time)} {esc(name)} time." if digest_time else ""
    await reply(update, context, f"Time zone set to <b>{esc(name)}</b>.{tail}")


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def resolve_timezone(text: str) -> str | None:
    """The canonical IANA name for text (case-insensitive), or None when unknown."""
    name = _zone_names().get(text.strip().lower())
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def timezone_hint(text: str) -> str:
    """A one-line hint for an unknown time zone, with the closest names when there are any."""
    names = _zone_names()
    close = difflib.get_close_matches(text.strip().lower(), list(names), n=3, cutoff=0.6)
    if not close:
        city = text.strip().lower().replace(" ", "_")
        close = [key for key in names if key.endswith("/" + city)][:3]
    suggestion = f" Did you mean {', '.join(names[c] for c in close)}?" if close else ""
    return f"Unknown time zone {esc(text)}: use an IANA name like Europe/Berlin or America/New_York.{suggestion}"


async def stop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stop: remove the chat's subscriptions and settings."""
    svc = services(context)
    if not await may_change(update, context):
        return
    svc.store.delete_chat(update.effective_chat.id)
    await reply(update, context, "Stopped. This chat's subscriptions and settings are deleted. /start to begin again.")


async def unknown(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other command: a one-line hint (commands meant for other bots are ignored)."""
    message = update.effective_message
    word = (message.text or "").split()[0] if message and message.text else ""
    command, _, target = word.partition("@")
    if target and target.lower() != (context.bot.username or "").lower():
        return
    if not target and update.effective_chat.type in ("group", "supergroup"):
        return  # a bare /cmd in a group may be for another bot
    await reply(update, context, f"Unknown command {esc(command)}. /help lists what I can do.")


async def migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Service message "group upgraded to a supergroup": move the chat's data to its new id."""
    message = update.effective_message
    if message is None or not message.migrate_to_chat_id:
        return
    svc = services(context)
    old_id, new_id = update.effective_chat.id, message.migrate_to_chat_id
    if svc.store.migrate_chat(old_id, new_id) is not None:
        log.info("chat %s became supergroup %s: data moved", old_id, new_id)
    if svc.sender is not None:
        svc.sender.migrated[old_id] = new_id


async def error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The one error handler: log the failure and tell the chat briefly."""
    log.error("handler failed for update %s", getattr(update, "update_id", None), exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat:
        try:
            await reply(update, context, "Sorry, something went wrong. Please try again later.")
        except Exception:  # noqa: BLE001 - the chat may be unreachable; already logged above
            log.debug("could not report the error to chat %s", update.effective_chat.id)


def bot_commands() -> list[BotCommand]:
    """The bot menu registered with setMyCommands."""
    return [BotCommand(name, description) for name, description, _ in COMMANDS]
