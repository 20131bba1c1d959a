"""The stories a chat's subscriptions select from a window of the store."""
from __future__ import annotations

from datetime import datetime
from typing import Sequence

from briefing.filters import select_stories
from collector.models import Story
from storage import Store

MAX_MATCHES = 500  # stories ranked for one chat; a digest or /brief shows far fewer


def follows_all(subs: Sequence[tuple[str, str, int | None]]) -> bool:
    """Whether one of the subscriptions is "all stories" (the others then add nothing)."""
    return any(kind == "all" for kind, *_ in subs)


def subscribed_stories(store: Store, subs: Sequence[tuple[str, str, int | None]], since: datetime, *,
                       until: datetime | None = None, limit: int = MAX_MATCHES) -> list[Story]:
    """Stories of [since, until) matching any subscription, newest first, at most `limit`.

    An "all" subscription takes the newest stories; narrower ones search the whole window, so a topic or a
    small source still finds its stories on a store that collects thousands a day.
    """
    if follows_all(subs):
        return store.stories_since(since, until=until, limit=limit)
    chosen: list[Story] = []
    if subs:
        for batch in store.iter_stories_since(since, until=until):
            chosen += select_stories(batch, subs)
            if len(chosen) >= limit:
                break
    return chosen[:limit]
