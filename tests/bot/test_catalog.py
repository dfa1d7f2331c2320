"""The message catalog (bot/content/catalog.yml): complete, consistent, and every key the code uses
is in it. Read through bot/catalog.py only."""

import ast
import asyncio
import re
import string
from pathlib import Path
from typing import Any, Iterator, Tuple

import pytest
import yaml

import actions.care  # noqa: F401  (the questions: subclasses of AskForSlot)
import actions.complaints  # noqa: F401
import actions.resources  # noqa: F401
from actions.asking import AskForSlot
from actions.resources import DIRECTORY_DOWN
from bot.catalog import (
    BUTTON_SETS,
    BUTTONS,
    CATALOG_PATH,
    DEFAULT_LANGUAGE,
    FACTS,
    LANGUAGES,
    SMS,
    buttons,
    catalog,
    entries,
    entry,
    say,
)
from bot.catalog_domain import DOMAIN_FILE, domain_responses, render
from bot.dialogue.interruptions import SIDE_QUESTIONS
from bot.rights.crisis_domain import SIMPLE_RESPONSES, SMS_CHANNEL
from bot.rights.dates import WhenProblem
from bot.rights.facts import load_facts

REPO = Path(__file__).resolve().parents[2]
CODE = sorted([*REPO.glob("actions/*.py"), *REPO.glob("bot/**/*.py")])
# Functions whose argument is a catalog key: (name, position of the key, prefix the function adds).
KEY_READERS = {"say": None, "catalog_say": (0, ""), "_label": (0, "matches."), "_text": (1, "")}


def _placeholders(text: str) -> set:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _texts(found) -> Iterator[Tuple[str, str, str]]:
    """(variant, language, text) of an entry: the plain texts and its SMS ones."""
    for variant, texts in (("", found), (SMS, found.get(SMS) or {})):
        for lang in LANGUAGES:
            if lang in texts:
                yield variant, lang, texts[lang]


def _nodes(node: Any, path: str = "") -> Iterator[Tuple[str, Any]]:
    for name, child in node.items():
        if not path and name in (BUTTONS, BUTTON_SETS):
            continue
        key = f"{path}{name}"
        if isinstance(child, dict) and not set(child) & {*LANGUAGES, SMS, FACTS}:
            yield from _nodes(child, f"{key}.")
        else:
            yield key, child


@pytest.mark.parametrize("key,node", list(_nodes(catalog())))
def test_every_key_is_a_message_with_english(key, node):
    if isinstance(node, dict) and FACTS in node:  # a group of facts.yml texts, each checked by facts.py
        assert set(node) == {FACTS} and list(load_facts().texts_under(node[FACTS])), key
        return
    assert isinstance(node, dict) and isinstance(node.get(DEFAULT_LANGUAGE), str), key
    assert set(node) <= {*LANGUAGES, SMS, "buttons"}, key
    assert set(node.get(SMS, {})) <= set(LANGUAGES) and DEFAULT_LANGUAGE in node.get(SMS, {DEFAULT_LANGUAGE: ""})


@pytest.mark.parametrize("key,found", list(entries()))
def test_every_message_and_its_sms_variant_is_written_in_both_languages(key, found):
    assert all(isinstance(found.get(lang), str) for lang in LANGUAGES), key
    if isinstance(found.get(SMS), dict):
        assert set(found[SMS]) == set(LANGUAGES), key


@pytest.mark.parametrize("name,button", list(catalog()[BUTTONS].items()))
def test_every_button_is_titled_in_both_languages(name, button):
    assert all(isinstance(button.get(lang), str) and button[lang] for lang in LANGUAGES), name


@pytest.mark.parametrize("key,found", list(entries()))
def test_every_translation_and_sms_text_has_the_placeholders_of_the_english(key, found):
    english = _placeholders(found[DEFAULT_LANGUAGE])
    for variant, lang, text in _texts(found):
        assert _placeholders(text) == english, (key, variant, lang)


def test_button_sets_name_buttons_that_exist_and_every_button_is_in_a_set():
    known, sets = catalog()[BUTTONS], catalog()[BUTTON_SETS]
    for name, members in sets.items():
        assert members and set(members) <= set(known), name
    assert set(known) == {member for members in sets.values() for member in members}
    for name, button in known.items():
        assert button["payload"] and button[DEFAULT_LANGUAGE], name
    used = {found["buttons"] for _, found in entries() if "buttons" in found}
    assert used == set(sets)


def _key_arguments() -> Iterator[Tuple[Path, str, ast.expr]]:
    for path in CODE:
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in KEY_READERS:
                reader = KEY_READERS[call.func.id]
                # actions' say(dispatcher, tracker, key) or the catalog's say(key, …)
                position, prefix = reader or ((2, "") if len(call.args) >= 3 else (0, ""))
                # a key passed on from a parameter is checked where it is written
                if len(call.args) > position and not isinstance(call.args[position], ast.Name):
                    yield path, prefix, call.args[position]


def _patterns(prefix: str, argument: ast.expr) -> Iterator[str]:
    """The key, or for an f-string a pattern of the keys it may make ("ask_{self.slot}" → ask_\\w+)."""
    if isinstance(argument, ast.IfExp):
        yield from _patterns(prefix, argument.body)
        yield from _patterns(prefix, argument.orelse)
    elif isinstance(argument, ast.Constant):
        yield re.escape(prefix + argument.value)
    else:
        assert isinstance(argument, ast.JoinedStr), ast.dump(argument)
        parts = [re.escape(part.value) if isinstance(part, ast.Constant) else r"[\w:]+" for part in argument.values]
        yield re.escape(prefix) + "".join(parts)


def test_every_key_the_code_reads_is_in_the_catalog():
    keys = {key for key, _ in entries()}
    read = [(path, pattern) for path, prefix, argument in _key_arguments() for pattern in _patterns(prefix, argument)]
    assert len(read) > 30  # the scan finds the code's reads
    missing = [(path.name, pattern) for path, pattern in read if not any(re.fullmatch(pattern, key) for key in keys)]
    assert not missing


def test_every_key_the_code_names_in_a_constant_is_in_the_catalog():
    for key in [DIRECTORY_DOWN, *SIDE_QUESTIONS.values(), *SIMPLE_RESPONSES.values()]:
        assert entry(key)[DEFAULT_LANGUAGE], key


def test_facts_yml_texts_are_said_through_the_catalog_in_each_language():
    facts = load_facts()
    assert say("complaints.steps", "es").text == facts.text("complaints.say.steps", "es")
    assert say("crisis.crisis.sms", "en").text == facts.text("crisis.crisis.sms", "en")
    assert say("formats.pair", "es", first="a", second="b").text == "a y b"
    assert entry("coverage.not_sure") == dict(facts.texts_under("coverage.say.not_sure"))[""]
    assert "coverage.medi_cal" in dict(entries()) and "timely_access" not in dict(entries())
    with pytest.raises(KeyError):
        say("complaints.no_such_text")


@pytest.mark.parametrize("asker", AskForSlot.__subclasses__(), ids=lambda asker: asker.slot)
def test_every_question_has_its_three_ways_of_asking(asker):
    for stage in ("ask", "reask", "choices"):
        assert entry(f"{stage}_{asker.slot}")


def test_every_problem_a_validator_notes_has_a_message():
    codes = {problem.value for problem in WhenProblem}
    for path in REPO.glob("actions/*.py"):
        codes |= set(re.findall(r'answer_not_understood\(\s*tracker, "\w+", "(\w+)"', path.read_text()))
    assert {"unknown_place", "similar_places", "future"} <= codes
    for code in codes:
        assert entry(f"problem_{code}"), code


def test_say_gives_the_language_asked_english_while_untranslated_and_the_sms_variant(monkeypatch):
    spanish = next(key for key, found in entries() if "es" in found and not _placeholders(found["en"]))
    assert say(spanish, "es").text == entry(spanish)["es"] != say(spanish, "en").text
    monkeypatch.setitem(catalog(), "utter_untranslated", {"en": "Hi"})  # a staff edit not translated yet
    assert say("utter_untranslated", "es").text == say("utter_untranslated", "en").text == "Hi"
    assert say("sms.choice", "en", number=2, title="Free").text == "Reply 2 for Free"
    asked = say("ask_care_type", "es")
    assert [button["payload"] for button in asked.buttons] == [b["payload"] for b in buttons("care_types")]
    assert say("ask_care_type", "en", SMS).text == say("ask_care_type", "en").text  # no SMS variant: the same
    with pytest.raises(KeyError):
        say("no_such_message")


def test_an_sms_variant_is_said_on_sms_in_its_language(monkeypatch):
    shorter = {"en": "Hi {name}", "es": "Hola {name}", SMS: {"en": "Hi", "es": "Hola"}}
    monkeypatch.setitem(catalog(), "greeting_for_test", shorter)
    assert say("greeting_for_test", "es", SMS).text == "Hola"
    assert say("greeting_for_test", "es", name="Ana").text == "Hola Ana"
    assert say("greeting_for_test", "fr", SMS).text == "Hi"  # an unknown language: English


def test_the_committed_responses_file_is_what_the_catalog_gives():
    assert DOMAIN_FILE.read_text(encoding="utf-8") == render(), "run `python -m bot.catalog_domain`"
    responses = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["responses"]
    assert responses == domain_responses()
    assert {"utter_greet", "utter_help", "utter_out_of_scope", "utter_conversation_deleted"} <= set(responses)


def test_rule_responses_have_english_by_default_and_a_language_condition_for_spanish(monkeypatch):
    monkeypatch.setitem(catalog(), "utter_test", {"en": "Hi", "es": "Hola", "buttons": "not_sure", SMS: {"en": "Hey"}})
    variations = domain_responses()["utter_test"]
    by_channel = {(v.get("channel"), tuple(c["value"] for c in v.get("condition", []))): v for v in variations}
    assert by_channel[(None, ())]["text"] == "Hi" and by_channel[(None, ("es",))]["text"] == "Hola"
    assert by_channel[(SMS_CHANNEL, ())]["text"] == "Hey"
    assert by_channel[(SMS_CHANNEL, ("es",))]["text"] == "Hola"  # Spanish before a shorter English
    for variation in variations:
        language = "es" if variation.get("condition") else "en"
        assert variation["buttons"] == buttons("not_sure", language)


def test_no_domain_file_but_the_generated_ones_holds_a_response():
    generated = {DOMAIN_FILE.name, "crisis.yml"}
    for path in (REPO / "bot" / "domain").glob("*.yml"):
        if path.name not in generated:
            assert "responses" not in yaml.safe_load(path.read_text(encoding="utf-8")), path.name
    assert CATALOG_PATH.parent == REPO / "bot" / "content"


@pytest.mark.parametrize(
    "language,channel,said",
    [("en", "rest", "Hi"), ("es", "rest", "Hola"), ("en", SMS_CHANNEL, "Hey"), ("es", SMS_CHANNEL, "Hola")],
)
def test_rasa_says_the_generated_response_in_the_language_slots_language(monkeypatch, language, channel, said):
    """Rasa's own response selection (no action server) over what bot/catalog_domain.py writes."""
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.slots import CategoricalSlot
    from rasa.shared.core.trackers import DialogueStateTracker

    monkeypatch.setitem(catalog(), "utter_test", {"en": "Hi", "es": "Hola", SMS: {"en": "Hey"}})
    slot = CategoricalSlot("language", mappings=[{}], values=list(LANGUAGES), initial_value=language)
    tracker = DialogueStateTracker("test", [slot])
    reply = asyncio.run(TemplatedNaturalLanguageGenerator(domain_responses()).generate("utter_test", tracker, channel))
    assert reply["text"] == said
