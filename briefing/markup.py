"""Telegram HTML building blocks: escaping, links, UTF-16 length, safe truncation, chunk packing."""
from __future__ import annotations

import html
import re
from typing import Sequence
from urllib.parse import urlsplit

# Control characters other than tab and newline: they break Telegram's parser and terminals (ANSI injection).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|[^<&]+|[<&]")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
ELLIPSIS = "…"


def clean(text: str | None) -> str:
    """Drop control characters and collapse whitespace runs (article text is untrusted)."""
    if not text:
        return ""
    return " ".join(CONTROL_CHARS.sub(" ", text).split())


def esc(text: str | None) -> str:
    """Clean and HTML-escape untrusted text for a Telegram HTML message."""
    return html.escape(clean(text), quote=False)


def is_web_url(url: str | None) -> bool:
    """True for an absolute http(s) URL with a host (the only links we render)."""
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not CONTROL_CHARS.search(url)


def link(url: str | None, text: str | None) -> str:
    """An <a href> around escaped text, or just the escaped text when the URL is not http(s)."""
    label = esc(text) or esc(url)
    if not is_web_url(url):
        return label
    return f'<a href="{html.escape(url.strip(), quote=True)}">{label}</a>'


def tg_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's 4096 limit (an emoji counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def _closing(stack: Sequence[str]) -> str:
    return "".join(f"</{name}>" for name in reversed(stack))


def truncate_html(markup: str, limit: int, ellipsis: str = ELLIPSIS) -> str:
    """Cut HTML to at most `limit` UTF-16 units, never inside a tag or entity; re-close open tags."""
    if tg_len(markup) <= limit:
        return markup
    budget = limit - tg_len(ellipsis)
    if budget < 0:
        return ""
    out: list[str] = []
    stack: list[str] = []
    used = 0
    for match in _TOKEN.finditer(markup):
        token = match.group(0)
        tag = _TAG.fullmatch(token)
        if tag and tag.group(1):  # closing tag: frees exactly what it costs
            if stack and stack[-1] == tag.group(2).lower():
                stack.pop()
                out.append(token)
                used += tg_len(token)
            continue
        if tag and not tag.group(3):
            name = tag.group(2).lower()
            if used + tg_len(token) + tg_len(_closing([*stack, name])) > budget:
                break
            stack.append(name)
        elif used + tg_len(token) + tg_len(_closing(stack)) > budget:
            if not token.startswith(("<", "&")):
                out.append(_cut_text(token, budget - used - tg_len(_closing(stack))))
            break
        out.append(token)
        used += tg_len(token)
    return "".join(out).rstrip() + ellipsis + _closing(stack)


def _cut_text(text: str, room: int) -> str:
    """The longest prefix of plain text within `room` UTF-16 units, preferring a word boundary."""
    if room <= 0:
        return ""
    cut = ""
    size = 0
    for char in text:
        size += tg_len(char)
        if size > room:
            break
        cut += char
    space = cut.rfind(" ")
    if space > len(cut) - 25 and space > 0:
        cut = cut[:space]
    return cut


def pack(blocks: Sequence[str], limit: int, sep: str = "\n\n") -> list[list[int]]:
    """Group block indices into messages of at most `limit` units; blocks must each fit already."""
    groups: list[list[int]] = []
    size = 0
    for index, block in enumerate(blocks):
        length = tg_len(block)
        if groups and size + tg_len(sep) + length <= limit:
            groups[-1].append(index)
            size += tg_len(sep) + length
        else:
            groups.append([index])
            size = length
    return groups


def join_groups(blocks: Sequence[str], groups: list[list[int]], sep: str = "\n\n") -> list[str]:
    """The message text of each group from pack()."""
    return [sep.join(blocks[i] for i in group) for group in groups]


def fit_blocks(blocks: Sequence[str], limit: int) -> list[str]:
    """Trim each block safely to at most `limit` units."""
    return [truncate_html(block, limit) for block in blocks]
