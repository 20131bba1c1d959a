"""Checks of settings values: each bad value becomes a ConfigError that names its key."""
from __future__ import annotations

import importlib.util
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Kept in step with summarizer.ALGORITHMS (a test checks it); config imports no other package.
ALGORITHMS = ("default", "lead", "lexrank", "textrank", "lsa", "luhn", "edmundson", "kl", "reduction", "sumbasic")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(ValueError):
    """A configuration file, key or value is wrong; the message names the key."""


def validate_section(section: str, v: dict[str, Any]) -> None:
    """Check (and normalise in place) one section's coerced values; ConfigError on the first bad one."""
    def bad(key: str, why: str) -> ConfigError:
        return ConfigError(f"{section}.{key}: {why}")

    for key, value in v.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
            raise bad(key, f"must not be negative, got {value}")
    if section == "general":
        if v["log_level"].upper() not in LOG_LEVELS:
            raise bad("log_level", f"expected one of {', '.join(LOG_LEVELS)}, got {v['log_level']!r}")
        v["log_level"] = v["log_level"].upper()
        check_timezone(v["timezone"], "general.timezone")
    elif section == "summarizer":
        if v["algorithm"] not in ALGORITHMS:
            raise bad("algorithm", f"expected one of {', '.join(ALGORITHMS)}, got {v['algorithm']!r}")
        if not 1 <= v["sentences"] <= 50:
            raise bad("sentences", f"expected 1 to 50, got {v['sentences']}")
    elif section == "collector":
        for key in ("concurrency", "per_host_concurrency", "tick_seconds", "default_interval", "max_body_bytes"):
            if v[key] < 1:
                raise bad(key, f"must be at least 1, got {v[key]}")
        for key in ("story_threshold", "story_merge_threshold"):
            if not 0.0 < v[key] <= 1.0:
                raise bad(key, f"expected a number in (0, 1], got {v[key]}")
        if v["story_vectors"] and not all(importlib.util.find_spec(m) for m in ("onnxruntime", "tokenizers")):
            raise bad("story_vectors", "needs onnxruntime and tokenizers: pip install 'briefbot[vectors]'")
    elif section == "bot":
        if v["digest_time"] and parse_hhmm(v["digest_time"]) is None:
            raise bad("digest_time", f"expected HH:MM or empty, got {v['digest_time']!r}")
        if not v["api_base_url"].startswith(("http://", "https://")):
            raise bad("api_base_url", f"expected an http(s) URL, got {v['api_base_url']!r}")


def check_timezone(name: str, key: str = "timezone") -> ZoneInfo:
    """Return the ZoneInfo for an IANA name, or raise ConfigError naming the key."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{key}: unknown time zone {name!r} (use an IANA name like Europe/Berlin)") from None


def parse_hhmm(text: str) -> tuple[int, int] | None:
    """Parse 'HH:MM' (24-hour) into (hour, minute), or None when it is not a valid time."""
    hour, sep, minute = text.strip().partition(":")
    if not sep or not hour.isdigit() or not minute.isdigit() or len(minute) != 2:
        return None
    h, m = int(hour), int(minute)
    return (h, m) if 0 <= h <= 23 and 0 <= m <= 59 else None
