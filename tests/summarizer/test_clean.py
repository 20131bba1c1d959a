"""Input hygiene: boilerplate, bylines, punctuation repair, binary and HTML detection."""
from __future__ import annotations

import pytest

from summarizer.clean import (
    clean_text,
    decode_input,
    is_boilerplate,
    looks_like_html,
    repair_punctuation,
    split_title,
)
from summarizer.errors import BinaryInputError


@pytest.mark.parametrize(
    "line",
    ["Leave a Reply", "Your email address will not be published. Required fields are marked *",
     "Related Articles", "Share this:", "Back to top", "Subscribe to our newsletter", "Facebook | Twitter | Email",
     "Read more: Valdoria recalls ambassador", "Comment *"],
)
def test_boilerplate_lines_are_recognised(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    ["The ministry said it would share the report with parliament.",
     "Leave a reply in writing, the minister told Korsland.", "Related talks begin on Monday."],
)
def test_article_lines_are_kept(line: str) -> None:
    assert not is_boilerplate(line)


def test_clean_text_drops_boilerplate_related_list_and_author_bio(sample_text: str) -> None:
    cleaned = clean_text(sample_text)
    for gone in ("Leave a Reply", "Related Articles", "Share this", "Back to top", "Valdoria recalls ambassador",
                 "Elena Marsh is a diplomatic correspondent", "By Elena Marsh", "email address"):
        assert gone not in cleaned
    assert "expected next week" in cleaned
    assert cleaned.rstrip().endswith("later this month.")


def test_bio_at_end_is_dropped_but_never_the_only_paragraph() -> None:
    text = "Talks resumed in Dornholm on Monday.\n\nJohn Ames is a senior reporter for the Courier."
    assert clean_text(text) == "Talks resumed in Dornholm on Monday."
    assert clean_text("John Ames is a senior reporter for the Courier.") != ""


def test_repair_punctuation() -> None:
    assert repair_punctuation('It was "unacceptable" ., he said .') == 'It was "unacceptable". he said.'
    assert repair_punctuation("Talks , , resumed") == "Talks, resumed"
    assert repair_punctuation('The minister " said no.') == "The minister said no."


@pytest.mark.parametrize("text", ["Robert Downey Jr., Chris Hemsworth", "in the U.S., with", "at 2 a.m., police",
                                  "Washington D.C., Maryland", "the consumer group Which?, said"])
def test_repair_keeps_a_comma_after_an_abbreviation(text: str) -> None:
    assert repair_punctuation(text) == text


def test_repair_drops_a_comma_after_a_sentence_end() -> None:
    assert repair_punctuation("It began in China. , kite flying") == "It began in China. kite flying"


def test_split_title_takes_a_headline_line() -> None:
    assert split_title("Valdoria demands guarantees\n\nThe ministry said.") == (
        "Valdoria demands guarantees", "The ministry said.")
    assert split_title("The ministry said.\n\nMore text.")[0] is None


def test_binary_input_is_refused() -> None:
    with pytest.raises(BinaryInputError, match="binary"):
        decode_input(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(BinaryInputError):
        decode_input("".join(chr(i % 31) for i in range(500)))


def test_bytes_are_decoded() -> None:
    assert decode_input("Café talks".encode()) == "Café talks"
    assert decode_input("Caf\xe9".encode("cp1252")) == "Café"


def test_html_detection() -> None:
    assert looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    assert looks_like_html("<div><p>One</p><p>Two</p></div>")
    assert not looks_like_html("Profits rose 5% <sic> in the year to March.")
