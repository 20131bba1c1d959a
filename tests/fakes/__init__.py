"""Local fakes for tests and benchmarks (see telegram_api for the fake Telegram Bot API)."""
from tests.fakes.telegram_api import FakeTelegram, RequestRecord, SentMessage

__all__ = ["FakeTelegram", "RequestRecord", "SentMessage"]
