"""Sentence splitting and word tokens without downloaded NLTK data."""
from __future__ import annotations

import pytest

from summarizer.tokenize import SumyTokenizer, split_paragraphs, split_sentences, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. economy grew 2.5% in Jan. last year. Analysts were surprised.",
         ["The U.S. economy grew 2.5% in Jan. last year.", "Analysts were surprised."]),
        ("Mr. Smith met Mrs. Jones and Dr. Brown. They talked.",
         ["Mr. Smith met Mrs. Jones and Dr. Brown.", "They talked."]),
        ("He lives at No. 10 Downing Street. It is old.",
         ["He lives at No. 10 Downing Street.", "It is old."]),
        ("The report by J. R. Hartley was late. It came on Friday.",
         ["The report by J. R. Hartley was late.", "It came on Friday."]),
        ('"We will not give in," she said. "Never."',
         ['"We will not give in," she said.', '"Never."']),
        ("Prices rose 3.75 points, i.e. a record. Then they fell.",
         ["Prices rose 3.75 points, i.e. a record.", "Then they fell."]),
        ("Is this the end? No! It is only the start.",
         ["Is this the end?", "No!", "It is only the start."]),
    ],
)
def test_split_sentences_handles_abbreviations_decimals_and_quotes(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_split_sentences_keeps_paragraph_boundaries() -> None:
    text = "First paragraph ends here\n\nSecond paragraph starts. And ends."
    assert split_sentences(text) == ["First paragraph ends here", "Second paragraph starts.", "And ends."]


def test_hard_wrapped_lines_are_joined() -> None:
    assert split_paragraphs("The minister said the talks\nwould resume next week.") == [
        "The minister said the talks would resume next week."
    ]


def test_words_keep_inner_hyphens_and_apostrophes_and_drop_numbers() -> None:
    assert words("Korsland's well-known 42 troops (armoured) moved.") == (
        "Korsland's", "well-known", "troops", "armoured", "moved",
    )


def test_sumy_tokenizer_interface() -> None:
    tok = SumyTokenizer("english")
    assert tok.language == "english"
    assert tok.to_sentences("One here. Two there.") == ("One here.", "Two there.")
    assert tok.to_words("One here.") == ("One", "here")
