"""Write the safety net's replies from facts.yml (`crisis:`) as Rasa domain responses.

Rules speak these responses, so crisis help, the gentle question and the "try again" reply reach the
patient even when the action server is down, while every phone number still comes from facts.yml.
`make` runs `python -m bot.rights.crisis_domain` whenever facts.yml changes; a test checks that the
committed bot/domain/crisis.yml is what this module writes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Dict, List

from bot.catalog import DEFAULT_LANGUAGE, LANGUAGES, say
from bot.domain_file import domain_text, write_if_changed
from bot.rights.facts import Facts, load_facts

DOMAIN_FILE = Path(__file__).resolve().parents[1] / "domain" / "crisis.yml"
# The output channel whose replies are texts (bot/channels/sms_turn.py names it so).
SMS_CHANNEL = "twilio"
# Slots the NLU fills from the detector's entities (bot/domain/safety.yml).
LANGUAGE_SLOT = "safety_language"
URGENCY_SLOT = "safety_urgency"
URGENCIES = ("crisis", "emergency")
# The safety net's responses: the rules, the policy and the action guard name them from here.
CRISIS_RESPONSE = "utter_crisis"
CHECK_RESPONSE = "utter_safety_check"
CHECK_NO_RESPONSE = "utter_safety_check_no"
TRY_AGAIN_RESPONSE = "utter_try_again"
FALLBACK_RESPONSE = "utter_default"  # Rasa's own default fallback says utter_default
# Response name → catalog key (said from facts.yml `crisis:`) in the message's language.
SIMPLE_RESPONSES = {
    CHECK_RESPONSE: "crisis.check",
    CHECK_NO_RESPONSE: "crisis.check_no",
    TRY_AGAIN_RESPONSE: "crisis.try_again",
    FALLBACK_RESPONSE: "crisis.lost_track",
}
HEADER = (
    "# Written by `python -m bot.rights.crisis_domain` from bot/content/facts.yml (crisis:). Do not\n"
    "# edit: change facts.yml, then run `make train` (or the command above).\n"
)


def _condition(**slots: str) -> List[Dict[str, str]]:
    return [{"type": "slot", "name": name, "value": value} for name, value in slots.items()]


def _crisis_variations(facts: Facts) -> List[Dict[str, Any]]:
    variations: List[Dict[str, Any]] = []
    for channel, key in ((SMS_CHANNEL, "sms"), (None, "web")):
        for urgency in URGENCIES:
            for lang in LANGUAGES:
                variation: Dict[str, Any] = {
                    "condition": _condition(**{LANGUAGE_SLOT: lang, URGENCY_SLOT: urgency}),
                    "text": say(f"crisis.{urgency}.{key}", lang, facts=facts).text,
                }
                if channel:
                    variation["channel"] = channel
                variations.append(variation)
        default = {"text": say(f"crisis.crisis.{key}", DEFAULT_LANGUAGE, facts=facts).text}
        variations.append({**default, "channel": channel} if channel else default)
    return variations


def _language_variations(facts: Facts, key: str) -> List[Dict[str, Any]]:
    return [
        {"condition": _condition(**{LANGUAGE_SLOT: lang}), "text": say(key, lang, facts=facts).text}
        for lang in LANGUAGES
    ] + [{"text": say(key, DEFAULT_LANGUAGE, facts=facts).text}]


def domain_responses(facts: Facts | None = None) -> Dict[str, List[Dict[str, Any]]]:
    """Every safety-net response, with its language, urgency and SMS variations."""
    facts = facts or load_facts()
    responses = {CRISIS_RESPONSE: _crisis_variations(facts)}
    responses.update({name: _language_variations(facts, key) for name, key in SIMPLE_RESPONSES.items()})
    return responses


def render(facts: Facts | None = None) -> str:
    return domain_text(HEADER, domain_responses(facts))


def main() -> int:
    return write_if_changed(DOMAIN_FILE, render())


if __name__ == "__main__":
    sys.exit(main())
