"""Settings: defaults, user file, environment; bad keys and values are named."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import config.settings as settings_module
from config import ConfigError, load_settings
from config.settings import check_timezone, load_defaults, parse_hhmm

EXAMPLE = Path(settings_module.__file__).with_name("example.toml")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "briefbot.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_load_without_a_file() -> None:
    settings = load_settings(env={})
    assert settings.summarizer.algorithm == "default"
    assert settings.collector.allow_private_networks is False
    assert settings.bot.api_base_url == "https://api.telegram.org/bot"
    assert settings.database_url.startswith("sqlite:///") and settings.database_url.endswith("briefbot.db")


def test_example_file_documents_every_key_and_loads() -> None:
    example = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    defaults = load_defaults()
    for section, values in defaults.items():
        assert set(example[section]) == set(values), section
    settings = load_settings(EXAMPLE, env={})
    assert settings.sources[0].name == "Example News"
    assert settings.sources[0].interval == 15


def test_user_file_overrides_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, '[collector]\nconcurrency = 8\n[general]\ntimezone = "Europe/Berlin"\n')
    settings = load_settings(path, env={})
    assert settings.collector.concurrency == 8
    assert settings.general.timezone == "Europe/Berlin"
    assert settings.collector.per_host_concurrency == 4


def test_config_path_from_environment(tmp_path: Path) -> None:
    path = write(tmp_path, "[summarizer]\nsentences = 5\n")
    assert load_settings(env={"BRIEFBOT_CONFIG": str(path)}).summarizer.sentences == 5


def test_environment_beats_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[bot]\ntoken = "from-file"\n')
    env = {
        "TELEGRAM_BOT_TOKEN": "from-env",
        "DATABASE_URL": "postgresql://127.0.0.1/test",
        "BRIEFBOT_COLLECTOR_ALLOW_PRIVATE_NETWORKS": "true",
        "BRIEFBOT_COLLECTOR_CONCURRENCY": "3",
    }
    settings = load_settings(path, env=env)
    assert settings.bot.token == "from-env"
    assert settings.database_url == "postgresql://127.0.0.1/test"
    assert settings.collector.allow_private_networks is True
    assert settings.collector.concurrency == 3


@pytest.mark.parametrize(
    "text, named",
    [
        ("[collector]\nconcurency = 3\n", "collector.concurency"),
        ("[colector]\nconcurrency = 3\n", "[colector]"),
        ("[collector]\nconcurrency = \"many\"\n", "collector.concurrency"),
        ("[collector]\nconcurrency = 0\n", "collector.concurrency"),
        ("[collector]\nallow_private_networks = \"yes\"\n", "collector.allow_private_networks"),
        ("[collector]\nstory_threshold = 1.5\n", "collector.story_threshold"),
        ("[collector]\nstory_merge_threshold = 0\n", "collector.story_merge_threshold"),
        ("[summarizer]\nalgorithm = \"gpt\"\n", "summarizer.algorithm"),
        ("[summarizer]\nsentences = 0\n", "summarizer.sentences"),
        ("[general]\ntimezone = \"Mars/Olympus\"\n", "general.timezone"),
        ("[general]\nlog_level = \"LOUD\"\n", "general.log_level"),
        ("[bot]\ndigest_time = \"25:00\"\n", "bot.digest_time"),
        ("[bot]\napi_base_url = \"ftp://x\"\n", "bot.api_base_url"),
        ("[[sources]]\nname = \"x\"\n", "sources[0].url"),
        ("[[sources]]\nurl = \"file:///etc/passwd\"\n", "sources[0].url"),
        ("[[sources]]\nurl = \"https://a.example/\"\ncolour = \"red\"\n", "sources[0].colour"),
        ("[[sources]]\nurl = \"https://a.example/\"\ninterval = 0\n", "sources[0].interval"),
        ("sources = 3\n", "sources"),
        ("this is = not toml\n[", "not valid TOML"),
    ],
)
def test_bad_file_names_the_key(tmp_path: Path, text: str, named: str) -> None:
    with pytest.raises(ConfigError, match=named.replace("[", r"\[").replace("]", r"\]").replace(".", r"\.")):
        load_settings(write(tmp_path, text), env={})


@pytest.mark.parametrize(
    "env, named",
    [
        ({"BRIEFBOT_COLLECTOR_CONCURENCY": "3"}, "BRIEFBOT_COLLECTOR_CONCURENCY"),
        ({"BRIEFBOT_COLLECTOR_CONCURRENCY": "lots"}, "collector.concurrency"),
        ({"BRIEFBOT_COLLECTOR_FETCH_PAGES": "maybe"}, "collector.fetch_pages"),
    ],
)
def test_bad_environment_names_the_key(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        load_settings(env=env)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(tmp_path / "nope.toml", env={})


def test_overrides_apply_last(tmp_path: Path) -> None:
    settings = load_settings(env={}, overrides={"collector": {"allow_private_networks": True}})
    assert settings.collector.allow_private_networks is True
    with pytest.raises(ConfigError, match="collector.nope"):
        load_settings(env={}, overrides={"collector": {"nope": 1}})


def test_parse_hhmm_and_timezone() -> None:
    assert parse_hhmm("07:30") == (7, 30)
    assert parse_hhmm("7:05") == (7, 5)
    for bad in ("24:00", "7", "07:60", "ab:cd", "07:5"):
        assert parse_hhmm(bad) is None
    assert str(check_timezone("Asia/Tokyo")) == "Asia/Tokyo"
    with pytest.raises(ConfigError, match="unknown time zone"):
        check_timezone("Nowhere/Town")


def test_algorithm_names_match_the_summarizer() -> None:
    import summarizer

    assert tuple(summarizer.ALGORITHMS) == settings_module.ALGORITHMS


def test_a_file_that_is_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(b"\xff\xfe[general]\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_settings(path, env={})
