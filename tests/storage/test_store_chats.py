"""Chats and subscriptions (SQLite and PostgreSQL)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from collector.models import Source
from storage import ChatNotFoundError, InvalidValueError, Store

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
GROUP = -1001234567890  # Telegram supergroup ids need 64 bits


def test_upsert_creates_then_refreshes(any_store: Store) -> None:
    chat = any_store.upsert_chat(GROUP, type="supergroup", title="Velmora readers", now=NOW)
    assert (chat.id, chat.type, chat.title, chat.active, chat.created) == (GROUP, "supergroup", "Velmora readers",
                                                                            True, NOW)
    assert chat.timezone is None and chat.digest_time is None and chat.notify_empty is None
    again = any_store.upsert_chat(GROUP, type="supergroup", now=NOW + timedelta(days=1))
    assert again.title == "Velmora readers" and again.created == NOW
    assert any_store.get_chat(GROUP) == again
    assert any_store.get_chat(42) is None


def test_upsert_reactivates_inactive_chat(any_store: Store) -> None:
    any_store.upsert_chat(7, type="private")
    blocked = any_store.update_chat(7, active=False, inactive_reason="blocked")
    assert not blocked.active and blocked.inactive_reason == "blocked"
    assert any_store.list_chats(active_only=True) == []
    back = any_store.upsert_chat(7, type="private", title="Ilse")
    assert back.active and back.inactive_reason is None and back.title == "Ilse"


def test_update_chat_fields_and_validation(any_store: Store) -> None:
    any_store.upsert_chat(7, type="private")
    at = datetime(2026, 11, 28, 8, 0, tzinfo=timezone(timedelta(hours=2)))
    chat = any_store.update_chat(7, timezone="Europe/Berlin", digest_time="07:30", notify_empty=False,
                                 last_digest_at=at)
    assert (chat.timezone, chat.digest_time, chat.notify_empty) == ("Europe/Berlin", "07:30", False)
    assert chat.last_digest_at == datetime(2026, 11, 28, 6, 0, tzinfo=timezone.utc)
    assert any_store.update_chat(7, digest_time=None).digest_time is None
    for bad in ({"digest_time": "7:30pm"}, {"digest_time": "24:00"}, {"timezone": "Mars/Olympus"},
                {"colour": "red"}, {"active": None}, {"type": ""}):
        with pytest.raises(InvalidValueError):
            any_store.update_chat(7, **bad)
    assert any_store.get_chat(7).timezone == "Europe/Berlin"
    with pytest.raises(ChatNotFoundError):
        any_store.update_chat(8, digest_time="08:00")


def test_digest_chats(any_store: Store) -> None:
    for chat_id in (3, 1, 2, 4):
        any_store.upsert_chat(chat_id, type="private")
    any_store.update_chat(1, digest_time="08:00")
    any_store.update_chat(2, digest_time="09:00", active=False)
    any_store.update_chat(3, digest_time="21:15")
    assert [c.id for c in any_store.digest_chats()] == [1, 3]
    assert [c.id for c in any_store.list_chats()] == [1, 2, 3, 4]


def test_subscriptions(any_store: Store) -> None:
    any_store.upsert_chat(7, type="private")
    source = any_store.add_source(Source(url="https://a.example/rss", name="Askel Post"))
    everything = any_store.add_subscription(7, "all", "")
    topic = any_store.add_subscription(7, "topic", 'ferry "night crossing" !weather')
    by_source = any_store.add_subscription(7, "source", "Askel Post", source_id=source.id)
    assert any_store.add_subscription(7, "topic", 'ferry "night crossing" !weather') == topic
    assert any_store.list_subscriptions(7) == [everything, topic, by_source]
    assert by_source.source_id == source.id and topic.created is not None
    assert any_store.find_subscription(7, "source", "Askel Post") == by_source
    assert any_store.find_subscription(7, "topic", "other") is None
    assert any_store.remove_subscription(7, topic.id) is True
    assert any_store.remove_subscription(7, topic.id) is False
    assert any_store.remove_subscription(8, everything.id) is False  # not that chat's
    assert any_store.list_subscriptions(7) == [everything, by_source]


def test_subscription_errors(any_store: Store) -> None:
    with pytest.raises(ChatNotFoundError):
        any_store.add_subscription(99, "all", "")
    any_store.upsert_chat(7, type="private")
    with pytest.raises(InvalidValueError, match="kind"):
        any_store.add_subscription(7, "everything", "")
    assert any_store.list_subscriptions(7) == []


def test_delete_chat_removes_its_data(any_store: Store) -> None:
    any_store.upsert_chat(7, type="private")
    any_store.upsert_chat(8, type="private")
    any_store.add_subscription(7, "all", "")
    any_store.add_subscription(8, "all", "")
    any_store.start_delivery(7, date(2026, 11, 28), ["hello"], since=None, until=NOW)
    assert any_store.delete_chat(7) is True
    assert any_store.get_chat(7) is None and any_store.list_subscriptions(7) == []
    assert any_store.get_delivery(7, date(2026, 11, 28)) is None
    assert any_store.delete_chat(7) is False
    assert len(any_store.list_subscriptions(8)) == 1


def test_removed_ids_are_not_reused(any_store: Store) -> None:
    any_store.upsert_chat(7, type="private")
    first = any_store.add_subscription(7, "topic", "ferries")
    any_store.remove_subscription(7, first.id)
    second = any_store.add_subscription(7, "topic", "harbour")
    assert second.id > first.id  # an old "remove" button can never hit the new subscription
    gone = any_store.add_source(Source(url="https://a.example/rss"))
    any_store.remove_source(gone.id)
    assert any_store.add_source(Source(url="https://b.example/rss")).id > gone.id


def test_migrate_chat_moves_settings_subscriptions_and_deliveries(any_store: Store) -> None:
    old, new = -4242, GROUP  # a group upgraded to a supergroup gets a new id
    any_store.upsert_chat(old, type="group", title="Harbour watch", now=NOW)
    any_store.update_chat(old, timezone="Europe/Berlin", digest_time="07:30", notify_empty=False,
                          last_digest_at=NOW)
    any_store.add_subscription(old, "topic", "ferries")
    any_store.add_subscription(old, "all", "")
    any_store.start_delivery(old, date(2026, 11, 28), ["part"], since=None, until=NOW)
    chat = any_store.migrate_chat(old, new)
    assert chat is not None and (chat.id, chat.type, chat.title) == (new, "supergroup", "Harbour watch")
    assert (chat.timezone, chat.digest_time, chat.notify_empty, chat.last_digest_at, chat.created) == (
        "Europe/Berlin", "07:30", False, NOW, NOW)
    assert sorted(s.kind for s in any_store.list_subscriptions(new)) == ["all", "topic"]
    assert any_store.get_delivery(new, date(2026, 11, 28)) is not None
    assert any_store.get_chat(old) is None and any_store.list_subscriptions(old) == []
    assert any_store.migrate_chat(old, new) is not None and any_store.migrate_chat(1, 2) is None


def test_migrate_chat_into_an_existing_chat_keeps_its_own_data(any_store: Store) -> None:
    old, new = -4343, GROUP
    any_store.upsert_chat(old, type="group", now=NOW)
    any_store.add_subscription(old, "topic", "ferries")
    any_store.add_subscription(old, "topic", "dams")
    any_store.start_delivery(old, date(2026, 11, 28), ["old"], since=None, until=NOW)
    any_store.upsert_chat(new, type="supergroup", now=NOW)
    any_store.update_chat(new, digest_time="09:00")
    any_store.add_subscription(new, "topic", "ferries")
    any_store.start_delivery(new, date(2026, 11, 28), ["new"], since=None, until=NOW)
    chat = any_store.migrate_chat(old, new)
    assert chat is not None and chat.digest_time == "09:00"
    assert sorted(s.query for s in any_store.list_subscriptions(new)) == ["dams", "ferries"]
    assert any_store.get_delivery(new, date(2026, 11, 28)).parts == ["new"]
    assert any_store.get_chat(old) is None and any_store.pending_deliveries()[0].chat_id == new
