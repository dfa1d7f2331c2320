"""Spanish conversations from their first message, through the real Rasa and action servers (REST and
signed SMS): the deadline date, the matches, the hotline numbers, the conversation's language (the
tracker's slot), and that no reply is in English.

The action server counts deadlines from tests.servers.TEST_TODAY (Monday, November 23, 2026).
"""

import re
from typing import List

from bot.nlu.language import detect
from tests.channels.conftest import Phone, recorded_slots
from tests.servers import RunningBot, numbered_matches

# Care canceled on Monday, November 16: ten business days, skipping Thanksgiving and the day after.
DEADLINE = re.compile(r"Wednesday, December 2|miércoles,? 2 de diciembre", re.IGNORECASE)
SPANISH_DEADLINE = re.compile(r"miércoles,? 2 de diciembre", re.IGNORECASE)
ENGLISH_ONLY = "only chat in English"


def _language(bot: RunningBot, sender: str) -> str:
    return recorded_slots(bot, sender)["language"]


def _everything(replies) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def test_postpartum_group_canceled_in_spanish_gets_the_deadline_then_three_matches(channels_bot: RunningBot):
    sender = "es-postpartum"
    asked = channels_bot.say(sender, "Hola, Kaiser canceló mi grupo de posparto el 16 de noviembre")
    assert ENGLISH_ONLY not in asked
    assert _language(channels_bot, sender) == "es"
    replies = channels_bot.chat(sender, "91367")  # a ZIP answers the coverage question and the place
    rights = _everything(replies)
    assert ENGLISH_ONLY not in rights
    assert SPANISH_DEADLINE.search(rights), rights
    assert "1-888-466-2219" in rights  # DMHC Help Center
    assert len(numbered_matches(replies)) >= 3, rights
    assert _language(channels_bot, sender) == "es"  # "91367" keeps the conversation's language


def test_follow_up_after_the_hospital_with_medi_cal_in_spanish(channels_bot: RunningBot):
    sender = "es-follow-up"
    channels_bot.chat(sender, "me cancelaron la cita de seguimiento después del hospital psiquiátrico")
    channels_bot.chat(sender, "16/11")  # day first: November 16
    rights = channels_bot.say(sender, "tengo Medi-Cal")
    assert ENGLISH_ONLY not in rights
    assert DEADLINE.search(rights), rights
    assert "1-888-452-8609" in rights  # the Medi-Cal Ombudsman
    assert _language(channels_bot, sender) == "es"


def test_a_complaint_in_spanish_gets_the_drafted_grievance_in_spanish_and_the_dmhc_help_center(
    channels_bot: RunningBot,
):
    sender = "es-complaint"
    channels_bot.chat(sender, "Kaiser canceló mi grupo de posparto el 2/11")
    channels_bot.chat(sender, "por mi trabajo")  # the rights, then the place question
    channels_bot.chat(sender, "¿cómo pongo una queja?")  # what has the plan offered?
    helped = channels_bot.say(sender, "nada todavía, solo una lista de espera")
    assert "Queja formal" in helped or "N.º de miembro" in helped, helped  # the drafted grievance, in Spanish
    assert "1-888-466-2219" in helped  # the DMHC Help Center
    assert "lunes 2 de noviembre" in helped and "martes 17 de noviembre" in helped, helped  # Veterans Day skipped
    assert "nada todavía, solo una lista de espera" in helped
    assert not _english_in([{"text": helped}])


def test_switching_language_in_the_middle_of_a_question(channels_bot: RunningBot):
    sender = "es-switch"
    asked_when = channels_bot.say(sender, "my therapy was canceled")
    assert _language(channels_bot, sender) == "en"
    switched = channels_bot.chat(sender, "ESPAÑOL")
    assert _language(channels_bot, sender) == "es"
    assert switched[0]["text"] != asked_when and switched[-1]["text"]  # an answer, then the question again
    asked_coverage = channels_bot.say(sender, "hace dos semanas")  # read as the date: the next question
    assert asked_coverage and asked_coverage != switched[-1]["text"]
    channels_bot.chat(sender, "in English")
    assert _language(channels_bot, sender) == "en"
    channels_bot.chat(sender, '/switch_language{"language": "es"}')  # the web page's switch
    assert _language(channels_bot, sender) == "es"


def test_short_answers_keep_the_language_and_other_languages_still_get_both(channels_bot: RunningBot):
    sender = "es-short"
    channels_bot.chat(sender, "necesito ayuda con mi terapia")
    for answer in ("si", "ok", "91367", "Pico Rivera"):
        channels_bot.chat(sender, answer)
        assert _language(channels_bot, sender) == "es", answer
    both = channels_bot.say("zh-patient", "我需要帮助")
    assert "English" in both and "español" in both


def test_sms_alto_stops_with_a_spanish_confirmation_and_comenzar_starts_again(phone: Phone):
    phone.says("Hola, me cancelaron la terapia")
    stopped = phone.says("ALTO")
    assert "no recibirá más mensajes" in stopped and "988" in stopped
    assert phone.text("hola?").texts == []
    started = phone.says("COMENZAR")
    assert "bienvenida de nuevo" in started and "Responda 1 para" in started  # the greeting's choices too
    assert "Reply" not in started


def test_cancelar_inside_a_sentence_is_no_opt_out(phone: Phone):
    reply = phone.says("me cancelaron la terapia, quiero cancelar la cita?")
    assert reply and "no recibirá más mensajes" not in reply
    assert phone.text("gracias").texts  # still answered


SPANISH_CONVERSATION = [
    "Hola, Kaiser canceló mi grupo de posparto el 16 de noviembre",
    "91367",
    "más",
    "¿puedo ver a un terapeuta fuera de la red de Kaiser?",
    "quiero poner una queja",
    "ayuda",
    "gracias",
]


def _english_in(replies) -> List[str]:
    """Lines or button titles of the replies that read as English. A directory match's name, address,
    hours and notes are the provider's own words, so only its other lines are read."""
    found = []
    for reply in replies:
        lines = reply.get("text", "").split("\n")
        if re.match(r"^\d+\. ", lines[0]):  # a match: its reasons, and how sure we are of it
            lines = [lines[1], lines[-1]]
        titles = [button["title"] for button in reply.get("buttons", [])]
        found += [said for said in lines + titles if detect(said).language == "en"]
    return found


def test_no_reply_in_a_spanish_conversation_is_in_english(channels_bot: RunningBot):
    sender = "es-whole"
    english = {message: _english_in(channels_bot.chat(sender, message)) for message in SPANISH_CONVERSATION}
    assert _language(channels_bot, sender) == "es"
    assert not any(english.values()), english
