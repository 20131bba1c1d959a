"""`briefbot run` as a subprocess against the fake Bot API: token errors, startup, SIGTERM."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage import open_store
from tests.fakes.telegram_api import FakeTelegram

REPO = Path(__file__).resolve().parents[2]
USER = 8181


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The process environment without briefbot/Telegram settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BRIEFBOT_", "TELEGRAM_")) and k != "DATABASE_URL"}
    env.update(BRIEFBOT_GENERAL_DATA_DIR=str(tmp_path / "data"), PYTHONUNBUFFERED="1", **extra)
    return env


def briefbot(*args: str) -> list[str]:
    """The command line of the briefbot CLI in this interpreter."""
    return [sys.executable, "-m", "bot", *args]


def test_missing_token_is_one_clear_line(tmp_path: Path) -> None:
    done = subprocess.run(briefbot("run"), env=clean_env(tmp_path), cwd=REPO, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "TELEGRAM_BOT_TOKEN is not set" in lines[0]
    assert "Traceback" not in done.stderr


def test_rejected_token_is_a_clear_error(tmp_path: Path, tg: FakeTelegram) -> None:
    tg.reject_token()
    env = clean_env(tmp_path, TELEGRAM_BOT_TOKEN=tg.token, TELEGRAM_API_BASE_URL=tg.base_url,
                    DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}")
    done = subprocess.run(briefbot("run"), env=env, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "rejected the bot token" in done.stderr
    assert "Traceback" not in done.stderr
    assert tg.count("getMe", status=401) == 1


def test_unreachable_api_is_a_clear_error(tmp_path: Path) -> None:
    env = clean_env(tmp_path, TELEGRAM_BOT_TOKEN="1:abc", TELEGRAM_API_BASE_URL="http://127.0.0.1:9/bot",
                    DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}")
    done = subprocess.run(briefbot("run"), env=env, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "cannot reach the Telegram Bot API" in done.stderr and "Traceback" not in done.stderr


def wait_for(condition, timeout: float, proc: subprocess.Popen) -> None:
    """Poll until condition() holds; fail early with the bot's stderr when it exits."""
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"briefbot run exited with {proc.returncode}: {proc.stderr.read()}")
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_run_serves_commands_collects_and_stops_on_signal(
    tmp_path: Path, tg: FakeTelegram, feed_server: str, sig: signal.Signals
) -> None:
    db = tmp_path / "bot.db"
    config = tmp_path / "briefbot.toml"
    config.write_text(
        "[collector]\nallow_private_networks = true\nfetch_pages = false\n\n"
        f'[[sources]]\nurl = "{feed_server}/feed.xml"\nname = "Northern Courier"\n'
    )
    env = clean_env(tmp_path, TELEGRAM_BOT_TOKEN=tg.token, TELEGRAM_API_BASE_URL=tg.base_url,
                    DATABASE_URL=f"sqlite:///{db}", BRIEFBOT_CONFIG=str(config))
    proc = subprocess.Popen(briefbot("-v", "run"), env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        wait_for(lambda: tg.commands, 60, proc)  # post_init ran: the bot menu is registered
        assert [c["command"] for c in tg.commands][:3] == ["start", "help", "subscribe"]
        tg.user_sends(USER, "/subscribe miners")
        tg.wait_for_messages(USER, 1, timeout=20)
        store = open_store(f"sqlite:///{db}")
        try:
            assert store.get_source("Northern Courier") is not None  # config [[sources]] synced at start
            wait_for(lambda: store.count_articles() == 2, 60, proc)  # the collect-tick job ran
        finally:
            store.close()
        tg.user_sends(USER, "/brief")
        [_, brief] = tg.wait_for_messages(USER, 2, timeout=20)
        assert "Tarsk miners demand safety inspections" in brief.visible_text
        proc.send_signal(sig)
        returncode = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stderr = proc.stderr.read()
    assert returncode == 0, stderr
    assert "Traceback" not in stderr
    assert "running as @briefbot_test_bot" in stderr
    assert "DEBUG" in stderr and tg.token.split(":")[1] not in stderr  # debug logs never show the token


def test_bad_database_url_is_a_clear_error(tmp_path: Path, tg: FakeTelegram, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    for name, value in clean_env(tmp_path, TELEGRAM_BOT_TOKEN=tg.token, TELEGRAM_API_BASE_URL=tg.base_url,
                                 DATABASE_URL="mysql://nobody@127.0.0.1/briefbot").items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("BRIEFBOT_CONFIG", raising=False)
    assert main(["run"]) == 1
    err = capsys.readouterr().err
    assert "cannot open the database" in err and "unsupported database URL" in err
    assert tg.count("getUpdates") == 0  # it never started polling
