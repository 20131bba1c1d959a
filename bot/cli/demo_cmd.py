"""`briefbot demo`: (being built; see the issue tracker)."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Register the `demo` subcommand (placeholder until its module lands)."""
