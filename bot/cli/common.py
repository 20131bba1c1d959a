"""Shared CLI plumbing: user-facing error classes, settings loading, progress output."""
from __future__ import annotations

import argparse
import sys
from typing import Callable, Iterable, Iterator, TypeVar

from config import ConfigError, Settings, load_settings

T = TypeVar("T")

# Errors caused by the user's input or setup: printed as one line, exit status 1.
# Command modules append their package's named exceptions here.
USER_ERRORS: list[type[BaseException]] = [ConfigError, OSError]

# (module, class) of user errors of packages too slow to import at start-up (importing summarizer.errors runs
# summarizer/__init__, which loads nltk and scipy): they count once their module is loaded, which it is
# whenever one of them can have been raised.
LOADED_USER_ERRORS: tuple[tuple[str, str], ...] = (("summarizer.errors", "SummarizerError"),)

Handler = Callable[[argparse.Namespace, Settings], int]


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Load settings from --config (or BRIEFBOT_CONFIG) and the environment."""
    return load_settings(getattr(args, "config", None))


def user_errors() -> tuple[type[BaseException], ...]:
    """USER_ERRORS plus those of LOADED_USER_ERRORS whose module is imported by now."""
    loaded = [getattr(sys.modules[module], name) for module, name in LOADED_USER_ERRORS if module in sys.modules]
    return (*USER_ERRORS, *loaded)


def fail(message: str) -> int:
    """Print one clear error line on stderr and return the exit status 1."""
    print(f"briefbot: error: {message}", file=sys.stderr)
    return 1


def progress(items: Iterable[T], total: int | None, label: str) -> Iterator[T]:
    """Yield items, drawing a one-line progress bar on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        yield from items
        return
    done = 0
    for item in items:
        yield item
        done += 1
        if total:
            width = 30
            filled = int(width * done / total)
            bar = "#" * filled + "-" * (width - filled)
            sys.stderr.write(f"\r{label} [{bar}] {done}/{total}")
        else:
            sys.stderr.write(f"\r{label} {done}")
        sys.stderr.flush()
    sys.stderr.write("\n")
