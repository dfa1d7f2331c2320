"""How the bot reads patients' words: danger, language, care types, preferences, messy input."""

import pytest

from bot.nlu.keywords import (
    care_type_in,
    coverage_in,
    perinatal_stages_in,
    preferences_in,
    says_anywhere,
    says_unknown_date,
)
from bot.nlu.language import in_other_language
from bot.safety import assess
from bot.textclean import EMPTY_MESSAGE, MAX_MESSAGE_CHARS, clean_text


@pytest.mark.parametrize(
    "message",
    [
        "I want to kill myself",
        "i'm thinking about suicide",
        "sucidal",
        "I can’t go on",
        "i cant go on",
        "I want to die",
        "I've been cutting myself",
        "I'm scared I'll hurt my baby",
        "I took too many pills",
        "i think i overdosed",
        "everyone would be better off without me",
        "I don't want to live anymore",
        "quiero morirme",
        "tengo miedo de hacerle daño a mi bebé",
        "I'm not safe",
    ],
)
def test_danger_is_recognised(message):
    assert assess(message).outcome == "danger"


@pytest.mark.parametrize("message", ["no puedo más", "i cant do this anymore", "whats the point"])
def test_distress_gets_the_gentle_question(message):
    assert assess(message).outcome == "possible"


@pytest.mark.parametrize(
    "message",
    [
        "Kaiser canceled my postpartum group last week",
        "91367",
        "stop",
        "my appointment ended early",
        "I need a therapist",
        "the end of the week",
        "my baby is sleeping",
        "I succeeded in calling them",
    ],
)
def test_ordinary_messages_are_not_danger(message):
    assert assess(message).outcome == "none"


@pytest.mark.parametrize(
    "message, care_type",
    [
        ("Kaiser canceled my postpartum group last week", "postpartum"),
        ("postpartm grp", "postpartum"),
        ("my follow up after the psych hospital", "post_discharge"),
        ("my psychiatrist", "psychiatry"),
        ("my meds appointment", "psychiatry"),
        ("eating disorder group", "group_therapy"),
        ("my son's therapist canceled", "child_teen"),
        ("therapy", "individual_therapy"),
        ("terapia", "individual_therapy"),
        ("Kaiser canceló mi grupo de posparto", "postpartum"),
        ("grupo de posparto", "postpartum"),
        ("psiquiatra", "psychiatry"),
        ("cita de seguimiento después del hospital", "post_discharge"),
        ("cita de seguimiento despues del hospital", "post_discharge"),
        ("grupo de trastornos alimenticios", "group_therapy"),
        ("me cancelaron la terapia de mi hijo", "child_teen"),
        ("something else", "other"),
        ("hello", None),
        ("91367", None),
    ],
)
def test_care_types_are_read_from_free_text(message, care_type):
    assert care_type_in(message) == care_type


def test_preferences_are_read_from_free_text():
    assert preferences_in("free and in spanish") == {"free", "spanish"}
    assert preferences_in("somewhere I can bring my baby") == {"baby_friendly"}
    assert preferences_in("no preference") == frozenset()
    assert preferences_in("pizza") is None


@pytest.mark.parametrize(
    "message, coverage",
    [
        ("tengo Medi-Cal", "medi_cal"),
        ("tengo medical", "medi_cal"),
        ("por mi trabajo", "job"),
        ("por el trabajo de mi esposo", "job"),
        ("Covered California", "covered_california"),
        ("tengo Medicare", "medicare"),
        ("no sé", "not_sure"),
    ],
)
def test_spanish_coverage_answers(message, coverage):
    assert coverage_in(message) == coverage


def test_spanish_preferences_and_dont_know_answers():
    assert preferences_in("gratis y en español") == {"free", "spanish"}
    assert preferences_in("donde pueda llevar a mi bebé") == {"baby_friendly"}
    assert preferences_in("en línea") == {"virtual"}
    assert preferences_in("no importa") == frozenset()
    assert says_unknown_date("no me acuerdo") and says_unknown_date("ni idea")
    assert says_anywhere("en cualquier lugar de California")


def test_dont_know_and_anywhere_answers():
    assert says_unknown_date("idk") and says_unknown_date("I don't remember")
    assert not says_unknown_date("last week")
    assert says_anywhere("anywhere in California") and not says_anywhere("Pasadena")


@pytest.mark.parametrize(
    "message, other",
    [
        ("Hola, necesito ayuda con mi cita", False),  # Spanish: the bot speaks it now
        ("我需要帮助", True),
        ("Tôi cần giúp đỡ", True),
        ("Мне нужна помощь", True),
        ("Kaiser canceled my therapy", False),
        ("no", False),
        ("😀😀", False),
        ("91367", False),
        ("Los Angeles", False),
        ("la jolla", False),
        ("see ya", False),
        ("yo", False),
        ("en español", False),
    ],
)
def test_other_languages_are_noticed(message, other):
    assert in_other_language(message) is other


def test_messy_input_is_cleaned_and_bounded():
    assert clean_text("  hi\x00\x07 there\x1b[31m ") == "hi there [31m"
    assert clean_text("") == EMPTY_MESSAGE and clean_text("   \n\t") == EMPTY_MESSAGE
    assert clean_text(None) == EMPTY_MESSAGE and clean_text(b"\xff") == EMPTY_MESSAGE
    assert len(clean_text("x" * 100_000)) == MAX_MESSAGE_CHARS
    assert clean_text("<script>alert(1)</script>") == "<script>alert(1)</script>"  # text, escaped by channels


@pytest.mark.parametrize(
    "message, stages",
    [
        ("I'm pregnant and my therapist canceled", {"pregnant"}),
        ("estoy embarazada", {"pregnant"}),
        ("I had my baby in October", {"postpartum"}),
        ("my postpartum group was canceled", {"postpartum"}),
        ("pregnant again with a newborn at home", {"pregnant", "postpartum"}),
        ("my therapy was canceled", set()),
    ],
)
def test_a_perinatal_stage_is_read_from_free_text(message, stages):
    """Issue 13: the stage decides whether a program for pregnant people only, or after a birth only, fits."""
    assert perinatal_stages_in(message) == stages
