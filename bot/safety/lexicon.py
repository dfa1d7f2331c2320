"""The curated layer: danger phrases, possible-danger phrases and guards of `lexicon.yml`.

Patterns are compiled once into regular expressions over normalised text (see the pattern language
at the top of lexicon.yml). A word nobody spells that way ("sucide", "overdoze", "kisiera") is read
as the closest lexicon word with rapidfuzz; words of an English or Spanish dictionary are never
"corrected", so "overdone" stays "overdone".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, FrozenSet, Iterable, List, Optional, Pattern, Tuple

from rapidfuzz import fuzz, process

from bot.safety.data import DANGER_CATEGORIES, load_lexicon
from bot.safety.language import dictionary
from bot.safety.normalize import words

GAP = "..."
START = "^"
END = "$"
MAX_GAP_WORDS = 3
# How close a misspelt word must be to a lexicon word (rapidfuzz ratio, 0-100), and how long.
TYPO_SCORE = 87
TYPO_MIN_LENGTH = 5
_LETTERS = re.compile(r"^[a-z]+$")
# A pattern's elements: a parenthesised group of phrases (optionally followed by "?"), or a word.
_GROUP_OR_WORD = re.compile(r"\([^()]*\)\??|\S+")


@dataclass(frozen=True)
class Rule:
    """One lexicon entry: its id, what it means, and its compiled patterns."""

    id: str
    group: str  # "danger", "possible" or "guard"
    category: str  # danger category, "possible", or the guard's kind
    patterns: Tuple[str, ...]  # as written in lexicon.yml
    cancels: FrozenSet[str]  # for guards: the danger categories it may cancel
    unguarded: bool = False  # for danger phrases: no guard cancels it (a relapse "tonight")


@dataclass(frozen=True)
class Hit:
    """A rule that matched, and where in the normalised text."""

    rule: Rule
    start: int
    end: int
    phrase: str


def _word_regex(word: str) -> str:
    if word.startswith("\\"):
        return word
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"[a-z0-9]*"
    return re.escape(word)


def _term_regex(term: str, families: Dict[str, List[str]]) -> str:
    alternatives: List[str] = []
    if term.startswith("(") and term.endswith(")"):
        term = term[1:-1]
    for option in term.split("|"):
        if option.startswith("@"):
            alternatives.extend(families[option[1:]])
        else:
            alternatives.append(option)
    phrases = sorted(
        {" ".join(_word_regex(word) for word in option.split()) for option in alternatives}, key=len, reverse=True
    )
    return "(?:" + "|".join(phrases) + r")(?![a-z0-9])"


def _first_words(pattern: str, families: Dict[str, List[str]]) -> List[str]:
    """The words a match of `pattern` can start with (a trailing * marks a prefix)."""
    elements = [element for element in _GROUP_OR_WORD.findall(pattern) if element != START]
    first = elements[0].rstrip("?").strip("()")
    options = [
        member
        for option in first.split("|")
        for member in (families[option[1:]] if option.startswith("@") else [option])
    ]
    return [option.split()[0] for option in options]


def compile_pattern(pattern: str, families: Dict[str, List[str]]) -> Pattern[str]:
    """A lexicon pattern as a regular expression over normalised text."""
    parts: List[str] = []
    for element in _GROUP_OR_WORD.findall(pattern):
        if element == END:
            parts.append("$")
        elif element == START and not parts:
            parts.append("^")
        elif element == GAP:
            parts.append(rf"(?: [a-z0-9]+){{0,{MAX_GAP_WORDS}}}")
        elif element.endswith("?") and parts:
            parts.append(f"(?: {_term_regex(element[:-1], families)})?")
        else:  # a first element is never optional
            parts.append((" " if parts else "") + _term_regex(element.rstrip("?"), families))
    return re.compile(r"(?<![a-z0-9])" + "".join(parts).replace("^ ", "^", 1))


def _family_table() -> Dict[str, List[str]]:
    return {name: [str(member) for member in members] for name, members in load_lexicon()["families"].items()}


def _rules(group: str, entries: Iterable[dict], families: Dict[str, List[str]]) -> List[Rule]:
    return [
        Rule(
            id=entry["id"],
            group=group,
            category=entry.get("category") or entry.get("kind") or "possible",
            patterns=tuple(entry["patterns"]),
            cancels=frozenset(entry.get("cancels") or DANGER_CATEGORIES),
            unguarded=bool(entry.get("unguarded")),
        )
        for entry in entries
    ]


@lru_cache(maxsize=1)
def rules() -> Tuple[Rule, ...]:
    lexicon, families = load_lexicon(), _family_table()
    return tuple(
        _rules("danger", lexicon["danger"], families)
        + _rules("possible", lexicon["possible"], families)
        + _rules("guard", lexicon["guards"], families)
    )


@dataclass(frozen=True)
class _Index:
    """Each compiled pattern filed under the words it can start with, so that a pattern is only tried
    where one of them stands in the message (a long message stays fast)."""

    by_word: Dict[str, List[Tuple[Rule, Pattern[str]]]]
    by_prefix: List[Tuple[str, Rule, Pattern[str]]]

    def starts(self, read: str) -> List[Tuple[Rule, Pattern[str], int]]:
        """Each pattern that may match, with each place in `read` where its first word stands."""
        positions: Dict[str, List[int]] = {}
        offset = 0
        for word in read.split(" "):
            positions.setdefault(word, []).append(offset)
            offset += len(word) + 1
        found = [
            (rule, pattern, start)
            for word, starts in positions.items()
            for rule, pattern in self.by_word.get(word, ())
            for start in starts
        ]
        found += [
            (rule, pattern, start)
            for prefix, rule, pattern in self.by_prefix
            for word, starts in positions.items()
            if word.startswith(prefix)
            for start in starts
        ]
        return found


@lru_cache(maxsize=1)
def _index() -> _Index:
    families = _family_table()
    by_word: Dict[str, List[Tuple[Rule, Pattern[str]]]] = {}
    by_prefix: List[Tuple[str, Rule, Pattern[str]]] = []
    for rule in rules():
        for written in rule.patterns:
            compiled = compile_pattern(written, families)
            for first in set(_first_words(written, families)):
                if first.endswith("*") or first.startswith("\\"):
                    by_prefix.append((first.rstrip("*") if first.endswith("*") else "", rule, compiled))
                else:
                    by_word.setdefault(first, []).append((rule, compiled))
    return _Index(by_word, by_prefix)


@lru_cache(maxsize=1)
def _vocabulary() -> Tuple[str, ...]:
    """Every plain word the lexicon's patterns and families use (the targets of typo correction)."""
    lexicon = load_lexicon()
    texts = [member for members in lexicon["families"].values() for member in map(str, members)]
    texts += [
        pattern
        for group in ("danger", "possible", "guards")
        for entry in lexicon[group]
        for pattern in entry["patterns"]
    ]
    found = set()
    for text in texts:
        for option in re.split(r"[\s|()]+", text):
            option = option.rstrip("?*")
            if _LETTERS.match(option) and len(option) >= TYPO_MIN_LENGTH - 1:
                found.add(option)
    return tuple(sorted(found))


@lru_cache(maxsize=1)
def _dictionary() -> FrozenSet[str]:
    return dictionary("en") | dictionary("es")


# Spanish pronouns written onto a verb ("quejarme", "dejarlo", "decirselo"): the bare verb is the word.
_CLITICS = re.compile(r"(?:(?:me|te|se|nos)(?:lo|la|los|las|le|les)?|lo|la|los|las|le|les|nos)$")


def _known(word: str) -> bool:
    """A word of either dictionary, also with Spanish pronouns attached (never "corrected")."""
    dictionary = _dictionary()
    return word in dictionary or _CLITICS.sub("", word) in dictionary


@lru_cache(maxsize=20_000)
def corrected(word: str) -> str:
    """`word`, or the lexicon word it is a misspelling of."""
    vocabulary = _vocabulary()
    if len(word) < TYPO_MIN_LENGTH - 1 or not _LETTERS.match(word) or word in vocabulary or _known(word):
        return word
    candidates = [re.sub(r"(.)\1+", r"\1", word)]
    if word.startswith("k") and word[1:2] in ("i", "e"):
        candidates.append("qu" + word[1:])  # Spanish typed phonetically: "kiero", "kisiera"
    for candidate in candidates:
        if candidate in vocabulary:
            return candidate
    if len(word) < TYPO_MIN_LENGTH:
        return word
    for candidate in (word, *candidates):
        best: Optional[tuple] = process.extractOne(candidate, vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE)
        if best and best[0][0] == candidate[0]:
            return best[0]
    return word


@lru_cache(maxsize=512)  # the detector, the classifier and its features read the same message
def reading(text: str) -> str:
    """The text as the lexicon reads it: normalised, misspellings corrected."""
    return " ".join(corrected(word) for word in words(text))


@lru_cache(maxsize=512)
def _hits(read: str) -> Tuple[Hit, ...]:
    matches = ((rule, pattern.match(read, start)) for rule, pattern, start in _index().starts(read))
    return tuple(Hit(rule, match.start(), match.end(), match.group(0)) for rule, match in matches if match)


def find(text: str) -> List[Hit]:
    """Every lexicon entry that matches the message, with its span in `reading(text)`."""
    return list(_hits(reading(text)))


def features(text: str) -> List[str]:
    """What the lexicon found, as classifier features: each guard that matched, the category of each
    danger or possible-danger phrase, and whether a guard came with a danger phrase. The classifier
    learns how far to trust each of them from the training rows; most of those rows were written
    apart from the lexicon, so it does not learn to trust the lexicon blindly."""
    hits = find(text)
    found = {f"guard:{name}" for hit in hits if hit.rule.group == "guard" for name in (hit.rule.id, hit.rule.category)}
    if found and any(hit.rule.group == "danger" for hit in hits):
        found.add("guard:danger")
    found.update(f"{hit.rule.group}:{hit.rule.category}" for hit in hits if hit.rule.group != "guard")
    return sorted(found)
