"""Sliding-window flood limits of the fake Bot API (Telegram's documented limits, on the server's clock)."""
from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field


@dataclass
class SlidingWindow:
    """At most `limit` events in any `window` seconds (minus `slack` for request jitter)."""

    limit: float
    window: float
    slack: float = 0.0
    times: deque[float] = field(default_factory=deque)

    def retry_after(self, now: float) -> float | None:
        """Seconds until one more event fits, or None when it fits now."""
        span = self.window - self.slack
        while self.times and self.times[0] <= now - span:
            self.times.popleft()
        if len(self.times) < self.limit:
            return None
        return self.times[0] + span - now

    def add(self, now: float) -> None:
        """Record one accepted event."""
        self.times.append(now)


@dataclass
class FloodLimits:
    """Global, per-private-chat and per-group windows; the first one exceeded answers 429."""

    global_per_s: float = 30.0
    per_chat_per_s: float = 1.0
    group_per_min: float = 20.0
    slack: float = 0.05
    _global: SlidingWindow | None = None
    _chats: dict[int | str, SlidingWindow] = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=lambda: {"global": 0, "chat": 0, "group": 0})

    def _windows(self, chat_id: int | str, is_group: bool) -> list[SlidingWindow]:
        if self._global is None:
            self._global = SlidingWindow(self.global_per_s, 1.0, self.slack)
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = (SlidingWindow(self.group_per_min, 60.0, self.slack) if is_group
                    else SlidingWindow(self.per_chat_per_s, 1.0, self.slack))
            self._chats[chat_id] = chat
        return [self._global, chat]

    def check(self, chat_id: int | str, is_group: bool, now: float) -> int | None:
        """Telegram's integer retry_after when a limit is exceeded, else None (and the send counts)."""
        windows = self._windows(chat_id, is_group)
        waits = [w for w in (win.retry_after(now) for win in windows) if w is not None]
        if waits:
            kind = "global" if windows[0].retry_after(now) is not None else ("group" if is_group else "chat")
            self.rejected[kind] += 1
            return max(1, math.ceil(max(waits)))
        for window in windows:
            window.add(now)
        return None


def max_in_window(times: list[float], window: float) -> int:
    """The largest number of events inside any half-open window of `window` seconds (strict, no slack)."""
    ordered = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(ordered):
        while ordered[start] <= t - window:
            start += 1
        best = max(best, end - start + 1)
    return best
