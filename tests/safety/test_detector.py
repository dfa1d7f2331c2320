"""assess(): the lexicon's own examples, the training examples, the language, odd input."""

from typing import FrozenSet, List, Tuple

import pytest

from bot.safety import Assessment, assess
from bot.safety.data import LANGUAGES, OUTCOMES, load_lexicon, training_examples
from bot.safety.language import language_of
from bot.safety.metrics import AT_LEAST_POSSIBLE, DANGER_ONLY

NONE_OR_POSSIBLE = frozenset({"none", "possible"})
# The outcomes that are right for each labelled outcome (a gentle question on a none row is no alarm).
ACCEPTED = {"danger": DANGER_ONLY, "possible": AT_LEAST_POSSIBLE, "none": NONE_OR_POSSIBLE}
LEXICON_GROUPS = {"danger": "danger", "possible": "possible", "guards": "none"}


def _lexicon_examples() -> List[Tuple[str, str, str]]:
    lexicon = load_lexicon()
    return [
        (group, entry["id"], text)
        for group in LEXICON_GROUPS
        for entry in lexicon[group]
        for text in entry.get("examples") or ()
    ]


@pytest.mark.parametrize(
    "group, rule, text",
    _lexicon_examples(),
    ids=[f"{group}:{rule}:{text}" for group, rule, text in _lexicon_examples()],
)
def test_lexicon_example(group: str, rule: str, text: str) -> None:
    accepted: FrozenSet[str] = ACCEPTED[LEXICON_GROUPS[group]]
    assessment = assess(text)
    assert assessment.outcome in accepted, "\n".join(assessment.reasons)


def _misclassified(examples) -> List[str]:
    lines = []
    for example in examples:
        assessment = assess(example.text)
        if assessment.outcome not in ACCEPTED[example.outcome]:
            lines.append(
                f"{example.source}: expected {example.outcome}/{example.category}, got "
                f"{assessment.outcome}/{assessment.category}: {example.text!r} "
                f"[{'; '.join(assessment.reasons)}]"
            )
    return lines


# The classifier is regularised and most training rows were written apart from the lexicon, so it
# does not learn every row by heart; this floor catches a broken lexicon or model, and the failure
# lists the rows staff may want to cover with a phrase.
TRAINING_FIT = 0.95


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("outcome", OUTCOMES)
def test_the_detector_classifies_its_training_rows_as_labelled(language: str, outcome: str) -> None:
    rows = [example for example in training_examples() if (example.language, example.outcome) == (language, outcome)]
    failures = _misclassified(rows)
    assert len(failures) <= (1 - TRAINING_FIT) * len(rows), (
        f"{len(failures)} of {len(rows)} training rows are misclassified:\n" + "\n".join(failures)
    )


SMS_LANGUAGES = {
    "es": [
        "hola necesito una cita para mi bebe",
        "ya no kiero vivir",
        "kiero hablar con alguien x favor",
        "mi esposo me pega y tengo miedo",
        "cancelaron mi grupo de posparto, q hago?",
        "no tengo seguro, hay algo gratis cerca de mi",
    ],
    "en": [
        "hi i need an appt for my baby",
        "i dont want to live anymore",
        "u got anything near 91367 thats free",
        "my therapist canceled again, what do i do",
        "im so tired of this waitlist lol",
        "kms",
    ],
}


@pytest.mark.parametrize(
    "language, text", [(language, text) for language, texts in SMS_LANGUAGES.items() for text in texts]
)
def test_the_language_of_an_sms_is_recognised(language: str, text: str) -> None:
    assert language_of(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "i want to die " * 715,  # 10,010 characters
        "x" * 10_000,
        bytes(range(256)).decode("latin-1") * 4,
        "\x00\x01\ufffd\udcff",
        "😭😭😭🔪💊",
        "<script>alert('kill myself')</script>",
        "'; DROP TABLE users; -- ",
        "1 OR 1=1; SELECT * FROM patients WHERE name = '' --",
    ],
    ids=[
        "empty",
        "blank",
        "10k-words",
        "10k-one-word",
        "binary",
        "control-and-surrogate",
        "emoji",
        "script",
        "sql-drop",
        "sql-select",
    ],
)
def test_assess_never_raises(text: str) -> None:
    assessment = assess(text)
    assert isinstance(assessment, Assessment)
    assert assessment.outcome in OUTCOMES
    assert 0.0 <= assessment.danger_probability <= 1.0
