"""due_chats: local digest times across time zones and DST days (pure, with a FakeClock)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.clock import FakeClock
from bot.digests import digest_slot, due_chats
from storage import Chat


def chat(chat_id: int, tz: str, at: str = "08:00", **fields: object) -> Chat:
    """A chat with a digest time in a zone."""
    return Chat(id=chat_id, type="private", timezone=tz, digest_time=at, **fields)  # type: ignore[arg-type]


BERLIN, NEW_YORK, TOKYO = chat(1, "Europe/Berlin"), chat(2, "America/New_York"), chat(3, "Asia/Tokyo")


def due_ids(clock: FakeClock, chats: list[Chat]) -> list[int]:
    """Ids of the due chats at the clock's time."""
    return [c.id for c in due_chats(chats, clock.now())]


def test_due_chats_follow_each_local_time() -> None:
    clock = FakeClock(datetime(2026, 11, 28, 6, 59, tzinfo=timezone.utc))  # Berlin 07:59, NY 01:59, Tokyo 15:59
    chats = [BERLIN, NEW_YORK, TOKYO]
    assert due_ids(clock, chats) == [3]
    clock.advance(minutes=1)  # Berlin 08:00
    assert due_ids(clock, chats) == [1, 3]
    clock.set(datetime(2026, 11, 28, 13, 0, tzinfo=timezone.utc))  # NY 08:00 (EST, UTC-5)
    assert due_ids(clock, chats) == [1, 2, 3]


def test_a_sent_digest_is_not_due_again_the_same_day() -> None:
    clock = FakeClock(datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc))
    sent = chat(1, "Europe/Berlin", last_digest_at=datetime(2026, 11, 28, 7, 0, 30, tzinfo=timezone.utc))
    assert due_ids(clock, [sent]) == []
    clock.advance(days=1)  # the next local day: due again
    assert due_ids(clock, [sent]) == [1]


def test_tokyo_digest_is_due_on_its_own_local_date() -> None:
    # 23:00 UTC on 28 Nov is 08:00 on 29 Nov in Tokyo: the slot of the 29th has come.
    clock = FakeClock(datetime(2026, 11, 28, 23, 0, tzinfo=timezone.utc))
    assert due_ids(clock, [TOKYO]) == [3]
    slot = digest_slot(TOKYO, clock.now())
    assert slot is not None and slot[0].isoformat() == "2026-11-29"
    assert slot[1].astimezone(timezone.utc) == datetime(2026, 11, 28, 23, 0, tzinfo=timezone.utc)


def test_new_york_spring_forward_day() -> None:
    # 8 March 2026: clocks jump 02:00 -> 03:00; 08:00 EDT is 12:00 UTC (the day before it was 13:00 UTC).
    clock = FakeClock(datetime(2026, 3, 8, 11, 59, tzinfo=timezone.utc))
    assert due_ids(clock, [NEW_YORK]) == []
    clock.advance(minutes=1)
    assert due_ids(clock, [NEW_YORK]) == [2]


def test_berlin_time_skipped_by_dst_still_gets_its_digest() -> None:
    # 29 March 2026: 02:00 -> 03:00 in Berlin; a 02:30 digest comes at 03:30 CEST = 01:30 UTC.
    skipped = chat(1, "Europe/Berlin", at="02:30")
    clock = FakeClock(datetime(2026, 3, 29, 1, 29, tzinfo=timezone.utc))
    assert due_ids(clock, [skipped]) == []
    clock.advance(minutes=1)
    assert due_ids(clock, [skipped]) == [1]


def test_berlin_repeated_hour_sends_at_the_first_one() -> None:
    # 25 October 2026: 03:00 -> 02:00; a 02:30 digest comes at the first 02:30 (CEST, 00:30 UTC).
    twice = chat(1, "Europe/Berlin", at="02:30")
    clock = FakeClock(datetime(2026, 10, 25, 0, 29, tzinfo=timezone.utc))
    assert due_ids(clock, [twice]) == []
    clock.advance(minutes=1)
    assert due_ids(clock, [twice]) == [1]
    twice.last_digest_at = clock.now()
    clock.advance(hours=1)  # the second 02:30 must not send again
    assert due_ids(clock, [twice]) == []


def test_inactive_unset_or_bad_settings_are_never_due() -> None:
    now = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
    chats = [chat(1, "UTC", active=False), chat(2, "UTC", at=None), chat(3, "UTC", at="25:99"),
             chat(4, "Mars/Olympus"), chat(5, None)]  # type: ignore[arg-type]
    assert [c.id for c in due_chats(chats, now)] == [4, 5]  # unknown/unset zone: the default (UTC)


def test_the_day_before_slot_is_not_carried_over() -> None:
    # Last digest two days ago, now 07:00 local: yesterday's missed digest is over, today's not yet due.
    last = datetime(2026, 11, 26, 7, 0, tzinfo=timezone.utc)
    berlin = chat(1, "Europe/Berlin", last_digest_at=last)
    assert due_chats([berlin], datetime(2026, 11, 28, 6, 0, tzinfo=timezone.utc)) == []
    assert due_chats([berlin], datetime(2026, 11, 28, 7, 0, tzinfo=timezone.utc)) == [berlin]
    assert due_chats([berlin], datetime(2026, 11, 28, 7, 0, tzinfo=timezone.utc) - timedelta(seconds=1)) == []
