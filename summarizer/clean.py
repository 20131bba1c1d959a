"""Input hygiene: detect binary and HTML input, drop web boilerplate, repair broken punctuation."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from summarizer.errors import BinaryInputError, EmptyTextError
from summarizer.tokenize import read_word_list

log = logging.getLogger(__name__)

_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<\?xml[^>]*>\s*<html)", re.I)
_HTML_TAG = re.compile(r"</?(p|div|span|article|body|head|br|a|h[1-6]|section|script|meta|li|ul)\b[^>]*>", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_TRAILING_PUNCT = re.compile(r"[\s:»›>|.-]+$")
_BIO_TAIL = 4
# Headers after which a list of headlines follows ("Related Articles", "Read more", "Most popular").
_LIST_HEADER = re.compile(r"(related|more|read|see|recommended|most|you (may|might)|also)\b", re.I)
_HEADLINE_END = re.compile(r"[.!?…:;\"”’'。！？)]$")
# A byline paragraph anywhere: "By Elena Marsh" or "By Elena Marsh, Diplomatic Correspondent".
_BYLINE = re.compile(r"(?i:by) [A-Z][\w.'-]+( [A-Z][\w.'-]+){0,3}(,[^.!?\n]{0,80})?$")  # how many final paragraphs may be bylines or author bios

# (pattern, replacement) repairs of punctuation mangled by copying and pasting.
_REPAIRS: tuple[tuple[re.Pattern[str], str], ...] = (
    # ". ," runs -> "."; a comma right after a word's own period stays ("Jr., " "U.S., " "a.m., " "Which?, ")
    (re.compile(r"\s+([.!?])(?:\s*[,;])+"), r"\1"),
    (re.compile(r"([.!?])(?:\s+[,;])+"), r"\1"),
    (re.compile(r"\s+([,.;:!?])"), r"\1"),                # "word ." -> "word."
    (re.compile(r",(?:\s*,)+"), ","),                     # ", ," -> ","
    (re.compile(r"\.(?:\s*\.){1}(?!\.)"), "."),           # ". ." -> "."
    (re.compile(r"(?<=\s)[\"“”](?=\s)"), ""),             # a lone quote between spaces
    (re.compile(r"([\"“”'])\1+"), r"\1"),                 # doubled quotes
    (re.compile(r"^[\"“”]\s*$"), ""),                     # a line that is only a quote
    (re.compile(r"[ \t]{2,}"), " "),
)


@dataclass(frozen=True)
class CleanText:
    """Cleaned article text plus the title and date found in HTML input."""

    text: str
    title: str | None = None
    date: str | None = None


@lru_cache(maxsize=1)
def _boilerplate() -> re.Pattern[str]:
    patterns = read_word_list("boilerplate.txt")
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


@lru_cache(maxsize=1)
def _bio() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in read_word_list("bio_patterns.txt")))


# Byte-order marks of the Unicode encodings a text file may come in (UTF-32 before UTF-16: they share a prefix).
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode_input(data: bytes | str) -> str:
    """Turn input into text; BinaryInputError for data that is not text."""
    if isinstance(data, bytes):
        for bom, codec in _BOMS:
            if data.startswith(bom):
                data = data[len(bom):].decode(codec, errors="replace")
                break
    if isinstance(data, bytes):
        if b"\x00" in data[:8192]:
            raise BinaryInputError("input looks binary (NUL bytes), not text")
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            data = data.decode("cp1252", errors="replace")
    sample = data[:8192]
    if "\x00" in sample or (sample and len(_CONTROL.findall(sample)) > 0.05 * len(sample)):
        raise BinaryInputError("input looks binary (control characters), not text")
    if "\ufffd" in sample and sample.count("\ufffd") > 0.05 * len(sample):
        raise BinaryInputError("input looks binary (undecodable bytes), not text")
    return data


def looks_like_html(text: str) -> bool:
    """True when text is an HTML page or fragment rather than plain text."""
    head = text[:4096]
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= 3


def extract_html(html: str, url: str | None = None) -> CleanText:
    """Reduce an HTML page to its main text with trafilatura (title and date from the page)."""
    import trafilatura  # imported lazily: it is slow to import and only HTML input needs it

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False)
    if doc is None or not (doc.text or "").strip():
        raise EmptyTextError("the HTML page holds no readable main text")
    return CleanText(text=doc.text, title=doc.title or None, date=doc.date or None)


def is_boilerplate(line: str) -> bool:
    """True when a whole line is web boilerplate (comment form, share prompt, 'Related Articles'...)."""
    core = _TRAILING_PUNCT.sub("", line.strip())
    return not core or bool(_boilerplate().fullmatch(core))


def repair_punctuation(text: str) -> str:
    """Repair ". ," runs, spaces before punctuation, lone and doubled quotes."""
    for pattern, replacement in _REPAIRS:
        text = pattern.sub(replacement, text)
    return text


def clean_text(text: str) -> str:
    """Drop boilerplate lines and trailing bylines/bios, repair punctuation; keep paragraph breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    paragraphs: list[list[str]] = [[]]
    in_list = False
    for line in text.split("\n"):
        if not line.strip():
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        if is_boilerplate(line):
            in_list = in_list or bool(_LIST_HEADER.match(line.strip()))
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        if in_list and len(line) < 160 and not _HEADLINE_END.search(line.strip()):
            continue  # a headline in a "Related Articles" list
        in_list = False
        fixed = repair_punctuation(line.strip())
        if fixed:
            paragraphs[-1].append(fixed)
    blocks = ["\n".join(p) for p in paragraphs if p]
    blocks = _drop_bio_tail([b for b in blocks if not _BYLINE.match(b)])
    return "\n\n".join(blocks)


def split_title(text: str) -> tuple[str | None, str]:
    """Take a leading headline (one short line without final punctuation) off cleaned text."""
    first, sep, rest = text.partition("\n\n")
    line = first.strip()
    if sep and rest.strip() and "\n" not in line and len(line) <= 150 and line[-1:].isalnum():
        return line, rest
    return None, text


def _drop_bio_tail(blocks: list[str]) -> list[str]:
    """Drop bylines and author bios among the last paragraphs (never the only paragraph)."""
    keep = len(blocks)
    for index in range(len(blocks) - 1, max(0, len(blocks) - _BIO_TAIL) - 1, -1):
        if index == 0:
            break
        if _bio().match(blocks[index]):
            keep = index
    if keep < len(blocks):
        log.debug("dropped %d trailing byline/bio paragraphs", len(blocks) - keep)
    return blocks[:keep]
