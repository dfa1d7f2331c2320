"""The content files agree with each other and with the code's vocabulary."""

import re
from pathlib import Path

import yaml

from bot.catalog import BUTTONS, catalog, section
from bot.wording import load_content
from providers.vocabulary import CARE_TYPES, PREFERENCE_CODES, PREFERENCES

REPO = Path(__file__).resolve().parents[2]
PHONE_LIKE = re.compile(r"(?<![\d-])(?:1-)?\d{3}-\d{3}-\d{4}(?![\d-])|(?<!\d)(?:911|988|2-1-1|741741)(?!\d)")


def _facts_text() -> str:
    return (REPO / "bot" / "content" / "facts.yml").read_text(encoding="utf-8")


def test_every_phone_number_the_bot_says_outside_facts_yml_is_in_facts_yml():
    facts = _facts_text()
    spoken = [REPO / "bot" / "content" / "catalog.yml"]
    spoken += sorted((REPO / "bot" / "domain").glob("*.yml"))
    for path in spoken:
        for number in PHONE_LIKE.findall(path.read_text(encoding="utf-8")):
            assert number in facts, f"{path.name} says {number}, which bot/content/facts.yml does not list"


def test_no_python_module_holds_a_phone_number_or_a_law():
    for path in list((REPO / "actions").glob("*.py")) + list((REPO / "bot").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert not PHONE_LIKE.search(source), path
        assert "§" not in source and "HSC " not in source, path


def test_word_lists_cover_exactly_the_directory_vocabulary():
    understanding = load_content("understanding.yml")
    assert set(understanding["care_types"]) == set(CARE_TYPES)
    assert set(understanding["preferences"]) - {"none"} == set(PREFERENCES)
    reasons = {name.removeprefix("reasons.") for name, _ in section("matches") if name.startswith("reasons.")}
    assert {f"care:{care}" for care in CARE_TYPES} <= set(reasons)
    assert set(PREFERENCE_CODES.values()) <= set(reasons)


def test_button_payloads_name_real_intents_and_values():
    domain_intents = set()
    for path in (REPO / "bot" / "domain").glob("*.yml"):
        domain_intents |= set(yaml.safe_load(path.read_text()).get("intents", []))
    for button in catalog()[BUTTONS].values():
        payload = button["payload"]
        if payload.startswith("/"):
            assert payload[1:].split("{")[0] in domain_intents, payload
        value = re.search(r'": "(\w+)"', payload)
        if value:
            assert value.group(1) in set(CARE_TYPES) | set(PREFERENCES), payload
