"""The fake Bot API itself: Telegram's HTML rules, flood windows, long polling, failure injection."""
from __future__ import annotations

import asyncio
import threading

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, InvalidToken, NetworkError

from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_html import HtmlParseError, parse_html
from tests.fakes.telegram_limits import FloodLimits, SlidingWindow, max_in_window


@pytest.mark.parametrize("markup, visible", [
    ("<b>bold</b> <i>it</i> <u>u</u> <s>s</s> <code>c</code>", "bold it u s c"),
    ('<a href="https://x.example/?a=1&amp;b=2">link</a>', "link"),
    ("<pre><code class=\"language-python\">x = 1</code></pre>", "x = 1"),
    ('<span class="tg-spoiler">hidden</span> <tg-spoiler>too</tg-spoiler>', "hidden too"),
    ("<blockquote expandable>quote</blockquote>", "quote"),
    ("5 &lt; 6 &amp;&amp; 7 &gt; 3 &quot;ok&quot; &#8364; &#x20AC;", '5 < 6 && 7 > 3 "ok" € €'),
    ("a > b is fine", "a > b is fine"),
])
def test_valid_telegram_html(markup: str, visible: str) -> None:
    assert parse_html(markup) == visible


@pytest.mark.parametrize("markup, reason", [
    ("<script>alert(1)</script>", 'Unsupported start tag "script"'),
    ("<b>unclosed", 'end tag corresponding to start tag "b"'),
    ("<b><i>crossed</b></i>", "Unmatched end tag"),
    ("fish & chips", 'Unescaped "&"'),
    ("&nbsp;", "Unsupported HTML entity"),
    ("1 < 2", "Unclosed start tag"),
    ('<span class="red">x</span>', "tg-spoiler"),
    ("</b>", "Unexpected end tag"),
])
def test_invalid_telegram_html(markup: str, reason: str) -> None:
    with pytest.raises(HtmlParseError, match="can't parse entities") as err:
        parse_html(markup)
    assert reason in str(err.value)


def test_sliding_window_counts_accepted_sends_only() -> None:
    limits = FloodLimits(global_per_s=3, per_chat_per_s=1, group_per_min=2, slack=0.0)
    assert limits.check(1, False, 0.0) is None
    assert limits.check(1, False, 0.5) == 1  # the chat's window is full
    assert limits.check(2, False, 0.5) is None and limits.check(3, False, 0.6) is None
    assert limits.check(4, False, 0.7) == 1 and limits.rejected["global"] == 1
    assert limits.check(4, False, 1.01) is None
    assert limits.check(-5, True, 2.0) is None and limits.check(-5, True, 3.0) is None
    assert limits.check(-5, True, 30.0) == 32 and limits.rejected["group"] == 1  # 20/min: wait for the first
    window = SlidingWindow(limit=2, window=1.0)
    window.add(0.0)
    window.add(0.1)
    assert window.retry_after(0.5) == pytest.approx(0.5)


def test_max_in_window() -> None:
    assert max_in_window([0.0, 0.5, 0.99, 1.0, 1.2], 1.0) == 4
    assert max_in_window([], 1.0) == 0


async def test_long_poll_returns_when_a_user_writes(tg: FakeTelegram, ptb_bot: Bot) -> None:
    threading.Timer(0.2, tg.user_sends, args=(7, "/subscribe ferries")).start()
    updates = await ptb_bot.get_updates(timeout=5)
    assert [u.message.text for u in updates] == ["/subscribe ferries"]
    assert updates[0].message.entities[0].type == "bot_command" and updates[0].message.entities[0].length == 10
    assert await ptb_bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()


async def test_groups_channels_and_buttons(tg: FakeTelegram, ptb_bot: Bot) -> None:
    tg.user_sends(-100, "/brief@briefbot_test_bot", chat_type="supergroup", user_id=9)
    tg.user_sends(-200, "/brief", chat_type="channel")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more:1")]])
    sent = await ptb_bot.send_message(-100, "<b>story</b>", parse_mode="HTML", reply_markup=markup)
    tg.user_clicks(-100, sent.message_id, "more:1", user_id=9)
    updates = await ptb_bot.get_updates(timeout=0)
    assert updates[0].message.chat.type == "supergroup" and updates[0].message.from_user.id == 9
    assert updates[1].channel_post.chat.type == "channel"
    query = updates[2].callback_query
    assert query.data == "more:1" and query.message.message_id == sent.message_id
    await query.answer("ok")
    assert tg.callback_answers[0]["text"] == "ok"
    with pytest.raises(BadRequest, match="not modified"):
        await ptb_bot.edit_message_text("<b>story</b>", chat_id=-100, message_id=sent.message_id,
                                        parse_mode="HTML", reply_markup=markup)
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await ptb_bot.send_message(-100, "x", reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("Too long", callback_data="x" * 65)]]))


async def test_hold_then_release_loses_the_held_request(tg: FakeTelegram, ptb_bot: Bot) -> None:
    tg.hold("sendMessage", after=1)
    await ptb_bot.send_message(1, "goes through")
    held = asyncio.create_task(ptb_bot.send_message(1, "held"))
    await asyncio.sleep(0.2)
    assert not held.done()
    tg.release()
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await held
    assert [m.text for m in tg.sent(1)] == ["goes through"]
    await ptb_bot.send_message(1, "after release")  # holding stopped
    assert len(tg.sent(1)) == 2


async def test_rejected_token(tg: FakeTelegram) -> None:
    tg.reject_token()
    bot = Bot(tg.token, base_url=tg.base_url)
    with pytest.raises(InvalidToken):
        await bot.initialize()
    wrong = Bot("999:WRONG", base_url=tg.base_url)
    tg._token_ok = True
    with pytest.raises(InvalidToken):
        await wrong.get_me()


def test_wait_for_messages_times_out_clearly(tg: FakeTelegram) -> None:
    with pytest.raises(AssertionError, match="0 messages after 0.1s, expected 1"):
        tg.wait_for_messages(5, 1, timeout=0.1)
