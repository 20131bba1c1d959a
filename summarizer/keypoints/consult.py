"""Consultation cues beyond meet/visit/talks, and meeting nouns that only give context.

A phone call between officials, a leader welcomed by a host and a mediation mission between two sides are
consultations (PLOVER/CAMEO CONSULT) like a meeting. A meeting noun is no meeting event when it only frames
another one: a place ("a go-between at the talks", "blackmail in the negotiations"), a possessor ("the
meeting's co-chairman"), a request ("demanded a meeting"), an ended effort ("ended mediation efforts"), a
prospect ("a climate for peace talks").
"""
from __future__ import annotations

import re

from .actors import subject_before
from .lexicon import word_set

# "at/in <modifiers> talks": the modifiers are words, not a preposition or verb that would start a new phrase.
_CONTEXT_PP = re.compile(
    r"\b(?:at|in)\s+(?:(?:a|an|the|this|that|its|their|his|her|[\w-]+(?:'s|\u2019s))\s+)?"
    r"(?:(?!(?:for|with|to|on|and|or|by|from|as)\b)[\w'\u2019.-]+\s+){0,4}$"
)
# Being in or taking part in talks is consulting ("are in talks", "will take part in the summit").
_PARTICIPATE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|remain\w*|stay\w*|locked|engaged|enter\w*|involved|participat\w*|"
    r"(?:take|takes|took|taken|taking)\s+part|join\w*)\s+(?:\w+ly\s+|still\s+|also\s+)?$"
)
# A consultation verb in the clause makes the noun its setting ("will discuss the issue at a meeting").
_CONSULT_VERB = re.compile(
    r"\b(?:discuss(?:es|ed|ing)?|talk(?:ed|ing)?|negotiat(?:e|es|ed|ing)|meet|meets|met|sit\s+down|sat\s+down|"
    r"confer(?:s|red|ring)?|consult(?:s|ed|ing)?)\b"
)
_REQUESTED = re.compile(
    r"\b(?:demand(?:s|ed|ing)?|request(?:s|ed|ing)?|(?:call|ask|press|push)(?:s|es|ed|ing)?\s+for|seek(?:s|ing)?|sought)\s+"
    r"(?:(?:a|an|the|new|urgent|emergency|immediate|fresh|direct|further|early|special|[\w-]+-level)\s+){0,3}$"
)
_ENDED = re.compile(
    r"\b(?:end(?:s|ed)?|halt(?:s|ed)?|suspend(?:s|ed)?|abandon(?:s|ed)?|br(?:eak|oke|oken)\s+off|"
    r"(?:pull|walk)(?:s|ed)?\s+out\s+of|quit)\s+(?:(?:the|its|their|his|her|all|a|an)\s+)?(?:[\w-]+\s+){0,2}$"
)
# Talks as a prospect, not an event: "a favourable climate for peace talks", "paved the way for negotiations".
_PROSPECT = re.compile(
    r"\b(?:climate|conditions|atmosphere|way|ground|groundwork|prospects?|hopes?|chances?|path|door|momentum)\s+"
    r"(?:for|of|to)\s+(?:(?:the|a|an|any|new|fresh|further|future|peace|direct|[\w-]+-level)\s+){0,2}$"
)
_BODIES = frozenset({"cabinet", "board", "committee", "parliament", "politburo", "presidium", "jury", "panel", "senate", "congress"})
_INTRANSITIVE = re.compile(
    r"(?:\s+(?:on\s+)?(?:[A-Za-z]+day|today|yesterday|tonight|again|briefly|late|early|[a-z]+ly))*\s*(?:and\b|to\b|in\b|at\b|for\b|behind\b|[,.;]|$)"
)
_PRESS = re.compile(
    r"\s+(?:to\s+|with\s+)?(?:reporters|journalists|the\s+(?:media|press)|an?\s+(?:news|radio|television)|news\s+agenc|reuters|afp)\b", re.I
)
_LEAD_IN = re.compile(r"(?:\s+on\s+[A-Z]\w+|\s+to|\s+back)*\s+")  # "gave a welcome on Thursday to ..."
_MODIFIERS = frozenset("the his her their its our visiting foreign prime vice deputy crown former new senior top".split())
_GUESTS = frozenset({"counterpart", "delegation", "guest"})


def context_only(sentence: str, low: str, start: int, end: int) -> bool:
    """True when the meeting noun at start:end only frames another event (place, possessor, request, ended effort)."""
    if sentence[end:end + 2] in ("'s", "\u2019s"):
        return True  # "the meeting's co-chairman said"
    lo = max(0, start - 80)
    if _REQUESTED.search(low, lo, start) or _ENDED.search(low, lo, start) or _PROSPECT.search(low, lo, start):
        return True  # "demanded a meeting of the council", "ended mediation efforts", "a climate for peace talks"
    pp = _CONTEXT_PP.search(low, lo, start)
    if pp is None or _PARTICIPATE.search(low, max(0, pp.start() - 40), pp.start()):
        return False
    return not _CONSULT_VERB.search(low, 0, start)


def own_session(sentence: str, start: int, end: int) -> bool:
    """'The cabinet met on Sunday and decided ...': one body in session on its own, no other party consulted."""
    if not _INTRANSITIVE.match(sentence, end):
        return False
    subject = subject_before(sentence, start)
    return bool(subject) and subject.split()[-1].lower() in _BODIES  # type: ignore[union-attr]


def call_without_counterpart(sentence: str, end: int) -> bool:
    """'telephoned Russia's foreign minister' is a consultation; 'spoke by phone to reporters' is an interview."""
    if _PRESS.match(sentence, end):
        return True
    if sentence[:end].lower().endswith((" with", " to")):
        return False
    return not person_follows(sentence, end, names=True)


def person_follows(sentence: str, end: int, *, names: bool = False) -> bool:
    """True when a person (a role word, or with `names` a capitalised name) starts after `end`, not as a possessor.

    'welcomed South African leader Piet Molo' is hosting a visitor; 'welcomed the minister's decision' and
    'welcomed President Vell's statement' are not.
    """
    lead = _LEAD_IN.match(sentence, end)
    words = sentence[lead.end() if lead else end:].split()[:7]
    for i, word in enumerate(words):
        bare = word.strip(",.;:")
        base = re.sub(r"(?:'s|\u2019s)$", "", bare.lower())
        if _is_person_noun(base):
            return base == bare.lower() and not any(w.endswith(("'s", "\u2019s")) for w in _names_after(words[i + 1:]))
        if base != bare.lower():
            continue  # "Kellan's prime minister", "the country's president"
        if names and i == 0 and bare[:1].isupper():
            return True
        if bare.lower() not in _MODIFIERS and not bare[:1].isupper():
            return False
    return False


def _is_person_noun(word: str) -> bool:
    roles = word_set("person_roles")
    return word in roles or word in _GUESTS or word.endswith("s") and (word[:-1] in roles or word[:-1] in _GUESTS)


def _names_after(words: list[str]) -> list[str]:
    """The capitalised name words right after a role ('President Vell's' -> ["Vell's"])."""
    out = []
    for word in words:
        if not word[:1].isupper():
            break
        out.append(word.strip(",.;:"))
    return out
