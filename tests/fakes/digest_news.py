"""Helpers for the digest tests and the fan-out benchmark: fictional stories, chats, fast settings."""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from collector.models import Article
from config import Settings, load_settings
from storage import Store
from summarizer.models import KeyPoint, Summary

FILLER = ("The regional assembly of Velmora heard three hours of testimony from ferry crews, clinic staff and "
          "island shopkeepers, who described empty shelves and cancelled appointments in vivid detail. ")


def digest_settings(tmp_path: Path | str, **bot: Any) -> Settings:
    """Settings with fast rate limits (tests must not wait for Telegram's real pace)."""
    values = {"global_rate": 200.0, "private_rate": 50.0, "group_rate_per_minute": 3000.0, **bot}
    return load_settings(env={}, overrides={"general": {"data_dir": str(tmp_path), "timezone": "UTC"},
                                            "bot": values})


def save_story(store: Store, n: int, title: str, *, collected: datetime, source: str = "Velmora Gazette",
               long: bool = False, points: list[KeyPoint] | None = None, story_id: int | None = None) -> Article:
    """Store one fictional article (with its summary) as a story of its own or in story_id."""
    first = f"{title} was the talk of the harbour on Monday."
    second = (FILLER * 3) if long else "Officials promised an answer within the week."
    summary = Summary(title=title, summary=[first, second], key_points=points or [])
    article = Article(
        url=f"https://{source.lower().replace(' ', '')}.example/{n}", title=title, text=f"{first} {second}",
        source=source, guid=f"g-{n}", published=collected - timedelta(minutes=5), collected=collected,
        language="en", fingerprint=f"fp-{n}", minhash=[n, n + 1, n + 2], summary=summary, story_id=story_id)
    return store.save_article(article)


def add_digest_chat(store: Store, chat_id: int, *, digest_time: str = "08:00", tz: str = "UTC",
                    chat_type: str = "private", topic: str | None = None, notify_empty: bool | None = None,
                    last_digest_at: datetime | None = None) -> None:
    """A chat with a daily digest time and one subscription (all stories, or a topic)."""
    store.upsert_chat(chat_id, type=chat_type, title=f"Chat {chat_id}")
    fields: dict[str, Any] = {"digest_time": digest_time, "timezone": tz}
    if notify_empty is not None:
        fields["notify_empty"] = notify_empty
    if last_digest_at is not None:
        fields["last_digest_at"] = last_digest_at
    store.update_chat(chat_id, **fields)
    store.add_subscription(chat_id, "topic" if topic else "all", topic or "")
