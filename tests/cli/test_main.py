"""The top-level CLI: help on every command, config errors as one clear line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import build_parser, main


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
