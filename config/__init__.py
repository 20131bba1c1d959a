"""Settings loader and packaged defaults."""
from config.settings import ConfigError, Settings, SourceConfig, load_settings

__all__ = ["ConfigError", "Settings", "SourceConfig", "load_settings"]
