"""Who demands, warns or meets: the subject or speaker of a clause, resolved through pronouns."""
from __future__ import annotations

import re
from functools import cache
from typing import Sequence

from .lexicon import load_words, word_set

PRONOUNS_PERSON = frozenset({"he", "she", "him", "her"})
PRONOUNS_GROUP = frozenset({"it", "they", "we"})
_WORD = r"[A-Z][\w'\u2019.-]*"
_NAME = re.compile(rf"{_WORD}(?:\s+(?:of|for|de|van|von|al|bin|and)(?:\s+the)?\s+{_WORD}|\s+{_WORD})*")
_CAL = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december the a an in on at but and this that it he she they we".split()
)
_TRAIL = re.compile(
    r"(?:[\s,]+(?:on\s+\w+day|today|yesterday|tonight|also|again|now|has|have|had|is|are|was|were|will|would|"
    r"shall|could|may|might|then|further|formally|publicly|repeatedly|strongly|earlier|last\s+\w+|"
    r"(?:is|are)\s+(?:due|set|scheduled|expected|going|to)(?:\s+to)?|plans?|planning|intends?|to|"
    r"in\s+a\s+statement|in\s+\w+\s+statement|not|never|already|both))+$",
    re.IGNORECASE,
)
_VERB = re.compile(
    r"\s(?:will|would|is|are|was|were|has|have|had|arrives?|arrived|travels?|plans?|intends?|also|may|could|shall|"
    r"(?:issued|gave|sent|delivered)(?:\s+an?)?|reiterated|repeated|renewed|joined)\b"
)
_CONJ = re.compile(r"^\s*(?:but|and|yet|while|with|despite|though|although)\b\s*", re.IGNORECASE)
_SAID_END = re.compile(r"^(?:.*[,;]\s*)?((?:[Tt]he\s+)?[A-Z][\w'\u2019-]*(?:\s+[\w'\u2019-]+){0,4}?)\s+(?:said|says|added)\s*$")
_LEAD = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"^(?:their|its|his|her|our)\s+(?=\w)", re.IGNORECASE)
_SPOKES = re.compile(r"^(?:a|an|the)\s+(\w+)\s+(?:spokes\w+|official|source|statement)s?$", re.IGNORECASE)
_RELATIVE = re.compile(r"\s+(?:who|which|whose)\s+.*$")


_HEAD_NAME = re.compile(
    r"\b(?:company|firm|group|operator|agency|party|union|carmaker|airline|bank)\s+([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)*)$"
)


# Commas split clauses, but not the thousands separator in "12,000".
_CHUNK = re.compile(r"(?:,(?!\d)|(?<!\d),|[;:\u2014\"\u201c\u201d])\s*")
_NO_SUBJECT = re.compile(
    r"^(?:(?:on\s+[A-Z]\w+day|yesterday|today|also|again|now|then|earlier|later|[a-z]+ly)\s+)*"
    r"(?:(?:is|are|was|were|has|have|had|will|would|could|should|may|might|must|shall|can|did|does|do)\b|$)"
)
_INSERT = re.compile(
    r"^(?:who|which|whose|whom|where|including|such\s+as|like|along\s+with|together\s+with|in|on|at|for|"
    r"according\s+to|however|meanwhile|though|too|also|for\s+(?:its|their|his|her)\s+part)\b",
    re.IGNORECASE,
)
_APPOSITIVE = re.compile(r"^(?:the|a|an|its|his|her|their|[A-Z][\w'\u2019-]*'s)\s", re.IGNORECASE)
_NOT_SUBJECT_START = frozenset(
    "in on at after before during when while as if since although though despite for with by from under "
    "over amid following according speaking asked meanwhile however but and".split()
)

_MAIN_VERB = re.compile(r"\s(?:[a-z]+ed|went|met|took|gave|held|ran|came|left|made|gathered|rallied)\b")

_SUBORDINATE = re.compile(r"\b(?:after|before|as|when|because|while|since)\s+(?=[A-Z])")
_LEADING = re.compile(r"^(?:(?:on\s+)?[A-Z]\w+day|yesterday|today|last\s+\w+|later|earlier|but|and|so|yet)\s+(?=\S)", re.I)

_LOOKBACK = 6  # sentences searched for the antecedent of a pronoun or bare role


@cache
def _said() -> re.Pattern[str]:
    speech = "|".join(load_words("speech"))
    return re.compile(rf"^(.*?)\s+(?:{speech})\b(?:\s+(?:on\s+\w+|in\s+a\s+statement|\w+day))?(?:\s+that)?\s")


@cache
def _attribution() -> tuple[re.Pattern[str], re.Pattern[str]]:
    speech = "|".join(load_words("speech"))
    after = re.compile(
        rf"[,.!?][\"'\u201d\u2019]?\s+((?:[Tt]he|[Aa]n?|[Tt]heir|[Ii]ts|[Hh]is|[Hh]er)\s+[^,\"]{{1,60}}?|{_WORD}[^,\"]{{0,60}}?)\s+(?:{speech}|warned)\b"
    )
    inverted = re.compile(rf",\s+(?:{speech})\s+((?:the\s+)?[^,.]{{2,60}})[.,]?\s*$")
    return after, inverted


@cache
def _role_phrases() -> tuple[re.Pattern[str], re.Pattern[str]]:
    heads = "|".join(sorted(word_set("org_heads") | word_set("person_roles")))
    the = re.compile(rf"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er)\s+(?:[\w'\u2019-]+\s+){{0,3}}?(?:{heads})s?\b")
    named = re.compile(rf"(?:[\w'\u2019-]+\s+)?(?:{heads})\s+{_WORD}(?:\s+{_WORD})*")
    return the, named


def subject_before(sentence: str, pos: int) -> str | None:
    """Return the subject noun phrase of the clause that ends at `pos` (the trigger), or None."""
    prefix = sentence[:pos]
    said = _said().search(prefix)
    if said and len(said.group(1).split()) <= 10:
        prefix = said.group(1)
    chunks = _CHUNK.split(prefix) if not said else prefix.split(", ")
    chunks[-1] = _CONJ.sub("", chunks[-1])
    chunks = _skip_inserts(chunks)
    while len(chunks) > 1 and not chunks[-1].strip():
        chunks.pop()  # ", demanding ..." and "X said, but warned" take the main clause's subject
        if said is None and (speaker := _SAID_END.search(chunks[-1])):
            return speaker.group(1)
        clause = _SUBORDINATE.split(chunks[-1])[-1]  # "The row came after Ana Brisk defended ..., warning"
        chunks[-1] = _MAIN_VERB.split(clause, maxsplit=1)[0]  # "Crowds marched ..., demanding"
    prefix = chunks[-1]
    prefix = _RELATIVE.sub("", prefix)
    prefix = _VERB.split(prefix, maxsplit=1)[0]
    prefix = _TRAIL.sub("", prefix.rstrip()).strip(" ,'\"")
    words = prefix.split()
    if words and words[-1].lower() in PRONOUNS_PERSON | PRONOUNS_GROUP:
        return words[-1]  # "During the visit he ..."
    if not words or len(words) > 9:
        return None
    return prefix


def _skip_inserts(chunks: list[str]) -> list[str]:
    """'The union, which represents 9,000 staff, is calling for': drop relative clauses and appositives."""
    if len(chunks) < 2:
        return chunks
    last = chunks[-1].strip()
    if not last or _NO_SUBJECT.match(last):
        body = chunks[:-1]
    elif _INSERT.match(last):
        body = list(chunks)
    else:
        return chunks
    skipped = False
    while len(body) > 1 and _is_insert(body[-1].strip(), body[-2].strip()):
        body.pop()
        skipped = True
    if not skipped:  # "The mayor of Linthorpe, Greta Sawle, will host": the name before the bare verb is the subject
        bare_verb = last and _NO_SUBJECT.match(last) and len(body) < len(chunks)
        return body + [""] if bare_verb and _NAME.fullmatch(body[-1].strip()) else chunks
    return body + [""] if not last else body  # an empty last chunk still marks a participle (", demanding")


def _is_insert(chunk: str, before: str) -> bool:
    """A relative clause, aside or appositive that sits between a subject and its verb."""
    if _INSERT.match(chunk):
        return True
    words = before.split()
    return bool(
        _APPOSITIVE.match(chunk) and words and 0 < len(words) <= 8 and words[0][:1].isupper()
        and words[0].lower() not in _NOT_SUBJECT_START
    )


def attribution_after(sentence: str, pos: int) -> str | None:
    """Return the speaker of a trailing attribution after `pos` ('..., the ministry said.')."""
    tail = sentence[pos:]
    after, inverted = _attribution()
    m = after.search(tail) or inverted.search(tail)
    return m.group(1) if m else None


def mentions(sentence: str) -> list[str]:
    """Return candidate entity mentions in order: proper-name spans and 'the <org/role>' phrases."""
    found: list[tuple[int, str]] = []
    for m in _NAME.finditer(sentence):
        words = [w for w in m.group(0).split() if w.lower() not in _CAL]
        if words and not (m.start() == 0 and len(words) == 1 and len(m.group(0).split()) == 1 and _is_common(words[0])):
            found.append((m.start(), m.group(0)))
    the, named = _role_phrases()
    found.extend((m.start(), m.group(0)) for m in the.finditer(sentence))
    found.extend((m.start(), m.group(0)) for m in named.finditer(sentence))
    return [text for _, text in sorted(found)]


def _is_common(word: str) -> bool:
    return word.lower() in word_set("person_roles") or word.lower() in word_set("org_heads") or word.lower() in _CAL


def kind_of(mention: str) -> str:
    """Classify a mention as 'person', 'org' or 'other'."""
    low = mention.lower().split()
    if any(w.rstrip("s") in word_set("org_heads") or w in word_set("org_heads") for w in low):
        if not any(w in word_set("person_roles") for w in low[-1:]):
            return "org"
    if any(w in word_set("person_roles") for w in low):
        return "person"
    caps = [w for w in mention.split() if w[:1].isupper() and w.lower() not in _CAL]
    if 2 <= len(caps) <= 3 and len(caps) == len(mention.split()):
        return "person"
    return "other"


def resolve(actor: str | None, context: Sequence[str]) -> str | None:
    """Resolve pronouns, bare roles ('the ministry') and surnames against earlier sentences (latest first)."""
    if actor is None:
        return None
    actor = _POSSESSIVE.sub("", actor.strip(" ,.'\"\u201c\u201d"))  # "..., their union said": the union
    low = _LEAD.sub("", actor.lower())
    spokes = _SPOKES.match(actor)
    if spokes and spokes.group(1).lower() in word_set("org_heads"):
        low = spokes.group(1).lower()
    want: tuple[str, str | None] | None = None
    if low in PRONOUNS_PERSON:
        want = ("person", None)
    elif low in PRONOUNS_GROUP:
        want = ("org", None)
    elif low in word_set("org_heads") or low in word_set("person_roles"):
        want = ("org" if low in word_set("org_heads") else "person", low)
    elif re.fullmatch(_WORD, actor):
        want = ("surname", actor)
    if want is None:
        return clean(actor)
    found = _search(want, context)
    if found:
        return clean(found)
    return None if low in PRONOUNS_PERSON or low in PRONOUNS_GROUP else clean(actor)


def _search(want: tuple[str, str | None], context: Sequence[str]) -> str | None:
    kind, word = want
    generic: str | None = None
    for sentence in reversed(context[-_LOOKBACK:]):
        for mention in mentions(sentence):  # the subject (first mention) first
            if kind == "surname":
                if mention.split()[-1] == word and len(mention.split()) > 1:
                    return mention
                continue
            if kind_of(mention) != kind or mention.lower() in PRONOUNS_GROUP:
                continue
            if word is not None and word not in mention.lower():
                continue
            bare = _LEAD.sub("", mention.lower())
            if bare in word_set("org_heads") or bare in word_set("person_roles") or mention.split()[0].lower() in ("his", "her", "its"):
                generic = generic or mention
                word = word or bare.split()[-1]
                continue
            named = _HEAD_NAME.search(mention)
            return named.group(1) if named else mention
    return generic if kind != "surname" else None


def clean(actor: str) -> str:
    """Drop a leading article and surrounding punctuation from an actor phrase."""
    return _LEAD.sub("", _LEADING.sub("", actor.strip(" ,.'\"\u201c\u201d")))
