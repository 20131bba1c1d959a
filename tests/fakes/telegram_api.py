"""A local fake Telegram Bot API: a real HTTP server on 127.0.0.1 that the real PTB client talks to.

Usage (the API below is stable; other tests depend on it):

    with FakeTelegram() as tg:                       # starts the server on a random port
        bot = telegram.Bot(tg.token, base_url=tg.base_url)   # base_url = "http://127.0.0.1:<port>/bot"
        tg.user_sends(42, "/subscribe climate")       # -> update dict (a message with a bot_command entity)
        tg.user_sends(-100, "/brief@briefbot_test_bot", chat_type="supergroup")
        tg.user_clicks(42, message_id, "more:7")      # -> callback_query update on a bot message
        await tg.wait_for_messages_async(42, 1)       # in async tests (the sync form blocks the loop)
        tg.wait_for_messages(42, 1, timeout=5)        # from threads / sync tests
        tg.sent(42)                                   # [SentMessage(chat_id, message_id, text, parse_mode,
                                                      #   reply_markup, disable_web_page_preview,
                                                      #   link_preview_options, time, visible_text, ...)]

Methods: getMe, getUpdates (long poll honoring offset/limit/timeout), deleteWebhook, getWebhookInfo,
setMyCommands/getMyCommands/deleteMyCommands, sendMessage, editMessageText, editMessageReplyMarkup,
answerCallbackQuery, deleteMessage, getChat, getChatMember (status from set_member, default
"administrator"), close, logOut. Unknown methods: 404 "Not Found".
Bodies: form-encoded (what PTB sends; non-string values JSON-encoded) or JSON.
sendMessage/editMessageText validate parse_mode HTML strictly (telegram_html.parse_html), the visible
length <= 4096 (UTF-16 units), inline keyboards (callback_data 1-64 bytes) -> 400 like Telegram.
editMessageText with unchanged text and markup -> 400 "message is not modified" (as Telegram does).

Inspection: .sent(chat_id=None), .edits, .callback_answers, .requests (every call: RequestRecord),
.commands (last setMyCommands list), .count(method, status=None), .flood_rejections (429s by window).
Failure injection:
- block(chat_id, description=...) -> 403 "Forbidden: bot was blocked by the user" for that chat.
- enforce_limits(global_per_s=30, per_chat_per_s=1, group_per_min=20, slack=0.05) -> 429 with
  parameters.retry_after (sliding windows on the server's clock; chat ids < 0 or group/channel chats
  count as groups; `slack` seconds of tolerance for request jitter). Only sendMessage counts.
- migrate(old_id, new_id) -> 400 with parameters.migrate_to_chat_id for old_id (group became a supergroup).
- fail_next(method, status=500, description=None, count=1, retry_after=None): the next `count` calls fail.
- hold(method="sendMessage", after=0): after `after` more successful calls, calls block until
  release(); then they answer 502 and are NOT recorded (a request lost in flight).
- crash(): release(), and every later request on a connection opened before it answers 502 unrecorded
  (the client process died: requests it had in flight never arrive, however late the server reads them).
- reject_token() -> 401 "Unauthorized" on every call (PTB raises InvalidToken on getMe).
- latency = seconds: each answer is delayed (simulated round trip).
"""
from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qsl

from tests.fakes.telegram_api_methods import ApiMethods
from tests.fakes.telegram_faults import BLOCKED, FaultInjection  # noqa: F401 - BLOCKED re-exported
from tests.fakes.telegram_limits import FloodLimits
from tests.fakes.telegram_methods import ApiError, SentMessage, decode_params, message_dict, parse_body

__all__ = ["FakeTelegram", "SentMessage", "RequestRecord", "ApiError"]


@dataclass
class RequestRecord:
    """One API call as the server saw it."""

    method: str
    chat_id: int | str | None
    status: int
    time: float


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512
    fake: "FakeTelegram"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence stderr logging
        pass

    def setup(self) -> None:
        super().setup()
        self.epoch = self.server.fake.epoch  # connections opened before crash() belong to a dead client

    def do_GET(self) -> None:  # noqa: N802
        self.do_POST()

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)
        params = parse_body(body, self.headers.get("Content-Type", ""))
        if len(path) > 1:
            params = {**decode_params(dict(parse_qsl(path[1]))), **params}
        if self.epoch != self.server.fake.epoch:  # the client "died": its late requests never arrive
            status, payload = 502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}
        else:
            status, payload = self.server.fake.handle(path[0], params)
        data = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (cancelled task, shutdown)


class FakeTelegram(ApiMethods, FaultInjection):
    """The fake Bot API server and its test helpers (a context manager)."""

    def __init__(self, token: str = "123456:TEST-TOKEN", bot_username: str = "briefbot_test_bot",
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.token, self.bot_username, self.clock = token, bot_username, clock
        self.bot_user = {"id": int(token.split(":")[0]), "is_bot": True, "first_name": "Briefbot",
                         "username": bot_username, "can_join_groups": True,
                         "can_read_all_group_messages": False, "supports_inline_queries": False}
        self.cond = threading.Condition(threading.RLock())
        self.messages: list[SentMessage] = []
        self.edits: list[dict[str, Any]] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.requests: list[RequestRecord] = []
        self.commands: list[dict[str, Any]] = []
        self.latency = 0.0
        self._updates: list[dict[str, Any]] = []
        self._chats: dict[int | str, dict[str, Any]] = {}
        self._msg_ids: dict[int | str, itertools.count] = {}
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._blocked: dict[int | str, str] = {}
        self._members: dict[tuple[int | str, int], str] = {}  # getChatMember status; default administrator
        self._migrated: dict[int | str, int] = {}
        self._failures: dict[str, list[tuple[int, str, int | None]]] = {}
        self._limits: FloodLimits | None = None
        self._hold: list[Any] | None = None  # [method, successful calls left before holding]
        self._hold_gen = 0
        self.epoch = 0  # bumped by crash()
        self._token_ok = True
        self._closed = False
        self._server: _Server | None = None

    # lifecycle ---------------------------------------------------------------------------------
    def __enter__(self) -> "FakeTelegram":
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        threading.Thread(target=self._server.serve_forever, name="fake-telegram", daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the server and wake every waiting long poll or held request."""
        with self.cond:
            self._closed = True
            self.cond.notify_all()
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        assert self._server, "use FakeTelegram as a context manager"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """PTB's base_url: http://127.0.0.1:<port>/bot (PTB appends the token)."""
        return f"http://127.0.0.1:{self.port}/bot"

    # acting as users ---------------------------------------------------------------------------
    def user_sends(self, chat_id: int | str, text: str, chat_type: str = "private", user_id: int | None = None,
                   username: str | None = None, title: str | None = None, anonymous: bool = False
                   ) -> dict[str, Any]:
        """Queue a user's (or channel's) text message; /commands get a bot_command entity. `anonymous`: an
        anonymous group admin, who writes as the group itself (sender_chat)."""
        with self.cond:
            chat = self._register(chat_id, chat_type, title, username)
            msg: dict[str, Any] = {"message_id": next(self._msg_counter(chat_id)), "date": int(time.time()),
                                   "chat": chat, "text": text}
            if chat_type != "channel":
                uid = user_id if user_id is not None else (int(chat_id) if chat_type == "private" else 777)
                msg["from"] = {"id": uid, "is_bot": False, "first_name": f"User{uid}",
                               "username": username or f"user{uid}"}
            if anonymous:
                msg["from"] = {"id": 1087968824, "is_bot": True, "first_name": "Group",
                               "username": "GroupAnonymousBot"}
                msg["sender_chat"] = chat
            if text.startswith("/"):
                msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
            key = "channel_post" if chat_type == "channel" else "message"
            return self._push({key: msg})

    def user_clicks(self, chat_id: int | str, message_id: int, data: str, user_id: int | None = None
                    ) -> dict[str, Any]:
        """Queue a callback_query: a user pressed an inline button on one of the bot's messages."""
        with self.cond:
            msg = self._find(chat_id, message_id)
            if msg is None:
                raise KeyError(f"no bot message {message_id} in chat {chat_id}")
            uid = user_id if user_id is not None else (int(chat_id) if int(chat_id) > 0 else 777)
            query = {"id": str(next(self._callback_ids)), "chat_instance": str(chat_id), "data": data,
                     "from": {"id": uid, "is_bot": False, "first_name": f"User{uid}"},
                     "message": message_dict(msg, self._chats[chat_id], self.bot_user)}
            return self._push({"callback_query": query})

    def set_member(self, chat_id: int | str, user_id: int, status: str) -> None:
        """What getChatMember answers for this user in this chat ("member", "creator", ...; default
        "administrator")."""
        with self.cond:
            self._members[(chat_id, user_id)] = status

    # inspection --------------------------------------------------------------------------------
    def sent(self, chat_id: int | str | None = None) -> list[SentMessage]:
        """Messages the bot sent successfully (all chats, or one), in arrival order."""
        with self.cond:
            return [m for m in self.messages if chat_id is None or m.chat_id == chat_id]

    @property
    def flood_rejections(self) -> dict[str, int]:
        """429s answered by enforce_limits, by window: {"global": n, "chat": n, "group": n}."""
        with self.cond:
            return dict(self._limits.rejected) if self._limits else {}

    def count(self, method: str, status: int | None = None) -> int:
        """How many calls of a method were answered (with a given status)."""
        with self.cond:
            return sum(1 for r in self.requests if r.method == method and status in (None, r.status))

    def wait_for_messages(self, chat_id: int | str | None, n: int, timeout: float = 15.0) -> list[SentMessage]:
        """Block until the chat has at least n messages; AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while len(self.sent(chat_id)) < n:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"chat {chat_id}: {len(self.sent(chat_id))} messages after "
                                         f"{timeout}s, expected {n}")
                self.cond.wait(left)
            return self.sent(chat_id)

    async def wait_for_messages_async(self, chat_id: int | str | None, n: int, timeout: float = 15.0
                                      ) -> list[SentMessage]:
        """Like wait_for_messages, without blocking the event loop."""
        deadline = time.monotonic() + timeout
        while len(self.sent(chat_id)) < n:
            if time.monotonic() > deadline:
                raise AssertionError(f"chat {chat_id}: {len(self.sent(chat_id))} messages after "
                                     f"{timeout}s, expected {n}")
            await asyncio.sleep(0.01)
        return self.sent(chat_id)

    # request handling --------------------------------------------------------------------------
    def handle(self, path: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Dispatch one HTTP request to a method; returns (status, JSON payload)."""
        token, _, method = path.removeprefix("/bot").partition("/")
        chat_id = params.get("chat_id")
        try:
            if token != self.token or not self._token_ok:
                raise ApiError(401, "Unauthorized")
            self._before(method)
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            with self.cond:
                result = handler(params)
                self._after(method)
                self.requests.append(RequestRecord(method, chat_id, 200, self.clock()))
                self.cond.notify_all()
            status, payload = 200, {"ok": True, "result": result}
        except ApiError as exc:
            with self.cond:
                self.requests.append(RequestRecord(method, chat_id, exc.status, self.clock()))
            payload = {"ok": False, "error_code": exc.status, "description": exc.description}
            if exc.retry_after is not None:
                payload["parameters"] = {"retry_after": exc.retry_after}
            if exc.migrate_to is not None:
                payload["parameters"] = {"migrate_to_chat_id": exc.migrate_to}
            status = exc.status
        if self.latency and method != "getUpdates":
            time.sleep(self.latency)
        return status, payload
