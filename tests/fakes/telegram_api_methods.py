"""The Bot API methods of FakeTelegram (a mixin; every `_api_*` runs with the state lock held)."""
from __future__ import annotations

import itertools
import threading
import time
from typing import TYPE_CHECKING, Any

from tests.fakes.telegram_methods import (NOT_MODIFIED, ApiError, SentMessage, chat_dict, full_chat_dict,
                                          message_dict, validate_markup, validate_text)

if TYPE_CHECKING:
    from tests.fakes.telegram_limits import FloodLimits

GROUP_TYPES = ("group", "supergroup", "channel")
ADMIN_RIGHTS = ("can_be_edited", "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
                "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users",
                "can_post_stories", "can_edit_stories", "can_delete_stories")
MAX_POLL_SECONDS = 30.0


class ApiMethods:
    """Method handlers and the chat/update bookkeeping they share."""

    cond: threading.Condition
    bot_user: dict[str, Any]
    messages: list[SentMessage]
    edits: list[dict[str, Any]]
    callback_answers: list[dict[str, Any]]
    commands: list[dict[str, Any]]
    _updates: list[dict[str, Any]]
    _chats: dict[int | str, dict[str, Any]]
    _msg_ids: dict[int | str, itertools.count]
    _update_ids: itertools.count
    _blocked: dict[int | str, str]
    _members: dict[tuple[int | str, int], str]
    _migrated: dict[int | str, int]
    _limits: FloodLimits | None
    _closed: bool

    def clock(self) -> float:  # replaced by the instance attribute
        raise NotImplementedError

    # bookkeeping -------------------------------------------------------------------------------
    def _register(self, chat_id: int | str, chat_type: str | None = None, title: str | None = None,
                  username: str | None = None) -> dict[str, Any]:
        chat = self._chats.get(chat_id)
        if chat is None or (chat_type and chat["type"] != chat_type):
            kind = chat_type or ("supergroup" if isinstance(chat_id, int) and chat_id < 0 else "private")
            chat = self._chats[chat_id] = chat_dict(chat_id, kind, title, username)
        return chat

    def _msg_counter(self, chat_id: int | str) -> itertools.count:
        return self._msg_ids.setdefault(chat_id, itertools.count(1))

    def _push(self, body: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), **body}
        self._updates.append(update)
        self.cond.notify_all()
        return update

    def _find(self, chat_id: int | str, message_id: int) -> SentMessage | None:
        for msg in self.messages:
            if msg.chat_id == chat_id and msg.message_id == message_id and not msg.deleted:
                return msg
        return None

    def _chat_id(self, params: dict[str, Any]) -> int | str:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        if chat_id in self._blocked:
            raise ApiError(403, self._blocked[chat_id])
        if chat_id in self._migrated:
            raise ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                           migrate_to=self._migrated[chat_id])
        return chat_id

    def _existing(self, params: dict[str, Any], action: str) -> SentMessage:
        msg = self._find(self._chat_id(params), params.get("message_id", -1))
        if msg is None:
            raise ApiError(400, f"Bad Request: message to {action} not found")
        return msg

    # methods -----------------------------------------------------------------------------------
    def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.bot_user

    def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        if offset:
            self._updates[:] = [u for u in self._updates if u["update_id"] >= offset]
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), MAX_POLL_SECONDS)
        while not self._updates and not self._closed and time.monotonic() < deadline:
            self.cond.wait(max(0.0, deadline - time.monotonic()))
        return self._updates[: int(params.get("limit") or 100)]

    def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _api_getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": len(self._updates)}

    def _api_setMyCommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or not all(
                isinstance(c, dict) and c.get("command") and c.get("description") for c in commands):
            raise ApiError(400, "Bad Request: commands must be a list of {command, description}")
        self.commands = commands
        return True

    def _api_getMyCommands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.commands

    def _api_deleteMyCommands(self, params: dict[str, Any]) -> bool:
        self.commands = []
        return True

    def _api_close(self, params: dict[str, Any]) -> bool:
        return True

    def _api_logOut(self, params: dict[str, Any]) -> bool:
        return True

    def _api_getChat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        if chat_id not in self._chats:
            raise ApiError(400, "Bad Request: chat not found")
        return full_chat_dict(self._chats[chat_id])

    def _api_getChatMember(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        if chat_id not in self._chats:
            raise ApiError(400, "Bad Request: chat not found")
        user_id = int(params.get("user_id", 0))
        status = self._members.get((chat_id, user_id), "administrator")
        member: dict[str, Any] = {"status": status, "user": {"id": user_id, "is_bot": False,
                                                              "first_name": f"User{user_id}"}}
        if status in ("creator", "administrator"):
            member["is_anonymous"] = False
        if status == "administrator":
            member |= dict.fromkeys(ADMIN_RIGHTS, False) | {"can_manage_chat": True}
        return member

    def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        parse_mode = params.get("parse_mode") or None
        visible = validate_text(params.get("text"), parse_mode)
        markup = validate_markup(params.get("reply_markup"))
        chat = self._register(chat_id)
        if self._limits is not None:
            retry_after = self._limits.check(chat_id, chat["type"] in GROUP_TYPES, self.clock())
            if retry_after is not None:
                raise ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)
        msg = SentMessage(chat_id=chat_id, message_id=next(self._msg_counter(chat_id)), text=params["text"],
                          parse_mode=parse_mode, reply_markup=markup,
                          disable_web_page_preview=params.get("disable_web_page_preview"),
                          link_preview_options=params.get("link_preview_options"), time=self.clock(),
                          visible_text=visible)
        self.messages.append(msg)
        return message_dict(msg, chat, self.bot_user)

    def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        msg = self._existing(params, "edit")
        parse_mode = params.get("parse_mode") or None
        visible = validate_text(params.get("text"), parse_mode)
        markup = validate_markup(params.get("reply_markup"))
        if visible == msg.visible_text and markup == msg.reply_markup:
            raise ApiError(400, NOT_MODIFIED)
        msg.text, msg.visible_text, msg.parse_mode, msg.reply_markup = params["text"], visible, parse_mode, markup
        msg.edited = True
        self.edits.append({"chat_id": msg.chat_id, "message_id": msg.message_id, "text": msg.text,
                           "reply_markup": markup, "time": self.clock()})
        return message_dict(msg, self._chats[msg.chat_id], self.bot_user)

    def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        msg = self._existing(params, "edit")
        markup = validate_markup(params.get("reply_markup"))
        if markup == msg.reply_markup:
            raise ApiError(400, NOT_MODIFIED)
        msg.reply_markup, msg.edited = markup, True
        self.edits.append({"chat_id": msg.chat_id, "message_id": msg.message_id, "text": None,
                           "reply_markup": markup, "time": self.clock()})
        return message_dict(msg, self._chats[msg.chat_id], self.bot_user)

    def _api_deleteMessage(self, params: dict[str, Any]) -> bool:
        self._existing(params, "delete").deleted = True
        return True

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        if not params.get("callback_query_id"):
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        self.callback_answers.append({"callback_query_id": str(params["callback_query_id"]),
                                      "text": params.get("text"), "show_alert": bool(params.get("show_alert")),
                                      "url": params.get("url")})
        return True
