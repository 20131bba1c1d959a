"""Deliveries: idempotent start, progress, finish, pending (SQLite and PostgreSQL)."""
from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone

import pytest

from storage import ChatNotFoundError, DeliveryNotFoundError, InvalidValueError, Store

DAY = date(2026, 11, 28)
SINCE = datetime(2026, 11, 27, 7, 0, tzinfo=timezone.utc)
UNTIL = datetime(2026, 11, 28, 7, 0, tzinfo=timezone.utc)


@pytest.fixture
def chat_store(any_store: Store) -> Store:
    """any_store with chats 7 and 8."""
    any_store.upsert_chat(7, type="private")
    any_store.upsert_chat(8, type="group")
    return any_store


def test_start_is_idempotent(chat_store: Store) -> None:
    first = chat_store.start_delivery(7, DAY, ["part one", "part two"], since=SINCE, until=UNTIL, now=UNTIL)
    assert (first.status, first.parts, first.parts_sent, first.kind) == ("pending", ["part one", "part two"], 0,
                                                                           "digest")
    assert (first.since, first.until, first.created, first.finished) == (SINCE, UNTIL, UNTIL, None)
    again = chat_store.start_delivery(7, DAY, ["different"], since=None, until=UNTIL + timedelta(hours=1))
    assert again == first
    other_day = chat_store.start_delivery(7, DAY + timedelta(days=1), ["x"], since=UNTIL, until=UNTIL)
    other_kind = chat_store.start_delivery(7, DAY, ["x"], since=UNTIL, until=UNTIL, kind="agenda")
    assert len({first.id, other_day.id, other_kind.id}) == 3
    assert chat_store.get_delivery(7, DAY) == first
    assert chat_store.get_delivery(7, DAY, kind="agenda") == other_kind
    assert chat_store.get_delivery(8, DAY) is None


def test_concurrent_starts_make_one_row(chat_store: Store) -> None:
    results, errors = [], []

    def start() -> None:
        try:
            results.append(chat_store.start_delivery(8, DAY, ["a"], since=SINCE, until=UNTIL))
        except Exception as exc:  # pragma: no cover - reported by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len({d.id for d in results}) == 1 and len(results) == 6


def test_progress_and_finish_sent(chat_store: Store) -> None:
    d = chat_store.start_delivery(7, DAY, ["a", "b", "c"], since=SINCE, until=UNTIL)
    chat_store.mark_part_sent(d.id, 2)
    chat_store.mark_part_sent(d.id, 1)  # never goes back
    assert chat_store.get_delivery(7, DAY).parts_sent == 2
    assert chat_store.pending_deliveries() == [chat_store.get_delivery(7, DAY)]
    at = UNTIL + timedelta(minutes=1)
    done = chat_store.finish_delivery(d.id, "sent", at=at)
    assert (done.status, done.parts_sent, done.finished, done.done) == ("sent", 3, at, True)
    assert chat_store.get_chat(7).last_digest_at == UNTIL
    assert chat_store.pending_deliveries() == []
    # Starting the same day again returns the finished row: never a second digest.
    assert chat_store.start_delivery(7, DAY, ["again"], since=SINCE, until=UNTIL).status == "sent"


@pytest.mark.parametrize("status", ["failed", "skipped", "blocked"])
def test_finish_other_statuses_keep_last_digest(chat_store: Store, status: str) -> None:
    chat_store.update_chat(7, last_digest_at=SINCE)
    d = chat_store.start_delivery(7, DAY, ["a"], since=SINCE, until=UNTIL)
    assert chat_store.finish_delivery(d.id, status, at=UNTIL).status == status
    assert chat_store.get_chat(7).last_digest_at == SINCE


def test_delivery_errors(chat_store: Store) -> None:
    d = chat_store.start_delivery(7, DAY, [], since=None, until=UNTIL)
    with pytest.raises(InvalidValueError, match="status"):
        chat_store.finish_delivery(d.id, "done", at=UNTIL)
    with pytest.raises(DeliveryNotFoundError):
        chat_store.finish_delivery(d.id + 100, "sent", at=UNTIL)
    with pytest.raises(DeliveryNotFoundError):
        chat_store.mark_part_sent(d.id + 100, 1)
    with pytest.raises(ChatNotFoundError):
        chat_store.start_delivery(99, DAY, ["a"], since=None, until=UNTIL)
    with pytest.raises(InvalidValueError, match="strings"):
        chat_store.start_delivery(8, DAY, [b"bytes"], since=None, until=UNTIL)  # type: ignore[list-item]
    assert chat_store.get_delivery(7, DAY).status == "pending"


def test_pending_survive_reopen(tmp_path) -> None:
    from storage import open_store

    url = f"sqlite:///{tmp_path / 'd.db'}"
    with open_store(url) as first:
        first.upsert_chat(7, type="private")
        d = first.start_delivery(7, DAY, ["a", "b"], since=SINCE, until=UNTIL)
        first.mark_part_sent(d.id, 1)
    with open_store(url) as second:
        [pending] = second.pending_deliveries()
        assert (pending.id, pending.parts_sent, pending.parts) == (d.id, 1, ["a", "b"])
