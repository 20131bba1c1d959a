"""The `briefbot` command line: a thin layer over library calls."""
from __future__ import annotations

import argparse
import logging
import sys
from importlib import import_module

from bot.cli.common import USER_ERRORS, fail, settings_from_args
from config import ConfigError

# One module per command (group); each exposes register(subparsers).
COMMAND_MODULES = (
    "bot.cli.summarize_cmd",
    "bot.cli.collect_cmd",
    "bot.cli.sources_cmd",
    "bot.cli.articles_cmd",
    "bot.cli.run_cmd",
    "bot.cli.demo_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="briefbot",
        description="Self-hosted Telegram news briefing bot: collect, summarize, brief.",
    )
    parser.add_argument("--config", metavar="PATH", help="user TOML config (default: $BRIEFBOT_CONFIG)")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging on stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `briefbot` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        settings = settings_from_args(args)
    except ConfigError as exc:
        return fail(str(exc))
    level = logging.DEBUG if args.verbose else getattr(logging, settings.general.log_level)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args, settings) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except tuple(USER_ERRORS) as exc:
        if args.verbose:
            logging.getLogger(__name__).exception("command failed")
        return fail(str(exc) or type(exc).__name__)


if __name__ == "__main__":
    sys.exit(main())
