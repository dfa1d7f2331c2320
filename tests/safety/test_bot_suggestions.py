"""What the bot itself tells patients to type ("not sure", "nada todavía", "empezar de nuevo") never
gets the crisis reply or the gentle safety question: a patient who follows the bot's own advice must
not be asked whether they want to end their life."""

import re

import pytest

from bot.catalog import LANGUAGES, entries
from bot.safety import assess

_QUOTED = re.compile(r'"([^"{}]{2,60})"')
SUGGESTIONS = sorted(
    {(lang, said) for _, found in entries() for lang in LANGUAGES for said in _QUOTED.findall(found.get(lang) or "")}
)


def test_the_catalog_suggests_answers_in_both_languages():
    assert {lang for lang, _ in SUGGESTIONS} == set(LANGUAGES) and len(SUGGESTIONS) > 40


@pytest.mark.parametrize("lang, suggested", SUGGESTIONS)
def test_a_suggested_answer_is_no_danger(lang, suggested):
    assert assess(suggested).outcome == "none", (lang, suggested)
