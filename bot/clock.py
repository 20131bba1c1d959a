"""Injectable clocks: wall-clock time (aware UTC), a monotonic time for rate limits, and sleep."""
from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta, timezone
from typing import Protocol


class Clock(Protocol):
    """What time-dependent bot code needs: now() (aware UTC), monotonic() seconds, and async sleep()."""

    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back (for rate limits)."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait this many seconds."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        return datetime.now(timezone.utc)

    def monotonic(self) -> float:
        """time.monotonic()."""
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        """asyncio.sleep()."""
        await asyncio.sleep(max(0.0, seconds))


class FakeClock:
    """A clock tests move by hand; sleep() advances it instantly (and yields to the loop)."""

    def __init__(self, start: datetime | None = None) -> None:
        start = start or datetime(2026, 3, 2, 6, 0, tzinfo=timezone.utc)
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start.astimezone(timezone.utc)
        self._mono = 1000.0
        self.slept: list[float] = []

    def now(self) -> datetime:
        """The fake current time (aware UTC)."""
        return self._now

    def monotonic(self) -> float:
        """The fake monotonic seconds (moves with advance/sleep)."""
        return self._mono

    def set(self, moment: datetime) -> None:
        """Jump to a moment (aware); the monotonic time moves by the same amount when forward."""
        moment = moment.astimezone(timezone.utc)
        self._mono += max(0.0, (moment - self._now).total_seconds())
        self._now = moment

    def advance(self, seconds: float = 0.0, **delta: float) -> datetime:
        """Move forward by seconds (or timedelta keywords: minutes=, hours=, days=)."""
        step = timedelta(seconds=seconds, **delta)
        self._now += step
        self._mono += step.total_seconds()
        return self._now

    async def sleep(self, seconds: float) -> None:
        """Record the wait, advance the clock, yield once to the event loop."""
        self.slept.append(seconds)
        if seconds > 0:
            self.advance(seconds)
        await asyncio.sleep(0)
