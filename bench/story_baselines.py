"""Story-merging baselines for bench/bench_stories.py: exact title match and datasketch MinHash LSH."""
from __future__ import annotations

import re

from datasketch import MinHash, MinHashLSH


def title_match(articles: list[dict]) -> list[int]:
    """Baseline: the same story when the normalised titles are equal."""
    seen: dict[str, int] = {}
    return [seen.setdefault(" ".join(re.findall(r"\w+", a["title"].lower())), i) for i, a in enumerate(articles)]


def shingle_minhash(articles: list[dict]) -> list[int]:
    """Baseline: datasketch MinHash over 5-word shingles, MinHashLSH at Jaccard 0.5."""
    lsh, stories = MinHashLSH(threshold=0.5, num_perm=128), []
    for i, article in enumerate(articles):
        words = re.findall(r"\w+", article["text"].lower())
        shingles = {" ".join(words[k : k + 5]).encode() for k in range(max(1, len(words) - 4))}
        mh = MinHash(num_perm=128)
        mh.update_batch(list(shingles))
        hits = sorted(int(key) for key in lsh.query(mh))
        stories.append(stories[hits[0]] if hits else i)
        lsh.insert(str(i), mh)
    return stories


def word_minhash(articles: list[dict]) -> list[int]:
    """Baseline: datasketch MinHash over all words (no stop words removed), LSH at Jaccard 0.3."""
    lsh, stories = MinHashLSH(threshold=0.3, num_perm=128), []
    for i, article in enumerate(articles):
        mh = MinHash(num_perm=128)
        mh.update_batch([w.encode() for w in set(re.findall(r"\w+", article["text"].lower()))])
        hits = sorted(int(key) for key in lsh.query(mh))
        stories.append(stories[hits[0]] if hits else i)
        lsh.insert(str(i), mh)
    return stories
