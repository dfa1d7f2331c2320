"""Whole conversations through the real Rasa server and action server, over REST.

The action server counts deadlines from tests.servers.TEST_TODAY (Monday, November 23, 2026).
"""

import re

from tests.servers import RunningBot

MILES = re.compile(r"(\d+\.\d) mi away")
PHONE = re.compile(r"Phone: \(?\d{3}\)?[ -]?\d{3}-\d{4}|Phone: 1-\d{3}-\d{3}-\d{4}")


def _to_the_location_question(bot: RunningBot, sender: str, care: str = "my therapy was canceled") -> None:
    bot.chat(sender, care)
    assert "How are you covered" in bot.say(sender, "not sure")  # the date
    assert "Where are you" in bot.say(sender, "not sure")  # the coverage


def _matches(replies):
    return [r["text"] for r in replies if re.match(r"^\d+\. ", r.get("text", ""))]


def test_greeting_says_what_the_bot_is_and_where_to_get_emergency_help(bot: RunningBot, sender):
    replies = bot.chat(sender, "Hi")
    greeting = replies[0]["text"]
    assert "not a clinician or a lawyer" in greeting
    assert "911" in greeting and "988" in greeting
    question = replies[-1]
    assert "What kind of care" in question["text"]
    assert {"Postpartum / pregnancy group", "Individual therapy"} <= {b["title"] for b in question["buttons"]}


def test_postpartum_group_canceled_last_week_gets_rights_then_three_nearby_matches(bot: RunningBot, sender):
    bot.chat(sender, "Hi")
    asked = bot.say(sender, "Kaiser canceled my postpartum group last week")
    assert "How are you covered" in asked and "ZIP" in asked  # a ZIP code may skip the question

    replies = bot.chat(sender, "91367")
    rights = "\n".join(r["text"] for r in replies)
    # "last week" from Monday Nov 23 is Monday Nov 16; 10 business days skip Thanksgiving
    # (Thu Nov 26) and the day after (Fri Nov 27), a California state holiday.
    assert "10 business days" in rights
    assert "Wednesday, December 2" in rights
    assert "1367.03" in rights
    assert "outside its network" in rights and "in-network cost" in rights
    assert "1-888-466-2219" in rights  # DMHC Help Center
    assert "ERISA" in rights  # coverage not given: says which plans the rules cover

    matches = _matches(replies)
    local = [m for m in matches if MILES.search(m)]
    assert len(local) >= 3, replies
    for match in local:
        assert PHONE.search(match) or "Website: https://" in match, match
        assert "Listed" in match or "Confirmed" in match
    assert PHONE.search(local[0])
    distances = [float(MILES.search(m).group(1)) for m in local if PHONE.search(m)]  # those with a phone first
    assert distances == sorted(distances)
    assert any("call to confirm" in m for m in matches)  # unverified rows say so
    # A postpartum group means the baby is born: the nearest perinatal program is for pregnant people only
    # (issue 13), so it is not offered.
    assert not any("Black Infant Health (City of Pasadena)" in m for m in matches)


def test_crisis_in_the_middle_of_the_location_question_gets_help_first(bot: RunningBot, sender):
    _to_the_location_question(bot, sender)
    replies = bot.chat(sender, "honestly I can't go on anymore")
    first = replies[0]["text"]
    assert "911" in first and "988" in first
    everything = "\n".join(r["text"] for r in replies)
    assert "1-833-852-6262" in everything  # National Maternal Mental Health Hotline
    assert "ZIP" in replies[-1]["text"]  # then the question, gently, again
    assert len(_matches(bot.chat(sender, "90033"))) == 3


def test_crisis_at_any_time_even_misspelled_or_in_spanish(bot: RunningBot):
    for number, message in enumerate(["I've been having sucidal thoughts", "quiero morirme", "I might hurt my baby"]):
        first = bot.chat(f"crisis-{number}", message)[0]["text"]
        assert "988" in first and "911" in first, message


def test_buttons_psychiatry_on_medicare_hears_the_15_day_rule_may_not_apply(bot: RunningBot, sender):
    bot.chat(sender, "Hi")
    asked_when = bot.say(sender, '/inform{"care_type": "psychiatry"}')
    assert "When was it canceled" in asked_when
    assert "How are you covered" in bot.say(sender, "not sure")
    rights = bot.say(sender, "Medicare")
    assert "15 business days" in rights
    assert "may not apply" in rights and "Medicare has its own rules" in rights
    assert "Where are you" in rights


def test_follow_up_canceled_on_a_date_for_a_medi_cal_member(bot: RunningBot, sender):
    bot.chat(sender, "my follow up after the psych hospital was canceled")
    assert "How are you covered" in bot.say(sender, "11/16")
    rights = bot.say(sender, "I have Medi-Cal")
    assert "follow-up" in rights.lower()
    assert "Wednesday, December 2" in rights
    assert "With Medi-Cal you can also get free help" in rights and "1-888-452-8609" in rights


def test_can_i_see_someone_outside_kaiser_hears_the_out_of_network_right(bot: RunningBot, sender):
    reply = bot.say(sender, "can I see someone outside Kaiser?")
    assert "arrange care outside its network" in reply
    assert "no more than your usual in-network cost" in reply and "1374.72" in reply


def test_a_complaint_gets_the_steps_and_a_drafted_grievance(bot: RunningBot, sender):
    bot.chat(sender, "Kaiser canceled my postpartum group on 11/2")
    bot.chat(sender, "through my job")  # rights, then the location question
    asked = bot.say(sender, "how do I complain")
    assert "what has your plan offered" in asked
    complaint = bot.say(sender, "nothing yet, just a waitlist")
    assert "step by step" in complaint and "1-888-466-2219" in complaint
    assert "a postpartum or perinatal group or therapy, canceled on Monday, November 2" in complaint
    assert "nothing yet, just a waitlist" in complaint
    assert "Tuesday, November 17 and it has passed" in complaint  # Veterans Day skipped
    assert "Keep a record" in complaint


def test_a_complaint_first_asks_what_care_and_when(bot: RunningBot, sender):
    assert "What kind of care" in bot.say(sender, "I want to file a grievance")
    assert "When was it canceled" in bot.say(sender, "individual therapy")
    assert "offered" in bot.say(sender, "not sure")
    assert "canceled recently" in bot.say(sender, "nothing")


def test_unclear_answers_are_asked_again_once_then_offered_choices(bot: RunningBot, sender):
    bot.chat(sender, "Hi")
    again = bot.chat(sender, "blorp")
    assert "didn't catch" in again[0]["text"]
    choices = bot.chat(sender, "zzzz qqq")
    assert any(reply.get("buttons") for reply in choices)
    assert "When was it canceled" in bot.say(sender, '/inform{"care_type": "other"}')


def test_a_future_date_is_asked_again_kindly(bot: RunningBot, sender):
    bot.chat(sender, "my therapy was canceled")
    reply = bot.say(sender, "12/25/2026")
    assert "future" in reply
    assert "ZIP" in bot.say(sender, "yesterday")


def test_a_typed_date_from_long_ago_or_years_ahead_is_asked_again_kindly(bot: RunningBot, sender):
    for number, (typed, reason) in enumerate((("0001-01-01", "more than a year ago"), ("2031-05-01", "future"))):
        bot.chat(f"{sender}-{number}", "my therapy was canceled")
        reply = bot.say(f"{sender}-{number}", typed)
        assert reason in reply and "Counting from" not in reply and "days from today" not in reply
        assert "How are you covered" in bot.say(f"{sender}-{number}", "2026-11-16")


def test_an_unknown_place_is_asked_again_with_a_hint(bot: RunningBot, sender):
    _to_the_location_question(bot, sender)
    reply = bot.say(sender, "Narnia")
    assert "Narnia" in reply and "ZIP" in reply
    assert "matches" in bot.say(sender, "Pasadena")


def test_help_in_the_middle_of_a_question_then_the_question_again(bot: RunningBot, sender):
    bot.chat(sender, "Hi")
    replies = bot.chat(sender, "help")
    assert "I can:" in replies[0]["text"]
    assert "What kind of care" in replies[-1]["text"]


def test_start_over_forgets_everything(bot: RunningBot, sender):
    bot.chat(sender, "my postpartum group was canceled yesterday")
    reply = bot.say(sender, "start over")
    assert "start over" in reply.lower()
    assert "What kind of care" in reply


def test_stop_ends_the_conversation_kindly(bot: RunningBot, sender):
    bot.chat(sender, "my therapy was canceled")
    reply = bot.say(sender, "stop")
    assert "stop" in reply.lower() and "988" in reply
    assert "What kind of care" in bot.say(sender, "hi")


def test_more_gives_the_next_matches_and_filters_narrow_them(bot: RunningBot, sender):
    _to_the_location_question(bot, sender, "my postpartum group was canceled")
    first = _matches(bot.chat(sender, "91367"))
    more = _matches(bot.chat(sender, "more"))
    assert [m.split(".")[0] for m in more] == ["4", "5", "6"]
    assert not {m.split("\n")[0][3:] for m in first} & {m.split("\n")[0][3:] for m in more}
    free = bot.chat(sender, '/refine{"preference": "free"}')
    assert "free" in free[0]["text"]
    assert _matches(free)


def test_a_second_canceled_care_gets_its_own_rights_and_matches(bot: RunningBot, sender):
    _to_the_location_question(bot, sender)
    bot.chat(sender, "91367")
    asked = bot.say(sender, "they also canceled my psychiatrist appointment")
    assert "When was it canceled" in asked
    replies = bot.chat(sender, "11/16")
    rights = "\n".join(r["text"] for r in replies)
    assert "15 business days" in rights and "psychiatr" in rights
    assert len(_matches(replies)) == 3  # the place is remembered


def test_thanks_and_bye_get_a_kind_answer(bot: RunningBot, sender):
    assert "welcome" in bot.say(sender, "thank you").lower()
    assert "988" in bot.say(sender, "bye")


def test_a_language_the_bot_does_not_speak_gets_a_reply_in_both(bot: RunningBot, sender):
    reply = bot.say(sender, "我需要帮助")
    assert "English" in reply and "español" in reply and "988" in reply


def test_spanish_is_understood_not_refused(bot: RunningBot, sender):
    reply = bot.say(sender, "Hola, me cancelaron la terapia")
    assert "English or Spanish" not in reply
    assert re.search(r"When was it canceled|cuándo", reply, re.IGNORECASE), reply  # the next question


def test_every_message_gets_a_real_reply_never_silence_or_a_template(bot: RunningBot, sender):
    messages = [
        "",
        "   ",
        "x" * 10_000,
        "😀😀😀",
        "\x00\x07hello\x1b[31m",
        "<script>alert(1)</script>",
        "'; DROP TABLE service; --",
        "yes",
        "no",
        "what's the weather",
        "are you a bot?",
        "what are my rights",
        "find help near me",
        "more",
        "Boyle Heights",
        "free",
        "ok",
        "thanks",
        "my daughter's therapist canceled",
        "🤷",
        "asdf",
        "bye",
    ]
    for message in messages:
        replies = bot.chat(sender, message)
        assert replies, f"no reply to {message[:40]!r}"
        text = "\n".join(r.get("text", "") for r in replies)
        assert text.strip(), message[:40]
        assert not re.search(r"utter_|action_|\{[a-z_]+\}", text), (message[:40], text)


def test_individual_therapy_in_san_bernardino_gets_an_individual_therapy_service_nearby_first(bot: RunningBot, sender):
    """Issue 13: the default directory covers San Bernardino (SAMHSA's 2022 listings), so the first match
    offers individual therapy to adults close by, says where the listing comes from, and the lines said
    to be open "any time" are only those whose source says 24/7."""
    _to_the_location_question(bot, sender, "my individual therapy was canceled")
    replies = bot.chat(sender, "92401")

    first = _matches(replies)[0]
    assert "individual therapy" in first.split("\n")[1], first
    assert float(MILES.search(first).group(1)) <= 5, first
    assert "children and teens" not in first or "adults" in first  # never a program for children only
    assert "Listed in SAMHSA's 2022 national directory" in first and "call to confirm" in first
    any_time = [r["text"] for r in replies if r.get("text", "").startswith("Any time, by phone")]
    assert any_time and "NAMI" not in any_time[0]  # NAMI's line: weekdays only, Eastern time
