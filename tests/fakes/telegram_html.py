"""Telegram's HTML parse mode, checked as strictly as the Bot API does (for the fake server).

`parse_html(text)` returns the visible text (entities decoded, tags removed) or raises
`HtmlParseError` with a description shaped like Telegram's "Bad Request: can't parse entities: ...".
Strict on purpose: a bare `<` or `&` that is not part of a tag or entity is an error (Telegram's docs
require escaping them); a bare `>` is accepted, as Telegram does.
"""
from __future__ import annotations

import html
import re

ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "tg-spoiler", "span", "blockquote", "tg-emoji",
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);")
_TAG_NAME = re.compile(r"([a-zA-Z][a-zA-Z0-9-]*)")
_ATTR = re.compile(r"\s*([a-zA-Z-]+)\s*(?:=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")


class HtmlParseError(ValueError):
    """The text is not valid Telegram HTML; str() is the Bot API description."""


def _fail(reason: str) -> HtmlParseError:
    return HtmlParseError(f"Bad Request: can't parse entities: {reason}")


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _parse_attrs(raw: str, tag: str, offset: int) -> dict[str, str]:
    attrs: dict[str, str] = {}
    pos = 0
    raw = raw.rstrip("/").rstrip()
    while pos < len(raw):
        match = _ATTR.match(raw, pos)
        if not match or match.end() == pos:
            raise _fail(f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                        f"at byte offset {offset}")
        value = match.group(2) or ""
        if value[:1] in "\"'":
            value = value[1:-1]
        attrs[match.group(1).lower()] = html.unescape(value)
        pos = match.end()
    return attrs


def _check_start_tag(name: str, attrs: dict[str, str], offset: int) -> None:
    if name not in ALLOWED_TAGS:
        raise _fail(f'Unsupported start tag "{name}" at byte offset {offset}')
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise _fail(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
    if name == "tg-emoji" and "emoji-id" not in attrs:
        raise _fail(f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {offset}')


def parse_html(text: str) -> str:
    """Validate Telegram HTML and return the visible text; raise HtmlParseError if invalid."""
    out: list[str] = []
    stack: list[tuple[str, int]] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "&":
            match = _ENTITY.match(text, i)
            if not match:
                raise _fail(f'Unescaped "&" at byte offset {_byte_offset(text, i)}')
            body = match.group(1)
            if body.startswith("#"):
                code = int(body[2:], 16) if body[1:2] in "xX" else int(body[1:])
                if code > 0x10FFFF:
                    raise _fail(f"Invalid character reference at byte offset {_byte_offset(text, i)}")
                out.append(chr(code))
            elif body in NAMED_ENTITIES:
                out.append(NAMED_ENTITIES[body])
            else:
                raise _fail(f'Unsupported HTML entity "&{body};" at byte offset {_byte_offset(text, i)}')
            i = match.end()
        elif char == "<":
            offset = _byte_offset(text, i)
            end = text.find(">", i)
            if end < 0:
                raise _fail(f"Unclosed start tag at byte offset {offset}")
            inner = text[i + 1:end]
            if inner.startswith("/"):
                name = inner[1:].strip().lower()
                if not stack:
                    raise _fail(f'Unexpected end tag at byte offset {offset}')
                if stack[-1][0] != name:
                    raise _fail(f'Unmatched end tag at byte offset {offset}, expected '
                                f'"</{stack[-1][0]}>", found "</{name}>"')
                stack.pop()
            else:
                match = _TAG_NAME.match(inner)
                if not match:
                    raise _fail(f"Unsupported start tag at byte offset {offset}")
                name = match.group(1).lower()
                attrs = _parse_attrs(inner[match.end():], name, offset)
                _check_start_tag(name, attrs, offset)
                stack.append((name, offset))
            i = end + 1
        else:
            out.append(char)
            i += 1
    if stack:
        name, offset = stack[-1]
        raise _fail(f'Can\'t find end tag corresponding to start tag "{name}" at byte offset {offset}')
    return "".join(out)


def utf16_length(text: str) -> int:
    """The length Telegram counts: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2
