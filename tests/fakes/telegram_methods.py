"""Bot API method implementations of the fake server (state lives in FakeTelegram; see telegram_api)."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from tests.fakes.telegram_html import HtmlParseError, parse_html, utf16_length

MAX_TEXT = 4096
JSON_KEYS = {"chat_id", "message_id", "offset", "limit", "timeout", "reply_markup", "link_preview_options",
             "disable_web_page_preview", "disable_notification", "commands", "scope", "allowed_updates",
             "show_alert", "cache_time", "entities", "reply_parameters", "drop_pending_updates",
             "protect_content", "message_thread_id", "reply_to_message_id"}
NOT_MODIFIED = ("Bad Request: message is not modified: specified new message content and reply markup "
                "are exactly the same as a current content and reply markup of the message")


class ApiError(Exception):
    """An error answer: HTTP status, Telegram description, optional retry_after."""

    def __init__(self, status: int, description: str, retry_after: int | None = None,
                 migrate_to: int | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after
        self.migrate_to = migrate_to


@dataclass
class SentMessage:
    """One message the bot sent (text is the raw text as sent; `edited`/`deleted` track later calls)."""

    chat_id: int | str
    message_id: int
    text: str
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    disable_web_page_preview: bool | None
    link_preview_options: dict[str, Any] | None
    time: float
    visible_text: str = ""
    edited: bool = False
    deleted: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def previews_disabled(self) -> bool:
        """True when link previews were turned off by either API form."""
        opts = self.link_preview_options or {}
        return bool(self.disable_web_page_preview or opts.get("is_disabled"))


def validate_text(text: Any, parse_mode: str | None) -> str:
    """The visible text of a message, or ApiError 400 like Telegram's."""
    if not isinstance(text, str) or not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if parse_mode is None or parse_mode == "":
        visible = text
    elif parse_mode.lower() == "html":
        try:
            visible = parse_html(text)
        except HtmlParseError as exc:
            raise ApiError(400, str(exc)) from None
    elif parse_mode.lower() in ("markdown", "markdownv2"):
        visible = text  # not validated by this fake
    else:
        raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode!r}")
    if not visible.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_length(visible) > MAX_TEXT:
        raise ApiError(400, "Bad Request: message is too long")
    return visible


def validate_markup(markup: Any) -> dict[str, Any] | None:
    """Check an inline keyboard like Telegram does (button text, callback_data 1-64 bytes)."""
    if markup is None:
        return None
    if isinstance(markup, str):
        markup = json.loads(markup)
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if rows is None:
        return markup  # reply keyboards etc. are stored unchecked
    for row in rows:
        for button in row:
            if not button.get("text"):
                raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and not (1 <= len(str(data).encode("utf-8")) <= 64):
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            if data is None and not any(k in button for k in ("url", "switch_inline_query", "copy_text",
                                                               "switch_inline_query_current_chat")):
                raise ApiError(400, "Bad Request: can't parse inline keyboard button")
    return markup


def message_dict(msg: SentMessage, chat: dict[str, Any], sender: dict[str, Any]) -> dict[str, Any]:
    """The Message object returned for a bot message."""
    out: dict[str, Any] = {"message_id": msg.message_id, "date": int(time.time()), "chat": chat,
                           "from": sender, "text": msg.visible_text}
    if msg.edited:
        out["edit_date"] = int(time.time())
    if msg.reply_markup and "inline_keyboard" in msg.reply_markup:
        out["reply_markup"] = msg.reply_markup
    return out


def chat_dict(chat_id: int | str, chat_type: str, title: str | None = None,
              username: str | None = None) -> dict[str, Any]:
    """The Chat object for a chat id and type."""
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    if chat_type == "private":
        chat["first_name"] = title or f"User{chat_id}"
        if username:
            chat["username"] = username
    else:
        chat["title"] = title or f"Chat {chat_id}"
    return chat


def full_chat_dict(chat: dict[str, Any]) -> dict[str, Any]:
    """The ChatFullInfo object answered by getChat."""
    return {**chat, "accent_color_id": 0, "max_reaction_count": 11,
            "accepted_gift_types": {"unlimited_gifts": False, "limited_gifts": False,
                                    "unique_gifts": False, "premium_subscription": False,
                                    "gifts_from_channels": False}}


def decode_params(raw: dict[str, str]) -> dict[str, Any]:
    """Form values: JSON-decode the keys PTB JSON-encodes (ints, objects, booleans)."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key in JSON_KEYS:
            try:
                out[key] = json.loads(value)
                continue
            except ValueError:
                pass
        out[key] = value
    return out


def parse_body(body: bytes, content_type: str) -> dict[str, Any]:
    """A request body, form-encoded (PTB) or JSON."""
    if not body:
        return {}
    if "json" in content_type:
        return json.loads(body)
    return decode_params(dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True)))
