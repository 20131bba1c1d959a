"""`briefbot summarize`: condense an article (file, URL or stdin) or a JSONL batch into summaries."""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any, Iterator, TextIO

from bot.cli.common import progress
from config import Settings
from summarizer import ALGORITHMS, Summary, SummarizerError, summarize
from summarizer.models import KeyPoint

log = logging.getLogger(__name__)

SECTIONS = (("demand", "Demands"), ("warning", "Warnings"), ("meeting", "Upcoming meetings"))
FETCH_TIMEOUT = 20.0
MAX_FETCH_BYTES = 20_000_000


class InputError(SummarizerError):
    """The input could not be read (missing file, no stdin, failed download)."""


def register(sub: argparse._SubParsersAction) -> None:
    """Register the `summarize` subcommand."""
    p = sub.add_parser(
        "summarize",
        help="summarize an article: summary sentences plus demands, warnings, upcoming meetings",
        description="Summarize a news article offline. Reads a file, an http(s) URL, or stdin ('-'). "
        "With --jsonl, reads one JSON object per line and writes one JSON result per line.",
    )
    p.add_argument("source", nargs="?", metavar="PATH|URL|-", help="article file (text or HTML), URL, or - for stdin")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("--published", metavar="DATE", help="publication date (ISO) used to resolve 'today', 'next week'")
    p.add_argument("--algorithm", choices=ALGORITHMS, help="ranking algorithm (default: summarizer.algorithm)")
    p.add_argument("--sentences", type=_positive, metavar="N", help="summary length (default: summarizer.sentences)")
    p.add_argument("--title", metavar="T", help="article title (else taken from the page or first line)")
    p.add_argument("--jsonl", metavar="FILE|-", help='batch: lines {"id", "text", "title"?, "published"?, ...}')
    p.set_defaults(func=run)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {number}")
    return number


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Handle `briefbot summarize`."""
    options = {
        "algorithm": args.algorithm or settings.summarizer.algorithm,
        "sentences": args.sentences or settings.summarizer.sentences,
        "max_chars": settings.summarizer.max_input_chars,
    }
    if args.jsonl:
        if args.source:
            raise InputError("give either PATH|URL|- or --jsonl, not both")
        return run_batch(args.jsonl, options)
    text, url = read_source(args.source)
    summary = summarize(text, title=args.title, published=args.published, url=url, **options)
    if args.format == "json":
        print(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_text(summary))
    return 0


def read_source(source: str | None) -> tuple[bytes | str, str | None]:
    """Read the article from a path, an http(s) URL or stdin; returns (content, url)."""
    if source is None:
        if sys.stdin.isatty():
            raise InputError("no input: give a PATH, a URL, or '-' and pipe the article on stdin")
        source = "-"
    if source == "-":
        return sys.stdin.buffer.read(), None
    if source.startswith(("http://", "https://")):
        return fetch(source), source
    return _read_file(source), None


def _read_file(source: str) -> bytes:
    path = Path(source)
    if path.is_dir():
        raise InputError(f"{source} is a directory, not an article file")
    if not path.is_file():
        raise InputError(f"no such file: {source}")
    return path.read_bytes()


def fetch(url: str) -> bytes:
    """Download a page (the one network use of this command)."""
    import httpx

    try:
        with httpx.stream("GET", url, follow_redirects=True, timeout=FETCH_TIMEOUT) as response:
            response.raise_for_status()
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_FETCH_BYTES:
                    raise InputError(f"cannot fetch {url}: the page is larger than {MAX_FETCH_BYTES:,} bytes")
    except httpx.HTTPStatusError as exc:
        raise InputError(f"cannot fetch {url}: HTTP {exc.response.status_code}") from None
    except httpx.InvalidURL as exc:
        raise InputError(f"cannot fetch {url}: invalid URL ({exc})") from None
    except httpx.HTTPError as exc:
        raise InputError(f"cannot fetch {url}: {exc}") from None
    return bytes(body)


def render_text(summary: Summary) -> str:
    """The summary as a person reads it in a terminal."""
    lines: list[str] = []
    if summary.title:
        lines += [summary.title, "=" * min(len(summary.title), 78), ""]
    if summary.language != "english":
        lines += [f"(language assumed: {summary.language}; key points are English-only)", ""]
    lines += [f"- {sentence}" for sentence in summary.summary]
    for kind, heading in SECTIONS:
        points = summary.points(kind)
        if points:
            lines += ["", f"{heading}:"] + [_render_point(kp) for kp in points]
    return "\n".join(lines)


def _render_point(kp: KeyPoint) -> str:
    details = []
    if kp.actor:
        details.append(f"actor: {kp.actor}")
    if kp.participants:
        details.append(f"with: {', '.join(kp.participants)}")
    if kp.place:
        details.append(f"place: {kp.place}")
    if kp.kind == "meeting":
        details.append(f"date: {kp.when or 'unstated'}")
    suffix = f"\n    ({'; '.join(details)})" if details else ""
    return f"  * {kp.text}{suffix}"


def run_batch(source: str, options: dict[str, Any]) -> int:
    """Summarize a JSONL batch: one JSON line out per line in, in order; bad lines become errors."""
    if source == "-":
        lines = sys.stdin.readlines()
    else:
        lines = _read_file(source).decode("utf-8", errors="replace").splitlines()
    items = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
    failures = 0
    for result in progress(_batch_results(items, options), len(items), "summarize"):
        failures += "error" in result
        _write_line(sys.stdout, result)
    if failures:
        log.warning("%d of %d lines failed", failures, len(items))
    return 0


def _batch_results(items: list[tuple[int, str]], options: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for number, line in items:
        yield summarize_line(number, line, options)


def summarize_line(number: int, line: str, options: dict[str, Any]) -> dict[str, Any]:
    """One batch line to its output object: {"id", ...Summary fields} or {"id", "error"}."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "error": f"line {number}: not valid JSON ({exc.msg})"}
    if not isinstance(item, dict):
        return {"id": None, "error": f"line {number}: expected a JSON object"}
    item_id = item.get("id")
    text = item.get("text")
    if not isinstance(text, str):
        return {"id": item_id, "error": f"line {number}: missing or non-string 'text'"}
    for key in ("title", "published", "url"):
        if item.get(key) is not None and not isinstance(item[key], str):
            return {"id": item_id, "error": f"line {number}: '{key}' must be a string"}
    sentences = options["sentences"] if item.get("sentences") is None else item["sentences"]
    if isinstance(sentences, bool) or not isinstance(sentences, int) or sentences < 1:
        return {"id": item_id, "error": f"line {number}: 'sentences' must be a whole number >= 1"}
    try:
        summary = summarize(
            text, title=item.get("title"), published=item.get("published"), url=item.get("url"),
            sentences=sentences, algorithm=options["algorithm"], max_chars=options["max_chars"],
        )
    except (SummarizerError, TypeError, ValueError) as exc:
        return {"id": item_id, "error": f"line {number}: {exc}"}
    return {"id": item_id, **summary.to_dict()}


def _write_line(out: TextIO, obj: dict[str, Any]) -> None:
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    out.flush()
