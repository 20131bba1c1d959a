"""Key point extraction benchmark: precision/recall/F1 per kind beside a trigger-verb baseline.

Data: ../shared/data/keypoints/plover-gsr.jsonl (single sentences, labels `label` and `label_broad`; its
meeting labels (CONSULT) include past meetings, which the product deliberately drops) and
bench/data/keypoints_articles.jsonl (fictional articles written for this project, with per-sentence labels,
actors, meeting places and dates). Also times extraction per article on the BBC set.

Set 4 of the articles was scored once blind; that first score is printed frozen beside its live table.
On PLOVER our system is scored with the meeting detector keeping past meetings (find_meeting(include_past=True)),
PLOVER's CONSULT definition; the product output (upcoming meetings only) is printed beside it for transparency.

Run: /tmp/venv/bin/python bench/bench_keypoints.py [--quick] [--limit N] [--errors]
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer.keypoints import extract_key_points  # noqa: E402
from summarizer.keypoints.meeting import find_meeting  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
KINDS = ("demand", "warning", "meeting")
Predictor = Callable[[list[str], date | None, str | None], list[set[str]]]

_BASELINE = {
    "demand": re.compile(r"\b(?:demand\w*|urg(?:e|ed|es|ing)|call(?:ed|s|ing)?\s+(?:for|on))\b", re.I),
    "warning": re.compile(r"\b(?:warn\w*|threat\w*)\b", re.I),
    "meeting": re.compile(r"\b(?:meet\w*|met|talks|visit\w*|summit\w*)\b", re.I),
}


def predict_ours(sentences: list[str], published: date | None, title: str | None) -> list[set[str]]:
    """Kinds per sentence from extract_key_points."""
    points = extract_key_points(sentences, published=published, title=title)
    kinds: list[set[str]] = [set() for _ in sentences]
    index = {s: i for i, s in enumerate(sentences)}
    for kp in points:
        kinds[index[kp.text]].add(kp.kind)
    return kinds


def predict_baseline(sentences: list[str], published: date | None, title: str | None) -> list[set[str]]:
    """Kinds per sentence from plain trigger-verb matching."""
    return [{k for k, rx in _BASELINE.items() if rx.search(s)} for s in sentences]


def prf(pred: Iterable[tuple[int, str]], gold: Iterable[tuple[int, str]], kind: str) -> tuple[float, float, float, int]:
    """Precision, recall, F1 and gold count for one kind over (item, kind) pairs."""
    p = {x for x in pred if x[1] == kind}
    g = {x for x in gold if x[1] == kind}
    tp = len(p & g)
    prec = tp / len(p) if p else (1.0 if not g else 0.0)
    rec = tp / len(g) if g else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1, len(g)


def table(title: str, rows: list[tuple[str, list[tuple[float, float, float, int]]]]) -> str:
    """A Markdown table: one row per system, P/R/F1 per kind."""
    head = "| system | " + " | ".join(f"{k} P | {k} R | {k} F1" for k in KINDS) + " |"
    sep = "|---|" + "---:|" * (3 * len(KINDS))
    lines = [f"### {title}", "", head, sep]
    for name, scores in rows:
        cells = " | ".join(f"{p:.2f} | {r:.2f} | {f:.2f}" for p, r, f, _ in scores)
        lines.append(f"| {name} | {cells} |")
    counts = ", ".join(f"{k} {s[3]}" for k, s in zip(KINDS, rows[0][1]))
    return "\n".join(lines + ["", f"gold items: {counts}", ""])


def predict_plover_measure(sentences: list[str], published: date | None, title: str | None) -> list[set[str]]:
    """Demands and warnings from extract_key_points; meetings from the detector with past meetings kept (PLOVER CONSULT)."""
    kinds = [k - {"meeting"} for k in predict_ours(sentences, published, title)]
    for k, s in zip(kinds, sentences):
        if find_meeting(s, s.lower(), published, include_past=True):
            k.add("meeting")
    return kinds


_MEASURE = "ours: extract_key_points, meetings incl. past (PLOVER CONSULT measure)"
_PLOVER_NOTE = """Label conventions that differ from ours (PLOVER is a development set, not the target definition):
- PLOVER `meeting` (CONSULT) includes past meetings ("met", "held talks", "telephoned"); the bot keeps only
  upcoming ones ("past meetings are not key points"). So our PLOVER row scores meetings with the detector keeping
  past meetings (find_meeting(include_past=True)); the product row (upcoming only) is near 0 there by design.
- Protest frame, as in PLOVER/CAMEO: a demand stated as the purpose of a protest action ("students marched to
  demand reforms", "farmers blocked roads demanding aid", "a rally calling for ...") is a protest, not a demand
  key point (summarizer/keypoints/protest.py). A direct speech act stays a demand, also from protest
  organisers ("the union demanded a raise", "protest leaders demanded the minister's resignation").
- Appeals ("urge", "call for", "ask") are DEMAND only in `label_broad`; we treat them as demands.
- An ultimatum is THREATEN in PLOVER; we count it as a demand (a warning only when the penalty is spelled out:
  "... or face sanctions"), and "must X or face Y" is both a demand and a warning for us (one label in PLOVER).
- Upcoming visits coded AGREE in PLOVER ("will visit X in June") are upcoming meetings for us (false positives
  under `label`, which has no future meetings).
"""


def bench_plover(path: Path, show_errors: bool = False) -> str:
    """Sentence-level scores on PLOVER for `label` and `label_broad`: our PLOVER measure, the product output, the baseline."""
    items = [json.loads(line) for line in path.open(encoding="utf-8")]
    systems = ((_MEASURE, predict_plover_measure), ("product output: extract_key_points (upcoming meetings only)", predict_ours),
               ("baseline: trigger verbs", predict_baseline))
    preds = {name: {(i, k) for i, it in enumerate(items) for k in predict([it["text"]], None, None)[0]}
             for name, predict in systems}
    out = []
    for field in ("label", "label_broad"):
        gold = {(i, it[field]) for i, it in enumerate(items) if it[field] in KINDS}
        rows = [(name, [prf(preds[name], gold, k) for k in KINDS]) for name, _ in systems]
        out.append(table(f"PLOVER GSR ({len(items)} sentences), gold = `{field}`", rows))
    out.append("(the two rows of ours differ only in meetings: the product drops past meetings, PLOVER counts them)\n")
    out.append(_PLOVER_NOTE)
    if show_errors:
        out.append(plover_errors(items, preds[_MEASURE], KINDS, _MEASURE))
    return "\n".join(out)


def plover_errors(items: list[dict], pred: set[tuple[int, str]], kinds: Iterable[str], name: str) -> str:
    """False positives and false negatives of one system on PLOVER (`label`), per kind."""
    lines = [f"### PLOVER errors of {name} (gold = `label`; [label/label_broad codes])", ""]
    for kind in kinds:
        gold = {(i, it["label"]) for i, it in enumerate(items) if it["label"] == kind}
        mine = {x for x in pred if x[1] == kind}
        for title, group in (("false positives", mine - gold), ("false negatives", gold - mine)):
            lines.append(f"#### {kind}: {title} ({len(group)})")
            for i, _ in sorted(group):
                it = items[i]
                lines.append(f"- [{it['label']}/{it['label_broad']} {','.join(map(str, it.get('codes') or []))}] {it['text']}")
            lines.append("")
    return "\n".join(lines)


def _same_actor(pred: str | None, gold: str) -> bool:
    if not pred:
        return False
    a, b = pred.lower().replace("the ", ""), gold.lower().replace("the ", "")
    return a in b or b in a


# Set 4's only blind scoring (recorded by hand before any rule was tuned on it; the live table shows the current code).
BLIND4_FIRST_SCORE = """### Own labelled articles, set 4: first and only blind scoring (frozen, before tuning on it)

| system | demand P | demand R | demand F1 | warning P | warning R | warning F1 | meeting P | meeting R | meeting F1 |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| extract_key_points (blind) | 1.00 | 0.92 | 0.96 | 1.00 | 0.67 | 0.80 | 0.78 | 0.88 | 0.82 |
| baseline: trigger verbs | 0.90 | 0.75 | 0.82 | 0.80 | 0.44 | 0.57 | 0.50 | 1.00 | 0.67 |

blind attributes: actor 0.91 (n 23), meeting `when` 1.00 (n 7), meeting `place` 0.71 (n 7)

"""

BLIND5_FIRST_SCORE = """### Own labelled articles, set 5: first and only blind scoring (frozen, before fixing what it showed)

Written by someone who had not seen the extractor, after the protest-frame and consultation rules.

| system | demand P | demand R | demand F1 | warning P | warning R | warning F1 | meeting P | meeting R | meeting F1 |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| extract_key_points (blind) | 0.83 | 0.83 | 0.83 | 1.00 | 1.00 | 1.00 | 0.90 | 0.69 | 0.78 |
| baseline: trigger verbs | 0.47 | 0.67 | 0.55 | 0.75 | 0.75 | 0.75 | 0.41 | 0.85 | 0.55 |

blind attributes: actor 0.96 (n 26), meeting `when` 1.00 (n 9), meeting `place` 0.89 (n 9)

"""


def bench_articles(path: Path, split: str | None = None) -> str:
    """Sentence-level scores on our labelled articles, plus actor / when / place accuracy of found points."""
    arts = [json.loads(line) for line in path.open(encoding="utf-8")]
    arts = [a for a in arts if split is None or a.get("split") == split]
    gold = {(f"{a['id']}#{lab['sentence']}", lab["kind"]) for a in arts for lab in a["labels"]}
    rows = []
    for name, predict in (("extract_key_points", predict_ours), ("baseline: trigger verbs", predict_baseline)):
        pred = set()
        for a in arts:
            kinds = predict(a["sentences"], date.fromisoformat(a["published"]), a.get("title"))
            pred |= {(f"{a['id']}#{i}", k) for i, ks in enumerate(kinds) for k in ks}
        rows.append((name, [prf(pred, gold, k) for k in KINDS]))
    label = {
        "dev": "set 1: written before any tuning, then tuned on",
        "heldout": "set 2: written after the first rules, scored once blind, then tuned on",
        "blind": "set 3: written last, never tuned on",
        "blind4": "set 4: written after the PLOVER-driven rules, scored once blind (frozen table above), then tuned on",
        "blind5": "set 5 (bench/data/keypoints_set5.jsonl): scored once blind (frozen table above), then fixed",
        None: "all sets",
    }[split]
    frozen = {"blind4": BLIND4_FIRST_SCORE, "blind5": BLIND5_FIRST_SCORE}.get(split or "", "")
    return frozen + table(f"Own labelled articles, {label} ({len(arts)} articles, {sum(len(a['sentences']) for a in arts)} sentences, "
                 f"{sum(1 for a in arts if not a['labels'])} without key points)", rows) + attributes(arts)


def attributes(arts: list[dict]) -> str:
    """Actor, meeting-date and meeting-place accuracy over correctly found key points."""
    tally = {"actor": [0, 0], "when": [0, 0], "place": [0, 0]}
    for a in arts:
        points = extract_key_points(a["sentences"], published=date.fromisoformat(a["published"]), title=a.get("title"))
        found = {(a["sentences"].index(kp.text), kp.kind): kp for kp in points}
        for lab in a["labels"]:
            kp = found.get((lab["sentence"], lab["kind"]))
            if kp is None:
                continue
            if lab["actor"]:
                tally["actor"][0] += _same_actor(kp.actor, lab["actor"])
                tally["actor"][1] += 1
            if lab["kind"] == "meeting":
                tally["when"][0] += kp.when == lab.get("when")
                tally["when"][1] += 1
                tally["place"][0] += (kp.place or "").lower() == (lab.get("place") or "").lower()
                tally["place"][1] += 1
    lines = ["| attribute (over correctly found key points) | accuracy | n |", "|---|---:|---:|"]
    notes = {"actor": "actor (gold actor set; containment match)", "when": "meeting `when` (exact ISO date or both null)",
             "place": "meeting `place` (exact, or both null)"}
    for key, (ok, n) in tally.items():
        lines.append(f"| {notes[key]} | {ok / n if n else 0:.2f} | {n} |")
    return "\n".join(lines) + "\n"


def bench_speed(limit: int) -> str:
    """Milliseconds per article for extract_key_points on BBC articles (Punkt-split, untrained)."""
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    path = SHARED / "bbc" / "bbc-news-summary.jsonl.gz"
    if not path.exists():
        return "(BBC data absent: speed skipped)\n"
    splitter = PunktSentenceTokenizer()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        docs = [splitter.tokenize(json.loads(line)["text"]) for _, line in zip(range(limit), fh)]
    published = date(2005, 3, 1)
    start = time.perf_counter()
    found = sum(len(extract_key_points(d, published=published)) for d in docs)
    base_start = time.perf_counter()
    for d in docs:
        predict_baseline(d, None, None)
    end = time.perf_counter()
    ours, base = (base_start - start) / len(docs) * 1000, (end - base_start) / len(docs) * 1000
    sents = sum(len(d) for d in docs) / len(docs)
    return ("| speed on BBC articles | ms / article | articles / s |\n|---|---:|---:|\n"
            f"| extract_key_points ({len(docs)} articles, {sents:.1f} sentences avg, {found} key points) | {ours:.3f} | {1000 / ours:.0f} |\n"
            f"| baseline: trigger verbs | {base:.3f} | {1000 / base:.0f} |\n")


def main() -> None:
    """Print all tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="time on 200 BBC articles instead of all")
    parser.add_argument("--limit", type=int, default=None, help="number of BBC articles to time")
    parser.add_argument("--errors", action="store_true", help="list PLOVER false positives/negatives per kind")
    args = parser.parse_args()
    limit = args.limit or (200 if args.quick else 2225)
    plover = SHARED / "keypoints" / "plover-gsr.jsonl"
    print(bench_plover(plover, args.errors) if plover.exists() else "(PLOVER data absent: skipped)\n")
    for split in ("dev", "heldout", "blind", "blind4", None):
        print(bench_articles(ROOT / "bench" / "data" / "keypoints_articles.jsonl", split))
    print(bench_articles(ROOT / "bench" / "data" / "keypoints_set5.jsonl", "blind5"))
    print(bench_speed(limit))


if __name__ == "__main__":
    main()
