"""Topic queries and subscription matching."""
from __future__ import annotations

import pytest

from briefing import TopicError, parse_topic, select_stories, story_matches
from tests.briefing.conftest import make_article, make_story

STRIKE = make_story(1, make_article("Dockers strike in Port Aldren", text="The city council met the union.", source_id=1))
FLOOD = make_story(2, make_article("River Tessel floods", text="Football match cancelled by the flood.", source_id=2))
BOTH = make_story(
    3,
    make_article("Strike and storm", text="City  council\nwarned of a strike.", source_id=3),
    make_article("Storm strike", text="Same", source="Northgate Herald", source_id=4),
)


def test_parse_topic_splits_keywords_phrases_and_exclusions() -> None:
    topic = parse_topic('Strike, "City Council" !football !"transfer window" strik*')
    assert topic.keywords == ("strike", "strik*")
    assert topic.phrases == ("city council",)
    assert topic.excluded == ("football", "transfer window")
    assert parse_topic("“city council”").phrases == ("city council",)


@pytest.mark.parametrize("query", ["", "   ", '""', "!", "*"])
def test_empty_topic_is_a_clear_error(query: str) -> None:
    with pytest.raises(TopicError, match="empty topic"):
        parse_topic(query)


def test_too_many_terms_and_too_long_are_errors() -> None:
    with pytest.raises(TopicError, match="too many"):
        parse_topic(" ".join(f"w{i}" for i in range(30)))
    with pytest.raises(TopicError, match="too long"):
        parse_topic("x" * 400)


def test_any_keyword_matches_case_insensitive_on_whole_words() -> None:
    assert story_matches(STRIKE, parse_topic("STRIKE flood"))
    assert story_matches(FLOOD, parse_topic("strike flood"))
    assert not story_matches(STRIKE, parse_topic("strik"))  # no partial words
    assert story_matches(STRIKE, parse_topic("strik*"))
    assert not story_matches(FLOOD, parse_topic("flo"))


def test_every_phrase_must_match_across_whitespace() -> None:
    assert story_matches(BOTH, parse_topic('"city council"'))  # newline and double space inside
    assert not story_matches(BOTH, parse_topic('"city council" "port aldren"'))
    assert story_matches(STRIKE, parse_topic('"city council" "port aldren"'))
    assert not story_matches(FLOOD, parse_topic('"council city"'))


def test_exclusions_win() -> None:
    assert not story_matches(FLOOD, parse_topic("flood !football"))
    assert story_matches(STRIKE, parse_topic("!football"))
    assert not story_matches(BOTH, parse_topic('strike !"city council"'))


def test_select_by_source_topic_and_all() -> None:
    stories = [STRIKE, FLOOD, BOTH]
    assert select_stories(stories, [("source", "Northgate Herald", 4)]) == [BOTH]
    assert select_stories(stories, [("source", "x", 99)]) == []
    assert select_stories(stories, [("source", "northgate herald", None)]) == [BOTH]
    assert select_stories(stories, [("topic", "flood", None), ("source", "", 1)]) == [STRIKE, FLOOD]
    assert select_stories(stories, [("topic", "storm", None), ("all", "", None)]) == stories
    assert select_stories(stories, []) == []


def test_select_skips_broken_topics_and_rejects_unknown_kinds() -> None:
    assert select_stories([STRIKE], [("topic", "", None)]) == []
    with pytest.raises(ValueError, match="unknown subscription kind"):
        select_stories([STRIKE], [("weird", "", None)])


def test_unclosed_quote_takes_the_rest_as_a_phrase() -> None:
    topic = parse_topic('strike "city council')
    assert topic.keywords == ("strike",) and topic.phrases == ("city council",)
    assert topic.describe() == 'strike "city council"'
