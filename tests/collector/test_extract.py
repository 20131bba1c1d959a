"""Main-text extraction: boilerplate and comments removed, metadata found, garbage refused, work bounded."""
from __future__ import annotations

import gzip
import time
from datetime import datetime, timezone

import pytest

from collector.extract import ExtractedPage, ExtractionError, extract_article

URL = "https://news.example.org/world/2026/03/ferry-strike-ends"

BODY = [
    "Ferry crews in the port city of Ostrelund ended a nine-day strike on Thursday after the operator Baltis Lines "
    "agreed to a pay rise of six percent and a new rota that limits night shifts to three a week.",
    "The strike had stranded thousands of travellers between Ostrelund and the island of Hemsö, where shops ran "
    "short of fresh food and the local hospital flew in supplies by helicopter.",
    "Union negotiator Maren Kolb said the agreement was a fair compromise and that crews would return to work "
    "on Friday morning. The first ferry is due to leave at six o'clock.",
    "Baltis Lines chief executive Tor Engström said the company would add two extra sailings over the weekend "
    "to clear the backlog of freight lorries waiting at both harbours.",
]
COMMENT = "This union always gets what it wants, disgraceful behaviour from the whole lot of them honestly."


def article_page(body: list[str] = BODY, extra_head: str = "") -> str:
    """A realistic news page: nav, share box, article, related links, comments, footer."""
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Ferry strike ends after pay deal | Ostrelund Courier</title>
<meta property="og:title" content="Ferry strike ends after pay deal">
<meta name="author" content="Liv Sandqvist">
<meta property="article:published_time" content="2026-03-12T09:30:00+02:00">
<link rel="canonical" href="/world/2026/03/ferry-strike-ends">
{extra_head}
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/business">Business</a></li></ul></nav></header>
<main><article>
<h1>Ferry strike ends after pay deal</h1>
<div class="byline">By <span class="author">Liv Sandqvist</span></div>
<div class="share-box"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email this</a></div>
{paragraphs}
</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/a">Port workers threaten walkout over new cranes</a></li>
<li><a href="/b">Island hospital asks for helicopter funding</a></li></ul></aside>
<section id="comments" class="comments"><h2>Comments (2)</h2>
<div class="comment"><p class="comment-author">harbourwatcher</p><p>{COMMENT}</p></div>
<div class="comment"><p class="comment-author">islander77</p><p>Finally some good news for Hemsö, we had no milk for a week.</p></div>
</section></main>
<footer><p>© 2026 Ostrelund Courier. All rights reserved. Privacy policy. Cookie settings.</p></footer>
</body></html>"""


@pytest.fixture
def page() -> ExtractedPage:
    """The extraction of the sample article page."""
    result = extract_article(article_page(), URL)
    assert result is not None
    return result


def test_main_text_is_kept(page: ExtractedPage) -> None:
    for paragraph in BODY:
        assert paragraph in page.text


def test_comments_and_boilerplate_are_excluded(page: ExtractedPage) -> None:
    for noise in (COMMENT, "we had no milk", "Share on Facebook", "Related stories", "Port workers threaten",
                  "All rights reserved", "Business"):
        assert noise not in page.text


def test_metadata_is_found(page: ExtractedPage) -> None:
    assert page.title == "Ferry strike ends after pay deal"
    assert page.author == "Liv Sandqvist"
    assert page.published == datetime(2026, 3, 12, 7, 30, tzinfo=timezone.utc)
    assert page.published.tzinfo is timezone.utc
    assert page.canonical_url == "https://news.example.org/world/2026/03/ferry-strike-ends"
    assert page.language == "en"


def test_jsonld_date_and_author_are_used_when_meta_tags_are_missing() -> None:
    html = article_page().replace('<meta name="author" content="Liv Sandqvist">', "").replace(
        '<meta property="article:published_time" content="2026-03-12T09:30:00+02:00">',
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle",'
        ' "headline": "Ferry strike ends after pay deal", "datePublished": "2026-03-12T23:15:00Z",'
        ' "author": [{"@type": "Person", "name": "Liv Sandqvist"}]}]}</script>',
    )
    result = extract_article(html, URL)
    assert result is not None
    assert result.published == datetime(2026, 3, 12, 23, 15, tzinfo=timezone.utc)
    assert result.author and "Liv Sandqvist" in result.author


def test_no_canonical_link_gives_none() -> None:
    result = extract_article(article_page().replace('<link rel="canonical" href="/world/2026/03/ferry-strike-ends">', ""), URL)
    assert result is not None and result.canonical_url is None


def test_windows_1251_bytes_are_decoded() -> None:
    body = [
        "Паромщики порта Остерлунд прекратили девятидневную забастовку после того, как компания согласилась "
        "повысить зарплату на шесть процентов.",
        "Забастовка оставила тысячи путешественников без связи с островом Хемсё, где в магазинах закончились "
        "свежие продукты.",
        "Переговорщик профсоюза Марен Кольб назвала соглашение справедливым компромиссом и сказала, что первый "
        "паром отправится в пятницу утром.",
    ]
    html = article_page(body).replace('<meta charset="utf-8">', '<meta charset="windows-1251">')
    html = html.replace("©", "(c)").replace("ö", "o").replace("Engström", "Engstrom")
    result = extract_article(html.encode("windows-1251"), URL)
    assert result is not None
    assert body[0] in result.text
    assert "Хемсё" in result.text


def test_utf8_bytes_are_decoded() -> None:
    result = extract_article(article_page().encode("utf-8"), URL)
    assert result is not None and "Hemsö" in result.text and "Engström" in result.text


@pytest.mark.parametrize("data", [
    b"\x00\x01\x02\x03" * 4096,
    bytes(range(256)) * 64,
    gzip.compress(b"<html>" + b"<p>x</p>" * 100000 + b"</html>"),
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 200,
])
def test_binary_input_raises_extraction_error(data: bytes) -> None:
    with pytest.raises(ExtractionError, match="not an HTML page"):
        extract_article(data, URL)


def test_wrong_type_raises_extraction_error() -> None:
    with pytest.raises(ExtractionError):
        extract_article(12345, URL)  # type: ignore[arg-type]


@pytest.mark.parametrize("data", ["", "   \n ", b"", "<html></html>", "<html><body><nav>Home</nav></body></html>",
                                  "just a line of plain text", '{"json": "not html"}', "<<<>>><<"])
def test_empty_or_textless_input_gives_none(data: str | bytes) -> None:
    assert extract_article(data, URL) is None


def test_huge_page_is_bounded_and_keeps_the_article() -> None:
    filler = "<script>var x = '" + "a" * 1_000_000 + "';</script>" + "<div><span>cell</span></div>" * 150_000
    html = article_page().replace("</footer>", "</footer>" + filler)
    assert len(html) > 5_000_000
    started = time.perf_counter()
    result = extract_article(html, URL)
    elapsed = time.perf_counter() - started
    assert result is not None and BODY[0] in result.text
    print(f"5 MB page extracted in {elapsed:.2f}s")  # speed sanity, not asserted


def test_huge_bytes_page_is_bounded() -> None:
    html = (article_page() + "<p>tail</p>" * 600_000).encode("utf-8")
    assert len(html) > 5_000_000
    result = extract_article(html, URL, max_chars=500_000)
    assert result is not None and BODY[0] in result.text and "tail" not in result.text[-20:]


def test_a_copyright_footer_is_not_a_publication_date() -> None:
    html = article_page().replace('<meta property="article:published_time" content="2026-03-12T09:30:00+02:00">', "")
    result = extract_article(html, "https://news.example.org/world/ferry-strike-ends")
    assert result is not None
    assert result.published is None  # the footer's "© 2026" is no date (htmldate's extensive search said 2026-01-01)


def test_a_structured_page_date_wins_over_the_feed_date_and_a_guessed_one_does_not() -> None:
    from collector.entries import prepare_entry

    feed_date = datetime(2026, 3, 12, 6, 0, tzinfo=timezone.utc)
    exact = prepare_entry(article_page().encode(), URL, "", None, None, feed_date)
    assert exact is not None and exact.published == datetime(2026, 3, 12, 7, 30, tzinfo=timezone.utc)

    guessed_page = article_page().replace(
        '<meta property="article:published_time" content="2026-03-12T09:30:00+02:00">', ""
    ).replace("<h1>", "<p>Published <time>2026-02-01</time></p><h1>")
    guessed = prepare_entry(guessed_page.encode(), URL, "", None, None, feed_date)
    assert guessed is not None and guessed.published == feed_date
    alone = prepare_entry(guessed_page.encode(), URL, "", None, None, None)
    assert alone is not None and alone.published == datetime(2026, 2, 1, tzinfo=timezone.utc)


def test_find_date_false_skips_the_guess_but_keeps_structured_dates() -> None:
    guessed_page = article_page().replace(
        '<meta property="article:published_time" content="2026-03-12T09:30:00+02:00">', ""
    ).replace("<h1>", "<p>Published <time>2026-02-01</time></p><h1>")
    assert extract_article(guessed_page, URL).published == datetime(2026, 2, 1, tzinfo=timezone.utc)
    assert extract_article(guessed_page, URL, find_date=False).published is None
    exact = extract_article(article_page(), URL, find_date=False)
    assert exact.published == datetime(2026, 3, 12, 7, 30, tzinfo=timezone.utc) and exact.published_exact
    assert exact.title == "Ferry strike ends after pay deal" and exact.author == "Liv Sandqvist"
