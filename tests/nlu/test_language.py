"""The conversation's language from the patient's words (bot/nlu/language.py)."""

import pytest

from bot.catalog import BUTTONS, catalog
from bot.nlu.language import OTHER, detect, switch_request, train

SPANISH = [
    "me cancelaron la terapia",
    "Kaiser canceló mi grupo de posparto la semana pasada",
    "kaiser cancelo mi grupo de posparto",  # SMS, no accents
    "nesesito ayuda porfa",  # typos
    "me kansel la sita",
    "mi psiquiatra cancelo la cita",
    "cita de seguimiento despues del hospital",
    "tengo medi-cal",
    "por mi trabajo",
    "hace dos semanas",
    "el lunes pasado",
    "no, gracias",
    "sí, claro",
    "cuales son mis derechos",
    "estoy en Pico Rivera y necesito un grupo",
    "hola",
    "gracias",
]
ENGLISH = [
    "my therapy was canceled",
    "kaiser canceled my postpartum group last week",
    "my therpy got cancld",
    "i have medi-cal",
    "through my job",
    "about two weeks ago",
    "no thanks",
    "what are my rights",
    "yes in los angeles",
    "im in pico rivera",
    "can i see someone outside kaiser",
]


@pytest.mark.parametrize("text", SPANISH)
def test_spanish_is_recognised_with_or_without_accents_and_typos(text):
    assert detect(text).language == "es"


@pytest.mark.parametrize("text", ENGLISH)
def test_english_is_recognised_even_beside_spanish_place_names(text):
    assert detect(text).language == "en"


@pytest.mark.parametrize(
    "text", ["si", "sí", "ok", "no", "91367", "Pasadena", "Los Angeles", "El Monte", "San José", "😀", "medi-cal"]
)
def test_short_answers_and_place_names_keep_the_current_language(text):
    assert detect(text).language is None


@pytest.mark.parametrize("text", ["zzzz qqq", "blorp blorp", "asdf jkl qwerty"])
def test_letters_typed_at_random_keep_the_current_language(text):
    assert detect(text).language is None


@pytest.mark.parametrize(
    "payload", [b["payload"] for b in catalog()[BUTTONS].values() if not b["payload"].startswith("/")]
)
def test_a_button_that_sends_words_keeps_the_current_language(payload):
    assert detect(payload).language is None  # "No sé" sends "not sure": the patient wrote no English


@pytest.mark.parametrize(
    "text, lang",
    [
        ("español", "es"),
        ("ESPAÑOL", "es"),
        ("en español", "es"),
        ("En espanol por favor!", "es"),
        ("in English", "en"),
        ("english please", "en"),
        ("ENGLISH", "en"),
        ("inglés", "en"),
    ],
)
def test_a_whole_message_asking_for_a_language_is_a_switch(text, lang):
    assert switch_request(text) == lang
    detected = detect(text)
    assert detected.language == lang and detected.switch_request


def test_a_language_named_inside_a_sentence_is_no_switch():
    assert switch_request("i want a group in spanish near me") is None
    assert not detect("quiero un grupo en español cerca").switch_request


@pytest.mark.parametrize("text", ["我需要帮助", "Мне нужна помощь", "Tôi cần giúp đỡ", "도와주세요"])
def test_languages_the_bot_does_not_speak_are_other(text):
    assert detect(text).language == OTHER


def test_the_model_learns_from_labelled_examples():
    model = train([("hola amigo", "es"), ("buenos dias", "es"), ("hello friend", "en"), ("good morning", "en")])
    assert list(model.predict(["buenas amigo", "good friend"])) == ["es", "en"]
