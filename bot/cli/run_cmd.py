"""`briefbot run`: (being built; see the issue tracker)."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Register the `run` subcommand (placeholder until its module lands)."""
