"""The `briefbot` command line: a thin layer over library calls."""
from __future__ import annotations

import argparse
import logging
import sys
from importlib import import_module
from typing import Collection

from bot.cli.common import fail, settings_from_args, user_errors
from config import ConfigError

# command -> (module exposing register(subparsers), its one-line help). Only the module of the command that
# runs is imported: the others load the summarizer, the store or the HTTP stack, which made `briefbot --help`
# take seconds. tests/cli/test_main.py checks these help lines against the modules' own.
COMMANDS: dict[str, tuple[str, str]] = {
    "summarize": ("bot.cli.summarize_cmd",
                  "summarize an article: summary sentences plus demands, warnings, upcoming meetings"),
    "collect": ("bot.cli.collect_cmd", "collect new articles from every enabled source now"),
    "sources": ("bot.cli.sources_cmd", "add, list, remove, import or export news sources"),
    "articles": ("bot.cli.articles_cmd", "list collected articles, newest first"),
    "run": ("bot.cli.run_cmd", "run the Telegram bot (long polling) with collection and digests"),
    "demo": ("bot.cli.demo_cmd", "offline demo: collect bundled sample feeds and print the digest"),
}
COMMAND_MODULES = tuple(module for module, _help in COMMANDS.values())


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every subcommand registered."""
    return _build_parser(COMMANDS)


def _build_parser(full: Collection[str]) -> argparse.ArgumentParser:
    """The top-level parser: commands in `full` registered by their modules, the others as bare help lines."""
    parser = argparse.ArgumentParser(
        prog="briefbot",
        description="Self-hosted Telegram news briefing bot: collect, summarize, brief.",
    )
    parser.add_argument("--config", metavar="PATH", help="user TOML config (default: $BRIEFBOT_CONFIG)")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging on stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_line) in COMMANDS.items():
        if name in full:
            import_module(module).register(sub)
        else:
            sub.add_parser(name, help=help_line, add_help=False)  # takes any arguments: see _chosen_command
    return parser


def _chosen_command(argv: list[str]) -> str | None:
    """The command named in argv (argparse's reading of it), or None; answers a top-level --help itself."""
    args, _rest = _build_parser(()).parse_known_args(argv)
    return args.command


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `briefbot` console script."""
    argv = sys.argv[1:] if argv is None else list(argv)
    command = _chosen_command(argv)
    parser = _build_parser(() if command is None else (command,))
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
    except user_errors() as exc:
        if args.verbose:
            logging.getLogger(__name__).exception("command failed")
        return fail(str(exc) or type(exc).__name__)


if __name__ == "__main__":
    sys.exit(main())
