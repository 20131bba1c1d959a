"""Import nltk without scipy.stats: imported first by every module of ours that uses nltk or sumy.

nltk's package import loads nltk.metrics, which imports scipy.stats for an optional Fisher exact test (and
falls back to a stub when scipy.stats cannot be imported). briefbot never uses it, and scipy.stats is ~490
modules: ~70 MB of memory and ~0.7 s in every process that summarizes (each collector worker, the bot, the
CLI). So scipy.stats is made unimportable while nltk loads, and importable again afterwards.
"""
from __future__ import annotations

import sys


def import_nltk() -> None:
    """Load nltk once with scipy.stats blocked (a no-op when nltk or scipy.stats is already loaded)."""
    if "nltk" in sys.modules:
        return
    blocked = "scipy.stats" not in sys.modules
    if blocked:
        sys.modules["scipy.stats"] = None  # type: ignore[assignment] - None makes the import raise ImportError
    try:
        import nltk  # noqa: F401
    finally:
        if blocked and sys.modules.get("scipy.stats", False) is None:
            del sys.modules["scipy.stats"]


import_nltk()
