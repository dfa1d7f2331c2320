"""Which language a patient writes in: the bot's own (English, Spanish), another one, or can't tell.

A naive Bayes model over character n-grams, trained when first used on the project's own training
examples, labelled by folder (data/nlu/*.yml English, data/nlu/es/*.yml Spanish): it reads accents,
SMS spellings and typos the way patients write them. bot/content/languages.yml says when to trust
it. Place names and numbers are set aside first, since "Pico Rivera" or "Los Angeles" look Spanish
in any sentence, and short answers ("si", "ok", "91367") say nothing about the language: those keep
the conversation's language (None).
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import Pipeline, make_pipeline

from bot.catalog import BUTTONS, catalog
from bot.textclean import fold
from bot.wording import load_content
from providers.geo import without_place_names

OTHER = "other"  # a language the bot does not speak
NLU_DATA = Path(__file__).resolve().parents[2] / "data" / "nlu"
SPANISH_DATA = NLU_DATA / "es"
_WORD = re.compile(r"[^\W\d_]+")
_EDGES = " \t.,;:!?¡¿\"'()"
_SPOKEN_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzáéíóúüñ")
_EXAMPLE = re.compile(r"^\s*-\s+(.+)$", re.MULTILINE)
_ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")


@dataclass(frozen=True)
class Detected:
    """The language of one message: "en", "es", OTHER or None (keep the conversation's), and how sure."""

    language: Optional[str]
    confidence: float = 0.0
    switch_request: bool = False  # the whole message asks for the language ("español", "in English")


def _settings() -> dict:
    return load_content("languages.yml")


def training_examples(folder: Path) -> List[str]:
    """The intent examples of every NLU file directly in `folder`, entity annotations removed."""
    examples: List[str] = []
    for path in sorted(folder.glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in block:
                examples += [_ANNOTATION.sub(r"\1\2", line) for line in _EXAMPLE.findall(block["examples"])]
    return examples


def train(labelled: List[Tuple[str, str]]) -> Pipeline:
    """A language model from (text, language) pairs: character 1–4-grams inside words, naive Bayes."""
    model = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), lowercase=True, sublinear_tf=True),
        MultinomialNB(alpha=0.1),
    )
    texts, labels = zip(*labelled)
    return model.fit(list(texts), list(labels))


@lru_cache(maxsize=1)
def _examples() -> Dict[str, List[str]]:
    return {"en": training_examples(NLU_DATA), "es": training_examples(SPANISH_DATA)}


@lru_cache(maxsize=1)
def _model() -> Pipeline:
    return train([(text, lang) for lang, texts in _examples().items() for text in texts])


@lru_cache(maxsize=1)
def _vocabulary() -> Dict[str, frozenset]:
    """The words of each language's examples (folded): a guess needs one of them in the message, so
    that letters typed at random ("zzzz qqq") never switch the conversation's language."""
    return {lang: frozenset(_WORD.findall(fold(" ".join(texts)))) for lang, texts in _examples().items()}


def prepare() -> None:
    """Train the model and load the place names when the server starts, not on a patient's message."""
    _model()
    _vocabulary()
    without_place_names("")


@lru_cache(maxsize=1)
def _switch_phrases() -> Dict[str, str]:
    return {fold(phrase): lang for lang, phrases in _settings()["switch_requests"].items() for phrase in phrases}


def switch_request(text: str) -> Optional[str]:
    """ "es" for "ESPAÑOL" or "en español", "en" for "in English": a whole message asking for a language."""
    return _switch_phrases().get(" ".join(fold(text).strip(_EDGES).split()))


@lru_cache(maxsize=1)
def _button_answers() -> frozenset:
    """What the bot's own buttons send as text ("not sure", "two weeks ago"): a tap on "No sé" in a
    Spanish conversation says nothing about the patient's language."""
    payloads = (button["payload"] for button in catalog()[BUTTONS].values())
    return frozenset(fold(payload) for payload in payloads if not payload.startswith("/"))


def _letter_shares(text: str) -> Tuple[float, float]:
    """Shares of the letters outside the Latin alphabet, and outside English and Spanish letters."""
    letters = [char for char in text.lower() if char.isalpha()]
    if not letters:
        return 0.0, 0.0
    non_latin = sum(1 for char in letters if "LATIN" not in unicodedata.name(char, ""))
    foreign = sum(1 for char in letters if char not in _SPOKEN_LETTERS)
    return non_latin / len(letters), foreign / len(letters)


def detect(text: str) -> Detected:
    """The language of `text`, when it says enough to tell; see the module's docstring."""
    settings = _settings()
    requested = switch_request(text)
    if requested:
        return Detected(requested, 1.0, switch_request=True)
    if fold(text).strip(_EDGES) in _button_answers():
        return Detected(None)
    non_latin, foreign = _letter_shares(text)
    if non_latin >= settings["non_latin_share"] or foreign >= settings["foreign_letter_share"]:
        return Detected(OTHER, 1.0)
    words = _WORD.findall(without_place_names(text))
    if len(words) < settings["min_words"]:
        one_word = len(words) == 1 and fold(words[0]) in settings["one_word_spanish"]
        return Detected("es", 1.0) if one_word else Detected(None)
    model = _model()
    probabilities = dict(zip(model.classes_, model.predict_proba([" ".join(words)])[0]))
    best = max(probabilities, key=probabilities.get)
    sure = float(probabilities[best])
    known = any(fold(word) in _vocabulary()[best] for word in words)
    return Detected(best, sure) if sure >= settings["confidence"] and known else Detected(None, sure)


def in_other_language(text: str) -> bool:
    """True for a message in a language the bot does not speak (not English nor Spanish)."""
    return detect(text).language == OTHER
