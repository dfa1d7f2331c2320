"""The interrupting intents are listed once (bot/dialogue/interruptions.py): the rules, the test
stories, the actions and the domain all agree with that list."""

from pathlib import Path
from typing import Any, Dict, Iterator, List, Set

import yaml

from bot.catalog import entry
from bot.dialogue.interruptions import CRISIS, INTERRUPTIONS, LEAVING, SIDE_QUESTIONS

REPO = Path(__file__).resolve().parents[2]
ANSWER = "action_answer_interruption"


def _yaml(path: Path) -> Dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _domain() -> Dict[str, Set[str]]:
    merged: Dict[str, Set[str]] = {"intents": set(), "actions": set(), "responses": set(), "forms": set()}
    for path in (REPO / "bot" / "domain").glob("*.yml"):
        for part, names in merged.items():
            names |= set(_yaml(path).get(part) or [])
    return merged


def _step_intents(step: Dict[str, Any]) -> Set[str]:
    if "intent" in step:
        return {step["intent"]}
    return {intent for choice in step.get("or", []) for intent in _step_intents(choice)}


def _interrupted(rules: List[Dict[str, Any]]) -> Iterator[tuple]:
    """(form, intents, the action that answers them) for each rule that runs inside a form."""
    for rule in rules:
        forms = [c["active_loop"] for c in rule.get("condition", []) if c.get("active_loop")]
        steps = rule["steps"]
        if forms and len(steps) > 1:
            yield forms[0], frozenset(_step_intents(steps[0])), steps[1].get("action")


def test_every_form_answers_exactly_the_side_questions_then_crisis_help_then_asks_again():
    rules = list(_interrupted(_yaml(REPO / "data" / "rules" / "interruptions.yml")["rules"]))
    for form in _domain()["forms"]:
        assert (form, frozenset(SIDE_QUESTIONS), ANSWER) in rules, form
        assert (form, frozenset({CRISIS}), "utter_crisis") in rules, form
    answered = {intent for _, intents, action in rules if action == ANSWER for intent in intents}
    assert answered == set(SIDE_QUESTIONS)
    handled = {intent for _, intents, _ in rules for intent in intents}
    assert handled <= INTERRUPTIONS


def test_the_test_stories_interrupt_only_with_listed_side_questions():
    interrupting = set()
    for path in (REPO / "tests" / "stories").glob("*.yml"):
        for story in _yaml(path).get("stories", []):
            steps = story["steps"]
            for step, following in zip(steps, steps[1:]):
                if following.get("action") == ANSWER:
                    interrupting |= _step_intents(step)
    assert interrupting and interrupting <= set(SIDE_QUESTIONS)


def test_every_interruption_is_a_domain_intent_with_a_reply_or_a_rule():
    domain = _domain()
    assert INTERRUPTIONS <= domain["intents"]
    assert ANSWER in domain["actions"]
    for key in SIDE_QUESTIONS.values():
        assert key in domain["responses"] if key.startswith("utter_") else entry(key), key
    assert set(LEAVING) <= domain["intents"]


def test_no_action_module_keeps_its_own_list():
    """The actions read the list from bot/dialogue/interruptions.py, never a copy of it."""
    for path in (REPO / "actions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert '"bot_challenge"' not in source and '"other_language"' not in source, path.name
    assert "INTERRUPTIONS" in (REPO / "actions" / "asking.py").read_text(encoding="utf-8")
    assert "SIDE_QUESTIONS" in (REPO / "actions" / "dialogue.py").read_text(encoding="utf-8")
