"""`briefbot summarize`: files, stdin, a local URL, JSON output and JSONL batches."""
from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator

import pytest

from bot.cli import main

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "config" / "examples" / "sample_article.txt"


@pytest.fixture(autouse=True)
def no_user_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run with packaged defaults only."""
    for name in list(os.environ):
        if name.startswith("BRIEFBOT_"):
            monkeypatch.delenv(name)


@pytest.fixture
def page_url(tmp_path: Path) -> Iterator[str]:
    """A URL on a local HTTP server (127.0.0.1) that serves the sample article as an HTML page."""
    paragraphs = SAMPLE.read_text(encoding="utf-8").split("\n\n")[3:12]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (f"<!DOCTYPE html><html><head><title>Valdoria demands guarantees</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>Valdoria demands guarantees</h1>{body}</article>"
            "<footer>All rights reserved.</footer></body></html>")
    (tmp_path / "article.html").write_text(html, encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/article.html"
    server.shutdown()
    server.server_close()


def test_text_output_has_summary_and_key_point_sections(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(SAMPLE), "--published", "2026-03-16"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Valdoria demands written guarantees from Korsland")
    assert "- The Valdorian foreign ministry on Monday demanded" in out
    assert "Demands:" in out and "Warnings:" in out and "Upcoming meetings:" in out
    assert "place: Dornholm" in out and "date: 2026-03-16" in out
    assert "Leave a Reply" not in out


def test_json_output_uses_the_contract_field_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(SAMPLE), "--format", "json", "--sentences", "2", "--algorithm", "lead"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"title", "summary", "key_points", "language"}
    assert len(data["summary"]) == 2
    assert data["summary"][0].startswith("The Valdorian foreign ministry")


def test_title_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(SAMPLE), "--format", "json", "--title", "Border row"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Border row"


def test_missing_file_is_one_clear_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["summarize", str(tmp_path / "nope.txt")]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"briefbot: error: no such file: {tmp_path / 'nope.txt'}"


def test_empty_file_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    assert main(["summarize", str(empty)]) == 1
    assert "no readable text" in capsys.readouterr().err


def test_bad_algorithm_is_rejected_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["summarize", str(SAMPLE), "--algorithm", "magic"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_url_input_is_fetched_from_a_local_server(page_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", page_url, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "Valdoria demands guarantees"
    assert any("demanded written security guarantees" in s for s in data["summary"])


def test_unreachable_url_is_a_clear_error(capsys: pytest.CaptureFixture[str], page_url: str) -> None:
    assert main(["summarize", page_url.replace("article.html", "missing.html")]) == 1
    assert "HTTP 404" in capsys.readouterr().err


def test_jsonl_batch_keeps_order_and_survives_a_bad_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sample = SAMPLE.read_text(encoding="utf-8")
    lines = [
        json.dumps({"id": "a", "text": sample, "published": "2026-03-16", "sentences": 2}),
        "{not json",
        json.dumps({"id": "b", "text": ""}),
        json.dumps({"id": "c", "text": "Talks resumed on Monday. Both sides met in Dornholm.", "title": "T"}),
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["summarize", "--jsonl", str(batch)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in out] == ["a", None, "b", "c"]
    assert len(out[0]["summary"]) == 2 and out[0]["key_points"]
    assert "line 2" in out[1]["error"] and "not valid JSON" in out[1]["error"]
    assert "no readable text" in out[2]["error"]
    assert out[3]["title"] == "T" and set(out[3]) == {"id", "title", "summary", "key_points", "language"}


def test_stdin_via_subprocess() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "summarize", "-", "--format", "json", "--sentences", "1"],
        input=SAMPLE.read_bytes(), capture_output=True, timeout=120, cwd=REPO,
        env={k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")},
    )
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)["summary"]) == 1


def test_no_input_on_a_terminal_is_a_clear_error() -> None:
    primary, secondary = os.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "bot", "summarize"], stdin=secondary, capture_output=True, timeout=120,
            cwd=REPO, env={k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")},
        )
    finally:
        os.close(primary)
        os.close(secondary)
    assert proc.returncode == 1
    assert b"no input: give a PATH, a URL, or '-'" in proc.stderr
    assert b"Traceback" not in proc.stderr


def test_text_output_names_a_non_english_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "fr.txt"
    article.write_text(
        "Le gouvernement a annoncé lundi un nouveau plan pour les transports dans la capitale. "
        "Les lignes de tramway seront prolongées jusqu'aux quartiers du nord avant la fin de l'année. "
        "Le ministre a déclaré que les travaux commenceraient au printemps.", encoding="utf-8")
    assert main(["summarize", str(article), "--sentences", "1"]) == 0
    out = capsys.readouterr().out
    assert "(language assumed: french; key points are English-only)" in out
    assert "Demands:" not in out


def test_a_directory_is_named_as_one(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["summarize", str(tmp_path)]) == 1
    assert "is a directory" in capsys.readouterr().err
    assert main(["summarize", "--jsonl", str(tmp_path)]) == 1
    assert "is a directory" in capsys.readouterr().err


def test_utf16_file_with_a_bom_is_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("utf-16"))
    assert main(["summarize", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["title"].startswith("Valdoria demands")


def test_invalid_url_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", "http://[::1"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("briefbot: error: cannot fetch") and "Traceback" not in err


def test_jsonl_options_of_the_wrong_type_are_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        {"id": "s", "text": "The union demanded a raise.", "sentences": "abc"},
        {"id": "b", "text": "The union demanded a raise.", "sentences": True},
        {"id": "t", "text": "The union demanded a raise.", "title": 5},
        {"id": "ok", "text": "The union demanded a raise.", "sentences": None},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    assert main(["summarize", "--jsonl", str(path)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in out] == ["s", "b", "t", "ok"]
    assert "'sentences' must be a whole number" in out[0]["error"]
    assert "'sentences' must be a whole number" in out[1]["error"]
    assert "'title' must be a string" in out[2]["error"]
    assert out[3]["summary"] == ["The union demanded a raise."]
