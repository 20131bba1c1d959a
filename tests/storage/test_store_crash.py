"""A writer killed with SIGKILL mid-pass leaves only whole articles, and everything it committed."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text

from storage import open_store

WRITER = textwrap.dedent('''
    import sys
    from datetime import datetime, timezone
    from collector.models import Article, Source
    from storage import open_store
    from summarizer.models import KeyPoint, Summary

    store = open_store(sys.argv[1])
    source = store.add_source(Source(url="https://velmora.example/rss", name="Velmora Gazette"))
    i = 0
    while True:
        body = " ".join(f"Sentence {j} of dispatch {i} from the Velmora harbour." for j in range(40))
        summary = Summary(title=f"Dispatch {i}", summary=[f"Sentence 0 of dispatch {i}."],
                          key_points=[KeyPoint(kind="demand", text=f"demand {i}", actor="council")])
        store.save_article(Article(url=f"https://velmora.example/{i}", title=f"Dispatch {i}", text=body,
                                   source_id=source.id, guid=f"g{i}", fingerprint=f"fp{i}",
                                   minhash=list(range(i, i + 64)), summary=summary))
        print(i, flush=True)
        i += 1
''')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def crash_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL for the killed writer: a SQLite file, then PostgreSQL when it answers."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'crash.db'}"
    return request.getfixturevalue("pg_url")


def test_sigkill_mid_pass_keeps_whole_articles(tmp_path: Path, crash_url: str) -> None:
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    proc = subprocess.Popen([sys.executable, str(script), crash_url], stdout=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[2])
    last = -1
    try:
        for line in proc.stdout:  # type: ignore[union-attr]
            last = int(line)
            if last >= 40:
                break
        assert last >= 40, "the writer stopped early"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with open_store(crash_url) as store:
        articles = store.list_articles()
        assert len(articles) >= last + 1  # everything reported as saved is there
        [source] = store.list_sources()
        assert source.articles_collected == len(articles)
        for a in articles:
            i = int(a.url.rsplit("/", 1)[1])
            assert a.text == " ".join(f"Sentence {j} of dispatch {i} from the Velmora harbour." for j in range(40))
            assert a.summary is not None and a.summary.key_points[0].text == f"demand {i}"
            assert a.minhash == list(range(i, i + 64)) and a.story_id is not None
        assert sorted(int(a.url.rsplit("/", 1)[1]) for a in articles) == list(range(len(articles)))
        with store.db.read() as conn:
            assert conn.execute(text("SELECT count(*) FROM stories")).scalar() == len(articles)
            orphans = conn.execute(text("SELECT count(*) FROM articles a LEFT JOIN stories s ON s.id = a.story_id "
                                        "WHERE s.id IS NULL")).scalar()
            assert orphans == 0
