"""FakeTelegram's failure injection (a mixin): blocked chats, migrations, flood limits, injected errors,
held and lost requests, a crashed client, a rejected token. State is guarded by the fake's `cond`."""
from __future__ import annotations

import threading
import time
from typing import Any

from tests.fakes.telegram_limits import FloodLimits
from tests.fakes.telegram_methods import ApiError

BLOCKED = "Forbidden: bot was blocked by the user"


class FaultInjection:
    """The failure-injection half of FakeTelegram (its ApiMethods half provides _register, _push...)."""

    cond: threading.Condition
    epoch: int
    _blocked: dict[int | str, str]
    _migrated: dict[int | str, int]
    _failures: dict[str, list[tuple[int, str, int | None]]]
    _limits: FloodLimits | None
    _hold: list[Any] | None
    _hold_gen: int
    _token_ok: bool
    _closed: bool

    def block(self, chat_id: int | str, description: str = BLOCKED) -> None:
        """Answer 403 to every call for this chat (the user blocked the bot / kicked it)."""
        with self.cond:
            self._blocked[chat_id] = description

    def migrate(self, old_id: int, new_id: int, *, announce: bool = True) -> None:
        """Upgrade group old_id to supergroup new_id: sends to old_id answer 400 with migrate_to_chat_id;
        `announce` queues the service message Telegram posts in the old group."""
        with self.cond:
            self._migrated[old_id] = new_id
            self._register(new_id, "supergroup")
            if announce:
                chat = self._register(old_id, "group")
                msg = {"message_id": next(self._msg_counter(old_id)), "date": int(time.time()), "chat": chat,
                       "from": {"id": 777, "is_bot": False, "first_name": "User777"}, "migrate_to_chat_id": new_id}
                self._push({"message": msg})

    def enforce_limits(self, global_per_s: float = 30, per_chat_per_s: float = 1, group_per_min: float = 20,
                       slack: float = 0.05) -> None:
        """Answer 429 (with retry_after) to sendMessage calls over Telegram's flood limits."""
        with self.cond:
            self._limits = FloodLimits(global_per_s, per_chat_per_s, group_per_min, slack)

    def fail_next(self, method: str, status: int = 500, description: str | None = None, count: int = 1,
                  retry_after: int | None = None) -> None:
        """Make the next `count` calls of a method fail with this status (429: retry_after, default 1)."""
        if status == 429:
            retry_after = retry_after or 1
            description = description or f"Too Many Requests: retry after {retry_after}"
        with self.cond:
            self._failures.setdefault(method, []).extend(
                [(status, description or f"Injected error {status}", retry_after)] * count)

    def hold(self, method: str = "sendMessage", after: int = 0) -> None:
        """After `after` more successful calls, hold calls until release() (then 502, not recorded)."""
        with self.cond:
            self._hold = [method, after]

    def release(self) -> None:
        """Let held calls go (they answer 502) and stop holding."""
        with self.cond:
            self._hold = None
            self._hold_gen += 1
            self.cond.notify_all()

    def crash(self) -> None:
        """The client process died: release held calls (502) and refuse every request on connections opened
        before now, including requests still in flight, so none of them is delivered late."""
        with self.cond:
            self.epoch += 1
        self.release()

    def reject_token(self) -> None:
        """Answer 401 Unauthorized to every call (a revoked or wrong token)."""
        with self.cond:
            self._token_ok = False

    def _before(self, method: str) -> None:
        """Raise the injected failure for this call, or hold it, before the method runs."""
        with self.cond:
            queue = self._failures.get(method)
            if queue:
                status, description, retry_after = queue.pop(0)
                raise ApiError(status, description, retry_after)
            if self._hold and self._hold[0] == method and self._hold[1] <= 0:
                gen = self._hold_gen
                while gen == self._hold_gen and not self._closed:
                    self.cond.wait(0.5)
                raise ApiError(502, "Bad Gateway")

    def _after(self, method: str) -> None:
        """Count a successful call towards a hold."""
        if self._hold and self._hold[0] == method:
            self._hold[1] -= 1
