"""The posting table of collector.stories.StoryIndex: which stored rows share keys (feature hashes) with a query.

Every row has up to POSTING_KEYS uint64 keys. Dicts of lists cost ~10 kB per row and a lookup per key; here
all keys live in one sorted array of unique keys with the start of each key's rows in a row array (~16 bytes
per key and row). New rows wait in a dict and are merged into the arrays every MERGE_EVERY rows, or every
eighth of the stored rows when that is more (a merge rewrites the arrays: amortised, a few us per row).
"""
from __future__ import annotations

import numpy as np

MERGE_EVERY = 1024


class PostingTable:
    """Keys of the stored rows; rows sharing keys with a query (the newest `cap` per key) and how many."""

    def __init__(self) -> None:
        self._keys = np.empty(0, dtype=np.uint64)  # sorted, unique
        self._starts = np.zeros(1, dtype=np.int64)  # rows of _keys[j]: _rows[_starts[j]:_starts[j + 1]]
        self._rows = np.empty(0, dtype=np.int32)  # per key in the order the rows were added
        self._pending: dict[int, int] = {}  # key -> newest row, for the rows added since the last merge
        self._shared: dict[int, list[int]] = {}  # keys of several pending rows -> all of them
        self._pending_keys: list[np.ndarray] = []  # and the same as arrays, for the merge
        self._pending_rows: list[int] = []
        self._size = 0  # one more than the highest row added

    def add(self, row: int, keys: np.ndarray) -> None:
        """Index a row under its keys."""
        listed = keys.tolist()
        for key in self._pending.keys() & listed:  # rare: the key of another pending row
            self._shared.setdefault(key, [self._pending[key]]).append(row)
        self._pending.update(dict.fromkeys(listed, row))
        self._pending_keys.append(keys)
        self._pending_rows.append(row)
        self._size = max(self._size, row + 1)
        if len(self._pending_rows) >= max(MERGE_EVERY, len(self._rows) // (8 * len(keys) or 1)):
            self._merge()

    def rows(self, keys: np.ndarray, cap: int) -> tuple[np.ndarray, np.ndarray]:
        """Sorted unique rows that share at least one key (the newest `cap` per key, of merged and of pending
        ones) and how many keys each shares."""
        parts = []
        if len(self._keys):
            at = np.minimum(np.searchsorted(self._keys, keys), len(self._keys) - 1)
            at = at[self._keys[at] == keys]
            if len(at):
                ends = self._starts[at + 1]
                starts = np.maximum(self._starts[at], ends - cap)  # the newest rows of a crowded key
                counts = ends - starts
                offsets = np.repeat(starts - np.cumsum(counts) + counts, counts)
                parts.append(self._rows[offsets + np.arange(counts.sum())])
        if self._pending:
            recent: list[int] = []
            for key in self._pending.keys() & keys.tolist():
                shared = self._shared.get(key)
                recent.extend(shared[-cap:] if shared else (self._pending[key],))
            parts.append(np.asarray(recent, dtype=np.int32))
        if not parts:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        found = np.concatenate(parts)
        if len(found) * 8 < self._size:  # few matches in a large table: sorting them is cheaper
            rows, counts = np.unique(found, return_counts=True)
            return rows.astype(np.int64), counts
        counts = np.bincount(found, minlength=self._size)  # linear in the table, not m log m in the matches
        rows = np.flatnonzero(counts)
        return rows, counts[rows]

    def _merge(self) -> None:
        """Move the pending keys into the arrays (linear: each key's new rows go after its older ones)."""
        keys = np.concatenate(self._pending_keys)
        rows = np.repeat(np.asarray(self._pending_rows, dtype=np.int32), [len(k) for k in self._pending_keys])
        order = np.argsort(keys, kind="stable")
        keys, rows = keys[order], rows[order]
        keys, counts = np.unique(keys, return_counts=True)
        at = np.searchsorted(self._keys, keys)
        known = np.zeros(len(keys), dtype=bool)
        inside = at < len(self._keys)
        known[inside] = self._keys[at[inside]] == keys[inside]
        # new rows go at the end of their key's group, or where a new key's group starts
        self._rows = np.insert(self._rows, np.repeat(self._starts[at + known], counts), rows)
        key_counts = np.insert(np.diff(self._starts), at[~known], 0)
        self._keys = np.insert(self._keys, at[~known], keys[~known])
        key_counts[np.searchsorted(self._keys, keys)] += counts
        self._starts = np.concatenate([[0], np.cumsum(key_counts)])
        self._pending.clear()
        self._shared.clear()
        self._pending_keys.clear()
        self._pending_rows.clear()
