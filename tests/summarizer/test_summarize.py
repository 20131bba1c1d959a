"""summarize(): algorithms, determinism, languages, bad and huge input, the JSON contract."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import pytest

import config.settings
from summarizer import (
    ALGORITHMS,
    BinaryInputError,
    EmptyTextError,
    Summary,
    SummarizerError,
    UnknownAlgorithmError,
    summarize,
)
from summarizer.core import parse_published

FRENCH = (
    "Le gouvernement de Valdorie a annoncé lundi un nouveau plan pour les transports publics dans la capitale. "
    "Les lignes de tramway seront prolongées jusqu'aux quartiers du nord avant la fin de l'année prochaine. "
    "Le ministre des transports a déclaré que les travaux commenceraient au printemps. "
    "Les habitants se sont dits satisfaits, mais ils attendent des précisions sur le coût du projet. "
    "Selon la mairie, le budget total dépasse les deux cents millions d'euros pour la ville."
)


def test_algorithms_match_settings() -> None:
    assert ALGORITHMS == config.settings.ALGORITHMS


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_each_algorithm_returns_sentences_in_article_order(algorithm: str, long_article: str) -> None:
    result = summarize(long_article, sentences=3, algorithm=algorithm)
    assert len(result.summary) == 3
    positions = [long_article.index(s) for s in result.summary]
    assert positions == sorted(positions)


def test_lead_takes_the_first_sentences(long_article: str) -> None:
    result = summarize(long_article, sentences=2, algorithm="lead")
    assert result.summary[0].startswith("The city council of Marrowby")
    assert result.summary[1].startswith("The barrier")


def test_default_keeps_the_lead_of_a_short_summary(sample_text: str) -> None:
    result = summarize(sample_text, sentences=3)
    assert result.summary[0].startswith("The Valdorian foreign ministry on Monday demanded")
    assert all("Leave a Reply" not in s and "Related" not in s for s in result.summary)


def test_summary_is_deterministic(sample_text: str) -> None:
    first = [summarize(sample_text, algorithm=a).to_dict() for a in ALGORITHMS]
    second = [summarize(sample_text, algorithm=a).to_dict() for a in ALGORITHMS]
    assert first == second


def test_unknown_algorithm_names_the_choices(long_article: str) -> None:
    with pytest.raises(UnknownAlgorithmError, match="textrank"):
        summarize(long_article, algorithm="magic")


def test_title_is_taken_from_a_headline_line_or_the_argument(sample_text: str) -> None:
    assert summarize(sample_text).title == (
        "Valdoria demands written guarantees from Korsland over border troop build-up")
    assert summarize(sample_text, title="Given").title == "Given"


def test_more_sentences_than_the_article_has(long_article: str) -> None:
    result = summarize("One sentence only. And a second one.", sentences=10)
    assert result.summary == ["One sentence only.", "And a second one."]


def test_json_field_names(sample_text: str) -> None:
    data = json.loads(json.dumps(summarize(sample_text, published="2026-03-16").to_dict()))
    assert set(data) == {"title", "summary", "key_points", "language"}
    for kp in data["key_points"]:
        assert set(kp) == {"kind", "text", "actor", "score", "participants", "place", "when"}
    assert Summary.from_dict(data).to_dict() == data


def test_key_point_json_has_every_field_and_copies_participants() -> None:
    from dataclasses import asdict

    from summarizer.models import KeyPoint

    point = KeyPoint("meeting", "Ministers meet in Ostvik today.", "Ministers", 0.9, ["Ministers", "Lena Ostrova"],
                     "Ostvik", "2026-03-16")
    data = point.to_dict()
    assert data == asdict(point)
    data["participants"].append("someone else")
    assert point.participants == ["Ministers", "Lena Ostrova"]


def test_non_english_text_gets_a_summary_and_no_key_points() -> None:
    result = summarize(FRENCH, sentences=2)
    assert result.language == "french"
    assert result.key_points == []
    assert len(result.summary) == 2


def test_english_is_recognised(sample_text: str) -> None:
    assert summarize(sample_text).language == "english"


@pytest.mark.parametrize("text", ["", "   \n\n  ", "Leave a Reply\nBack to top\nShare this"])
def test_empty_input(text: str) -> None:
    with pytest.raises(EmptyTextError):
        summarize(text)


def test_binary_input() -> None:
    with pytest.raises(BinaryInputError):
        summarize(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4)


def test_bad_sentence_count_and_date(long_article: str) -> None:
    with pytest.raises(SummarizerError, match="sentences"):
        summarize(long_article, sentences=0)
    with pytest.raises(SummarizerError, match="published"):
        summarize(long_article, published="last Tuesday-ish")


def test_published_accepts_datetime_date_and_iso() -> None:
    assert parse_published("2026-03-16") == date(2026, 3, 16)
    assert parse_published("2026-03-16T09:30:00Z") == datetime.fromisoformat("2026-03-16T09:30:00+00:00")
    assert parse_published(date(2026, 3, 16)) == date(2026, 3, 16)
    assert parse_published(None) is None


def test_five_megabytes_of_text_finish_with_a_bounded_result(long_article: str) -> None:
    text = (long_article + "\n\n") * (5_000_000 // (len(long_article) + 2))
    assert len(text) > 4_900_000
    started = time.perf_counter()
    result = summarize(text, sentences=5)
    assert len(result.summary) == 5
    assert time.perf_counter() - started < 120  # generous: the point is that it completes


def test_oversized_input_is_cut_to_max_chars(long_article: str) -> None:
    result = summarize(long_article, sentences=50, max_chars=200)
    assert len(" ".join(result.summary)) <= 200


def test_html_input_is_reduced_to_main_text() -> None:
    body = "".join(
        f"<p>The Marrowby council voted on measure {i} of the flood plan on Tuesday, officials said.</p>"
        for i in range(8)
    )
    html = (
        "<!DOCTYPE html><html><head><title>Marrowby flood plan passes</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Marrowby flood plan passes</h1>{body}</article>"
        "<footer>Copyright 2026 Marrowby Post. All rights reserved.</footer></body></html>"
    )
    result = summarize(html, sentences=2)
    assert result.title == "Marrowby flood plan passes"
    assert all("<" not in s and "Home" not in s for s in result.summary)
    assert all("flood plan" in s for s in result.summary)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Die Regierung von Valdorien hat am Montag einen neuen Plan für den Verkehr vorgestellt. "
         "Die Straßenbahnlinien sollen bis Ende nächsten Jahres in die nördlichen Stadtteile verlängert werden. "
         "Der Verkehrsminister sagte, dass die Arbeiten im Frühjahr beginnen würden.", "german"),
        ("瓦尔多利亚政府星期一宣布了新的公共交通计划。有轨电车线路将在明年年底前延伸到北部地区。交通部长表示，工程将于春季开始。",
         "chinese"),
    ],
)
def test_other_languages_are_named_and_summarized(text: str, language: str) -> None:
    result = summarize(text, sentences=2)
    assert result.language == language
    assert len(result.summary) == 2 and result.key_points == []


def test_summarizing_loads_nltk_without_scipy_stats() -> None:
    """nltk's optional Fisher test would pull in scipy.stats (~70 MB, ~0.7 s) in every summarizing process."""
    probe = ("import sys\nfrom summarizer import summarize\nfrom collector.story_text import story_features\n"
             "s = summarize('The council approved the tram line on Tuesday. Work starts in May. '\n"
             "              'The mayor warned that costs could rise. Residents welcomed the plan.')\n"
             "assert s.summary and story_features('Dockers walked out')\n"
             "print('nltk' in sys.modules, 'scipy.stats' in sys.modules)\n"
             "import scipy.stats\nprint(scipy.stats.norm.cdf(0.0))")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "False", "0.5"]
