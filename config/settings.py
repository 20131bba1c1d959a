"""Settings: packaged defaults, then a user TOML file, then environment variables."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from config.checks import (  # noqa: F401 - ConfigError, check_timezone, parse_hhmm and ALGORITHMS re-exported
    ALGORITHMS, ConfigError, check_timezone, parse_hhmm, validate_section,
)

SECTIONS = ("general", "summarizer", "collector", "bot")
SOURCE_KEYS = {"url": str, "name": str, "interval": int, "language": str}

# Named environment variables; any key can also be set as BRIEFBOT_<SECTION>_<KEY>.
ENV_ALIASES = {
    "DATABASE_URL": ("general", "database_url"),
    "TELEGRAM_BOT_TOKEN": ("bot", "token"),
    "TELEGRAM_API_BASE_URL": ("bot", "api_base_url"),
}


@dataclass(frozen=True)
class GeneralSettings:
    database_url: str
    data_dir: str
    timezone: str
    log_level: str


@dataclass(frozen=True)
class SummarizerSettings:
    algorithm: str
    sentences: int
    max_input_chars: int


@dataclass(frozen=True)
class CollectorSettings:
    tick_seconds: int
    default_interval: int
    concurrency: int
    per_host_concurrency: int
    connect_timeout: float
    read_timeout: float
    total_timeout: float
    max_body_bytes: int
    max_redirects: int
    user_agent: str
    allow_private_networks: bool
    fetch_pages: bool
    max_failures: int
    max_backoff_minutes: int
    story_window_hours: int
    story_threshold: float
    story_merge_threshold: float
    story_vectors: bool


@dataclass(frozen=True)
class BotSettings:
    token: str
    api_base_url: str
    digest_time: str
    notify_empty: bool
    brief_max_stories: int
    group_admins_only: bool
    global_rate: float
    private_rate: float
    group_rate_per_minute: float


@dataclass(frozen=True)
class SourceConfig:
    url: str
    name: str | None = None
    interval: int | None = None
    language: str | None = None


@dataclass(frozen=True)
class Settings:
    general: GeneralSettings
    summarizer: SummarizerSettings
    collector: CollectorSettings
    bot: BotSettings
    sources: tuple[SourceConfig, ...] = field(default_factory=tuple)
    config_path: str | None = None

    @property
    def database_url(self) -> str:
        """The SQLAlchemy URL: DATABASE_URL / general.database_url, else a SQLite file in data_dir."""
        if self.general.database_url:
            return self.general.database_url
        path = Path(self.general.data_dir).expanduser() / "briefbot.db"
        return f"sqlite:///{path}"


_CLASSES = {
    "general": GeneralSettings,
    "summarizer": SummarizerSettings,
    "collector": CollectorSettings,
    "bot": BotSettings,
}


def load_defaults() -> dict[str, Any]:
    """The packaged defaults as a plain dict."""
    text = resources.files("config").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def read_toml(path: str | Path) -> dict[str, Any]:
    """Read a user TOML file; a missing or malformed file is a ConfigError."""
    try:
        with open(Path(path).expanduser(), "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"config file {path} is not valid TOML: it is not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None


def load_settings(
    path: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> Settings:
    """Load defaults, the user file (path or BRIEFBOT_CONFIG), env variables, then overrides."""
    env = os.environ if env is None else env
    data = load_defaults()
    path = path or env.get("BRIEFBOT_CONFIG") or None
    sources: list[dict[str, Any]] = []
    if path:
        user = read_toml(path)
        sources = _merge_user(data, user, str(path))
    _apply_env(data, env)
    for section, values in (overrides or {}).items():
        for key, value in values.items():
            _check_key(data, section, key)
            data[section][key] = value
    built = {name: _build(cls, name, data[name]) for name, cls in _CLASSES.items()}
    return Settings(
        **built,
        sources=tuple(_build_source(i, s) for i, s in enumerate(sources)),
        config_path=str(path) if path else None,
    )


def _merge_user(data: dict[str, Any], user: dict[str, Any], where: str) -> list[dict[str, Any]]:
    sources = user.pop("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, dict) for s in sources):
        raise ConfigError(f"sources: must be an array of tables ([[sources]]) in {where}")
    for section, values in user.items():
        if section not in SECTIONS:
            raise ConfigError(f"unknown section [{section}] in {where}")
        if not isinstance(values, dict):
            raise ConfigError(f"{section}: must be a table in {where}")
        for key, value in values.items():
            _check_key(data, section, key)
            data[section][key] = value
    return sources


def _check_key(data: dict[str, Any], section: str, key: str) -> None:
    if section not in data or key not in data[section]:
        raise ConfigError(f"unknown key {section}.{key}")


def _apply_env(data: dict[str, Any], env: Mapping[str, str]) -> None:
    for name, (section, key) in ENV_ALIASES.items():
        if env.get(name):
            data[section][key] = env[name]
    for name, value in env.items():
        if not name.startswith("BRIEFBOT_") or name == "BRIEFBOT_CONFIG":
            continue
        rest = name[len("BRIEFBOT_"):].lower()
        section, _, key = rest.partition("_")
        if section not in SECTIONS or key not in data[section]:
            raise ConfigError(f"unknown environment variable {name} (no key {section}.{key})")
        data[section][key] = _from_env(f"{section}.{key}", value, data[section][key])


def _from_env(key: str, value: str, default: Any) -> Any:
    if isinstance(default, bool):
        low = value.strip().lower()
        if low in ("1", "true", "yes", "on"):
            return True
        if low in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{key}: expected true or false, got {value!r}")
    if isinstance(default, (int, float)):
        try:
            return type(default)(value)
        except ValueError:
            raise ConfigError(f"{key}: expected a number, got {value!r}") from None
    return value


def _build(cls: type, section: str, values: dict[str, Any]) -> Any:
    defaults = load_defaults()[section]
    out = {}
    for f in fields(cls):
        value = values[f.name]
        out[f.name] = _coerce(f"{section}.{f.name}", value, defaults[f.name])
    validate_section(section, out)
    return cls(**out)


def _coerce(key: str, value: Any, default: Any) -> Any:
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{key}: expected true or false, got {value!r}")
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{key}: expected a number, got {value!r}")
        return float(value)
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{key}: expected a whole number, got {value!r}")
        return value
    if not isinstance(value, str):
        raise ConfigError(f"{key}: expected a string, got {value!r}")
    return value


def _build_source(index: int, raw: dict[str, Any]) -> SourceConfig:
    where = f"sources[{index}]"
    for key in raw:
        if key not in SOURCE_KEYS:
            raise ConfigError(f"unknown key {where}.{key}")
    if "url" not in raw:
        raise ConfigError(f"{where}.url: missing")
    for key, typ in SOURCE_KEYS.items():
        if key in raw and (not isinstance(raw[key], typ) or isinstance(raw[key], bool)):
            raise ConfigError(f"{where}.{key}: expected {typ.__name__}, got {raw[key]!r}")
    if not raw["url"].startswith(("http://", "https://")):
        raise ConfigError(f"{where}.url: expected an http(s) URL, got {raw['url']!r}")
    if raw.get("interval") is not None and raw["interval"] < 1:
        raise ConfigError(f"{where}.interval: must be at least 1 minute, got {raw['interval']}")
    return SourceConfig(**raw)
