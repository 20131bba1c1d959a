"""Fixtures for summarizer tests: the bundled sample article and a long synthetic article."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data"


@pytest.fixture
def sample_text() -> str:
    """The bundled sample article (with web boilerplate)."""
    return (REPO / "config" / "examples" / "sample_article.txt").read_text(encoding="utf-8")


@pytest.fixture
def long_article() -> str:
    """A fictional 12-paragraph article with a clear lead."""
    paras = [
        "The city council of Marrowby approved a new flood barrier on Tuesday after a decade of debate.",
        "The barrier, costing 40 million crowns, will protect about 12,000 homes along the river Lune.",
    ]
    for i in range(10):
        paras.append(
            f"Resident group number {i + 1} said the council had listened at last. "
            f"Engineers expect phase {i + 1} of the work to take about {i + 2} months."
        )
    return "\n\n".join(paras)
