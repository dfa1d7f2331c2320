"""What an SMS text is billed as (bot/channels/sms_segments.py), per GSM 03.38 and UCS-2."""

import pytest

from bot.channels.sms_segments import GSM_7, UCS_2, capacity, encoding, length, segments


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Reply 1 for Free", GSM_7),
        ("¿Qué? ¡Ya! año, niño, è, ü, Ñ", GSM_7),  # in the GSM-7 alphabet
        ("Responda 1 para más información", UCS_2),  # á, ó are not
        ("Thanks 🙏", UCS_2),
    ],
)
def test_a_text_goes_in_gsm_7_only_when_every_character_is_in_its_alphabet(text, kind):
    assert encoding(text) == kind


@pytest.mark.parametrize(
    "text, billed",
    [
        ("x" * 160, 1),
        ("x" * 161, 2),
        ("x" * 306, 2),
        ("x" * 307, 3),
        ("€" * 80, 1),  # an extension character counts twice
        ("€" * 81, 2),
        ("á" * 70, 1),
        ("á" * 71, 2),
        ("á" * 134, 2),
        ("á" * 135, 3),
    ],
)
def test_segments_follow_the_single_and_multi_part_sizes(text, billed):
    assert segments(text) == billed


def test_lengths_and_capacities_in_each_encoding():
    assert length("€x") == 3 and length("áx") == 2
    assert [capacity(GSM_7, 1), capacity(GSM_7, 2), capacity(UCS_2, 1), capacity(UCS_2, 5)] == [160, 306, 70, 335]
