"""Story features of a text and its signature (the part of story merging that reads words; see collector.stories).

Features are single content-word stems (stop words dropped, Snowball-stemmed, and words that outlets use for
one thing, "strike" / "walkout" / "stoppage", as one: story_synonyms.txt); capitalised words count
twice (a second "#" feature) and event numbers (counts, amounts, scores; not years or single digits)
NUMBER_WEIGHT times, round ones ("600") ROUND_WEIGHT times. Numbers are normalised before that, since
outlets write them differently: "2,400" and "2400", "4.2 million" / "€4.2m" and "4,200,000", "fourteen"
and "14" give the same feature (spelled numbers from ten up; smaller ones stay stop words, as most style
guides spell them out). Decades and age groups
("the 1990s", "under-18s") are kept but not weighted. Amounts of COARSE_MIN or more also give
COARSE_WEIGHT features rounded to one significant digit ("~6e4"), so that "some 58,000" and "60,000", or a
total and its parts' sum reported elsewhere, still share something.

A signature reads the headline and the text's first STORY_WORDS words. It holds five feature sets as sorted
hashes (CRC-32 in the low 30 bits, the feature's kind, plain word, name or event number, in the top two):
all features of headline + text, the headline's words, the lead's words (headline and first LEAD_WORDS
words), the lead's names and its event numbers; then, when signed with `vector=True` (the collector's
story_vectors setting), the lead's sentence vector (collector.story_embed, packed; else an empty section).
Layout: ``[SIGNATURE_MARK, six section lengths, the six sections]``. collector.story_model compares them.
"""
from __future__ import annotations

import re
import zlib
from functools import lru_cache
from importlib import resources
from typing import Any

from collector.story_embed import embed_lead, pack

# first value: version 4 (-3: no sentence vector; -2: whole texts, no synonyms; MinHash signatures held values >= 0)
SIGNATURE_MARK = -4
HASHED = 5  # hash sections: all features, headline words, lead words, lead names, lead numbers
SECTIONS = HASHED + 1  # ... and the lead's packed sentence vector (empty when signed without)
MAX_FEATURES = 1024  # hashes kept of a very long text's features
LEAD_WORDS = 35  # the lead: the headline and the text's first words
STORY_WORDS = 100  # words of a text signed: the event comes first, and long texts share more words by chance
PLAIN, NAME, NUMBER = 0, 1, 2  # feature kinds, kept in the top two bits of a feature's hash
_LOW = (1 << 30) - 1
NUMBER_WEIGHT = 5  # names recur across events of one actor; counts and amounts rarely do
ROUND_WEIGHT = 2  # a round number ("600", "20") recurs across unrelated events more than "2,450" does
COARSE_WEIGHT = 2  # rounded-amount features (0 disables them)
COARSE_MIN = 100
MIN_FEATURES = 5  # shorter texts get an empty signature and never merge
# "1990s" / "under-18s" stay one token: decades and age groups are no event numbers
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*s\b|\d+(?:[.,:]\d+)*|[^\W\d_]+", re.UNICODE)
_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split(), 0)
         if w != "_"}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS) | frozenset(_SCALES)
_SHORT_SCALES = {"k": 1_000, "m": 10**6, "bn": 10**9}  # written onto the digits: "€4.2m", "$3bn"
_GAP = re.compile(r"[\s-]+")  # between the words of one number: "twenty-five", "two million"
_LETTERS = re.compile(r"([^\W\d_]+)")
# a spelled number of ten or more contains one of these whole words (a substring test would also hit
# "often", "attention" or "written" and send most texts through the slower _spell_out)
_SPELLED_HINT = re.compile(
    r"\b(?:" + "|".join(sorted((w for w in _NUMBER_WORDS if w not in _UNITS or _UNITS[w] >= 10), key=len,
                                reverse=True)) + r")\b"
)  # searched in the lower-cased text (IGNORECASE makes this search five times slower)
_AMOUNT = r"(\d+(?:,\d{3})*(?:\.\d+)?)"
_SCALED = re.compile(rf"\b{_AMOUNT}[\s-]+(hundred|thousand|million|billion|trillion)\b", re.IGNORECASE)
# "m", "bn", "k" only after a currency sign: "200m" is more often a distance than an amount
_SHORT_SCALED = re.compile(rf"([$€£¥])\s?{_AMOUNT}(bn|m|k)\b", re.IGNORECASE)
STOP_WORDS = frozenset("""
a an the and or but nor if of to in on at by for with from as is are was were be been being has have had do does
did done not no yes it its this that these those he she they them his her hers their theirs we our ours you your
i me my mine who whom whose which what when where why how than then there here about above below after before
over under into onto out up down off again further once all any both each few more most less least other some
such only own same so too very can will would should could may might must shall also just like even still yet
said says say saying told tells tell according added adds reported reports report stated announced asked
one two three four five six seven eight nine ten first second third last next new old year years month months
week weeks day days today yesterday tomorrow morning evening night monday tuesday wednesday thursday friday
saturday sunday january february march april june july august september october november december percent per
cent around about some many much people since while during between against through across within without mr mrs
ms dr its via upon because however although though whether because
""".split())


def story_features(text: str, *, mark_names: bool = True) -> set[str]:
    """Content-word stems of a text; capitalised words count twice, event numbers NUMBER_WEIGHT times."""
    features: set[str] = set()
    for token in _TOKEN.findall(_normalise_numbers(text or "")):
        if token[0].isdigit():
            number = token.replace(",", "")
            features.add(number)
            if _is_event_number(number):
                weight = ROUND_WEIGHT if _is_round(number) else NUMBER_WEIGHT
                features.update("#" * k + number for k in range(1, weight))
                coarse = _coarse(number)
                if coarse:
                    features.update("~" * k + coarse for k in range(1, COARSE_WEIGHT + 1))
            continue
        lower = token.lower()
        if len(lower) < 3 or lower in STOP_WORDS:
            continue
        stem = _stem(lower)
        features.add(stem)
        if mark_names and token[0].isupper():
            features.add("#" + stem)
    return features


def _normalise_numbers(text: str) -> str:
    """Spelled numbers of ten or more as digits, and digits times their scale word ("4.2 million")."""
    lower = text.lower()  # cheap tests first: most texts need one substitution or none
    if _SPELLED_HINT.search(lower):
        text = _spell_out(text)
    if any(word in lower for word in _SCALES):
        text = _SCALED.sub(lambda m: _scaled(m.group(1), m.group(2)), text)
    if any(sign in text for sign in "$€£¥"):
        text = _SHORT_SCALED.sub(lambda m: m.group(1) + _scaled(m.group(2), m.group(3)), text)
    return text


def _spell_out(text: str) -> str:
    """Runs of number words as digits when they make a number of ten or more ("twenty-five" -> "25")."""
    parts = _LETTERS.split(text)  # separator, word, separator, word, ..., separator
    out = [parts[0]]
    k = 1
    while k < len(parts):
        end, value = k, None
        if parts[k].lower() in _NUMBER_WORDS:
            while end + 2 < len(parts) and parts[end + 2].lower() in _NUMBER_WORDS and _GAP.fullmatch(parts[end + 1]):
                end += 2
            value = _number(parts[k:end + 1:2])
        out += [value, parts[end + 1]] if value else parts[k:end + 2]
        k = end + 2
    return "".join(out)


def _number(words: list[str]) -> str | None:
    """The value of spelled number words when it is ten or more ("thousands", "a million" stay words)."""
    words = [w.lower() for w in words]
    if all(w in _SCALES for w in words):
        return None
    total = current = 0
    for word in words:
        if word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total, current = total + max(current, 1) * _SCALES[word], 0
        else:
            current += _UNITS.get(word, 0) + _TENS.get(word, 0)
    total += current
    return str(total) if total >= 10 else None


def _scaled(number: str, word: str) -> str:
    """Digits times their scale word as plain digits ("4.2", "million" -> "4200000")."""
    scale = _SCALES.get(word.lower()) or _SHORT_SCALES[word.lower()]
    return _format(float(number.replace(",", "")) * scale)


def _coarse(number: str) -> str | None:
    """An amount of COARSE_MIN or more rounded to one significant digit ("4200000" -> "4e6"), else None."""
    try:
        value = float(number)
    except ValueError:
        return None
    return f"{value:.0e}".replace("+0", "").replace("+", "") if value >= COARSE_MIN else None


def _format(value: float) -> str:
    """A scaled number as plain digits ("4200000"), with a decimal part only when one is left."""
    return str(int(value)) if value == int(value) else f"{value:.6f}".rstrip("0").rstrip(".")


def _is_round(number: str) -> bool:
    """One significant digit ("600", "20", "3000"): such numbers recur across unrelated events."""
    digits = number.replace(".", "").replace(":", "").strip("0")
    return len(digits) <= 1


def _is_event_number(number: str) -> bool:
    """Counts, amounts and scores (not years, not single digits) are specific to one event."""
    digits = number.replace(".", "").replace(":", "")
    return len(digits) >= 2 and digits.isdigit() and not (len(number) == 4 and number[:2] in ("19", "20"))


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """Snowball stem, as its synonym group's first word when it has one; cached (news vocabulary repeats)."""
    stem = _stemmer().stem(word)
    return _synonyms().get(stem, stem)


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    """Stem -> the stem of its group's first word, from the package's story_synonyms.txt."""
    text = resources.files("collector").joinpath("story_synonyms.txt").read_text(encoding="utf-8")
    stemmer, canon = _stemmer(), {}
    for line in text.splitlines():
        words = line.split("#", 1)[0].lower().split()
        for word in words:
            canon.setdefault(stemmer.stem(word), stemmer.stem(words[0]))
    return {stem: head for stem, head in canon.items() if stem != head}


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    """nltk's English Snowball stemmer, imported on first use: the collector process only compares
    signatures (StoryIndex) and must not pay nltk's ~3 s import in the middle of a pass."""
    from summarizer.nltk_lean import import_nltk

    import_nltk()
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


def story_signature(text: str, *, title: str | None = None, words: int | None = STORY_WORDS,
                    vector: bool = False) -> list[int]:
    """The story signature of an article (its first `words` words; None: all): its feature sets as tagged
    hashes (see collector.story_model) and, with `vector`, its lead's sentence vector; [] when it has too
    few features to be compared."""
    text = " ".join((text or "").split()[:words])
    features = story_features(text)
    title_features: set[str] = set()
    if title:  # many outlets capitalise Every Word of a headline: its capitals do not mark names
        title_features = story_features(title, mark_names=False)
        features |= title_features
    if len(features) < MIN_FEATURES:
        return []
    lead = story_features(f"{title or ''}. {' '.join((text or '').split()[:LEAD_WORDS])}")
    sections = (
        features,
        {f for f in title_features if not f.startswith("#")},
        {f for f in lead if not f.startswith("#")},
        {f for f in lead if _kind(f) == NAME},
        {f for f in lead if _kind(f) == NUMBER},
    )
    hashed = [sorted({_hash(f) for f in section}) for section in sections]
    if len(hashed[0]) > MAX_FEATURES:  # a huge text: a uniform sample of its features (kind bits ignored)
        hashed[0] = sorted(sorted(hashed[0], key=lambda h: h & _LOW)[:MAX_FEATURES])
    hashed.append(pack(embed_lead(text, title)) if vector else [])
    return [SIGNATURE_MARK, *map(len, hashed)] + [h for section in hashed for h in section]


def _kind(feature: str) -> int:
    """NAME for a name mark ("#stem"), NUMBER for the first mark of an event number ("#250"), else PLAIN."""
    if feature[:1] != "#" or feature[1:2] == "#":
        return PLAIN
    return NUMBER if feature[1:2].isdigit() else NAME


def _hash(feature: str) -> int:
    """CRC-32 of a feature in the low 30 bits, its kind in the top two."""
    return (zlib.crc32(feature.encode("utf-8")) & _LOW) | (_kind(feature) << 30)
