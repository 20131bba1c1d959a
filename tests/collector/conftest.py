"""Collector test fixtures: a local HTTP server and make_settings (`store`, `settings`: tests/conftest.py)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from config import load_settings
from config.settings import Settings
from tests.collector.server import LocalServer


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A real HTTP server on 127.0.0.1 with an empty route table."""
    with LocalServer() as srv:
        yield srv


def make_settings(**collector: Any) -> Settings:
    """Settings for tests: private networks allowed (127.0.0.1), short timeouts, plus overrides."""
    base = {"allow_private_networks": True, "connect_timeout": 2.0, "read_timeout": 2.0, "total_timeout": 5.0}
    base.update(collector)
    return load_settings(env={}, overrides={"collector": base})
