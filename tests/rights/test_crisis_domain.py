"""The crisis replies as domain responses: written from facts.yml, up to date, short enough for SMS."""

import math

import pytest
import yaml

from bot.rights.crisis_domain import DOMAIN_FILE, SMS_CHANNEL, domain_responses, render

# The GSM 03.38 basic character set: any other character sends the whole text as UCS-2, 70 characters
# a segment instead of 160.
GSM_7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ!\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


def sms_segments(text: str) -> int:
    if set(text) <= GSM_7:
        return 1 if len(text) <= 160 else math.ceil(len(text) / 153)
    return 1 if len(text) <= 70 else math.ceil(len(text) / 67)


def test_the_committed_domain_file_is_what_facts_yml_gives():
    assert DOMAIN_FILE.read_text(encoding="utf-8") == render(), "run `python -m bot.rights.crisis_domain`"
    assert yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["responses"] == domain_responses()


@pytest.mark.parametrize(
    "variation", [v for v in domain_responses()["utter_crisis"] if v.get("channel") == SMS_CHANNEL]
)
def test_every_sms_crisis_reply_fits_in_two_segments_with_every_number(variation):
    text = variation["text"]
    assert sms_segments(text) <= 2, (len(text), text)
    assert "911" in text and "988" in text and "1-833-852-6262" in text


def test_every_crisis_reply_has_a_variation_for_each_language_urgency_and_channel():
    variations = domain_responses()["utter_crisis"]
    conditioned = {
        (tuple(sorted((c["name"], c["value"]) for c in v["condition"])), v.get("channel"))
        for v in variations
        if "condition" in v
    }
    assert len(conditioned) == 2 * 2 * 2
    assert sum("condition" not in v for v in variations) == 2  # a default for SMS and for the rest


@pytest.mark.parametrize("name", ["utter_safety_check", "utter_try_again", "utter_default"])
def test_the_safety_net_replies_give_988_in_both_languages(name):
    texts = [v["text"] for v in domain_responses()[name]]
    assert all("988" in text for text in texts)
    assert any("llame" in text.lower() for text in texts)
