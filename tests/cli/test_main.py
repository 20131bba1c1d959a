"""The top-level CLI: help on every command, config errors as one clear line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import COMMANDS, build_parser, main

HEAVY = ("nltk", "scipy", "sumy", "trafilatura", "httpx", "sqlalchemy", "summarizer")


def loaded_after(code: str) -> set[str]:
    """The HEAVY top-level modules that are in sys.modules after running `code` in a fresh interpreter."""
    probe = f"import sys\n{code}\nprint('loaded:', *(m for m in {HEAVY!r} if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return set(proc.stdout.splitlines()[-1].split()[1:])


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"summarize", "collect", "sources", "articles", "run", "demo"} <= set(commands)
    for name in commands:
        with pytest.raises(SystemExit) as exc:
            main([name, "--help"])
        assert exc.value.code == 0
        assert "usage: briefbot" in capsys.readouterr().out


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: briefbot" in capsys.readouterr().out


def test_bad_config_key_exits_non_zero_naming_it(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[collector]\nconcurency = 3\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(cfg), "articles"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip() == "briefbot: error: unknown key collector.concurency"
    assert "Traceback" not in proc.stderr


def test_unknown_command_is_an_argparse_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_importing_the_cli_loads_no_heavy_library() -> None:
    assert loaded_after("import bot.cli") == set()


def test_top_level_help_loads_no_heavy_library() -> None:
    code = "from bot.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    assert loaded_after(code) == set()


def test_a_light_command_help_loads_only_that_command() -> None:
    code = "from bot.cli import main\ntry:\n    main(['run', '--help'])\nexcept SystemExit:\n    pass"
    assert loaded_after(code) == set()


def test_the_probe_sees_a_heavy_import() -> None:
    assert loaded_after("import httpx") == {"httpx"}


def test_importing_the_collector_loads_neither_http_nor_extraction() -> None:
    assert loaded_after("import collector") == set()


def test_lazy_collector_exports_are_the_real_ones() -> None:
    import collector
    from collector import collect_sources
    from collector.pipeline import collect_sources as real

    assert collect_sources is real
    assert {"collect_sources", "Article", "run_watch"} <= set(dir(collector))
    with pytest.raises(AttributeError, match="no attribute 'collect_everything'"):
        collector.collect_everything  # noqa: B018


def test_help_lines_match_the_command_modules() -> None:
    full = build_parser()._subparsers._group_actions[0]._choices_actions  # type: ignore[union-attr]
    assert [(a.dest, a.help) for a in full] == [(name, line) for name, (_module, line) in COMMANDS.items()]


def test_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert f"    {name} " in out


def test_config_option_before_the_command_is_not_taken_for_it(tmp_path: Path) -> None:
    cfg = tmp_path / "run"  # a config file named like a command
    cfg.write_text("[collector]\nconcurency = 3\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "--conf", "run", "demo"],  # an abbreviated --config, too
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip() == "briefbot: error: unknown key collector.concurency"


def test_summarizer_errors_are_user_errors_once_loaded() -> None:
    from bot.cli.common import user_errors
    from summarizer.errors import SummarizerError

    assert SummarizerError in user_errors()
    assert loaded_after("from bot.cli.common import user_errors\nassert ValueError not in user_errors()") == set()


def test_the_data_classes_and_the_store_load_no_nlp_library() -> None:
    loaded = loaded_after("import summarizer.models, collector.models, storage")
    assert not loaded & {"nltk", "scipy", "sumy", "trafilatura"}


def test_lazy_summarizer_exports_are_the_real_ones() -> None:
    import summarizer
    from summarizer.core import summarize
    from summarizer.rank import ALGORITHMS

    assert summarizer.summarize is summarize
    assert summarizer.ALGORITHMS is ALGORITHMS
    with pytest.raises(AttributeError):
        summarizer.no_such_thing  # noqa: B018


def test_the_collector_process_matches_stories_without_nlp_libraries() -> None:
    # Extraction and summarizing run in worker processes; the collector process itself only fetches, parses
    # feeds, compares story signatures and stores. Importing nltk there would stall a pass for seconds.
    code = "import collector.pipeline, collector.storing, collector.stories\ncollector.stories.StoryIndex()"
    assert loaded_after(code) & {"nltk", "scipy", "sumy", "trafilatura"} == set()
