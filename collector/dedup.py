"""Exact duplicates: canonical URLs (tracking parameters removed) and content fingerprints.

Canonicalization decisions (conservative: two URLs are merged only when every server treats them alike):
- scheme and host are lowercased, a trailing dot on the host and default ports (80/443) are dropped;
- the fragment is dropped; an empty path becomes "/"; a trailing "?" (empty query) is dropped;
- "www." is kept and trailing slashes are kept ("/a" and "/a/" are different resources to many servers,
  and www/non-www may be different sites); http and https are kept apart. Such variants of one article
  are still caught as duplicates by the content fingerprint, and usually unified by rel=canonical;
- dot segments are resolved and percent-escapes are normalized (unreserved characters decoded, hex
  upper-cased), in path and query;
- tracking parameters (utm_*, fbclid, gclid, ...) are removed; the other query parameters are kept
  verbatim, sorted by name (stable, so repeated keys keep their order).
"""
from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

log = logging.getLogger(__name__)

TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
    "igshid", "igsh", "mc_cid", "mc_eid", "ref", "ref_src", "ref_url", "referrer", "_ga", "_gl", "_hsenc",
    "_hsmi", "__hssc", "__hstc", "__hsfp", "hsctatracking", "mkt_tok", "li_fat_id", "vero_id", "vero_conv",
    "oly_enc_id", "oly_anon_id", "rb_clickid", "s_cid", "wt.mc_id", "wt.tsrc", "ocid", "cmpid", "ncid",
    "sr_share", "smid", "spm", "share", "at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3",
    "at_custom4", "_openstat", "trk", "trkcampaign", "cvid", "guccounter", "guce_referrer", "guce_referrer_sig",
    "amp_js_v", "amp_gsa", "usqp", "outputtype",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "matomo_", "piwik_", "hsa_", "itm_", "ga_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_WORD = re.compile(r"\w+", re.UNICODE)


class InvalidURLError(ValueError):
    """A URL that cannot be canonicalized (empty, or a malformed host/port)."""


def canonicalize_url(url: str) -> str:
    """The canonical form of an http(s) URL used as a dedup key (see module docstring for the rules)."""
    raw = (url or "").strip()
    if not raw:
        raise InvalidURLError("empty URL")
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as err:
        raise InvalidURLError(f"malformed URL {raw!r}: {err}") from err
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return raw  # not a web URL: leave it alone rather than guess
    host = parts.hostname.rstrip(".")
    if ":" in host:
        host = f"[{host}]"  # IPv6 literal
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username is not None:
        userinfo = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{userinfo}@{netloc}"
    path = _remove_dot_segments(_normalize_escapes(parts.path)) or "/"
    return urlunsplit(SplitResult(scheme, netloc, path, _clean_query(parts.query), ""))


def is_tracking_param(name: str) -> bool:
    """Whether a query parameter name is a known click/campaign tracker."""
    key = unquote(name).strip().lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def _clean_query(query: str) -> str:
    """Drop tracking and empty pairs, normalize escapes, sort the rest by name."""
    pairs = [p for p in query.split("&") if p and p != "="]
    kept = [_normalize_escapes(p) for p in pairs if not is_tracking_param(p.split("=", 1)[0])]
    kept.sort(key=lambda pair: pair.split("=", 1)[0])
    return "&".join(kept)


def _normalize_escapes(text: str) -> str:
    """Decode percent-escapes of unreserved characters, upper-case the others (RFC 3986 6.2.2)."""

    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    return _ESCAPE.sub(fix, text)


def _remove_dot_segments(path: str) -> str:
    """Resolve "." and ".." segments (RFC 3986 5.2.4), keeping a trailing slash."""
    if "." not in path:
        return path
    output: list[str] = []
    segments = path.split("/")
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
        elif segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
        else:
            output.append(segment)
    result = "/".join(output)
    return result if result.startswith("/") or not path.startswith("/") else "/" + result


def normalize_words(text: str) -> list[str]:
    """Case-folded, NFKC-normalized words; whitespace and punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text or "").casefold())


def fingerprint_text(text: str) -> str:
    """Exact-content fingerprint (sha1 hex of the normalized words), blind to whitespace/case/punctuation."""
    return hashlib.sha1(" ".join(normalize_words(text)).encode("utf-8")).hexdigest()
