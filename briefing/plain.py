"""Plain text from our Telegram HTML: the fallback after a 400, and the terminal rendering of the demo."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Sequence

from briefing.markup import CONTROL_CHARS

ANSI = {
    "b": "1", "strong": "1", "i": "3", "em": "3", "u": "4", "ins": "4", "a": "4", "s": "9", "strike": "9", "del": "9",
}
_BLANKS = re.compile(r"\n{3,}")


class _Flattener(HTMLParser):
    """Walks Telegram HTML, emitting text with optional ANSI styles and link URLs."""

    def __init__(self, color: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.color = color
        self.out: list[str] = []
        self.styles: list[str] = []
        self.links: list[tuple[str, int]] = []
        self.quote = False

    def _restyle(self) -> None:
        if self.color:
            codes = ";".join(ANSI[t] for t in self.styles if t in ANSI)
            self.out.append("\x1b[0m" + (f"\x1b[{codes}m" if codes else ""))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a style (and remember a link's URL)."""
        if tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.out)))
        if tag == "blockquote":
            self.quote = True
            self.out.append("│ ")
        self.styles.append(tag)
        self._restyle()

    def handle_endtag(self, tag: str) -> None:
        """Close a style; after a link, show its URL unless the text already is the URL."""
        if tag in self.styles:
            index = len(self.styles) - 1 - self.styles[::-1].index(tag)
            del self.styles[index]
        self._restyle()
        if tag == "blockquote":
            self.quote = False
        if tag == "a" and self.links:
            href, start = self.links.pop()
            shown = "".join(p for p in self.out[start:] if not p.startswith("\x1b")).strip()
            if href and shown != href:
                url = CONTROL_CHARS.sub("", href)
                self.out.append(f" \x1b[2m<{url}>\x1b[0m" if self.color else f" <{url}>")
                self._restyle()

    def handle_data(self, data: str) -> None:
        """Add text without control characters (no escape sequences from article text)."""
        text = CONTROL_CHARS.sub("", data)
        if self.quote:
            text = text.replace("\n", "\n│ ")
        self.out.append(text)

    def text(self) -> str:
        """The flattened text, styles closed."""
        body = "".join(self.out) + ("\x1b[0m" if self.color and self.out else "")
        return _BLANKS.sub("\n\n", body).strip()


def _flatten(markup: str, color: bool) -> str:
    parser = _Flattener(color)
    parser.feed(markup)
    parser.close()
    return parser.text()


def to_plain_text(markup: str) -> str:
    """Strip tags, unescape entities, keep link URLs as 'text <url>' (the fallback after a 400)."""
    return _flatten(markup, color=False)


def render_terminal(messages: Sequence[str], *, color: bool, width: int = 72) -> str:
    """Telegram HTML messages as terminal text (ANSI bold/italic/underline when `color`), one per bubble."""
    parts: list[str] = []
    for index, message in enumerate(messages):
        if len(messages) > 1:
            label = f" message {index + 1}/{len(messages)} "
            rule = "─" * 3 + label + "─" * max(3, width - len(label) - 3)
            parts.append(f"\x1b[2m{rule}\x1b[0m" if color else rule)
        parts.append(_flatten(message, color))
    return "\n\n".join(parts) + "\n"
