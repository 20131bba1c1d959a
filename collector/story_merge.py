"""Merging stories after a pass: average linkage over the story model's pair scores, the best pair first.

Online, a new article joins the best story among the earlier ones (StoryIndex.find), so the outcome depends
on the order in which articles arrive: an angle piece that comes before the main reports starts a story of
its own, and nothing joins it later. After each pass, the stories that the pass's articles joined or
started are compared with the stories that scored near them when they arrived: the linkage of two stories
is the mean log-odds over all their cross pairs (average linkage; a pair published more than FAR_HOURS
apart counts FAR_LOGIT, so such stories never merge), and the best pair of stories at or above the merge
threshold merges first, then the merged story's linkages are recomputed, until no pair is left.
Stories only ever merge, into the oldest (lowest) id.
"""
from __future__ import annotations

import heapq
import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collector.stories import StoryIndex

FAR_LOGIT = -50.0  # a cross pair published too far apart for one event
MAX_ROWS = 64  # rows of a big story that a linkage compares (its newest)


def plan_merges(index: StoryIndex, near: dict[int, set[int]], cut: float) -> dict[int, int]:
    """{story id: the id it merges into} among the stories in `near` (story -> stories that scored near its
    new articles) and those near stories (see the module doc)."""
    rows_of: dict[int, list[int]] = {}
    for row, story in enumerate(index.story_ids):
        rows_of.setdefault(story, []).append(row)
    neighbours: dict[int, set[int]] = {}
    for story, others in near.items():
        for other in others:
            if other != story and story in rows_of and other in rows_of:
                neighbours.setdefault(story, set()).add(other)
                neighbours.setdefault(other, set()).add(story)
    version = dict.fromkeys(neighbours, 0)  # bumped when a story takes in another: its old linkages are stale
    heap = [(-score, a, b, 0, 0) for a, b, score in _linkages(index, rows_of, neighbours, cut)]
    heapq.heapify(heap)
    into: dict[int, int] = {}
    while heap:
        _, a, b, version_a, version_b = heapq.heappop(heap)
        if a in into or b in into or version[a] != version_a or version[b] != version_b:
            continue
        keep, gone = min(a, b), max(a, b)
        into[gone] = keep
        version[keep] += 1
        rows_of[keep] += rows_of.pop(gone)
        mates = (neighbours.pop(gone, set()) | neighbours.get(keep, set())) - {keep, gone}
        for mate in mates:
            neighbours[mate].discard(gone)
            neighbours[mate].add(keep)
        neighbours[keep] = mates
        for x, y, score in _linkages(index, rows_of, {keep: mates}, cut):
            heapq.heappush(heap, (-score, x, y, version[x], version[y]))
    return {story: _root(into, story) for story in into}


def _root(into: dict[int, int], story: int) -> int:
    while story in into:
        story = into[story]
    return story


def _linkages(index: StoryIndex, rows_of: dict[int, list[int]], neighbours: dict[int, set[int]],
              cut: float) -> list[tuple[int, int, float]]:
    """(a, b, linkage) with a < b for each listed pair of stories whose linkage reaches the cut."""
    seen: set[tuple[int, int]] = set()
    out = []
    for a, mates in neighbours.items():
        for b in mates:
            key = (min(a, b), max(a, b))
            if key not in seen:
                seen.add(key)
                score = linkage(index, rows_of[key[0]], rows_of[key[1]])
                if score >= cut:
                    out.append((*key, score))
    return out


def linkage(index: StoryIndex, rows_a: list[int], rows_b: list[int]) -> float:
    """Mean log-odds over the cross pairs of two stories' rows (the newest MAX_ROWS of each)."""
    rows_a, rows_b = rows_a[-MAX_ROWS:], rows_b[-MAX_ROWS:]
    published_a, published_b = index.published_at(rows_a), index.published_at(rows_b)
    parts_b = [index.parts_at(row) for row in rows_b]
    total = 0.0
    for row, published in zip(rows_a, published_a):
        hours = np.abs(published_b - published) / 3600
        logits = index.scorer.logits(index.parts_at(row), parts_b, hours)
        total += float(np.where(hours > index.far_hours, FAR_LOGIT, logits).sum())
    return total / (len(rows_a) * len(rows_b)) if rows_a and rows_b else -math.inf
