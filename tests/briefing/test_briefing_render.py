"""Telegram HTML: escaping, allowed and balanced tags, chunk sizes, merged outlets, meetings, fallbacks."""
from __future__ import annotations

from datetime import date, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest

from briefing import (
    rank_stories,
    render_agenda,
    render_brief,
    render_digest,
    render_empty_digest,
    render_more,
    render_terminal,
    tg_len,
    to_plain_text,
    truncate_html,
)
from summarizer.models import KeyPoint
from tests.briefing.conftest import NOW, make_article, make_story

ALLOWED = {"b", "i", "u", "s", "a", "code", "pre", "blockquote"}
HOSTILE = 'Mayor <script>alert("x")</script> says &amp; <b>unclosed & <a href="javascript:1">'


class TagChecker(HTMLParser):
    """Fails on unknown tags, unbalanced tags or attributes other than a href."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in ALLOWED, tag
        assert all(name == "href" and tag == "a" for name, _ in attrs), attrs
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_html(markup: str) -> str:
    """Assert Telegram-safe, balanced HTML; return its text."""
    checker = TagChecker()
    checker.feed(markup)
    checker.close()
    assert checker.stack == []
    assert "&" not in markup.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "").replace("&quot;", "")
    return "".join(checker.text)


def meeting(day: str, text: str = "Ministers will meet in Port Aldren.", place: str | None = "Port Aldren") -> KeyPoint:
    return KeyPoint("meeting", text, actor="Ministers", place=place, when=day)


def test_hostile_text_is_escaped_everywhere(tz: ZoneInfo) -> None:
    point = KeyPoint("demand", HOSTILE, actor=HOSTILE)
    bad = make_article(HOSTILE, source=HOSTILE, text=HOSTILE, sentences=[HOSTILE], points=[point], url="javascript:alert(1)")
    story = make_story(1, bad)
    outputs = [c.html for c in render_brief([story], tz=tz, now=NOW)]
    outputs += render_digest([story], tz=tz, now=NOW, since=NOW - timedelta(days=1))
    outputs += [render_more(story, tz=tz, now=NOW)]
    for markup in outputs:
        text = check_html(markup)
        assert "<script>" in text  # shown literally, never as a tag
        assert "&amp;amp;" in markup and "javascript:" not in markup.split("<a href=")[-1][:20]
        assert "<script>" not in markup


def test_control_characters_are_dropped(tz: ZoneInfo) -> None:
    story = make_story(1, make_article("Bell\x07 \x1b[31mred\x1b[0m title", sentences=["a\x00b"]))
    markup = render_brief([story], tz=tz, now=NOW)[0].html
    assert "\x1b" not in markup and "\x07" not in markup and "\x00" not in markup


def test_merged_story_names_its_outlets(tz: ZoneInfo) -> None:
    story = make_story(
        7,
        make_article("Strike at port", source="Eastbank Courier", source_id=3, published=NOW - timedelta(hours=1)),
        make_article("Port walkout", source="Northgate Herald", source_id=2, published=NOW - timedelta(hours=2)),
        make_article("Dockers strike", source="Valmora Post", url="https://valmora.example/a",
                     published=NOW - timedelta(hours=3), points=[KeyPoint("demand", "Dockers demanded pay.")]),
    )
    chunk = render_brief([story], tz=tz, now=NOW)[0]
    assert "3 outlets: Valmora Post, Northgate Herald, Eastbank Courier" in chunk.html
    assert '<a href="https://valmora.example/a">Dockers strike</a>' in chunk.html
    assert chunk.stories == [story]
    assert "outlets" not in render_brief([make_story(8, make_article())], tz=tz, now=NOW)[0].html


def test_many_stories_split_at_story_boundaries_under_the_limit(tz: ZoneInfo) -> None:
    stories = [
        make_story(i, make_article(f"Story {i}", sentences=[f"Sentence {i} " + "word " * 150]))
        for i in range(40)
    ]
    chunks = render_brief(stories, tz=tz, now=NOW, max_stories=40)
    assert len(chunks) > 3
    assert [s.id for c in chunks for s in c.stories] == list(range(40))
    for chunk in chunks:
        assert tg_len(chunk.html) <= 4096
        check_html(chunk.html)
        for story in chunk.stories:
            assert f">Story {story.id}</a>" in chunk.html
    digest = render_digest(stories, tz=tz, now=NOW, since=NOW - timedelta(days=1), max_stories=40)
    assert len(digest) > 3 and all(tg_len(m) <= 4096 for m in digest)
    for message in digest:
        check_html(message)


def test_one_huge_story_is_trimmed_safely(tz: ZoneInfo) -> None:
    huge = ("A & B <c> " * 900) + "🚀" * 500
    points = [KeyPoint("warning", huge, actor="Agency & Co") for _ in range(3)]
    story = make_story(1, make_article("Huge " * 50, sentences=[huge], points=points))
    for limit in (4096, 500, 120):
        chunks = render_brief([story], tz=tz, now=NOW, max_chars=limit)
        for chunk in chunks:
            assert tg_len(chunk.html) <= limit
            check_html(chunk.html)
        assert chunks[-1].stories == [story]
    more = render_more(story, tz=tz, now=NOW)
    assert tg_len(more) <= 4096 and more.rstrip("</>bia").endswith("…")
    check_html(more)


def test_truncate_html_never_cuts_a_tag_or_entity() -> None:
    markup = '<b>bold &amp; <a href="https://x.example/?a=1&amp;b=2">link text here</a></b> tail &lt;'
    for limit in range(1, len(markup) + 2):
        cut = truncate_html(markup, limit)
        assert tg_len(cut) <= limit
        if limit >= 10:
            check_html(cut)
    assert truncate_html(markup, 1000) == markup


def test_meetings_show_dates_upcoming_only_with_points(tz: ZoneInfo) -> None:
    points = [
        KeyPoint("demand", "Fishers demanded higher quotas.", actor="Fishers' guild"),
        KeyPoint("warning", "The agency warned of storms.", actor="Weather agency"),
        meeting("2026-12-14"),
        meeting("2026-11-20", "Ministers met last week.", place="Old Town"),
    ]
    story = make_story(1, make_article("Quota talks", points=points))
    html = render_brief([story], tz=tz, now=NOW)[0].html
    assert "Mon 14 Dec" in html and "Port Aldren" in html and "Ministers" in html
    assert "Fishers&#x27;" not in html and "Fishers' guild" in html
    assert "Weather agency" in html and "last week" not in html
    more = render_more(story, tz=tz, now=NOW)
    assert "Fishers demanded" in more and "Mon 14 Dec" in more


def test_dates_follow_the_chat_time_zone() -> None:
    late = NOW.replace(hour=23, minute=30)  # Mon 23:30 UTC = Tue 08:30 Tokyo
    story = make_story(1, make_article("Talks", points=[meeting("2026-12-01")], published=late))
    tokyo = render_brief([story], tz=ZoneInfo("Asia/Tokyo"), now=late)[0].html
    utc = render_brief([story], tz=ZoneInfo("UTC"), now=late)[0].html
    assert "Tue 1 Dec (today)" in tokyo and "· 08:30</i>" in tokyo and "Tue 1 Dec 08:30" in tokyo
    assert "Tue 1 Dec (tomorrow)" in utc and "· 23:30</i>" in utc


def test_agenda_is_soonest_first_deduplicated_and_skips_the_past(tz: ZoneInfo) -> None:
    a = make_story(1, make_article("Quota", points=[meeting("2026-12-14")]),
                   make_article("Quota 2", source="Northgate Herald", points=[meeting("2026-12-14", "Talks in Port Aldren.")]))
    b = make_story(2, make_article("Budget", points=[meeting("2026-12-02", "Council meets.", place="City Hall")]))
    c = make_story(3, make_article("Old", points=[meeting("2026-11-29", "Yesterday's meeting.", place="Mill")]))
    undated = make_story(4, make_article("Vague", points=[KeyPoint("meeting", "They will meet soon.")]))
    [agenda] = render_agenda([a, b, c, undated], today=date(2026, 11, 30), tz=tz)
    check_html(agenda)
    assert agenda.index("Wed 2 Dec") < agenda.index("Mon 14 Dec")
    assert agenda.count("•") == 2  # the 14 Dec meeting once although two outlets carry it
    assert "Yesterday" not in agenda and "soon" not in agenda
    assert render_agenda([c], today=date(2026, 11, 30), tz=tz) == ["📅 No upcoming meetings in the collected stories."]


def test_empty_brief_and_empty_digest_are_one_line(tz: ZoneInfo) -> None:
    line = render_empty_digest(tz=tz, now=NOW, since=NOW - timedelta(hours=20))
    assert "\n" not in line and "Nothing new" in line and "Sun 29 Nov 20:00" in line
    assert render_digest([], tz=tz, now=NOW, since=NOW - timedelta(hours=20)) == [line]
    [chunk] = render_brief([], tz=tz, now=NOW)
    assert chunk.stories == [] and "\n" not in chunk.html
    check_html(chunk.html)


def test_digest_has_sections_across_stories(tz: ZoneInfo) -> None:
    s1 = make_story(1, make_article("Strike", points=[KeyPoint("demand", "Union demanded pay.", actor="Union")]))
    s2 = make_story(2, make_article("Flood", points=[KeyPoint("warning", "Agency warned of floods."), meeting("2026-12-03")]))
    [digest] = render_digest([s1, s2], tz=tz, now=NOW, since=NOW - timedelta(days=1))
    order = [digest.index(x) for x in ("Daily briefing", "Demands", "Warnings", "Upcoming meetings", "Stories")]
    assert order == sorted(order)
    assert "2 stories from 1 outlet since" in digest and "Thu 3 Dec (in 3 days)" in digest


def test_plain_text_fallback_keeps_urls_and_unescapes() -> None:
    markup = '<b>Tom &amp; Jerry</b> &lt;3 <a href="https://x.example/a?b=1&amp;c=2">read</a> <i>x</i>'
    assert to_plain_text(markup) == "Tom & Jerry <3 read <https://x.example/a?b=1&c=2> x"
    assert to_plain_text('<a href="https://x.example/">https://x.example/</a>') == "https://x.example/"
    assert to_plain_text("<b>unclosed &amp; broken") == "unclosed & broken"


def test_terminal_rendering_styles_and_strips_escapes() -> None:
    markup = "<b>Bold</b> <u>under</u> <i>it</i> \x1b[31m"
    colored = render_terminal([markup], color=True)
    assert "\x1b[0m\x1b[1mBold" in colored and "\x1b[4m" in colored and "\x1b[31m" not in colored
    plain = render_terminal([markup, "two"], color=False)
    assert "\x1b" not in plain and "message 1/2" in plain and "Bold under it" in plain


def test_ranking_prefers_outlets_then_points_then_recency() -> None:
    merged = make_story(1, make_article("A", published=NOW - timedelta(hours=10)),
                        make_article("B", source="Northgate Herald", published=NOW - timedelta(hours=10)))
    demands = ["Unions demanded pay.", "Farmers want rain.", "Pupils asked for books.", "Cities urged funds."]
    pointed = make_story(2, make_article("C", points=[KeyPoint("demand", text) for text in demands],
                                         published=NOW - timedelta(hours=10)))
    fresh = make_story(3, make_article("D", published=NOW - timedelta(minutes=5)))
    stale = make_story(4, make_article("E", published=NOW - timedelta(days=3)))
    undated = make_story(5, make_article("F", published=None))
    assert [s.id for s in rank_stories([undated, stale, fresh, pointed, merged], NOW)] == [1, 2, 3, 4, 5]
    twin = make_story(0, make_article("D", published=NOW - timedelta(minutes=5)))
    assert [s.id for s in rank_stories([fresh, twin], NOW)] == [0, 3]
    alpha, beta = make_story(9, make_article("Alpha")), make_story(1, make_article("Beta"))
    assert [s.id for s in rank_stories([beta, alpha], NOW)] == [9, 1]  # ties: lead URL, not store order


@pytest.mark.parametrize("query_tz", ["UTC", "America/Los_Angeles"])
def test_output_is_deterministic(query_tz: str) -> None:
    story = make_story(1, make_article("Talks", points=[meeting("2026-12-01")]))
    first = render_digest([story], tz=ZoneInfo(query_tz), now=NOW, since=NOW - timedelta(days=1))
    assert first == render_digest([story], tz=ZoneInfo(query_tz), now=NOW, since=NOW - timedelta(days=1))


def test_truncate_to_tiny_limits_and_stories_without_summaries(tz: ZoneInfo) -> None:
    assert truncate_html("<b>abc</b>", 0) == ""
    assert truncate_html("<b>abcdef</b>", 3) == "…"  # no room for the tags
    assert truncate_html("<b>abcdef</b>", 10) == "<b>ab…</b>"
    assert truncate_html("abcdef", 3) == "ab…"
    bare = make_article("Bare", text="word " * 200)
    bare.summary = None
    html = render_brief([make_story(1, bare)], tz=tz, now=NOW)[0].html
    assert "word word" in html and "…" in html and tg_len(html) < 600
    empty = make_story(2, make_article("Quiet", points=[]), title="")
    more = render_more(empty, tz=tz)
    assert "No demands, warnings or upcoming meetings" in more and "<b>Quiet</b>" in more
    check_html(more)
    assert "(untitled story)" in render_brief([make_story(3, make_article(""), title="")], tz=tz, now=NOW)[0].html
