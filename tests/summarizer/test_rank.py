"""The default ranker: its centrality equals sumy's Reduction; the lead prior applies to short summaries."""
from __future__ import annotations

import pytest
from sumy.nlp.stemmers import null_stemmer
from sumy.summarizers.reduction import ReductionSummarizer

from summarizer.clean import clean_text
from summarizer.document import parse_document
from summarizer.rank import default
from summarizer.rank.centrality import content_terms, reduction_scores


@pytest.mark.parametrize("stem", [True, False])
def test_centrality_equals_sumy_reduction(stem: bool, long_article: str, sample_text: str) -> None:
    for text in (long_article, clean_text(sample_text)):
        doc = parse_document(text)
        stock = ReductionSummarizer(doc.stemmer if stem else null_stemmer)
        stock.stop_words = doc.stop_words
        ratings = stock.rate_sentences(doc.sumy_document)
        expected = [ratings[s] for s in doc.sumy_document.sentences]
        assert list(reduction_scores(content_terms(doc, stem=stem))) == pytest.approx(expected)


def test_short_weight_ramps_from_lead_to_centrality() -> None:
    assert default.short_weight(0.1) == 1.0
    assert default.short_weight(0.5) == 0.0
    assert 0.0 < default.short_weight(0.3) < 1.0


def test_default_with_half_the_article_is_pure_centrality(long_article: str) -> None:
    doc = parse_document(long_article)
    count = len(doc) // 2
    central = reduction_scores(content_terms(doc, stem=False))
    best = sorted(sorted(range(len(doc)), key=lambda i: (-central[i], i))[:count])
    assert default.summarize(doc, count) == best


def test_sumy_rankers_see_a_bounded_number_of_sentences() -> None:
    from summarizer import summarize
    from summarizer.rank import DEFAULT_LIMIT, sentence_limit

    assert sentence_limit("default") == DEFAULT_LIMIT
    assert sentence_limit("textrank") == 300
    assert sentence_limit("kl") == 100
    text = "\n\n".join(f"Paragraph {i} reports that the council met again today." for i in range(400))
    result = summarize(text, sentences=3, algorithm="kl")
    assert all(int(s.split()[1]) < 100 for s in result.summary)


def test_short_default_summary_skips_a_sentence_restating_a_chosen_one() -> None:
    from dataclasses import replace

    lead = ("The port authority of Velmora closed the northern harbour on Monday after a chemical tanker "
            "ran aground near the breakwater during a storm.")
    caption = ("The port authority of Velmora closed the northern harbour after a chemical tanker "
               "ran aground near the breakwater.")
    body = [lead, "Divers found no leak in the hull of the tanker, the authority said.", caption]
    body += [f"Ferry line {i} to the islands will sail from the southern quay until the harbour reopens."
             if i % 2 else f"Fishermen at pier {i} said the storm was the worst in twenty years." for i in range(3, 20)]
    doc = parse_document(" ".join(body))
    assert 2 in default.summarize(doc, 3, replace(default.WEIGHTS, redundancy=1.0))
    chosen = default.summarize(doc, 3)
    assert 0 in chosen and 2 not in chosen and len(chosen) == 3
